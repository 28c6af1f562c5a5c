/**
 * Text edits that add a property to a JSON object or an item to a JSON array, in the
 * layout already used there (one line, or one member per line with the same indent).
 */
import * as jsonc from 'jsonc-parser';
import type { Document } from '../../model';
import { lineBreakOf } from '../references/shared';
import { indentBefore, type Insertion } from './yaml-edit';

export function jsonRoot(doc: Document): jsonc.Node | undefined {
  return doc.parsed?.kind === 'json' ? doc.parsed.root : undefined;
}

/** The property node whose key string starts at `offset`. */
export function jsonPropertyWithKeyAt(root: jsonc.Node, offset: number): jsonc.Node | undefined {
  let node: jsonc.Node | undefined = root;
  for (let depth = 0; depth < 200 && node; depth++) {
    let next: jsonc.Node | undefined;
    for (const child of node.children ?? []) {
      if (child.type === 'property' && child.children?.[0]?.offset === offset) return child;
      if (offset >= child.offset && offset < child.offset + child.length) next = child;
    }
    node = next;
  }
  return undefined;
}

/** The object node starting at `offset`. */
export function jsonObjectAt(root: jsonc.Node, offset: number): jsonc.Node | undefined {
  let node: jsonc.Node | undefined = root;
  for (let depth = 0; depth < 200 && node; depth++) {
    if (node.type === 'object' && node.offset === offset) return node;
    node = (node.children ?? []).find((c) => offset >= c.offset && offset < c.offset + c.length);
  }
  return undefined;
}

/** The value of `key` in an object node. */
export function jsonValueOf(object: jsonc.Node | undefined, key: string): jsonc.Node | undefined {
  if (object?.type !== 'object') return undefined;
  const prop = object.children?.find((p) => p.children?.[0]?.value === key);
  return prop?.children?.[1];
}

/** Adds a member (`"key": value` for objects, `value` for arrays) after the container's last member. */
export function addJsonMember(text: string, container: jsonc.Node, member: string): Insertion | undefined {
  const close = container.offset + container.length - 1;
  if (text[close] !== (container.type === 'object' ? '}' : ']')) return undefined;
  const members = container.children ?? [];
  const last = members[members.length - 1];
  if (!last) return { range: { start: container.offset + 1, end: close }, newText: container.type === 'object' ? ` ${member} ` : member };
  const lastEnd = last.offset + last.length;
  const inner = text.slice(container.offset, close);
  if (!inner.includes('\n')) return { range: { start: lastEnd, end: lastEnd }, newText: `, ${member}` };
  const indent = indentBefore(text, members[0].offset);
  return { range: { start: lastEnd, end: lastEnd }, newText: `,${lineBreakOf(text)}${indent}${member}` };
}
