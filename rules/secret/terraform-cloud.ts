/**
 * secret/terraform-cloud: HCP Terraform / Terraform Enterprise API tokens
 * (14 characters, `.atlasv1.`, 60 or more), found in `.terraformrc`
 * `credentials` blocks, `credentials.tfrc.json` and CI variables.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const terraformCloud = secretRule({
  id: 'secret/terraform-cloud',
  title: 'Hard-coded Terraform Cloud API token',
  rotateUrl: 'https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens',
  detectors: [
    {
      name: 'api-token',
      title: 'Terraform Cloud API token',
      keywords: ['atlasv1'],
      pattern: /(?<![A-Za-z0-9_.-])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}(?![A-Za-z0-9_=-])/g,
      minEntropy: 4,
      verify: lettersAndDigits,
      envName: 'TF_API_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['N47UoyAvbZueKR.atlasv1.LLh-ORmlx1Y4UDhohX0ixrKnBBNNDh-BK5LLF7nlJSKEnjnqTv8n-EGidKazvjWv9JC'], negative: ['xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'N47UoyAvbZueKR.atlasv1.LLh-ORmlx1Y4UDhohX0ixrKnBBN'] },
    },
  ],
});
