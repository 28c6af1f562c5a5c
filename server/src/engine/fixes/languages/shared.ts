/**
 * What every language's "read it from the environment" edit gets and returns.
 * Each language module knows only its own syntax: where an expression may
 * replace a literal, what the read looks like, and any import it needs.
 */
import type { Node } from 'web-tree-sitter';
import type { Range, TextEdit } from '../../model';

export interface LiteralSite {
  uri: string;
  root: Node;
  /** The literal that holds exactly the secret. */
  literal: Node;
  /** The environment variable the code will read. */
  name: string;
}

export interface SourceEdits {
  edits: TextEdit[];
  /** The code that now reads the variable, for the fix title. */
  expression: string;
}

export function replaceNode(uri: string, node: Node, newText: string): TextEdit {
  return { uri, range: { start: node.startIndex, end: node.endIndex }, newText };
}

export function nodeAt(root: Node, range: Range): Node | undefined {
  for (let n: Node | null = root.descendantForIndex(range.start, range.end); n; n = n.parent) {
    if (n.startIndex === range.start && n.endIndex === range.end) return n;
    if (n.startIndex < range.start || n.endIndex > range.end) break;
  }
  return undefined;
}

/** The quote character a literal opens with (after any prefix such as `@` or `r`), `"` if none. */
export function quoteOf(literalText: string): string {
  const q = /["']/.exec(literalText)?.[0];
  return q ?? '"';
}

/** The first ancestor of `node` (itself excluded) whose type is in `types`, not looking past `stop` types. */
export function ancestorOfType(node: Node, types: ReadonlySet<string>, stop: ReadonlySet<string> = new Set()): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (types.has(p.type)) return p;
    if (stop.has(p.type)) return undefined;
  }
  return undefined;
}

/**
 * Is an identifier spelled `name` used inside one of `contexts` anywhere in the
 * file (other than inside `except`)? Used to keep constants constant where the
 * language demands it: a constant read by an annotation or a case label cannot
 * become a run-time read.
 */
export function identifierUsedIn(root: Node, identifierTypes: string[], name: string, contexts: ReadonlySet<string>, except?: Node): boolean {
  for (const id of root.descendantsOfType(identifierTypes)) {
    if (!id || id.text !== name) continue;
    if (except && id.startIndex >= except.startIndex && id.endIndex <= except.endIndex) continue;
    if (ancestorOfType(id, contexts)) return true;
  }
  return false;
}
