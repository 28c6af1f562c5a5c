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
  }

  /** The keywords occurring in `text` (compared case-insensitively for ASCII). */
  find(text: string): Set<string> {
    if (!this.built) this.build();
    const found = new Set<string>();
    const seen = new Uint8Array(this.keywords.length);
    let remaining = this.keywords.length;
    let state = 0;
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
