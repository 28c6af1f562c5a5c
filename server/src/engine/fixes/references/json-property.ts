/**
 * Removing one property from a JSON document by where it is (not by its path:
 * with a duplicated key, a path names the first occurrence while parsers keep
 * the last). The range keeps the commas right and takes whole lines where the
 * property sits on its own lines; nothing around it is re-rendered (a
 * formatter would copy neighbouring values, secrets among them, into the edit).
 */
import * as jsonc from 'jsonc-parser';
import type { Range } from '../../model';

export interface JsonProperty {
  /** The property node (key and value). */
  property: jsonc.Node;
  /** Keys from the root down to the property's own key. */
  path: string[];
  /** Is another property of the same object named like this one? */
  duplicated: boolean;
  /** Is this the last property of its object with its name (the one parsers keep)? */
  last: boolean;
}

/** The object property whose value holds `offset`, `depth` levels below the root (every level an object). */
export function propertyAt(root: jsonc.Node | undefined, offset: number, depth?: number): JsonProperty | undefined {
  let node = root ? jsonc.findNodeAtOffset(root, offset) : undefined;
  const chain: jsonc.Node[] = [];
  for (; node; node = node.parent) if (node.type === 'property') chain.unshift(node);
  if (chain.length === 0) return undefined;
  const property = chain[(depth ?? chain.length) - 1];
  if (!property) return undefined;
  const path: string[] = [];
  for (const p of chain.slice(0, depth ?? chain.length)) {
    const key = p.children?.[0];
    if (!key || typeof key.value !== 'string' || p.parent?.type !== 'object') return undefined;
    path.push(key.value);
  }
  const name = path[path.length - 1];
  const siblings = (property.parent?.children ?? []).filter((p) => p.children?.[0]?.value === name);
  return { property, path, duplicated: siblings.length > 1, last: siblings[siblings.length - 1] === property };
}

/** The range that removes `property` with its comma, as whole lines where it sits on its own lines. */
export function propertyRemovalRange(text: string, property: jsonc.Node): Range | undefined {
  const object = property.parent;
  if (property.type !== 'property' || !object?.children) return undefined;
  const index = object.children.indexOf(property);
  let start = property.offset;
  let end = property.offset + property.length;
  const comma = /^[ \t]*,/.exec(text.slice(end));
  if (comma) end += comma[0].length;
  else if (index > 0) {
    // The last property: its comma is the one after the previous property.
    const previous = object.children[index - 1];
    start = previous.offset + previous.length;
    return { start, end };
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const rest = /^[ \t]*(?:\r?\n|$)/.exec(text.slice(end));
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && rest) return { start: lineStart, end: end + rest[0].length };
  return { start, end };
}
