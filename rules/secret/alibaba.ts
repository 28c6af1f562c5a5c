/**
 * secret/alibaba: Alibaba Cloud (Aliyun) AccessKey pairs. The AccessKey id
 * starts with `LTAI`; the 30-character AccessKey secret has no prefix and is
 * reported only next to a name or word that says Alibaba. STS key ids
 * (`STS.…`) are reported next to an Alibaba context: they come with a
 * security token and secret in the same place.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const alibaba = secretRule({
  id: 'secret/alibaba',
  title: 'Hard-coded Alibaba Cloud AccessKey',
  rotateUrl: 'https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair',
  detectors: [
    {
      name: 'access-key-id',
      title: 'Alibaba Cloud AccessKey id',
      keywords: ['ltai'],
      pattern: /(?<![A-Za-z0-9_])LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9_])/g,
      minEntropy: 3.5,
      envName: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
      samples: __NHI_SAMPLES__ && {
        positive: ['LTAI5tjD8mxLTnpLq02Nh47O', 'access_key_id = LTAIPPygjOkKp8HJgZo4'],
        negative: ['LTAI<your-access-key-id>', 'LTAIxxxxxxxxxxxxxxxx', 'ALTAI5tjD8mxLTnpLq02Nh47O', 'LTAI5tjD8mxL'],
      },
    },
    {
      name: 'access-key-secret',
      title: 'Alibaba Cloud AccessKey secret',
      keywords: ['access_key_secret', 'accesskeysecret', 'access-key-secret', 'aliyun', 'alibaba', 'alicloud'],
      pattern: /(?<![A-Za-z0-9_])[A-Za-z0-9]{30}(?![A-Za-z0-9_])/g,
      // "AccessKey secret" is Alibaba's own term (AWS says "secret access key").
      context: /(?:access[_-]?key[_-]?secret|(?:aliyun|alibaba|alicloud)[\w.-]{0,30}(?:secret|key))(?![^\n]*\n)/i,
      minEntropy: 4,
      envName: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['ALIBABA_CLOUD_ACCESS_KEY_SECRET=HvcfyQ5FGIzWLTIGSTHSRNB0YGSUIn', 'accessKeySecret: 20SUHPF7mbJ0ChPdQQNzMuSBkgeNCs'],
        negative: ['ALIBABA_CLOUD_ACCESS_KEY_SECRET=${ALIBABA_CLOUD_ACCESS_KEY_SECRET}', 'aliyun_region_id: cn-hangzhou', 'build_id=HvcfyQ5FGIzWLTIGSTHSRNB0YGSUIn'],
      },
    },
    {
      name: 'sts-access-key-id',
      title: 'Alibaba Cloud STS AccessKey id',
      keywords: ['sts.'],
      pattern: /(?<![A-Za-z0-9_.])STS\.[A-Za-z0-9]{20,32}(?![A-Za-z0-9_])/g,
      context: /(?:aliyun|alibaba|alicloud|access[_-]?key[_-]?id|accesskeyid)(?![^\n]*\n)/i,
      minEntropy: 3.8,
      envName: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
      samples: __NHI_SAMPLES__ && {
        positive: ['ALIBABA_CLOUD_ACCESS_KEY_ID=STS.SjeATBfKzTBChEwvnm1EyPSde'],
        negative: ['access_key_id = STS.<temporary-id>', 'import posts.SjeATBfKzTBChEwvnm1EyPSde'],
      },
    },
  ],
});
