/**
 * secret/grafana: Grafana Cloud access-policy tokens (glc_ + base64 JSON),
 * service-account tokens (glsa_ + 32 + `_` + 8 hex checksum part) and legacy
 * API keys (base64 of `{"k":"…","n":"…","id":…}`, hence the `eyJrIjoi`
 * prefix). Power BI embed links also start with `eyJrIjoi` but decode to
 * other fields, so a legacy key must decode to Grafana's shape.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { base64Json, mixedCaseAndDigits } from './_saas';

export const grafana = secretRule({
  id: 'secret/grafana',
  title: 'Hard-coded Grafana token',
  rotateUrl: 'https://grafana.com/docs/grafana/latest/administration/service-accounts/#rotate-a-service-account-token',
  detectors: [
    {
      name: 'cloud-token',
      title: 'Grafana Cloud access policy token',
      keywords: ['glc_'],
      pattern: /(?<![A-Za-z0-9_])glc_[A-Za-z0-9+/]{32,400}={0,2}(?![A-Za-z0-9_+/=])/g,
      minEntropy: 4,
      envName: 'GRAFANA_CLOUD_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['glc_eyJvIjoiOTEyNTMxIiwibiI6InN0YWNrLTg4NzAxNi1obS13cml0ZS1kZXBsb3kiLCJrIjoibjBYUVVJYjBBNzV3UEpKRjZobWhhVktnIiwibSI6eyJyIjoicHJvZC11cy1lYXN0LTAifX0'], negative: ['glc_<your-access-policy-token>', 'glc_eyJvIjoiOTEyNTMx'] },
    },
    {
      name: 'service-account-token',
      title: 'Grafana service account token',
      keywords: ['glsa_'],
      pattern: /(?<![A-Za-z0-9_])glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}(?![A-Za-z0-9_])/g,
      verify: (s) => mixedCaseAndDigits(s.slice(5, 37)),
      envName: 'GRAFANA_SERVICE_ACCOUNT_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['glsa_9KKhsBvgrAx8oekrP1LapieXTZWEvtyw_bee9ced8'], negative: ['glsa_9KKhsBvgrAx8oekrP1LapieXT', 'glsa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_00000000'] },
    },
    {
      name: 'legacy-api-key',
      title: 'Grafana API key',
      keywords: ['eyjrijoi'],
      pattern: /(?<![A-Za-z0-9_+/])eyJrIjoi[A-Za-z0-9+/]{60,400}={0,3}(?![A-Za-z0-9_+/=])/g,
      verify: (s) => {
        const claims = base64Json(s);
        return claims && typeof claims.k === 'string' && 'n' in claims && 'id' in claims ? 'plausible' : 'reject';
      },
      envName: 'GRAFANA_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['eyJrIjoiaWN2ZXFBOTZtTHZPY1ltald1U3B4UWdiMHJpNmJpRUsiLCJuIjoiY2ktZGVwbG95IiwiaWQiOjF9'],
        negative: ['https://app.powerbi.com/view?r=eyJrIjoiZjJkNWI1NWMtN2RlYS00YjQ0LWE0ZmQtNmE3ZDg1Y2MzNWM1IiwidCI6IjBhMWIyYzNkLTRlNWYtNjA3MS04MjkzLWE0YjVjNmQ3ZThmOSJ9'],
      },
    },
  ],
});
