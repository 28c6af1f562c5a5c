/**
 * secret/gcp: Google Cloud credentials — API keys (`AIza…`), OAuth client
 * secrets (`GOCSPX-…` and the older 24-character ones next to a Google
 * client id), OAuth access and refresh tokens, and the private key inside a
 * service-account JSON key file (reported on the `private_key` value).
 *
 * Not reported: API keys in a Firebase web config (`authDomain`,
 * `messagingSenderId` …), which Google publishes to every browser by design.
 * Gemini keys are Google API keys of the same format and are reported here.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

/**
 * The line (and the one before) of an API key that is public by design
 * (Firebase web config, google-services.json). A negative lookahead anchored
 * at the start: one linear scan, no backtracking into it.
 */
const NOT_PUBLIC_CONFIG = /^(?![\s\S]*(?:firebase|authDomain|messagingSenderId|storageBucket|measurementId|current_key))/i;

const SA_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC8YqpQnFrIWU5C\nj52R65Ty5VwNCuEzeQb4Ctl0esFqgfTKhb5LDPK2m2y4QIQQVEQAw/K+9b9y3OYX\nunf9q7XmP5GM55JokC0lo2v6vEPQne3dX+Uwxa+MiXFtp3oWrigkkKWuDz79FEhp\nCjNXNEcQi9B05Gnk+15ghURfjkGhx26u5l3ML55ldJe/QC4RV5c1Ury/69sGKAxk\nC2I+AcFZHXmtH7iRhi1WG0T9cfu0wFA8OtcLU/7NLPO2x7Kk3NOfDDTcZOJ7PtKt\nqIOlPwPlAGJ64TG6kjiiCfWPFYx5sNaDq/0Wy0dwbMHgCfs/5joEU/fVA8DH1YGP\nF5MLmd2pAgMBAAECggEABXEAJGXvxVu3A/sr/PwGCGIRn5rR2G/FgMKnd1LYZWAt\nlu/4CCjuldG1eTj715DnifIe/98PUZ0J1GOhdaVREr6BUMWbmAOaGj03MD3h45O8\nPCm58Ae1w2Rw707oGuGa7Tt0Xau5EQxV7xrJUtqCtvqi4c17NY8BMd6HlA8C3E5e\noLos022vJlaK2HFHJagx3pWU/pKnumwCNbg6xizuuQFQcMRZ7ZWVsLwONxViYIg/\nkrkLQJKh6VdUK1YiL5q38GOgaQPE93OvUik7bIZXvtLLsyX1aoqAoylb47hLE2AR\nDmt2YoELrWvo4dTMrt5QRdRd6Xz3rXHmOBgZCFhkpQKBgQD3FJB5S3FYIiwiYg5c\nCZEtFB7tE7eMyMYt1VyqCo/gyCCgZ3st/TLRFHtNEA0I97kGG0f4GNOk1Nkd+7y3\nn3IdfnjVtIsTPp//BU4Fz9eWXuvBP3v/rKDzyweSo3QIu5zSSFZDpKPpgoppC4OF\nZ6HxzKyeQ3vvxO2hx/k2Sac87wKBgQDDL6lkn8dBzAweaPGBCIpMiwfIFBy7563J\nOhnk6LMTBHk0aNT/KSZs2NogWAOEQzt53t7cBiBE4H5daqwcMG88Zq+pt/yz467Q\ntAtMxrHn45cPl2a99Id9rx2Pzs0WhHLkp/5jk3+mn15RBYX8LZm7SHi6jTgj/WsY\n+66kGhA+5wKBgCqD6lxExAsjTi7Yapoht05ncO7gfqwF/Dv0w84qpRlLtnmDdOmz\n8OOTP6hCA8wwPDE1zot9UiXBzl5fa9i44fz7PzWerHOySfuq4QMVAYbJbI3DK8YR\n4Vwx6mqsH5JFHjX85oMbOG083i43Ifl5nJ8r1eQhvpjCbRVygIp74AAXAoGATJbD\nLUzU7yiWCMi9Gxiyy94yK3xY2hLKyo8V4hC9U9UJilsoWQdYoJVm4hInLxsCl4uw\nfz2YI+7DJvzYlCcdPuI8Q6iCbEQHMLW1SWceIBPaDrAmDJuLHvI781X+e7t1KewR\nkhkqmcMnSzuTm6R5ElgZp3oKcXTbNW5s1M+1WDkCgYEAvitTilLmMmURg8CQMDj5\nP2SvhfX8P5P6UEZkVOUrvgPhsEqXIw8Z2tx/ahrJHVGX4Pd9uoKdfBPFmyNs9l2h\neeiuZLcbpiiUyXDBebfdxyGeFl7xAuL13oBdemVL4qgcxAB9jPts0ynf0S0En6gS\nlz5krteWOzb1KTiut+3xcqQ=\n-----END PRIVATE KEY-----\n';

export const gcp = secretRule({
  id: 'secret/gcp',
  title: 'Hard-coded Google Cloud credential',
  rotateUrl: 'https://cloud.google.com/iam/docs/keys-disable-enable',
  detectors: [
    {
      name: 'service-account-key',
      title: 'GCP service-account private key',
      keywords: ['service_account'],
      // `"type": "service_account"` first (the order Google writes), then the key within the same object.
      // `\\?"` also accepts the file embedded as an escaped JSON string (.env, CI variables).
      pattern:
        /\\?"type\\?"[ \t]{0,5}:[ \t]{0,5}\\?"service_account\\?"[^{}]{0,1500}?\\?"private_key\\?"[ \t]{0,5}:[ \t]{0,5}\\?"(?<secret>-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{200,5000}-----END PRIVATE KEY-----(?:\\n)?)/g,
      envName: 'GCP_SERVICE_ACCOUNT_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: [`{"type": "service_account", "project_id": "ledger-prod-4821", "private_key_id": "3416a0d69454d70aa0936f2911859f44b105efb1", "private_key": "${SA_KEY}", "client_email": "ledger-sync@ledger-prod-4821.iam.gserviceaccount.com"}`],
        negative: [
          '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}',
          '{"type": "authorized_user", "client_id": "764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com", "refresh_token": "${GCLOUD_REFRESH}"}',
        ],
      },
    },
    {
      name: 'service-account-key-by-email',
      title: 'GCP service-account private key',
      keywords: ['gserviceaccount.com'],
      // Key files whose fields were reordered: the key followed by the service account's e-mail.
      pattern:
        /\\?"private_key\\?"[ \t]{0,5}:[ \t]{0,5}\\?"(?<secret>-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{200,5000}-----END PRIVATE KEY-----(?:\\n)?)[^{}]{0,600}?@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com/g,
      envName: 'GCP_SERVICE_ACCOUNT_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: [`{"private_key": "${SA_KEY}", "client_email": "ledger-sync@ledger-prod-4821.iam.gserviceaccount.com", "type": "service_account"}`],
        negative: ['{"client_email": "ledger-sync@ledger-prod-4821.iam.gserviceaccount.com", "private_key": "${GCP_PRIVATE_KEY}"}'],
      },
    },
    {
      name: 'api-key',
      title: 'Google API key',
      keywords: ['aiza'],
      pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
      context: NOT_PUBLIC_CONFIG,
      minEntropy: 3.5,
      envName: 'GOOGLE_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['AIzahsLEnC6hq9pRP-0kfuKiMVFgZEV6SIPfLMd', 'MAPS_API_KEY=AIzaVBLZ-Nsab_gyh5sDHlOpZw59R_bJoaT0C0g', 'GEMINI_API_KEY=AIzaFFE3gQfJ_YBnEcdmocXbNtmWRWdVzsO-ndW'],
        negative: [
          'apiKey: "AIzaVBLZ-Nsab_gyh5sDHlOpZw59R_bJoaT0C0g", authDomain: "ledger-prod-4821.firebaseapp.com"',
          'AIzahsLEnC6hq9pRP-0kfuKiMVFgZE',
          'AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
        ],
      },
    },
    {
      name: 'oauth-client-secret',
      title: 'Google OAuth client secret',
      keywords: ['gocspx-'],
      pattern: /(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'GOOGLE_CLIENT_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['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', 'client_secret=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'],
        negative: ['GOCSPX-<your-client-secret>', 'GOCSPX-lZneGJoZwqwDV-t99i', 'GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
      },
    },
    {
      name: 'legacy-oauth-client-secret',
      title: 'Google OAuth client secret (legacy format)',
      keywords: ['client_secret', 'clientsecret', 'client-secret'],
      // 24 characters after a client_secret name, only on a line (or after one) that says Google.
      pattern: /client[_-]?secret\\?["']?[ \t]{0,5}(?:=>|[:=])[ \t]{0,5}\\?["']?(?<secret>[A-Za-z0-9_-]{24})(?![A-Za-z0-9_-])/gi,
      context: /google/i,
      minEntropy: 3.5,
      envName: 'GOOGLE_CLIENT_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['GOOGLE_CLIENT_SECRET=Rc70E1v5NAHXBau4-AIS0gsh'],
        negative: ['GITHUB_CLIENT_SECRET=Rc70E1v5NAHXBau4-AIS0gsh', 'GOOGLE_CLIENT_SECRET=${GOOGLE_CLIENT_SECRET}'],
      },
    },
    {
      name: 'oauth-access-token',
      title: 'Google OAuth access token',
      keywords: ['ya29.'],
      pattern: /(?<![A-Za-z0-9_.-])ya29\.[A-Za-z0-9_-][A-Za-z0-9_.-]{40,2000}(?![A-Za-z0-9_.-])/g,
      minEntropy: 4,
      // Access tokens live one hour: still a leak, less durable than a key.
      severity: 'warning',
      envName: 'GOOGLE_OAUTH_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['ya29.a0TDuuVnYxdUjWiYAAqzsS7_HM8Cvv7yUXY0bgFsEpNR9gYofmaqdNOUnn-qmpoBepF9ExD7nBBgusNJwt.yaprFubWyh9n7f57lr5pTsVKIFKCcTPwVV9_VVlFuTUHsrY16KblmgAID1OYzNae5rNhD-0PHi4TAtWt69T9mI0MAcaxHfFD22o', 'Authorization: Bearer ya29.a0TDuuVnYxdUjWiYAAqzsS7_HM8Cvv7yUXY0bgFsEpNR9gYofmaqdNOUnn-qmpoBepF9ExD7nBBgusNJwt.yaprFubWyh9n7f57lr5pTsVKIFKCcTPwVV9_VVlFuTUHsrY16KblmgAID1OYzNae5rNhD-0PHi4TAtWt69T9mI0MAcaxHfFD22o'],
        negative: ['ya29.<access-token>', 'ya29.a0TDuuVnYxdUjWiYAAqzsS7_H'],
      },
    },
    {
      name: 'oauth-refresh-token',
      title: 'Google OAuth refresh token',
      keywords: ['1//0'],
      pattern: /(?<![A-Za-z0-9_/:-])1\/\/0[A-Za-z0-9_-]{40,300}(?![A-Za-z0-9_-])/g,
      context: /refresh|google|oauth|gcloud|gmail/i,
      minEntropy: 4,
      envName: 'GOOGLE_REFRESH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['GOOGLE_REFRESH_TOKEN=1//0LCMWsY6dLzyYabJVoG3hYhSm7c7XUEuZ5i2kUjPiF8MHU0syWvURNRuc4e1lCM9Exf2h2cj7sokJS6cYWU5rq30m25tvEqXT3nT3', 'refresh_token: 1//0LCMWsY6dLzyYabJVoG3hYhSm7c7XUEuZ5i2kUjPiF8MHU0syWvURNRuc4e1lCM9Exf2h2cj7sokJS6cYWU5rq30m25tvEqXT3nT3'],
        negative: ['url: https://1//0LCMWsY6dLzyYabJVoG3hYhSm7c7XUEuZ5i2kUjPiF8MHU0syWvURNRuc', 'refresh_token: 1//0<refresh-token>'],
      },
    },
  ],
});
