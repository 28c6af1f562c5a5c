/**
 * Fingerprints are remembered between analyses (an editor recomputes them at every
 * keystroke): the remembered values must equal the hashes they stand for, whatever the
 * order, the repetition or the eviction of the memory.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint, fingerprintOfNormalised, normaliseContext, secretHash } from '../server/src/engine/fingerprint';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');

describe('fingerprint', () => {
  it('hashes rule, path, normalised context and occurrence; the same inputs give the same value every time', () => {
    const context = '    password:   "Kq7$mW2!pZr5vB"  ';
    const expected = hex(`secret/generic-password\u0000k8s/app.yaml\u0000${normaliseContext(context)}\u00001`).slice(0, 32);
    expect(fingerprint('secret/generic-password', 'k8s/app.yaml', context, 1)).toBe(expected);
    expect(fingerprint('secret/generic-password', 'k8s/app.yaml', context, 1)).toBe(expected);
    expect(fingerprintOfNormalised('secret/generic-password', 'k8s/app.yaml', normaliseContext(context), 1)).toBe(expected);
    // Re-indenting keeps it; another occurrence, path or rule changes it.
    expect(fingerprint('secret/generic-password', 'k8s/app.yaml', context.trim(), 1)).toBe(expected);
    expect(fingerprint('secret/generic-password', 'k8s/app.yaml', context, 0)).not.toBe(expected);
    expect(fingerprint('secret/generic-password', 'k8s/other.yaml', context, 1)).not.toBe(expected);
    expect(fingerprint('secret/generic-secret', 'k8s/app.yaml', context, 1)).not.toBe(expected);
  });

  it('stays exact past the bound of what it remembers', () => {
    const inputs = Array.from({ length: 25_000 }, (_, i) => [`rule/${i % 7}`, `f${i % 13}.yaml`, `key${i}: value${i * 31}`, i % 3] as const);
    for (const [rule, path, context, n] of inputs) fingerprint(rule, path, context, n);
    for (const [rule, path, context, n] of inputs.filter((_, i) => i % 997 === 0)) {
      expect(fingerprint(rule, path, context, n)).toBe(hex(`${rule}\u0000${path}\u0000${context}\u0000${n}`).slice(0, 32));
    }
  });

  it("a secret's hash is its sha256, remembered or not", () => {
    const secret = 'ghp_' + 'Ab3'.repeat(12);
    expect(secretHash(secret)).toBe(hex(secret));
    expect(secretHash(secret)).toBe(hex(secret));
    expect(secretHash('short')).toBe(hex('short'));
  });
});
