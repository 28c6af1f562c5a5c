/**
 * secret/adyen: Adyen API keys (`AQE…`, two or three dash-separated base64
 * parts) and HMAC keys that sign notification webhooks (64 hex, by name).
 * Both need `adyen` in the preceding 300 (API key: 500) characters: the key shape alone is too rare to be certain of.
 * Client keys (`live_…`/`test_…`) are embedded in checkout pages by design.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const adyen = secretRule({
  id: 'secret/adyen',
  title: 'Hard-coded Adyen credential',
  rotateUrl: 'https://docs.adyen.com/development-resources/api-credentials/#generate-api-key',
  detectors: [
    {
      name: 'api-key',
      title: 'Adyen API key',
      keywords: ['adyen'],
      pattern: /(?<![A-Za-z0-9+/])AQE[A-Za-z0-9+/]{60,160}={0,2}-[A-Za-z0-9+/]{43}=(?:-[!#-&(-~]{8,40})?(?<=[Aa][Dd][Yy][Ee][Nn][\s\S]{0,500})/g,
      minEntropy: 4,
      envName: 'ADYEN_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['ADYEN_API_KEY=AQEeIytm+tDhrS4bW1sIP8SkrPsNKdzmrvmqFoQIkQ2RW4qvQBRV23Iv2Aj6PlqbqjxspCo/buk00ZWc8iEvNktb7lDhh==-x41G3w0zpOOOcVm7XQMQZB4A9MR3v1MJCVlV4JcwX0Q=-JUXOp,dgLOK2IzgM'],
        negative: ['ADYEN_CLIENT_KEY=live_R3EX8DCEE6QL8VQTHTE4NUWBOK09GFB7', 'ADYEN_API_KEY=AQE...', 'api_key: AQEeIytm+tDhrS4bW1sIP8SkrPsNKdzmrvmqFoQIkQ2RW4qvQBRV23Iv2Aj6PlqbqjxspCo/buk00ZWc8iEvNktb7lDhh==-x41G3w0zpOOOcVm7XQMQZB4A9MR3v1MJCVlV4JcwX0Q=-JUXOp,dgLOK2IzgM'],
      },
    },
    {
      name: 'hmac-key',
      title: 'Adyen webhook HMAC key',
      keywords: ['adyen'],
      pattern: /hmac[_.-]?(?:key|secret)["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[A-Fa-f0-9]{64})(?![A-Za-z0-9_-])(?<=adyen[\s\S]{0,300})/gi,
      minEntropy: 3,
      verify: lettersAndDigits,
      envName: 'ADYEN_HMAC_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['ADYEN_HMAC_KEY=92F4C17DEF4D99AA6A4517E2AF393502CEFCE8F715F257CDEF770F70676EE671'],
        negative: ['WEBHOOK_HMAC_KEY=92F4C17DEF4D99AA6A4517E2AF393502CEFCE8F715F257CDEF770F70676EE671', 'ADYEN_HMAC_KEY=${ADYEN_HMAC_KEY}'],
      },
    },
  ],
});
