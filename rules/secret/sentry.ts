/**
 * secret/sentry: Sentry user auth tokens (sntryu_), organization auth tokens
 * (sntrys_ + base64 JSON + secret), legacy 64-hex auth tokens under a token
 * name with `sentry` nearby, and legacy DSNs that carry a secret key
 * (`https://<public>:<secret>@host/<project>`). A modern DSN
 * (`https://<public>@o1.ingest.sentry.io/2`) is public by design — browser
 * SDKs ship it — and is never reported.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { base64Json, lettersAndDigits } from './_saas';

export const sentry = secretRule({
  id: 'secret/sentry',
  title: 'Hard-coded Sentry token or DSN secret',
  rotateUrl: 'https://docs.sentry.io/account/auth-tokens/',
  detectors: [
    {
      name: 'user-auth-token',
      title: 'Sentry user auth token',
      keywords: ['sntryu_'],
      pattern: /(?<![A-Za-z0-9_])sntryu_[a-f0-9]{64}(?![A-Za-z0-9_])/g,
      verify: (s) => lettersAndDigits(s.slice(7)),
      envName: 'SENTRY_AUTH_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['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'], negative: ['sntryu_3d6597127f3c35c90f1d9e591e4b00c9c', 'sntryu_<token>'] },
    },
    {
      name: 'org-auth-token',
      title: 'Sentry organization auth token',
      keywords: ['sntrys_'],
      pattern: /(?<![A-Za-z0-9_])sntrys_eyJ[A-Za-z0-9+/]{20,800}={0,2}_[A-Za-z0-9+/]{43}(?![A-Za-z0-9_+/=])/g,
      // The middle part is the token's public claims (org, region): it must decode to JSON.
      verify: (s) => (base64Json(s.slice(7, s.lastIndexOf('_'))) ? 'plausible' : 'reject'),
      envName: 'SENTRY_AUTH_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['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'], negative: ['sntrys_eyJsntryu_3d6597127f3c35c90f1d9e591e4b00c9cb4de45c9cf910ba6126c_sntrys_eyJpYXQiOjE3NjQwMDAwMDAuMTIzNDU2LCJ1', 'sntrys_...'] },
    },
    {
      name: 'legacy-auth-token',
      title: 'Sentry auth token (64 hex)',
      keywords: ['sentry'],
      pattern: /(?:auth[_.-]?token|api[_.-]?(?:key|token)|sentry[_.-]?token)["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[a-f0-9]{64})(?![A-Za-z0-9_-])(?<=sentry[\s\S]{0,300})/gi,
      minEntropy: 3,
      verify: lettersAndDigits,
      envName: 'SENTRY_AUTH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['SENTRY_AUTH_TOKEN=09d0915ffbbd73acc3d5a53135fe9c24c98c82785e91191dbcc8b0f695179043'],
        negative: ['SENTRY_RELEASE=5bb80bb36a9c6d4be5779763c5602d010c61f74ce07d05b9fa644859743cb485', 'auth_token = 5bb80bb36a9c6d4be5779763c5602d010c61f74ce07d05b9fa644859743cb485', 'SENTRY_AUTH_TOKEN=${{ secrets.SENTRY_AUTH_TOKEN }}'],
      },
    },
    {
      name: 'dsn-secret',
      title: 'Sentry DSN secret key',
      keywords: ['sentry', 'dsn'],
      // Only the legacy form with `public:secret@`; the secret is the part after the colon.
      pattern: /https?:\/\/[a-f0-9]{32}:(?<secret>[a-f0-9]{32})@[A-Za-z0-9.-]{1,120}(?::[0-9]{1,5})?\/[0-9]{1,12}(?![0-9])/g,
      context: /sentry|dsn/i,
      verify: lettersAndDigits,
      envName: 'SENTRY_DSN',
      samples: __NHI_SAMPLES__ && {
        positive: ['SENTRY_DSN=https://ae1895c6bbf682b4db86c764120cfbd0:cd50c3083726c83c3937d4ecef5007f8@sentry.kestrel.dev/4'],
        negative: ['SENTRY_DSN=https://0b645a1d67785b423410a0ab0f059fd7@o4508231.ingest.us.sentry.io/4508231234', 'SENTRY_DSN=https://ae1895c6bbf682b4db86c764120cfbd0:${SENTRY_SECRET}@sentry.io/4'],
      },
    },
  ],
});
