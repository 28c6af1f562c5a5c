/**
 * secret/mailgun: Mailgun private API keys (legacy `key-` + 32 hex, and the
 * current 32-8-8 hex form) and HTTP webhook signing keys. The public validation
 * key (`pubkey-…`) is public by design and not reported. The hex shapes are
 * reported only next to the word "mailgun".
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_ai-messaging';

export const mailgun = secretRule({
  id: 'secret/mailgun',
  title: 'Hard-coded Mailgun API or webhook signing key',
  rotateUrl: 'https://app.mailgun.com/settings/api_security',
  detectors: [
    {
      name: 'private-api-key-legacy',
      title: 'Mailgun private API key',
      keywords: ['mailgun'],
      pattern: /(?<![A-Za-z0-9_-])key-[a-f0-9]{32}(?![A-Za-z0-9_-])/g,
      context: /mailgun/i,
      minEntropy: 3.2,
      verify: lettersAndDigits,
      envName: 'MAILGUN_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['MAILGUN_API_KEY=key-0d7a6e1f897c42c1954406f3fb8d943f', 'auth=("api", "key-0d7a6e1f897c42c1954406f3fb8d943f"),  # https://api.mailgun.net/v3'],
        negative: ['MAILGUN_PUBLIC_KEY=pubkey-c479712c761c8bb47d44a59fc3a3e3c8', 'MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'cache-key-0d7a6e1f897c42c1954406f3fb8d943f'],
      },
    },
    {
      name: 'webhook-signing-key',
      title: 'Mailgun webhook signing key',
      keywords: ['mailgun'],
      pattern: /(?<![A-Za-z0-9_-])[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}(?![A-Za-z0-9_-])/g,
      context: /mailgun[\s\S]{0,160}?(?:signing|webhook)|(?:signing|webhook)[\s\S]{0,160}?mailgun/i,
      minEntropy: 3.2,
      verify: lettersAndDigits,
      envName: 'MAILGUN_WEBHOOK_SIGNING_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['MAILGUN_WEBHOOK_SIGNING_KEY=23854947501d2c33a4f4068d63a09a7a-91074770-5b3e1983'],
        negative: ['MAILGUN_WEBHOOK_SIGNING_KEY=<signing-key>', 'WEBHOOK_SIGNING_KEY=23854947501d2c33a4f4068d63a09a7a-91074770-5b3e1983'],
      },
    },
    {
      name: 'private-api-key',
      title: 'Mailgun private API key',
      keywords: ['mailgun'],
      pattern: /(?<![A-Za-z0-9_-])[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}(?![A-Za-z0-9_-])/g,
      context: /mailgun/i,
      minEntropy: 3.2,
      verify: lettersAndDigits,
      envName: 'MAILGUN_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['MAILGUN_API_KEY=4327d6fdbca2866e4713d025767e70a6-ce9896fa-25180b63'],
        negative: ['MAILGUN_API_KEY=00000000000000000000000000000000-00000000-00000000', 'API_KEY=4327d6fdbca2866e4713d025767e70a6-ce9896fa-25180b63'],
      },
    },
  ],
});
