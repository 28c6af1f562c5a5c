/** secret/postman: Postman API keys (`PMAK-` + 24 hex + `-` + 34 hex). */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const postman = secretRule({
  id: 'secret/postman',
  title: 'Hard-coded Postman API key',
  rotateUrl: 'https://learning.postman.com/docs/developer/postman-api/authentication/',
  detectors: [
    {
      name: 'api-key',
      title: 'Postman API key',
      keywords: ['pmak-'],
      pattern: /(?<![A-Za-z0-9_-])PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}(?![A-Za-z0-9_-])/g,
      verify: (s) => lettersAndDigits(s.slice(5)),
      envName: 'POSTMAN_API_KEY',
      samples: __NHI_SAMPLES__ && { positive: ['PMAK-76801da1242503a2320897d1-d797f5625f499c3058ab24d5a6f8a2908e'], negative: ['PMAK-76801da1242503a2320897d1-d797f5625f', 'PMAK-<your-api-key>'] },
    },
  ],
});
