/**
 * The "move secret to .env.local" quick fix and fix validation: exact edits,
 * env file and .gitignore handling, name collisions, idempotence, and that a
 * fix is only offered when it parses and removes the finding.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeText, initEngine, type AnalyzeOptions } from '../server/src/engine/analyze';
import { defaultConfig, type Config } from '../server/src/engine/config';
import type { Finding, Fix, TextEdit } from '../server/src/engine/model';
import type { Rule } from '../server/src/engine/rule';
import { envNameFor, toScreamingSnake } from '../server/src/engine/fixes/env-name';
import { dotenvLine, workspaceUri } from '../server/src/engine/fixes/env-file';
import { applyEdits, mapRange } from '../server/src/engine/fixes/validate';
import { awsAccessKeyId } from '../rules/secret/aws-access-key-id';

const ROOT = 'file:///ws';
const ENV = `${ROOT}/.env.local`;
const GITIGNORE = `${ROOT}/.gitignore`;
const KEY = 'AKIAI4JN6GT7KS6KF7FB';
const SECRET = '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';
const OTHER_KEY = 'AKIAN5FBT7ZBHUQNOXIB';

beforeAll(async () => {
  await initEngine();
});

/** A workspace in memory: uri → text. */
type Files = Map<string, string>;

function analyze(path: string, text: string, files: Files = new Map(), extra: Partial<AnalyzeOptions> = {}): Finding[] {
  return analyzeText(
    { uri: `${ROOT}/${path}`, path, text },
    { config: defaultConfig(), rules: [awsAccessKeyId], workspaceRoot: ROOT, readFile: (uri) => files.get(uri), ...extra },
  ).findings;
}

function preferred(f: Finding | undefined): Fix {
  const fix = f?.fixes.find((x) => x.preferred);
  if (!fix) throw new Error('no preferred fix');
  return fix;
}

function editsFor(fix: Fix, uri: string): TextEdit[] {
  return fix.edits.filter((e) => e.uri === uri);
}

/** Applies a fix to the in-memory workspace the way an editor would (creating files when allowed). */
function applyFix(fix: Fix, files: Files): void {
  const byUri = new Map<string, TextEdit[]>();
  for (const e of fix.edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
  for (const [uri, edits] of byUri) {
    const current = files.get(uri);
    if (current === undefined && !edits.every((e) => e.createIfMissing)) throw new Error(`edit to missing file ${uri}`);
    files.set(uri, applyEdits(current ?? '', edits));
  }
}

describe('TypeScript and JavaScript', () => {
  const ts = ['export const creds = {', `  accessKeyId: "${KEY}",`, `  secretAccessKey: '${SECRET}',`, '};', ''].join('\n');

  it('replaces the literal with process.env.NAME ?? "" and creates .env.local and .gitignore', () => {
    const [id, secret] = analyze('src/creds.ts', ts);
    const fix = preferred(id);
    expect(fix.kind).toBe('vault-reference');
    expect(fix.title).toBe('Move the AWS access key id to .env.local and read process.env.AWS_ACCESS_KEY_ID ?? ""');
    expect(applyEdits(ts, editsFor(fix, `${ROOT}/src/creds.ts`))).toBe(ts.replace(`"${KEY}"`, 'process.env.AWS_ACCESS_KEY_ID ?? ""'));
    expect(editsFor(fix, ENV)).toEqual([{ uri: ENV, range: { start: 0, end: 0 }, newText: `AWS_ACCESS_KEY_ID=${KEY}\n`, createIfMissing: true }]);
    expect(editsFor(fix, GITIGNORE)).toEqual([{ uri: GITIGNORE, range: { start: 0, end: 0 }, newText: '.env.local\n', createIfMissing: true }]);
    // The quote style of the original literal is kept.
    expect(applyEdits(ts, editsFor(preferred(secret), `${ROOT}/src/creds.ts`))).toBe(ts.replace(`'${SECRET}'`, "process.env.AWS_SECRET_ACCESS_KEY ?? ''"));
  });

  it('uses a plain process.env reference in JavaScript', () => {
    const js = `const uploaderKeyId = "${KEY}";\nmodule.exports = { uploaderKeyId };\n`;
    const fix = preferred(analyze('upload.js', js)[0]);
    expect(applyEdits(js, editsFor(fix, `${ROOT}/upload.js`))).toBe('const uploaderKeyId = process.env.UPLOADER_KEY_ID;\nmodule.exports = { uploaderKeyId };\n');
    expect(editsFor(fix, ENV)[0].newText).toBe(`UPLOADER_KEY_ID=${KEY}\n`);
  });

  it('adds parentheses or JSX braces where the expression needs them', () => {
    const concat = `const header = "${KEY}" + suffix;\n`;
    expect(applyEdits(concat, editsFor(preferred(analyze('a.ts', concat)[0]), `${ROOT}/a.ts`))).toBe('const header = (process.env.AWS_ACCESS_KEY_ID ?? "") + suffix;\n');
    const jsx = `export const W = () => <Uploader accessKeyId="${KEY}" />;\n`;
    expect(applyEdits(jsx, editsFor(preferred(analyze('w.tsx', jsx)[0]), `${ROOT}/w.tsx`))).toBe(
      'export const W = () => <Uploader accessKeyId={process.env.AWS_ACCESS_KEY_ID ?? ""} />;\n',
    );
  });

  it('offers no fix where an expression is not allowed, or the literal holds more than the key', () => {
    expect(analyze('e.ts', `enum Keys { Upload = "${KEY}" }\n`)[0].fixes).toEqual([]);
    expect(analyze('e.ts', `const url = "https://x.example/?id=${KEY}";\n`)[0].fixes).toEqual([]);
    expect(analyze('e.yaml', `key: ${KEY}\n`)[0].fixes).toEqual([]);
  });
});

describe('Python', () => {
  it('adds import os after the docstring and __future__ imports, before the first import', () => {
    const py = ['"""Backups."""', 'from __future__ import annotations', '', 'import boto3', '', `dr_key_id = "${KEY}"`, ''].join('\n');
    const fix = preferred(analyze('backup.py', py)[0]);
    expect(applyEdits(py, editsFor(fix, `${ROOT}/backup.py`))).toBe(
      ['"""Backups."""', 'from __future__ import annotations', '', 'import os', 'import boto3', '', 'dr_key_id = os.environ["DR_KEY_ID"]', ''].join('\n'),
    );
  });

  it('reuses an existing import os, and separates a new one from code with a blank line', () => {
    const withOs = `import os, sys\nKEY = '${KEY}'\n`;
    expect(applyEdits(withOs, editsFor(preferred(analyze('a.py', withOs)[0]), `${ROOT}/a.py`))).toBe("import os, sys\nKEY = os.environ['AWS_ACCESS_KEY_ID']\n");
    const dotted = `import os.path\nKEY = "${KEY}"\n`;
    expect(applyEdits(dotted, editsFor(preferred(analyze('d.py', dotted)[0]), `${ROOT}/d.py`))).toBe('import os.path\nKEY = os.environ["AWS_ACCESS_KEY_ID"]\n');
    const aliased = `import os as operating_system\nKEY = "${KEY}"\n`;
    expect(applyEdits(aliased, editsFor(preferred(analyze('e.py', aliased)[0]), `${ROOT}/e.py`))).toBe(
      'import os\nimport os as operating_system\nKEY = os.environ["AWS_ACCESS_KEY_ID"]\n',
    );
    const bare = `# settings\nregion = "eu-west-1"\naccess_key_id = "${KEY}"\n`;
    expect(applyEdits(bare, editsFor(preferred(analyze('b.py', bare)[0]), `${ROOT}/b.py`))).toBe(
      '# settings\nimport os\n\nregion = "eu-west-1"\naccess_key_id = os.environ["AWS_ACCESS_KEY_ID"]\n',
    );
    const only = `KEY = "${KEY}"\n`;
    expect(applyEdits(only, editsFor(preferred(analyze('c.py', only)[0]), `${ROOT}/c.py`))).toBe('import os\n\nKEY = os.environ["AWS_ACCESS_KEY_ID"]\n');
  });

  it('fixes key id and secret together without importing twice', () => {
    const py = `import boto3\ns = boto3.Session(aws_access_key_id="${KEY}", aws_secret_access_key="${SECRET}")\n`;
    const findings = analyze('s.py', py);
    const edits = findings.flatMap((f) => editsFor(preferred(f), `${ROOT}/s.py`));
    // Identical import edits collapse the way the fixture driver and editors apply them (overlaps dropped).
    const unique = edits.filter((e, i) => edits.findIndex((o) => o.range.start === e.range.start && o.range.end === e.range.end && o.newText === e.newText) === i);
    expect(applyEdits(py, unique)).toBe(
      'import os\nimport boto3\ns = boto3.Session(aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"], aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])\n',
    );
  });

  it('leaves bytes literals alone', () => {
    expect(analyze('b.py', `KEY = b"${KEY}"\n`)[0].fixes).toEqual([]);
  });
});

describe('env file', () => {
  const ts = `export const accessKeyId = "${KEY}";\n`;

  it('appends to an existing file, adding the missing line break', () => {
    const files: Files = new Map([[ENV, 'DB_HOST=localhost'], [GITIGNORE, 'node_modules/\n.env*\n']]);
    const fix = preferred(analyze('a.ts', ts, files)[0]);
    expect(editsFor(fix, ENV)).toEqual([{ uri: ENV, range: { start: 17, end: 17 }, newText: `\nAWS_ACCESS_KEY_ID=${KEY}\n` }]);
    expect(editsFor(fix, GITIGNORE)).toEqual([]);
  });

  it('never overwrites a variable with a different value: NAME_2, NAME_3 …', () => {
    const files: Files = new Map([[ENV, `AWS_ACCESS_KEY_ID=${OTHER_KEY}\nAWS_ACCESS_KEY_ID_2=other\n`]]);
    const fix = preferred(analyze('a.ts', ts, files)[0]);
    expect(applyEdits(ts, editsFor(fix, `${ROOT}/a.ts`))).toBe('export const accessKeyId = process.env.AWS_ACCESS_KEY_ID_3 ?? "";\n');
    expect(editsFor(fix, ENV)[0].newText).toBe(`AWS_ACCESS_KEY_ID_3=${KEY}\n`);
  });

  it('does not append a value that is already there', () => {
    const files: Files = new Map([[ENV, `# local\nexport AWS_ACCESS_KEY_ID="${KEY}"\n`], [GITIGNORE, '.env.local\n']]);
    const fix = preferred(analyze('a.ts', ts, files)[0]);
    expect(fix.edits.map((e) => e.uri)).toEqual([`${ROOT}/a.ts`]);
    expect(applyEdits(ts, fix.edits)).toBe('export const accessKeyId = process.env.AWS_ACCESS_KEY_ID ?? "";\n');
  });

  it.each([
    ['.env*\n', false],
    ['*.local\n', false],
    ['/.env.local\n', false],
    ['.env.*\n', false],
    ['node_modules/\n', true],
    ['.env.local\n!.env.local\n', true],
    ['.env\n', true],
  ])('.gitignore %j needs a new line: %s', (content, needsLine) => {
    const files: Files = new Map([[GITIGNORE, content]]);
    const edits = editsFor(preferred(analyze('a.ts', ts, files)[0]), GITIGNORE);
    expect(edits).toEqual(needsLine ? [{ uri: GITIGNORE, range: { start: content.length, end: content.length }, newText: '.env.local\n' }] : []);
  });

  it('uses the configured env file, and refuses one outside the workspace', () => {
    const config: Config = { ...defaultConfig(), envFile: 'config/secrets.env' };
    const fix = preferred(analyze('a.ts', ts, new Map(), { config })[0]);
    expect(fix.edits.map((e) => e.uri)).toEqual([`${ROOT}/a.ts`, `${ROOT}/config/secrets.env`, GITIGNORE]);
    expect(editsFor(fix, GITIGNORE)[0].newText).toBe('config/secrets.env\n');
    for (const envFile of ['../outside.env', '/etc/app.env', 'C:\\secrets.env', 'a/../../b.env']) {
      expect(analyze('a.ts', ts, new Map(), { config: { ...defaultConfig(), envFile } })[0].fixes, envFile).toEqual([]);
    }
  });

  it('offers no fix without a workspace root', () => {
    const findings = analyzeText({ uri: 'untitled:Untitled-1', path: 'Untitled-1.ts', text: ts }, { config: defaultConfig(), rules: [awsAccessKeyId] }).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0].fixes).toEqual([]);
  });
});

describe('idempotence', () => {
  it('after applying the fixes the file parses, nothing is reported and nothing is left to fix', () => {
    const path = 'src/creds.ts';
    const uri = `${ROOT}/${path}`;
    const files: Files = new Map([[uri, ['export const creds = {', `  accessKeyId: "${KEY}",`, `  secretAccessKey: "${SECRET}",`, '};', ''].join('\n')]]);
    for (let round = 0; round < 4; round++) {
      const result = analyzeText({ uri, path, text: files.get(uri)! }, { config: defaultConfig(), rules: [awsAccessKeyId], workspaceRoot: ROOT, readFile: (u) => files.get(u) });
      const fix = result.findings[0]?.fixes.find((x) => x.preferred);
      if (!fix) break;
      applyFix(fix, files);
    }
    const final = analyzeText({ uri, path, text: files.get(uri)! }, { config: defaultConfig(), rules: [awsAccessKeyId], workspaceRoot: ROOT, readFile: (u) => files.get(u) });
    expect(final.findings).toEqual([]);
    expect(final.notes).toEqual([]);
    expect(files.get(uri)).toBe('export const creds = {\n  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",\n  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "",\n};\n');
    expect(files.get(ENV)).toBe(`AWS_ACCESS_KEY_ID=${KEY}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`);
    expect(files.get(GITIGNORE)).toBe('.env.local\n');
  });

  it('Python: the edited module re-parses without errors', () => {
    const path = 'job.py';
    const uri = `${ROOT}/${path}`;
    const files: Files = new Map([[uri, `"""Job."""\nimport boto3\nKEY = "${KEY}"\nSECRET_ACCESS_KEY = "${SECRET}"\n`]]);
    for (let round = 0; round < 4; round++) {
      const found = analyze(path, files.get(uri)!, files);
      const fix = found[0]?.fixes.find((x) => x.preferred);
      if (!fix) break;
      applyFix(fix, files);
    }
    const final = analyzeText({ uri, path, text: files.get(uri)! }, { config: defaultConfig(), rules: [awsAccessKeyId], workspaceRoot: ROOT, readFile: (u) => files.get(u) });
    expect(final.findings).toEqual([]);
    expect(final.notes).toEqual([]);
    expect(files.get(uri)).toBe('"""Job."""\nimport os\nimport boto3\nKEY = os.environ["AWS_ACCESS_KEY_ID"]\nSECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]\n');
  });

  it('keeps fixes for the same key written twice in one file', () => {
    const ts = `const a = "${KEY}";\nconst b = "${KEY}";\n`;
    const findings = analyze('twice.ts', ts);
    expect(findings).toHaveLength(2);
    expect(findings.every((f) => f.fixes.length === 1)).toBe(true);
  });
});

describe('fix validation', () => {
  // A toy rule: flags the word FORBIDDEN and proposes fixes of varying quality.
  const toyRule: Rule = {
    id: 'secret/toy',
    category: 'secret',
    severity: 'warning',
    title: 'toy',
    appliesTo: ['text'],
    check(ctx) {
      const start = ctx.document.text.indexOf('FORBIDDEN');
      if (start < 0) return [];
      const range = { start, end: start + 9 };
      const uri = ctx.document.uri;
      const fix = (title: string, newText: string, where = range): Fix => ({ title, kind: 'vault-reference', edits: [{ uri, range: where, newText }] });
      return [
        {
          message: 'forbidden word',
          range,
          fixes: [
            fix('good', 'allowed'),
            fix('breaks the syntax', 'allowed"'),
            fix('leaves the finding', 'FORBIDDEN'),
            fix('moves the finding', 'allowed; const y = "FORBIDDEN"'),
            { title: 'other file only', kind: 'vault-reference', edits: [{ uri: `${ROOT}/other.txt`, range: { start: 0, end: 0 }, newText: 'x' }] },
          ],
        },
      ];
    },
  };

  it('keeps only fixes that parse and remove the finding', () => {
    const text = 'const x = "FORBIDDEN";\n';
    const [f] = analyzeText({ uri: `${ROOT}/t.ts`, path: 't.ts', text }, { config: defaultConfig(), rules: [toyRule], workspaceRoot: ROOT }).findings;
    expect(f.fixes.map((x) => x.title)).toEqual(['good']);
  });

  it('can be switched off', () => {
    const text = 'const x = "FORBIDDEN";\n';
    const [f] = analyzeText({ uri: `${ROOT}/t.ts`, path: 't.ts', text }, { config: defaultConfig(), rules: [toyRule], validateFixes: false }).findings;
    expect(f.fixes).toHaveLength(5);
  });

  describe('time budget', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('stops validating (and offering) fixes once the file has used its time budget', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      // Every analysis of this rule "takes" one second of fake time.
      const slowRule: Rule = {
        ...toyRule,
        check(ctx) {
          vi.setSystemTime(Date.now() + 1000);
          const out = [];
          for (let i = ctx.document.text.indexOf('FORBIDDEN'); i >= 0; i = ctx.document.text.indexOf('FORBIDDEN', i + 1)) {
            const range = { start: i, end: i + 9 };
            out.push({ message: 'forbidden', range, fingerprintContext: String(i), fixes: [{ title: 'good', kind: 'vault-reference' as const, edits: [{ uri: ctx.document.uri, range, newText: 'allowed' }] }] });
          }
          return out;
        },
      };
      const text = 'a = "FORBIDDEN"\nb = "FORBIDDEN"\nc = "FORBIDDEN"\nd = "FORBIDDEN"\n';
      const config = { ...defaultConfig(), timeBudgetMs: 100_000 };
      const all = analyzeText({ uri: `${ROOT}/t.py`, path: 't.py', text }, { config, rules: [slowRule] }).findings;
      expect(all.map((f) => f.fixes.length)).toEqual([1, 1, 1, 1]);
      // Validations share the file's budget: the analysis took 1 s, so two validations fit in 2.5 s.
      const tight = analyzeText({ uri: `${ROOT}/t.py`, path: 't.py', text }, { config: { ...config, timeBudgetMs: 2500 }, rules: [slowRule] }).findings;
      expect(tight).toHaveLength(4);
      expect(tight.map((f) => f.fixes.length)).toEqual([1, 1, 0, 0]);
    });
  });

  it('maps ranges through edits', () => {
    const edits: TextEdit[] = [
      { uri: 'u', range: { start: 0, end: 0 }, newText: 'import os\n' },
      { uri: 'u', range: { start: 20, end: 30 }, newText: 'xy' },
    ];
    expect(mapRange({ start: 20, end: 30 }, edits)).toEqual({ start: 30, end: 32 });
    expect(mapRange({ start: 40, end: 45 }, edits)).toEqual({ start: 42, end: 47 });
    expect(mapRange({ start: 5, end: 6 }, edits)).toEqual({ start: 15, end: 16 });
  });
});

describe('names', () => {
  it('converts names to SCREAMING_SNAKE_CASE', () => {
    expect(toScreamingSnake('awsAccessKeyId')).toBe('AWS_ACCESS_KEY_ID');
    expect(toScreamingSnake('AWSSecretKey')).toBe('AWS_SECRET_KEY');
    expect(toScreamingSnake('api-key')).toBe('API_KEY');
    expect(toScreamingSnake('db.password')).toBe('DB_PASSWORD');
    expect(toScreamingSnake('s3Bucket2Key')).toBe('S3_BUCKET2_KEY');
    expect(toScreamingSnake('ALREADY_SNAKE')).toBe('ALREADY_SNAKE');
  });

  it('falls back to the provider name for missing, generic or prefix-less keys', () => {
    expect(envNameFor('uploaderKeyId', 'AWS_ACCESS_KEY_ID')).toBe('UPLOADER_KEY_ID');
    expect(envNameFor('accessKeyId', 'AWS_ACCESS_KEY_ID')).toBe('AWS_ACCESS_KEY_ID');
    expect(envNameFor('secretAccessKey', 'AWS_SECRET_ACCESS_KEY')).toBe('AWS_SECRET_ACCESS_KEY');
    expect(envNameFor(undefined, 'AWS_ACCESS_KEY_ID')).toBe('AWS_ACCESS_KEY_ID');
    expect(envNameFor('value', 'AWS_ACCESS_KEY_ID')).toBe('AWS_ACCESS_KEY_ID');
    expect(envNameFor('1st', 'AWS_ACCESS_KEY_ID')).toBe('AWS_ACCESS_KEY_ID');
  });

  it('writes dotenv lines that read back as the same value', () => {
    expect(dotenvLine('A', 'abc/+=')).toBe('A=abc/+=');
    expect(dotenvLine('A', 'has space #x')).toBe("A='has space #x'");
    expect(dotenvLine('A', `it's "quoted"\n`)).toBe('A="it\'s \\"quoted\\"\\n"');
  });

  it('builds workspace URIs only inside the root', () => {
    expect(workspaceUri('file:///ws/', '.env.local')).toBe('file:///ws/.env.local');
    expect(workspaceUri('file:///ws', './config/my secrets.env')).toBe('file:///ws/config/my%20secrets.env');
    expect(workspaceUri('file:///ws', '../x')).toBeUndefined();
    expect(workspaceUri('file:///ws', '')).toBeUndefined();
  });
});
