/**
 * secret/stripe: Stripe secret keys (sk_), restricted keys (rk_) and webhook
 * signing secrets (whsec_). Test-mode keys cannot move money but still read
 * and write test data and reveal the account: reported as warnings.
 * Publishable keys (pk_live_/pk_test_) are public by design and never match.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedCaseAndDigits } from './_saas';

/**
 * Keys Stripe prints in its own documentation and quick-starts, shared by every
 * reader: documentation samples, like AWS's …EXAMPLE keys, not secrets.
 */
const STRIPE_DOC_SAMPLES = new Set(['sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'sk_test_BQokikJOvBiI2HlWgH4olfQ2', 'rk_test_26PHem9AhJZvU623DfE1x4sd']);

const notDocSample = (s: string) => (STRIPE_DOC_SAMPLES.has(s) ? 'reject' : mixedCaseAndDigits(s.slice(8)));

export const stripe = secretRule({
  id: 'secret/stripe',
  title: 'Hard-coded Stripe key',
  rotateUrl: 'https://docs.stripe.com/keys#rolling-keys',
  detectors: [
    {
      name: 'secret-key-live',
      title: 'Stripe live secret key',
      keywords: ['sk_live_'],
      pattern: /(?<![A-Za-z0-9_])sk_live_[A-Za-z0-9]{24,247}(?![A-Za-z0-9_])/g,
      verify: (s) => mixedCaseAndDigits(s.slice(8)),
      envName: 'STRIPE_SECRET_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['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', 'sk_live_51frrvEubvXFl0cnWs2VzSOa'],
        negative: ['pk_live_51BJqPoBVHiwJg8lMql6QYINR0mCAr3fwU0PLlLuukDXMctv0cRK6Ry0hIFCrMQKrie5yGH6qlqrSGlCkaP1mTWMY8EJnaIg8O3', 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'sk_live_51ZHRYbcYIcc', 'task_live_sk_live_51frrvEubvXFl0cnWs2VzSOa'],
      },
    },
    {
      name: 'secret-key-test',
      title: 'Stripe test-mode secret key',
      keywords: ['sk_test_'],
      pattern: /(?<![A-Za-z0-9_])sk_test_[A-Za-z0-9]{24,247}(?![A-Za-z0-9_])/g,
      verify: notDocSample,
      severity: 'warning',
      envName: 'STRIPE_SECRET_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['sk_test_51pvSIL4MUcam0xT0Fg0gJxWDAer9k6VPS2qDP0MzfCbuiIErvOtlcRgkDwxpTFc98lyI0fDAVvfx29y1MvDQQcnwePUiS5y7gK', 'sk_test_51o4s2UxXCtII93sracHpOcu'],
        negative: ['pk_test_51tv15f05k9ja99KYSAQGgYmwem9fFVuadw2WAG7HQiQE5Ie0rPmBrOVbppbR9xlq4fw39hEF6iqx6RYnsTigxMeI6kozqtlwDp', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'sk_test_<your-secret-key>', 'sk_test_xxxxxxxxxxxxxxxxxxxxxxxx'],
      },
    },
    {
      name: 'restricted-key-live',
      title: 'Stripe live restricted key',
      keywords: ['rk_live_'],
      pattern: /(?<![A-Za-z0-9_])rk_live_[A-Za-z0-9]{24,247}(?![A-Za-z0-9_])/g,
      verify: (s) => mixedCaseAndDigits(s.slice(8)),
      envName: 'STRIPE_RESTRICTED_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['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', 'rk_live_51UJSGiC1S9P9WLySD7BqtTH'],
        negative: ['rk_live_51Ua8l5o', 'work_live_rk_live_51UJSGiC1S9P9WLySD7BqtTH'],
      },
    },
    {
      name: 'restricted-key-test',
      title: 'Stripe test-mode restricted key',
      keywords: ['rk_test_'],
      pattern: /(?<![A-Za-z0-9_])rk_test_[A-Za-z0-9]{24,247}(?![A-Za-z0-9_])/g,
      verify: notDocSample,
      severity: 'warning',
      envName: 'STRIPE_RESTRICTED_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['rk_test_5197UsaqE78h0w2xPceoLfbk1tsPHnb49voUtetO5SXHoN1M3wrxhYobPH09QfDQseiucnuF0GYnV4TFhrduXLYegMR6MDOJIQG'],
        negative: ['rk_test_5197Us', 'rk_test_abcdefghijklmnopqrstuvwxyz'],
      },
    },
    {
      name: 'webhook-secret',
      title: 'Stripe webhook signing secret',
      keywords: ['whsec_'],
      pattern: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/]{32,88}={0,2}(?![A-Za-z0-9_+/=])/g,
      minEntropy: 3.5,
      envName: 'STRIPE_WEBHOOK_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['whsec_45BhDPSlGXDTJHl10BQDXUCOIOdJoHlP', 'whsec_f09a1cfd698e51ffdee92072287bb2a625c30e3bf78ae88dad5a6a5b6a781129'],
        negative: ['whsec_...', 'whsec_45BhDPSlGXDTJH', 'whsec_0000000000000000000000000000000000'],
      },
    },
  ],
});
