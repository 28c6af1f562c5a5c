/**
 * Parsing: text → syntax tree with positions. Parse errors are data (Document.problems),
 * never exceptions: a file that does not parse still gets the line-based checks.
 */
import * as YAML from 'yaml';
import * as jsonc from 'jsonc-parser';
import type { Tree } from 'web-tree-sitter';
import type { Document, Format, ParseProblem, Range } from '../model';
import { detectFlavors, detectFormat } from './format';
import { createLineIndex } from './line-index';
import { parseKeyValue, type KeyValueEntry } from './key-value';
import { parseWith, type GrammarName } from './tree-sitter';

export type ParsedTree =
  | { kind: 'yaml'; documents: YAML.Document.Parsed[]; lineCounter: YAML.LineCounter }
  | { kind: 'json'; root: jsonc.Node | undefined }
  | { kind: 'key-value'; entries: KeyValueEntry[] }
  | { kind: 'tree-sitter'; grammar: GrammarName; tree: Tree };

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

export interface DocumentInput {
  uri: string;
  path: string;
  text: string;
}

/** Builds a Document. Never throws for bad content. Call `disposeDocument` when done (frees wasm memory). */
export function parseDocument(input: DocumentInput, timeoutMs = 1000): Document {
  const format = detectFormat(input.path, input.text);
  const doc: Document = {
    uri: input.uri,
    path: input.path,
    text: input.text,
    format,
    flavors: detectFlavors(input.path, format, input.text),
    lines: createLineIndex(input.text),
    problems: [],
  };
  try {
    doc.parsed = parseTree(doc, timeoutMs);
  } catch (err) {
    doc.problems.push({ message: `Could not parse as ${format}: ${err instanceof Error ? err.message : String(err)}`, range: { start: 0, end: 0 } });
  }
  return doc;
}

export function disposeDocument(doc: Document): void {
  if (doc.parsed?.kind === 'tree-sitter') doc.parsed.tree.delete();
  doc.parsed = undefined;
}

function parseTree(doc: Document, timeoutMs: number): ParsedTree | undefined {
  const { text, format } = doc;
  switch (format) {
    case 'yaml':
      return parseYaml(text, doc.problems);
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
      const tree = parseWith(grammar, text, timeoutMs);
      if (!tree) {
        doc.problems.push({ message: `The ${format} parser is unavailable or ran out of time; only line-based checks ran.`, range: { start: 0, end: 0 } });
        return undefined;
      }
      if (tree.rootNode.hasError) doc.problems.push(firstSyntaxError(tree, format));
      return { kind: 'tree-sitter', grammar, tree };
    }
  }
}

function parseYaml(text: string, problems: ParseProblem[]): ParsedTree {
  const lineCounter = new YAML.LineCounter();
  const documents = YAML.parseAllDocuments(text, { lineCounter, keepSourceTokens: true, uniqueKeys: false, strict: false });
  const list = Array.isArray(documents) ? documents : [];
  for (const d of list) {
    for (const e of d.errors) problems.push({ message: `YAML: ${e.message.split('\n')[0]}`, range: { start: e.pos[0], end: e.pos[1] } });
  }
  return { kind: 'yaml', documents: list, lineCounter };
}

function parseJson(text: string, allowComments: boolean, problems: ParseProblem[]): ParsedTree {
  const errors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { allowTrailingComma: allowComments, disallowComments: !allowComments });
  for (const e of errors.slice(0, 5)) {
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
