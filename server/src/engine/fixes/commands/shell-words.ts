/**
 * A small, linear shell tokenizer for one logical command line (backslash-newline
 * continuations included), shared by every place a command can sit: shell
 * scripts, Makefile recipes, CI `run:`/`script:` blocks, Dockerfile `RUN`.
 * Those hosts are not all parsed as shell (and tree-sitter-bash may not be
 * loaded for a YAML-only workspace), so fixes read the words here.
 *
 * It knows quoting (single, double, none), escapes, `$(…)`/backticks (only to
 * skip over them: a word holding one is "dynamic" and never rewritten), the
 * operators that separate commands, and redirections. Anything it cannot read
 * for sure (an unterminated quote) gives undefined: no fix rather than a guess.
 */

export type Quote = '' | "'" | '"';

/** One quoted or unquoted piece of a word: `-u` `"app:` … are parts of `-u"app:…"`. */
export interface WordPart {
  quote: Quote;
  /** The part's characters without its quotes. */
  start: number;
  end: number;
  /** Including the quotes. */
  outerStart: number;
  outerEnd: number;
  /** A backslash escape, expansion or substitution inside: the raw text is not the value. */
  special: boolean;
}

export interface ShellWord {
  start: number;
  end: number;
  parts: WordPart[];
  /** Holds `$(…)`, backticks or a continuation: its value is not known statically. */
  dynamic: boolean;
  /** The target of a redirection (`> file`, `< file`). */
  redirect: boolean;
  /** The word's value when no part is special (quotes removed). */
  value: string;
}

export interface SimpleCommand {
  words: ShellWord[];
  /** The command reads the previous command's output (`a | b`). */
  piped: boolean;
  /** It is followed by `| …`. */
  pipesOut: boolean;
  /** It has a `<` / `<<` / `<<<` redirection. */
  readsStdin: boolean;
}

const BLANK = new Set([' ', '\t', '\r']);
const OPERATOR = new Set([';', '&', '|', '(', ')', '<', '>']);
const MAX_COMMAND = 64 * 1024;

/**
 * The logical line around `offset` inside [regionStart, regionEnd): from the
 * line break before it that is not a continuation to the next one.
 */
export function logicalLine(text: string, regionStart: number, regionEnd: number, offset: number): { start: number; end: number } {
  let start = offset;
  for (;;) {
    const nl = text.lastIndexOf('\n', start - 1);
    if (nl < regionStart) {
      start = regionStart;
      break;
    }
    if (continued(text, nl)) start = nl;
    else {
      start = nl + 1;
      break;
    }
  }
  let end = offset;
  for (;;) {
    const nl = text.indexOf('\n', end);
    if (nl < 0 || nl >= regionEnd) {
      end = regionEnd;
      break;
    }
    if (continued(text, nl)) end = nl + 1;
    else {
      end = nl;
      break;
    }
  }
  return { start, end: Math.max(start, end) };
}

/** The line break at `nl` follows a lone backslash (`\` + optional `\r`). */
function continued(text: string, nl: number): boolean {
  let i = nl - 1;
  if (text[i] === '\r') i--;
  let slashes = 0;
  while (i >= 0 && text[i] === '\\') {
    slashes++;
    i--;
  }
  return slashes % 2 === 1;
}

/** The simple commands of text[start, end), or undefined when the quoting does not close. */
export function tokenize(text: string, start: number, end: number): SimpleCommand[] | undefined {
  if (end - start > MAX_COMMAND) return undefined;
  const commands: SimpleCommand[] = [];
  let current: SimpleCommand = { words: [], piped: false, pipesOut: false, readsStdin: false };
  let redirectNext = false;
  const finish = (piped: boolean) => {
    if (current.words.length > 0 || piped) commands.push(current);
    current = { words: [], piped, pipesOut: false, readsStdin: false };
  };
  let i = start;
  while (i < end) {
    const c = text[i];
    if (BLANK.has(c)) {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === '\n') {
      finish(false);
      i++;
      continue;
    }
    if (c === '#') {
      // A comment runs to the end of the line.
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl > end ? end : nl;
      continue;
    }
    if (OPERATOR.has(c)) {
      if (c === '<' || c === '>') {
        let j = i;
        while (j < end && (text[j] === '<' || text[j] === '>' || text[j] === '&')) j++;
        if (c === '<') current.readsStdin = true;
        redirectNext = true;
        i = j;
        continue;
      }
      if (c === '|' && text[i + 1] !== '|') {
        current.pipesOut = true;
        finish(true);
        i += text[i + 1] === '&' ? 2 : 1;
        continue;
      }
      finish(false);
      i += (c === '|' || c === '&') && text[i + 1] === c ? 2 : 1;
      continue;
    }
    const word = readWord(text, i, end);
    if (!word) return undefined;
    word.redirect = redirectNext;
    redirectNext = false;
    // `2>file`: a bare number before a redirection is its file descriptor, not an argument.
    if (/^[0-9]+$/.test(word.value) && (text[word.end] === '>' || text[word.end] === '<')) {
      i = word.end;
      continue;
    }
    current.words.push(word);
    i = word.end;
  }
  finish(false);
  return commands.filter((c) => c.words.length > 0);
}

function readWord(text: string, start: number, end: number): ShellWord | undefined {
  const parts: WordPart[] = [];
  let dynamic = false;
  let i = start;
  while (i < end) {
    const c = text[i];
    if (BLANK.has(c) || c === '\n' || OPERATOR.has(c)) break;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0 || close >= end) return undefined;
      parts.push({ quote: "'", start: i + 1, end: close, outerStart: i, outerEnd: close + 1, special: false });
      i = close + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let special = false;
      while (j < end && text[j] !== '"') {
        if (text[j] === '\\') {
          special = true;
          j += 2;
          continue;
        }
        if (text[j] === '$' || text[j] === '`') {
          special = true;
          const skipped = skipSubstitution(text, j, end);
          if (skipped === undefined) return undefined;
          if (skipped.dynamic) dynamic = true;
          j = skipped.end;
          continue;
        }
        j++;
      }
      if (j >= end) return undefined;
      parts.push({ quote: '"', start: i + 1, end: j, outerStart: i, outerEnd: j + 1, special });
      i = j + 1;
      continue;
    }
    // An unquoted run.
    let j = i;
    let special = false;
    while (j < end) {
      const d = text[j];
      if (BLANK.has(d) || d === '\n' || OPERATOR.has(d) || d === "'" || d === '"') break;
      if (d === '\\') {
        special = true;
        if (text[j + 1] === '\n' || text[j + 1] === '\r') dynamic = true;
        j += 2;
        continue;
      }
      if (d === '$' || d === '`') {
        special = true;
        const skipped = skipSubstitution(text, j, end);
        if (skipped === undefined) return undefined;
        if (skipped.dynamic) dynamic = true;
        j = skipped.end;
        continue;
      }
      j++;
    }
    if (j === i) break;
    parts.push({ quote: '', start: i, end: Math.min(j, end), outerStart: i, outerEnd: Math.min(j, end), special });
    i = Math.min(j, end);
  }
  if (parts.length === 0) return undefined;
  const wordEnd = parts[parts.length - 1].outerEnd;
  const value = parts.map((p) => text.slice(p.start, p.end)).join('');
  return { start, end: wordEnd, parts, dynamic, redirect: false, value };
}

/**
 * Past a `$…` or backtick starting at `at`: `$(…)`, `${…}` and backticks are
 * skipped by counting brackets (quotes inside are not interpreted: a wrong
 * guess only makes the word dynamic or the line unreadable, never rewritten).
 */
function skipSubstitution(text: string, at: number, end: number): { end: number; dynamic: boolean } | undefined {
  if (text[at] === '`') {
    const close = text.indexOf('`', at + 1);
    return close < 0 || close >= end ? undefined : { end: close + 1, dynamic: true };
  }
  const open = text[at + 1];
  if (open === '(' || open === '{') {
    const closer = open === '(' ? ')' : '}';
    let depth = 0;
    for (let j = at + 1; j < end; j++) {
      if (text[j] === open) depth++;
      else if (text[j] === closer && --depth === 0) return { end: j + 1, dynamic: open === '(' };
    }
    return undefined;
  }
  // `$NAME`, `$1`, `$$` (Make's escaped dollar): a plain expansion.
  let j = at + 1;
  if (text[j] === '$') j++;
  while (j < end && /[A-Za-z0-9_]/.test(text[j])) j++;
  return { end: Math.max(j, at + 1), dynamic: false };
}
