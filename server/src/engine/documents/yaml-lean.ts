/**
 * A lean parser for the plain block YAML that manifests, workflows and settings are
 * almost always written in, building the `yaml` library's own nodes (Document, YAMLMap,
 * YAMLSeq, Pair, Scalar) with the same values, types and ranges.
 *
 * Why: the library lexes into tokens, builds a concrete syntax tree, then composes nodes
 * — about 1 KB of garbage per input character. At every keystroke in a multi-document
 * manifest and for each of thousands of manifests in an audit that was the largest
 * single cost. This parser reads each line once and makes only the final nodes.
 *
 * It accepts a strict subset and answers `undefined` for anything else, and the caller
 * then uses the library: anchors, aliases, tags, directives, flow collections other than
 * one-line lists of scalars, `[]` and `{}`, block scalars with an indentation digit (or
 * folded ones with more-indented lines), multi-line plain or quoted scalars, explicit keys,
 * tabs, CRs, comments not indented like the line after them or closing a nested block (the
 * library stretches ranges over those), a value after `---` on its line, escapes in double
 * quotes other than the simple ones.
 * Comments are not attached to nodes (no rule or fix reads them); ranges are exact.
 * test/yaml-lean.test.ts compares every YAML fixture, corpus file and generated
 * variation with the library's parse, node by node.
 */
import * as YAML from 'yaml';

const SCALAR_TAG = Symbol.for('yaml.scalar');
type ScalarTag = {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
};

/**
 * Thrown inside the parser for input outside the subset (caught in leanYamlDocuments).
 * One shared instance, not an Error: a decline is ordinary control flow at keystrokes
 * that break a document, and an Error would capture a stack trace every time.
 */
const OUTSIDE_SUBSET = { outsideSubset: true } as const;
type LeanOptions = YAML.ParseOptions & YAML.DocumentOptions & YAML.SchemaOptions;
function outside(): never {
  throw OUTSIDE_SUBSET;
}

/** Characters that make the whole text go to the library (tabs, CR, control and Unicode line characters, BOM). */
const UNSUPPORTED_CHARACTERS = /[\x00-\x08\x09\x0b-\x1f\x7f\x85\u2028\u2029\ufeff\r]/;
/** A plain scalar may not start with these (YAML 1.2 indicators); `-`, `?`, `:` only when followed by a space. */
const INDICATOR = /[[\]{}#&*!|>'"%@`,]/;
/** First characters of the core schema's null, bool, int and float forms (everything else is a string). */
const CORE_NON_STRING_START = /[~nNtTfF0-9+\-.]/;

interface Line {
  start: number;
  /** Offset of the line's `\n`, or the text length. */
  end: number;
  indent: number;
  /** What the line holds after its indentation. */
  kind: LineKind;
}
const enum LineKind {
  Blank,
  Comment,
  Content,
  Marker,
}

export interface LeanYamlResult {
  documents: YAML.Document.Parsed[];
  stoppedAt?: number;
}

/**
 * The documents of `text`, or undefined when it is not in the subset. Past `deadline`
 * it stops after a document (like the library path) and says where.
 */
export function leanYamlDocuments(text: string, options: LeanOptions, deadline = Infinity): LeanYamlResult | undefined {
  if (UNSUPPORTED_CHARACTERS.test(text)) return undefined;
  try {
    return new LeanParser(text, options).documents(deadline);
  } catch (err) {
    if (err === OUTSIDE_SUBSET) return undefined;
    throw err;
  }
}

class LeanParser {
  private readonly lines: Line[] = [];
  private schema!: { tags: ScalarTag[]; [SCALAR_TAG]: ScalarTag };
  private docOptions!: YAML.ToJSOptions;
  private coreSchema = false;
  /** Index of the line being read. */
  private at = 0;
  /** Nesting of the collections being read (1: a document's top level). */
  private depth = 0;
  /** The line `advance` last stopped at, and the indentation of the comments just before it (-1: none). */
  private commentsAt = -1;
  private commentsBefore = -1;

  constructor(
    private readonly text: string,
    private readonly options: LeanOptions,
  ) {
    for (let start = 0; start <= text.length; ) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? text.length : nl;
      this.lines.push(this.classify(start, end));
      if (nl === -1) break;
      start = nl + 1;
    }
  }

  private classify(start: number, end: number): Line {
    const text = this.text;
    let i = start;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    const indent = i - start;
    if (i === end) return { start, end, indent, kind: LineKind.Blank };
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) return { start, end, indent, kind: LineKind.Comment };
    if (indent === 0) {
      if (c === 0x25 /* % */) outside();
      if (text.startsWith('---', i) || text.startsWith('...', i)) {
        const after = i + 3 === end ? -1 : text.charCodeAt(i + 3);
        if (after === -1 || after === 0x20) {
          // Only `---` alone on its line (trailing spaces allowed) starts a document here.
          if (text.charCodeAt(i) === 0x2e || text.slice(i + 3, end).trim() !== '') outside();
          return { start, end, indent, kind: LineKind.Marker };
        }
      }
    }
    return { start, end, indent, kind: LineKind.Content };
  }

  documents(deadline: number): LeanYamlResult {
    const out: YAML.Document.Parsed[] = [];
    const lines = this.lines;
    // Comments and blank lines before the first document belong to no document.
    while (this.at < lines.length && (lines[this.at].kind === LineKind.Blank || lines[this.at].kind === LineKind.Comment)) this.at++;
    while (this.at < lines.length) {
      const doc = this.document();
      out.push(doc);
      const end = doc.range[2];
      if (Date.now() > deadline && this.at < lines.length) return { documents: out, stoppedAt: end };
    }
    return { documents: out };
  }

  private newDocument(): YAML.Document.Parsed {
    const doc = new YAML.Document(undefined, this.options) as unknown as YAML.Document.Parsed;
    if (!this.schema) {
      this.schema = doc.schema as unknown as LeanParser['schema'];
      this.docOptions = doc.options as YAML.ToJSOptions;
      this.coreSchema = doc.schema.name === 'core';
    }
    return doc;
  }

  /** One document from the current line (a marker or its first content line) to the next marker or the end. */
  private document(): YAML.Document.Parsed {
    const lines = this.lines;
    const doc = this.newDocument();
    const first = lines[this.at];
    const start = first.kind === LineKind.Marker ? first.start : first.start + first.indent;
    let contents: YAML.Node;
    if (first.kind === LineKind.Marker) {
      doc.directives.docStart = true;
      this.at++;
      const next = this.nextContent();
      if (next === undefined || lines[next].kind === LineKind.Marker) {
        // An empty document: only `---` (a comment or blank line in it is left to the library).
        const rest = lines[this.at];
        if (rest && rest.kind !== LineKind.Marker && !(rest.start === this.text.length && this.at === lines.length - 1)) outside();
        if (rest && rest.kind !== LineKind.Marker) this.at++;
        const at = first.start + 3;
        contents = this.scalar(null, '', 'PLAIN', [at, at, at]);
        doc.contents = contents as never;
        doc.range = [start, at, at];
        return doc;
      }
      this.at = next;
    }
    const line = lines[this.at];
    if (line.indent !== 0) outside();
    contents = this.block(line.start, 0);
    const contentsEnd = contents.range![2];
    // The contents end past a line break unless the last value is empty (`key:`): then the
    // library ends the document there too, and would take following comments into the mapping.
    const openLine = contentsEnd < this.text.length && this.text.charCodeAt(contentsEnd - 1) !== 0x0a;
    // Whatever follows the contents up to the next marker is blank lines and comments at column 0.
    for (; this.at < lines.length && lines[this.at].kind !== LineKind.Marker; this.at++) {
      const l = lines[this.at];
      if (l.kind === LineKind.Content || (l.kind === LineKind.Comment && (l.indent > 0 || openLine))) outside();
    }
    const end = openLine ? contentsEnd : this.at < lines.length ? lines[this.at].start : this.text.length;
    doc.contents = contents as never;
    doc.range = [start, contentsEnd, end];
    return doc;
  }

  /** Index of the next content or marker line from `this.at`, skipping blank lines and comments; undefined at the end. */
  private nextContent(): number | undefined {
    const lines = this.lines;
    for (let i = this.at; i < lines.length; i++) if (lines[i].kind === LineKind.Content || lines[i].kind === LineKind.Marker) return i;
    return undefined;
  }

  /**
   * Moves to the next line that continues a block at `indent` or ends it. Comment lines on
   * the way must be indented exactly like that next line (the library then attaches them to
   * the next entry without changing any range); a comment more indented than what follows
   * it joins the previous value's range in the library, and is left to it.
   */
  private advance(): Line | undefined {
    const lines = this.lines;
    let commentIndent = -1;
    // Calls that find the same line again (an outer block after an inner one ended) keep what was seen.
    if (this.at === this.commentsAt) return this.at < lines.length ? lines[this.at] : undefined;
    for (; this.at < lines.length; this.at++) {
      const l = lines[this.at];
      if (l.kind === LineKind.Blank) continue;
      if (l.kind === LineKind.Comment) {
        if (commentIndent >= 0 && l.indent !== commentIndent) outside();
        commentIndent = l.indent;
        continue;
      }
      if (commentIndent >= 0 && l.indent !== commentIndent) outside();
      this.commentsAt = this.at;
      this.commentsBefore = commentIndent;
      return l;
    }
    if (commentIndent > 0) outside();
    this.commentsAt = this.at;
    this.commentsBefore = commentIndent;
    return undefined;
  }

  /** The collection starting at `offset` (the first line's content, or after `- ` on it), whose column is `column`. */
  private block(offset: number, column: number): YAML.Node {
    this.depth++;
    try {
      return this.isItem(offset, this.lines[this.at].end) ? this.sequence(offset, column) : this.mapping(offset, column);
    } finally {
      this.depth--;
    }
  }

  /**
   * A nested collection at `column` ends before the current line: comments just before that
   * line, indented at least as deep as the collection, would join its range in the library.
   */
  private endBlock(column: number): void {
    if (this.depth > 1 && this.commentsBefore >= column) outside();
  }

  private sequence(offset: number, column: number): YAML.YAMLSeq {
    const seq = new YAML.YAMLSeq(this.schema as never);
    const first = offset;
    let last = offset;
    for (;;) {
      const line = this.lines[this.at];
      // Here: `offset` is this line's `-` at `column`.
      let i = offset + 1;
      while (i < line.end && this.text.charCodeAt(i) === 0x20) i++;
      let item: YAML.Node;
      if (i === line.end) {
        this.at++;
        const next = this.advance();
        if (!next || next.kind !== LineKind.Content || next.indent <= column) outside(); // an empty item
        item = this.block(next.start + next.indent, next.indent);
      } else {
        const c = this.text.charCodeAt(i);
        if (c === 0x23 /* # */) outside();
        if (this.isItem(i, line.end)) outside(); // `- - x`
        const colon = this.keyEnd(i, line.end);
        if (colon !== undefined) item = this.mapping(i, i - line.start);
        else {
          item = this.valueOnLine(i, line, column);
        }
      }
      seq.items.push(item);
      last = item.range![2];
      const next = this.advance();
      if (!next || next.kind === LineKind.Marker || next.indent < column) {
        this.endBlock(column);
        break;
      }
      if (next.indent > column) outside();
      const start = next.start + next.indent;
      if (!this.isItem(start, next.end)) {
        this.endBlock(column); // the parent mapping's next key
        break;
      }
      offset = start;
    }
    seq.range = [first, last, last];
    return seq;
  }

  private mapping(offset: number, column: number): YAML.YAMLMap {
    const map = new YAML.YAMLMap(this.schema as never);
    const first = offset;
    let last = offset;
    for (;;) {
      const lineIndex = this.at;
      const line = this.lines[lineIndex];
      const keyEnd = this.keyEnd(offset, line.end);
      if (keyEnd === undefined) outside();
      const key = this.keyScalar(offset, keyEnd!);
      let i = keyEnd! + 1; // after ':'
      while (i < line.end && this.text.charCodeAt(i) === 0x20) i++;
      let value: YAML.Node;
      if (i === line.end) {
        this.at++;
        const next = this.advance();
        const nextStart = next ? next.start + next.indent : -1;
        const dash = next !== undefined && this.isItem(nextStart, next.end);
        if (next && next.kind === LineKind.Content && (next.indent > column || (next.indent === column && dash))) {
          value = this.block(nextStart, next.indent);
        } else {
          // No value: null, at the end of the key's line (after its spaces).
          // Comments after it would join the mapping's range in the library.
          if (this.hasCommentBetween(lineIndex)) outside();
          value = this.scalar(null, '', 'PLAIN', [i, i, i]);
        }
      } else {
        if (this.text.charCodeAt(i) === 0x23 /* # */) outside();
        value = this.valueOnLine(i, line, column);
      }
      map.items.push(new YAML.Pair(key, value));
      last = value.range![2];
      const next = this.advance();
      if (!next || next.kind === LineKind.Marker || next.indent < column) {
        this.endBlock(column);
        break;
      }
      if (next.indent > column) outside();
      offset = next.start + next.indent;
      if (this.isItem(offset, next.end)) outside(); // a sequence item among keys
    }
    map.range = [first, last, last];
    return map;
  }

  /** Is there a sequence item's `-` (then a space or the line's end) at `offset`? */
  private isItem(offset: number, lineEnd: number): boolean {
    return this.text.charCodeAt(offset) === 0x2d && (offset + 1 === lineEnd || this.text.charCodeAt(offset + 1) === 0x20);
  }

  /** Whether comment lines lie between line `from` and the current line. */
  private hasCommentBetween(from: number): boolean {
    for (let i = from + 1; i < this.at; i++) if (this.lines[i].kind === LineKind.Comment) return true;
    return false;
  }

  /**
   * Offset of the `:` ending an implicit key that starts at `offset`, or undefined when the
   * line is not `key: …` (plain or one-line quoted key; `:` then a space or the line's end).
   */
  private keyEnd(offset: number, end: number): number | undefined {
    const text = this.text;
    const c = text.charCodeAt(offset);
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const close = this.quotedEnd(offset, end);
      if (close === undefined) return undefined;
      let i = close;
      while (i < end && text.charCodeAt(i) === 0x20) i++;
      if (i < end && text.charCodeAt(i) === 0x3a && (i + 1 === end || text.charCodeAt(i + 1) === 0x20)) {
        if (i !== close) outside(); // `"k" : v` keeps the space in ranges differently
        return i;
      }
      return undefined;
    }
    if (!plainStart(text, offset, end)) return undefined;
    for (let i = offset + 1; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x3a /* : */ && (i + 1 === end || text.charCodeAt(i + 1) === 0x20)) {
        if (text.charCodeAt(i - 1) === 0x20) outside(); // `key : v`
        return i;
      }
      if (ch === 0x23 /* # */ && text.charCodeAt(i - 1) === 0x20) return undefined;
    }
    return undefined;
  }

  private keyScalar(offset: number, colon: number): YAML.Scalar {
    const c = this.text.charCodeAt(offset);
    if (c === 0x22 || c === 0x27) return this.quoted(offset, colon, colon);
    const source = this.text.slice(offset, colon);
    return this.plain(source, [offset, colon, colon], true);
  }

  /**
   * A scalar or a one-line list on the key's (or item's) line from `offset` (the line must
   * end after it), or a block scalar starting there; moves to the line after the value.
   * `parent` is the column of the key (or `-`) owning it.
   */
  private valueOnLine(offset: number, line: Line, parent: number): YAML.Node {
    const node = this.valueOnLineOnly(offset, line, parent);
    if (!(YAML.isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED'))) this.at++;
    return node;
  }

  private valueOnLineOnly(offset: number, line: Line, parent: number): YAML.Node {
    const text = this.text;
    const c = text.charCodeAt(offset);
    let valueEnd: number;
    let node: YAML.Node;
    if (c === 0x7c /* | */ || c === 0x3e /* > */) {
      return this.blockScalar(offset, line, parent);
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const close = this.quotedEnd(offset, line.end);
      if (close === undefined) outside();
      valueEnd = close!;
      node = this.quoted(offset, valueEnd, 0);
    } else if (c === 0x5b /* [ */) {
      return this.flowList(offset, line);
    } else if (c === 0x7b /* { */) {
      return this.emptyFlowMap(offset, line);
    } else {
      if (!plainStart(text, offset, line.end)) outside();
      valueEnd = offset + 1;
      for (let i = offset + 1; i < line.end; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 0x3a && (i + 1 === line.end || text.charCodeAt(i + 1) === 0x20)) outside(); // `a: b: c`
        if (ch === 0x23 && text.charCodeAt(i - 1) === 0x20) break;
        if (ch !== 0x20) valueEnd = i + 1;
      }
      node = this.plain(text.slice(offset, valueEnd), [offset, valueEnd, 0], false);
    }
    node.range![2] = this.lineRest(valueEnd, line);
    return node;
  }

  /**
   * `[a, "b", 'c']` on one line: a flow sequence of scalars (RBAC rules, workflow triggers).
   * Anything nested, empty entries, or a list running past the line go to the library.
   */
  private flowList(offset: number, line: Line): YAML.YAMLSeq {
    const text = this.text;
    const seq = new YAML.YAMLSeq(this.schema as never);
    seq.flow = true;
    let i = offset + 1;
    const skip = (): void => {
      while (i < line.end && text.charCodeAt(i) === 0x20) i++;
    };
    skip();
    if (text.charCodeAt(i) === 0x5d /* ] */) {
      seq.range = [offset, i + 1, this.lineRest(i + 1, line)];
      return seq;
    }
    for (;;) {
      skip();
      const c = text.charCodeAt(i);
      let item: YAML.Scalar;
      if (c === 0x22 || c === 0x27) {
        const close = this.quotedEnd(i, line.end);
        if (close === undefined) outside();
        item = this.quoted(i, close!, close!);
        i = close!;
      } else {
        if (i >= line.end || INDICATOR.test(text[i]) || c === 0x2d || c === 0x3f || c === 0x3a) outside();
        const from = i;
        let valueEnd = i;
        for (; i < line.end; i++) {
          const ch = text.charCodeAt(i);
          if (ch === 0x2c || ch === 0x5d) break;
          if (ch === 0x5b || ch === 0x7b || ch === 0x7d || ch === 0x3a || ch === 0x23) outside();
          if (ch !== 0x20) valueEnd = i + 1;
        }
        item = this.plain(text.slice(from, valueEnd), [from, valueEnd, valueEnd], false);
      }
      skip();
      // An item's range runs over the spaces before its `,` or `]`.
      item.range![2] = i;
      seq.items.push(item);
      const sep = text.charCodeAt(i);
      if (sep === 0x2c /* , */) {
        i++;
        skip();
        if (text.charCodeAt(i) === 0x5d) outside(); // a trailing comma
        continue;
      }
      if (sep === 0x5d /* ] */) break;
      outside();
    }
    const close = i + 1;
    // The library's range for a flow list on a key's line: its end includes the rest of the line.
    seq.range = [offset, close, this.lineRest(close, line)];
    return seq;
  }

  /**
   * `|` or `>` with optional chomping (`-`, `+`), then lines indented deeper than `parent`.
   * An explicit indentation digit, whitespace-only lines, or folded text with lines
   * indented beyond the first go to the library.
   */
  private blockScalar(offset: number, line: Line, parent: number): YAML.Scalar {
    const text = this.text;
    const literal = text.charCodeAt(offset) === 0x7c;
    let i = offset + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const m = text.charCodeAt(i);
    if (m === 0x2d /* - */) (chomp = 'strip'), i++;
    else if (m === 0x2b /* + */) (chomp = 'keep'), i++;
    if (i < line.end && text.charCodeAt(i) !== 0x20) outside(); // an indentation digit, or `|x`
    this.lineRest(i, line);
    const lines = this.lines;
    const pieces: string[] = [];
    let blockIndent = -1;
    /** Line index after the last line with content, and how many empty lines follow it. */
    let afterContent = this.at + 1;
    let blanks = 0;
    let j = this.at + 1;
    for (; j < lines.length; j++) {
      const l = lines[j];
      if (l.start === l.end) {
        blanks++;
        continue;
      }
      if (l.kind === LineKind.Blank) outside(); // whitespace-only: its spaces may or may not be content
      if (blockIndent < 0) {
        if (l.indent <= parent) break;
        blockIndent = l.indent;
      } else if (l.indent < blockIndent) break;
      if (blanks > 0 && pieces.length === 0) outside(); // empty lines before the first content line
      if (!literal && l.indent !== blockIndent) outside(); // folding with more-indented lines
      const content = text.slice(l.start + blockIndent, l.end);
      if (pieces.length > 0) pieces.push(literal ? '\n'.repeat(blanks + 1) : blanks > 0 ? '\n'.repeat(blanks) : ' ');
      pieces.push(content);
      blanks = 0;
      afterContent = j + 1;
    }
    if (blockIndent < 0) outside(); // an empty block scalar
    let value = pieces.join('');
    // The library's range ends after the last content line, or after the kept empty lines.
    let endLine = afterContent;
    if (chomp === 'clip') value += '\n';
    else if (chomp === 'keep') {
      value += '\n'.repeat(blanks + 1);
      endLine = afterContent + blanks;
      if (j >= lines.length) outside(); // kept empty lines at the end of the text
    }
    const end = endLine < lines.length ? lines[endLine].start : text.length;
    if (end === text.length && text.charCodeAt(text.length - 1) !== 0x0a) outside(); // no final line break
    this.at = afterContent;
    return this.scalar(value, value, literal ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED', [offset, end, end]);
  }

  /** `{}` (an empty `emptyDir: {}`, `securityContext: {}`); flow maps with entries go to the library. */
  private emptyFlowMap(offset: number, line: Line): YAML.YAMLMap {
    let i = offset + 1;
    while (i < line.end && this.text.charCodeAt(i) === 0x20) i++;
    if (this.text.charCodeAt(i) !== 0x7d /* } */) outside();
    const map = new YAML.YAMLMap(this.schema as never);
    map.flow = true;
    map.range = [offset, i + 1, this.lineRest(i + 1, line)];
    return map;
  }

  /** After a value ending at `valueEnd`: only spaces and a comment may follow; the end of its range (past the line break). */
  private lineRest(valueEnd: number, line: Line): number {
    const text = this.text;
    let i = valueEnd;
    while (i < line.end && text.charCodeAt(i) === 0x20) i++;
    if (i < line.end && (text.charCodeAt(i) !== 0x23 || i === valueEnd)) outside();
    return line.end < text.length ? line.end + 1 : line.end;
  }

  /** Offset just after the closing quote of a one-line quoted scalar starting at `offset`. */
  private quotedEnd(offset: number, end: number): number | undefined {
    const text = this.text;
    const quote = text.charCodeAt(offset);
    for (let i = offset + 1; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (quote === 0x22 && ch === 0x5c /* \ */) {
        i++;
        continue;
      }
      if (ch === quote) {
        if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return undefined;
  }

  /** The one-line quoted scalar from `offset` to `close` (just after its closing quote). */
  private quoted(offset: number, close: number, end: number): YAML.Scalar {
    const body = this.text.slice(offset + 1, close - 1);
    const single = this.text.charCodeAt(offset) === 0x27;
    const value = single ? (body.includes("''") ? body.replace(/''/g, "'") : body) : body.includes('\\') ? unescapeDouble(body) : body;
    return this.scalar(value, value, single ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', [offset, close, end]);
  }

  private plain(source: string, range: [number, number, number], atKey: boolean): YAML.Scalar {
    const schema = this.schema;
    let tag: ScalarTag | undefined;
    // In the core schema only `~`, null, true/false and numbers resolve to other than a string.
    if (!(this.coreSchema && !CORE_NON_STRING_START.test(source[0]))) {
      for (const t of schema.tags) {
        if ((t.default === true || (atKey && t.default === 'key')) && t.test?.test(source)) {
          tag = t;
          break;
        }
      }
    }
    tag ??= schema[SCALAR_TAG];
    let failed = false;
    const value = tag.resolve(source, () => (failed = true), this.docOptions);
    if (failed) outside();
    const node = YAML.isScalar(value) ? value : new YAML.Scalar(value);
    node.range = range;
    node.source = source;
    node.type = 'PLAIN';
    if (tag.format) node.format = tag.format;
    return node;
  }

  private scalar(value: unknown, source: string, type: YAML.Scalar.Type, range: [number, number, number]): YAML.Scalar {
    const node = new YAML.Scalar(value);
    node.range = range;
    node.source = source;
    node.type = type;
    return node;
  }
}

/** Can a plain scalar start at `offset`? (`-`, `?`, `:` only when a non-space follows.) */
function plainStart(text: string, offset: number, end: number): boolean {
  const c = text.charCodeAt(offset);
  if (c === 0x2d || c === 0x3f || c === 0x3a) return offset + 1 < end && text.charCodeAt(offset + 1) !== 0x20;
  return !INDICATOR.test(text[offset]);
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', e: '\x1b', a: '\x07', v: '\v', ' ': ' ' };

/** Double-quoted escapes the subset knows; others (`\x`, `\u`, line continuations) go to the library. */
function unescapeDouble(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[++i];
    const mapped = next === undefined ? undefined : SIMPLE_ESCAPES[next];
    if (mapped === undefined) outside();
    out += mapped;
  }
  return out;
}
