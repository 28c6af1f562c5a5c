/**
 * secret/anthropic: Anthropic API keys (`sk-ant-api03-`) and Admin API keys
 * (`sk-ant-admin01-`): 93 base64url characters and a closing `AA`; Claude Code
 * OAuth tokens (`sk-ant-oat01-`) used by CI and headless agents, and their refresh tokens
 * (`sk-ant-ort01-`).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedAlphanumeric } from './_ai-messaging';

export const anthropic = secretRule({
  id: 'secret/anthropic',
  title: 'Hard-coded Anthropic API key',
  rotateUrl: 'https://console.anthropic.com/settings/keys',
  detectors: [
    {
      name: 'admin-key',
      title: 'Anthropic Admin API key',
      keywords: ['sk-ant-admin01-'],
      pattern: /(?<![A-Za-z0-9_-])sk-ant-admin01-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      envName: 'ANTHROPIC_ADMIN_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['sk-ant-admin01-4dA0T1T5O443-p1LtP3OuONCgkV7CmAt6Kjjv4j9f0IvkHLg6H5z1GexJsjRLU3Yl579xkZn0Q3x772vn2BrG5jm-8mEOAA'],
        negative: ['sk-ant-admin01-...', 'sk-ant-admin01-4dA0T1T5O443-p1LtP3OuONCgkV7CmAt6Kjjv4j9f0IvkHLg6H5z1GexJsjRLU3Yl579xkZn0Q3x772vn2BrG5jm-8mEO'],
      },
    },
    {
      // Issued by `claude setup-token` for CI and headless Claude Code (CLAUDE_CODE_OAUTH_TOKEN).
      name: 'oauth-token',
      title: 'Anthropic (Claude Code) OAuth token',
      keywords: ['sk-ant-oat01-'],
      pattern: /(?<![A-Za-z0-9_-])sk-ant-oat01-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: mixedAlphanumeric,
      envName: 'CLAUDE_CODE_OAUTH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-uURWSCDztrHE1_KxgdeF5PTCY1lMmjxa3XvC1pWccm_dNnhmukJJdXoRndbRIfC9RKQ7JByOYJVbisC1RSIFEAmNByEdeAA'],
        negative: ['sk-ant-oat01-...', 'sk-ant-oat01-<token printed by claude setup-token>'],
      },
    },
    {
      // The refresh half of a Claude Code OAuth login (gitleaks: anthropic refresh token).
      name: 'oauth-refresh-token',
      title: 'Anthropic (Claude Code) OAuth refresh token',
      keywords: ['sk-ant-ort01-'],
      pattern: /(?<![A-Za-z0-9_-])sk-ant-ort01-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: mixedAlphanumeric,
      envName: 'CLAUDE_CODE_OAUTH_REFRESH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['"refreshToken": "sk-ant-ort01-Hq2wXr7PzL0cV9kN4tB8mY3sJ6dF1gA5eR_uW2iO7pQx9ZkT-4nM8bC3vL6hS0jD5fG1aK9eQ2rU7yI4oP3lAA"'],
        negative: ['sk-ant-ort01-...', 'sk-ant-ort01-<refresh-token>'],
      },
    },
    {
      name: 'api-key',
      title: 'Anthropic API key',
      keywords: ['sk-ant-api03-'],
      pattern: /(?<![A-Za-z0-9_-])sk-ant-api03-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      envName: 'ANTHROPIC_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: [
          'sk-ant-api03-V5qroBgJBhevJzug2DFBhZllGg0Jyf-ZlxGH9rvzZojkhVUklSNZebDO5Nok1kRSr3GJCJncSz91apCHLXtFrGgLanLebAA',
          'ANTHROPIC_API_KEY="sk-ant-api03-9nAk4DbNnDAZCbpSlTXGepIH46p74Sw71kRt-iajELVZivnJ2XZyiDOIQl_o9bNbCXT7_j95ESZWdSnoaROwLPWSepOZ-AA"',
        ],
        negative: [
          'sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAA',
          'sk-ant-api03-...',
          'sk-ant-api03-V5qroBgJBhevJzug2DFBhZllGg0Jyf-ZlxGH9rvzZojkhVUklSNZebDO5Nok1kRSr3GJCJncSz91apCHLXtFrGgLanLebAB',
        ],
      },
    },
  ],
});
