/**
 * A cheap, sound gate before building a syntax tree: does the text contain a quoted
 * value that could pass `test`? Every pair of a quote and the next same quote (on the
 * same line; backticks may span lines) is tried, overlapping pairs included, so the
 * body of every real string literal is among them. A body with a backslash may decode
 * to something else, so it counts as a maybe. Linear in the text.
 */
const MIN_BODY = 6;
const MAX_BODY = 300;

/** `test` gets the body and the offset where it starts. */
export function anyQuotedValue(text: string, test: (value: string, start: number) => boolean): boolean {
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
    if (body.includes('\\') || test(body, i + 1)) return true;
  }
  return false;
}

/** Lines above a value that may hold the name it is assigned to (`password =` / a key on its own line). */
const NAME_LINES_ABOVE = 3;
const NAME_TOKEN = /[A-Za-z_][A-Za-z0-9_-]{0,80}/g;

/**
 * The words of a text that `isName` accepts (credential names), indexed once so that
 * "is there one just before this value?" is a binary search. Every syntax we extract
 * puts the key of an assignment (`password = "…"`, `{ apiKey: "…" }`, `setToken("…")`,
 * `os.environ["DB_PASSWORD"] = "…"`) on the value's line or a few lines above, so a
 * quoted value with no credential name there cannot become a named candidate.
 * test/quoted-values.test.ts checks this over every corpus and fixture file.
 */
export class NamesInText {
  /** Start and end offsets of accepted words, in text order. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(
    private readonly text: string,
    isName: (word: string) => boolean,
  ) {
    for (const m of text.matchAll(NAME_TOKEN)) {
      if (!isName(m[0])) continue;
      this.starts.push(m.index);
      this.ends.push(m.index + m[0].length);
    }
  }

  /** Is an accepted word within the line of `start` or the few above, before `start`? */
  before(start: number): boolean {
    let from = start;
    for (let lines = 0; lines <= NAME_LINES_ABOVE && from > 0; lines++) {
      const nl = this.text.lastIndexOf('\n', from - 1);
      from = nl === -1 ? 0 : nl;
    }
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.starts.length && this.ends[lo] <= start;
  }
}
