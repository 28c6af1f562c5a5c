/**
 * As-you-type analysis re-parses incrementally from the previous tree and reuses the
 * facts of unchanged top-level statements. Both must be invisible: after any edit the
 * tree and the findings equal those of a fresh analysis of the same text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { parseWith, type GrammarName, type PreviousParse } from '../server/src/engine/documents/tree-sitter';
import { LanguageService } from '../server/src/service/language-service';
import { createWorkspaceHost } from '../server/src/service/workspace-host';
import { ROOT } from './support/fixtures';
// @ts-expect-error plain JS module shared with the benchmark
import { largeKubernetesYaml } from '../bench/generate.mjs';

beforeAll(async () => {
  await initEngine();
});

/** A deterministic AWS access key id shape (AKIA + 16 base32), not a real key. */
const ACCESS_KEY_ID = 'AKIA' + 'Q7XW3MZKP2RV5TYN';

function rng(seed: number) {
  return () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
}

/** A random edit: insert / delete / replace, sometimes spanning lines, sometimes inserting a newline or quote. */
function randomEdit(text: string, rand: () => number): string {
  const at = Math.floor(rand() * (text.length + 1));
  const len = Math.floor(rand() * (rand() < 0.2 ? 200 : 6));
  const inserts = ['x', '\n', '"', "'", '{', '}', ' = "sk_live_', ';', '\n  const token = "', 'AKIA', ''];
  const insert = inserts[Math.floor(rand() * inserts.length)];
  return text.slice(0, at) + insert + text.slice(Math.min(text.length, at + (rand() < 0.5 ? 0 : len)));
}

const SOURCES: { grammar: GrammarName; file: string }[] = [
  { grammar: 'typescript', file: 'examples/kestrel-lite/services/api/src/server.ts' },
  { grammar: 'python', file: 'examples/kestrel-lite/services/worker/worker/archive.py' },
];

describe('incremental re-parse', () => {
  for (const { grammar, file } of SOURCES) {
    it(`gives the same tree as a fresh parse after random edits (${grammar})`, () => {
      const abs = path.join(ROOT, file);
      let text = fs.readFileSync(abs, 'utf8');
      text = text.repeat(3);
      const rand = rng(grammar.length * 7919);
      let previous: PreviousParse = { grammar, text, tree: parseWith(grammar, text)! };
      for (let i = 0; i < 80; i++) {
        text = randomEdit(text, rand);
        const incremental = parseWith(grammar, text, 1000, previous)!;
        const fresh = parseWith(grammar, text)!;
        expect(incremental.rootNode.toString(), `edit ${i}`).toBe(fresh.rootNode.toString());
        fresh.delete();
        previous.tree.delete();
        previous = { grammar, text, tree: incremental };
      }
      previous.tree.delete();
    });
  }
});

describe('as-you-type analysis in the language service', () => {
  it('reports exactly what a fresh analysis reports, edit after edit, in a large file', () => {
    const key = ACCESS_KEY_ID;
    const lines: string[] = [];
    for (let i = 0; i < 120; i++) {
      lines.push(`export function handler${i}(id: string): string {`, `  const route = "/api/v1/items/${i}";`, `  return route + id;`, `}`, '');
    }
    lines.splice(200, 0, `const awsAccessKeyId = "${key}";`);
    let text = lines.join('\n');
    const config = defaultConfig();
    const open = new Map<string, TextDocument>();
    const service = new LanguageService(createWorkspaceHost(open, () => ['file:///w']));
    let doc = TextDocument.create('file:///w/src/handlers.ts', 'typescript', 1, text);
    const rand = rng(4242);
    for (let i = 0; i < 60; i++) {
      const got = service.diagnostics(doc, config).map((d) => `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`);
      const fresh = analyzeText({ uri: doc.uri, path: 'src/handlers.ts', text }, { config, validateFixes: false }).findings;
      const expected = fresh.map((f) => {
        const p = doc.positionAt(f.range.start);
        return `${p.line}:${p.character}:${f.ruleId}:${f.message}`;
      });
      expect(got.filter((d) => !d.includes(':nhi/')), `after edit ${i}`).toEqual(expected);
      if (i === 0) expect(got.some((d) => d.includes(':secret/aws-access-key-id:')), 'the planted key is reported').toBe(true);
      text = randomEdit(text, rand);
      doc = TextDocument.create(doc.uri, 'typescript', doc.version + 1, text);
    }
    service.close(doc.uri);
  });

  it('reports exactly what a fresh analysis reports in a multi-document YAML stream (pieces and their facts reused)', () => {
    let text: string = largeKubernetesYaml(900);
    const config = defaultConfig();
    const open = new Map<string, TextDocument>();
    const service = new LanguageService(createWorkspaceHost(open, () => ['file:///w']));
    let doc = TextDocument.create('file:///w/deploy/cluster.yaml', 'yaml', 1, text);
    const rand = rng(977);
    const inserts = ['x', ' ', '\n', '---\n', '  password: "Qm8vT2kW9zR4xL7p"\n', 'kind: Secret\n', '"', ''];
    let reported = 0;
    for (let i = 0; i < 60; i++) {
      const got = service.diagnostics(doc, config).map((d) => `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`);
      const fresh = analyzeText({ uri: doc.uri, path: 'deploy/cluster.yaml', text }, { config, validateFixes: false }).findings;
      const expected = fresh.map((f) => {
        const p = doc.positionAt(f.range.start);
        return `${p.line}:${p.character}:${f.ruleId}:${f.message}`;
      });
      expect(got.filter((d) => !d.includes(':nhi/')), `after edit ${i}`).toEqual(expected);
      reported += expected.length;
      // Mostly small edits in one document; now and then one that moves every later document.
      const at = Math.floor(rand() * text.length);
      const insert = inserts[Math.floor(rand() * inserts.length)];
      const removed = rand() < 0.2 ? Math.floor(rand() * 60) : 0;
      text = text.slice(0, at) + insert + text.slice(at + removed);
      doc = TextDocument.create(doc.uri, 'yaml', doc.version + 1, text);
    }
    expect(reported).toBeGreaterThan(60);
    service.close(doc.uri);
  });
});
