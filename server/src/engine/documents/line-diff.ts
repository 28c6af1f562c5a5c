/**
 * What a keystroke changed, in lines: the lines before and after the edit are the
 * last text's lines, moved. Per-line caches (keyword hits, nesting) copy their
 * entries for those and recompute only the lines in between.
 *
 * Lines here are split at `\n` only (a `\r` is part of its line); a per-line answer
 * that must not see across lines depends on the line's text alone.
 */

/** Start offset of every `\n`-separated line of a text. */
export interface LineSplit {
  text: string;
  starts: number[];
}

/**
 * The new text's lines in three runs: `head` lines equal to the last text's first
 * `head` lines; the changed lines `head … head + changed - 1`; then the last text's
 * lines from `oldTail` on, each moved by `delta`.
 */
export interface LineChange {
  /** The last text's lines (what `head` and `oldTail` refer to); undefined: every line changed. */
  previous: LineSplit | undefined;
  lines: LineSplit;
  head: number;
  changed: number;
  oldTail: number;
  delta: number;
}

export function splitLines(text: string): LineSplit {
  const starts = [0];
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
  return { text, starts };
}

/** End of line `i` (before its `\n`). */
export function lineEndOf(lines: LineSplit, i: number): number {
  return i + 1 < lines.starts.length ? lines.starts[i + 1] - 1 : lines.text.length;
}

/** Where two texts differ: the lengths of their common prefix and suffix (not overlapping). */
export interface CommonEnds {
  prefix: number;
  suffix: number;
}

/** The common prefix and suffix of two texts, compared in blocks first. */
export function commonEnds(a: string, b: string): CommonEnds {
  const max = Math.min(a.length, b.length);
  const BLOCK = 256;
  let prefix = 0;
  while (prefix + BLOCK <= max && a.slice(prefix, prefix + BLOCK) === b.slice(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix + BLOCK <= max - prefix && a.slice(a.length - suffix - BLOCK, a.length - suffix) === b.slice(b.length - suffix - BLOCK, b.length - suffix)) suffix += BLOCK;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/** The lines of `text` related to those of the last text (all changed when there is none). */
export function diffLines(last: LineSplit | undefined, text: string): LineChange {
  if (!last) {
    const lines = splitLines(text);
    return { previous: undefined, lines, head: 0, changed: lines.starts.length, oldTail: 0, delta: text.length };
  }
  const before = last.text;
  const old = last.starts;
  const delta = text.length - before.length;
  if (before === text) return { previous: last, lines: last, head: old.length, changed: 0, oldTail: old.length, delta: 0 };
  const { prefix, suffix } = commonEnds(before, text);
  // Unchanged lines: ended (newline included) inside the common prefix, or began after a newline inside the common suffix.
  let head = 0;
  while (head + 1 < old.length && old[head + 1] - 1 < prefix) head++;
  let oldTail = old.length;
  while (oldTail - 1 > head && old[oldTail - 1] - 1 >= before.length - suffix) oldTail--;
  const changedFrom = head < old.length ? old[head] : 0;
  const changedTo = oldTail < old.length ? old[oldTail] + delta - 1 : text.length;
  // Sized once: grown by push, the array of a 3,000-line file was reallocated several times per keystroke.
  let changed = 1;
  for (let nl = text.indexOf('\n', changedFrom); nl !== -1 && nl < changedTo; nl = text.indexOf('\n', nl + 1)) changed++;
  const starts = new Array<number>(head + changed + (old.length - oldTail));
  for (let i = 0; i < head; i++) starts[i] = old[i];
  let k = head;
  for (let start = changedFrom; ; ) {
    starts[k++] = start;
    const nl = text.indexOf('\n', start);
    if (nl === -1 || nl >= changedTo) break;
    start = nl + 1;
  }
  for (let i = oldTail; i < old.length; i++) starts[k++] = old[i] + delta;
  return { previous: last, lines: { text, starts }, head, changed, oldTail, delta };
}

/**
 * One value per line, kept across edits: lines outside the change keep theirs, the
 * changed lines are computed again. `compute` must depend on the line's text alone
 * (`text.slice(start, end)`, end before the `\n`); offsets it returns must be relative
 * to `start`, since unchanged lines move.
 */
export class LineMemo<T> {
  private lines: LineSplit | undefined;
  private values: T[] = [];

  constructor(private readonly compute: (text: string, start: number, end: number) => T) {}

  /**
   * The values of `change.lines`. `onReplace`, if given, sees the values leaving (lines
   * changed or gone) and those arriving, for callers that keep totals.
   */
  update(change: LineChange, onReplace?: (removed: readonly T[], added: readonly T[]) => void): readonly T[] {
    if (this.lines === change.lines) return this.values;
    const incremental = this.lines !== undefined && change.previous === this.lines;
    const head = incremental ? change.head : 0;
    const oldTail = incremental ? change.oldTail : this.values.length;
    const changed = incremental ? change.changed : change.lines.starts.length;
    const fresh: T[] = new Array(changed);
    for (let k = 0; k < changed; k++) fresh[k] = this.compute(change.lines.text, change.lines.starts[head + k], lineEndOf(change.lines, head + k));
    onReplace?.(this.values.slice(head, oldTail), fresh);
    if (incremental) this.values.splice(head, oldTail - head, ...fresh);
    else this.values = fresh;
    this.lines = change.lines;
    return this.values;
  }
}
