/**
 * secret/docker-hub: Docker Hub personal and organization access tokens
 * (`dckr_pat_…`, `dckr_oat_…`) and the credentials `docker login` writes to
 * `~/.docker/config.json` when no credential helper is configured: `"auth"`
 * (base64 `user:password`) and `"identitytoken"`.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { decodeBasicCredentials, isStandInPassword } from '../../server/src/engine/secrets/formats';
import { isPlaceholder } from '../../server/src/engine/secrets/values';

export const dockerHub = secretRule({
  id: 'secret/docker-hub',
  title: 'Hard-coded Docker registry credential',
  rotateUrl: 'https://docs.docker.com/security/for-developers/access-tokens/',
  detectors: [
    {
      name: 'personal-access-token',
      title: 'Docker Hub personal access token',
      keywords: ['dckr_pat_'],
      pattern: /(?<![A-Za-z0-9_-])dckr_pat_[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'DOCKERHUB_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['dckr_pat_UBTdwmKledfFUoauOVPYoC-aIax', 'echo "dckr_pat_p0T13XGPLvzoibG8RF3n2QhPaVV" | docker login -u kestrelbot --password-stdin'],
        negative: ['dckr_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxx', 'dckr_pat_UBTdwmKledfFUoauOVPY', 'dckr_pat_${DOCKERHUB_TOKEN}'],
      },
    },
    {
      name: 'organization-access-token',
      title: 'Docker Hub organization access token',
      keywords: ['dckr_oat_'],
      pattern: /(?<![A-Za-z0-9_-])dckr_oat_[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'DOCKERHUB_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['dckr_oat_KeAblOkMMIk1K5pMdAXTrMjVljnNTtoU'],
        negative: ['dckr_oat_KeAblOkMMIk1K5pMd', 'dckr_oat_<organization-token>'],
      },
    },
    {
      name: 'config-auth',
      title: 'registry credentials (docker config.json "auth", base64 user:password)',
      // Docker writes "auth" only inside "auths"; gating on it keeps other JSON out.
      keywords: ['auths'],
      pattern: /\\?"auth\\?"[ \t]{0,4}:[ \t]{0,4}\\?"(?<secret>[A-Za-z0-9+/]{8,684}={0,2})\\?"/g,
      verify: (blob) => {
        const creds = decodeBasicCredentials(blob);
        return creds && creds.password.length >= 6 && !isPlaceholder(creds.password) && !isStandInPassword(creds.password) ? 'plausible' : 'reject';
      },
      envName: 'DOCKER_AUTH',
      samples: __NHI_SAMPLES__ && {
        positive: ['{"auths": {"registry.kestrel.dev": {"auth": "a2VzdHJlbGJvdDpBdWNCcHhlN09XM2VMNENIenowYQ=="}}}'],
        // user:password, not base64 of a pair, empty.
        negative: ['"auth": "dXNlcjpwYXNzd29yZA=="', '"auth": "bE5Ma2lRajczSWNxZnpqaQ=="', '"auth": ""'],
      },
    },
    {
      name: 'config-identity-token',
      title: 'registry identity token (docker config.json "identitytoken")',
      keywords: ['identitytoken'],
      pattern: /\\?"identitytoken\\?"[ \t]{0,4}:[ \t]{0,4}\\?"(?<secret>[A-Za-z0-9._~+/=-]{20,4096})\\?"/gi,
      minEntropy: 3.5,
      envName: 'DOCKER_IDENTITY_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['"identitytoken": "wwhvdh1y9gzV1ngIgYutXo9RDd1BoY6SOuR00xB0oBqL4jlgukuWMzj8J0c9AdYi"'],
        negative: ['"identitytoken": ""', '"identitytoken": "${REGISTRY_IDENTITY_TOKEN}"'],
      },
    },
  ],
});
