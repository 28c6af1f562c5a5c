/**
 * secret/openai-api-key: OpenAI project, service-account, admin and legacy user
 * API keys (and 2024 user keys `sk-None-…`). Every key OpenAI issues embeds `T3BlbkFJ` (base64 of "OpenAI"); the
 * legacy format is matched by that marker, the newer ones by their type prefix.
 * Organisation ids (`org-…`) identify an account and are not secrets. A prefixed value without
 * the marker is a placeholder or made up (gitleaks and trufflehog require it too).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import type { Verdict } from '../../server/src/engine/secrets/detector';
import { mixedAlphanumeric } from './_ai-messaging';

/** A typed key: OpenAI's marker inside, and mixed letters and digits. */
const markedKey = (secret: string): Verdict => (secret.includes('T3BlbkFJ') ? mixedAlphanumeric(secret) : 'reject');

export const openaiApiKey = secretRule({
  id: 'secret/openai-api-key',
  title: 'Hard-coded OpenAI API key',
  rotateUrl: 'https://platform.openai.com/api-keys',
  detectors: [
    {
      name: 'project-key',
      title: 'OpenAI project API key',
      keywords: ['sk-proj-'],
      pattern: /(?<![A-Za-z0-9_-])sk-proj-[A-Za-z0-9_-]{40,250}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: markedKey,
      envName: 'OPENAI_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: [
          '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',
          'sk-proj-Wq8vN2rTb5Ks1LdX0mFj9HcPy3GuZaT3BlbkFJe7QnR4oVtS6wMk2YbXiDc',
        ],
        negative: [
          'sk-proj-...',
          'sk-proj-your-openai-project-api-key-goes-right-here',
          'sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'sk-proj-dhEthBjNudJaXKU15wFev',
          // Random-looking, but without the marker every issued key carries.
          'sk-proj-Wq8vN2rTb5Ks1LdX0mFj9HcPy3GuZaQe7QnR4oVtS6wMk2YbXiDcLp0A',
        ],
      },
    },
    {
      name: 'service-account-key',
      title: 'OpenAI service-account API key',
      keywords: ['sk-svcacct-', 'sk-service-'],
      pattern: /(?<![A-Za-z0-9_-])sk-(?:svcacct|service)-[A-Za-z0-9_-]{40,250}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: markedKey,
      envName: 'OPENAI_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: [
          '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',
          'sk-service-Lm4qR8vT2xW6yZ0bD3fH7jK1nP5sU9cE2gA6iM0oQ4tX8wB1dF5hJ9kN3pS7uV1xZ5aC9eG3iL7mO2qT3BlbkFJr6vY0zB4cD8fG2hJ6kL0mN4pQ8sT2uW6xZ0aC4eG8iK2lO6qS0tV4wY8bD2fH6jM0nP4rT8uX2yA6cE0gI4',
        ],
        negative: [
          'sk-svcacct-<service-account-key>',
          'sk-svcacct-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'sk-svcacct-TQpWjWD8rqv0Ghqz4RstAzrxD6X8bsfqhheqhg2X1O2AimZHp6izZl1T2moB95XDOzoDXKPT2NTiAWbzs33Nd2TXh2mueueMXFTZ6doDKFx',
        ],
      },
    },
    {
      name: 'admin-key',
      title: 'OpenAI admin API key',
      keywords: ['sk-admin-'],
      pattern: /(?<![A-Za-z0-9_-])sk-admin-[A-Za-z0-9_-]{40,250}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: markedKey,
      envName: 'OPENAI_ADMIN_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['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'],
        negative: ['sk-admin-keys-are-created-in-the-organization-settings-page', 'sk-admin-...'],
      },
    },
    {
      // Keys created outside any project in 2024 carried the literal owner marker `None`.
      name: 'user-key',
      title: 'OpenAI user API key',
      keywords: ['sk-none-'],
      pattern: /(?<![A-Za-z0-9_-])sk-None-[A-Za-z0-9_-]{40,250}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: markedKey,
      envName: 'OPENAI_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['sk-None-clbVwC5n39lXSkFVoCXhT3BlbkFJjLGidocaWGzVEauC4O2p'],
        negative: ['sk-None-...', 'sk-None-of-the-keys-below-are-valid-any-longer-sorry'],
      },
    },
    {
      name: 'legacy-user-key',
      title: 'OpenAI API key (legacy user key)',
      keywords: ['t3blbkfj'],
      pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'OPENAI_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['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', 'OPENAI_API_KEY=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'],
        negative: [
          'Every OpenAI key contains T3BlbkFJ, the base64 of "OpenAI".',
          'sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx',
          'sk-YD7kL3url7Gtf0DrtP0uT3BlbkFJ0fUcqvAyb',
          'org-Xq2LkR9vTn4bWc8ZpM1sHy7d',
        ],
      },
    },
  ],
});
