/**
 * The editor parses YAML streams a `---` piece at a time and reuses unchanged pieces
 * (documents/yaml-stream.ts). It must give exactly what a whole-stream parse gives:
 * the same documents, values, node offsets and errors — on every YAML file the tests
 * know, on hand-written edge cases, and after edits that reuse and shift pieces.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYamlDocuments, yamlPieceStarts, YamlStreamCache } from '../server/src/engine/documents/yaml-stream';
import { buildCorpus } from './corpus/secrets/generate';
import { generateIdentityCorpus } from './corpus/identity/generate';
import { ROOT } from './support/fixtures';
// @ts-expect-error plain JS module shared with the benchmark
import { largeKubernetesYaml } from '../bench/generate.mjs';
import { observeYaml as observe } from './support/random-edits';

function yamlFilesUnder(dir: string, out: { name: string; text: string }[] = []): { name: string; text: string }[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yamlFilesUnder(full, out);
    else if (/\.ya?ml$/i.test(entry.name)) out.push({ name: path.relative(ROOT, full), text: fs.readFileSync(full, 'utf8') });
  }
  return out;
}

const EDGE_CASES: Record<string, string> = {
  'comments between documents': 'a: 1\n# trailing comment of the first\n---\n# leading comment\nb: 2\n',
  'comment before the first marker': '# header\n---\na: 1\n---\nb: 2\n',
  'document end markers': 'a: 1\n...\n---\nb: 2\n...\n',
  'marker with a comment and with content': '--- # one\na: 1\n--- !!map\nb: 2\n--- |\n  text\n---\n',
  'not markers': 'a: |\n  ---\n  x\nb: "----"\n---x: 1\nc: 2\n',
  'marker inside a quoted scalar (an error)': 'a: "one\n--- two"\n---\nb: 1\n',
  'empty documents': '---\n---\n---\na: 1\n---\n',
  'CRLF': 'a: 1\r\n---\r\nb: 2\r\n---\r\nc: [1, 2]\r\n',
  'duplicate documents': '---\na: 1\n---\na: 1\n---\na: 1\n',
  'errors in one document': '---\na: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n',
  'anchors per document': '---\nx: &a 1\ny: *a\n---\nz: *a\n',
  'directives (parsed whole)': '%YAML 1.2\n---\na: 1\n---\nb: 2\n',
  'tabs and trailing spaces': '--- \t\na:\t1\n---\t\nb: 2\n',
  'no final newline': '---\na: 1\n---\nb: 2',
};

function corpusYaml(): { name: string; text: string }[] {
  const secrets = buildCorpus().files.filter((f) => /\.ya?ml$/i.test(f.path)).map((f) => ({ name: f.path, text: f.text }));
  const identity = generateIdentityCorpus().files.filter((f) => /\.ya?ml$/i.test(f.path)).map((f) => ({ name: f.path, text: f.text }));
  return [...secrets, ...identity];
}

describe('YAML streams parsed a piece at a time', () => {
  it('cuts at --- lines only, and not at all with directives', () => {
    const text = '# c\n---\na: 1\n---\nb: 2\n--- |\n  x\n---x\n';
    expect(yamlPieceStarts(text)).toEqual([0, text.indexOf('---\nb'), text.indexOf('--- |')]);
    expect(yamlPieceStarts('%YAML 1.2\n---\na: 1\n---\nb: 2\n')).toEqual([]);
  });

  it('equals a whole-stream parse on edge cases', () => {
    for (const [name, text] of Object.entries(EDGE_CASES)) {
      expect(observe(new YamlStreamCache().parse(text).documents), name).toEqual(observe(parseYamlDocuments(text).documents));
    }
  });

  it('equals a whole-stream parse on every YAML fixture and corpus file', () => {
    const files = [...yamlFilesUnder(path.join(ROOT, 'test', 'fixtures')), ...corpusYaml()];
    expect(files.length).toBeGreaterThan(300);
    let multi = 0;
    for (const { name, text } of files) {
      if (yamlPieceStarts(text).length > 1) multi++;
      expect(observe(new YamlStreamCache().parse(text).documents), name).toEqual(observe(parseYamlDocuments(text).documents));
    }
    expect(multi).toBeGreaterThan(20);
  });

  it('after edits, reused and shifted pieces equal a fresh parse', () => {
    let text: string = largeKubernetesYaml(600);
    const cache = new YamlStreamCache();
    cache.parse(text);
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const edits = ['x', ' ', '\n', '---\n', 'key: value\n', '"', ''];
    for (let i = 0; i < 60; i++) {
      const at = rand(text.length);
      const removed = i % 5 === 0 ? rand(40) : 0;
      text = text.slice(0, at) + edits[i % edits.length] + text.slice(at + removed);
      expect(observe(cache.parse(text).documents), `edit ${i}`).toEqual(observe(parseYamlDocuments(text).documents));
    }
  });

  it('re-parses only the edited piece', () => {
    const text: string = largeKubernetesYaml(600);
    const cache = new YamlStreamCache();
    const first = cache.parse(text).documents;
    const at = text.indexOf('replicas:', text.length >> 1);
    const edited = `${text.slice(0, at)}# note\n${text.slice(at)}`;
    const second = cache.parse(edited).documents;
    expect(second.length).toBe(first.length);
    const fresh = second.filter((d) => !first.includes(d));
    expect(fresh.length).toBe(1);
    expect(fresh[0].range[0]).toBeLessThanOrEqual(at);
    expect(fresh[0].range[2]).toBeGreaterThan(at);
  });
});
