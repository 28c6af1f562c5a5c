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
   * Dense transition table over ASCII (state × 128 → state), built from the trie and
   * fail links: one array read per character instead of walking fail links. Keywords
   * with non-ASCII characters fall back to the trie walk.
   */
  private dfa: Int32Array | undefined;
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
    this.hasOutput = undefined;
    if (this.keywords.every((k) => /^[\x00-\x7f]*$/.test(k))) {
      const n = this.nodes.length;
      const dfa = new Int32Array(n * 128);
      // States in BFS order: a state's fail target is shallower, so its row is complete when needed.
      const order = [0, ...queue];
      for (const state of order) {
        const node = this.nodes[state];
        for (let c = 0; c < 128; c++) {
          const to = node.next.get(c);
          dfa[state * 128 + c] = to !== undefined ? to : state === 0 ? 0 : dfa[node.fail * 128 + c];
        }
      }
      this.dfa = dfa;
      this.hasOutput = new Uint8Array(n);
      for (let i = 0; i < n; i++) this.hasOutput[i] = this.nodes[i].out.length > 0 ? 1 : 0;
    }
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
    if (dfa && hasOutput) {
      for (let i = 0; i < text.length; i++) {
        let c = text.charCodeAt(i);
        if (c >= 65 && c <= 90) c += 32;
        // Characters outside ASCII occur in no keyword: back to the start.
        state = c < 128 ? dfa[state * 128 + c] : 0;
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
