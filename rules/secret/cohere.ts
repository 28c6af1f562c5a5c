/**
 * secret/cohere: Cohere API keys. The key is 40 random alphanumerics with no
 * prefix, so it is reported only next to the word "cohere" (client
 * construction, COHERE_API_KEY / CO_API_KEY variables).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedAlphanumeric } from './_ai-messaging';

export const cohere = secretRule({
  id: 'secret/cohere',
  title: 'Hard-coded Cohere API key',
  rotateUrl: 'https://dashboard.cohere.com/api-keys',
  detectors: [
    {
      name: 'api-key',
      title: 'Cohere API key',
      keywords: ['cohere', 'co_api_key'],
      pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9]{40}(?![A-Za-z0-9_-])/g,
      context: /cohere|\bco_api_key/i,
      minEntropy: 4,
      verify: mixedAlphanumeric,
      envName: 'CO_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['co = cohere.ClientV2("AQbHATcJWJk5hLEBKQpsFgFTwfpMFbiYRyXBqh0q")', 'COHERE_API_KEY=Y0j7fUf0VNxqeDEHdqIr3e1qw1F8EcHFgf2zzVrt'],
        negative: [
          'Y0j7fUf0VNxqeDEHdqIr3e1qw1F8EcHFgf2zzVrt',
          'cohere @ git+https://github.com/cohere-ai/cohere-python@9fceb02d0ae598e95dc970b74767f19372d61af8',
          'COHERE_API_KEY=<paste-your-cohere-key-here>',
        ],
      },
    },
  ],
});
