/** concatAll joins in order; partsOf gives back the very arrays a list was joined from (per-part memos rely on their identity). */
import { describe, expect, it } from 'vitest';
import { concatAll, partsOf } from '../server/src/engine/arrays';

describe('concatAll and partsOf', () => {
  it('joins parts in order into an array of exactly their length', () => {
    const joined = concatAll([[1, 2], [], [3], [4, 5, 6]]);
    expect(joined).toEqual([1, 2, 3, 4, 5, 6]);
    expect(joined.length).toBe(6);
  });

  it('gives back the same part arrays, nested joins flattened, empty parts left out', () => {
    const a = [{ id: 'a' }];
    const b = [{ id: 'b1' }, { id: 'b2' }];
    const c = [{ id: 'c' }];
    const inner = concatAll([a, b]);
    const outer = concatAll([inner, [], c]);
    const parts = partsOf(outer);
    expect(parts).toHaveLength(3);
    expect(parts[0]).toBe(a);
    expect(parts[1]).toBe(b);
    expect(parts[2]).toBe(c);
    expect(parts.flat()).toEqual(outer);
  });

  it('an array not made by concatAll is its own only part', () => {
    const plain = [1, 2, 3];
    expect(partsOf(plain)).toEqual([plain]);
    expect(partsOf(plain)[0]).toBe(plain);
  });
});
