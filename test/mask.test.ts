import { describe, expect, it } from 'vitest';
import { mask, redact } from '../server/src/engine/mask';

const ELLIPSIS = '…';

/** Deterministic pseudo-random generator, so a failure can be reproduced. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ALPHABETS = [
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=_-',
  '0123456789abcdef',
  'äöüß€😀🔑中文',
];

function randomValue(next: () => number, length: number, alphabet: string): string {
  const chars = Array.from(alphabet);
  let out = '';
  for (let i = 0; i < length; i++) out += chars[Math.floor(next() * chars.length)];
  return out;
}

/** Characters of the value that the masked form reveals (head + tail around the ellipsis). */
function revealed(value: string, masked: string): { head: string; tail: string } {
  const [head, tail = ''] = masked.split(ELLIPSIS);
  if (/^\*+$/.test(head) && tail === '') return { head: '', tail: '' };
  return { head, tail };
}

describe('mask', () => {
  it('masks an AWS access key id to its type prefix and last four characters', () => {
    expect(mask('AKIAABCDEFGHIJKLMNOP')).toBe('AKIA…MNOP');
  });

  it('returns an empty string for an empty value', () => {
    expect(mask('')).toBe('');
  });

  it('never shows a short value at all', () => {
    for (const v of ['a', 'ab', 'abc', 'hunter2', 'p@ss']) {
      const m = mask(v);
      expect(m).not.toContain(v);
      expect(revealed(v, m)).toEqual({ head: '', tail: '' });
    }
  });

  it('never returns the full value and shows at most a third of it, for every length 1..300', () => {
    const next = rng(42);
    for (let n = 1; n <= 300; n++) {
      for (const alphabet of ALPHABETS) {
        // A leading '#' keeps random values from starting with a public type prefix (covered below).
        const value = '#' + randomValue(next, n - 1, alphabet);
        const m = mask(value);
        expect(m, `length ${n}`).not.toBe(value);
        expect(m.includes(value), `length ${n}: ${m}`).toBe(false);
        const { head, tail } = revealed(value, m);
        expect(value.startsWith(head)).toBe(true);
        expect(value.endsWith(tail)).toBe(true);
        const shown = Array.from(head).length + Array.from(tail).length;
        expect(shown, `length ${n}: ${m}`).toBeLessThanOrEqual(Array.from(value).length / 3);
        expect(Array.from(head).length).toBeLessThanOrEqual(4);
        expect(Array.from(tail).length).toBeLessThanOrEqual(4);
      }
    }
  });

  it('shows a public type prefix but at most a third of the rest', () => {
    const next = rng(7);
    for (const prefix of ['AKIA', 'ASIA', 'ghp_', 'github_pat_', 'sk_live_', 'xoxb-', 'glpat-']) {
      for (let rest = 1; rest <= 60; rest++) {
        const value = prefix + randomValue(next, rest, ALPHABETS[1]);
        const m = mask(value);
        expect(m.includes(value), m).toBe(false);
        const { head, tail } = revealed(value, m);
        const secretShown = Array.from(tail).length + Math.max(0, Array.from(head).length - prefix.length);
        expect(secretShown, m).toBeLessThanOrEqual(Math.max(Array.from(value).length / 3, rest / 3));
        // The secret-bearing part of the value never appears whole.
        if (rest >= 4) expect(m.includes(value.slice(prefix.length))).toBe(false);
      }
    }
  });

  it('never splits a surrogate pair', () => {
    const m = mask('😀'.repeat(30));
    expect(m).toBe('😀😀😀😀…😀😀😀😀');
    // No lone surrogate halves left behind.
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(m)).toBe(false);
  });
});

describe('redact', () => {
  it('replaces every occurrence of each secret with its mask', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz';
    const out = redact(`failed: ${secret} (again ${secret})`, [secret]);
    expect(out).not.toContain(secret);
    expect(out).toBe(`failed: ${mask(secret)} (again ${mask(secret)})`);
  });

  it('replaces a longer secret whole even when a shorter secret is part of it', () => {
    const long = 'prefix-SECRETVALUE123-suffix';
    const short = 'SECRETVALUE123';
    const out = redact(`a ${long} b ${short}`, [short, long]);
    expect(out).not.toContain(short);
    expect(out).not.toContain('prefix-');
    expect(out).toBe(`a ${mask(long)} b ${mask(short)}`);
  });

  it('leaves text without secrets unchanged', () => {
    expect(redact('nothing here', ['abcdefgh'])).toBe('nothing here');
    expect(redact('x', [])).toBe('x');
  });
});
