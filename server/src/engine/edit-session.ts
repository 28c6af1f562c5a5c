/**
 * What an editor keeps of one open document between keystrokes so that the next
 * analysis costs in proportion to the edit, not to the file: the last text's lines
 * and per-line answers derived from them. Hosts that analyse each text once (the
 * CLI, audits) pass no session and get the same results computed from scratch;
 * test/typing-caches.test.ts checks the two agree after random edits.
 */
import { diffLines, LineMemo, type LineChange } from './documents/line-diff';
import { lineIndexFromLineStarts } from './documents/line-index';
import { IncrementalNesting } from './documents/yaml-nesting';
import { pieceStartsFromLineKinds, yamlLineKind, type YamlLineKind } from './documents/yaml-stream';
import type { Document, LineIndex } from './model';
import { IncrementalKeywords, type KeywordIndex } from './secrets/keyword-index';

/** The session a document was parsed in (parse.ts records it), for rules that scan line by line. */
const sessions = new WeakMap<Document, EditSession>();

export function attachSession(doc: Document, session: EditSession): void {
  sessions.set(doc, session);
}

/** Was the document parsed in an edit session (an editor between keystrokes)? */
export function inEditSession(doc: Document): boolean {
  return sessions.has(doc);
}

/**
 * `[...doc.text.matchAll(re)]` for a global regex whose matches never contain a line
 * break and which never looks at one (no `\n` in any class it can match, lookarounds
 * that treat a line break like the start or end of the text, `^`/`$` only with the `m`
 * flag). Such a regex finds the same matches in each line alone, so an editor keeps
 * each line's matches and rescans only the lines a keystroke changed. Without a
 * session it is the plain whole-text scan. `index` is always into `doc.text`. `keep`, a
 * pure function of the match (remembered with the line's matches: pass the same function
 * every time), drops matches the caller would skip.
 */
export function lineMatches(doc: Document, re: RegExp, keep?: (match: RegExpMatchArray) => boolean): RegExpMatchArray[] {
  const session = sessions.get(doc);
  if (!session) {
    re.lastIndex = 0;
    const all = [...doc.text.matchAll(re)];
    return keep ? all.filter(keep) : all;
  }
  return session.lineMatches(doc.text, re, keep);
}

export class EditSession {
  private current: LineChange | undefined;
  private lineIndex: { text: string; index: LineIndex } | undefined;
  private readonly keywordFinders = new Map<KeywordIndex, IncrementalKeywords>();
  private readonly nesting = new Map<number, IncrementalNesting>();
  private readonly matches = new Map<RegExp, Map<unknown, LineMemo<RegExpMatchArray[] | undefined>>>();
  private yamlLineKinds: LineMemo<YamlLineKind> | undefined;

  /** The lines of `text` against those of the previous text this session saw (once per text). */
  change(text: string): LineChange {
    if (this.current?.lines.text === text) return this.current;
    this.current = diffLines(this.current?.lines, text);
    return this.current;
  }

  lines(text: string): LineIndex {
    if (this.lineIndex?.text !== text) this.lineIndex = { text, index: lineIndexFromLineStarts(text, this.change(text).lines.starts) };
    return this.lineIndex.index;
  }

  /** `index.find(text)`, rescanning only the changed lines. */
  keywords(index: KeywordIndex, text: string): Set<string> {
    let finder = this.keywordFinders.get(index);
    if (!finder) this.keywordFinders.set(index, (finder = new IncrementalKeywords(index)));
    return finder.find(this.change(text));
  }

  /** See lineMatches(). */
  lineMatches(text: string, re: RegExp, keep?: (match: RegExpMatchArray) => boolean): RegExpMatchArray[] {
    let byFilter = this.matches.get(re);
    if (!byFilter) this.matches.set(re, (byFilter = new Map()));
    let memo = byFilter.get(keep);
    if (!memo) {
      // Each line's matches, `index` relative to the line (lines move).
      const scan = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
      byFilter.set(
        keep,
        (memo = new LineMemo((t, start, end) => {
          scan.lastIndex = 0;
          let found = [...t.slice(start, end).matchAll(scan)];
          if (keep) found = found.filter(keep);
          return found.length > 0 ? found : undefined;
        })),
      );
    }
    const change = this.change(text);
    const perLine = memo.update(change);
    const out: RegExpMatchArray[] = [];
    for (let i = 0; i < perLine.length; i++) {
      const found = perLine[i];
      if (!found) continue;
      const start = change.lines.starts[i];
      for (const m of found) {
        const copy = [...m] as RegExpMatchArray;
        copy.index = start + (m.index ?? 0);
        copy.input = text;
        copy.groups = m.groups;
        out.push(copy);
      }
    }
    return out;
  }

  /** `yamlNestingBeyond(text, limit)`, rescanning only the changed lines. */
  yamlNestingBeyond(text: string, limit: number): number {
    let nesting = this.nesting.get(limit);
    if (!nesting) this.nesting.set(limit, (nesting = new IncrementalNesting(limit)));
    return nesting.beyond(this.change(text));
  }

  /** `yamlPieceStarts(text)`, re-reading only the changed lines. */
  yamlPieceStarts(text: string): number[] {
    const change = this.change(text);
    this.yamlLineKinds ??= new LineMemo(yamlLineKind);
    return pieceStartsFromLineKinds(this.yamlLineKinds.update(change), change.lines.starts);
  }
}
