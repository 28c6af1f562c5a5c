/**
 * Seeded randomness for the secrets corpus: the same seed gives the same corpus
 * on every machine, so a score change always means an engine change.
 */

export const ALPHA = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digits: '0123456789',
  hex: '0123456789abcdef',
  hexUpper: '0123456789ABCDEF',
  letters: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  lowerAlnum: 'abcdefghijklmnopqrstuvwxyz0123456789',
  upperAlnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  base32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  b64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  /** Password characters that need no escaping in any host syntax used here. */
  password: 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!*-_+=.,:?^~@',
  /** Characters safe in the userinfo of a URL without percent-encoding. */
  urlPassword: 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.~',
} as const;

/**
 * Stand-in words and shapes a random value must not contain by accident: a
 * labelled positive has to be an unmistakable secret, not a lucky "test".
 */
const STAND_IN = /example|sample|dummy|placeholder|change_?me|redacted|fake|test|xxxx|insert|replace|your|secret|password|token|\*\*\*\*/i;

function looksStandIn(s: string): boolean {
  if (STAND_IN.test(s)) return true;
  let repeat = 1;
  let ascending = 1;
  for (let i = 1; i < s.length; i++) {
    repeat = s[i] === s[i - 1] ? repeat + 1 : 1;
    ascending = s.charCodeAt(i) === s.charCodeAt(i - 1) + 1 ? ascending + 1 : 1;
    if (repeat >= 5 || ascending >= 6) return true;
  }
  return false;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast, good enough for test data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick(items: string): string;
  pick<T>(items: readonly T[]): T;
  pick<T>(items: readonly T[] | string): T | string {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Random characters from an alphabet, never forming a stand-in word or run. */
  str(alphabet: string, length: number): string {
    for (;;) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
      if (!looksStandIn(out)) return out;
    }
  }

  hex(length: number): string {
    return this.str(ALPHA.hex, length);
  }

  alnum(length: number): string {
    return this.str(ALPHA.alnum, length);
  }

  digits(length: number): string {
    return this.pick('123456789') + this.str(ALPHA.digits, length - 1);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${this.pick('89ab')}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** Random bytes as standard base64 (what PEM bodies, keys and blobs are made of). */
  base64Bytes(byteCount: number): string {
    const bytes = Buffer.alloc(byteCount);
    for (let i = 0; i < byteCount; i++) bytes[i] = Math.floor(this.next() * 256);
    return bytes.toString('base64');
  }
}

/** The CRC32 (IEEE) GitHub and npm tokens end with, computed here from the published scheme. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i);
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function toBase62(value: number, width: number): string {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  let v = value;
  while (v > 0) {
    out = digits[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}
