/**
 * A cheap, sound gate before building a syntax tree: does the text contain a quoted
 * value that could pass `test`? Every pair of a quote and the next same quote (on the
 * same line; backticks may span lines) is tried, overlapping pairs included, so the
 * body of every real string literal is among them. A body with a backslash may decode
 * to something else, so it counts as a maybe. Linear in the text.
 */
const MIN_BODY = 6;
const MAX_BODY = 300;

export function anyQuotedValue(text: string, test: (value: string) => boolean): boolean {
  let nextDouble = -1;
  let nextSingle = -1;
  let nextBacktick = -1;
  let nextNewline = -1;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      nextNewline = i;
      continue;
    }
    if (c !== 34 && c !== 39 && c !== 96) continue;
    const end = c === 34 ? nextDouble : c === 39 ? nextSingle : nextBacktick;
    if (c === 34) nextDouble = i;
    else if (c === 39) nextSingle = i;
    else nextBacktick = i;
    if (end === -1) continue;
    const length = end - i - 1;
    if (length < MIN_BODY || length > MAX_BODY) continue;
    if (c !== 96 && nextNewline !== -1 && nextNewline < end) continue;
    const body = text.slice(i + 1, end);
    if (body.includes('\\') || test(body)) return true;
  }
  return false;
}
