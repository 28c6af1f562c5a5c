/**
 * secret/infisical: Infisical service tokens (`st.` + 24 hex id + two 32-hex
 * parts: distinctive on their own) and universal-auth client secrets (64 hex,
 * only under a client-secret name with `infisical` in the preceding 300
 * characters). Client ids are UUIDs and not secret.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const infisical = secretRule({
  id: 'secret/infisical',
  title: 'Hard-coded Infisical token or client secret',
  rotateUrl: 'https://infisical.com/docs/documentation/platform/identities/universal-auth',
  detectors: [
    {
      name: 'service-token',
      title: 'Infisical service token',
      keywords: ['st.'],
      pattern: /(?<![A-Za-z0-9_.-])st\.[a-f0-9]{24}\.[a-f0-9]{32}\.[a-f0-9]{32}(?![A-Za-z0-9_.-])/g,
      verify: (s) => lettersAndDigits(s.slice(3)),
      envName: 'INFISICAL_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['st.26e1665ee1685a948fa88908.bbe76fe571e2914ab23fd0f4db473f4d.9fb58216eaee914cd370939c3929dd74'], negative: ['st.26e1665ee1685a948fa88908.bbe76fe571e2914ab23fd0f4db473f4d', 'st.<service-token>'] },
    },
    {
      name: 'universal-auth-client-secret',
      title: 'Infisical universal-auth client secret',
      keywords: ['infisical'],
      pattern: /client[_.-]?secret["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[a-f0-9]{64})(?![A-Za-z0-9_-])(?<=infisical[\s\S]{0,300})/gi,
      minEntropy: 3,
      verify: lettersAndDigits,
      envName: 'INFISICAL_CLIENT_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=42aecc3ce238e3788aaddfb3d4ece17a53955cf624123563c28fda5210906983'],
        negative: ['INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=9e89a52e-7279-4dd3-a52f-4b0fa37f3539', 'client_secret = 42aecc3ce238e3788aaddfb3d4ece17a53955cf624123563c28fda5210906983'],
      },
    },
  ],
});
