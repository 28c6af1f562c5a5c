/**
 * A cheap, sound gate before building a syntax tree: does the text contain a quoted
 * value that could pass `test`? Every pair of a quote and the next same quote (on the
 * same line; backticks may span lines) is tried, overlapping pairs included, so the
 * body of every real string literal is among them. A body with a backslash may decode
 * to something else, so it counts as a maybe. Linear in the text.
 */
import { commonEnds, type CommonEnds } from '../documents/line-diff';

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
 * each line's part of the answer depends on its text alone and is remembered. Backtick
 * pairs may span lines: every backtick is remembered with the verdict on the body up to
 * the next one, and only pairs whose name window meets the edit are judged again
 * (backtickPairs). Equal to the plain composition (test/quoted-values.test.ts,
 * test/typing-caches.test.ts).
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
  const linesOf = (text: string, edit: CommonEnds | undefined): { starts: number[]; gates: LineGate[] } => {
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
    if (!last || !edit) {
      push(0, text.length);
      return { starts, gates };
    }
    const before = last.text;
    const { prefix, suffix } = edit;
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
  const backtickVerdict = (text: string, open: number, close: number): boolean => {
    const length = close - open - 1;
    if (length < MIN_BODY || length > MAX_BODY) return false;
    const value = text.slice(open + 1, close);
    return value.includes('\\') || (test(value) && (!isName || nameBefore(text, open + 1, isName)));
  };
  let lastTicks: BacktickPairs | undefined;
  return (text) => {
    const before = last?.text;
    const edit = before ? commonEnds(before, text) : undefined;
    const { starts, gates } = linesOf(text, edit);
    last = { text, starts, gates };
    // Name words on the three lines above the current one.
    let above1 = false;
    let above2 = false;
    let above3 = false;
    let yes = false;
    for (const gate of gates) {
      if (gate.maybe || (gate.lastCandidate >= 0 && (above1 || above2 || above3 || gate.firstNameEnd <= gate.lastCandidate))) {
        yes = true;
        break;
      }
      above3 = above2;
      above2 = above1;
      above1 = gate.firstNameEnd !== Infinity;
    }
    // The backtick pairs are not needed then; the next text judges them all again.
    if (yes) {
      lastTicks = undefined;
      return true;
    }
    lastTicks = backtickPairs(text, lastTicks?.text === before ? lastTicks : undefined, edit, backtickVerdict);
    return lastTicks.verdicts.includes(1);
  };
}

/**
 * Is a word `isName` accepts on the line of `start` or the three above, before `start`?
 * NamesInText.before without indexing the whole text: the words after a line break do not
 * depend on the text before it, so tokenising from there finds the same words.
 */
function nameBefore(text: string, start: number, isName: (word: string) => boolean): boolean {
  let from = start;
  for (let lines = 0; lines <= NAME_LINES_ABOVE && from > 0; lines++) {
    const nl = text.lastIndexOf('\n', from - 1);
    from = nl === -1 ? 0 : nl;
  }
  for (const m of text.slice(from, start).matchAll(NAME_TOKEN)) if (isName(m[0])) return true;
  return false;
}

/**
 * Every backtick of a text and, for each one but the last, the verdict on the body between
 * it and the next backtick. A pair's verdict depends on the text from the fourth line break
 * before its body (the name window) to its closing backtick, so after an edit only the
 * pairs whose window meets the changed span are judged again.
 */
interface BacktickPairs {
  text: string;
  ticks: number[];
  /** 1 when the pair (ticks[k], ticks[k + 1]) makes the gate say yes. */
  verdicts: Uint8Array;
}

function backtickPairs(
  text: string,
  last: BacktickPairs | undefined,
  edit: CommonEnds | undefined,
  verdictOf: (text: string, open: number, close: number) => boolean,
): BacktickPairs {
  const ticks: number[] = [];
  if (!last || !edit || last.text.length === 0) {
    for (let i = text.indexOf('`'); i !== -1; i = text.indexOf('`', i + 1)) ticks.push(i);
    const verdicts = new Uint8Array(Math.max(0, ticks.length - 1));
    for (let k = 0; k + 1 < ticks.length; k++) verdicts[k] = verdictOf(text, ticks[k], ticks[k + 1]) ? 1 : 0;
    return { text, ticks, verdicts };
  }
  const before = last.text;
  const delta = text.length - before.length;
  const oldSuffixStart = before.length - edit.suffix;
  let head = 0;
  while (head < last.ticks.length && last.ticks[head] < edit.prefix) ticks.push(last.ticks[head++]);
  for (let i = text.indexOf('`', edit.prefix); i !== -1 && i < text.length - edit.suffix; i = text.indexOf('`', i + 1)) ticks.push(i);
  let tail = last.ticks.length;
  while (tail > head && last.ticks[tail - 1] >= oldSuffixStart) tail--;
  const suffixFrom = ticks.length;
  for (let i = tail; i < last.ticks.length; i++) ticks.push(last.ticks[i] + delta);
  const verdicts = new Uint8Array(Math.max(0, ticks.length - 1));
  const shift = last.ticks.length - ticks.length;
  // Pairs of the suffix are reused once their name window lies in the suffix too (and does not
  // reach the start of the text, which the edit moved); windows only move forward from there.
  let suffixReusable = false;
  for (let k = 0; k + 1 < ticks.length; k++) {
    if (ticks[k + 1] < edit.prefix) {
      verdicts[k] = last.verdicts[k];
      continue;
    }
    if (k >= suffixFrom) {
      if (!suffixReusable) {
        const oldOpen = ticks[k] - delta;
        let from = oldOpen + 1;
        for (let lines = 0; lines <= NAME_LINES_ABOVE && from > 0; lines++) {
          const nl = before.lastIndexOf('\n', from - 1);
          from = nl === -1 ? 0 : nl;
        }
        suffixReusable = from > 0 && from >= oldSuffixStart;
      }
      if (suffixReusable) {
        verdicts[k] = last.verdicts[k + shift];
        continue;
      }
    }
    verdicts[k] = verdictOf(text, ticks[k], ticks[k + 1]) ? 1 : 0;
  }
  return { text, ticks, verdicts };
}
