/**
 * secret/deepseek: DeepSeek API keys, `sk-` + 32 lower-case hex. The shape is
 * shared by other OpenAI-compatible services, so it is reported only next to
 * the word "deepseek".
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_ai-messaging';

export const deepseek = secretRule({
  id: 'secret/deepseek',
  title: 'Hard-coded DeepSeek API key',
  rotateUrl: 'https://platform.deepseek.com/api_keys',
  detectors: [
    {
      name: 'api-key',
      title: 'DeepSeek API key',
      keywords: ['deepseek'],
      pattern: /(?<![A-Za-z0-9_-])sk-[a-f0-9]{32}(?![A-Za-z0-9_-])/g,
      context: /deepseek/i,
      minEntropy: 3.2,
      verify: lettersAndDigits,
      envName: 'DEEPSEEK_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['DEEPSEEK_API_KEY=sk-ba13a5f12b014280269917b4449d2732', 'client = OpenAI(api_key="sk-06087bde2830b1e663b550b9aa2ecb1e", base_url="https://api.deepseek.com")'],
        negative: [
          'OTHER_KEY=sk-ba13a5f12b014280269917b4449d2732',
          'DEEPSEEK_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'DEEPSEEK_API_KEY=sk-ba13a5f12b014280269917b4449d27',
        ],
      },
    },
  ],
});
