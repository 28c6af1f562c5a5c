/**
 * secret/netlify: Netlify personal access tokens (`nfp_` + 36 characters)
 * and legacy tokens (43–45 URL-safe characters, no prefix, so only next to a
 * Netlify token name such as `NETLIFY_AUTH_TOKEN`).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const netlify = secretRule({
  id: 'secret/netlify',
  title: 'Hard-coded Netlify access token',
  rotateUrl: 'https://docs.netlify.com/api/get-started/#authentication',
  detectors: [
    {
      name: 'personal-access-token',
      title: 'Netlify personal access token',
      keywords: ['nfp_'],
      pattern: /(?<![A-Za-z0-9_])nfp_[A-Za-z0-9]{36,40}(?![A-Za-z0-9_])/g,
      minEntropy: 4,
      envName: 'NETLIFY_AUTH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['nfp_Ab59bRili2QX1MGS3IgpV5mIDpP1ShoYo3t2', 'NETLIFY_AUTH_TOKEN=nfp_KzVYNBU0Zo2lc3ArL7N9fcQESq1CXWz2ONHG'],
        negative: ['nfp_<personal-access-token>', 'nfp_Ab59bRili2QX1MGS3IgpV5mIDp', 'confnfp_KzVYNBU0Zo2lc3ArL7N9fcQESq1CXWz2ONHG'],
      },
    },
    {
      name: 'legacy-access-token',
      title: 'Netlify access token (legacy format)',
      keywords: ['netlify'],
      pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43,45}(?![A-Za-z0-9_=-])/g,
      context: /(?:netlify[\w.-]{0,30}(?:token|auth|key|secret)|netlify[ \t]{1,5}(?:deploy|login|api)[^\n]{0,120}--auth)(?![^\n]*\n)/i,
      minEntropy: 4,
      envName: 'NETLIFY_AUTH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['NETLIFY_AUTH_TOKEN=pLcw1mIzCilYSY9OpN8eQQGE97A8kQT5PCbIP-GzsuB', 'netlify deploy --prod --auth TfYLfjDXBQszPydYtSwSkC8cjnu4swPzjR04o5Qn51j'],
        negative: ['NETLIFY_SITE_ID=c2b494bc-a84b-495c-8de8-f7286173a392', 'NETLIFY_AUTH_TOKEN=${{ secrets.NETLIFY_AUTH_TOKEN }}', 'build_hash=pLcw1mIzCilYSY9OpN8eQQGE97A8kQT5PCbIP-GzsuB'],
      },
    },
  ],
});
