/**
 * secret/datadog: Datadog API keys (32 hex) and application keys (40 hex).
 * Both are shaped like digests (md5, git SHA), so each is reported only under
 * a key name that says what it is (`api_key`, `DD_APP_KEY`, `apiKey` …) with
 * `datadog` or a `DD_API…`/`DD_APP…` name in the preceding 300 characters —
 * the same line, or the enclosing Terraform provider block / Helm section.
 * RUM client tokens (`pub` + 32 hex) are public by design.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const datadog = secretRule({
  id: 'secret/datadog',
  title: 'Hard-coded Datadog key',
  rotateUrl: 'https://docs.datadoghq.com/account_management/api-app-keys/',
  detectors: [
    {
      name: 'api-key',
      title: 'Datadog API key',
      keywords: ['datadog', 'dd_api', 'dd-api', 'ddapi'],
      pattern: /api[_.-]?key["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[a-f0-9]{32})(?![A-Za-z0-9_-])(?<=(?:datadog|(?<![a-z])dd[_.-]?api)[\s\S]{0,300})/gi,
      minEntropy: 3,
      verify: lettersAndDigits,
      envName: 'DD_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['DD_API_KEY=e870ebde45a78fdbac86212e202dc849', 'datadog: { apiKey: 781947c021f9c7d029c0fc8b451e97f3 }'],
        negative: ['DD_CLIENT_TOKEN=pub90b6f0c8b177416ba754631bfe54b330', 'api_key = cf043cc65a8e6f42a53ad8ee36f2e787', 'DD_API_KEY=${DD_API_KEY}', 'DD_API_KEY=e870ebde45a78fdbac86212e202dc8'],
      },
    },
    {
      name: 'application-key',
      title: 'Datadog application key',
      keywords: ['datadog', 'dd_app', 'dd-app', 'ddapp'],
      pattern: /app(?:lication)?[_.-]?key["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[a-f0-9]{40})(?![A-Za-z0-9_-])(?<=(?:datadog|(?<![a-z])dd[_.-]?ap[ip])[\s\S]{0,300})/gi,
      minEntropy: 3,
      verify: lettersAndDigits,
      envName: 'DD_APP_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['DD_APP_KEY=12b4a9e925038f02ba45e69c2d6e1e23b2388d74', 'DATADOG_APPLICATION_KEY: 1215ef661c08b639421ffb0a067d5abf93ff1f66'],
        negative: ['app_key = bd0a6c168910f6507e676c6329b74b2030992d0e', 'DD_APP_KEY=12b4a9e925038f02ba45e69c2d6e1e23b238', 'DD_APP_KEY: "{{ datadog_app_key }}"'],
      },
    },
  ],
});
