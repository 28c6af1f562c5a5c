/**
 * The items of `parts`, in order, in one new array of exactly their number.
 *
 * Why not `parts.flat()`: V8 runs `flat` in a generic runtime routine, about ten times
 * slower than this loop; an editor concatenates a manifest's per-document facts at every
 * keystroke. Sized up front: pushing would regrow (and copy) the array as it fills.
 */
export function concatAll<T>(parts: readonly (readonly T[])[]): T[] {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Array<T>(total);
  let k = 0;
  for (const part of parts) for (let i = 0; i < part.length; i++) out[k++] = part[i];
  joinedFrom.set(out, parts);
  return out;
}

/**
 * The arrays `list` was joined from by concatAll (recursively), each the very array that
 * was passed; `[list]` for any other array. An editor's fact lists are joined from
 * per-document lists that stay the same objects while their `---` document is unchanged,
 * so a consumer can remember its answer per part instead of re-reading every item at
 * every keystroke. Callers must not modify what they get.
 */
export function partsOf<T>(list: readonly T[]): readonly (readonly T[])[] {
  const parts = joinedFrom.get(list) as readonly (readonly T[])[] | undefined;
  if (!parts) return [list];
  const out: (readonly T[])[] = [];
  for (const part of parts) {
    if (part.length === 0) continue;
    if (joinedFrom.has(part)) out.push(...partsOf(part));
    else out.push(part);
  }
  return out;
}

const joinedFrom = new WeakMap<readonly unknown[], readonly (readonly unknown[])[]>();
