/**
 * Owner tag for a Terraform resource, in the form its `tags` already take:
 * - no `tags`: a `tags = { owner = "…" }` attribute before the closing brace;
 * - a literal map: the key added to it (one line or one entry per line, `=` aligned);
 * - `merge(…)`: the key added to a literal last argument, else `, { owner = "…" }` appended,
 *   so the owner wins over the merged maps as the last argument does;
 * - another expression with known keys (`local.tags`): wrapped as `merge(local.tags, { … })`;
 * - a placeholder value in the literal being edited (`team = "TODO"`): that value replaced.
 * Tags that are not statically known never get here (the rule does not flag them).
 */
import type { Node } from 'web-tree-sitter';
import type { Document, TaggedResourceFact } from '../../model';
import { attributesOf, attributeValue, decodeHclString } from '../../extract/hcl';
import { lineBreakOf, lineStartOf } from '../references/shared';
import type { Insertion } from './yaml-edit';
import type { OwnerEdit, OwnerProblem } from './types';

export function terraformOwnerEdit(doc: Document, resource: TaggedResourceFact, problem: OwnerProblem, key: string, value: string): OwnerEdit | undefined {
  if (doc.parsed?.kind !== 'tree-sitter' || doc.parsed.grammar !== 'hcl') return undefined;
  const block = blockAt(doc.parsed.tree.rootNode, resource.range.start);
  if (!block) return undefined;
  const body = children(block).find((c) => c.type === 'body');
  const tags = attributesOf(body).get('tags');
  const entry = `${hclKey(key)} = ${hclString(value)}`;
  const text = doc.text;

  if (!tags) {
    const insertAt = resource.insertAt ?? insertionPoint(text, block, body);
    if (!insertAt) return undefined;
    const { offset, indent } = insertAt;
    const eol = lineBreakOf(text);
    const previousLine = text.slice(lineStartOf(text, Math.max(0, offset - 1)), Math.max(0, offset - 1));
    // A blank line keeps `terraform fmt` from aligning the map with the attributes above.
    const gap = previousLine.trim() === '' || lineStartOf(text, offset - 1) <= block.startIndex ? '' : eol;
    return done([{ range: { start: offset, end: offset }, newText: `${gap}${indent}tags = {${eol}${indent}  ${entry}${eol}${indent}}${eol}` }]);
  }

  const expression = attributeValue(tags);
  const inner = expression?.namedChildren[0];
  if (!expression || !inner) return undefined;
  const literal = objectOf(inner);
  if (literal) return done(intoObject(text, literal, problem, key, value, entry));
  if (inner.type === 'function_call' && children(inner)[0]?.text === 'merge') {
    const args = children(inner).find((c) => c.type === 'function_arguments');
    const argList = args ? children(args).filter((c) => c.type === 'expression') : [];
    const lastArg = argList[argList.length - 1];
    const lastLiteral = lastArg ? objectOf(lastArg.namedChildren[0]) : undefined;
    if (lastLiteral) return done(intoObject(text, lastLiteral, problem, key, value, entry));
    const close = children(inner).find((c) => c.type === ')');
    if (!close || !lastArg) return undefined;
    return done([{ range: { start: lastArg.endIndex, end: lastArg.endIndex }, newText: `, { ${entry} }` }]);
  }
  // Any other map-valued expression whose keys the extractor resolved (`local.tags`).
  if (text.slice(expression.startIndex, expression.endIndex).includes('\n')) return undefined;
  return done([{ range: { start: expression.startIndex, end: expression.endIndex }, newText: `merge(${expression.text}, { ${entry} })` }]);
}

/** Start of the line holding the block's closing brace, with the body's indentation (as the Terraform extractor computes it). */
function insertionPoint(text: string, block: Node, body: Node | undefined): { offset: number; indent: string } | undefined {
  const close = block.endIndex - 1;
  if (text[close] !== '}') return undefined;
  const lineStart = lineStartOf(text, close);
  if (text.slice(lineStart, close).trim() !== '' || lineStart <= block.startIndex) return undefined;
  const first = body ? children(body).find((c) => c.type !== 'comment') : undefined;
  if (!first) return { offset: lineStart, indent: `${text.slice(lineStart, close)}  ` };
  const indent = text.slice(lineStartOf(text, first.startIndex), first.startIndex);
  return { offset: lineStart, indent: indent.trim() === '' ? indent : '  ' };
}

function done(edits: Insertion[] | undefined): OwnerEdit | undefined {
  return edits ? { edits, noun: 'tag' } : undefined;
}

/** Adds the entry to a literal object, or replaces the placeholder value already in it. */
function intoObject(text: string, object: Node, problem: OwnerProblem, key: string, value: string, entry: string): Insertion[] | undefined {
  const elems = children(object).filter((c) => c.type === 'object_elem');
  if (problem.kind === 'placeholder') {
    const existing = elems.find((e) => elemKey(e) === problem.key);
    const valueNode = existing ? children(existing).filter((c) => c.type === 'expression')[1] : undefined;
    if (valueNode) return [{ range: { start: valueNode.startIndex, end: valueNode.endIndex }, newText: hclString(value) }];
  }
  const open = children(object).find((c) => c.type === 'object_start');
  const close = children(object).find((c) => c.type === 'object_end');
  if (!open || !close) return undefined;
  const multiLine = text.slice(object.startIndex, object.endIndex).includes('\n');
  if (!multiLine) {
    const last = elems[elems.length - 1];
    if (!last) return [{ range: { start: open.endIndex, end: close.startIndex }, newText: ` ${entry} ` }];
    const after = text.slice(last.endIndex, close.startIndex);
    const comma = after.trimStart().startsWith(',');
    return comma
      ? [{ range: { start: close.startIndex, end: close.startIndex }, newText: `${after.endsWith(' ') ? '' : ' '}${entry} ` }]
      : [{ range: { start: last.endIndex, end: last.endIndex }, newText: `, ${entry}` }];
  }
  const eol = lineBreakOf(text);
  const closeLineStart = lineStartOf(text, close.startIndex);
  if (text.slice(closeLineStart, close.startIndex).trim() !== '') return undefined; // `… }` on a line with content: leave it
  const first = elems[0];
  const indent = first ? text.slice(lineStartOf(text, first.startIndex), first.startIndex) : `${text.slice(closeLineStart, close.startIndex)}  `;
  if (indent.trim() !== '') return undefined;
  return [{ range: { start: closeLineStart, end: closeLineStart }, newText: `${indent}${aligned(text, elems, key, value)}${eol}` }];
}

/** `key = "value"` with `=` at the column the map's one-line entries share (as `terraform fmt` writes them). */
function aligned(text: string, elems: Node[], key: string, value: string): string {
  const written = hclKey(key);
  const columns = new Set<number>();
  for (const e of elems) {
    const eq = children(e).find((c) => c.type === '=');
    if (!eq || text.slice(e.startIndex, e.endIndex).includes('\n')) continue;
    columns.add(eq.startIndex - e.startIndex);
  }
  const column = columns.size === 1 ? [...columns][0] : 0;
  const pad = column > written.length ? ' '.repeat(column - written.length) : ' ';
  return `${written}${pad}= ${hclString(value)}`;
}

function elemKey(elem: Node): string | undefined {
  const keyExpr = children(elem).find((c) => c.type === 'expression');
  if (!keyExpr) return undefined;
  const raw = keyExpr.text.trim();
  if (/^[A-Za-z_][\w-]*$/.test(raw)) return raw;
  const quoted = /^"((?:[^"\\\n]|\\.)*)"$/.exec(raw);
  return quoted ? decodeHclString(quoted[1]) : undefined;
}

function objectOf(node: Node | null | undefined): Node | undefined {
  if (node?.type !== 'collection_value') return undefined;
  const object = node.namedChildren[0];
  return object?.type === 'object' ? object : undefined;
}

function blockAt(root: Node, start: number): Node | undefined {
  let node: Node | null = root.descendantForIndex(start);
  while (node && !(node.type === 'block' && node.startIndex === start)) node = node.parent;
  return node ?? undefined;
}

function children(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

/** A bare key where HCL allows one, else a quoted string (`"acme.io/owner"`). */
function hclKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : hclString(key);
}

/** An HCL string literal; `${` and `%{` escaped so the value is never a template. */
export function hclString(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
