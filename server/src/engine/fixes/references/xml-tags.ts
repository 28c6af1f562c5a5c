/**
 * Just enough XML for the config-file fixes (dotnet-config.ts, maven.ts): the
 * engine does not parse XML, so these helpers find the tag around an offset
 * and read its attributes with index scans (no regex over untrusted text that
 * could backtrack). Anything unusual (a `>` inside a value, a comment around
 * the offset, a malformed attribute) makes them answer undefined: no fix.
 */
import type { Range } from '../../model';

export interface XmlAttribute {
  value: string;
  /** The value's characters (inside the quotes). */
  valueRange: Range;
}

export interface XmlTag {
  name: string;
  range: Range;
  attributes: Map<string, XmlAttribute>;
  selfClosing: boolean;
}

const NAME_CHAR = /[A-Za-z0-9_:.-]/;

/** Is `offset` inside an XML comment? */
export function inXmlComment(text: string, offset: number): boolean {
  return text.lastIndexOf('<!--', offset) > text.lastIndexOf('-->', offset);
}

/** The start tag holding `offset` (inside one of its attribute values). */
export function tagAround(text: string, offset: number): XmlTag | undefined {
  const start = text.lastIndexOf('<', offset);
  if (start < 0 || text.lastIndexOf('>', offset - 1) > start || inXmlComment(text, offset)) return undefined;
  return tagAt(text, start);
}

/** The start tag opening at `start` (`<name attr="…" …>` or `…/>`). */
export function tagAt(text: string, start: number): XmlTag | undefined {
  if (text[start] !== '<') return undefined;
  let i = start + 1;
  while (i < text.length && NAME_CHAR.test(text[i])) i++;
  const name = text.slice(start + 1, i);
  if (name === '') return undefined;
  const attributes = new Map<string, XmlAttribute>();
  for (let guard = 0; guard < 200; guard++) {
    const ws = i;
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] === '>') return { name, range: { start, end: i + 1 }, attributes, selfClosing: false };
    if (text[i] === '/' && text[i + 1] === '>') return { name, range: { start, end: i + 2 }, attributes, selfClosing: true };
    if (i === ws) return undefined; // attributes are separated by blanks
    const nameStart = i;
    while (i < text.length && NAME_CHAR.test(text[i])) i++;
    const attr = text.slice(nameStart, i);
    while (i < text.length && /\s/.test(text[i])) i++;
    if (attr === '' || text[i] !== '=') return undefined;
    i++;
    while (i < text.length && /\s/.test(text[i])) i++;
    const q = text[i];
    if (q !== '"' && q !== "'") return undefined;
    const close = text.indexOf(q, i + 1);
    if (close < 0) return undefined;
    const value = text.slice(i + 1, close);
    if (value.includes('<') || value.includes('>')) return undefined;
    attributes.set(attr, { value, valueRange: { start: i + 1, end: close } });
    i = close + 1;
  }
  return undefined;
}

/** Every start tag named `name` in `text` (`<name` followed by a blank, `>` or `/`), outside comments. */
export function tagsNamed(text: string, name: string): XmlTag[] {
  const out: XmlTag[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(`<${name}`, from);
    if (at < 0) return out;
    from = at + 1;
    const next = text[at + name.length + 1];
    if (next === undefined || !(/\s/.test(next) || next === '>' || next === '/')) continue;
    if (inXmlComment(text, at)) continue;
    const tag = tagAt(text, at);
    if (tag) out.push(tag);
  }
}

/** The innermost open element named `name` around `offset`: its start tag and the range up to the end of its end tag. */
export function elementAround(text: string, offset: number, name: string): { open: XmlTag; range: Range; closeStart: number } | undefined {
  let at = text.lastIndexOf(`<${name}`, offset);
  while (at >= 0) {
    const open = tagAt(text, at);
    if (open && open.name === name && !inXmlComment(text, at)) {
      if (open.selfClosing) return undefined;
      const closeStart = text.indexOf(`</${name}>`, open.range.end);
      if (closeStart < 0 || closeStart < offset) return undefined;
      return { open, range: { start: at, end: closeStart + name.length + 3 }, closeStart };
    }
    at = at > 0 ? text.lastIndexOf(`<${name}`, at - 1) : -1;
  }
  return undefined;
}

/** `&amp;` → `&` … for comparing attribute values (numeric references too). */
export function xmlUnescape(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});/g, (_, e: string) => {
    switch (e) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      default: {
        const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
    }
  });
}
