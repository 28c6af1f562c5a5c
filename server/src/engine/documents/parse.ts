/**
 * Parsing: text → syntax tree with positions. Parse errors are data (Document.problems),
 * never exceptions: a file that does not parse still gets the line-based checks.
 */
import * as YAML from 'yaml';
import * as jsonc from 'jsonc-parser';
import type { Tree } from 'web-tree-sitter';
import type { Document, Flavor, Format, LineIndex, ParseProblem, Range } from '../model';
import { detectFlavors, detectFormat, formatFromPath } from './format';
import { createLineIndex } from './line-index';
import { parseKeyValue, type KeyValueEntry } from './key-value';
import { parseWith, type GrammarName, type PreviousParse } from './tree-sitter';
import { parseYamlDocuments, type YamlStreamCache } from './yaml-stream';
import { attachSession, type EditSession } from '../edit-session';
import { scanNesting } from './yaml-nesting';

export type ParsedTree =
  | { kind: 'yaml'; documents: YAML.Document.Parsed[] }
  | { kind: 'json'; root: jsonc.Node | undefined }
  | { kind: 'key-value'; entries: KeyValueEntry[] }
  /** `source` is the text as parsed (lone CRs made LFs): what an incremental re-parse must diff against. */
  | { kind: 'tree-sitter'; grammar: GrammarName; tree: Tree; source: string };

export const TREE_SITTER_GRAMMAR: Partial<Record<Format, GrammarName>> = {
  typescript: 'typescript',
  tsx: 'tsx',
  javascript: 'javascript',
  python: 'python',
  go: 'go',
  java: 'java',
  csharp: 'c_sharp',
  ruby: 'ruby',
  php: 'php',
  shell: 'bash',
  terraform: 'hcl',
  toml: 'toml',
};

/**
 * Grammars needed for these paths. Files without a telling extension may be
 * scripts detected by their shebang, so they pull in the script grammars.
 */
export function grammarsForPaths(paths: readonly string[]): GrammarName[] {
  const needed = new Set<GrammarName>();
  for (const p of paths) {
    const format = formatFromPath(p);
    const grammar = TREE_SITTER_GRAMMAR[format];
    if (grammar) needed.add(grammar);
    else if (format === 'text') for (const g of SHEBANG_GRAMMARS) needed.add(g);
  }
  return [...needed];
}

const SHEBANG_GRAMMARS: GrammarName[] = ['bash', 'python', 'javascript', 'ruby', 'php'];

export interface DocumentInput {
  uri: string;
  path: string;
  text: string;
  /** The document's previous parse (an editor between keystrokes): re-parsed incrementally. Not consumed. */
  previous?: PreviousParse;
  /** The document's YAML pieces from its last parse (an editor): only changed `---` documents are re-parsed. Updated. */
  yamlStream?: YamlStreamCache;
  /** The document's edit session (an editor): line starts and per-line answers kept between keystrokes. */
  session?: EditSession;
}

/**
 * Every document is parsed on first use of `doc.parsed`: the parse is most of the cost of
 * analysing a file, and most files hold nothing any rule or extractor needs a tree for.
 * Source code is special beyond that: it is extracted only when a rule needs a kind of fact
 * from it, and its text gates (secrets/quoted-values.ts) decide whether a rule asks. In
 * configuration and IaC, identities and links are always extracted (they feed the
 * inventory), so such a file is parsed whenever an extractor's text prefilter
 * (`Extractor.mentions`) finds what it looks for.
 */
export const LAZY_PARSE_FORMATS: ReadonlySet<Format> = new Set(['typescript', 'tsx', 'javascript', 'python', 'go', 'java']);

/**
 * A document whose tree is built on first use of `parsed`. The accessor lives on the class,
 * so every document has one shape: defining it per object (Object.defineProperty) made the
 * editor's YAML keystrokes ~1.3 ms slower at p95 (scavenges found more survivors).
 */
class OnDemandDocument implements Document {
  problems: ParseProblem[] = [];
  deadline?: number;
  #parse: (() => ParsedTree | undefined) | undefined;
  #tree: ParsedTree | undefined;

  constructor(
    public uri: string,
    public path: string,
    public text: string,
    public format: Format,
    public flavors: Flavor[],
    public lines: LineIndex,
  ) {}

  get parsed(): ParsedTree | undefined {
    const parse = this.#parse;
    if (parse) {
      this.#parse = undefined;
      this.#tree = parse();
    }
    return this.#tree;
  }

  set parsed(tree: ParsedTree | undefined) {
    this.#parse = undefined;
    this.#tree = tree;
  }

  /** Parsed on first use of `parsed`, by `parse`. */
  onDemand(parse: () => ParsedTree | undefined): void {
    this.#parse = parse;
  }

  static pending(doc: Document): boolean {
    return doc instanceof OnDemandDocument && doc.#parse !== undefined;
  }
}

/** Has the document been parsed? Reading `doc.parsed` parses it. */
export function isParsed(doc: Document): boolean {
  return !OnDemandDocument.pending(doc);
}

/** Builds a Document. Never throws for bad content. Call `disposeDocument` when done (frees wasm memory). */
export function parseDocument(input: DocumentInput, timeoutMs = 1000): Document {
  const format = detectFormat(input.path, input.text);
  const lines = input.session ? input.session.lines(input.text) : createLineIndex(input.text);
  const doc = new OnDemandDocument(input.uri, input.path, input.text, format, detectFlavors(input.path, format, input.text), lines);
  if (input.session) attachSession(doc, input.session);
  doc.onDemand(() => {
    let parsed: ParsedTree | undefined;
    try {
      parsed = parseTree(doc, timeoutMs, input.previous, input.yamlStream, input.session);
    } catch (err) {
      doc.problems.push({ message: `Could not parse as ${format}: ${shorten(err instanceof Error ? err.message : String(err))}`, range: { start: 0, end: 0 } });
    }
    // Parsers may point one past the end (YAML's "missing closing quote" on a 1-character file).
    for (const p of doc.problems) {
      const start = Math.min(Math.max(0, p.range.start), input.text.length);
      p.range = { start, end: Math.min(Math.max(start, p.range.end), input.text.length) };
    }
    return parsed;
  });
  return doc;
}

/** The tree-sitter grammar a document's format is parsed with, if any (without parsing it). */
export function grammarOf(doc: Document): GrammarName | undefined {
  return TREE_SITTER_GRAMMAR[doc.format];
}

export function disposeDocument(doc: Document): void {
  // Never parsed: nothing to free (setting `parsed` drops the pending parse).
  if (isParsed(doc) && doc.parsed?.kind === 'tree-sitter') doc.parsed.tree.delete();
  doc.parsed = undefined;
}

function parseTree(doc: Document, timeoutMs: number, previous?: PreviousParse, yamlStream?: YamlStreamCache, session?: EditSession): ParsedTree | undefined {
  const { text, format } = doc;
  switch (format) {
    case 'yaml':
      return parseYaml(text, doc.problems, Date.now() + timeoutMs, yamlStream, session);
    case 'json':
    case 'jsonc':
      return parseJson(text, format === 'jsonc' || /\.(jsonc|json5)$/i.test(doc.path), doc.problems);
    case 'dotenv':
    case 'ini':
    case 'properties':
      return { kind: 'key-value', entries: parseKeyValue(text, format) };
    default: {
      const grammar = TREE_SITTER_GRAMMAR[format];
      if (!grammar) return undefined;
      // Old Mac line ends (a lone \r) are line breaks for the line index and for
      // Python's universal newlines, but not for every grammar; \n keeps every offset.
      const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
      const tree = parseWith(grammar, source, timeoutMs, previous);
      if (!tree) {
        doc.problems.push({ message: `The ${format} parser is unavailable or ran out of time; only line-based checks ran.`, range: { start: 0, end: 0 } });
        return undefined;
      }
      if (tree.rootNode.hasError) doc.problems.push(firstSyntaxError(tree, format));
      return { kind: 'tree-sitter', grammar, tree, source };
    }
  }
}

/**
 * Deeper YAML nesting than any real file has. The `yaml` parser recurses per level:
 * thousands of levels take seconds and can exhaust memory, so such input is not
 * handed to it at all (the line-based checks still run).
 */
export const YAML_MAX_NESTING = 200;

function parseYaml(text: string, problems: ParseProblem[], deadline = Infinity, stream?: YamlStreamCache, session?: EditSession): ParsedTree {
  const tooDeep = session ? session.yamlNestingBeyond(text, YAML_MAX_NESTING) : yamlNestingBeyond(text, YAML_MAX_NESTING);
  if (tooDeep >= 0) {
    problems.push({
      message: `YAML: nested more than ${YAML_MAX_NESTING} levels deep; not parsed, only line-based checks ran.`,
      range: { start: tooDeep, end: Math.min(text.length, tooDeep + 1) },
    });
    return { kind: 'yaml', documents: [] };
  }
  // One document at a time: a stream of thousands of documents stops at the parse
  // deadline (with a note) instead of overrunning the file's budget.
  const { documents: list, stoppedAt } = stream ? stream.parse(text, deadline, session) : parseYamlDocuments(text, deadline);
  if (stoppedAt !== undefined) {
    problems.push({ message: `YAML: parsing stopped after ${list.length} documents (time budget); the rest of the file got only line-based checks.`, range: { start: stoppedAt, end: stoppedAt } });
  }
  // Helm/Go templates (`{{ … }}`) are not YAML: one note for the file, not an error storm.
  const firstError = list.find((d) => d.errors.length > 0)?.errors[0];
  if (firstError && text.includes('{{')) {
    problems.push({ message: 'YAML: template syntax ({{ … }}, e.g. Helm); documents that do not parse as YAML were skipped.', range: { start: firstError.pos[0], end: firstError.pos[1] } });
    return { kind: 'yaml', documents: list };
  }
  let errorCount = 0;
  let firstHidden: Range | undefined;
  for (const d of list) {
    for (const e of d.errors) {
      // A few problems are useful; thousands (binary content) are noise.
      if (++errorCount > MAX_PROBLEMS) {
        firstHidden ??= { start: e.pos[0], end: e.pos[1] };
        continue;
      }
      problems.push({ message: `YAML: ${shorten(withoutQuotedSource(e.message.split('\n')[0]))}`, range: { start: e.pos[0], end: e.pos[1] } });
    }
  }
  // At the first problem it stands for: inside a document that did not parse, like every
  // other problem (secret/generic-* reads only broken documents as text while that holds).
  if (firstHidden) problems.push({ message: `YAML: ${errorCount - MAX_PROBLEMS} more problems not shown.`, range: firstHidden });
  return { kind: 'yaml', documents: list };
}

const MAX_PROBLEMS = 5;

function shorten(message: string): string {
  return message.length > 160 ? message.slice(0, 160) + '…' : message;
}

/**
 * The YAML parser quotes the offending source (`Unexpected scalar token in YAML
 * stream: "KEY = \"AKIA…\""`), which may hold a secret: longer quotations are
 * dropped (the note's range points at the text); short ones (`"}"`) stay readable.
 */
export function withoutQuotedSource(message: string): string {
  return message.replace(/"(?:[^"\\\n]|\\.)*"/g, (quoted) => (quoted.length <= 10 ? quoted : '(source text omitted)'));
}

/**
 * Alias expansions allowed when a YAML document is turned into plain values.
 * Parsing never expands aliases (the AST keeps them as nodes, so a "billion laughs"
 * file parses in linear time); expansion happens only in toJS, which must go
 * through yamlToJS so the bound is explicit rather than a library default.
 */
export const YAML_MAX_ALIAS_COUNT = 100;

/** Plain value of a parsed YAML document, or a readable error (alias bomb, unresolved alias) instead of a throw. */
export function yamlToJS(document: YAML.Document.Parsed | YAML.Document): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `YAML: ${withoutQuotedSource(message.split('\n')[0]).slice(0, 200)}` };
  }
}

/**
 * Offset where flow nesting (`[`, `{`) or a line of compact block sequences (`- - -`)
 * first exceeds `limit`, or -1. A cheap single pass: skips comments and quoted
 * scalars on the way; it only has to be right for pathological input.
 */
export function yamlNestingBeyond(text: string, limit: number): number {
  return scanNesting(text, 0, text.length, 0, limit).at;
}

function parseJson(text: string, allowComments: boolean, problems: ParseProblem[]): ParsedTree {
  const errors: jsonc.ParseError[] = [];
  // jsonc-parser rejects a byte order mark; a space of the same length keeps every offset.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const root = jsonc.parseTree(source, errors, { allowTrailingComma: allowComments, disallowComments: !allowComments });
  for (const e of errors.slice(0, MAX_PROBLEMS)) {
    problems.push({ message: `JSON: ${jsonc.printParseErrorCode(e.error)}`, range: { start: e.offset, end: e.offset + e.length } });
  }
  return { kind: 'json', root };
}

function firstSyntaxError(tree: Tree, format: Format): ParseProblem {
  let range: Range = { start: 0, end: 0 };
  const cursor = tree.walk();
  // Depth-first search for the first ERROR or MISSING node.
  outer: for (;;) {
    const node = cursor.currentNode;
    if (node.isError || node.isMissing) {
      range = { start: node.startIndex, end: node.endIndex };
      break;
    }
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) break outer;
    }
  }
  cursor.delete();
  return { message: `Syntax error in ${format}; analysis continues on what parsed.`, range };
}

/** The YAML document (of a multi-document stream) that holds `offset`; binary search, streams can hold thousands. */
export function yamlDocumentAt(doc: Document, offset: number): YAML.Document.Parsed | undefined {
  if (doc.parsed?.kind !== 'yaml') return undefined;
  const documents = doc.parsed.documents;
  let lo = 0;
  let hi = documents.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const start = documents[mid].range?.[0] ?? 0;
    if (start <= offset) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && i >= lo - 2; i--) {
    const r = documents[i].range;
    if (r && offset >= r[0] && offset <= r[2]) return documents[i];
  }
  return undefined;
}
