/**
 * secret/square: Square access tokens (`EAAA` + 60, production and sandbox),
 * legacy personal access tokens (`sq0atp-`) and OAuth application secrets
 * (`sq0csp-`). Application ids (`sq0idp-`, `sandbox-sq0idb-`) are public.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const square = secretRule({
  id: 'secret/square',
  title: 'Hard-coded Square credential',
  rotateUrl: 'https://developer.squareup.com/docs/build-basics/access-tokens',
  detectors: [
    {
      name: 'access-token',
      title: 'Square access token',
      keywords: ['eaaa'],
      // Exactly 64 characters: Facebook tokens (EAAB…, EAAG…) are far longer.
      pattern: /(?<![A-Za-z0-9_-])EAAA[A-Za-z0-9_-]{60}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: lettersAndDigits,
      envName: 'SQUARE_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['EAAA3faacUQRF9eo4ma-uMWMsgisbyZWdPccl1bc54RgyiRUeID5NXnPk-Xky3II', 'EAAATPYLIUAKB6Mb_uRfGEC0bFntUyxNLXxNLfgJ1sIRMP1s6zLgAmG_iqz18Z_-'],
        negative: ['EAABNoFJcGSkhBzz5of2gDk8397etDcsgJgwaAqdsBQU6WT1SExBRhKl05cGmxf0snRQqsiMo0EHXxIaeE3shPF8DTNaufxlVXbXrL8HPAgzMo0hkerasasxg7VXt8RFfTyrLsFDGPdKn5VUNgtKk3fq0e', 'EAAA3faacUQRF9eo4ma-uMWMsgisbyZWdPccl1bc', 'EAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
      },
    },
    {
      name: 'legacy-access-token',
      title: 'Square personal access token (legacy)',
      keywords: ['sq0atp-'],
      pattern: /(?<![A-Za-z0-9_-])sq0atp-[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'SQUARE_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['sq0atp-gLipxYWuCKL-Uoxe_VPMJO'],
        negative: ['sq0idp--fEiYouOIFhFPeoqFGyCIc', 'sq0atp-gLipx', 'sq0atp-XXXXXXXXXXXXXXXXXXXXXX'],
      },
    },
    {
      name: 'application-secret',
      title: 'Square OAuth application secret',
      keywords: ['sq0csp-'],
      pattern: /(?<![A-Za-z0-9_-])sq0csp-[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      envName: 'SQUARE_APPLICATION_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['sq0csp-_htiejeGrdC0gYPdIk_Z7zuHSRKXRk-hkxm26ayEQ8s'],
        negative: ['sq0csp-<application-secret>', 'sq0csp-_htiejeGrdC0gYPdIk_Z7zu'],
      },
    },
  ],
});
