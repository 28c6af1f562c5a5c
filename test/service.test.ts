/**
 * The language service without a connection: diagnostics, caching, code actions
 * and suppressions, driven by a throwaway rule so the plumbing is tested apart
 * from the real rules.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CreateFile, TextDocumentEdit } from 'vscode-languageserver';
import { initEngine } from '../server/src/engine/analyze';
import { defaultConfig, type Config } from '../server/src/engine/config';
import { mask } from '../server/src/engine/mask';
import type { Rule } from '../server/src/engine/rule';
import { LanguageService, type CodeActionSettings } from '../server/src/service/language-service';
import { createWorkspaceHost } from '../server/src/service/workspace-host';
import type { FileResult } from '../server/src/engine/workspace';

const TOKEN = 'tok_9f3k2m8q1x7z';

let checks = 0;
/** Flags "tok_…" literals; fix: read it from process.env and keep the value in .env.local. */
const demoRule: Rule = {
  id: 'test/demo-token',
  category: 'secret',
  severity: 'error',
  title: 'Demo token',
  appliesTo: ['text'],
  keywords: ['tok_'],
  check(ctx) {
    checks++;
    const out = [];
    for (const m of ctx.document.text.matchAll(/(["'])(tok_[a-z0-9]{12})\1/g)) {
      const start = m.index ?? 0;
      const range = { start, end: start + m[0].length };
      const envUri = ctx.workspaceRoot ? `${ctx.workspaceRoot}/.env.local` : undefined;
      const existing = envUri ? (ctx.readFile?.(envUri) ?? '') : '';
      out.push({
        message: `Hard-coded demo token ${mask(m[2])}.`,
        range,
        secret: m[2],
        fingerprintContext: m[2],
        fixes: envUri
          ? [
              {
                title: 'Read DEMO_TOKEN from the environment',
                kind: 'vault-reference' as const,
                preferred: true,
                edits: [
                  { uri: ctx.document.uri, range, newText: 'process.env.DEMO_TOKEN' },
                  { uri: envUri, range: { start: existing.length, end: existing.length }, newText: `DEMO_TOKEN=${m[2]}\n`, createIfMissing: true },
                ],
              },
            ]
          : [],
      });
    }
    return out;
  },
};

let root: string;
let rootUri: string;
const open = new Map<string, TextDocument>();
let service: LanguageService;
const config: Config = defaultConfig();
const settings = (over: Partial<CodeActionSettings> = {}): CodeActionSettings => ({
  config,
  trusted: true,
  capabilities: { documentChanges: true, createFiles: true },
  ...over,
});

function openDoc(name: string, text: string, languageId = 'plaintext', version = 1): TextDocument {
  const uri = name.includes(':') ? name : `${rootUri}/${name}`;
  const doc = TextDocument.create(uri, languageId, version, text);
  open.set(uri, doc);
  return doc;
}

function applyEdits(doc: TextDocument, action: CodeAction): string {
  const edits = (action.edit?.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === doc.uri);
  return TextDocument.applyEdits(doc, edits.flatMap((e) => e.edits.filter((x): x is { range: never; newText: string } => 'range' in x)));
}

beforeAll(async () => {
  await initEngine();
});

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-service-'));
  rootUri = pathToFileURL(root).href;
  open.clear();
  service = new LanguageService(createWorkspaceHost(open, () => [rootUri]), { rules: [demoRule], today: '2026-11-26' });
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('diagnostics', () => {
  it('turn findings into LSP diagnostics with rule id, docs link, severity and fix data', () => {
    const doc = openDoc('src/client.ts', `export const client = {\n  token: "${TOKEN}",\n};\n`);
    const [d, ...rest] = service.diagnostics(doc, config);
    expect(rest).toEqual([]);
    expect(d.code).toBe('test/demo-token');
    expect(d.codeDescription?.href).toMatch(/docs\/rules\/test\/demo-token\.md$/);
    expect(d.source).toBe('nhi');
    expect(d.severity).toBe(1);
    expect(d.range).toEqual({ start: { line: 1, character: 9 }, end: { line: 1, character: 9 + TOKEN.length + 2 } });
    expect(d.data).toMatchObject({ ruleId: 'test/demo-token', fingerprint: expect.any(String) });
    expect(JSON.stringify(d)).not.toContain(TOKEN);
  });

  it('are cached by document version and config', () => {
    const doc = openDoc('a.ts', `const t = "${TOKEN}";\n`);
    checks = 0;
    const first = service.diagnostics(doc, config);
    expect(service.diagnostics(doc, config)).toBe(first);
    expect(checks).toBe(1);
    const edited = TextDocument.update(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }], 2);
    const second = service.diagnostics(edited, config);
    expect(checks).toBe(2);
    expect(second[0].range.start.line).toBe(1);
    service.diagnostics(edited, { ...config });
    expect(checks).toBe(3);
  });

  it('report nothing when disabled and skip files over the size limit', () => {
    const doc = openDoc('a.ts', `const t = "${TOKEN}";\n`);
    expect(service.diagnostics(doc, { ...config, enable: false })).toEqual([]);
    expect(service.diagnostics(doc, { ...config, maxFileSizeKb: 0.01 })).toEqual([]);
  });

  it('show a file that does not parse as at most one information diagnostic', () => {
    // A manifest (its identities need the structure) broken mid-way.
    const doc = openDoc('deploy.yaml', `apiVersion: apps/v1\nkind: Deployment\nmetadata: [1, 2\nb: {c: "${TOKEN}"\n  - x: : :\n`);
    const diagnostics = service.diagnostics(doc, config);
    const notes = diagnostics.filter((d) => d.code === 'nhi/parse-error');
    expect(notes).toHaveLength(1);
    expect(notes[0].severity).toBe(3);
    expect(diagnostics.some((d) => d.code === 'test/demo-token')).toBe(true);
  });

  it('convert audited files using their computed positions', () => {
    const file: FileResult = {
      absolutePath: path.join(root, 'x.ts'),
      path: 'x.ts',
      uri: `${rootUri}/x.ts`,
      findings: [
        {
          ruleId: 'test/demo-token', message: 'm', range: { start: 10, end: 20 }, severity: 'warning', fingerprint: 'fp', fixes: [],
          start: { line: 3, character: 4 }, end: { line: 3, character: 14 },
        },
      ],
      notes: [{ kind: 'parse-error', message: 'Syntax error in typescript', start: { line: 7, character: 0 } }],
      identities: [],
    };
    const [finding, note] = service.auditDiagnostics(file);
    expect(finding).toMatchObject({ code: 'test/demo-token', severity: 2, range: { start: { line: 3, character: 4 }, end: { line: 3, character: 14 } } });
    expect(note).toMatchObject({ code: 'nhi/parse-error', severity: 3, range: { start: { line: 7, character: 0 } } });
  });
});

describe('code actions', () => {
  const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });

  it('offer the preferred fix linked to its diagnostic, creating .env.local when missing', () => {
    const doc = openDoc('src/client.ts', `export const client = {\n  token: "${TOKEN}",\n};\n`);
    const [diagnostic] = service.diagnostics(doc, config);
    const actions = service.codeActions(doc, { range: at(1, 12), diagnostics: [diagnostic] }, settings());
    const [fix, suppress] = actions;
    expect(actions).toHaveLength(2);
    expect(fix).toMatchObject({ title: 'Read DEMO_TOKEN from the environment', kind: 'quickfix', isPreferred: true, diagnostics: [diagnostic] });
    const changes = fix.edit?.documentChanges ?? [];
    expect(changes[0]).toEqual({
      textDocument: { uri: doc.uri, version: 1 },
      edits: [{ range: diagnostic.range, newText: 'process.env.DEMO_TOKEN' }],
    });
    expect(changes[1]).toEqual({ kind: 'create', uri: `${rootUri}/.env.local`, options: { ignoreIfExists: true } } satisfies CreateFile);
    expect(changes[2]).toEqual({
      textDocument: { uri: `${rootUri}/.env.local`, version: null },
      edits: [{ range: at(0, 0), newText: `DEMO_TOKEN=${TOKEN}\n` }],
    });
    expect(applyEdits(doc, fix)).toBe('export const client = {\n  token: process.env.DEMO_TOKEN,\n};\n');
    expect(suppress).toMatchObject({ kind: 'quickfix', isPreferred: false });
  });

  it('append to an existing .env.local, using its position on disk', () => {
    fs.writeFileSync(path.join(root, '.env.local'), 'A=1\nB=2\n');
    const doc = openDoc('a.ts', `const t = "${TOKEN}";\n`);
    const [fix] = service.codeActions(doc, { range: at(0, 14) }, settings());
    const changes = fix.edit?.documentChanges ?? [];
    expect(changes.map((c) => ('kind' in c ? c.kind : 'edit'))).toEqual(['edit', 'edit']);
    expect((changes[1] as TextDocumentEdit).edits[0]).toEqual({ range: at(2, 0), newText: `DEMO_TOKEN=${TOKEN}\n` });
  });

  it('use the open editor version of another file when it is open', () => {
    const env = openDoc('.env.local', 'X=1\n', 'dotenv', 7);
    const doc = openDoc('a.ts', `const t = "${TOKEN}";\n`);
    const [fix] = service.codeActions(doc, { range: at(0, 14) }, settings());
    expect(fix.edit?.documentChanges?.[1]).toMatchObject({ textDocument: { uri: env.uri, version: 7 }, edits: [{ range: at(1, 0) }] });
  });

  it('offer nothing outside findings, when untrusted, disabled, or when only other kinds are asked for', () => {
    const doc = openDoc('a.ts', `const a = 1;\nconst t = "${TOKEN}";\n`);
    expect(service.codeActions(doc, { range: at(0, 3) }, settings())).toEqual([]);
    expect(service.codeActions(doc, { range: at(1, 14) }, settings({ trusted: false }))).toEqual([]);
    expect(service.codeActions(doc, { range: at(1, 14) }, settings({ config: { ...config, enable: false } }))).toEqual([]);
    expect(service.codeActions(doc, { range: at(1, 14), only: ['source.organizeImports'] }, settings())).toEqual([]);
    expect(service.codeActions(doc, { range: at(1, 14), only: ['quickfix'] }, settings())).toHaveLength(2);
  });

  it('recompute from the server text and ignore what the client claims a diagnostic says', () => {
    const doc = openDoc('a.ts', `const t = "${TOKEN}";\n`);
    const forged = { range: at(0, 0), message: 'x', data: { ruleId: 'test/demo-token', fingerprint: 'forged' } };
    expect(service.codeActions(doc, { range: at(0, 0), diagnostics: [forged] }, settings())).toEqual([]);
  });

  it('fall back to `changes` for clients without documentChanges, and drop fixes they cannot apply', () => {
    fs.writeFileSync(path.join(root, '.env.local'), '');
    const doc = openDoc('a.ts', `const t = "${TOKEN}";\n`);
    const [fix] = service.codeActions(doc, { range: at(0, 14) }, settings({ capabilities: { documentChanges: false, createFiles: false } }));
    expect(Object.keys(fix.edit?.changes ?? {}).sort()).toEqual([doc.uri, `${rootUri}/.env.local`].sort());
    fs.rmSync(path.join(root, '.env.local'));
    const actions = service.codeActions(doc, { range: at(0, 14) }, settings({ capabilities: { documentChanges: true, createFiles: false } }));
    expect(actions.map((a) => a.isPreferred)).toEqual([false]); // only the suppression is left
  });

  it('never edit files outside the workspace', () => {
    const doc = openDoc(pathToFileURL(path.join(os.tmpdir(), 'elsewhere.ts')).href, `const t = "${TOKEN}";\n`, 'typescript');
    const outside: Rule = {
      ...demoRule,
      check: (ctx) =>
        demoRule.check({ ...ctx, workspaceRoot: pathToFileURL(os.tmpdir()).href }),
    };
    const s = new LanguageService(createWorkspaceHost(open, () => [rootUri]), { rules: [outside] });
    expect(s.codeActions(doc, { range: at(0, 14) }, settings()).filter((a) => a.isPreferred)).toEqual([]);
  });
});

describe('fixes are built only for code actions', () => {
  it('diagnostics never call a rule\'s fix builder; code actions do', () => {
    let built = 0;
    const lazy: Rule = {
      ...demoRule,
      id: 'test/lazy-fix',
      check: (ctx) =>
        demoRule.check(ctx).map((d) => ({
          ...d,
          fixes: () => {
            built++;
            return d.fixes as never;
          },
        })),
    };
    const s = new LanguageService(createWorkspaceHost(open, () => [rootUri]), { rules: [lazy] });
    const doc = openDoc('src/lazy.ts', `export const token = "${TOKEN}";\n`);
    expect(s.diagnostics(doc, config).map((d) => d.code)).toEqual(['test/lazy-fix']);
    expect(built).toBe(0);
    const actions = s.codeActions(doc, { range: { start: { line: 0, character: 23 }, end: { line: 0, character: 23 } } }, settings());
    expect(built).toBeGreaterThan(0);
    expect(actions.some((a) => a.title === 'Read DEMO_TOKEN from the environment')).toBe(true);
  });
});

describe('suppress action', () => {
  const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });
  const suppressOf = (doc: TextDocument, line: number, character: number) =>
    service.codeActions(doc, { range: at(line, character) }, settings()).find((a) => a.title.startsWith('Suppress'));

  it('adds an indented nhi-ignore comment above the line, which then suppresses the finding', () => {
    const doc = openDoc('src/client.ts', `export const client = {\n  token: "${TOKEN}",\n};\n`);
    const action = suppressOf(doc, 1, 12);
    const text = applyEdits(doc, action!);
    expect(text).toBe(`export const client = {\n  // nhi-ignore test/demo-token reason=""\n  token: "${TOKEN}",\n};\n`);
    const after = TextDocument.create(doc.uri, 'typescript', 2, text);
    expect(service.diagnostics(after, config)).toEqual([]);
  });

  it('uses # in YAML, Python, shell, Terraform and dotenv; nothing in JSON', () => {
    for (const [name, text, line] of [
      ['deploy.yaml', `env:\n  TOKEN: "${TOKEN}"\n`, 1],
      ['app.py', `TOKEN = "${TOKEN}"\n`, 0],
      ['run.sh', `export TOKEN="${TOKEN}"\n`, 0],
      ['main.tf', `locals {\n  token = "${TOKEN}"\n}\n`, 1],
      ['.env', `TOKEN="${TOKEN}"\n`, 0],
    ] as const) {
      const doc = openDoc(name, text);
      const action = suppressOf(doc, line, text.split('\n')[line].indexOf('tok_'));
      expect(applyEdits(doc, action!).split('\n')[line].trim(), name).toBe('# nhi-ignore test/demo-token reason=""');
    }
    const json = openDoc('config.json', `{ "token": "${TOKEN}" }\n`);
    expect(suppressOf(json, 0, 15)).toBeUndefined();
  });

  it('uses the comment syntax of an untitled document’s language', () => {
    const doc = openDoc('untitled:Untitled-1', `const t = "${TOKEN}";\n`, 'typescript');
    expect(applyEdits(doc, suppressOf(doc, 0, 14)!)).toMatch(/^\/\/ nhi-ignore test\/demo-token/);
  });

  it('adds the rule to an nhi-ignore comment already on the line above', () => {
    const doc = openDoc('a.py', `# nhi-ignore secret/other reason="rotated"\nTOKEN = "${TOKEN}"\n`);
    expect(applyEdits(doc, suppressOf(doc, 1, 12)!)).toBe(`# nhi-ignore secret/other,test/demo-token reason="rotated"\nTOKEN = "${TOKEN}"\n`);
  });

  it('is not offered where a comment line would change the data (strings, block scalars)', () => {
    const cases = [
      [openDoc('a.py', `DOC = """\nfirst\n"${TOKEN}"\n"""\n`), 2, 3],
      [openDoc('b.yaml', `script: |\n  echo start\n  curl -H "${TOKEN}"\n`), 2, 14],
      [openDoc('c.ts', `const s = \`\nline\n"${TOKEN}"\n\`;\n`), 2, 3],
    ] as const;
    for (const [doc, line, character] of cases) {
      const titles = service.codeActions(doc, { range: at(line, character) }, settings()).map((a) => a.title);
      expect(titles, doc.uri).toEqual(['Read DEMO_TOKEN from the environment']);
    }
  });
});
