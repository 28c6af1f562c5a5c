/** secret/groq: Groq API keys, `gsk_` + 52 alphanumerics. */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedAlphanumeric } from './_ai-messaging';

export const groq = secretRule({
  id: 'secret/groq',
  title: 'Hard-coded Groq API key',
  rotateUrl: 'https://console.groq.com/keys',
  detectors: [
    {
      name: 'api-key',
      title: 'Groq API key',
      keywords: ['gsk_'],
      pattern: /(?<![A-Za-z0-9_-])gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: mixedAlphanumeric,
      envName: 'GROQ_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['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', 'GROQ_API_KEY=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'],
        negative: ['gsk_...', 'gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'gsk_jUCv5WP5wTtddRCHA5yTIqPK1lRSC0y9WECG7BA2X5Elc'],
      },
    },
  ],
});
