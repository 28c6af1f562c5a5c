/**
 * secret/paypal-braintree: Braintree access tokens (`access_token$production$…$…`,
 * sandbox ones as warnings), Braintree API private keys and PayPal REST client
 * secrets. The last two have generic shapes (32 hex, 80 base64url): reported
 * only under a telling key name with `braintree` / `paypal` in the preceding
 * 300 characters (the same block or config section). Public keys and merchant
 * ids are identifiers, not secrets.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const paypalBraintree = secretRule({
  id: 'secret/paypal-braintree',
  title: 'Hard-coded PayPal or Braintree credential',
  rotateUrl: 'https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials#api-keys',
  detectors: [
    {
      name: 'access-token',
      title: 'Braintree production access token',
      keywords: ['access_token$production$'],
      pattern: /(?<![A-Za-z0-9_$])access_token\$production\$[a-z0-9]{16}\$[a-f0-9]{32}(?![A-Za-z0-9_$])/g,
      envName: 'BRAINTREE_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['access_token$production$nn14m00gg7n0t5us$65589f3deb36e99de46c400b9ab2067d'],
        negative: ['access_token$production$<merchant_id>$<token>', 'access_token$production$9oar9nop8h35zxu8$7ce5b3e5c9d9772c085d'],
      },
    },
    {
      name: 'sandbox-access-token',
      title: 'Braintree sandbox access token',
      keywords: ['access_token$sandbox$'],
      pattern: /(?<![A-Za-z0-9_$])access_token\$sandbox\$[a-z0-9]{16}\$[a-f0-9]{32}(?![A-Za-z0-9_$])/g,
      severity: 'warning',
      envName: 'BRAINTREE_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['access_token$sandbox$aojuezna4w3z09p9$fbd6d3784b31aa20881baea3649ff690'],
        negative: ['access_token$sandbox$xxxxxxxxxxxxxxxx$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
      },
    },
    {
      name: 'private-key',
      title: 'Braintree API private key',
      keywords: ['braintree'],
      pattern: /private[_.-]?key["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[a-f0-9]{32})(?![A-Za-z0-9_-])(?<=braintree[\s\S]{0,300})/gi,
      minEntropy: 3,
      verify: lettersAndDigits,
      envName: 'BRAINTREE_PRIVATE_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['BRAINTREE_PRIVATE_KEY=7ce5b3e5c9d9772c085d3599559270b9', 'Braintree::Configuration.private_key = 7ce5b3e5c9d9772c085d3599559270b9'],
        negative: ['BRAINTREE_PUBLIC_KEY=s7sl28de8zrivz1c', 'private_key = cf043cc65a8e6f42a53ad8ee36f2e787', 'BRAINTREE_PRIVATE_KEY=<%= ENV["BRAINTREE_PRIVATE_KEY"] %>'],
      },
    },
    {
      name: 'paypal-client-secret',
      title: 'PayPal REST API client secret',
      keywords: ['paypal'],
      pattern: /(?:client[_.-]?)?secret["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[A-Za-z0-9_-]{80})(?![A-Za-z0-9_-])(?<=paypal[\s\S]{0,300})/gi,
      minEntropy: 4,
      verify: lettersAndDigits,
      envName: 'PAYPAL_CLIENT_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['PAYPAL_CLIENT_SECRET=ES_AR6igNasieuDQjC3CvNRWHwnGh3sCCrXTbhOGM3Ei1KD35D_RpYTkm1k31NsaSqUMG4ZLl7GFDQMO'],
        negative: ['PAYPAL_CLIENT_ID=Al03msDUEZJwSZ6834m8RCLNCFiv06ADjxm1vo5NGPnQQCqofafvPtIrtk9WIut-f2bD9lqf8e83cbmn', 'PAYPAL_CLIENT_SECRET=${PAYPAL_CLIENT_SECRET}', 'client_secret = ES_AR6igNasieuDQjC3CvNRWHwnGh3sCCrXTbhOGM3Ei1KD35D_RpYTkm1k31NsaSqUMG4ZLl7GFDQMO'],
      },
    },
  ],
});
