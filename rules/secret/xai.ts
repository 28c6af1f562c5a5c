/** secret/xai: xAI (Grok) API keys, `xai-` + 80 alphanumerics. */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedAlphanumeric } from './_ai-messaging';

export const xai = secretRule({
  id: 'secret/xai',
  title: 'Hard-coded xAI API key',
  rotateUrl: 'https://console.x.ai',
  detectors: [
    {
      name: 'api-key',
      title: 'xAI API key',
      keywords: ['xai-'],
      pattern: /(?<![A-Za-z0-9_-])xai-[A-Za-z0-9]{80}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: mixedAlphanumeric,
      envName: 'XAI_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: [
          'xai-q4EC3Oald2X080aEkhxgskH9i8KiwZHbft4LLrSbeQ8GsCj61ipdCgO2I9q6OjMT5ElBsaOf8hoZcLOZ',
          'XAI_API_KEY=xai-Uuhy397V7ozSKPzF7iarFon6IsdAZFpiG7EDCh7aWUmr047DDuvLT9VnITk4gMhcCcTMHkzCdxbBoZ4B',
        ],
        negative: ['xai-...', 'xai-q4EC3Oald2X080aEkhxgskH9i8KiwZHbft4LLrSbeQ8GsCj61ipdCgO2I9q6OjMT5ElBsa', 'from xai_sdk import Client  # xai-sdk'],
      },
    },
  ],
});
