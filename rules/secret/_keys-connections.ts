/**
 * Helpers of the keys-and-connections families (private keys, kubeconfig,
 * PKCS#12, JWTs, connection strings, HTTP auth): structure checks on decoded
 * key material and a post-pass over a family's findings for judgements that
 * need the surrounding document (host of a URL, kind of file).
 */
import type { FindingDraft, RuleContext } from '../../server/src/engine/rule';
import type { SecretRule } from '../../server/src/engine/secrets/detector';
import { decodeBase64Loose, decodeJwt } from '../../server/src/engine/secrets/formats';
import { isPlaceholder, isReference } from '../../server/src/engine/secrets/values';

/**
 * Wraps a secret rule: each finding passes through `refine`, which may drop it
 * (undefined) or return it changed (severity, message). Keeps `family`, so the
 * sample tests still see the detectors.
 */
export function refineFindings(rule: SecretRule, refine: (draft: FindingDraft, ctx: RuleContext) => FindingDraft | undefined): SecretRule {
  return {
    ...rule,
    check(ctx) {
      const out: FindingDraft[] = [];
      for (const draft of rule.check(ctx)) {
        const refined = refine(draft, ctx);
        if (refined) out.push(refined);
      }
      return out;
    },
  };
}

/** The base64 body of a PEM-like block: header/footer lines, `Name: value` headers and `=CRC` lines removed. */
export function armorBody(block: string): string {
  return block
    .split(/\\r\\n|\\n|\r?\n/)
    .map((line) => line.replace(/\\/g, '').trim())
    .filter((line) => line !== '' && !line.startsWith('-----') && !line.startsWith('---- ') && !/^[A-Za-z][A-Za-z-]{0,40}:/.test(line) && !/^=[A-Za-z0-9+/]{4}$/.test(line))
    .join('');
}

/**
 * DER SEQUENCE whose declared length is (nearly) all there: a complete key,
 * not a doc snippet with lines cut out.
 */
export function isCompleteDerSequence(der: Buffer | undefined): boolean {
  if (!der || der.length < 16 || der[0] !== 0x30) return false;
  let length: number;
  let header: number;
  const first = der[1];
  if (first < 0x80) {
    length = first;
    header = 2;
  } else if (first === 0x81) {
    length = der[2];
    header = 3;
  } else if (first === 0x82) {
    length = (der[2] << 8) | der[3];
    header = 4;
  } else if (first === 0x83) {
    length = (der[2] << 16) | (der[3] << 8) | der[4];
    header = 5;
  } else return false;
  const total = header + length;
  return der.length >= total * 0.9 && der.length <= total + 8;
}

/** DER body of a PEM block that decodes to a complete SEQUENCE. */
export function pemDer(block: string): Buffer | undefined {
  const der = decodeBase64Loose(armorBody(block));
  return isCompleteDerSequence(der) ? der : undefined;
}

export interface OpenSshKey {
  cipher: string;
  keyType: string;
}

/** Parses the public header of an `openssh-key-v1` blob (cipher and key type); undefined if malformed or truncated. */
export function parseOpenSshKey(blob: Buffer | undefined): OpenSshKey | undefined {
  const magic = 'openssh-key-v1\0';
  if (!blob || blob.length < 64 || blob.toString('latin1', 0, magic.length) !== magic) return undefined;
  let at = magic.length;
  const readString = (): Buffer | undefined => {
    if (at + 4 > blob.length) return undefined;
    const n = blob.readUInt32BE(at);
    if (n > blob.length - at - 4) return undefined;
    const s = blob.subarray(at + 4, at + 4 + n);
    at += 4 + n;
    return s;
  };
  const cipher = readString();
  const kdf = readString();
  const kdfOptions = readString();
  if (!cipher || !kdf || !kdfOptions || at + 4 > blob.length) return undefined;
  at += 4; // number of keys
  const publicKey = readString();
  const privateSection = readString();
  if (!publicKey || !privateSection || privateSection.length < 32 || publicKey.length < 8) return undefined;
  const typeLength = publicKey.readUInt32BE(0);
  if (typeLength > publicKey.length - 4) return undefined;
  return { cipher: cipher.toString('latin1'), keyType: publicKey.toString('latin1', 4, 4 + typeLength) };
}

/** The line holding `index`, at most 2,000 characters either side. */
export function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  let end = text.indexOf('\n', index);
  if (end < 0) end = text.length;
  return text.slice(Math.max(start, index - 2000), Math.min(end, index + 2000));
}

/** Stand-ins for a password in docs and templates: `:password@`, `:changeme@`, `:${DB_PASS}@`, `%(pw)s`, `****`. */
export function isPlaceholderPassword(value: string): boolean {
  const v = value.trim();
  if (v.length < 3 || isPlaceholder(v) || isReference(v)) return true;
  if (/^[$%{<]/.test(v) || /^\*+$/.test(v) || /\$\{|\{\{|%\(|\$\(|%[A-Z_]{3,40}%|\{[a-z_]{1,40}\}/i.test(v)) return true;
  if (/passw(?:or)?d|^pass$|^pwd$|^pw$|^secret$|^(?:my|your|some|db|the)?[-_]?secret[-_]?(?:password|key)?$|^changeit$|^tiger$|^xxx$|^x{3,}$|^\.{3,}$/i.test(v)) return true;
  return false;
}

/** Default credentials of local databases and brokers (docker images, tutorials): postgres:postgres@localhost. */
const DEFAULT_DEV_PASSWORDS = new Set([
  'postgres', 'root', 'admin', 'guest', 'mysql', 'redis', 'rabbitmq', 'test', 'dev', 'toor', 'sa', '123456', 'mongo', 'mongodb',
  'neo4j', 'user', 'pass123', 'admin123', 'local', 'docker', 'development', 'default', 'elastic', 'minio', 'minioadmin', 'app',
]);

export function isDefaultDevPassword(password: string, user: string): boolean {
  return password === user || DEFAULT_DEV_PASSWORDS.has(password.toLowerCase());
}

/** Loopback and local-development host names: credentials there are for a developer's machine. */
export function isLoopbackHost(host: string): boolean {
  return /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|[a-z0-9-]{1,63}\.localhost)$/i.test(host);
}

export type JwtJudgement = 'live' | 'expired' | 'reject';

/** jwt.io's documentation token and its common variants (John Doe, sub 1234567890). */
function isDocSampleJwt(payload: Record<string, unknown>): boolean {
  return payload.sub === '1234567890' || payload.name === 'John Doe' || payload.iat === 1516239022;
}

const CREDENTIAL_CLAIMS = ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'scope', 'scp', 'role', 'roles', 'client_id', 'azp', 'uid', 'user_id', 'email', 'tid', 'kubernetes.io'];

/**
 * A signed JWT that could authenticate someone: JSON header and payload, an
 * algorithm other than `none`, a real signature, credential claims, and not a
 * doc sample or a publishable Supabase anon key. 'expired' when `exp` is past.
 */
export function judgeJwt(token: string, now = Date.now()): JwtJudgement {
  const jwt = decodeJwt(token);
  if (!jwt) return 'reject';
  const alg = jwt.header.alg;
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none' || jwt.signatureLength < 16) return 'reject';
  if (!CREDENTIAL_CLAIMS.some((c) => c in jwt.payload) || isDocSampleJwt(jwt.payload)) return 'reject';
  if (jwt.payload.role === 'anon' && String(jwt.payload.iss ?? '').includes('supabase')) return 'reject';
  const exp = jwt.payload.exp;
  return typeof exp === 'number' && exp * 1000 < now ? 'expired' : 'live';
}
