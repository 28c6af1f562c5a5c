/**
 * secret/vercel: Vercel tokens. Current tokens carry a type prefix — `vcp_`
 * (personal access token), `vci_` (integration), `vca_` (app access), `vcr_`
 * (app refresh), `vck_` (AI Gateway API key) — and some tooling writes
 * `vercel_`-prefixed tokens; legacy tokens are 24 alphanumeric characters,
 * reported only next to a Vercel token name or `vercel --token`. A prefixed token's body may
 * hold `_` and `-` (base64url).
 */
import { secretRule, type Detector } from '../../server/src/engine/secrets/detector';

/** The prefixed formats differ only in prefix and meaning; one shape, one literal regex each. */
function prefixed(name: string, title: string, keyword: string, pattern: RegExp, positive: string | false, envName = 'VERCEL_TOKEN'): Detector {
  return {
    name,
    title,
    keywords: [keyword],
    pattern,
    minEntropy: 4,
    envName,
    samples: __NHI_SAMPLES__ && positive !== false && {
      positive: [positive, `VERCEL_TOKEN=${positive}`, `${positive.slice(0, 20)}_${positive.slice(21, 40)}-${positive.slice(41)}`],
      negative: [`${keyword}<token>`, positive.slice(0, 20), `x${keyword}${positive.slice(4)}`, `${keyword}${'x'.repeat(40)}`],
    },
  };
}

export const vercel = secretRule({
  id: 'secret/vercel',
  title: 'Hard-coded Vercel token',
  rotateUrl: 'https://vercel.com/docs/rest-api#creating-an-access-token',
  detectors: [
    prefixed('personal-access-token', 'Vercel personal access token', 'vcp_', /(?<![A-Za-z0-9_])vcp_[A-Za-z0-9_-]{24,80}(?![A-Za-z0-9_-])/g, __NHI_SAMPLES__ && 'vcp_OuH3rjpe1oWkBHbat8sXZFKSpg5ciHqwDZH6HzzFDWgjZlvA0ToDXdyr'),
    prefixed('integration-token', 'Vercel integration token', 'vci_', /(?<![A-Za-z0-9_])vci_[A-Za-z0-9_-]{24,80}(?![A-Za-z0-9_-])/g, __NHI_SAMPLES__ && 'vci_9XA4ZWdQBzBPE26VAwE9p3RkdwmpHFZt5uhsAh0qRbCynjUiFd2OOgwC'),
    prefixed('app-access-token', 'Vercel app access token', 'vca_', /(?<![A-Za-z0-9_])vca_[A-Za-z0-9_-]{24,80}(?![A-Za-z0-9_-])/g, __NHI_SAMPLES__ && 'vca_LULJhm0Uu2O3P4om4GiU7ECF1KXgJbqH1Gun7jaGYjWdfnHxAhRQLfQ4'),
    prefixed('app-refresh-token', 'Vercel app refresh token', 'vcr_', /(?<![A-Za-z0-9_])vcr_[A-Za-z0-9_-]{24,80}(?![A-Za-z0-9_-])/g, __NHI_SAMPLES__ && 'vcr_OuH3rjpe1oWkBHbat8sXZFKSpg5ciHqwDZH6HzzFDWgjZlvA0ToDXdyr'),
    prefixed('ai-gateway-key', 'Vercel AI Gateway API key', 'vck_', /(?<![A-Za-z0-9_])vck_[A-Za-z0-9_-]{24,80}(?![A-Za-z0-9_-])/g, __NHI_SAMPLES__ && 'vck_LULJhm0Uu2O3P4om4GiU7ECF1KXgJbqH1Gun7jaGYjWdfnHxAhRQLfQ4', 'AI_GATEWAY_API_KEY'),
    {
      name: 'vercel-prefixed-token',
      title: 'Vercel token',
      keywords: ['vercel_'],
      // Requires digits and both cases so that identifiers (vercel_project_settings_…) never match.
      pattern: /(?<![A-Za-z0-9_])vercel_(?=[A-Za-z]{0,79}[0-9])(?=[a-z0-9]{0,79}[A-Z])(?=[A-Z0-9]{0,79}[a-z])[A-Za-z0-9]{24,80}(?![A-Za-z0-9_])/g,
      minEntropy: 4,
      envName: 'VERCEL_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['vercel_TuOuiU70BpX5d67wrQQk5ybTamqAjvEkJQ'],
        negative: ['vercel_projectsettingsdeploymenthooks', 'vercel_<token>', 'vercel_TuOuiU70BpX5'],
      },
    },
    {
      name: 'legacy-access-token',
      title: 'Vercel access token (legacy format)',
      keywords: ['vercel'],
      pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9]{24}(?![A-Za-z0-9_-])/g,
      context: /(?:vercel[\w.-]{0,30}(?:token|key|secret)|vercel[ \t][^\n]{0,120}--token)(?![^\n]*\n)/i,
      minEntropy: 3.8,
      envName: 'VERCEL_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['VERCEL_TOKEN=TuOuiU70BpX5d67wrQQk5ybT', 'npx vercel deploy --prod --token amqAjvEkJQkKbZE7pGfHX9U4'],
        negative: ['VERCEL_ORG_ID=team_TuOuiU70BpX5d67wrQQk5ybT', 'VERCEL_TOKEN=${{ secrets.VERCEL_TOKEN }}', 'vercel_project_id: prj_amqAjvEkJQkKbZE7pGfHX9'],
      },
    },
  ],
});
