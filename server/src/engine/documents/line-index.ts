import type { LineIndex } from '../model';

/** Line starts computed once; positions via binary search. Columns are UTF-16 code units (LSP default). */
export function createLineIndex(text: string): LineIndex {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) starts.push(i + 1);
    else if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return lineIndexOf(text, starts);
}

/**
 * The line index of a text without `\r` from its `\n`-line starts (an editor keeps them
 * between keystrokes, see line-diff.ts). `starts` is read, never changed.
 */
export function lineIndexFromLineStarts(text: string, starts: readonly number[]): LineIndex {
  if (text.includes('\r')) return createLineIndex(text);
  return lineIndexOf(text, starts);
}

function lineIndexOf(text: string, starts: readonly number[]): LineIndex {
  const lineCount = starts.length;

  function lineOf(offset: number): number {
    let lo = 0;
    let hi = lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  function lineEnd(line: number): number {
    let end = line + 1 < lineCount ? starts[line + 1] : text.length;
    if (end > starts[line] && text.charCodeAt(end - 1) === 10) end--;
    if (end > starts[line] && text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  return {
    lineCount,
    positionAt(offset) {
      // Clamp (and treat NaN as 0) so a bad offset from a rule never throws at the edges.
      const clamped = Number.isFinite(offset) ? Math.max(0, Math.min(Math.trunc(offset), text.length)) : offset > 0 ? text.length : 0;
      const line = lineOf(clamped);
      return { line, character: clamped - starts[line] };
    },
    offsetAt({ line, character }) {
      if (Number.isNaN(line) || line < 0) return 0;
      if (line >= lineCount) return text.length;
      line = Math.trunc(line);
      const column = Number.isNaN(character) ? 0 : Math.max(0, Math.trunc(character));
      return Math.min(starts[line] + column, lineEnd(line));
    },
    lineStart(line) {
      if (!Number.isFinite(line)) return line > 0 ? starts[lineCount - 1] : 0;
      return starts[Math.max(0, Math.min(Math.trunc(line), lineCount - 1))];
    },
    lineText(line) {
      if (!Number.isInteger(line) || line < 0 || line >= lineCount) return '';
      return text.slice(starts[line], lineEnd(line));
    },
  };
}
