/**
 * secret/twilio: Twilio auth tokens and API key secrets. Account SIDs (`AC…`)
 * and API key SIDs (`SK…`) are identifiers, like a user name: they are not
 * reported. The secrets have no prefix (32 hex / 32 alphanumerics), so a value
 * is reported only when its own line names it (auth / token / secret, or it is
 * an argument of `Client(`) and that line or the one above says "twilio" or
 * holds a Twilio SID (nested config: `account-sid: AC…` above `auth-token: …`).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits, mixedAlphanumeric } from './_ai-messaging';

export const twilio = secretRule({
  id: 'secret/twilio',
  title: 'Hard-coded Twilio auth token or API key secret',
  rotateUrl: 'https://www.twilio.com/docs/iam/api-keys',
  detectors: [
    {
      name: 'auth-token',
      title: 'Twilio auth token',
      keywords: ['twilio'],
      pattern: /(?:auth|token|client\()[^\n]{0,60}?(?<![A-Za-z0-9_-])(?<secret>[a-f0-9]{32})(?![A-Za-z0-9_-])/gi,
      context: /twilio|\bAC[0-9a-f]{32}\b/i,
      minEntropy: 3.2,
      verify: lettersAndDigits,
      envName: 'TWILIO_AUTH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['TWILIO_AUTH_TOKEN=9fd85e5b44a688d595d468b451a630d5', 'client = twilio.Client("AC14986de0a80e47a11b146635c491031e", "a7b50d10ec0cc0bb5d67237b102f3c4e")'],
        negative: [
          'TWILIO_ACCOUNT_SID=AC14986de0a80e47a11b146635c491031e',
          'TWILIO_API_KEY=SKa6b73b6f2890ee21f0f7ed2a63e2f41f',
          'TWILIO_SDK_WHEEL_MD5=3277997558e036d3920f1f82bfc865a6',
          'AUTH_TOKEN=9fd85e5b44a688d595d468b451a630d5',
        ],
      },
    },
    {
      name: 'api-key-secret',
      title: 'Twilio API key secret',
      keywords: ['twilio'],
      pattern: /(?:secret|client\()[^\n]{0,80}?(?<![A-Za-z0-9_-])(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9_-])/gi,
      context: /twilio|\b(?:AC|SK)[0-9a-f]{32}\b/i,
      minEntropy: 3.8,
      verify: mixedAlphanumeric,
      envName: 'TWILIO_API_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['TWILIO_API_SECRET=tqRAXOEUwq9kJjpNcXbvMGTGKr8EuOSC', 'twilio.rest.Client("SKa6b73b6f2890ee21f0f7ed2a63e2f41f", "Hk4TzW8qLr2NbV6cXj9PmD3sFa7GeY1u", account_sid)'],
        negative: [
          'TWILIO_API_SECRET=<api-key-secret>',
          'TWILIO_API_SECRET=twilioapisecretfromconsolesettings',
          'TWILIO_MESSAGING_SERVICE=tqRAXOEUwq9kJjpNcXbvMGTGKr8EuOSC',
          'API_SECRET=tqRAXOEUwq9kJjpNcXbvMGTGKr8EuOSC',
        ],
      },
    },
  ],
});
