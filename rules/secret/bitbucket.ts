/**
 * secret/bitbucket: Bitbucket Cloud app passwords (`ATBB…`), repository /
 * project / workspace access tokens (`ATCTT3xFfGN0…`), and OAuth consumer
 * secrets, which have no prefix and are only reported next to the word
 * "bitbucket".
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { isHashOrUuid } from '../../server/src/engine/secrets/values';

export const bitbucket = secretRule({
  id: 'secret/bitbucket',
  title: 'Hard-coded Bitbucket credential',
  rotateUrl: 'https://support.atlassian.com/bitbucket-cloud/docs/using-access-tokens/',
  detectors: [
    {
      name: 'app-password',
      title: 'Bitbucket app password',
      keywords: ['atbb'],
      // 24 characters and an 8-digit upper-case hex tail (a CRC32, per CredSweeper; not checked here: unconfirmed on a real password).
      pattern: /(?<![A-Za-z0-9_-])ATBB[A-Za-z0-9]{24}[A-F0-9]{8}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'BITBUCKET_APP_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['ATBB1nrrKgY5POiQ1Zu851BAfDvHEA7E31B5', 'https://kestrel-ci:ATBBQasXMADTRQm8VBu6uDdNKhJu341B05CB@bitbucket.org/kestrel/api.git'],
        negative: ['ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'ATBB1nrrKgY5POiQ1Zu851BAfDvHEA7E', 'CATBB1nrrKgY5POiQ1Zu851BAfDvHEA7E31B5', 'ATBB1nrrKgY5POiQ1Zu851BAfDvHqz7kRw2m'],
      },
    },
    {
      name: 'access-token',
      title: 'Bitbucket repository/project/workspace access token',
      keywords: ['atctt3xffgn0'],
      pattern: /(?<![A-Za-z0-9_-])ATCTT3xFfGN0[A-Za-z0-9_=-]{100,260}=[0-9A-F]{8}(?![A-Za-z0-9_=-])/g,
      minEntropy: 4,
      envName: 'BITBUCKET_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: [
          'ATCTT3xFfGN0oyGAZMRr8Mt-pc8shte_oeQrk3kzOWwp1bXzPjQguqkyXemJOeMjquLpxV8mZ024vVOANCRQGzmA3dtC4TZJlrlW_0hXpfW1m0Loq_XRm2uJ8mboKw2kezuHcPHkoauAMeOhdapzeCh1FtMRoJbPsc7zMP54oWTI=9100BE9F',
        ],
        negative: ['ATCTT3xFfGN0<repository-access-token>', 'ATCTT3xFfGN0oyGAZMRr8Mt-pc8shte_oeQrk3kzOWwp1bXzPjQguqkyXemJOeMjquLp'],
      },
    },
    {
      name: 'oauth-consumer-secret',
      title: 'Bitbucket OAuth consumer secret',
      keywords: ['bitbucket'],
      // The key names the secret (bitbucket…secret); the value is 32 base62 characters.
      pattern: /bitbucket[A-Za-z0-9_.-]{0,30}secret\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9_-])/gi,
      minEntropy: 3.5,
      // An MD5 digest next to the word is a checksum, not a secret.
      verify: (secret) => (isHashOrUuid(secret) ? 'reject' : 'plausible'),
      envName: 'BITBUCKET_CLIENT_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['BITBUCKET_CLIENT_SECRET=CMKBHwu3WINNrbrPE9bZ7H3z4asFZjpS', 'bitbucket_oauth_secret: "J8W7Gk30ODzN0KTo69k5jlwukxZZgXiS"'],
        negative: ['BITBUCKET_CLIENT_SECRET=${BITBUCKET_CLIENT_SECRET}', 'BITBUCKET_CLIENT_ID=2dpKlf7qtpFgel7iLdJ8W7Gk30ODzN0K', 'bitbucket_secret: 9e107d9d372bb6826bd81d3542a419d6'],
      },
    },
  ],
});
