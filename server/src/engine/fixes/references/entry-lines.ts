/**
 * Where one key = value entry of a TOML or INI file sits as whole lines, for
 * fixes that move the entry to another file (local-override.ts) or drop it
 * (node-config.ts): the lines to remove and the entry's text to copy verbatim.
 */
import type { Node } from 'web-tree-sitter';
import type { Document, Range } from '../../model';
import { nodeAt } from '../languages/shared';
import { lineStartOf, nextLineStart } from './shared';

/** Where the entry sits in its file and what a copy of it looks like. */
export interface EntrySite {
  /** Section / table path, normalised; undefined for TOML keys before any table. */
  section?: string[];
  /** The header line that opens the section (`[credentials]`). */
  header?: string;
  /** Key within its section, normalised (INI keys are case-insensitive in configparser). */
  key: string[];
  /** Whole lines of the entry (line break included). */
  lines: Range;
  /** The entry as written, from its key to the end of its last line (comment included). */
  text: string;
  /** The value's literal as written. */
  literal: string;
}

/** The entry's whole lines, when nothing but blanks precede it and nothing but blanks or a comment follow its value. */
export function entryLines(text: string, start: number, valueEnd: number, comment: RegExp): { lines: Range; text: string } | undefined {
  const lineStart = lineStartOf(text, start);
  if (!/^[ \t]*$/.test(text.slice(lineStart, start))) return undefined;
  const end = nextLineStart(text, valueEnd);
  let lineEnd = end;
  while (lineEnd > valueEnd && (text[lineEnd - 1] === '\n' || text[lineEnd - 1] === '\r')) lineEnd--;
  const rest = text.slice(valueEnd, lineEnd);
  if (!/^[ \t]*$/.test(rest) && !comment.test(rest)) return undefined;
  return { lines: { start: lineStart, end }, text: text.slice(start, lineEnd).trimEnd() };
}

/**
 * A TOML `key = "…"` directly in a `[table]` or before any table (not in an
 * inline table, an array or an array of tables), on lines of its own.
 */
export function tomlEntrySite(doc: Document, literalRange: Range): EntrySite | undefined {
  if (doc.parsed?.kind !== 'tree-sitter' || doc.parsed.grammar !== 'toml') return undefined;
  const literal = nodeAt(doc.parsed.tree.rootNode, literalRange);
  const pair = literal?.parent;
  if (!literal || literal.type !== 'string' || pair?.type !== 'pair' || pair.hasError) return undefined;
  const key = pair.namedChildren[0];
  const holder = pair.parent;
  if (!key || (holder?.type !== 'table' && holder?.type !== 'document')) return undefined;
  const lines = entryLines(doc.text, pair.startIndex, pair.endIndex, /^[ \t]*#/);
  if (!lines) return undefined;
  let section: string[] | undefined;
  let header: string | undefined;
  if (holder.type === 'table') {
    const name = holder.namedChildren[0];
    if (!name) return undefined;
    section = tomlKeySegments(name);
    header = `[${name.text}]`;
  }
  return { section, header, key: tomlKeySegments(key), ...lines, literal: literal.text };
}

/** `a."b c".d` → ['a', 'b c', 'd'] (escapes in quoted keys are kept as written). */
export function tomlKeySegments(key: Node): string[] {
  if (key.type === 'dotted_key') return key.namedChildren.flatMap((c) => (c ? tomlKeySegments(c) : []));
  if (key.type === 'quoted_key') return [key.text.slice(1, -1)];
  return [key.text];
}

/** An INI `key = value` inside a `[section]`, on a line of its own, with no continuation lines. */
export function iniEntrySite(doc: Document, literalRange: Range): EntrySite | undefined {
  if (doc.parsed?.kind !== 'key-value') return undefined;
  const entry = doc.parsed.entries.find((e) => e.literalRange.start === literalRange.start && e.literalRange.end === literalRange.end);
  if (!entry || entry.section === undefined) return undefined;
  const lines = entryLines(doc.text, entry.keyRange.start, entry.literalRange.end, /^[ \t]+[#;]/);
  if (!lines) return undefined;
  // An indented line after the entry continues its value (configparser): the value is longer than the line.
  if (/^[ \t]+[^ \t\r\n#;]/.test(doc.text.slice(lines.lines.end, nextLineStart(doc.text, lines.lines.end)))) return undefined;
  return { section: [entry.section], header: `[${entry.section}]`, key: [entry.key.toLowerCase()], ...lines, literal: doc.text.slice(entry.literalRange.start, entry.literalRange.end) };
}
