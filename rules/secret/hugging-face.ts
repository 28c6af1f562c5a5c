/**
 * secret/hugging-face: Hugging Face user access tokens (`hf_` + 34 letters) and
 * legacy organisation API tokens (`api_org_` + 34 letters).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedCaseLetters } from './_ai-messaging';

export const huggingFace = secretRule({
  id: 'secret/hugging-face',
  title: 'Hard-coded Hugging Face token',
  rotateUrl: 'https://huggingface.co/settings/tokens',
  detectors: [
    {
      name: 'access-token',
      title: 'Hugging Face access token',
      keywords: ['hf_'],
      pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z]{34}(?![A-Za-z0-9_])/g,
      minEntropy: 3.5,
      verify: mixedCaseLetters,
      envName: 'HF_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['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', 'HUGGING_FACE_HUB_TOKEN=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'],
        negative: [
          'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'from huggingface_hub import hf_hub_download',
          'def 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(): ...',
          '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9',
        ],
      },
    },
    {
      name: 'org-api-token',
      title: 'Hugging Face organisation API token',
      keywords: ['api_org_'],
      pattern: /(?<![A-Za-z0-9_])api_org_[A-Za-z]{34}(?![A-Za-z0-9_])/g,
      minEntropy: 3.5,
      verify: mixedCaseLetters,
      envName: 'HF_ORG_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['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'],
        negative: ['api_org_<organization-token>', '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'],
      },
    },
  ],
});
