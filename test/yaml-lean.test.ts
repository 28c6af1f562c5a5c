/**
 * The lean YAML parser (documents/yaml-lean.ts) must give exactly the library's nodes —
 * classes, values, scalar types and sources, flow flags, every range — or decline.
 * Checked on every YAML fixture and corpus file, the benchmark's manifests, hand-written
 * edge cases, and thousands of typing-like mutations of all of them (where most
 * intermediate texts are odd or broken: the lean parser must decline those it cannot match).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDocument, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { disposeDocument, parseDocument } from '../server/src/engine/documents/parse';
import { leanYamlDocuments } from '../server/src/engine/documents/yaml-lean';
import { leanParser, parseYamlDocuments, parseYamlWithLibrary, YAML_PARSE_OPTIONS } from '../server/src/engine/documents/yaml-stream';
import { buildCorpus } from './corpus/secrets/generate';
import { generateIdentityCorpus } from './corpus/identity/generate';
import { ROOT } from './support/fixtures';
import { yamlDifference } from './support/yaml-compare';
// @ts-expect-error plain JS module shared with the benchmark
import { largeKubernetesYaml, serviceFiles } from '../bench/generate.mjs';

function yamlTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(entry.name)) out.push({ name: path.relative(ROOT, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(ROOT, 'test', 'fixtures'));
  for (const f of [...buildCorpus().files, ...generateIdentityCorpus().files]) if (/\.ya?ml$/i.test(f.path)) out.push({ name: f.path, text: f.text });
  for (let i = 0; i < 8; i++) {
    for (const [file, text] of Object.entries(serviceFiles(i, i) as Record<string, string>)) if (/\.ya?ml$/.test(file)) out.push({ name: `bench service ${i}: ${file}`, text });
  }
  out.push({ name: 'bench manifest', text: largeKubernetesYaml(600) });
  return out;
}

/** The lean parse agrees with the library, or declines; true when it agreed. */
function agrees(text: string, name: string): boolean {
  const lean = leanYamlDocuments(text, YAML_PARSE_OPTIONS);
  if (!lean) return false;
  expect(yamlDifference(lean.documents, parseYamlWithLibrary(text).documents), `${name}: ${JSON.stringify(text.length > 300 ? text.slice(0, 300) + '…' : text)}`).toBeUndefined();
  return true;
}

const EDGE_CASES: Record<string, string> = {
  'nested maps and sequences': 'a: 1\nb:\n  c: x  # note\n  d:\n    - e\n    - f: g\n      h: "q"\n\n# between\nz:\n---\nk: v\n',
  'leading and trailing comments': '# lead\n\n---\na: 1\n\n\n# trail\n',
  'trailing spaces, empty values, no final newline': 'a: 1   \nb:   \nc:\n  d: "x y" \ne: end',
  'sequence forms': '- a\n-\n  - b\n- c: 1\n  d: 2\n-   e: 3\n',
  'sequence at the key indentation': 'key:\n- a\n- b\nnext: 1\n',
  'empty value at the end of documents': 'a:\n---\nb: 1\n---\nx:\n  y:\n\n\n---\n',
  'empty documents': '---\n---\na: 1\n---\n',
  'scalar types': 'i: 12\nh: 0x1F\no: 0o17\nf: 1.5e3\nn: ~\nN: null\nt: true\nF: False\ninf: .inf\nnan: .NaN\ns: 12a\nq: "12"\nv: \'it\'\'s\'\ne: "tab\\tquote\\"slash\\\\"\nneg: -3\ncolon: a:b\nurl: http://x/y#z\n',
  'keys of every kind': '"quoted key": 1\n\'single\': 2\n3: three\ntrue: yes\nwith space: v\n',
  'block scalars': 'a: |\n  line1\n    indented\n\n  line3\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\nd: x\ne: |  # c\n  # not a comment\n  --- not a marker\n\n\nf: >\n  a\n\n\n  b\n',
  'block scalars in steps': 'steps:\n  - run: |\n      echo hi\n      echo there\n  - name: x\n    run: |-\n      make\n  - |\n    plain item\n',
  'empty flow collections': 'a: []\nb: {}  # c\nc: [ ]\nd: { }\ne:\n  - []\n  - {}\nvolumes:\n  - name: tmp\n    emptyDir: {}\n',
  'comments between entries': 'a:\n  # first\n  b: 1\n  # between\n  c:\n    - x\n    # in a list\n    - y\n# top level\nd: 2\n',
  'one-line lists': 'verbs: ["get", "list", watch]\nempty-ish: [ a , b ]\non: [push, pull_request]  # c\n',
};

const DECLINED: Record<string, string> = {
  anchors: 'a: &x 1\nb: *x\n',
  tags: 'a: !Ref x\n',
  'block scalar with an indentation digit': 'run: |2\n   echo hi\n',
  'folded block with more-indented lines': 'a: >\n  one\n    two\n',
  'whitespace-only line in a block scalar': 'a: |\n  one\n   \n  two\n',
  'nested flow map': 'a: [{b: 1}]\n',
  'nested flow lists': 'a: [[1]]\n',
  'flow map with entries': 'a: {b: 1}\n',
  'multi-line plain scalars': 'a: one\n  two\n',
  'multi-line quoted scalars': 'a: "one\n  two"\n',
  'a comment more indented than the line after it': 'a:\n  b: 1\n    # c\n  d: 2\n',
  'a comment ending a nested block': 'a:\n  b: 1\n  # c\nd: 2\n',
  'a comment after an empty value': 'a:\n# c\nb: 1\n',
  'a comment ending a list at its key’s indentation': 'a:\n  subjects:\n  - kind: User\n  # c\n  name: x\n',
  'content after a marker': '--- a: 1\n',
  directives: '%YAML 1.2\n---\na: 1\n',
  tabs: 'a:\t1\n',
  CRLF: 'a: 1\r\nb: 2\r\n',
  'explicit keys': '? a\n: b\n',
  'document end marker': 'a: 1\n...\n',
  'unicode escapes': 'a: "\\u0041"\n',
  'indented root': '  a: 1\n',
  'a broken mapping': 'a: 1\n b: 2\n',
};

/** Everything an analysis reports (with fixes, which are built and validated on the parsed nodes). */
function analysed(name: string, text: string, lean: boolean): string {
  leanParser.enabled = lean;
  const doc = parseDocument({ uri: `file:///w/${name}`, path: name, text }, 60_000);
  try {
    const r = analyzeDocument(doc, { config: { ...defaultConfig(), timeBudgetMs: 60_000 }, workspaceRoot: 'file:///w' });
    return JSON.stringify({ findings: r.findings, identities: r.identities, links: r.links, notes: r.notes });
  } finally {
    disposeDocument(doc);
    leanParser.enabled = true;
  }
}

describe('lean YAML parser', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('gives the library’s nodes on edge cases', () => {
    for (const [name, text] of Object.entries(EDGE_CASES)) {
      expect(agrees(text, name), `${name} should be in the subset`).toBe(true);
    }
  });

  it('declines what it does not cover (the library parses those)', () => {
    for (const [name, text] of Object.entries(DECLINED)) expect(leanYamlDocuments(text, YAML_PARSE_OPTIONS), name).toBeUndefined();
  });

  it('gives the library’s nodes on every YAML fixture, corpus file and benchmark manifest it accepts, and accepts the plain ones', () => {
    const texts = yamlTexts();
    expect(texts.length).toBeGreaterThan(300);
    let accepted = 0;
    for (const { name, text } of texts) if (agrees(text, name)) accepted++;
    // Most real files are plain block YAML; the benchmark's manifests all are.
    expect(accepted / texts.length).toBeGreaterThan(0.6);
    for (const { name, text } of texts) if (name.startsWith('bench') && /k8s|manifest/.test(name)) expect(leanYamlDocuments(text, YAML_PARSE_OPTIONS), name).toBeDefined();
  });

  it('agrees or declines on typing-like mutations of every file', () => {
    const pieces = [' ', ':', '-', '#', '"', "'", '\n', '[', ']', ',', 'x', '1', '|', '>', '&', '*', '!', '---\n', '- ', ': ', '  ', '\\', '{', '}', '?', '.', '0x1', 'true', '~', '"a', "'b'", ' #c', '\n  ', '\n- x: 1\n', '...', '%', '\t', 'é', ': |\n  ', ': >-\n', '|+', '\n\n', '   \n', ' |2', '{}', '[]', ': {}', ': [ ]', '{ }  #', '\n  # note\n', '\n# note\n', '\n    # deep\n', '\n      #'];
    // NHI_FUZZ_ROUNDS / NHI_FUZZ_SEED run more (or other) mutations locally.
    let seed = Number(process.env.NHI_FUZZ_SEED ?? 11);
    const rounds = Number(process.env.NHI_FUZZ_ROUNDS ?? 12);
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    let accepted = 0;
    let total = 0;
    for (const { name, text } of yamlTexts()) {
      for (let m = 0; m < rounds; m++) {
        let t = text;
        for (let k = 1 + rand(3); k > 0; k--) {
          const at = rand(t.length + 1);
          t = t.slice(0, at) + pieces[rand(pieces.length)] + t.slice(at + (rand(4) === 0 ? rand(6) : 0));
        }
        total++;
        if (agrees(t, `${name} mutation ${m}`)) accepted++;
      }
    }
    // Many mutations stay plain YAML: the comparison above covered real variety.
    expect(accepted).toBeGreaterThan(total / 5);
  });

  it('changes nothing an analysis reports (findings, fixes, identities, links, notes) on every YAML file', () => {
    const differ: string[] = [];
    let compared = 0;
    for (const { name, text } of yamlTexts()) {
      if (!leanYamlDocuments(text, YAML_PARSE_OPTIONS)) continue;
      compared++;
      const path = name.replace(/^bench service \d+: /, '');
      if (analysed(path, text, true) !== analysed(path, text, false)) differ.push(name);
    }
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(200);
  });

  it('is what parseYamlDocuments uses, with the library for the rest', () => {
    const plain = 'kind: ServiceAccount\nmetadata:\n  name: ci\n';
    const fancy = 'kind: ServiceAccount\nmetadata: &m\n  name: ci\nother: *m\n';
    expect(yamlDifference(parseYamlDocuments(plain).documents, parseYamlWithLibrary(plain).documents)).toBeUndefined();
    expect(yamlDifference(parseYamlDocuments(fancy).documents, parseYamlWithLibrary(fancy).documents)).toBeUndefined();
    expect(YAML.isAlias((parseYamlDocuments(fancy).documents[0].contents as YAML.YAMLMap).items[2].value)).toBe(true);
  });
});
