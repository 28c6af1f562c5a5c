/**
 * secret/heroku: Heroku API keys — the current `HRKU-AA…` format, and the
 * legacy UUID-shaped keys, reported only when assigned to a Heroku key/token
 * name or stored as the `api.heroku.com` password in `.netrc` (where the
 * Heroku CLI keeps it). App ids and other UUIDs near the word "heroku" are not
 * keys.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const heroku = secretRule({
  id: 'secret/heroku',
  title: 'Hard-coded Heroku API key',
  rotateUrl: 'https://devcenter.heroku.com/articles/authentication#api-token-storage',
  detectors: [
    {
      name: 'api-key',
      title: 'Heroku API key',
      keywords: ['hrku-aa'],
      pattern: /(?<![A-Za-z0-9_-])HRKU-AA[0-9A-Za-z_-]{58}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      envName: 'HEROKU_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['HRKU-AA5tMn1vP2DM3jKOrkpufSOYcNewmH0wjAg580LcrPPtPMQJc1zPsDXFsW9s', 'HEROKU_API_KEY=HRKU-AAmPl4lt_ckA3RGJ9RtaJj6bvEZGVVTtmr0z56AP0Lt9vRguSmg5ihSWv4b1'],
        negative: ['HRKU-AA<your-api-key>', 'HRKU-AA5tMn1vP2DM3jKOrkpufSOYcNewmH0wjAg', 'HRKU-AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
      },
    },
    {
      name: 'netrc-password',
      title: 'Heroku API key (.netrc)',
      keywords: ['heroku.com'],
      pattern:
        /machine[ \t]{1,10}(?:api|git)\.heroku\.com[\s\S]{0,200}?password[ \t]{1,10}(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|HRKU-AA[0-9A-Za-z_-]{58})(?![A-Za-z0-9_-])/g,
      envName: 'HEROKU_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['machine api.heroku.com\n  login ops@ledger.io\n  password c2b494bc-a84b-495c-8de8-f7286173a392'],
        negative: ['machine api.github.com\n  login ops@ledger.io\n  password c2b494bc-a84b-495c-8de8-f7286173a392'],
      },
    },
    {
      name: 'legacy-api-key',
      title: 'Heroku API key (legacy format)',
      keywords: ['heroku'],
      pattern:
        /heroku[\w.-]{0,30}?(?:api[_-]?key|api[_-]?token|auth[_-]?token|token|key|secret|password)\\?["']?[ \t]{0,5}(?:=>|[:=,])[ \t]{0,5}\\?["']?(?<secret>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![A-Za-z0-9_-])/gi,
      envName: 'HEROKU_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['HEROKU_API_KEY=c2b494bc-a84b-495c-8de8-f7286173a392', 'heroku_token: dbbda660-ff90-45a2-9e01-9e5767cf21d8'],
        negative: ['HEROKU_APP_ID=c2b494bc-a84b-495c-8de8-f7286173a392', 'https://kolkrabbi.heroku.com/apps/dbbda660-ff90-45a2-9e01-9e5767cf21d8/github/push', 'HEROKU_API_KEY=00000000-0000-0000-0000-000000000000'],
      },
    },
  ],
});
