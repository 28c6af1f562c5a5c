/**
 * secret/new-relic: New Relic user API keys (NRAK-), admin keys (NRAA-),
 * Insights insert/query keys (NRII-/NRIQ-), ingest license keys (36 hex +
 * `NRAL`), older 40-hex license keys under a license-key name with New Relic
 * nearby, and browser keys (NRJS-, a warning: they ship in page source but
 * still allow sending data to the account).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const newRelic = secretRule({
  id: 'secret/new-relic',
  title: 'Hard-coded New Relic key',
  rotateUrl: 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/',
  detectors: [
    {
      name: 'user-api-key',
      title: 'New Relic user API key',
      keywords: ['nrak-'],
      pattern: /(?<![A-Za-z0-9_-])NRAK-[A-Z0-9]{27}(?![A-Za-z0-9_-])/g,
      verify: (s) => lettersAndDigits(s.slice(5)),
      envName: 'NEW_RELIC_API_KEY',
      samples: __NHI_SAMPLES__ && { positive: ['NRAK-X0DEA55XRDP1ESFNCIKO2HB4BDW'], negative: ['NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX', 'NRAK-X0DEA55XRDP1ESF'] },
    },
    {
      name: 'admin-api-key',
      title: 'New Relic admin API key',
      keywords: ['nraa-'],
      pattern: /(?<![A-Za-z0-9_-])NRAA-[a-f0-9]{27}(?![A-Za-z0-9_-])/g,
      verify: (s) => lettersAndDigits(s.slice(5)),
      envName: 'NEW_RELIC_ADMIN_API_KEY',
      samples: __NHI_SAMPLES__ && { positive: ['NRAA-7324dcdd72f7e66fc2f4a251683'], negative: ['NRAA-<admin-key>', 'NRAA-7324dcdd72f7e'] },
    },
    {
      name: 'insert-key',
      title: 'New Relic Insights insert key',
      keywords: ['nrii-'],
      pattern: /(?<![A-Za-z0-9_-])NRII-[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'NEW_RELIC_INSERT_KEY',
      samples: __NHI_SAMPLES__ && { positive: ['NRII-7rjN5DTR_cpYmAnjv964i564Rbn-AVcl'], negative: ['NRII-your-insert-key-goes-here-please', 'NRII-7rjN5DTR_cpYmAnjv964'] },
    },
    {
      name: 'query-key',
      title: 'New Relic Insights query key',
      keywords: ['nriq-'],
      pattern: /(?<![A-Za-z0-9_-])NRIQ-[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'NEW_RELIC_QUERY_KEY',
      samples: __NHI_SAMPLES__ && { positive: ['NRIQ-U824jJnvw9nD5arHvQm7SjzHD7KaSFWd'], negative: ['NRIQ-U824jJnvw9nD5ar'] },
    },
    {
      name: 'license-key',
      title: 'New Relic ingest license key',
      keywords: ['nral'],
      pattern: /(?<![A-Za-z0-9_-])[a-f0-9]{36}NRAL(?![A-Za-z0-9_-])/g,
      verify: lettersAndDigits,
      envName: 'NEW_RELIC_LICENSE_KEY',
      samples: __NHI_SAMPLES__ && { positive: ['09f678eebd8f4b373c7f8bf1c06b3eaa0f65NRAL'], negative: ['bd0a6c168910f6507e676c6329b74b2030992d0e', '0000000000000000000000000000000000NRAL', '09f678eebd8f4b373c7f8bf1c06b3eNRAL'] },
    },
    {
      name: 'legacy-license-key',
      title: 'New Relic license key (40 hex)',
      keywords: ['newrelic', 'new_relic', 'new relic', 'new-relic', 'nria_'],
      pattern: /license[_.-]?key["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[a-f0-9]{40})(?![A-Za-z0-9_-])(?<=(?:new[ _.-]?relic|nria_)[\s\S]{0,300})/gi,
      minEntropy: 3,
      verify: lettersAndDigits,
      envName: 'NEW_RELIC_LICENSE_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['NEW_RELIC_LICENSE_KEY=57e0aae04a1d2e63aaacd715675f3158225010ba', 'NRIA_LICENSE_KEY: 57e0aae04a1d2e63aaacd715675f3158225010ba'],
        negative: ['license_key: bd0a6c168910f6507e676c6329b74b2030992d0e', 'NEW_RELIC_LICENSE_KEY=<%= ENV["NEW_RELIC_LICENSE_KEY"] %>'],
      },
    },
    {
      name: 'browser-key',
      title: 'New Relic browser key',
      keywords: ['nrjs-'],
      pattern: /(?<![A-Za-z0-9_-])NRJS-[a-f0-9]{19}(?![A-Za-z0-9_-])/g,
      verify: (s) => lettersAndDigits(s.slice(5)),
      severity: 'warning',
      envName: 'NEW_RELIC_BROWSER_KEY',
      samples: __NHI_SAMPLES__ && { positive: ['NRJS-7013b31c023cf2831ce'], negative: ['NRJS-7013b31', 'NRJS-0000000000000000000'] },
    },
  ],
});
