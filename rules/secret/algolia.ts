/**
 * secret/algolia: Algolia admin API keys (32 hex) under an admin-key name with
 * `algolia` in the preceding 300 characters. Search-only keys have the same
 * shape and are meant for browsers: they are not reported.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const algolia = secretRule({
  id: 'secret/algolia',
  title: 'Hard-coded Algolia admin API key',
  rotateUrl: 'https://www.algolia.com/doc/guides/security/api-keys/#rotating-api-keys',
  detectors: [
    {
      name: 'admin-api-key',
      title: 'Algolia admin API key',
      keywords: ['algolia'],
      pattern: /(?:admin|write)[_.-]?(?:api[_.-]?)?key["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[a-f0-9]{32})(?![A-Za-z0-9_-])(?<=algolia[\s\S]{0,300})/gi,
      minEntropy: 3,
      verify: lettersAndDigits,
      envName: 'ALGOLIA_ADMIN_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['ALGOLIA_ADMIN_KEY=d76d73fcf3da0f8c64fc07ec83712114', 'ALGOLIA_ADMIN_API_KEY: d76d73fcf3da0f8c64fc07ec83712114'],
        negative: ['ALGOLIA_SEARCH_KEY=5688835370b9900830094d522056071e', 'ALGOLIA_SEARCH_ONLY_API_KEY=5688835370b9900830094d522056071e', 'admin_key = cf043cc65a8e6f42a53ad8ee36f2e787'],
      },
    },
  ],
});
