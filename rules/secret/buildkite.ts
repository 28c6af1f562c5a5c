/**
 * secret/buildkite: Buildkite user API access tokens (`bkua_…`), agent
 * registration tokens and legacy 40-hex API tokens; the last two have no
 * prefix and are only reported next to a key naming them.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const buildkite = secretRule({
  id: 'secret/buildkite',
  title: 'Hard-coded Buildkite token',
  rotateUrl: 'https://buildkite.com/docs/apis/managing-api-tokens',
  detectors: [
    {
      name: 'user-access-token',
      title: 'Buildkite API access token',
      keywords: ['bkua_'],
      pattern: /(?<![A-Za-z0-9_-])bkua_[0-9a-f]{40}(?![A-Za-z0-9_-])/g,
      minEntropy: 3,
      envName: 'BUILDKITE_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['bkua_e766872a182cc288efcd41dab816fd065955f72f'],
        negative: ['bkua_0000000000000000000000000000000000000000', 'bkua_e766872a182cc288efcd41dab816fd06', 'bkua_e766872a182cc288efcd41dab816fd065955f72fab'],
      },
    },
    {
      name: 'agent-token',
      title: 'Buildkite agent token',
      keywords: ['buildkite'],
      // BUILDKITE_AGENT_TOKEN=…, buildkite_agent_token: …, agentToken in the Elastic CI stack parameters.
      pattern: /buildkite[A-Za-z0-9_.-]{0,10}agent[A-Za-z0-9_.-]{0,10}token\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?(?<secret>[A-Za-z0-9]{40,64})(?![A-Za-z0-9_-])/gi,
      minEntropy: 3.5,
      envName: 'BUILDKITE_AGENT_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['BUILDKITE_AGENT_TOKEN=pV6MS6MXncKLTc5mK9VpUGdVY6if23MSBzpVbUEcvIE7m94Nwr', 'buildkite_agent_token: "z6heCjnfjbhmI7ymDJnwHlZj89R8SW39HyYyUIUoRJZ44YgRHT"'],
        negative: ['BUILDKITE_AGENT_TOKEN=${BUILDKITE_AGENT_TOKEN}', 'BUILDKITE_AGENT_TOKEN_PATH=/etc/buildkite-agent/token', 'BUILDKITE_AGENT_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
      },
    },
    {
      name: 'legacy-api-token',
      title: 'Buildkite API access token (legacy 40-hex format)',
      keywords: ['buildkite'],
      pattern: /buildkite[A-Za-z0-9_.-]{0,10}(?:api|access)[A-Za-z0-9_.-]{0,6}token\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?(?<secret>[0-9a-f]{40})(?![A-Za-z0-9_-])/gi,
      minEntropy: 3,
      envName: 'BUILDKITE_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['BUILDKITE_API_TOKEN=3f1db66b1f6cfc4343eb41a1d7667edae6bc7a65'],
        negative: ['BUILDKITE_COMMIT=3f1db66b1f6cfc4343eb41a1d7667edae6bc7a65', 'BUILDKITE_API_TOKEN=$BUILDKITE_API_TOKEN'],
      },
    },
  ],
});
