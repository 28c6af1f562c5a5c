/**
 * secret/onepassword: 1Password service-account tokens (`ops_` + base64 JSON
 * with the account's sign-in details and key material) and account Secret
 * Keys (`A3-` + six groups). Connect server tokens are JWTs: secret/jwt.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { base64Json, lettersAndDigits } from './_saas';

export const onePassword = secretRule({
  id: 'secret/onepassword',
  title: 'Hard-coded 1Password credential',
  rotateUrl: 'https://developer.1password.com/docs/service-accounts/manage-service-accounts/',
  detectors: [
    {
      name: 'service-account-token',
      title: '1Password service account token',
      keywords: ['ops_eyj'],
      pattern: /(?<![A-Za-z0-9_])ops_eyJ[A-Za-z0-9+/]{250,4000}={0,3}(?![A-Za-z0-9_+/=])/g,
      // The payload is JSON (sign-in address, SRP and key material): a random blob is not one.
      verify: (s) => (base64Json(s.slice(4)) ? 'plausible' : 'reject'),
      envName: 'OP_SERVICE_ACCOUNT_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['ops_eyJzaWduSW5BZGRyZXNzIjoia2VzdHJlbC4xcGFzc3dvcmQuY29tIiwidXNlckF1dGgiOnsibWV0aG9kIjoiU1JQZy00MDk2IiwiYWxnIjoiUEJFUzJnLUhTMjU2IiwiaXRlcmF0aW9ucyI6NjUwMDAwLCJzYWx0IjoiaHQ3XzJ5YWpHeTRNazZ3Sllwc0RPMCJ9LCJlbWFpbCI6InR1eGgydmZzemZoajhAMXBhc3N3b3Jkc2VydmljZWFjY291bnRzLmNvbSIsInNycFgiOiJlMzQ2YmEyYjVjYzgzNmViYTdjMmE0OTdhODE5Njg5MTJjNjg3OTk2Yzk5OGQyYzNmYjhiZTgyNDc3NmQxZjMzIiwibXVrIjp7ImFsZyI6IkEyNTZHQ00iLCJleHQiOnRydWUsImsiOiJNajFnRWg3di1lNUhMSFUtNXMydGR4WHRMUzNvVWdiU1pUanl6V0lsRUJoIiwia2V5X29wcyI6WyJlbmNyeXB0IiwiZGVjcnlwdCJdLCJrdHkiOiJvY3QiLCJraWQiOiJtcCJ9LCJzZWNyZXRLZXkiOiJBMy01MVRPTUstQVVOVkZCLVhYUDFVLUZVWTdCLUhKR0xWIiwidGhyb3R0bGVTZWNyZXQiOnsic2VlZCI6IjJkNDgzMWQ0NGVmMTgwMDYyYmZhMDhkOTM0ZjAwZTAwMTJlNTI2YWJlY2VlZGFmOTY5ZjlmMjA1Yjc2NWI0ZWIiLCJ1dWlkIjoiSElCQ1o3VkNPUEZCRlNCQUk5MzNYVU5OQkkifSwiZGV2aWNlVXVpZCI6IjViaThlNWFwcnJ0cWEwejczMDU3dXhhcHVpIn0'], negative: ['ops_eyJzaWduSW5BZGRyZXNzIjoia2VzdHJlbC4xcGFzc3dvcmQuY29tIiwidXNlckF1dGgiOnsibWV0aG9kIjoiU1JQZy00MDk2IiwiYWxnIjoiUEJFUzJnLUhTMjU2IiwiaXRlcmF0aW9ucyI6NjUwMDAwLCJzYWx0IjoiaHQ3XzJ5YWpHeTRNazZ3Sllwc0RPMCJ9', 'ops_eyJ5bb80bb36a9c6d4be5779763c5602d010c61f74ce07d05b9fa644859743cb4855bb80bb36a9c6d4be5779763c5602d010c61f74ce07d05b9fa644859743cb4855bb80bb36a9c6d4be5779763c5602d010c61f74ce07d05b9fa644859743cb4855bb80bb36a9c6d4be5779763c5602d010c61f74ce07d05b9fa644859743cb485'] },
    },
    {
      name: 'secret-key',
      title: '1Password account Secret Key',
      keywords: ['a3-'],
      pattern: /(?<![A-Za-z0-9_-])A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}(?![A-Za-z0-9_-])/g,
      verify: (s) => lettersAndDigits(s.slice(3)),
      envName: 'OP_SECRET_KEY',
      samples: __NHI_SAMPLES__ && { positive: ['A3-XH0S48-SC4RXX-E9DI1-UAL03-EDE1V-SZ794'], negative: ['A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX', 'A3-ABC123-DEF456'] },
    },
  ],
});
