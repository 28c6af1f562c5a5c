/**
 * Text edits that add entries to YAML maps and sequences in the style they are
 * written in (block or flow), keeping every other character of the file. Offsets
 * come from the `yaml` package's node ranges ([start, valueEnd, nodeEnd]).
 */
import * as YAML from 'yaml';
import { yamlDocumentAt } from '../../documents/parse';
import type { Document, Range } from '../../model';
import { lineBreakOf, lineStartOf, nextLineStart } from '../references/shared';

/** An insertion: text at an offset. */
export interface Insertion {
  range: Range;
  newText: string;
}

const MAX_DEPTH = 200;

/** A scalar as YAML text: plain where that reads back as the same string, else double-quoted. */
export function yamlScalar(value: string, inFlow: boolean): string {
  const plain =
    /^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$/.test(value) &&
    !/\s$/.test(value) &&
    !/^(?:true|false|yes|no|on|off|null|~|y|n)$/i.test(value) &&
    !/^[-+.]?\d/.test(value) &&
    !(inFlow && /[,{}[\]]/.test(value));
  return plain ? value : JSON.stringify(value);
}

/** Spaces before column `offset` on its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** Indentation that puts a new line's first character at the column of `offset` (tabs kept). */
export function indentBefore(text: string, offset: number): string {
  const before = text.slice(lineStartOf(text, offset), offset);
  return /^[ \t]*$/.test(before) ? before : ' '.repeat(before.length);
}

/** The pair whose key starts at `offset`, with its parent map, searching every document. */
export function yamlPairWithKeyAt(doc: Document, offset: number): { pair: YAML.Pair; map: YAML.YAMLMap; document: YAML.Document.Parsed } | undefined {
  const document = yamlDocumentAt(doc, offset);
  if (document) {
    const found = descend(document.contents, offset, (node) => {
      if (!YAML.isMap(node)) return undefined;
      for (const item of node.items) if (YAML.isScalar(item.key) && item.key.range?.[0] === offset) return { pair: item as YAML.Pair, map: node };
      return undefined;
    });
    if (found) return { ...found, document };
  }
  return undefined;
}

/** The map (manifest) starting at `offset`, searching every document. */
export function yamlMapAt(doc: Document, offset: number): YAML.YAMLMap | undefined {
  const document = yamlDocumentAt(doc, offset);
  return document ? descend(document.contents, offset, (node) => (YAML.isMap(node) && node.range?.[0] === offset ? node : undefined)) : undefined;
}

/** Depth-first into the collections whose range holds `offset`; the first node `test` accepts. */
function descend<T>(root: unknown, offset: number, test: (node: unknown) => T | undefined): T | undefined {
  let node: unknown = root;
  for (let depth = 0; depth < MAX_DEPTH && node; depth++) {
    const hit = test(node);
    if (hit !== undefined) return hit;
    if (!YAML.isMap(node) && !YAML.isSeq(node)) return undefined;
    let next: unknown;
    for (const item of node.items as unknown[]) {
      for (const part of YAML.isPair(item) ? [item.key, item.value] : [item]) {
        const range = (part as YAML.Node | null | undefined)?.range;
        if (range && offset >= range[0] && offset < Math.max(range[1], range[0] + 1)) next = part;
      }
      if (next) break;
    }
    node = next;
  }
  return undefined;
}

/** The pair for `key` in a map (exact key). */
export function pairOf(map: YAML.YAMLMap, key: string): YAML.Pair | undefined {
  return map.items.find((p) => YAML.isScalar(p.key) && p.key.value === key) as YAML.Pair | undefined;
}

/**
 * Where the content of a map or sequence ends: its last scalar's end, found by
 * descending into block collections (whose own range runs on over trailing comments).
 */
function contentEnd(node: YAML.YAMLMap | YAML.YAMLSeq): number | undefined {
  let current: unknown = node;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (!YAML.isMap(current) && !YAML.isSeq(current)) return (current as YAML.Node | null | undefined)?.range?.[1];
    if (current.flow && current !== node) return current.range?.[1];
    const last = current.items[current.items.length - 1] as unknown;
    if (last === undefined) return current === node ? undefined : current.range?.[0];
    if (YAML.isPair(last)) {
      const value = last.value as YAML.Node | null;
      if (!value || (YAML.isScalar(value) && value.range?.[0] === value.range?.[1])) return (last.key as YAML.Node | null)?.range?.[1];
      current = value;
    } else current = last;
  }
  return undefined;
}

/** Offset where a new line can start after `end` (and a line break to put first when the file ends there). */
function lineAfter(text: string, end: number): { offset: number; prefix: string } {
  const offset = nextLineStart(text, end);
  const prefix = offset === text.length && !text.endsWith('\n') ? lineBreakOf(text) : '';
  return { offset, prefix };
}

/**
 * Adds `key: <block>` to a map. `render(indent)` returns the value's lines for a
 * block map (each already indented, ending with a line break) or, for flow maps, the
 * value written inline; `flowValue` is that inline form.
 */
export function addToMap(text: string, map: YAML.YAMLMap, key: string, blockLines: (indent: string, eol: string) => string, flowValue: string): Insertion | undefined {
  const eol = lineBreakOf(text);
  if (map.flow) {
    const end = map.range?.[1];
    if (end === undefined || text[end - 1] !== '}') return undefined;
    const last = contentEnd(map);
    if (last === undefined) return { range: { start: end - 1, end: end - 1 }, newText: ` ${key}: ${flowValue} ` };
    return { range: { start: last, end: last }, newText: `, ${key}: ${flowValue}` };
  }
  const first = map.items[0]?.key as YAML.Node | null | undefined;
  const last = contentEnd(map);
  if (!first?.range || last === undefined) return undefined;
  const indent = indentBefore(text, first.range[0]);
  const at = lineAfter(text, last);
  return { range: { start: at.offset, end: at.offset }, newText: `${at.prefix}${indent}${key}:${blockLines(indent, eol)}` };
}

/**
 * Adds one item to a sequence. `blockItem(contentIndent)` is the item's text after
 * `- ` (first line unindented, later lines at contentIndent); `flowItem` the inline form.
 */
export function addToSeq(text: string, seq: YAML.YAMLSeq, blockItem: (contentIndent: string, eol: string) => string, flowItem: string): Insertion | undefined {
  const eol = lineBreakOf(text);
  if (seq.flow) {
    const end = seq.range?.[1];
    if (end === undefined || text[end - 1] !== ']') return undefined;
    const last = contentEnd(seq);
    if (last === undefined) return { range: { start: end - 1, end: end - 1 }, newText: flowItem };
    return { range: { start: last, end: last }, newText: `, ${flowItem}` };
  }
  const first = seq.items[0] as YAML.Node | null | undefined;
  const last = contentEnd(seq);
  if (!first?.range || last === undefined) return undefined;
  const contentColumn = columnOf(text, first.range[0]);
  const lineStart = lineStartOf(text, first.range[0]);
  const dash = text.lastIndexOf('-', first.range[0] - 1);
  if (dash < lineStart) return undefined; // an item not introduced by `- ` on its line: unusual layout, leave it
  const at = lineAfter(text, last);
  const dashIndent = ' '.repeat(dash - lineStart);
  return { range: { start: at.offset, end: at.offset }, newText: `${at.prefix}${dashIndent}- ${blockItem(' '.repeat(contentColumn), eol)}` };
}

/** Replaces a scalar's text, keeping flow/block context for quoting. */
export function replaceScalar(scalar: YAML.Scalar, value: string, inFlow: boolean): Insertion | undefined {
  if (!scalar.range || scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') return undefined;
  return { range: { start: scalar.range[0], end: scalar.range[1] }, newText: yamlScalar(value, inFlow) };
}
