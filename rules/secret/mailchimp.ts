/**
 * secret/mailchimp: Mailchimp Marketing API keys, 32 hex + `-us` + the data
 * centre number. The data-centre suffix makes the shape distinctive on its own.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_ai-messaging';

export const mailchimp = secretRule({
  id: 'secret/mailchimp',
  title: 'Hard-coded Mailchimp API key',
  rotateUrl: 'https://mailchimp.com/help/about-api-keys/',
  detectors: [
    {
      name: 'api-key',
      title: 'Mailchimp API key',
      keywords: ['-us'],
      pattern: /(?<![A-Za-z0-9_-])[a-f0-9]{32}-us[0-9]{1,2}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.2,
      verify: (key) => lettersAndDigits(key.slice(0, 32)),
      envName: 'MAILCHIMP_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['e0fc1ef0b60bb5ff38d2ba400ea9a01e-us14', 'MAILCHIMP_API_KEY=d0b10cc9d7b49c0a72c9c96fffcc5d0a-us6'],
        negative: [
          '00000000000000000000000000000000-us1',
          'MAILCHIMP_API_KEY=<your-key>-us6',
          'https://us6.api.mailchimp.com/3.0/lists/e0fc1ef0b6',
          'e0fc1ef0b60bb5ff38d2ba400ea9a01e-usage',
        ],
      },
    },
  ],
});
