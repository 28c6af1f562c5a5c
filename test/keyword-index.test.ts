import { describe, expect, it } from 'vitest';
import { KeywordIndex } from '../server/src/engine/secrets/keyword-index';

describe('KeywordIndex (one-pass keyword prefilter)', () => {
  it('finds every keyword that occurs, case-insensitively, including overlapping and nested ones', () => {
    const index = new KeywordIndex(['ghp_', 'hp_', 'akia', 'xoxb-', 'sk_live_', 'live', 'secret']);
    expect([...index.find('token = "GHP_abc"; key = AKIA…; x = sk_live_1')].sort()).toEqual(['akia', 'ghp_', 'hp_', 'live', 'sk_live_'].sort());
    expect(index.find('nothing to see')).toEqual(new Set());
  });

  it('agrees with a naive includes() scan on random texts', () => {
    const words = ['ab', 'abc', 'bca', 'cab', 'aaa', 'b', 'ccc', 'abcab'];
    const index = new KeywordIndex(words);
    let seed = 1;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: 30 }, () => 'abcAB'[Math.floor(rand() * 5)]).join('');
      const naive = words.filter((w) => text.toLowerCase().includes(w));
      expect([...index.find(text)].sort(), text).toEqual(naive.sort());
    }
  });

  it('scans a large text once, in time linear in its length', () => {
    const index = new KeywordIndex(['needle', 'haystack']);
    const text = 'a'.repeat(2_000_000) + 'NEEDLE';
    expect(index.find(text)).toEqual(new Set(['needle']));
  });
});
