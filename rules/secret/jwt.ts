/**
 * secret/jwt: JSON Web Tokens that work as credentials — signed (alg not
 * `none`), with credential claims (sub, iss, aud, exp, scope, role …), not the
 * jwt.io doc token and not a publishable Supabase anon key — plus JWT signing
 * secrets assigned to names that say so. A token whose `exp` is past can no
 * longer authenticate: it is reported as a warning (it still discloses claims
 * and, for HS256, lets anyone brute-force the signing secret offline).
 */
import { secretRule, type Detector, type Verdict } from '../../server/src/engine/secrets/detector';
import { decodeJwt } from '../../server/src/engine/secrets/formats';
import { judgeJwt } from './_keys-connections';
import * as K from './_key-samples';

const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,2000}\.eyJ[A-Za-z0-9_-]{10,8000}\.[A-Za-z0-9_-]{16,1400}(?![A-Za-z0-9_-])/g;
const NOT_CREDENTIALS = [K.JWT_IO_SAMPLE, K.JWT_ALG_NONE, K.JWT_NO_CLAIMS, K.JWT_SUPABASE_ANON, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ.<signature>'];

function live(claim: (payload: Record<string, unknown>) => boolean) {
  return (token: string): Verdict => {
    if (judgeJwt(token) !== 'live') return 'reject';
    const payload = decodeJwt(token)?.payload;
    return payload && claim(payload) ? 'plausible' : 'reject';
  };
}

const detectors: Detector[] = [
  {
    name: 'supabase-service-role-key',
    title: 'Supabase service_role key (JWT, bypasses row-level security)',
    keywords: ['eyj'],
    pattern: JWT,
    verify: live((p) => p.role === 'service_role' && String(p.iss ?? '').includes('supabase')),
    envName: 'SUPABASE_SERVICE_ROLE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.JWT_SUPABASE_SERVICE_ROLE], negative: NOT_CREDENTIALS },
  },
  {
    name: 'kubernetes-service-account-token',
    title: 'Kubernetes service-account token (JWT)',
    keywords: ['eyj'],
    pattern: JWT,
    verify: live((p) => p.iss === 'kubernetes/serviceaccount' || 'kubernetes.io' in p || String(p.sub ?? '').startsWith('system:serviceaccount:')),
    envName: 'KUBE_TOKEN',
    samples: __NHI_SAMPLES__ && { positive: [K.JWT_KUBERNETES_SA], negative: NOT_CREDENTIALS },
  },
  {
    name: 'signed-jwt',
    title: 'signed JWT',
    keywords: ['eyj'],
    pattern: JWT,
    verify: live(() => true),
    envName: 'AUTH_TOKEN',
    samples: __NHI_SAMPLES__ && { positive: [K.JWT_LIVE, `Authorization: Bearer ${K.JWT_LIVE}`], negative: [...NOT_CREDENTIALS, `x${K.JWT_LIVE}`] },
  },
  {
    name: 'expired-jwt',
    title: 'expired signed JWT',
    keywords: ['eyj'],
    pattern: JWT,
    verify: (token) => (judgeJwt(token) === 'expired' ? 'plausible' : 'reject'),
    severity: 'warning',
    envName: 'AUTH_TOKEN',
    samples: __NHI_SAMPLES__ && { positive: [K.JWT_EXPIRED], negative: NOT_CREDENTIALS },
  },
  {
    name: 'jwt-signing-secret',
    title: 'JWT signing secret',
    keywords: ['jwt'],
    // JWT_SECRET=…, jwt.secret: …, "jwtSecret": "…", app.config['JWT_SECRET_KEY'] = '…'
    pattern: /(?<![A-Za-z0-9])jwt[_.-]?(?:secret(?:[_.-]?key)?|signing[_.-]?(?:key|secret)|hmac[_.-]?key)\\?["'\]]{0,2}[ \t]{0,4}(?::=|[:=])[ \t]{0,4}\\?["'`]?(?<secret>[A-Za-z0-9+/=_!@#%^&*.~-]{16,256})(?=\\?["'`]|[ \t]*(?:\r?\n|$))/gi,
    minEntropy: 3.3,
    verify: (value) =>
      /^(?:process|os|env|ENV|System|Environment|config|settings|import)\./.test(value) || /your[-_ ]|[-_]here$|^(?:my|super)?[-_]?secret|replace|random|generate|insert|todo/i.test(value) ? 'reject' : 'plausible',
    envName: 'JWT_SECRET',
    samples: __NHI_SAMPLES__ && {
      positive: ['JWT_SECRET=BFmhJnuxU7SyvXIEgoL4xLq9', "app.config['JWT_SECRET_KEY'] = 'pW3u!x9Kd2#Lr7vQ8mZt'", '"jwtSecret": "c2Vj9Xk1LmQ4RzN0UHd5TWE3"'],
      negative: ['JWT_SECRET=${JWT_SECRET}', 'jwt_secret: your-256-bit-secret', 'const secret = process.env.JWT_SECRET_KEY', 'JWT_SECRET=changeme', 'jwtSecret: process.env.JWT_SECRET_VALUE'],
    },
  },
];

export const jwt = secretRule({
  id: 'secret/jwt',
  title: 'Hard-coded JWT or JWT signing secret',
  rotateUrl: 'https://datatracker.ietf.org/doc/html/rfc8725',
  detectors,
});
