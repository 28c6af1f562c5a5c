/**
 * How deeply YAML nests (flow `[`/`{` and block `- ` sequences), found by a linear scan
 * before the text is handed to the recursive `yaml` parser (see parse.ts). An editor
 * asks on every keystroke: per line, the scan's effect is remembered (flow depth is the
 * only state that crosses a line break), so a keystroke rescans its own line only.
 */
import { LineMemo, type LineChange } from './line-diff';

export interface NestingScan {
  /** Offset where nesting first exceeds the limit, or -1 (remembered per line: only its sign is used). */
  at: number;
  /** Flow depth at the end. */
  depth: number;
  /** Closers met at depth 0 (entered deeper, they would have closed an outer collection). */
  drop: number;
  /** Deepest flow depth reached (from the entry depth). */
  max: number;
  /** A `\` escape ate the `\n` after `to`: the quote goes on into the next line. */
  escapesLine: boolean;
}

/** Scans `text[from, to)` entered at flow depth `depth`. */
export function scanNesting(text: string, from: number, to: number, depth: number, limit: number): NestingScan {
  let quote = 0;
  let dashes = 0;
  let lineStart = true;
  let drop = 0;
  let max = depth;
  let escapesLine = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      quote = 0;
      dashes = 0;
      lineStart = true;
      continue;
    }
    if (quote !== 0) {
      if (c === quote) quote = 0;
      else if (c === 92 /* \ */ && quote === 34) {
        i++;
        if (i >= to) escapesLine = true;
      }
      continue;
    }
    const prev = i > 0 ? text.charCodeAt(i - 1) : 10;
    const atScalarStart = prev === 32 || prev === 9 || prev === 10 || prev === 13 || prev === 91 || prev === 123 || prev === 44 || prev === 58;
    if (c === 32 || c === 9) continue;
    if (c === 35 /* # */ && (prev === 32 || prev === 9 || prev === 10 || prev === 13)) {
      while (i + 1 < to && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13) i++;
      continue;
    }
    if ((c === 34 || c === 39) && atScalarStart) {
      quote = c;
      lineStart = false;
      continue;
    }
    if (c === 91 || c === 123) {
      if (++depth > limit) return { at: i, depth, drop, max: depth, escapesLine };
      if (depth > max) max = depth;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
      else drop++;
    } else if (c === 45 /* - */ && lineStart && (i + 1 >= text.length || text.charCodeAt(i + 1) === 32)) {
      if (++dashes > limit) return { at: i, depth, drop, max, escapesLine };
      continue;
    }
    lineStart = false;
  }
  return { at: -1, depth, drop, max, escapesLine };
}

/** yamlNestingBeyond(text, limit) for a text edited keystroke by keystroke. */
export class IncrementalNesting {
  private readonly memo: LineMemo<NestingScan>;

  constructor(private readonly limit: number) {
    this.memo = new LineMemo((text, start, end) => scanNesting(text, start, end, 0, limit));
  }

  beyond(change: LineChange): number {
    const { text, starts } = change.lines;
    const lines = this.memo.update(change);
    if (lines.some((l, i) => l.escapesLine && i + 1 < lines.length)) return scanNesting(text, 0, text.length, 0, this.limit).at;
    let depth = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      // Entered at `depth`, a line goes at most `depth` deeper than entered at 0.
      if (line.at >= 0 || depth + line.max > this.limit) {
        const end = i + 1 < starts.length ? starts[i + 1] - 1 : text.length;
        const exact = scanNesting(text, starts[i], end, depth, this.limit);
        if (exact.at >= 0) return exact.at;
        depth = exact.depth;
      } else depth = Math.max(depth - line.drop, 0) + line.depth;
    }
    return -1;
  }
}
