/**
 * Random edits for tests that check a cache or an incremental path against a fresh
 * computation, and what a consumer can observe of a YAML parse. Seeded: a failure
 * replays exactly.
 */
import * as YAML from 'yaml';

/** A seeded generator of integers in [0, n). */
export function rng(seed: number): (n: number) => number {
  return (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
}

/** Random keystrokes and pastes: mostly near the last one (typing), sometimes anywhere; some deletions. */
export function editor(seed: number, inserts: string[]): (text: string) => string {
  const rand = rng(seed);
  let cursor = 0;
  return (text: string): string => {
    const at = rand(4) === 0 ? rand(text.length + 1) : Math.min(text.length, cursor + rand(3));
    const removed = rand(5) === 0 ? rand(120) : rand(6) === 0 ? 1 : 0;
    const insert = inserts[rand(inserts.length)];
    cursor = at + insert.length;
    return text.slice(0, at) + insert + text.slice(at + removed);
  };
}

/** Everything a consumer can observe of a YAML parse: per document its value, every node's range in walk order, its errors. */
export function observeYaml(documents: YAML.Document.Parsed[]): unknown {
  return documents.map((d) => {
    const ranges: unknown[] = [d.range];
    YAML.visit(d, {
      Node(_key, node) {
        ranges.push([node.constructor.name, node.range]);
      },
    });
    let value: unknown;
    try {
      value = JSON.stringify(d.toJS({ maxAliasCount: 100 }));
    } catch (err) {
      value = `throws ${(err as Error).name}`;
    }
    return { value, ranges, errors: d.errors.map((e) => [e.code, e.pos]), warnings: d.warnings.map((e) => [e.code, e.pos]) };
  });
}
