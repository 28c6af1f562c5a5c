/**
 * secret/postmark: Postmark server and account API tokens. Both are UUIDs, so
 * they are reported only where the line or the one above names Postmark and a
 * token, client or header (`X-Postmark-Server-Token`); message ids and other
 * UUIDs next to the word "postmark" are not.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const postmark = secretRule({
  id: 'secret/postmark',
  title: 'Hard-coded Postmark API token',
  rotateUrl: 'https://postmarkapp.com/support/article/1008-what-are-the-account-and-server-api-tokens',
  detectors: [
    {
      name: 'account-token',
      title: 'Postmark account API token',
      keywords: ['postmark'],
      pattern: /(?<![A-Za-z0-9_-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![A-Za-z0-9_-])/g,
      context: /postmark[\s\S]{0,160}?account[\s\S]{0,40}?(?:token|client|key)|account[_ -]?(?:api[_ -]?)?token[\s\S]{0,160}?postmark/i,
      minEntropy: 3,
      envName: 'POSTMARK_ACCOUNT_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['POSTMARK_ACCOUNT_TOKEN=bd1193ab-5889-4369-a453-6c8c9930a898', 'X-Postmark-Account-Token: f1abfec2-17b8-4d01-a56a-814a5612da18'],
        negative: ['POSTMARK_ACCOUNT_ID=bd1193ab-5889-4369-a453-6c8c9930a898', 'POSTMARK_ACCOUNT_TOKEN=00000000-0000-0000-0000-000000000000'],
      },
    },
    {
      name: 'server-token',
      title: 'Postmark server API token',
      keywords: ['postmark'],
      pattern: /(?<![A-Za-z0-9_-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![A-Za-z0-9_-])/g,
      context: /postmark[\s\S]{0,160}?(?:token|client|api[_-]?key)|(?:token|client|api[_-]?key)[\s\S]{0,160}?postmark/i,
      minEntropy: 3,
      envName: 'POSTMARK_SERVER_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['POSTMARK_SERVER_TOKEN=6f877742-2903-49ac-a51e-06c36f04c17f', 'const client = new postmark.ServerClient("bd1193ab-5889-4369-a453-6c8c9930a898");'],
        negative: [
          'postmark message id 6f877742-2903-49ac-a51e-06c36f04c17f delivered',
          'POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST',
          'SERVER_TOKEN=6f877742-2903-49ac-a51e-06c36f04c17f',
        ],
      },
    },
  ],
});
