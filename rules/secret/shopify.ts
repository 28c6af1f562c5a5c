/**
 * secret/shopify: Shopify Admin API access tokens (shpat_), custom-app tokens
 * (shpca_), legacy private-app passwords (shppa_) and app shared secrets
 * (shpss_), each a prefix and 32 hex characters.
 */
import { secretRule, type Detector } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

/** Each prefix needs its own literal pattern (no dynamic RegExp), so only the rest is shared. */
function shopify(name: string, title: string, keyword: string, pattern: RegExp, envName: string, positive: string | false): Detector {
  return {
    name,
    title,
    keywords: [keyword],
    pattern,
    minEntropy: 3,
    verify: (s) => lettersAndDigits(s.slice(6)),
    envName,
    samples: __NHI_SAMPLES__ && positive !== false && {
      positive: [positive],
      negative: [`${keyword}${positive.slice(6, 30)}`, `${keyword}${'0'.repeat(32)}`, `my${keyword}${positive.slice(6)}0`],
    },
  };
}

export const shopifyToken = secretRule({
  id: 'secret/shopify',
  title: 'Hard-coded Shopify token or secret',
  rotateUrl: 'https://help.shopify.com/en/manual/apps/app-types/custom-apps#rotate-or-revoke-api-credentials',
  detectors: [
    shopify('admin-access-token', 'Shopify Admin API access token', 'shpat_', /(?<![A-Za-z0-9_])shpat_[a-fA-F0-9]{32}(?![A-Za-z0-9_])/g, 'SHOPIFY_ACCESS_TOKEN', __NHI_SAMPLES__ && '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'),
    shopify('custom-app-token', 'Shopify custom app access token', 'shpca_', /(?<![A-Za-z0-9_])shpca_[a-fA-F0-9]{32}(?![A-Za-z0-9_])/g, 'SHOPIFY_ACCESS_TOKEN', __NHI_SAMPLES__ && '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'),
    shopify('private-app-token', 'Shopify private app password', 'shppa_', /(?<![A-Za-z0-9_])shppa_[a-fA-F0-9]{32}(?![A-Za-z0-9_])/g, 'SHOPIFY_ACCESS_TOKEN', __NHI_SAMPLES__ && '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'),
    shopify('shared-secret', 'Shopify app shared secret', 'shpss_', /(?<![A-Za-z0-9_])shpss_[a-fA-F0-9]{32}(?![A-Za-z0-9_])/g, 'SHOPIFY_API_SECRET', __NHI_SAMPLES__ && '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'),
  ],
});
