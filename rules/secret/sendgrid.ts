/** secret/sendgrid: SendGrid API keys, `SG.` + 22 + `.` + 43 base64url characters. */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedAlphanumeric } from './_ai-messaging';

export const sendgrid = secretRule({
  id: 'secret/sendgrid',
  title: 'Hard-coded SendGrid API key',
  rotateUrl: 'https://app.sendgrid.com/settings/api_keys',
  detectors: [
    {
      name: 'api-key',
      title: 'SendGrid API key',
      keywords: ['sg.'],
      pattern: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_.-])/g,
      minEntropy: 4,
      verify: mixedAlphanumeric,
      envName: 'SENDGRID_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['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', 'SENDGRID_API_KEY=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'],
        negative: [
          'SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'SG.pBac4SKn0aRTNbDBoN3sWj',
          'SENDGRID_API_KEY=SG.your_sendgrid_api_key',
        ],
      },
    },
  ],
});
