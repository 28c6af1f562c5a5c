/**
 * Standing rule 3: bad input gets a clear note, never a crash or a hang. Every
 * case runs the real pipeline (registry rules, extractors, suppressions). These
 * assert that analysis finishes and reports; speed is measured by the bench, so
 * a hang shows up here only as the vitest timeout.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig, type Config } from '../server/src/engine/config';
import type { AnalysisResult } from '../server/src/engine/model';
import type { Rule } from '../server/src/engine/rule';

beforeAll(async () => {
  await initEngine();
});

function analyze(path: string, text: string, config: Config = defaultConfig(), rules?: Rule[]): AnalysisResult {
  return analyzeText({ uri: `file:///w/${path}`, path, text }, { config, rules, today: '2026-11-26', workspaceRoot: 'file:///w' });
}

function expectWellFormed(result: AnalysisResult, text: string): void {
  expect(Array.isArray(result.findings)).toBe(true);
  expect(Array.isArray(result.notes)).toBe(true);
  expect(Array.isArray(result.identities)).toBe(true);
  for (const f of result.findings) {
    expect(f.range.start).toBeGreaterThanOrEqual(0);
    expect(f.range.end).toBeGreaterThanOrEqual(f.range.start);
    expect(f.range.end).toBeLessThanOrEqual(text.length);
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  }
  for (const n of result.notes) {
    expect(['parse-error', 'time-budget', 'skipped', 'internal-error']).toContain(n.kind);
    expect(n.message.length).toBeGreaterThan(0);
    expect(n.message.length).toBeLessThan(500);
  }
  // No internal errors: those are engine or rule bugs, not input problems.
  expect(result.notes.filter((n) => n.kind === 'internal-error').map((n) => n.message)).toEqual([]);
}

/** Pseudo-random bytes (deterministic), decoded as UTF-8 the way the walker decodes files. */
function binaryish(size: number): string {
  const bytes = Buffer.alloc(size);
  let s = 12345;
  for (let i = 0; i < size; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    bytes[i] = s >>> 24;
  }
  return bytes.toString('utf8');
}

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
].join('\n');

describe('bad input never crashes', () => {
  const cases: [string, string, string, { parseError?: boolean }][] = [
    ['empty file', 'empty.ts', '', {}],
    ['only whitespace', 'blank.py', ' \n\t\n   \r\n\n', {}],
    ['empty YAML', 'empty.yaml', '', {}],
    // Configuration is parsed only when an extractor's prefilter or a rule needs its structure, so
    // broken input holding nothing of interest gets no parse note (nothing was left unchecked) …
    ['empty JSON', 'empty.json', '', {}],
    ['malformed YAML, multi-document', 'k8s/all.yaml', 'apiVersion: v1\nkind: Secret\n---\n: : [\n---\nkind: ConfigMap\napiVersion: v1\n', { parseError: true }],
    ['YAML with tabs', 'tabs.yaml', 'a:\n\tb: 1\n\t\tc: 2\n', {}],
    // … and broken input that does hold something is reported.
    ['a manifest with tabs', 'k8s/sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n\tname: deployer\n\tlabels: { team: a }\n', { parseError: true }],
    ['YAML alias bomb', 'bomb.yaml', BILLION_LAUGHS, {}],
    ['YAML deep flow nesting', 'deep.yaml', 'a: ' + '['.repeat(200_000), {}],
    ['YAML deep flow nesting under a credential name', 'deep.yaml', 'db_password: ' + '['.repeat(200_000), { parseError: true }],
    ['malformed JSON', 'iam/policy.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": ', { parseError: true }],
    ['JSON deep nesting', 'deep.json', '['.repeat(200_000), {}],
    ['JSON deep nesting under a credential name', 'deep.json', '{"apiToken": ' + '['.repeat(200_000), { parseError: true }],
    ['JSONC tsconfig with comments', 'tsconfig.json', '{\n  // comment\n  "compilerOptions": { "strict": true, },\n}\n', {}],
    ['broken HCL', 'main.tf', 'resource "aws_iam_role" "x" {\n  name = \n  tags = { owner = "a"\n', { parseError: true }],
    // Source code is parsed only when a rule needs its tree (here: nothing could be a secret), so no parse note …
    ['broken TypeScript', 'a.ts', 'const x = {{{{ "unterminated\nfunction (', {}],
    // … but when the tree is needed, the syntax error is reported.
    ['broken TypeScript with a password literal', 'b.ts', 'const x = {{{{ password: "Wq8#tLm2vR" \nfunction (', { parseError: true }],
    ['binary-ish content as text', 'blob.bin', binaryish(64 * 1024), {}],
    ['binary-ish content as TypeScript', 'blob.ts', binaryish(64 * 1024), {}],
    ['binary-ish content as YAML', 'blob.yaml', binaryish(64 * 1024), {}],
    ['binary-ish content in a manifest', 'k8s/blob.yaml', 'apiVersion: v1\nkind: Secret\n' + binaryish(64 * 1024), { parseError: true }],
    ['invalid UTF-8 decoded with replacement characters', 'bad.py', Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x0a]).toString('utf8'), {}],
    ['lone surrogates', 'odd.ts', 'const s = "\uD800\uDC00\uDFFF\uD800";\n', {}],
    ['NUL bytes in dotenv', '.env', 'A=1\u0000\nB=\u0000\u0000\n', {}],
    ['CRLF line endings', 'app.py', 'import os\r\n\r\nKEY = os.environ["KEY"]\r\n', {}],
    ['lone CR line endings', 'old.py', 'import os\rKEY = 1\r', {}],
    ['BOM at start (python)', 'bom.py', '\uFEFFimport os\nKEY = 1\n', {}],
    ['BOM at start (JSON)', 'bom.json', '\uFEFF{"a": 1}', {}],
    ['BOM at start (YAML)', 'bom.yaml', '\uFEFFa: 1\n', {}],
    ['very long line of one character', 'a.env', 'KEY=' + 'a'.repeat(500_000) + '\n', {}],
    ['suppression comments everywhere', 'many.py', '# nhi-ignore secret/* reason="x" until=2020-01-01\n'.repeat(2000), {}],
  ];

  for (const [name, path, text, expectation] of cases) {
    it(name, () => {
      let result: AnalysisResult | undefined;
      expect(() => {
        result = analyze(path, text);
      }).not.toThrow();
      expectWellFormed(result!, text);
      const parseErrors = result!.notes.filter((n) => n.kind === 'parse-error');
      if (expectation.parseError) expect(parseErrors.length, JSON.stringify(result!.notes)).toBeGreaterThan(0);
      else expect(parseErrors, JSON.stringify(parseErrors)).toEqual([]);
    });
  }

  it('every expired suppression in a big file is reported once', () => {
    const text = '# nhi-ignore secret/* reason="x" until=2020-01-01\n'.repeat(2000);
    const result = analyze('many.py', text);
    const expired = result.findings.filter((f) => f.ruleId === 'nhi/expired-suppression');
    expect(expired).toHaveLength(2000);
    expect(new Set(expired.map((f) => f.fingerprint)).size).toBe(2000);
  });
});

describe('large files finish', () => {
  it('a 2 MB minified single-line JavaScript file', () => {
    const chunk = 'var a=function(b,c){return b+c},d={k:"v",n:[1,2,3]};if(d.k)a(1,2);';
    const text = chunk.repeat(Math.ceil((2 * 1024 * 1024) / chunk.length));
    const result = analyze('dist/app.min.js', text);
    expectWellFormed(result, text);
  });

  it('a 5,000-line TypeScript file', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `export const value${i}: string = process.env.VALUE_${i} ?? "default-${i}";`);
    const text = lines.join('\n') + '\n';
    const result = analyze('src/big.ts', text);
    expectWellFormed(result, text);
    expect(result.notes.filter((n) => n.kind === 'parse-error')).toEqual([]);
  });

  it('a 5,000-line YAML file with CRLF line endings', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `key${i}: "value ${i}"`).join('\r\n') + '\r\n';
    const result = analyze('big.yaml', text);
    expectWellFormed(result, text);
    expect(result.notes).toEqual([]);
  });
});

describe('per-file time budget', () => {
  function busyRule(id: string, ms: number): Rule {
    return {
      id,
      category: 'secret',
      severity: 'warning',
      title: 'busy test rule',
      appliesTo: ['text'],
      check: (ctx) => {
        const until = Date.now() + ms;
        while (Date.now() < until) {
          /* deliberately slow */
        }
        return [{ message: 'slow finding', range: { start: 0, end: Math.min(1, ctx.document.text.length) } }];
      },
    };
  }

  it('stops with a time-budget note when the budget is spent', () => {
    const config = { ...defaultConfig(), timeBudgetMs: 1 };
    const text = 'x = 1\n'.repeat(5000);
    const result = analyze('big.py', text, config, [busyRule('secret/slow-a', 20), busyRule('secret/slow-b', 20), busyRule('secret/slow-c', 20)]);
    const budget = result.notes.filter((n) => n.kind === 'time-budget');
    expect(budget).toHaveLength(1);
    expect(budget[0].message).toMatch(/time budget/);
    // Work stopped: not every slow rule ran.
    expect(result.findings.filter((f) => f.ruleId.startsWith('secret/slow-')).length).toBeLessThan(3);
  });

  it('no note within budget', () => {
    const result = analyze('small.py', 'x = 1\n', defaultConfig(), [busyRule('secret/slow-a', 0)]);
    expect(result.notes.filter((n) => n.kind === 'time-budget')).toEqual([]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['secret/slow-a']);
  });
});

describe('a faulty rule affects only itself', () => {
  const throwing: Rule = {
    id: 'secret/throws',
    category: 'secret',
    severity: 'error',
    title: 'throws',
    appliesTo: ['text'],
    check: () => {
      throw new Error('boom '.repeat(100));
    },
  };
  const badRange: Rule = {
    id: 'secret/bad-range',
    category: 'secret',
    severity: 'error',
    title: 'bad range',
    appliesTo: ['text'],
    check: () => [
      { message: 'past the end', range: { start: 5, end: 10_000 } },
      { message: 'not a number', range: { start: Number.NaN, end: 3 } },
    ],
  };
  const fine: Rule = { ...badRange, id: 'secret/fine', check: () => [{ message: 'ok', range: { start: 0, end: 1 } }] };

  it('a throwing rule becomes a short internal-error note and the other rules still run', () => {
    const result = analyze('a.py', 'x = 1\n', defaultConfig(), [throwing, fine]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['secret/fine']);
    const notes = result.notes.filter((n) => n.kind === 'internal-error');
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain('secret/throws');
    expect(notes[0].message.length).toBeLessThanOrEqual(300);
  });

  it('ranges outside the text are clamped or dropped with a note', () => {
    const text = 'x = 1\n';
    const result = analyze('a.py', text, defaultConfig(), [badRange]);
    expect(result.findings.map((f) => f.range)).toEqual([{ start: 5, end: text.length }]);
    expect(result.notes.some((n) => n.kind === 'internal-error' && n.message.includes('invalid range'))).toBe(true);
  });
});

describe('fingerprints', () => {
  const marker: Rule = {
    id: 'secret/marker',
    category: 'secret',
    severity: 'warning',
    title: 'marker',
    appliesTo: ['text'],
    check: (ctx) => {
      const out = [];
      for (let i = ctx.document.text.indexOf('MARK'); i >= 0; i = ctx.document.text.indexOf('MARK', i + 1)) out.push({ message: 'm', range: { start: i, end: i + 4 } });
      return out;
    },
  };

  it('are unique within a file, even for lines that differ only in whitespace', () => {
    const result = analyze('a.py', 'x = "MARK"\nx  =  "MARK"\n\tx = "MARK"\nx = "MARK"\n', defaultConfig(), [marker]);
    expect(result.findings).toHaveLength(4);
    expect(new Set(result.findings.map((f) => f.fingerprint)).size).toBe(4);
  });

  it('survive lines moving and re-indentation', () => {
    const before = analyze('a.py', 'x = "MARK"\n', defaultConfig(), [marker]).findings[0].fingerprint;
    const after = analyze('a.py', '# a new comment\n\n    x =  "MARK"\n', defaultConfig(), [marker]).findings[0].fingerprint;
    expect(after).toBe(before);
  });
});
