/**
 * secret/notion: Notion integration tokens, current (`ntn_` + 11 digits + 35)
 * and legacy (`secret_` + 43 base62). `secret_` is also a common identifier
 * prefix, so the legacy form must be exactly 43 mixed-case alphanumerics.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedCaseAndDigits } from './_saas';

export const notion = secretRule({
  id: 'secret/notion',
  title: 'Hard-coded Notion integration token',
  rotateUrl: 'https://developers.notion.com/docs/authorization#internal-integration-auth-flow-set-up',
  detectors: [
    {
      name: 'integration-token',
      title: 'Notion integration token',
      keywords: ['ntn_'],
      pattern: /(?<![A-Za-z0-9_])ntn_[0-9]{11}[A-Za-z0-9]{35}(?![A-Za-z0-9_])/g,
      verify: (s) => mixedCaseAndDigits(s.slice(15)),
      envName: 'NOTION_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['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'], negative: ['ntn_20305658043OXX4h8RxVyxzeKZ', 'ntn_00000000000xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'] },
    },
    {
      name: 'legacy-integration-token',
      title: 'Notion integration token (legacy)',
      keywords: ['secret_'],
      pattern: /(?<![A-Za-z0-9_])secret_[A-Za-z0-9]{43}(?![A-Za-z0-9_])/g,
      minEntropy: 4,
      verify: (s) => mixedCaseAndDigits(s.slice(7)),
      envName: 'NOTION_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['secret_4hgFZJ8KaceLFFNiWY720qiFPhOD6Uyyw85U7a2RoAo'],
        negative: ['secret_key_base_for_the_rails_application_config', 'secret_4hgFZJ8KaceLFFNiWY720qi', 'SECRET_KEY_BASE=5bb80bb36a9c6d4be5779763c5602d010c61f74ce07d05b9fa644859743cb485'],
      },
    },
  ],
});
