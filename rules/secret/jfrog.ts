/**
 * secret/jfrog: JFrog Artifactory API keys (`AKCp…`), reference tokens
 * (base64 of `reftkn:01:…`), access tokens (JWTs whose header starts with
 * `{"ver":"2","typ":"JWT"`), and 64-character identity tokens, which have no
 * prefix and are only reported next to a key naming JFrog or Artifactory.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const jfrog = secretRule({
  id: 'secret/jfrog',
  title: 'Hard-coded JFrog Artifactory credential',
  rotateUrl: 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens',
  detectors: [
    {
      name: 'api-key',
      title: 'JFrog Artifactory API key',
      keywords: ['akcp'],
      pattern: /(?<![A-Za-z0-9_-])AKCp[A-Za-z0-9]{69}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      envName: 'ARTIFACTORY_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['AKCpssn6C3LWKl4lXbkKREOLgrrqFiqzcNYOjSOvQ1h6Oy57R7gH7loK0fxAXreAOIjGJODhs'],
        negative: ['AKCpssn6C3LWKl4lXbkKREOLgrrqFiqzcNYOjSOvQ1h6Oy57R7gH7lo', 'AKCpxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
      },
    },
    {
      name: 'reference-token',
      title: 'JFrog reference token',
      keywords: ['cmvmdgtuojaxoj'],
      pattern: /(?<![A-Za-z0-9_-])cmVmdGtuOjAxOj[A-Za-z0-9]{40,60}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      envName: 'JFROG_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['cmVmdGtuOjAxOjMheoONCKOyvNKnGikkAZZNN1EfJXx33Fxp3qL60SGo9SLTTw5J'],
        negative: ['cmVmdGtuOjAxOj', 'cmVmdGtuOjAxOjMheoONCKOyvNKnGikkAZZNN1'],
      },
    },
    {
      name: 'access-token',
      title: 'JFrog access token',
      keywords: ['eyj2zxiioiiyiiwidhlwijoisldui'],
      pattern:
        /(?<![A-Za-z0-9_-])eyJ2ZXIiOiIyIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYiLCJraWQiOi[A-Za-z0-9_-]{20,300}\.[A-Za-z0-9_-]{40,2000}\.[A-Za-z0-9_-]{40,1000}(?![A-Za-z0-9_.-])/g,
      minEntropy: 4,
      envName: 'JFROG_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: [
          'eyJ2ZXIiOiIyIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYiLCJraWQiOijK40_Z4Sc08MOqTvPv3MJIJCK-_FQyqLCnUJ54eA.xuKSLzYaJ1kIkmT3WT4XP793O-6AFNYPlSK_Q8MXWXTC9-SGWiDy8JKy7sIB5WPqDydhgwIGVeRL8pT_bqUQJp9oxOBkEDza.PDIiZgmOZATRRJ6PA20yEjGzsevOjmIc60VgdYxJU5vMZFV2ELITW6s37d2cVYE-4nIR0P3hpvtiexGvaIbiyfsaHb6Ophi3EUXygYK2Onkv',
        ],
        negative: ['eyJ2ZXIiOiIyIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYiLCJraWQiOijK40_Z4Sc08MOqTvPv3MJIJCK-_FQyqLCnUJ54eA', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
      },
    },
    {
      name: 'identity-token',
      title: 'JFrog identity token',
      keywords: ['jfrog', 'artifactory'],
      pattern: /(?:jfrog|artifactory)[A-Za-z0-9_.-]{0,20}(?:token|password|api[_-]?key)\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?(?<secret>[A-Za-z0-9]{64})(?![A-Za-z0-9_-])/gi,
      minEntropy: 4,
      envName: 'JFROG_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['ARTIFACTORY_TOKEN=OPXyBWw2dpySFJuMP6mn2e8BM6XpDk4MNNes7YmeQ9D3wFlq8DXRFHasAXjFISNM', 'jfrog_password: "Kv2FeXyYtjgMN2QQ2Gr0Kkn0oFUVwtuqZBPhvEPoeMDcPlKtWYG37nO1dRsAy6X3"'],
        negative: [
          'ARTIFACTORY_TOKEN=${ARTIFACTORY_TOKEN}',
          'artifactory_checksum: 14ce2f6cbc8ae4c93a2e8c43d9d7b4e6d84f0ece1e5466951fd94c140ded3744',
          'ARTIFACTORY_TOKEN=14ce2f6cbc8ae4c93a2e8c43d9d7b4e6d84f0ece1e5466951fd94c140ded3744',
        ],
      },
    },
  ],
});
