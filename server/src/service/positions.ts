/**
 * The edge where engine offsets (UTF-16 indices into the text) become LSP
 * positions and back. Engine and `TextDocument` count the same units, so an open
 * document converts directly; other files (e.g. `.env.local`) are wrapped in a
 * throwaway TextDocument over their current text.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position as LspPosition, Range as LspRange } from 'vscode-languageserver';
import type { Range } from '../engine/model';

export type PositionConverter = Pick<TextDocument, 'positionAt' | 'offsetAt'>;

export function toLspRange(doc: PositionConverter, range: Range): LspRange {
  return { start: doc.positionAt(range.start), end: doc.positionAt(range.end) };
}

export function toOffsetRange(doc: PositionConverter, range: LspRange): Range {
  const start = doc.offsetAt(range.start);
  const end = doc.offsetAt(range.end);
  return start <= end ? { start, end } : { start: end, end: start };
}

export function positionsOf(uri: string, text: string): PositionConverter {
  return TextDocument.create(uri, 'plaintext', 0, text);
}

/** Does [a.start, a.end) touch [b.start, b.end]? A cursor at either edge of a finding counts. */
export function touches(a: Range, b: Range): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function comparePositions(a: LspPosition, b: LspPosition): number {
  return a.line - b.line || a.character - b.character;
}
