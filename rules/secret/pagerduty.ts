/**
 * secret/pagerduty: PagerDuty REST API keys (20 characters, user tokens start
 * `u+`) and Events API routing/integration keys (32 hex). Neither shape is
 * distinctive, so both need a key name (`token`, `api_key`, `routing_key` …)
 * with `pagerduty` in the preceding 300 characters (same line, Terraform
 * provider block, Alertmanager receiver).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const pagerduty = secretRule({
  id: 'secret/pagerduty',
  title: 'Hard-coded PagerDuty key',
  rotateUrl: 'https://support.pagerduty.com/main/docs/api-access-keys',
  detectors: [
    {
      name: 'api-key',
      title: 'PagerDuty REST API key',
      keywords: ['pagerduty', 'pager_duty'],
      pattern: /(?:token|api[_.-]?key)["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[A-Za-z0-9_+-]{20})(?![A-Za-z0-9_+/=-])(?<=pager[_ .-]?duty[\s\S]{0,300})/gi,
      minEntropy: 3.3,
      // Random keys mix upper and lower case; identifiers like `PAGERDUTY_SERVICE_ID` values do not.
      verify: (s) => (/[A-Z]/.test(s) && /[a-z]/.test(s) ? 'plausible' : 'reject'),
      envName: 'PAGERDUTY_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['PAGERDUTY_TOKEN=u+hZTbNy6bZ0bMVXLY7x', 'provider pagerduty { token = y_lXEpp_rpptknwBSMh- }'],
        negative: ['PAGERDUTY_SERVICE_ID=PX4V2QA', 'PAGERDUTY_TOKEN=${PAGERDUTY_TOKEN}', 'api_key = y_lXEpp_rpptknwBSMh-'],
      },
    },
    {
      name: 'routing-key',
      title: 'PagerDuty Events API routing key',
      keywords: ['pagerduty', 'pager_duty'],
      pattern: /(?:routing|integration|service|events?)[_.-]?key["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[a-f0-9]{32})(?![A-Za-z0-9_-])(?<=pager[_ .-]?duty[\s\S]{0,300})/gi,
      minEntropy: 3,
      verify: lettersAndDigits,
      envName: 'PAGERDUTY_ROUTING_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['PAGERDUTY_ROUTING_KEY=36856aa65bc037832a390f9a8dbaefdd'],
        negative: ['routing_key: cf043cc65a8e6f42a53ad8ee36f2e787', 'PAGERDUTY_ROUTING_KEY: <routing-key>'],
      },
    },
  ],
});
