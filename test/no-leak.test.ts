/**
 * Masking acceptance test (standing rule 1): no fixture secret appears, in full
 * or in a telling part, in anything the built tools emit.
 *
 * The secrets are not listed by hand: the engine analyses every fixture file and
 * each `secret/*` finding contributes the value its range covers (see
 * support/secrets.ts). Then
 * - the built CLI audits every fixture folder that holds one, in every format, to
 *   stdout and with --output, piped (no TTY), with NO_COLOR=1, with forced colour
 *   and suppressed findings, and on a pseudo-terminal; stdout, stderr and the
 *   report file are searched;
 * - one built language server opens every fixture file: pulled and pushed
 *   diagnostics (messages, related information), code actions for every
 *   diagnostic (titles, edits except the one to the local env file, which is where
 *   the value is meant to go), the workspace audit's published diagnostics, its
 *   stderr, log messages and verbose traces are searched.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type FullDocumentDiagnosticReport,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { defaultConfig } from '../server/src/engine/config';
import { mask } from '../server/src/engine/mask';
import { escapeHtml } from '../server/src/cli/reporters/html';
import {
  collectFixtureSecrets,
  describeLeaks,
  filesUnder,
  findLeaks,
  fixtureFolders,
  leakWindow,
  PUBLIC_PREFIXES,
  publicPrefixOf,
  readFixtureText,
  ROOT,
  type SecretCollection,
} from './support/secrets';
import { prepareBuiltTools, type BuiltTools } from './support/built-tools';
import { PUSH_CAPABILITIES, startLspClient, type TestLspClient } from './support/lsp-client';

const FOLDERS = fixtureFolders();
const rel = (p: string): string => path.relative(ROOT, p).split(path.sep).join('/') || '.';

let collection: SecretCollection;
/** Private copy of the built bundles, so a rebuild by a concurrent test run cannot swap them mid-test. */
let tools: BuiltTools;

/** Asserts that none of the collected secrets appears in `text`, fully or partly. */
function expectNoLeak(where: string, text: string): void {
  const leaks = findLeaks(text, collection.values);
  expect(leaks, describeLeaks(where, leaks)).toEqual([]);
}

beforeAll(async () => {
  collection = await collectFixtureSecrets(FOLDERS);
  tools = await prepareBuiltTools('nhi-noleak-');
}, 180_000);

afterAll(() => tools?.dispose());

// ---------------------------------------------------------------------------

describe('fixture secrets', () => {
  it('are collected from the fixtures by the engine: AKIA key ids and 40-character secret access keys among them', () => {
    expect(collection.files.length).toBeGreaterThan(20);
    expect(collection.values.length).toBeGreaterThanOrEqual(10);
    expect(collection.values.some((v) => /^AKIA[A-Z2-7]{16}$/.test(v))).toBe(true);
    expect(collection.values.some((v) => /^[A-Za-z0-9/+]{40}$/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v))).toBe(true);
    // Each of the three fixture families contributes (rule fixtures, the example, the CLI workspaces).
    for (const family of ['rules/', 'examples/', 'test/fixtures/']) {
      expect(collection.secrets.some((s) => s.file.startsWith(family)), family).toBe(true);
    }
    // Every value really is in its file, starting on the line the finding says (a PEM block spans several).
    for (const s of collection.secrets) {
      const text = fs.readFileSync(path.join(ROOT, s.file), 'utf8');
      const lines = text.split('\n');
      const from = lines.slice(0, s.line - 1).join('\n').length;
      expect(text.indexOf(s.value, from), `${s.file}:${s.line}`).toBeGreaterThanOrEqual(0);
      expect(text.slice(0, text.indexOf(s.value, from)).split('\n').length, `${s.file}:${s.line}`).toBe(s.line);
    }
  });

  it("are what the secret rules' ranges cover, exactly (nothing had to be narrowed)", () => {
    // A wider range (the whole literal with quotes, or the whole line) would be narrowed by
    // the collector; listing it here makes the narrowing visible instead of silent.
    // Shown masked (rule, file, line, masked covered text, masked value) when it fails.
    expect(collection.widerRanges).toEqual([]);
    expect(collection.secrets.filter((s) => s.ruleId.startsWith('secret/')).length).toBeGreaterThan(0);
  });

  it('leak detection: catches full and partial copies, not masked forms or rule ids', () => {
    for (const secret of collection.values) {
      const masked = mask(secret);
      expect(findLeaks(`x ${masked} secret/aws-access-key-id ${publicPrefixOf(secret)} y`, [secret])).toEqual([]);
      expect(findLeaks(`value=${secret};`, [secret])).toMatchObject([{ kind: 'full' }]);
      // Any window of the leak length that goes beyond the public prefix is caught, at both ends.
      const size = leakWindow(secret);
      expect(findLeaks(`"${secret.slice(0, size)}"`, [secret]).length, masked).toBe(1);
      expect(findLeaks(`"${secret.slice(-size)}"`, [secret]).length, masked).toBe(1);
      // One character less than the window, away from the prefix, is tolerated (that is the calibration).
      expect(findLeaks(`"${secret.slice(-(size - 1))}"`, [secret])).toEqual([]);
      // mask() shows no more than the public prefix (or 4 characters) before the ellipsis, and 4 after.
      const [head, tail] = masked.split('…');
      expect(head.length <= 4 || head === publicPrefixOf(secret), masked).toBe(true);
      expect(tail.length).toBeLessThanOrEqual(4);
      expect(Math.max(head.length - publicPrefixOf(secret).length, tail.length)).toBeLessThan(size);
    }
    // Run on the fixture files themselves, it finds every secret (in full).
    for (const s of collection.secrets) {
      expect(findLeaks(fs.readFileSync(path.join(ROOT, s.file), 'utf8'), [s.value]), `${s.file}:${s.line}`).toMatchObject([{ kind: 'full' }]);
    }
    // The detector's list of public prefixes never claims more than mask() shows.
    for (const prefix of PUBLIC_PREFIXES) expect(mask(`${prefix}Q7x9Kp2mZr4vB8nWq3`)).toMatch(new RegExp(`^${prefix.replace(/[-_]/g, '\\$&')}…`));
  });
});

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

interface CliRun {
  label: string;
  code: number;
  stdout: string;
  stderr: string;
  file?: string;
}

function runCli(args: string[], env: Record<string, string | undefined>, label: string, outputFile?: string): Promise<CliRun> {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, NHI_GRAMMAR_DIR: undefined, ...env };
  for (const k of Object.keys(fullEnv)) if (fullEnv[k] === undefined) delete fullEnv[k];
  return new Promise((resolve) => {
    execFile(process.execPath, [tools.bin, ...args], { cwd: ROOT, env: fullEnv, timeout: 150_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      const file = outputFile && fs.existsSync(outputFile) ? fs.readFileSync(outputFile, 'utf8') : undefined;
      resolve({ label, code, stdout, stderr, file });
    });
  });
}

/** Runs the audit on a pseudo-terminal (util-linux `script`), where colour and progress are on by default. */
function runCliOnTty(folders: string[]): Promise<CliRun> {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, tools.bin, 'audit', ...folders, '--format', 'text', '--fail-on', 'off'].map(quote).join(' ');
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return new Promise((resolve) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env, timeout: 150_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ label: 'text on a pseudo-terminal', code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

/** The folders that hold at least one collected secret (auditing the others cannot leak one). */
function foldersWithSecrets(): string[] {
  return FOLDERS.filter((folder) => collection.secrets.some((s) => path.join(ROOT, s.file).startsWith(folder + path.sep)));
}

/** Checks one CLI run: expected exit code, and no secret in stdout (raw and without ANSI codes), stderr or the report file. */
function expectCleanRun(run: CliRun, expectedCode = 1): void {
  expect(run.code, `${run.label}: exit code\n${run.stderr}`).toBe(expectedCode);
  expectNoLeak(`${run.label}: stdout`, run.stdout);
  expectNoLeak(`${run.label}: stdout without ANSI codes`, run.stdout.replace(ANSI, ''));
  expectNoLeak(`${run.label}: stderr`, run.stderr);
  if (run.file !== undefined) expectNoLeak(`${run.label}: report file`, run.file);
}

/**
 * One audit over every fixture folder that holds a collected secret (the CLI reads
 * nothing outside the paths it is given, so the other folders cannot leak one).
 * One invocation with several paths rather than one per folder: each run spends
 * most of its time compiling the tree-sitter grammars, and the machine is shared.
 */
describe('nhi audit (built CLI) never prints a fixture secret', () => {
  let folders: string[];
  let out: string;
  const reports = new Map<string, string>();

  beforeAll(() => {
    folders = foldersWithSecrets();
    out = fs.mkdtempSync(path.join(tools.dir, 'out-'));
  });

  it('audits every folder that holds a fixture secret', () => {
    expect(folders.map(rel)).toEqual(expect.arrayContaining(['examples/kestrel-lite', 'test/fixtures/workspaces/leaky']));
    expect(folders.some((f) => rel(f).startsWith('rules/'))).toBe(true);
  });

  it.each(['text', 'json', 'sarif', 'html'])('%s: to stdout (piped: no TTY, NO_COLOR unset) and with --output (NO_COLOR=1, suppressed findings included)', async (format) => {
    const file = path.join(out, `report.${format}`);
    const [piped, toFile] = await Promise.all([
      runCli(['audit', ...folders, '--format', format], {}, `${format} to stdout, piped`),
      runCli(['audit', ...folders, '--format', format, '--output', file, '--include-suppressed', '--fail-on', 'info'], { NO_COLOR: '1' }, `${format} --output, NO_COLOR=1`, file),
    ]);
    expectCleanRun(piped);
    expectCleanRun(toFile);
    expect(toFile.file, 'report file written').toBeDefined();
    expect(toFile.file!.length).toBeGreaterThan(100);
    reports.set(format, piped.stdout);
    reports.set(`${format} file`, toFile.file!);
  }, 120_000);

  it('reports every secret, masked, in every format (so the checks above were not vacuous)', () => {
    expect([...reports.keys()].sort()).toEqual(['html', 'html file', 'json', 'json file', 'sarif', 'sarif file', 'text', 'text file']);
    const json = JSON.parse(reports.get('json')!) as { files: { path: string; findings: { ruleId: string }[] }[] };
    const reported = json.files.filter((f) => f.findings.some((x) => x.ruleId.startsWith('secret/'))).map((f) => f.path);
    const secretFiles = [...new Set(collection.secrets.map((s) => s.file))];
    // Files the CLI does not walk (ignored by a .gitignore) cannot be reported; all the others must be.
    expect(reported.length).toBeGreaterThan(0);
    for (const file of secretFiles) expect(reported.some((p) => file.endsWith(p)), `${file} reported`).toBe(true);
    for (const s of collection.secrets.filter((x) => x.reported)) {
      // JSON and SARIF escape what the mask keeps of a multi-line value (`…--\n`).
      for (const [name, report] of reports) {
        const shown = /json|sarif/.test(name) ? JSON.stringify(mask(s.value)).slice(1, -1) : name.startsWith('html') ? escapeHtml(mask(s.value)) : mask(s.value);
        expect(report, `${s.file}:${s.line} shown masked in the ${name} report`).toContain(shown);
      }
    }
  });

  it('inventory as json and csv (identity names may be derived from keys) holds no secret', async () => {
    const [json, csv] = await Promise.all([
      runCli(['audit', ...folders, '--inventory', '--format', 'json'], {}, 'inventory json'),
      runCli(['audit', ...folders, '--inventory', '--format', 'csv', '--fail-on', 'error'], { NO_COLOR: '1' }, 'inventory csv'),
    ]);
    expectCleanRun(json, 0);
    expectCleanRun(csv, 1);
    // Not vacuous: keys found in code are listed, by their masked value.
    const identities = (JSON.parse(json.stdout) as { identities: { kind: string; name: string }[] }).identities;
    expect(identities.length).toBeGreaterThan(5);
    expect(identities.some((i) => i.kind === 'api-key' && i.name.includes('…'))).toBe(true);
    expect(csv.stdout.split('\r\n').length).toBe(identities.length + 2);
  }, 120_000);

  it('text with forced colour', async () => {
    const run = await runCli(['audit', ...folders, '--format', 'text', '--color'], {}, 'text --color');
    expectCleanRun(run);
    expect(run.stdout).toMatch(/\u001b\[/);
    for (const s of collection.secrets.filter((x) => x.reported)) expect(run.stdout.replace(ANSI, '')).toContain(mask(s.value));
  }, 120_000);

  it.skipIf(!hasScript)('on a pseudo-terminal (colour and progress on by default)', async () => {
    const run = await runCliOnTty(folders);
    expectCleanRun(run, 0);
    expect(run.stdout.replace(ANSI, '')).toMatch(/secret\/aws-access-key-id/);
  }, 120_000);
});

// ---------------------------------------------------------------------------
// Language server
// ---------------------------------------------------------------------------

/** Every client feature the server may use, so every kind of output gets exercised. */
const CAPABILITIES: ClientCapabilities = {
  textDocument: {
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    codeAction: { isPreferredSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    synchronization: {},
  },
  workspace: {
    configuration: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
    diagnostics: { refreshSupport: true },
    workspaceFolders: true,
  },
  window: { workDoneProgress: true, showMessage: {} },
};

/** One server over every fixture folder, with verbose traces (they land in `chatter`). */
function startServer(capabilities: ClientCapabilities): Promise<TestLspClient> {
  return startLspClient(tools.server, {
    capabilities,
    folders: FOLDERS.map((f) => ({ path: f, name: rel(f) })),
    root: ROOT,
    cwd: os.tmpdir(),
    trace: true,
  });
}

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.ts': 'typescript', '.tsx': 'typescriptreact', '.js': 'javascript', '.mjs': 'javascript', '.py': 'python', '.go': 'go',
  '.tf': 'terraform', '.hcl': 'hcl', '.yaml': 'yaml', '.yml': 'yaml', '.json': 'json', '.md': 'markdown', '.sh': 'shellscript',
  '.toml': 'toml', '.ini': 'ini', '.properties': 'properties', '.txt': 'plaintext',
};

function languageIdOf(file: string): string {
  const base = path.basename(file);
  if (base === '.env' || base.startsWith('.env.')) return 'dotenv';
  if (base === '.gitignore') return 'ignore';
  if (base === 'Dockerfile') return 'dockerfile';
  return LANGUAGE_BY_EXTENSION[path.extname(base).toLowerCase()] ?? 'plaintext';
}

interface OpenFile {
  uri: string;
  file: string;
}

/** Every text file of every fixture folder. */
function fixtureFiles(): (OpenFile & { text: string })[] {
  const out: (OpenFile & { text: string })[] = [];
  for (const folder of FOLDERS) {
    for (const file of filesUnder(folder)) {
      const text = readFixtureText(file);
      if (text !== undefined) out.push({ uri: pathToFileURL(file).href, file, text });
    }
  }
  return out;
}

const ENV_FILE = defaultConfig().envFile;

/** Is this edit target the local env file, the one place a fix may write the value? */
function isEnvFileUri(uri: string): boolean {
  return uri.endsWith(`/${ENV_FILE}`);
}

/**
 * Files the action itself adds to `.gitignore` (a local override such as `config.local.toml` or
 * `App.secrets.config`): like the env file, a place the value may be moved to.
 */
function gitignoredByAction(edit: WorkspaceEdit): string[] {
  const texts = [
    ...(edit.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri.endsWith('/.gitignore') ? c.edits.map((e) => ('newText' in e ? e.newText : '')) : [])),
    ...Object.entries(edit.changes ?? {}).flatMap(([uri, edits]) => (uri.endsWith('/.gitignore') ? edits.map((e) => e.newText) : [])),
  ];
  return texts.flatMap((t) => t.split(/\r?\n/)).map((l) => l.trim().replace(/^\//, '')).filter((l) => l !== '' && !l.startsWith('#') && !/[*?[!]/.test(l));
}

/** A code action with every edit to the local env file removed, plus the text of those edits. */
function splitEnvFileEdits(action: CodeAction | Command): { rest: unknown; envText: string } {
  if (!('edit' in action) || !action.edit) return { rest: action, envText: '' };
  const edit: WorkspaceEdit = action.edit;
  const ignored = gitignoredByAction(edit);
  const isLocalEnvFile = (uri: string) => isEnvFileUri(uri) || ignored.some((p) => decodeURIComponent(uri).endsWith(`/${p}`));
  let envText = '';
  const documentChanges = edit.documentChanges?.filter((c) => {
    if ('textDocument' in c && isLocalEnvFile(c.textDocument.uri)) {
      envText += c.edits.map((e) => ('newText' in e ? e.newText : '')).join('');
      return false;
    }
    return true;
  });
  const changes = edit.changes
    ? Object.fromEntries(Object.entries(edit.changes).filter(([uri, edits]) => {
        if (!isLocalEnvFile(uri)) return true;
        envText += edits.map((e) => e.newText).join('');
        return false;
      }))
    : undefined;
  return { rest: { ...action, edit: { ...edit, documentChanges, changes } }, envText };
}

describe('language server (built, over stdio) never shows a fixture secret', () => {
  let server: TestLspClient;
  const files = fixtureFiles();
  let envFileTexts: string[] = [];

  beforeAll(async () => {
    server = await startServer(CAPABILITIES);
  }, 60_000);

  afterAll(async () => {
    if (server) await server.stop();
  });

  it('nhi.auditWorkspace over the fixture folders publishes masked diagnostics only', async () => {
    const commands = server.init.capabilities.executeCommandProvider?.commands ?? [];
    expect(commands).toContain('nhi.auditWorkspace');
    const summary = (await server.conn.sendRequest(ExecuteCommandRequest.type, { command: 'nhi.auditWorkspace', arguments: [] })) as { filesScanned: number; findings: number };
    expectNoLeak('auditWorkspace result', JSON.stringify(summary));
    expect(summary.filesScanned).toBeGreaterThan(20);
    // Publishing is fire-and-forget from the server: wait until a secret finding of every secret-bearing file has arrived.
    const secretUris = [...new Set(collection.secrets.map((s) => pathToFileURL(path.join(ROOT, s.file)).href))];
    const publishedWithSecret = (): string[] =>
      secretUris.filter((uri) => server.published.some((p) => p.uri === uri && p.diagnostics.some((d) => String(d.code).startsWith('secret/'))));
    await expect.poll(() => publishedWithSecret().length, { timeout: 20_000 }).toBe(secretUris.length);
    expectNoLeak('published diagnostics of the workspace audit', JSON.stringify(server.published));
  }, 120_000);

  it('pulled diagnostics, related information and code actions of every fixture file are masked', async () => {
    let diagnosticsSeen = 0;
    let secretDiagnostics = 0;
    let actionsSeen = 0;
    envFileTexts = [];
    for (const f of files) {
      await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: f.uri, languageId: languageIdOf(f.file), version: 1, text: f.text } });
    }
    for (const f of files) {
      const where = rel(f.file);
      const report = (await server.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: f.uri } })) as FullDocumentDiagnosticReport;
      expect(report.kind, where).toBe('full');
      expectNoLeak(`${where} diagnostics`, JSON.stringify(report));
      const diagnostics: Diagnostic[] = report.items;
      diagnosticsSeen += diagnostics.length;
      secretDiagnostics += diagnostics.filter((d) => String(d.code).startsWith('secret/')).length;

      const requests = diagnostics.map((d) => ({ range: d.range, diagnostics: [d] }));
      // And once for the whole file with every diagnostic (actions that span findings).
      if (diagnostics.length > 1) {
        requests.push({ range: { start: { line: 0, character: 0 }, end: { line: f.text.split('\n').length, character: 0 } }, diagnostics });
      }
      for (const request of requests) {
        const actions = ((await server.conn.sendRequest(CodeActionRequest.type, {
          textDocument: { uri: f.uri },
          range: request.range,
          context: { diagnostics: request.diagnostics },
        })) ?? []) as (CodeAction | Command)[];
        actionsSeen += actions.length;
        for (const action of actions) {
          expectNoLeak(`${where} code action title "${action.title}"`, action.title);
          const { rest, envText } = splitEnvFileEdits(action);
          expectNoLeak(`${where} code action "${action.title}" (edits other than to ${ENV_FILE}, command, data)`, JSON.stringify(rest));
          if (envText) envFileTexts.push(envText);
        }
      }
    }
    // Not vacuous: there were secret diagnostics and quick fixes to look at.
    expect(diagnosticsSeen).toBeGreaterThan(0);
    expect(secretDiagnostics).toBeGreaterThanOrEqual(collection.values.length / 2);
    expect(actionsSeen).toBeGreaterThan(0);
    // The one exempt place really is the remedy: the env file edit holds a value the fix moved there (rule 4).
    expect(envFileTexts.length).toBeGreaterThan(0);
    expect(envFileTexts.some((t) => collection.values.some((v) => t.includes(v)))).toBe(true);
  }, 120_000);

  it('pushed diagnostics (client without pull support) are masked', async () => {
    const push = await startServer(PUSH_CAPABILITIES);
    try {
      const secretFiles = files.filter((f) => collection.secrets.some((s) => path.join(ROOT, s.file) === f.file));
      for (const f of secretFiles) {
        await push.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: f.uri, languageId: languageIdOf(f.file), version: 1, text: f.text } });
      }
      await expect
        .poll(() => secretFiles.filter((f) => push.published.some((p) => p.uri === f.uri && p.diagnostics.length > 0)).length, { timeout: 30_000 })
        .toBe(secretFiles.length);
      expectNoLeak('pushed diagnostics', JSON.stringify(push.published));
      expectNoLeak('push server stderr', push.stderr());
      expectNoLeak('push server notifications', JSON.stringify(push.chatter));
    } finally {
      await push.stop();
    }
  }, 60_000);

  it('stderr, log messages, traces and progress hold no secret', async () => {
    // Errors are a likely place for a value to slip out: ask about a range and command the server cannot serve.
    const anyFile = files.find((f) => collection.secrets.some((s) => path.join(ROOT, s.file) === f.file))!;
    await server.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: anyFile.uri },
      range: { start: { line: 9999, character: 0 }, end: { line: 99999, character: 5 } },
      context: { diagnostics: [] },
    }).catch(() => undefined);
    await server.conn.sendRequest(ExecuteCommandRequest.type, { command: 'nhi.noSuchCommand', arguments: [] }).catch(() => undefined);
    await server.stop();
    // The listeners work: the audit announced its end through window/logMessage.
    expect(server.chatter.some((c) => (c as { method: string }).method === 'window/logMessage')).toBe(true);
    expectNoLeak('server stderr', server.stderr());
    expectNoLeak('server notifications (log, trace, progress, messages)', JSON.stringify(server.chatter));
    expectNoLeak('all published diagnostics', JSON.stringify(server.published));
  }, 30_000);
});
