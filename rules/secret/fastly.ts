/**
 * secret/fastly: Fastly API tokens — 32 URL-safe characters without a
 * prefix, so only next to a Fastly name (`FASTLY_API_TOKEN`, `Fastly-Key`
 * header, `provider "fastly"` block).
 */
import { secretRule, type Verdict } from '../../server/src/engine/secrets/detector';
import { isHashOrUuid } from '../../server/src/engine/secrets/values';

export const fastly = secretRule({
  id: 'secret/fastly',
  title: 'Hard-coded Fastly API token',
  rotateUrl: 'https://docs.fastly.com/en/guides/using-api-tokens',
  detectors: [
    {
      name: 'api-token',
      title: 'Fastly API token',
      keywords: ['fastly'],
      pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/g,
      context: /fastly[^\n]{0,60}?(?:token|api[_-]?key|key)(?![^\n]*\n)|provider[ \t]{1,5}"fastly"[ \t]{0,5}\{[ \t]*\r?\n(?![^\n]*\n)/i,
      minEntropy: 3.8,
      // An MD5 digest has the same length.
      verify: (v): Verdict => (isHashOrUuid(v) ? 'reject' : 'plausible'),
      envName: 'FASTLY_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['FASTLY_API_TOKEN=lNUhPn_CAYUEXWgrX6LiRr1f1Ek1S3Fi', 'Fastly-Key: 0_4ztq9kOesycdHPMfXUyk4nkiwWGN-4'],
        negative: ['FASTLY_SERVICE_ID=lNUhPn_CAYUEXWgrX6LiRr', 'fastly_cache_key: 9e107d9d372bb6826bd81d3542a419d6', 'FASTLY_API_TOKEN=${FASTLY_API_TOKEN}'],
      },
    },
  ],
});
