/** secret/figma: Figma personal access tokens (`figd_` + about 40 base64url characters). */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const figma = secretRule({
  id: 'secret/figma',
  title: 'Hard-coded Figma personal access token',
  rotateUrl: 'https://help.figma.com/hc/en-us/articles/8085703771159-Manage-personal-access-tokens',
  detectors: [
    {
      name: 'personal-access-token',
      title: 'Figma personal access token',
      keywords: ['figd_'],
      pattern: /(?<![A-Za-z0-9_-])figd_[A-Za-z0-9_-]{38,44}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: (s) => lettersAndDigits(s.slice(5)),
      envName: 'FIGMA_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['figd_cLZx46mkb5bxtJvtf3fJ8lQA_paLTkJP5Zb6eM5S'], negative: ['figd_cLZx46mkb5bxtJvtf3fJ8lQA_', 'figd_<personal-access-token-from-settings>'] },
    },
  ],
});
