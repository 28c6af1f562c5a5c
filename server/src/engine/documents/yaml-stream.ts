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

export const YAML_PARSE_OPTIONS = { uniqueKeys: false, strict: false } as const;

/** Start offsets of the pieces of a stream: 0, then every `---` line after the first one. Empty when it must be parsed whole. */
export function yamlPieceStarts(text: string): number[] {
  const starts = [0];
  let sawMarker = false;
  for (let at = 0; at < text.length; ) {
    const c = text.charCodeAt(at);
    if (c === 0x25 /* % */) return []; // a directive: parse whole
    if (c === 0x2d /* - */ && text.startsWith('---', at)) {
      const after = text.charCodeAt(at + 3);
      if (Number.isNaN(after) || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d) {
        // The first marker stays with whatever precedes it (comments before the first document).
        if (sawMarker && at > 0) starts.push(at);
        sawMarker = true;
      }
    }
    const nl = text.indexOf('\n', at);
    if (nl === -1) break;
    at = nl + 1;
  }
  return starts;
}

/** Parses one piece (or a whole stream) into its documents, offsets relative to `text`. */
export function parseYamlDocuments(text: string, deadline = Infinity): { documents: YAML.Document.Parsed[]; stoppedAt?: number } {
  const parser = new YAML.Parser();
  const composer = new YAML.Composer(YAML_PARSE_OPTIONS);
  const documents: YAML.Document.Parsed[] = [];
  for (const document of composer.compose(parser.parse(text))) {
    documents.push(document as YAML.Document.Parsed);
    if (Date.now() > deadline) {
      const end = document.range?.[2] ?? text.length;
      if (end < text.length) return { documents, stoppedAt: end };
    }
  }
  return { documents };
}

interface Piece {
  text: string;
  offset: number;
  documents: YAML.Document.Parsed[];
}

/**
 * The pieces of one open document's last parse. `parse` returns the stream's
 * documents with offsets into the new text; pieces not found in the last parse are
 * parsed now. The Document objects are shared with the previous result, so callers
 * must not mutate them (no rule or fix does: fixes are text edits).
 */
export class YamlStreamCache {
  private pieces = new Map<string, Piece[]>();

  parse(text: string, deadline = Infinity): { documents: YAML.Document.Parsed[]; stoppedAt?: number } {
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
      if (piece) {
        if (piece.offset !== offset) for (const d of piece.documents) shiftDocument(d, offset - piece.offset);
        piece.offset = offset;
      } else {
        const parsed = parseYamlDocuments(pieceText);
        for (const d of parsed.documents) shiftDocument(d, offset);
        piece = { text: pieceText, offset, documents: parsed.documents };
      }
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

  /** A piece of the last parse with this text (each used once: a stream may repeat a document). */
  private take(text: string): Piece | undefined {
    const list = this.pieces.get(text);
    const piece = list?.pop();
    if (list && list.length === 0) this.pieces.delete(text);
    return piece;
  }
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
