/**
 * secret/okta: Okta API tokens (`00` + 40 base64url characters), after the
 * `SSWS` authorization scheme or under a token name with `okta` in the
 * preceding 300 characters (Terraform `provider "okta"`, okta.yaml).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const okta = secretRule({
  id: 'secret/okta',
  title: 'Hard-coded Okta API token',
  rotateUrl: 'https://developer.okta.com/docs/guides/create-an-api-token/main/',
  detectors: [
    {
      name: 'api-token',
      title: 'Okta API token',
      keywords: ['okta', 'ssws'],
      pattern: /(?:SSWS[ \t]{1,4}|(?:api[_.-]?)?token["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?)(?<secret>00[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])(?<=(?:okta|ssws)[\s\S]{0,300})/gi,
      minEntropy: 4,
      verify: lettersAndDigits,
      envName: 'OKTA_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['OKTA_API_TOKEN=007EcIpMkR_mAukVp30kBx3RUsbw8RKndWVUzqOi75', 'Authorization: SSWS 007EcIpMkR_mAukVp30kBx3RUsbw8RKndWVUzqOi75'],
        negative: ['OKTA_CLIENT_ID=0oa4x7kq2zUvB9mT35d7', 'api_token = 007EcIpMkR_mAukVp30kBx3RUsbw8RKndWVUzqOi75', 'OKTA_API_TOKEN=${OKTA_API_TOKEN}'],
      },
    },
  ],
});
