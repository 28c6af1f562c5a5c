/**
 * What the workload-identity fixes share: finding YAML nodes by offset,
 * removing whole `key: value` lines, and inserting keys into block or flow maps
 * in the indentation the file already uses. Edits only; nothing here writes.
 */
import * as YAML from 'yaml';
import type { Document, Range, TextEdit } from '../../model';
import { lineBreakOf, lineStartOf, nextLineStart } from '../references/shared';

export type YamlMap = YAML.YAMLMap<unknown, unknown>;

export function nodeRange(node: unknown): Range | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

export function pairOf(map: YamlMap, key: string): YAML.Pair<unknown, unknown> | undefined {
  return map.items.find((p) => YAML.isScalar(p.key) && String(p.key.value) === key);
}

export function mapAt(map: YamlMap, key: string): YamlMap | undefined {
  const v = pairOf(map, key)?.value;
  return YAML.isMap(v) ? (v as YamlMap) : undefined;
}

export function stringAt(map: unknown, key: string): string | undefined {
  if (!YAML.isMap(map)) return undefined;
  const v = pairOf(map as YamlMap, key)?.value;
  return YAML.isScalar(v) && (typeof v.value === 'string' || typeof v.value === 'number' || typeof v.value === 'boolean') ? String(v.value) : undefined;
}

export { yamlDocumentAt } from '../../documents/parse';

/** Column of an offset (characters since the line start). */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** Only spaces between the line start and `offset`: a block-style key starts there. */
export function startsLine(text: string, offset: number): boolean {
  return /^ *$/.test(text.slice(lineStartOf(text, offset), offset));
}

/**
 * The whole lines a block-style pair occupies (from its line start past the line
 * break after its value), or undefined when something else shares those lines.
 */
export function pairLines(text: string, pair: YAML.Pair<unknown, unknown>): Range | undefined {
  const key = nodeRange(pair.key);
  if (!key || !startsLine(text, key.start)) return undefined;
  const value = nodeRange(pair.value);
  const end = Math.max(key.end, value?.end ?? key.end);
  const lineEnd = nextLineStart(text, Math.max(end - 1, key.end));
  // Only a comment (or nothing) may follow the value on its last line.
  const rest = text.slice(end, lineEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  return { start: lineStartOf(text, key.start), end: lineEnd };
}

/** Where the line after a block-style pair begins (its value may span lines). */
export function afterPair(text: string, pair: YAML.Pair<unknown, unknown>): number | undefined {
  return pairLines(text, pair)?.end;
}

/** `key: value` lines at `indent`, each ending in the file's line break. */
export function blockLines(doc: Document, indent: number, lines: string[]): string {
  const nl = lineBreakOf(doc.text);
  return lines.map((l) => ' '.repeat(indent) + l + nl).join('');
}

/**
 * Edits that make a block or flow map hold `key: value` entries it lacks
 * (existing keys are left as they are). Undefined when the map's layout is one we
 * do not edit.
 */
export function addToMap(doc: Document, map: YamlMap, entries: [string, string][]): TextEdit[] | undefined {
  const missing = entries.filter(([k]) => !pairOf(map, k));
  if (missing.length === 0) return [];
  const text = doc.text;
  const range = nodeRange(map);
  if (!range) return undefined;
  if (map.flow) {
    const added = missing.map(([k, v]) => `${k}: ${v}`).join(', ');
    const lastItem = map.items[map.items.length - 1];
    const lastEnd = lastItem ? nodeRange(lastItem.value)?.end ?? nodeRange(lastItem.key)?.end : undefined;
    if (lastEnd !== undefined) return [{ uri: doc.uri, range: { start: lastEnd, end: lastEnd }, newText: `, ${added}` }];
    if (text[range.start] !== '{') return undefined;
    const close = text.indexOf('}', range.start);
    if (close < 0 || close >= range.end) return undefined;
    return [{ uri: doc.uri, range: { start: range.start + 1, end: close }, newText: ` ${added} ` }];
  }
  const last = map.items[map.items.length - 1];
  const first = map.items[0];
  const firstKey = nodeRange(first?.key);
  const at = last ? afterPair(text, last) : undefined;
  if (!firstKey || at === undefined || !startsLine(text, firstKey.start)) return undefined;
  return [{ uri: doc.uri, range: { start: at, end: at }, newText: blockLines(doc, columnOf(text, firstKey.start), missing.map(([k, v]) => `${k}: ${v}`)) }];
}
