/** secret/pulumi: Pulumi Cloud access tokens (`pul-` + 40 hex). */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const pulumi = secretRule({
  id: 'secret/pulumi',
  title: 'Hard-coded Pulumi access token',
  rotateUrl: 'https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/',
  detectors: [
    {
      name: 'access-token',
      title: 'Pulumi access token',
      keywords: ['pul-'],
      pattern: /(?<![A-Za-z0-9_-])pul-[a-f0-9]{40}(?![A-Za-z0-9_-])/g,
      verify: (s) => lettersAndDigits(s.slice(4)),
      envName: 'PULUMI_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['pul-dd24305fb7f363eba70a911332f20575ff7b72fa'], negative: ['pul-dd24305fb7f363eba70a911332', 'pul-<access-token>', 'repul-bd0a6c168910f6507e676c6329b74b2030992d0e'] },
    },
  ],
});
