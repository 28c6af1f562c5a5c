/**
 * secret/github-token: GitHub personal access tokens (classic and fine-grained),
 * OAuth, user-to-server, server-to-server (app installation) and refresh tokens.
 * The classic formats carry a CRC32 checksum: a valid one makes a finding
 * certain, a failing one lowers it to a warning (likely a made-up test value).
 */
import { prefixedCrc32Valid } from '../../server/src/engine/secrets/checksums';
import { secretRule, type Detector, type Verdict } from '../../server/src/engine/secrets/detector';

const checksum = (token: string): Verdict => (prefixedCrc32Valid(token) ? 'checksum-valid' : 'checksum-invalid');

/** `gh?_` + 36 base62 characters, not part of a longer token. */
function classic(prefix: string, name: string, title: string, positive: string | false, envName = 'GITHUB_TOKEN'): Detector {
  return {
    name,
    title,
    keywords: [prefix],
    pattern: new RegExp(`(?<![A-Za-z0-9_])${prefix}[A-Za-z0-9]{36}(?![A-Za-z0-9_])`, 'g'),
    verify: checksum,
    envName,
    samples: __NHI_SAMPLES__ && positive !== false && {
      positive: [positive],
      negative: [`${prefix}${'x'.repeat(36)}`, `${prefix}${positive.slice(4, 30)}`, `my${prefix}${positive.slice(4)}extra`],
    },
  };
}

export const githubToken = secretRule({
  id: 'secret/github-token',
  title: 'Hard-coded GitHub token',
  rotateUrl: 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/token-expiration-and-revocation',
  detectors: [
    {
      name: 'fine-grained-pat',
      title: 'GitHub fine-grained personal access token',
      keywords: ['github_pat_'],
      pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/g,
      minEntropy: 4,
      envName: 'GITHUB_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['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'],
        negative: ['github_pat_XXXXXXXXXXXXXXXXXXXXXX_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'github_pat_<your-token>'],
      },
    },
    classic('ghp_', 'classic-pat', 'GitHub personal access token (classic)', __NHI_SAMPLES__ && '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'),
    classic('gho_', 'oauth-token', 'GitHub OAuth access token', __NHI_SAMPLES__ && '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'),
    classic('ghu_', 'user-to-server-token', 'GitHub App user-to-server token', __NHI_SAMPLES__ && 'ghu_XUn4QEnCBbjKEBsFMbHlp8lYdldBAz0eezT2'),
    classic('ghs_', 'server-to-server-token', 'GitHub App installation (server-to-server) token', __NHI_SAMPLES__ && 'ghs_GEC7KZEYzfFhsxyG6QwqNTk1xNOB1q2LrhSt'),
    classic('ghr_', 'refresh-token', 'GitHub App refresh token', __NHI_SAMPLES__ && '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', 'GITHUB_REFRESH_TOKEN'),
  ],
});
