/** secret/replicate: Replicate API tokens, `r8_` + 37 alphanumerics. */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedAlphanumeric } from './_ai-messaging';

export const replicate = secretRule({
  id: 'secret/replicate',
  title: 'Hard-coded Replicate API token',
  rotateUrl: 'https://replicate.com/account/api-tokens',
  detectors: [
    {
      name: 'api-token',
      title: 'Replicate API token',
      keywords: ['r8_'],
      pattern: /(?<![A-Za-z0-9_-])r8_[A-Za-z0-9]{37}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.8,
      verify: mixedAlphanumeric,
      envName: 'REPLICATE_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['r8_FEvBuXDda712AasJGnVBtWtkpBxVRvoFh1RRd', 'REPLICATE_API_TOKEN=r8_0HN2pXb1J01YUhR7ubKMmIdVt4p28HecHMmdX'],
        negative: ['r8_<your-token>', 'r8_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'var r8_sensorcalibrationoffsetsreadfromflash = 3;'],
      },
    },
  ],
});
