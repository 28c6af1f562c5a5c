/**
 * Tree-sitter grammars, loaded once per process from wasm files.
 *
 * Pinned pair (checked by test/tree-sitter.test.ts, which loads every grammar):
 * web-tree-sitter 0.25.10 loads both the grammars of tree-sitter-wasms 0.1.13
 * (built with tree-sitter-cli 0.20) and @tree-sitter-grammars/tree-sitter-hcl
 * 1.2.0 (built with cli 0.25). 0.20–0.24 reject the HCL grammar and 0.26 rejects
 * the older grammars; only the YAML grammar fails on 0.25, and YAML is parsed by
 * the `yaml` package instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export type GrammarName = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'java' | 'c_sharp' | 'ruby' | 'php' | 'bash' | 'toml' | 'hcl';

export const GRAMMARS: readonly GrammarName[] = ['typescript', 'tsx', 'javascript', 'python', 'go', 'java', 'c_sharp', 'ruby', 'php', 'bash', 'toml', 'hcl'];

/** File name of each grammar as shipped; the build copies them flat into dist/grammars/. */
export function grammarFile(name: GrammarName): string {
  return `tree-sitter-${name}.wasm`;
}

declare const __NHI_BUNDLED__: boolean | undefined;

/** Where the wasm files are: dist/grammars next to the bundle, or node_modules when running from source (tests). */
export function grammarLocations(): { core: string; grammar(name: GrammarName): string } {
  const env = process.env.NHI_GRAMMAR_DIR;
  const bundled = typeof __NHI_BUNDLED__ !== 'undefined' && __NHI_BUNDLED__;
  if (env || bundled) {
    const dir = env ?? path.join(__dirname, 'grammars');
    return { core: path.join(dir, 'tree-sitter.wasm'), grammar: (n) => path.join(dir, grammarFile(n)) };
  }
  const root = findPackageRoot();
  const nm = path.join(root, 'node_modules');
  return {
    core: path.join(nm, 'web-tree-sitter', 'tree-sitter.wasm'),
    grammar: (n) =>
      n === 'hcl'
        ? path.join(nm, '@tree-sitter-grammars', 'tree-sitter-hcl', 'tree-sitter-hcl.wasm')
        : path.join(nm, 'tree-sitter-wasms', 'out', grammarFile(n)),
  };
}

function findPackageRoot(): string {
  let dir = process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, 'node_modules', 'web-tree-sitter'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

let queue: Promise<void> | undefined;
const loading = new Map<GrammarName, Promise<void>>();
const languages = new Map<GrammarName, Language>();
const failures = new Map<GrammarName, string>();
let parser: Parser | undefined;

/**
 * Grammars run on Liftoff, V8's baseline wasm compiler, only. Tiering a grammar's big lexer
 * and parse functions up to TurboFan cost each thread that loads them about a second of
 * CPU and ~20 MB of compiler memory: a quarter of a 2k-file CLI audit (2.5 → 1.8–2.2 s) and
 * the peak of the language server's 20k-file audit (~200 → ~180 MB), while as-you-type
 * latency showed no difference. The flag is process-wide and must be set before the first
 * module is compiled, hence here.
 */
function baselineWasmOnly(): void {
  try {
    setFlagsFromString('--liftoff-only');
  } catch {
    // A host without V8 flags: grammars tier up as usual.
  }
}

/**
 * Loads the runtime and the named grammars (default: all). Safe to call many
 * times and concurrently; each grammar is loaded once. Loading only what a run
 * needs matters for the CLI: all twelve grammars take about a second to compile.
 * A grammar that fails to load is recorded, not thrown.
 */
export function initTreeSitter(names: readonly GrammarName[] = GRAMMARS): Promise<void> {
  const where = grammarLocations();
  if (!queue) baselineWasmOnly();
  queue ??= Parser.init({ locateFile: () => where.core }).then(() => {
    parser = new Parser();
  });
  const pending = names.map((name) => {
    let p = loading.get(name);
    if (!p) {
      // Strictly one at a time: web-tree-sitter links each grammar's wasm into one
      // shared module, and concurrent loads mix up their symbols ("bad export type").
      p = queue!.then(async () => {
        try {
          languages.set(name, await Language.load(fs.readFileSync(where.grammar(name))));
        } catch (err) {
          failures.set(name, err instanceof Error ? err.message : String(err));
        }
      });
      queue = p;
      loading.set(name, p);
    }
    return p;
  });
  return Promise.all([queue, ...pending]).then(() => undefined);
}

export function grammarFailures(): ReadonlyMap<GrammarName, string> {
  return failures;
}

export function isLoaded(name: GrammarName): boolean {
  return languages.has(name);
}

/**
 * Parses synchronously (after initTreeSitter). Returns undefined if the grammar is
 * unavailable or the parse was cut by the time limit. The caller must `delete()` the tree.
 */
export function parseWith(name: GrammarName, text: string, timeoutMs = 1000, previous?: PreviousParse): Tree | undefined {
  const lang = languages.get(name);
  if (!lang || !parser) return undefined;
  parser.setLanguage(lang);
  const deadline = Date.now() + timeoutMs;
  // Incremental: the previous tree, told what changed, lets tree-sitter reuse every untouched subtree.
  const old = previous && previous.grammar === name ? editedCopy(previous, text) : undefined;
  try {
    const tree = parser.parse(text, old ?? null, { progressCallback: () => Date.now() > deadline });
    return tree ?? undefined;
  } finally {
    parser.reset();
    old?.delete();
  }
}

/** The last parse of a document (its text exactly as parsed), kept by an editor between edits. */
export interface PreviousParse {
  grammar: GrammarName;
  text: string;
  tree: Tree;
}

/** A copy of the previous tree with one edit covering everything between the common prefix and suffix of the two texts. */
function editedCopy(previous: PreviousParse, text: string): Tree | undefined {
  const before = previous.text;
  if (before === text) return previous.tree.copy();
  const max = Math.min(before.length, text.length);
  // Blocks first (native string comparison), then characters.
  let start = 0;
  while (start + BLOCK <= max && before.slice(start, start + BLOCK) === text.slice(start, start + BLOCK)) start += BLOCK;
  while (start < max && before.charCodeAt(start) === text.charCodeAt(start)) start++;
  let tail = 0;
  while (tail + BLOCK <= max - start && before.slice(before.length - tail - BLOCK, before.length - tail) === text.slice(text.length - tail - BLOCK, text.length - tail)) tail += BLOCK;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const oldEnd = before.length - tail;
  const newEnd = text.length - tail;
  const startPosition = pointAt(before, start);
  const tree = previous.tree.copy();
  tree.edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: advance(startPosition, before, start, oldEnd),
    newEndPosition: advance(startPosition, text, start, newEnd),
  });
  return tree;
}

const BLOCK = 256;

/** The point after text[from, to), starting at `point`. */
function advance(point: { row: number; column: number }, text: string, from: number, to: number): { row: number; column: number } {
  let { row, column } = point;
  let lineStart = -1;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  column = lineStart === -1 ? column + (to - from) : to - lineStart;
  return { row, column };
}

/** Row and column (UTF-16 units, as web-tree-sitter counts them) of an index. */
function pointAt(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}
