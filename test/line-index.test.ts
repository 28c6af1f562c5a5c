import { describe, expect, it } from 'vitest';
import { createLineIndex } from '../server/src/engine/documents/line-index';

function roundTrip(text: string): void {
  const index = createLineIndex(text);
  for (let offset = 0; offset <= text.length; offset++) {
    const pos = index.positionAt(offset);
    expect(index.offsetAt(pos), `offset ${offset} → ${JSON.stringify(pos)}`).toBe(
      // An offset inside a line break maps to the end of that line's text.
      Math.min(offset, index.lineStart(pos.line) + index.lineText(pos.line).length),
    );
  }
}

describe('line index', () => {
  it('splits on \\n', () => {
    const idx = createLineIndex('ab\ncd\n\nef');
    expect(idx.lineCount).toBe(4);
    expect([0, 1, 2, 3].map((l) => idx.lineText(l))).toEqual(['ab', 'cd', '', 'ef']);
    expect(idx.positionAt(4)).toEqual({ line: 1, character: 1 });
    expect(idx.offsetAt({ line: 3, character: 1 })).toBe(8);
    roundTrip('ab\ncd\n\nef');
  });

  it('treats \\r\\n as one line break', () => {
    const text = 'ab\r\ncd\r\n\r\nef';
    const idx = createLineIndex(text);
    expect(idx.lineCount).toBe(4);
    expect([0, 1, 2, 3].map((l) => idx.lineText(l))).toEqual(['ab', 'cd', '', 'ef']);
    expect(idx.lineStart(1)).toBe(4);
    expect(idx.positionAt(text.indexOf('ef'))).toEqual({ line: 3, character: 0 });
    // The \n of a \r\n pair is still on the line it ends.
    expect(idx.positionAt(3)).toEqual({ line: 0, character: 3 });
    expect(idx.offsetAt({ line: 0, character: 99 })).toBe(2);
    roundTrip(text);
  });

  it('treats a lone \\r as a line break', () => {
    const text = 'ab\rcd\r\ref';
    const idx = createLineIndex(text);
    expect(idx.lineCount).toBe(4);
    expect([0, 1, 2, 3].map((l) => idx.lineText(l))).toEqual(['ab', 'cd', '', 'ef']);
    expect(idx.positionAt(text.indexOf('ef'))).toEqual({ line: 3, character: 0 });
    roundTrip(text);
  });

  it('handles mixed line breaks', () => {
    const text = 'a\nb\r\nc\rd';
    const idx = createLineIndex(text);
    expect([0, 1, 2, 3].map((l) => idx.lineText(l))).toEqual(['a', 'b', 'c', 'd']);
    roundTrip(text);
  });

  it('counts columns in UTF-16 code units (surrogate pairs are two)', () => {
    const text = '🔑 key = "v"\nnext';
    const idx = createLineIndex(text);
    expect(idx.positionAt(text.indexOf('key'))).toEqual({ line: 0, character: 3 });
    expect(idx.offsetAt({ line: 0, character: 3 })).toBe(text.indexOf('key'));
    expect(idx.lineText(0)).toBe('🔑 key = "v"');
    roundTrip(text);
  });

  it('handles an empty text and a trailing line break', () => {
    const empty = createLineIndex('');
    expect(empty.lineCount).toBe(1);
    expect(empty.lineText(0)).toBe('');
    expect(empty.positionAt(0)).toEqual({ line: 0, character: 0 });
    const trailing = createLineIndex('a\n');
    expect(trailing.lineCount).toBe(2);
    expect(trailing.positionAt(2)).toEqual({ line: 1, character: 0 });
  });

  it('clamps out-of-range and non-finite input instead of throwing', () => {
    const idx = createLineIndex('ab\ncd');
    expect(idx.positionAt(-5)).toEqual({ line: 0, character: 0 });
    expect(idx.positionAt(999)).toEqual({ line: 1, character: 2 });
    expect(idx.positionAt(Number.NaN)).toEqual({ line: 0, character: 0 });
    expect(idx.offsetAt({ line: 99, character: 0 })).toBe(5);
    expect(idx.offsetAt({ line: -1, character: 0 })).toBe(0);
    expect(idx.offsetAt({ line: Number.NaN, character: 1 })).toBe(0);
    expect(idx.offsetAt({ line: 1, character: Number.POSITIVE_INFINITY })).toBe(5);
    expect(idx.lineText(7)).toBe('');
    expect(idx.lineText(Number.NaN)).toBe('');
    expect(idx.lineStart(99)).toBe(3);
  });
});
