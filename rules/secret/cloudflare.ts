/**
 * secret/cloudflare: Cloudflare API tokens (40 characters) and the legacy
 * Global API Key (37 hex characters) — both without a prefix, so only next to
 * a Cloudflare name — Origin CA keys (`v1.0-…`), and cloudflared tunnel tokens
 * (base64 JSON holding the tunnel secret, checked by decoding).
 */
import { secretRule, type Verdict } from '../../server/src/engine/secrets/detector';
import { isHashOrUuid } from '../../server/src/engine/secrets/values';

/** A tunnel token decodes to `{"a": account tag, "t": tunnel id, "s": secret}`. */
function isTunnelToken(token: string): Verdict {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (!decoded || typeof decoded !== 'object') return 'reject';
    const { a, t, s } = decoded as Record<string, unknown>;
    return typeof a === 'string' && typeof t === 'string' && typeof s === 'string' && s.length >= 32 ? 'checksum-valid' : 'reject';
  } catch {
    return 'reject';
  }
}

const TUNNEL = 'eyJhIjoiOGZiNzIwMTEzMGJiZTJiYmVjNjg2MTI5YzA1ZTdhNzAiLCJ0IjoiNzc0MDg2YzgtMWQ4NC00YWRiLWEwNDgtMDQzYTI1N2QzY2I4IiwicyI6ImFacVcvTjJ0YVFzMndPKzJNU2dKTWMxYXNqMG5FRXVqMnIrU0ZrTjJSNTg9In0=';

export const cloudflare = secretRule({
  id: 'secret/cloudflare',
  title: 'Hard-coded Cloudflare credential',
  rotateUrl: 'https://developers.cloudflare.com/fundamentals/api/how-to/roll-token/',
  detectors: [
    {
      name: 'origin-ca-key',
      title: 'Cloudflare Origin CA key',
      keywords: ['v1.0-'],
      pattern: /(?<![A-Za-z0-9_.-])v1\.0-[a-f0-9]{24}-[a-f0-9]{146}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'CLOUDFLARE_ORIGIN_CA_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['v1.0-facb608d6002df621336aa07-ed977c2eaf2c7a57313625693e8f80beeda10af0f2ba8dbee3453f4802424e470a500748521680b228303b5033a6375edafd4c54fe8c3c4334b5b6a17caa319b0bba4a6e77369bb53d', 'CF_ORIGIN_CA_KEY=v1.0-facb608d6002df621336aa07-ed977c2eaf2c7a57313625693e8f80beeda10af0f2ba8dbee3453f4802424e470a500748521680b228303b5033a6375edafd4c54fe8c3c4334b5b6a17caa319b0bba4a6e77369bb53d'],
        negative: ['v1.0-<origin-ca-key>', 'v1.0-facb608d6002df621336aa07-ed977c2eaf2c7a57313625693e8f80beeda10af0f2ba8dbee3453f4802424e470a500748521680b228303b5033', 'api/v1.0-facb608d6002df6'],
      },
    },
    {
      name: 'tunnel-token',
      title: 'Cloudflare Tunnel token',
      keywords: ['eyjhijoi'],
      pattern: /(?<![A-Za-z0-9+/])eyJhIjoi[A-Za-z0-9+/]{100,400}={0,2}(?![A-Za-z0-9+/=])/g,
      verify: isTunnelToken,
      envName: 'TUNNEL_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: [TUNNEL, `cloudflared tunnel run --token ${TUNNEL}`],
        // base64 of {"a":"b"}… that is not a tunnel token.
        negative: [Buffer.from(JSON.stringify({ a: 'analytics-dashboard-widget', b: 'x'.repeat(80) })).toString('base64')],
      },
    },
    {
      name: 'api-token',
      title: 'Cloudflare API token',
      keywords: ['cloudflare', 'cf_api_token', 'cf_dns_api_token', 'cf_zone_api_token'],
      pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])/g,
      context: /(?:cloudflare[^\n]{0,80}?token|\bcf[_-]?(?:dns[_-]?|zone[_-]?)?api[_-]?token)(?![^\n]*\n)|provider[ \t]{1,5}"cloudflare"[ \t]{0,5}\{[ \t]*\r?\n(?![^\n]*\n)/i,
      minEntropy: 4,
      // A git SHA-1 is also 40 characters.
      verify: (v): Verdict => (isHashOrUuid(v) ? 'reject' : 'plausible'),
      envName: 'CLOUDFLARE_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['CLOUDFLARE_API_TOKEN=PvplVZAqq7sqNIKqFdBCs1oyKtb4NR0M1nT-dyCw', 'CF_DNS_API_TOKEN: oWs3pjxV7TyAKOgl99gVxOmraHyDMChl3dLETSGG'],
        negative: ['CLOUDFLARE_API_TOKEN=${{ secrets.CLOUDFLARE_API_TOKEN }}', 'cloudflare_commit_token: 9fceb02d0ae598e95dc970b74767f19372d61af8', 'CLOUDFLARE_ACCOUNT_ID=c3ab6a1b19b6d6cc1e7bd1594def4589'],
      },
    },
    {
      name: 'global-api-key',
      title: 'Cloudflare Global API Key',
      keywords: ['cloudflare', 'cf_api_key', 'x-auth-key'],
      pattern: /(?<![A-Za-z0-9_])[a-f0-9]{37}(?![A-Za-z0-9_])/g,
      context: /(?:cloudflare[^\n]{0,80}?(?:api[_-]?key|global|auth[_-]?key)|\bcf[_-]?(?:global[_-]?)?api[_-]?key|X-Auth-Key)(?![^\n]*\n)|provider[ \t]{1,5}"cloudflare"[ \t]{0,5}\{[ \t]*\r?\n(?![^\n]*\n)/i,
      minEntropy: 3.5,
      envName: 'CLOUDFLARE_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['CLOUDFLARE_API_KEY=c3ab6a1b19b6d6cc1e7bd1594def45891d2a0', 'X-Auth-Key: 5b1d2b2490007c465fd83fe31c7c507de0325'],
        negative: ['CLOUDFLARE_ZONE_ID=c3ab6a1b19b6d6cc1e7bd1594def4589', 'CLOUDFLARE_API_KEY=5b1d2b2490007c465fd83fe31c7c507de03250'],
      },
    },
  ],
});
