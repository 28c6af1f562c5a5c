/**
 * secret/circleci: CircleCI personal and project API tokens (`CCIPAT_…`,
 * `CCIPRJ_…`) and the legacy 40-hex tokens, which look like git SHAs and are
 * therefore only reported where a key or header names a CircleCI token.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const circleci = secretRule({
  id: 'secret/circleci',
  title: 'Hard-coded CircleCI token',
  rotateUrl: 'https://circleci.com/docs/managing-api-tokens/',
  detectors: [
    {
      name: 'personal-api-token',
      title: 'CircleCI personal API token',
      keywords: ['ccipat_'],
      pattern: /(?<![A-Za-z0-9_-])CCIPAT_[A-Za-z0-9]{22}_[0-9a-f]{40}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'CIRCLECI_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['CCIPAT_gbx3R7vNiXUH1YTbRYfBiM_2468620cbcc5828b465884c3a9cae6fb4677d1c4'],
        negative: ['CCIPAT_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'CCIPAT_gbx3R7vNiXUH1YTbRYfBiM_2468620cbcc5828b46588', 'CCIPAT_<token>'],
      },
    },
    {
      name: 'project-api-token',
      title: 'CircleCI project API token',
      keywords: ['cciprj_'],
      pattern: /(?<![A-Za-z0-9_-])CCIPRJ_[A-Za-z0-9]{22}_[0-9a-f]{40}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'CIRCLECI_PROJECT_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['CCIPRJ_hiL9hTzZPiqZdQU2kp1L5A_b15e4e370f9b61941d6b67f4c089fb14c4de3d5a'],
        negative: ['CCIPRJ_hiL9hTzZPiqZdQU2kp1L5A', 'XCCIPRJ_hiL9hTzZPiqZdQU2kp1L5A_b15e4e370f9b61941d6b67f4c089fb14c4de3d5a'],
      },
    },
    {
      name: 'legacy-api-token',
      title: 'CircleCI API token (legacy 40-hex format)',
      keywords: ['circle'],
      // `CIRCLE_TOKEN=…`, `circleci_api_key: …`, `Circle-Token: …` header, `?circle-token=…`.
      pattern: /circle[A-Za-z0-9_.-]{0,20}(?:token|api[_-]?key)\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?(?<secret>[0-9a-f]{40})(?![A-Za-z0-9])/gi,
      minEntropy: 3,
      envName: 'CIRCLECI_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['CIRCLE_TOKEN=72b3a644aa4f0a6b39a827d99e94bed294665f95', 'curl -H "Circle-Token: a49f64173f41ce14065ea328457e5affbd5cfb9e" https://circleci.com/api/v2/me'],
        negative: ['CIRCLE_SHA1=584e5eb2f103b73db3f168990f976a39f9f429b6', 'CIRCLE_TOKEN=${CIRCLE_TOKEN}', 'circle-token: 72b3a644aa4f0a6b39a827d99e94bed2'],
      },
    },
  ],
});
