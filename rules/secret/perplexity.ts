/** secret/perplexity: Perplexity API keys, `pplx-` + 48 alphanumerics. */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedAlphanumeric } from './_ai-messaging';

export const perplexity = secretRule({
  id: 'secret/perplexity',
  title: 'Hard-coded Perplexity API key',
  rotateUrl: 'https://www.perplexity.ai/settings/api',
  detectors: [
    {
      name: 'api-key',
      title: 'Perplexity API key',
      keywords: ['pplx-'],
      pattern: /(?<![A-Za-z0-9_-])pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: mixedAlphanumeric,
      envName: 'PERPLEXITY_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['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', 'PERPLEXITY_API_KEY=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'],
        negative: ['pplx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'pplx-...', 'model: pplx-70b-online'],
      },
    },
  ],
});
