/**
 * secret/rubygems: RubyGems.org API keys (`rubygems_` + 48 hex) and the legacy
 * 32-hex keys stored under `:rubygems_api_key:` in `~/.gem/credentials` or
 * passed as `GEM_HOST_API_KEY`.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const rubygems = secretRule({
  id: 'secret/rubygems',
  title: 'Hard-coded RubyGems API key',
  rotateUrl: 'https://guides.rubygems.org/api-key-scopes/',
  detectors: [
    {
      name: 'api-key',
      title: 'RubyGems API key',
      keywords: ['rubygems_'],
      pattern: /(?<![A-Za-z0-9_-])rubygems_[0-9a-f]{48}(?![A-Za-z0-9_-])/g,
      minEntropy: 3,
      envName: 'GEM_HOST_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['rubygems_66672b2e159efa4c9172f43c1556f07d55ac0e88522272ff'],
        negative: ['rubygems_000000000000000000000000000000000000000000000000', 'rubygems_66672b2e159efa4c9172f43c1556f07d', 'rubygems_api_key'],
      },
    },
    {
      name: 'legacy-api-key',
      title: 'RubyGems API key (legacy 32-hex format)',
      keywords: ['rubygems_api_key', 'gem_host_api_key'],
      pattern: /(?:rubygems_api_key|GEM_HOST_API_KEY)\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?(?<secret>[0-9a-f]{32})(?![A-Za-z0-9_-])/g,
      minEntropy: 3,
      envName: 'GEM_HOST_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: [':rubygems_api_key: 0eccbca5d1bc9db370902d7eb30e10b4', 'GEM_HOST_API_KEY=934b79c93e2b3398e51367c970a6df2d'],
        negative: ['GEM_HOST_API_KEY=${RUBYGEMS_API_KEY}', ':rubygems_api_key: 0eccbca5d1bc9db370902d7eb30e10b4aa5d3dc0'],
      },
    },
  ],
});
