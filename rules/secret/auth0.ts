/**
 * secret/auth0: Auth0 application client secrets (64 base64url characters)
 * under a client-secret name with `auth0` in the preceding 300 characters.
 * Client ids and domains are public; Management API tokens are JWTs and left
 * to secret/jwt.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const auth0 = secretRule({
  id: 'secret/auth0',
  title: 'Hard-coded Auth0 client secret',
  rotateUrl: 'https://auth0.com/docs/get-started/applications/rotate-client-secret',
  detectors: [
    {
      name: 'client-secret',
      title: 'Auth0 client secret',
      keywords: ['auth0'],
      pattern: /client[_.-]?secret["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[A-Za-z0-9_-]{64})(?![A-Za-z0-9_-])(?<=auth0[\s\S]{0,300})/gi,
      minEntropy: 4,
      verify: lettersAndDigits,
      envName: 'AUTH0_CLIENT_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['AUTH0_CLIENT_SECRET=76ZC0SRR65O5UjHpX7m0RNpstYpdT4_aI8bG2QdTEWKlj7iQFKM0RIoPAb6kxUkx'],
        negative: ['AUTH0_CLIENT_ID=a39LKy74qZy0a59yQh5IJJeihYDC2PCf', 'client_secret = 76ZC0SRR65O5UjHpX7m0RNpstYpdT4_aI8bG2QdTEWKlj7iQFKM0RIoPAb6kxUkx', 'AUTH0_CLIENT_SECRET=<your-client-secret>'],
      },
    },
  ],
});
