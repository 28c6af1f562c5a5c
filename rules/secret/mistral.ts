/**
 * secret/mistral: Mistral AI API keys: 32 random alphanumerics with no prefix,
 * reported only next to the word "mistral".
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedAlphanumeric } from './_ai-messaging';

export const mistral = secretRule({
  id: 'secret/mistral',
  title: 'Hard-coded Mistral AI API key',
  rotateUrl: 'https://console.mistral.ai/api-keys',
  detectors: [
    {
      name: 'api-key',
      title: 'Mistral AI API key',
      keywords: ['mistral'],
      pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9]{32}(?![A-Za-z0-9_-])/g,
      context: /mistral/i,
      minEntropy: 3.8,
      verify: mixedAlphanumeric,
      envName: 'MISTRAL_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['MISTRAL_API_KEY=7CPPnEjKHbJ0alyoZgR8aOcoBrGGOOfx', 'client = Mistral(api_key="wXMHdxw7Eh0mDF1H9h1rIq3HB5Ba6sKH")'],
        negative: [
          'wXMHdxw7Eh0mDF1H9h1rIq3HB5Ba6sKH',
          'mistral-7b-instruct.Q4_K_M.gguf md5 3277997558e036d3920f1f82bfc865a6',
          'MISTRAL_API_KEY=${MISTRAL_API_KEY}',
        ],
      },
    },
  ],
});
