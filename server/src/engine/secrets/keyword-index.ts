import { LineMemo, type LineChange, type LineSplit } from '../documents/line-diff';

/**
 * One pass over a text for every rule's keywords (Aho–Corasick over the
 * lower-cased text), so prefiltering cost grows with the file's size and not
 * with rules × keywords × size.
 */

interface Node {
  next: Map<number, number>;
  fail: number;
  /** Keyword ids that end at this node (own and via fail links). */
  out: number[];
}

export class KeywordIndex {
  private readonly nodes: Node[] = [{ next: new Map(), fail: 0, out: [] }];
  private readonly keywords: string[] = [];
  private readonly ids = new Map<string, number>();
  private built = false;
  /**
   * Dense transition table (state × character class → state), built from the trie and fail
   * links: one array read per character instead of walking fail links. Classes are the
   * characters keywords use (lower-cased) plus one for every other character, so the table
   * stays small enough for the cache (2,549 states: 0.3 MB, not 1.3 MB over all of ASCII).
   * Keywords with non-ASCII characters fall back to the trie walk.
   */
  private dfa: Uint16Array | Int32Array | undefined;
  /** Character class of each ASCII code, upper case folded (0: no keyword has it). */
  private classOf: Uint8Array | undefined;
  private classCount = 0;
  private hasOutput: Uint8Array | undefined;

  constructor(keywords: Iterable<string> = []) {
    for (const k of keywords) this.add(k);
  }

  /** Adds a keyword (lower-cased); returns its id. */
  add(keyword: string): number {
    const k = keyword.toLowerCase();
    const known = this.ids.get(k);
    if (known !== undefined) return known;
    if (k.length === 0) throw new Error('empty keyword');
    const id = this.keywords.length;
    this.keywords.push(k);
    this.ids.set(k, id);
    let state = 0;
    for (let i = 0; i < k.length; i++) {
      const c = k.charCodeAt(i);
      let to = this.nodes[state].next.get(c);
      if (to === undefined) {
        to = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, out: [] });
        this.nodes[state].next.set(c, to);
      }
      state = to;
    }
    this.nodes[state].out.push(id);
    this.built = false;
    return id;
  }

  private build(): void {
    const queue: number[] = [];
    for (const child of this.nodes[0].next.values()) {
      this.nodes[child].fail = 0;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const [c, child] of this.nodes[state].next) {
        let f = this.nodes[state].fail;
        while (f !== 0 && !this.nodes[f].next.has(c)) f = this.nodes[f].fail;
        const target = this.nodes[f].next.get(c);
        this.nodes[child].fail = target !== undefined && target !== child ? target : 0;
        this.nodes[child].out = [...this.nodes[child].out, ...this.nodes[this.nodes[child].fail].out];
        queue.push(child);
      }
    }
    this.built = true;
    this.dfa = undefined;
    this.classOf = undefined;
    this.hasOutput = undefined;
    if (this.keywords.every((k) => /^[\x00-\x7f]*$/.test(k))) {
      const n = this.nodes.length;
      const classOf = new Uint8Array(128);
      let classes = 1;
      for (const k of this.keywords) {
        for (let i = 0; i < k.length; i++) {
          const c = k.charCodeAt(i);
          if (classOf[c] === 0) classOf[c] = classes++;
        }
      }
      // Upper-case letters fold onto their lower-case class (keywords are lower-cased).
      for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32];
      const dfa = n <= 0xffff ? new Uint16Array(n * classes) : new Int32Array(n * classes);
      const codesOf: number[][] = Array.from({ length: classes }, () => []);
      for (let c = 0; c < 128; c++) if (!(c >= 65 && c <= 90)) codesOf[classOf[c]].push(c);
      // States in BFS order: a state's fail target is shallower, so its row is complete when needed.
      const order = [0, ...queue];
      for (const state of order) {
        const node = this.nodes[state];
        for (let k = 1; k < classes; k++) {
          const to = node.next.get(codesOf[k][0]);
          dfa[state * classes + k] = to !== undefined ? to : state === 0 ? 0 : dfa[node.fail * classes + k];
        }
        // Class 0: a character no keyword has, back to the start.
        dfa[state * classes] = 0;
      }
      this.dfa = dfa;
      this.classOf = classOf;
      this.classCount = classes;
      this.hasOutput = new Uint8Array(n);
      for (let i = 0; i < n; i++) this.hasOutput[i] = this.nodes[i].out.length > 0 ? 1 : 0;
    }
  }

  /** Can a keyword occur across a line break? Then per-line answers do not compose. */
  get spansLines(): boolean {
    return this.keywords.some((k) => k.includes('\n'));
  }

  /** Number of distinct keywords (ids are 0 … size - 1). */
  get size(): number {
    return this.keywords.length;
  }

  keyword(id: number): string {
    return this.keywords[id];
  }

  /** Ids of the keywords occurring in `text[from, to)`, each once; undefined for none. */
  idsIn(text: string, from: number, to: number): number[] | undefined {
    if (!this.built) this.build();
    let ids: number[] | undefined;
    const dfa = this.dfa;
    const hasOutput = this.hasOutput;
    const classOf = this.classOf;
    const classes = this.classCount;
    let state = 0;
    for (let i = from; i < to; i++) {
      let c = text.charCodeAt(i);
      if (dfa && hasOutput && classOf) {
        state = c < 128 ? dfa[state * classes + classOf[c]] : 0;
        if (hasOutput[state] === 0) continue;
      } else {
        if (c >= 65 && c <= 90) c += 32;
        while (state !== 0 && !this.nodes[state].next.has(c)) state = this.nodes[state].fail;
        state = this.nodes[state].next.get(c) ?? 0;
      }
      for (const id of this.nodes[state].out) {
        if (!ids) ids = [id];
        else if (!ids.includes(id)) ids.push(id);
      }
    }
    return ids;
  }

  /** The keywords occurring in `text` (compared case-insensitively for ASCII). */
  find(text: string): Set<string> {
    if (!this.built) this.build();
    const found = new Set<string>();
    const seen = new Uint8Array(this.keywords.length);
    let remaining = this.keywords.length;
    let state = 0;
    const dfa = this.dfa;
    const hasOutput = this.hasOutput;
    const classOf = this.classOf;
    const classes = this.classCount;
    if (dfa && hasOutput && classOf) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        // Characters outside ASCII occur in no keyword: back to the start.
        state = c < 128 ? dfa[state * classes + classOf[c]] : 0;
        if (hasOutput[state] === 0) continue;
        for (const id of this.nodes[state].out) {
          if (seen[id] === 0) {
            seen[id] = 1;
            remaining--;
            found.add(this.keywords[id]);
          }
        }
        if (remaining === 0) break;
      }
      return found;
    }
    for (let i = 0; i < text.length && remaining > 0; i++) {
      let c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      while (state !== 0 && !this.nodes[state].next.has(c)) state = this.nodes[state].fail;
      state = this.nodes[state].next.get(c) ?? 0;
      for (const id of this.nodes[state].out) {
        if (seen[id] === 0) {
          seen[id] = 1;
          remaining--;
          found.add(this.keywords[id]);
        }
      }
    }
    return found;
  }
}

/**
 * `index.find(text)` for one document edited keystroke by keystroke: each line's keyword
 * hits are remembered with a count per keyword, so an edit rescans only its own lines.
 * No keyword holds a line break (else it falls back to a whole-text scan), so a line's
 * hits depend on its text alone (test/typing-caches.test.ts checks the equality).
 */
export class IncrementalKeywords {
  private readonly hits: LineMemo<number[] | undefined>;
  private counts: Int32Array;
  private lines: LineSplit | undefined;
  private found = new Set<string>();

  constructor(private readonly index: KeywordIndex) {
    this.counts = new Int32Array(index.size);
    this.hits = new LineMemo((text, start, end) => index.idsIn(text, start, end));
  }

  find(change: LineChange): Set<string> {
    const { index } = this;
    if (index.spansLines || this.counts.length !== index.size) return index.find(change.lines.text);
    if (this.lines !== change.lines) {
      const counts = this.counts;
      let dirty = false;
      this.hits.update(change, (removed, added) => {
        // Counts stay the sum over the current lines (a full recompute removes every old line).
        for (const ids of removed) if (ids) for (const id of ids) counts[id]--;
        for (const ids of added) if (ids) for (const id of ids) counts[id]++;
        dirty = removed.some((ids) => ids !== undefined) || added.some((ids) => ids !== undefined);
      });
      if (dirty || this.lines === undefined) {
        this.found = new Set();
        for (let id = 0; id < counts.length; id++) if (counts[id] > 0) this.found.add(index.keyword(id));
      }
      this.lines = change.lines;
    }
    return new Set(this.found);
  }
}
