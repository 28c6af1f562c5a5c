/**
 * YAML streams parsed one document at a time, for an editor between keystrokes.
 *
 * A keystroke in a 3,000-line multi-document manifest changes one `---` document,
 * yet a full parse costs tens of milliseconds and most of the garbage of an
 * analysis. A line that starts with `---` (then a space, a tab or the end of the
 * line) is always a document start in YAML 1.2 — the spec forbids that text
 * inside any scalar — so a stream can be cut at those lines and each piece parsed
 * alone. Pieces whose text is unchanged are taken from the last parse and their
 * node offsets shifted to where the piece now starts.
 *
 * Equivalence with a whole-stream parse is checked by test/yaml-stream.test.ts on
 * every YAML fixture and corpus file. Streams with directives (`%YAML`, `%TAG`) are
 * parsed whole: a directive belongs to the document after it.
 */
import * as YAML from 'yaml';
import type { EditSession } from '../edit-session';
import type { LineSplit } from './line-diff';
import { leanYamlDocuments } from './yaml-lean';
import { detached } from '../strings';

export const YAML_PARSE_OPTIONS = { uniqueKeys: false, strict: false } as const;

/** Start offsets of the pieces of a stream: 0, then every `---` line after the first one. Empty when it must be parsed whole. */
export function yamlPieceStarts(text: string): number[] {
  const kinds: YamlLineKind[] = [];
  const lineStarts: number[] = [];
  for (let at = 0; ; ) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    kinds.push(yamlLineKind(text, at, end));
    lineStarts.push(at);
    if (nl === -1 || nl + 1 >= text.length) break;
    at = nl + 1;
  }
  return pieceStartsFromLineKinds(kinds, lineStarts);
}

/**
 * What a line means for cutting a stream (its text alone decides: an editor keeps it per
 * line): `Marker` is `---` then a space, a tab or the end of the line (a document start);
 * `Directive` is `%…` (the stream is parsed whole).
 */
export const YamlLineKind = { Other: 0, Marker: 1, Directive: 2 } as const;
export type YamlLineKind = (typeof YamlLineKind)[keyof typeof YamlLineKind];

/** The kind of the line `text.slice(start, end)` (`end` before its `\n`). */
export function yamlLineKind(text: string, start: number, end: number): YamlLineKind {
  const c = text.charCodeAt(start);
  if (c === 0x25 /* % */ && start < end) return YamlLineKind.Directive;
  if (c === 0x2d /* - */ && end - start >= 3 && text.startsWith('---', start)) {
    if (start + 3 === end) return YamlLineKind.Marker;
    const after = text.charCodeAt(start + 3);
    if (after === 0x20 || after === 0x09 || after === 0x0d) return YamlLineKind.Marker;
  }
  return YamlLineKind.Other;
}

/** Piece starts from each line's kind: the first marker stays with whatever precedes it (comments before the first document). */
export function pieceStartsFromLineKinds(kinds: readonly YamlLineKind[], lineStarts: readonly number[]): number[] {
  const starts = [0];
  let sawMarker = false;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    if (kind === YamlLineKind.Other) continue;
    if (kind === YamlLineKind.Directive) return [];
    if (sawMarker && lineStarts[i] > 0) starts.push(lineStarts[i]);
    sawMarker = true;
  }
  return starts;
}

/**
 * Parses one piece (or a whole stream) into its documents, offsets relative to `text`:
 * plain block YAML with the lean parser, anything else with the library.
 */
export function parseYamlDocuments(text: string, deadline = Infinity): { documents: YAML.Document.Parsed[]; stoppedAt?: number } {
  return (leanParser.enabled ? leanYamlDocuments(text, YAML_PARSE_OPTIONS, deadline) : undefined) ?? parseYamlWithLibrary(text, deadline);
}

/** Tests turn the lean parser off to compare whole analyses with and without it. */
export const leanParser = { enabled: true };

/** The `yaml` library's parse (the reference the lean parser is tested against). */
export function parseYamlWithLibrary(text: string, deadline = Infinity): { documents: YAML.Document.Parsed[]; stoppedAt?: number } {
  const parser = new YAML.Parser();
  const composer = new YAML.Composer(YAML_PARSE_OPTIONS);
  const documents: YAML.Document.Parsed[] = [];
  // The library's YAMLParseError extends Error: each one captured a stack trace, a tenth of
  // a keystroke's time in a broken document. Only their code, message and position are read.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (const document of composer.compose(parser.parse(text))) {
      documents.push(document as YAML.Document.Parsed);
      if (Date.now() > deadline) {
        const end = document.range?.[2] ?? text.length;
        if (end < text.length) return { documents, stoppedAt: end };
      }
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return { documents };
}

interface Piece {
  /** Kept only by the text-keyed path (no edit session). */
  text?: string;
  offset: number;
  length: number;
  documents: YAML.Document.Parsed[];
}

/**
 * The pieces of one open document's last parse. `parse` returns the stream's
 * documents with offsets into the new text; pieces not found in the last parse are
 * parsed now. The Document objects are shared with the previous result, so callers
 * must not mutate them (no rule or fix does: fixes are text edits).
 *
 * With the document's edit session, a piece is found again by where it lies: a piece
 * wholly within the lines before the edit is the same text at the same offset, one
 * wholly within the lines after it the same text moved by the edit's length change
 * (documents/line-diff.ts). Nothing is sliced or hashed for them. Without a session,
 * pieces are found by their text.
 */
export class YamlStreamCache {
  private pieces = new Map<string, Piece[]>();
  /** The session path's pieces in text order, and the lines they were parsed from. */
  private ordered: Piece[] = [];
  private parsedLines: LineSplit | undefined;

  parse(text: string, deadline = Infinity, session?: EditSession): { documents: YAML.Document.Parsed[]; stoppedAt?: number } {
    if (session) return this.parseInSession(text, deadline, session);
    this.ordered = [];
    this.parsedLines = undefined;
    const starts = yamlPieceStarts(text);
    if (starts.length < 2) {
      this.pieces.clear();
      return parseYamlDocuments(text, deadline);
    }
    const next = new Map<string, Piece[]>();
    const documents: YAML.Document.Parsed[] = [];
    for (let i = 0; i < starts.length; i++) {
      const offset = starts[i];
      const end = i + 1 < starts.length ? starts[i + 1] : text.length;
      const pieceText = text.slice(offset, end);
      let piece = this.take(pieceText);
      if (piece) moveTo(piece, offset);
      else piece = { text: pieceText, offset, length: end - offset, documents: parsePiece(pieceText, offset) };
      next.set(pieceText, [...(next.get(pieceText) ?? []), piece]);
      documents.push(...piece.documents);
      if (Date.now() > deadline && end < text.length) {
        this.pieces = next;
        return { documents, stoppedAt: end };
      }
    }
    this.pieces = next;
    return { documents };
  }

  private parseInSession(text: string, deadline: number, session: EditSession): { documents: YAML.Document.Parsed[]; stoppedAt?: number } {
    this.pieces.clear();
    const change = session.change(text);
    const starts = session.yamlPieceStarts(text);
    // The same text again (code actions after diagnostics): every piece is where it was.
    const same = change.lines === this.parsedLines;
    const previous = same ? undefined : change.previous;
    const incremental = same || (previous !== undefined && previous === this.parsedLines);
    const old = incremental ? this.ordered : [];
    this.ordered = [];
    this.parsedLines = change.lines;
    if (starts.length < 2) return parseYamlDocuments(text, deadline);
    // Old-text offsets: lines before `unchangedTo` are the same at the same place; from `tailFrom` on, moved by `delta`.
    const unchangedTo = same ? Infinity : !previous ? 0 : change.head < previous.starts.length ? previous.starts[change.head] : previous.text.length;
    const tailFrom = !previous || change.oldTail >= previous.starts.length ? Infinity : previous.starts[change.oldTail];
    const delta = same ? 0 : change.delta;
    const documents: YAML.Document.Parsed[] = [];
    let j = 0; // old pieces before j are used or passed (new pieces come in text order, and so do their old offsets)
    for (let i = 0; i < starts.length; i++) {
      const offset = starts[i];
      const end = i + 1 < starts.length ? starts[i + 1] : text.length;
      const from = end <= unchangedTo ? offset : offset - delta >= tailFrom ? offset - delta : -1;
      let piece: Piece | undefined;
      if (from >= 0) {
        while (j < old.length && old[j].offset < from) j++;
        if (j < old.length && old[j].offset === from && old[j].length === end - offset) piece = old[j++];
      }
      if (piece) moveTo(piece, offset);
      else piece = { offset, length: end - offset, documents: parsePiece(detached(text.slice(offset, end)), offset) };
      this.ordered.push(piece);
      for (const d of piece.documents) documents.push(d);
      if (Date.now() > deadline && end < text.length) return { documents, stoppedAt: end };
    }
    return { documents };
  }

  /** A piece of the last parse with this text (each used once: a stream may repeat a document). */
  private take(text: string): Piece | undefined {
    const list = this.pieces.get(text);
    const piece = list?.pop();
    if (list && list.length === 0) this.pieces.delete(text);
    return piece;
  }
}


function parsePiece(text: string, offset: number): YAML.Document.Parsed[] {
  const { documents } = parseYamlDocuments(text);
  for (const d of documents) shiftDocument(d, offset);
  return documents;
}

function moveTo(piece: Piece, offset: number): void {
  if (piece.offset !== offset) for (const d of piece.documents) shiftDocument(d, offset - piece.offset);
  piece.offset = offset;
}

/**
 * Every offset array of a parsed document (its range, its nodes', its errors'), listed
 * once when it is parsed: moving the document on each keystroke is then a loop over
 * numbers, not a walk of its nodes.
 */
const offsetsByDocument = new WeakMap<YAML.Document.Parsed, number[][]>();

function offsetsOf(document: YAML.Document.Parsed): number[][] {
  let offsets = offsetsByDocument.get(document);
  if (offsets) return offsets;
  offsets = [];
  if (document.range) offsets.push(document.range);
  for (const e of [...document.errors, ...document.warnings]) offsets.push(e.pos);
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (YAML.isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (!YAML.isNode(node)) continue;
    if (node.range) offsets.push(node.range);
    if (YAML.isCollection(node)) for (const item of node.items) stack.push(item);
  }
  offsetsByDocument.set(document, offsets);
  return offsets;
}

/** Moves every offset of a parsed document (its range, its nodes', its errors') by `delta`. */
function shiftDocument(document: YAML.Document.Parsed, delta: number): void {
  if (delta === 0) return;
  for (const offsets of offsetsOf(document)) for (let i = 0; i < offsets.length; i++) offsets[i] += delta;
}
