/**
 * What the per-language "static credentials → default chain" code fixes share:
 * the plan they return, string-literal detection across grammars, removing items
 * from comma-separated lists, whole-line statement removal, and following a
 * credential stored in a local variable to its one use.
 */
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../model';
import { lineStartOf, nextLineStart } from '../references/shared';

export interface Plan {
  edits: TextEdit[];
  /** String literals removed from the code, with the variable the default chain reads. */
  literals: { node: Node; name: string }[];
  title: string;
}

/** The variables Azure's default chain (EnvironmentCredential) reads, in ClientSecretCredential's argument order. */
export const AZURE_ARGS = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'];
export const AWS_ARGS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

const LITERAL_TYPES = new Set(['string_literal', 'verbatim_string_literal', 'raw_string_literal', 'interpreted_string_literal']);

/** A plain string literal (no interpolation) in C#, Java or Go. */
export function isPlainStringLiteral(node: Node): boolean {
  return LITERAL_TYPES.has(node.type) && !node.namedChildren.some((c) => c?.type === 'interpolation' || c?.type === 'escape_sequence_interpolation');
}

/** The literals among `values` with the variable each moves to; undefined when a literal has no known variable. */
export function literalsOf(values: (Node | undefined)[], names: (string | undefined)[]): Plan['literals'] | undefined {
  const out: Plan['literals'] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!v || !isPlainStringLiteral(v)) continue;
    if (!names[i]) return undefined;
    out.push({ node: v, name: names[i]! });
  }
  return out;
}

const COMMENTS = new Set(['comment', 'line_comment', 'block_comment']);
export const isComment = (n: Node | null): boolean => !!n && COMMENTS.has(n.type);

/** A call's arguments without comments. */
export function namedArgs(node: Node): Node[] {
  const args = node.childForFieldName('arguments');
  return args ? args.namedChildren.filter((n): n is Node => !!n && !isComment(n)) : [];
}

/**
 * Edits that remove `removed` from a comma-separated list. One item per line:
 * whole lines go (with a trailing comma and comment). Items on one line: the
 * kept items are written back joined by `, `, which needs no comments inside.
 */
export function removeListItems(text: string, uri: string, list: Node, items: Node[], removed: Node[]): TextEdit[] | undefined {
  if (removed.length === 0) return undefined;
  const multiLine = removed.every((item) => ownLine(text, item) !== undefined);
  if (multiLine) return removed.map((item) => ({ uri, range: ownLine(text, item)!, newText: '' }));
  if (list.namedChildren.some(isComment) || items.length === 0) return undefined;
  const first = items[0];
  const last = items[items.length - 1];
  const kept = items.filter((i) => !removed.some((r) => r.equals(i)));
  if (kept.length === 0 && list.type === 'object') return [{ uri, range: { start: list.startIndex, end: list.endIndex }, newText: '{}' }];
  return [{ uri, range: { start: first.startIndex, end: last.endIndex }, newText: kept.map((k) => k.text).join(', ') }];
}

/** The whole line(s) of a list item that sits alone on its lines (optionally followed by `,` and a comment). */
export function ownLine(text: string, item: Node): { start: number; end: number } | undefined {
  const start = lineStartOf(text, item.startIndex);
  if (!/^[ \t]*$/.test(text.slice(start, item.startIndex))) return undefined;
  const end = nextLineStart(text, item.endIndex);
  const rest = text.slice(item.endIndex, end).trim();
  if (!/^,?\s*(?:(?:#|\/\/).*)?$/.test(rest)) return undefined;
  return { start, end };
}

/** The whole lines of a statement that has its lines to itself (comment lines above it stay). */
export function statementLines(text: string, statement: Node): { start: number; end: number } | undefined {
  const start = lineStartOf(text, statement.startIndex);
  if (!/^[ \t]*$/.test(text.slice(start, statement.startIndex))) return undefined;
  const end = nextLineStart(text, Math.max(statement.endIndex - 1, statement.startIndex));
  if (!/^[ \t]*(?:\/\/.*)?\r?\n?$/.test(text.slice(statement.endIndex, end))) return undefined;
  return { start, end };
}

/**
 * Where a credential expression is consumed: the expression itself, or — when it
 * initialises a local variable (`var creds = new BasicAWSCredentials(…);`) read
 * exactly once in the enclosing block — that one read, with the declaration to remove.
 */
export function consumerOf(node: Node, declarationTypes: ReadonlySet<string>, identifierType = 'identifier'): { use: Node; declaration?: Node } | undefined {
  let p = node.parent;
  if (p?.type === 'equals_value_clause') p = p.parent; // C# wraps the initialiser
  if (p?.type !== 'variable_declarator') return { use: node };
  const name = p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === identifierType);
  let declaration: Node | null = p.parent;
  if (declaration?.type === 'variable_declaration') declaration = declaration.parent; // C#
  if (!name || !declaration || !declarationTypes.has(declaration.type)) return undefined;
  if (declaration.descendantsOfType('variable_declarator').length !== 1) return undefined;
  const scope = declaration.parent;
  if (!scope) return undefined;
  const reads = scope.descendantsOfType(identifierType).filter((id): id is Node => !!id && id.text === name.text && !id.equals(name));
  if (reads.length !== 1) return undefined;
  return { use: reads[0], declaration };
}

/** Applies non-overlapping edits to a string (for checking what is left afterwards). */
export function applyLocal(text: string, edits: { range: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

export function countWord(text: string, word: string): number {
  let n = 0;
  const re = new RegExp(`\\b${word.replace(/[^A-Za-z0-9_]/g, '')}\\b`, 'g');
  while (re.exec(text)) n++;
  return n;
}
