/**
 * A cheap, sound gate before building a syntax tree: does the text contain a quoted
 * value that could pass `test`? Every pair of a quote and the next same quote (on the
 * same line; backticks may span lines) is tried, overlapping pairs included, so the
 * body of every real string literal is among them. A body with a backslash may decode
 * to something else, so it counts as a maybe. Linear in the text.
 */
const MIN_BODY = 6;
const MAX_BODY = 300;

/** `"`, `'` and backtick pairs; backtick pairs only (they may span lines); `"` and `'` pairs only (each within a line). */
export type QuoteKinds = 'all' | 'backticks' | 'plain';

/** `test` gets the body and the offset where it starts; a body with a backslash counts without asking. */
export function anyQuotedValue(text: string, test: (value: string, start: number) => boolean, kinds: QuoteKinds = 'all'): boolean {
  return visitQuotedBodies(text, kinds, (body, start) => body.includes('\\') || test(body, start));
}

/** Every quoted body (see above) until `visit` returns true. */
function visitQuotedBodies(text: string, kinds: QuoteKinds, visit: (body: string, start: number) => boolean): boolean {
  if (kinds === 'backticks') {
    // Each backtick pairs with the next one, wherever it is: a native search from one to the next.
    for (let i = text.lastIndexOf('`'); i > 0; ) {
      const open = text.lastIndexOf('`', i - 1);
      if (open === -1) break;
      const length = i - open - 1;
      if (length >= MIN_BODY && length <= MAX_BODY && visit(text.slice(open + 1, i), open + 1)) return true;
      i = open;
    }
    return false;
  }
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
    if (c === 96 ? kinds === 'plain' : c !== 34 && c !== 39) continue;
    const end = c === 34 ? nextDouble : c === 39 ? nextSingle : nextBacktick;
    if (c === 34) nextDouble = i;
    else if (c === 39) nextSingle = i;
    else nextBacktick = i;
    if (end === -1) continue;
    const length = end - i - 1;
    if (length < MIN_BODY || length > MAX_BODY) continue;
    if (c !== 96 && nextNewline !== -1 && nextNewline < end) continue;
    if (visit(text.slice(i + 1, end), i + 1)) return true;
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

/** What the named-value gate needs to know of one line, remembered by the line's text. */
interface LineGate {
  /** A `"`/`'` body with a backslash: it may decode to anything (the gate says maybe). */
  maybe: boolean;
  /** Column of the last `"`/`'` body that passes the value test; -1 for none. */
  lastCandidate: number;
  /** End column of the first name word; Infinity for none. */
  firstNameEnd: number;
}

const MAX_REMEMBERED_LINES = 100_000;

/**
 * `anyQuotedValue(text, (v, at) => test(v) && new NamesInText(text, isName).before(at))`
 * (without `isName`: `anyQuotedValue(text, test)`), as an editor can afford it on every keystroke: `"` and `'` pairs never span lines, so
 * each line's part of the answer depends on its text alone and is remembered; only
 * backtick pairs (which may span lines) are looked for in the whole text. Equal to the
 * plain composition (test/quoted-values.test.ts).
 */
export function quotedValueGate(valueTest: (value: string) => boolean, isName?: (word: string) => boolean): (text: string) => boolean {
  const lines = new Map<string, LineGate>();
  // Template literal bodies (and values) repeat from keystroke to keystroke: the value test is remembered too.
  const verdicts = new Map<string, boolean>();
  const test = (value: string): boolean => {
    let verdict = verdicts.get(value);
    if (verdict === undefined) {
      verdict = valueTest(value);
      if (verdicts.size >= MAX_REMEMBERED_LINES) verdicts.clear();
      verdicts.set(value, verdict);
    }
    return verdict;
  };
  const lineGate = (line: string): LineGate => {
    let gate = lines.get(line);
    if (gate) return gate;
    gate = { maybe: false, lastCandidate: -1, firstNameEnd: Infinity };
    NAME_TOKEN.lastIndex = 0;
    // Without a name requirement every line counts as named from its start.
    if (!isName) gate.firstNameEnd = 0;
    else {
      for (const m of line.matchAll(NAME_TOKEN)) {
        if (isName(m[0])) {
          gate.firstNameEnd = m.index + m[0].length;
          break;
        }
      }
    }
    const found = gate;
    visitQuotedBodies(line, 'plain', (value, at) => {
      if (value.includes('\\')) found.maybe = true;
      else if (test(value)) found.lastCandidate = Math.max(found.lastCandidate, at);
      return false; // every pair
    });
    if (lines.size >= MAX_REMEMBERED_LINES) lines.clear();
    lines.set(line, gate);
    return gate;
  };
  // The last text's lines: a keystroke leaves every line before and after it as it was.
  let last: { text: string; starts: number[]; gates: LineGate[] } | undefined;
  const linesOf = (text: string): { starts: number[]; gates: LineGate[] } => {
    const starts: number[] = [];
    const gates: LineGate[] = [];
    const push = (from: number, to: number): void => {
      for (let start = from; start <= to; ) {
        let end = text.indexOf('\n', start);
        if (end === -1 || end > to) end = to;
        starts.push(start);
        gates.push(lineGate(text.slice(start, end)));
        start = end + 1;
      }
    };
    if (!last || last.text.length === 0) {
      push(0, text.length);
      return { starts, gates };
    }
    const before = last.text;
    const { prefix, suffix } = commonEnds(before, text);
    const delta = text.length - before.length;
    // Unchanged lines: ended (newline included) inside the common prefix, or began after a newline inside the common suffix.
    let head = 0;
    while (head + 1 < last.starts.length && last.starts[head + 1] - 1 < prefix) head++;
    let tail = last.starts.length;
    while (tail - 1 > head && last.starts[tail - 1] - 1 >= before.length - suffix) tail--;
    for (let i = 0; i < head; i++) {
      starts.push(last.starts[i]);
      gates.push(last.gates[i]);
    }
    const changedFrom = head < last.starts.length ? last.starts[head] : 0;
    const changedTo = tail < last.starts.length ? last.starts[tail] + delta - 1 : text.length;
    push(changedFrom, changedTo);
    for (let i = tail; i < last.starts.length; i++) {
      starts.push(last.starts[i] + delta);
      gates.push(last.gates[i]);
    }
    return { starts, gates };
  };
  return (text) => {
    const { starts, gates } = linesOf(text);
    last = { text, starts, gates };
    // Name words on the three lines above the current one.
    let above1 = false;
    let above2 = false;
    let above3 = false;
    for (const gate of gates) {
      if (gate.maybe) return true;
      if (gate.lastCandidate >= 0 && (above1 || above2 || above3 || gate.firstNameEnd <= gate.lastCandidate)) return true;
      above3 = above2;
      above2 = above1;
      above1 = gate.firstNameEnd !== Infinity;
    }
    let names: NamesInText | undefined;
    return anyQuotedValue(text, (value, at) => test(value) && (!isName || (names ??= new NamesInText(text, isName)).before(at)), 'backticks');
  };
}

/** Lengths of the common prefix and suffix of two texts (not overlapping), compared in blocks first. */
function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  const BLOCK = 256;
  let prefix = 0;
  while (prefix + BLOCK <= max && a.slice(prefix, prefix + BLOCK) === b.slice(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix + BLOCK <= max - prefix && a.slice(a.length - suffix - BLOCK, a.length - suffix) === b.slice(b.length - suffix - BLOCK, b.length - suffix)) suffix += BLOCK;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}
