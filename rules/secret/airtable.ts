/**
 * secret/airtable: Airtable personal access tokens (`pat` + 14 + `.` + 64 hex)
 * and legacy API keys (`key` + 14 alphanumerics, deprecated in 2024), the
 * latter only with `airtable` in the preceding 300 characters: `key…` is also
 * how many identifiers start (`keyboardShortcuts`).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits, mixedCaseAndDigits } from './_saas';

export const airtable = secretRule({
  id: 'secret/airtable',
  title: 'Hard-coded Airtable token',
  rotateUrl: 'https://support.airtable.com/docs/creating-personal-access-tokens',
  detectors: [
    {
      name: 'personal-access-token',
      title: 'Airtable personal access token',
      keywords: ['pat'],
      pattern: /(?<![A-Za-z0-9_])pat[A-Za-z0-9]{14}\.[a-f0-9]{64}(?![A-Za-z0-9_])/g,
      verify: (s) => lettersAndDigits(s.slice(18)),
      envName: 'AIRTABLE_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['patlTb9qce3ICIq07.c9e2a8b41810312be542dd897bef6675577ec675dfcad587b68aab0247ab62e6'], negative: ['patlTb9qce3ICIq07.c9e2a8b41810312be542dd897bef6675577ec675df', 'pattern.5bb80bb36a9c6d4be5779763c5602d010c61f74ce07d05b9fa644859743cb485'] },
    },
    {
      name: 'legacy-api-key',
      title: 'Airtable API key (legacy)',
      keywords: ['airtable'],
      pattern: /(?<![A-Za-z0-9_])key[A-Za-z0-9]{14}(?![A-Za-z0-9_])(?<=airtable[\s\S]{0,300})/gi,
      verify: (s) => mixedCaseAndDigits(s.slice(3)),
      envName: 'AIRTABLE_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['AIRTABLE_API_KEY=keycGQV09wRPzlDLg'],
        negative: ['airtable.keyboardShortcuts = true', 'AIRTABLE_BASE_ID=appX7k2P9qLmN4rT1', 'api_key = keycGQV09wRPzlDLg'],
      },
    },
  ],
});
