/** secret/linear: Linear personal API keys (lin_api_) and OAuth access tokens (lin_oauth_). */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits, mixedCaseAndDigits } from './_saas';

export const linear = secretRule({
  id: 'secret/linear',
  title: 'Hard-coded Linear API key',
  rotateUrl: 'https://linear.app/docs/api-and-webhooks',
  detectors: [
    {
      name: 'api-key',
      title: 'Linear personal API key',
      keywords: ['lin_api_'],
      pattern: /(?<![A-Za-z0-9_])lin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9_])/g,
      verify: (s) => mixedCaseAndDigits(s.slice(8)),
      envName: 'LINEAR_API_KEY',
      samples: __NHI_SAMPLES__ && { positive: ['lin_api_GFio7nETmRdT0cC84vFL11gNpmgIjf7tPl59qKqp'], negative: ['lin_api_GFio7nETmRdT0cC84vFL11', 'lin_api_keys_documentation_for_the_team_wiki'] },
    },
    {
      name: 'oauth-token',
      title: 'Linear OAuth access token',
      keywords: ['lin_oauth_'],
      pattern: /(?<![A-Za-z0-9_])lin_oauth_[a-f0-9]{64}(?![A-Za-z0-9_])/g,
      verify: (s) => lettersAndDigits(s.slice(10)),
      envName: 'LINEAR_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['lin_oauth_f7c6a1898b3161afa378c0c86172807297c14a74979cf879631e147807408f35'], negative: ['lin_oauth_f7c6a1898b3161afa378c0c8617280'] },
    },
  ],
});
