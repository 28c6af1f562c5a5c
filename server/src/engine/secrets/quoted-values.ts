/**
 * A cheap, sound gate before building a syntax tree: does the text contain a quoted
 * value that could pass `test`? The body of every real string literal must be among
 * the bodies tried, whatever the language (TS/JS, Python, Go, Java) and its comments.
 *
 * `"` and `'` bodies are found line by line. A line whose quotes lex without doubt
 * (see uncertainFrom) gives exactly its string literals' bodies; elsewhere every pair
 * of a quote and the next same quote is tried, overlapping pairs included (the body of
 * every real literal is among them). Backtick pairs may span lines and are always tried
 * pair by pair. A body with a backslash may decode to something else, so it counts as a
 * maybe. Linear in the text.
 */
import { commonEnds, type CommonEnds } from '../documents/line-diff';
import { detached } from '../strings';

const MIN_BODY = 6;
const MAX_BODY = 300;

/** `"`, `'` and backtick pairs; backtick pairs only (they may span lines); `"` and `'` pairs only (each within a line). */
export type QuoteKinds = 'all' | 'backticks' | 'plain';

/** `test` gets the body and the offset where it starts; a body with a backslash counts without asking. */
export function anyQuotedValue(text: string, test: (value: string, start: number) => boolean, kinds: QuoteKinds = 'all'): boolean {
  return visitQuotedBodies(text, kinds, (body, start) => body.includes('\\') || test(body, start));
}

/** Every quoted body (see above), backslashes or not, until `visit` returns true. */
export function visitQuotedBodies(text: string, kinds: QuoteKinds, visit: (body: string, start: number) => boolean): boolean {
  if (kinds !== 'plain' && visitBacktickBodies(text, visit)) return true;
  if (kinds === 'backticks') return false;
  let continued = false;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    const offset = start;
    if (visitLineBodies(line, continued, (body, at) => visit(body, offset + at))) return true;
    continued = endsWithBackslash(line);
    start = end + 1;
  }
  return false;
}

/** Each backtick pairs with the next one, wherever it is: a native search from one to the next. */
function visitBacktickBodies(text: string, visit: (body: string, start: number) => boolean): boolean {
  for (let i = text.lastIndexOf('`'); i > 0; ) {
    const open = text.lastIndexOf('`', i - 1);
    if (open === -1) break;
    const length = i - open - 1;
    if (length >= MIN_BODY && length <= MAX_BODY && visit(text.slice(open + 1, i), open + 1)) return true;
    i = open;
  }
  return false;
}

/** A line ending in a backslash may continue a string literal onto the next line (JS, Python). */
function endsWithBackslash(line: string): boolean {
  const last = line.endsWith('\r') ? line.length - 2 : line.length - 1;
  return last >= 0 && line.charCodeAt(last) === BACKSLASH;
}

/**
 * The `"`/`'` bodies of one line: its string literals where they lex without doubt, every
 * pair of a quote and the next same quote elsewhere. `continued`: the line before ended in
 * a backslash, so this one may begin inside a string; all its pairs are tried.
 */
function visitLineBodies(line: string, continued: boolean, visit: (body: string, at: number) => boolean): boolean {
  const from = continued ? 0 : uncertainFrom(line);
  for (let i = 0; i < from; i++) {
    const c = line.charCodeAt(i);
    if (c !== DOUBLE && c !== SINGLE) continue;
    const close = closingQuote(line, i);
    const length = close - i - 1;
    if (length >= MIN_BODY && length <= MAX_BODY && visit(line.slice(i + 1, close), i + 1)) return true;
    i = close;
  }
  return from < line.length && visitAllPairs(line, from, visit);
}

/** Every pair of a `"`/`'` and the next same quote in `line` from `from` on. */
function visitAllPairs(line: string, from: number, visit: (body: string, at: number) => boolean): boolean {
  let nextDouble = -1;
  let nextSingle = -1;
  for (let i = line.length - 1; i >= from; i--) {
    const c = line.charCodeAt(i);
    if (c !== DOUBLE && c !== SINGLE) continue;
    const end = c === DOUBLE ? nextDouble : nextSingle;
    if (c === DOUBLE) nextDouble = i;
    else nextSingle = i;
    if (end === -1) continue;
    const length = end - i - 1;
    if (length >= MIN_BODY && length <= MAX_BODY && visit(line.slice(i + 1, end), i + 1)) return true;
  }
  return false;
}

const DOUBLE = 34;
const SINGLE = 39;
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const HASH = 35;

/** The quote closing the string opened at `open` (a backslash skips the next character); the line's length when none does. */
function closingQuote(line: string, open: number): number {
  const quote = line.charCodeAt(open);
  let j = open + 1;
  while (j < line.length) {
    const d = line.charCodeAt(j);
    if (d === quote) return j;
    j += d === BACKSLASH ? 2 : 1;
  }
  return line.length;
}

/**
 * Anywhere on a line, what may end a stretch in which quotes are not string delimiters: the
 * end of a block comment (star, slash), a template literal or Go raw string (backtick, `${`),
 * a docstring or text block (triple quotes); or another line break (a lone `\r`, U+2028/2029).
 * The line may begin inside such a stretch, so its quotes are not lexed.
 */
const MAY_CLOSE_TEXT = /[`\u2028\u2029]|\*\/|"""|'''|\$\{|\r(?!$)/;

/** Words after which a `/` starts a JS regular expression rather than dividing. */
const BEFORE_REGEX = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/**
 * Where a line's quotes stop lexing without doubt: the line's length when they never do,
 * 0 when the whole line is in doubt, or the first possible end-of-line comment (`//`, `#`,
 * `/*`) when the doubt comes after it. Lexing: a quote opens a string, the next same quote
 * not escaped by a backslash closes it. In doubt:
 * - a string that does not close on the line (a comment's apostrophe, a string continued
 *   with a backslash);
 * - a `/` that may start a JS regular expression, with a quote after it;
 * - a string whose body could be prose that ends in code, hiding a literal's quote: JSX text
 *   (`Don't {f("…")}`, `Don't <input value="…">`) and Python f-strings with nested quotes
 *   (`f"{d["k"]}"`): an unclosed `{` at a quote or at the end, or `<` opening a tag;
 * - anything MAY_CLOSE_TEXT matches.
 * A possible end-of-line comment ends the literals in JS, Go and Java; in Python `//` divides
 * and `#` comments, in JS `#x` is a private name: after one, the rest of the line's literals
 * are still lexed, and when they are in doubt all pairs from the comment on are tried.
 * Every string literal that begins before the returned column is one the lexer found.
 */
function uncertainFrom(line: string): number {
  if (MAY_CLOSE_TEXT.test(line)) return 0;
  const n = line.length;
  const lastQuote = Math.max(line.lastIndexOf('"'), line.lastIndexOf("'"));
  let comment = -1;
  const inDoubt = (): number => (comment === -1 ? 0 : comment);
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c === DOUBLE || c === SINGLE) {
      const close = closingQuote(line, i);
      if (close >= n || mayHideCode(line, i + 1, close)) return inDoubt();
      i = close;
    } else if (c === HASH) {
      if (comment === -1) comment = i;
    } else if (c === SLASH) {
      const next = line.charCodeAt(i + 1);
      if (next === SLASH || next === STAR) {
        if (comment === -1) comment = i;
        i++;
      } else if (lastQuote > i && mayStartRegex(line, i)) return inDoubt();
    }
  }
  return n;
}

/** Could the string body `line[from, to)` be prose that ends in code (see uncertainFrom)? */
function mayHideCode(line: string, from: number, to: number): boolean {
  let depth = 0;
  for (let j = from; j < to; j++) {
    const d = line.charCodeAt(j);
    if (d === BACKSLASH) j++;
    else if (d === 123) depth++;
    else if (d === 125) depth = Math.max(0, depth - 1);
    else if (d === DOUBLE || d === SINGLE) {
      if (depth > 0) return true;
    } else if (d === 60 && j + 1 < to && /[A-Za-z/>]/.test(line[j + 1])) return true;
  }
  return depth > 0;
}

/** Is the `/` at `at` possibly the start of a JS regular expression (not a division)? */
function mayStartRegex(line: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && (line[k] === ' ' || line[k] === '\t')) k--;
  if (k < 0) return true;
  const p = line[k];
  if (p === ']' || p === '"' || p === "'") return false;
  if (!/[A-Za-z0-9_$]/.test(p)) return true; // an operator or `(`, `,`, `{`, `}`, `)` (`if (x) /re/`)
  let w = k;
  while (w > 0 && /[A-Za-z0-9_$]/.test(line[w - 1])) w--;
  return BEFORE_REGEX.has(line.slice(w, k + 1));
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

/** What the gate needs to know of one line's `"`/`'` bodies. */
interface BodiesVerdict {
  /** A body with a backslash: it may decode to anything (the gate says maybe). */
  maybe: boolean;
  /** Column of the last body that passes the value test; -1 for none. */
  lastCandidate: number;
}

/** What the named-value gate needs to know of one line, remembered by the line's text. */
interface LineGate {
  /** Its bodies (visitLineBodies). */
  bodies: BodiesVerdict;
  /** Its bodies when the line before ended in a backslash (every pair), judged when first needed. */
  continued?: BodiesVerdict;
  endsWithBackslash: boolean;
  /** End column of the first name word; Infinity for none. */
  firstNameEnd: number;
}

const MAX_REMEMBERED_LINES = 100_000;

/**
 * `anyQuotedValue(text, (v, at) => test(v) && new NamesInText(text, isName).before(at))`
 * (without `isName`: `anyQuotedValue(text, test)`), as an editor can afford it on every keystroke: `"` and `'` bodies never span lines, so
 * each line's part of the answer depends on its text alone (and, for a line after one ending
 * in a backslash, on that: both verdicts are remembered) and is remembered. Backtick
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
      verdicts.set(detached(value), verdict);
    }
    return verdict;
  };
  const bodiesVerdict = (line: string, continued: boolean): BodiesVerdict => {
    const verdict: BodiesVerdict = { maybe: false, lastCandidate: -1 };
    visitLineBodies(line, continued, (value, at) => {
      if (value.includes('\\')) verdict.maybe = true;
      else if (test(value)) verdict.lastCandidate = Math.max(verdict.lastCandidate, at);
      return false; // every body
    });
    return verdict;
  };
  const lineGate = (line: string): LineGate => {
    let gate = lines.get(line);
    if (gate) return gate;
    gate = { bodies: bodiesVerdict(line, false), endsWithBackslash: endsWithBackslash(line), firstNameEnd: Infinity };
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
    if (lines.size >= MAX_REMEMBERED_LINES) lines.clear();
    lines.set(detached(line), gate);
    return gate;
  };
  const continuedVerdict = (gate: LineGate, line: string): BodiesVerdict => (gate.continued ??= bodiesVerdict(line, true));
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
    for (let k = 0; k < gates.length; k++) {
      const gate = gates[k];
      const continued = k > 0 && gates[k - 1].endsWithBackslash;
      const bodies = continued ? continuedVerdict(gate, text.slice(starts[k], k + 1 < starts.length ? starts[k + 1] - 1 : text.length)) : gate.bodies;
      if (bodies.maybe || (bodies.lastCandidate >= 0 && (above1 || above2 || above3 || gate.firstNameEnd <= bodies.lastCandidate))) {
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
