/**
 * secret/npm-token: npm access tokens (`npm_…`, CRC32 checksum like GitHub's)
 * and the credentials `.npmrc` and `.yarnrc.yml` hold for any registry:
 * `_authToken`, `_auth` (base64 `user:password`), `_password` (base64), and
 * Yarn's `npmAuthToken` / `npmAuthIdent`. `${NPM_TOKEN}` references are not
 * reported.
 */
import { prefixedCrc32Valid } from '../../server/src/engine/secrets/checksums';
import { secretRule, type Verdict } from '../../server/src/engine/secrets/detector';
import { decodeBase64Loose, decodeBasicCredentials, isStandInPassword } from '../../server/src/engine/secrets/formats';
import { isPlaceholder, isReference } from '../../server/src/engine/secrets/values';

/** A password that is visibly a stand-in is not worth a finding. */
function realPassword(password: string): boolean {
  return password.length >= 6 && !isPlaceholder(password) && !isReference(password) && !isStandInPassword(password);
}

export const npmToken = secretRule({
  id: 'secret/npm-token',
  title: 'Hard-coded npm registry credential',
  rotateUrl: 'https://docs.npmjs.com/revoking-access-tokens',
  detectors: [
    {
      name: 'access-token',
      title: 'npm access token',
      keywords: ['npm_'],
      pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
      verify: (token): Verdict => (prefixedCrc32Valid(token) ? 'checksum-valid' : 'checksum-invalid'),
      envName: 'NPM_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['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'],
        negative: ['npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'npm_0bzoZTIiTlYOHk16ZaC2epDp3f', 'run_npm_0bzoZTIiTlYOHk16ZaC2epDp3fp1PN2rPefl'],
      },
    },
    {
      name: 'npmrc-auth-token',
      title: 'registry auth token (.npmrc _authToken)',
      keywords: ['_authtoken'],
      // `//registry.npmjs.org/:_authToken=…` or a bare `_authToken=…`; any registry's token format.
      pattern: /_authToken[ \t]{0,4}=[ \t]{0,4}\\?["']?(?<secret>[A-Za-z0-9._~+/=-]{16,2048})(?![A-Za-z0-9._~+/=-])/g,
      minEntropy: 3,
      envName: 'NPM_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['//registry.npmjs.org/:_authToken=3d4cd93e-766a-43be-abd8-0a83014d73bd', '//npm.kestrel.dev/repository/npm-private/:_authToken=NpmToken.9b30379a-43af-4e76-9cab-e6b9fb9a8d25'],
        negative: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', '//registry.npmjs.org/:_authToken=00000000-0000-0000-0000-000000000000', '_authToken=<your-npm-token-here>'],
      },
    },
    {
      name: 'npmrc-basic-auth',
      title: 'registry credentials (.npmrc _auth, base64 user:password)',
      keywords: ['_auth'],
      pattern: /(?<![A-Za-z0-9])_auth[ \t]{0,4}=[ \t]{0,4}\\?["']?(?<secret>[A-Za-z0-9+/]{8,684}={0,2})(?![A-Za-z0-9+/=])/g,
      verify: (blob) => {
        const creds = decodeBasicCredentials(blob);
        return creds && realPassword(creds.password) ? 'plausible' : 'reject';
      },
      envName: 'NPM_AUTH',
      samples: __NHI_SAMPLES__ && {
        positive: ['//npm.kestrel.dev/:_auth=a2VzdHJlbC1jaTpkWjFKZlZqaERGSjNIaVkxdUg=', '_auth = "a2VzdHJlbC1jaTpVTENUenRXdGV5SXJjWE9qTTA="'],
        // user:changeme, a value without a colon, and a reference.
        negative: ['_auth=dXNlcjpjaGFuZ2VtZQ==', '_auth=b3I0SU9yVmFtYkgyMUdVbg==', '_auth=${NPM_AUTH}'],
      },
    },
    {
      name: 'npmrc-password',
      title: 'registry password (.npmrc _password, base64)',
      keywords: ['_password'],
      pattern: /(?<![A-Za-z0-9])_password[ \t]{0,4}=[ \t]{0,4}\\?["']?(?<secret>[A-Za-z0-9+/]{8,684}={0,2})(?![A-Za-z0-9+/=])/g,
      verify: (blob) => {
        const bytes = decodeBase64Loose(blob);
        const text = bytes?.toString('latin1') ?? '';
        return /^[\x21-\x7e]+$/.test(text) && realPassword(text) ? 'plausible' : 'reject';
      },
      envName: 'NPM_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['//npm.kestrel.dev/repository/npm-group/:_password=WnpUOEtOZW9ZVXR5dmsyRg=='],
        // base64 of "changeme", not base64 at all, and a reference.
        negative: ['//npm.kestrel.dev/:_password=Y2hhbmdlbWU=', '_password=${NPM_PASS}', '_password=%%%%%%%%'],
      },
    },
    {
      name: 'yarn-auth-token',
      title: 'registry auth token (.yarnrc.yml npmAuthToken)',
      keywords: ['npmauthtoken'],
      pattern: /npmAuthToken\\?["']?[ \t]{0,4}:[ \t]{0,4}\\?["']?(?<secret>[A-Za-z0-9._~+/=-]{16,2048})(?![A-Za-z0-9._~+/=-])/g,
      minEntropy: 3,
      envName: 'YARN_NPM_AUTH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['npmAuthToken: "798371e4-34f5-4bc4-80e3-30a27526ca7b"'],
        negative: ['npmAuthToken: "${YARN_NPM_AUTH_TOKEN}"', 'npmAuthToken: "${NPM_TOKEN:-}"'],
      },
    },
    {
      name: 'yarn-auth-ident',
      title: 'registry credentials (.yarnrc.yml npmAuthIdent user:password)',
      keywords: ['npmauthident'],
      pattern: /npmAuthIdent\\?["']?[ \t]{0,4}:[ \t]{0,4}\\?["']?(?<secret>[A-Za-z0-9._@-]{1,100}:[^\s"':$\\]{6,200})(?=["'\s\\]|$)/g,
      verify: (ident) => (realPassword(ident.slice(ident.indexOf(':') + 1)) ? 'plausible' : 'reject'),
      envName: 'YARN_NPM_AUTH_IDENT',
      samples: __NHI_SAMPLES__ && {
        positive: ['npmAuthIdent: "kestrel-ci:q5IwyeIBcmQgOpFphFwQ"'],
        negative: ['npmAuthIdent: "${YARN_NPM_AUTH_IDENT}"', 'npmAuthIdent: "deploy:changeme"'],
      },
    },
  ],
});
