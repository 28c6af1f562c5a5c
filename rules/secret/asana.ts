/**
 * secret/asana: Asana personal access tokens, v1 (`1/<user id>:<32 hex>`) and
 * v2 (`2/<user id>/<app id>:<32 hex>`). The digits, slash and colon layout is
 * distinctive on its own; no other common value has it.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

const hexPart = (s: string) => lettersAndDigits(s.slice(s.lastIndexOf(':') + 1));

export const asana = secretRule({
  id: 'secret/asana',
  title: 'Hard-coded Asana personal access token',
  rotateUrl: 'https://developers.asana.com/docs/personal-access-token',
  detectors: [
    {
      name: 'personal-access-token',
      title: 'Asana personal access token',
      keywords: ['1/'],
      pattern: /(?<![A-Za-z0-9_/.:-])1\/[0-9]{10,19}:[a-f0-9]{32}(?![A-Za-z0-9_])/g,
      verify: hexPart,
      envName: 'ASANA_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['1/3869622715191698:cbdb314917ecbc33425fee7087bc51c0'], negative: ['1/1/3869622715', 'ratio 1/1203:deadbeef', 'https://cdn.kestrel.dev/v1/1203456789012345:cf043cc65a8e6f42a53ad8ee36f2e787'] },
    },
    {
      name: 'personal-access-token-v2',
      title: 'Asana personal access token (v2)',
      keywords: ['2/'],
      pattern: /(?<![A-Za-z0-9_/.:-])2\/[0-9]{10,19}\/[0-9]{10,19}:[a-f0-9]{32}(?![A-Za-z0-9_])/g,
      verify: hexPart,
      envName: 'ASANA_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['2/4399872323817963/9693849888757355:1a4221b6085f9c5d0cd467d84e50b303'], negative: ['2/1203456789012345/1208765432109876:<token>', '2/4399872323817963/9693849888757355:1a42'] },
    },
  ],
});
