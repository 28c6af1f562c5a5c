/**
 * Decoders for structured secret formats (base64 blobs, JWTs). Pure functions,
 * linear scans, never throw: a value that does not decode is `undefined`.
 * Append-only: small helpers shared by more than one secret family.
 */

/**
 * Decodes standard or URL-safe base64, ignoring whitespace and the literal
 * two-character escapes `\n` / `\r` (PEM bodies inside JSON strings).
 * Undefined if any other character occurs or the length is impossible.
 */
export function decodeBase64Loose(text: string): Buffer | undefined {
  const compact = text.replace(/\\[nr]|\s/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return undefined;
  let unpadded = compact.length;
  while (unpadded > 0 && compact[unpadded - 1] === '=') unpadded--;
  if (unpadded % 4 === 1) return undefined;
  return Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signatureLength: number;
}

function jsonObject(bytes: Buffer | undefined): Record<string, unknown> | undefined {
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON object a base64 / base64url segment decodes to, or undefined. */
export function base64Json(segment: string): Record<string, unknown> | undefined {
  return jsonObject(decodeBase64Loose(segment));
}

/** A JWS compact token `header.payload.signature` whose header and payload are JSON objects. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = jsonObject(decodeBase64Loose(parts[0]));
  const payload = jsonObject(decodeBase64Loose(parts[1]));
  if (!header || !payload) return undefined;
  const signature = parts[2] === '' ? Buffer.alloc(0) : decodeBase64Loose(parts[2]);
  return { header, payload, signatureLength: signature?.length ?? 0 };
}

/**
 * The `user:password` pair inside a base64 Basic-auth blob (.npmrc `_auth`,
 * docker `config.json` `auth`). Undefined unless it decodes to printable
 * ASCII with a non-empty user and password.
 */
export function decodeBasicCredentials(base64: string): { user: string; password: string } | undefined {
  const bytes = decodeBase64Loose(base64);
  if (!bytes) return undefined;
  const text = bytes.toString('latin1');
  if (!/^[\x20-\x7e]+$/.test(text)) return undefined;
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Passwords that stand in for a real one in docs and samples ("password",
 * "changeit", "admin123"): a credential pair holding one is not reported.
 */
export function isStandInPassword(password: string): boolean {
  return /^(?:pass(?:word|wd)?|passw0rd|p@ssw0rd|secret|admin|root|changeit|letmein|guest|test|demo|default|qwerty|hunter2)?[0-9!]{0,6}$/i.test(password);
}
