/**
 * secret/digitalocean: DigitalOcean API tokens by their published prefixes —
 * `dop_v1_` (personal access token), `doo_v1_` (OAuth access token),
 * `dor_v1_` (OAuth refresh token), each followed by 64 hex characters — and
 * Spaces secret keys (43 base64 characters, only next to a Spaces name).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const digitalocean = secretRule({
  id: 'secret/digitalocean',
  title: 'Hard-coded DigitalOcean credential',
  rotateUrl: 'https://docs.digitalocean.com/reference/api/create-personal-access-token/',
  detectors: [
    {
      name: 'personal-access-token',
      title: 'DigitalOcean personal access token',
      keywords: ['dop_v1_'],
      pattern: /(?<![A-Za-z0-9_])dop_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/g,
      minEntropy: 3.5,
      envName: 'DIGITALOCEAN_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['dop_v1_213560cc4837d471053b23b649e513945c03126cf8ad015ace25ab41688d6e72', 'DIGITALOCEAN_TOKEN=dop_v1_213560cc4837d471053b23b649e513945c03126cf8ad015ace25ab41688d6e72'],
        negative: ['dop_v1_<token>', 'dop_v1_213560cc4837d471053b23b649e513945c03126cf8a', 'dop_v1_0000000000000000000000000000000000000000000000000000000000000000'],
      },
    },
    {
      name: 'oauth-token',
      title: 'DigitalOcean OAuth access token',
      keywords: ['doo_v1_'],
      pattern: /(?<![A-Za-z0-9_])doo_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/g,
      minEntropy: 3.5,
      envName: 'DIGITALOCEAN_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['doo_v1_c707588d2f97aae06269545f412b9dded29fc500992cc52e70040ddcfb1b6d44'],
        negative: ['doo_v1_c707588d2f97aae06269545f412b9dded29fc500992cc52e70040'],
      },
    },
    {
      name: 'refresh-token',
      title: 'DigitalOcean OAuth refresh token',
      keywords: ['dor_v1_'],
      pattern: /(?<![A-Za-z0-9_])dor_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/g,
      minEntropy: 3.5,
      envName: 'DIGITALOCEAN_REFRESH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['refresh_token: dor_v1_6ebad000f7c330c2995e5c2565426c77b34d26a69f1f3fa3dacda0751016b086'],
        negative: ['vendor_v1_6ebad000f7c330c2995e5c2565426c77b34d26a69f1f3fa3dacda0751016b086'],
      },
    },
    {
      name: 'spaces-secret-key',
      title: 'DigitalOcean Spaces secret key',
      keywords: ['spaces', 'digitaloceanspaces'],
      pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}(?![A-Za-z0-9+/=])/g,
      context: /(?:spaces[\w.-]{0,20}(?:secret|key)|digitaloceanspaces\.com)(?![^\n]*\n)/i,
      minEntropy: 4,
      envName: 'SPACES_SECRET_ACCESS_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['SPACES_SECRET_KEY=UMAnCa0902mwMf9DU56FoZAeExadbXjLlD4U4orP+rU'],
        negative: ['SPACES_ACCESS_KEY_ID=DO008N70V3LBD46TXH5R', 'SPACES_SECRET_KEY=${SPACES_SECRET_KEY}', 'digest=UMAnCa0902mwMf9DU56FoZAeExadbXjLlD4U4orP+rU'],
      },
    },
  ],
});
