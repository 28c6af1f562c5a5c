import type { Format, Range } from '../model';

export interface KeyValueEntry {
  key: string;
  keyRange: Range;
  /** Value with surrounding quotes removed. */
  value: string;
  valueRange: Range;
  /** Range including quotes. */
  literalRange: Range;
  /** INI section the entry belongs to, if any. */
  section?: string;
}

/**
 * dotenv (`KEY=value`, `export KEY="value"`), INI (`key = value`, `[section]`) and
 * Java properties (`key=value`, `key: value`). Line-based and forgiving: a line that
 * is not an entry is skipped.
 */
export function parseKeyValue(text: string, format: Format): KeyValueEntry[] {
  const entries: KeyValueEntry[] = [];
  let section: string | undefined;
  const commentStart = format === 'properties' ? /^[#!]/ : /^[#;]/;
  // Lines end at \n, \r\n or a lone \r, as in the line index.
  const LINE = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  for (const m of text.matchAll(LINE)) {
    if (m[0] === '') {
      if ((m.index ?? 0) >= text.length) break;
      continue;
    }
    const lineStart = m.index ?? 0;
    let lineEnd = m[0].length;
    while (lineEnd > 0 && (m[0][lineEnd - 1] === '\n' || m[0][lineEnd - 1] === '\r')) lineEnd--;
    const line = m[0].slice(0, lineEnd);
    const lead = line.length - line.trimStart().length;
    const body = line.slice(lead);
    if (body === '' || commentStart.test(body)) continue;
    if (format === 'ini' && body.startsWith('[')) {
      const close = body.indexOf(']');
      if (close > 0) section = body.slice(1, close).trim();
      continue;
    }
    let keyStart = lead;
    if (format === 'dotenv' && body.startsWith('export ')) keyStart += 7 + (body.slice(7).length - body.slice(7).trimStart().length);
    const sepMatch = (format === 'properties' ? /[=:]/ : /=/).exec(line.slice(keyStart));
    if (!sepMatch) continue;
    const sep = keyStart + sepMatch.index;
    const key = line.slice(keyStart, sep).trim();
    if (!key || /\s/.test(key) && format === 'dotenv') continue;
    let vStart = sep + 1;
    while (vStart < line.length && (line[vStart] === ' ' || line[vStart] === '\t')) vStart++;
    let vEnd = line.length;
    let literalStart = vStart;
    let literalEnd = vEnd;
    const q = line[vStart];
    if ((q === '"' || q === "'" || q === '`') && format !== 'properties') {
      const close = line.indexOf(q, vStart + 1);
      if (close > vStart) {
        literalEnd = close + 1;
        vStart += 1;
        vEnd = close;
      }
    } else {
      // Unquoted: an inline comment starts at " #" (dotenv) or " ;"/" #" (ini).
      const hash = format === 'properties' ? -1 : line.slice(vStart).search(/\s[#;]/);
      if (hash >= 0) vEnd = vStart + hash;
      while (vEnd > vStart && /\s/.test(line[vEnd - 1])) vEnd--;
      literalEnd = vEnd;
    }
    const keyOffset = lineStart + line.indexOf(key, keyStart);
    entries.push({
      key,
      keyRange: { start: keyOffset, end: keyOffset + key.length },
      value: line.slice(vStart, vEnd),
      valueRange: { start: lineStart + vStart, end: lineStart + vEnd },
      literalRange: { start: lineStart + literalStart, end: lineStart + literalEnd },
      section,
    });
  }
  return entries;
}
