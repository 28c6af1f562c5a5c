/**
 * The built language server (dist/server.js) over stdio, driven by a real
 * JSON-RPC client: initialize, open, pull diagnostics, code actions, apply the
 * edit, pull again; push fallback; bad input; configuration; audit; shutdown.
 */
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CancellationTokenSource,
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type FullDocumentDiagnosticReport,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { prepareBuiltTools, type BuiltTools } from './support/built-tools';

const ROOT = path.resolve(__dirname, '..');
const RULE = 'secret/aws-access-key-id';

/** A fake AWS access key id: AKIA + 16 base32 characters, fresh every run. */
function fakeAccessKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  for (;;) {
    let key = 'AKIA';
    for (let i = 0; i < 16; i++) key += alphabet[randomInt(alphabet.length)];
    if (!key.includes('EXAMPLE')) return key;
  }
}

let tools: BuiltTools;
let serverPath: string;

beforeAll(async () => {
  tools = await prepareBuiltTools('nhi-server-');
  serverPath = tools.server;
}, 120_000);

afterAll(() => tools?.dispose());

// ---------------------------------------------------------------------------
// A minimal LSP client
// ---------------------------------------------------------------------------

interface Client {
  conn: ProtocolConnection;
  child: ChildProcessWithoutNullStreams;
  workspace: string;
  workspaceUri: string;
  init: InitializeResult;
  published: PublishDiagnosticsParams[];
  logs: string[];
  settings: Record<string, unknown>;
  refreshes: number;
  progress: unknown[];
  stderr: () => string;
  open(name: string, text: string, languageId: string): TextDocument;
  change(doc: TextDocument, changes: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): TextDocument;
  pull(doc: TextDocument, previousResultId?: string): Promise<FullDocumentDiagnosticReport | { kind: 'unchanged'; resultId: string }>;
  nextPublish(uri: string, test?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
}

const clients: Client[] = [];

const PULL_CAPABILITIES: ClientCapabilities = {
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false }, codeAction: {}, synchronization: {} },
  workspace: {
    configuration: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
    diagnostics: { refreshSupport: true },
    workspaceFolders: true,
  },
  window: { workDoneProgress: true },
};

const PUSH_CAPABILITIES: ClientCapabilities = {
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, codeAction: {} },
  workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
};

async function startClient(capabilities: ClientCapabilities, initializationOptions: Record<string, unknown> = { trusted: true }): Promise<Client> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-lsp-ws-'));
  const workspaceUri = pathToFileURL(workspace).href;
  const child = spawn(process.execPath, [serverPath, '--stdio'], { cwd: workspace, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const client = {
    conn,
    child,
    workspace,
    workspaceUri,
    published,
    logs: [] as string[],
    settings: { enable: true } as Record<string, unknown>,
    refreshes: 0,
    progress: [] as unknown[],
    stderr: () => stderr,
  } as Client;
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.test(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  conn.onNotification('window/logMessage', (m: { message: string }) => void client.logs.push(m.message));
  conn.onNotification('$/progress', (p: unknown) => void client.progress.push(p));
  conn.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => client.settings));
  conn.onRequest(DiagnosticRefreshRequest.type, () => {
    client.refreshes++;
  });
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  conn.onRequest(RegistrationRequest.type, () => undefined);
  conn.onRequest('window/showMessageRequest', () => null);
  conn.listen();

  client.init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: workspaceUri,
    workspaceFolders: [{ uri: workspaceUri, name: 'ws' }],
    capabilities,
    initializationOptions,
  });
  await conn.sendNotification(InitializedNotification.type, {});

  client.open = (name, text, languageId) => {
    const uri = `${workspaceUri}/${name}`;
    void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return TextDocument.create(uri, languageId, 1, text);
  };
  client.change = (doc, changes) => {
    const next = TextDocument.update(doc, changes, doc.version + 1);
    void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: doc.uri, version: next.version }, contentChanges: changes });
    return next;
  };
  client.pull = (doc, previousResultId) =>
    conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: doc.uri }, previousResultId }) as Promise<FullDocumentDiagnosticReport>;
  client.nextPublish = (uri, test = () => true) => {
    const seen = published.find((p) => p.uri === uri && test(p));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      waiters.push({ uri, test, resolve });
      setTimeout(() => reject(new Error(`no publishDiagnostics for ${uri}`)), 10_000);
    });
  };
  clients.push(client);
  return client;
}

async function shutdown(client: Client): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => client.child.once('exit', (code) => resolve(code)));
  await client.conn.sendRequest(ShutdownRequest.type);
  await client.conn.sendNotification(ExitNotification.type);
  const code = await exited;
  client.conn.dispose();
  return code;
}

afterEach(() => {
  for (const c of clients.splice(0)) {
    if (c.child.exitCode === null) c.child.kill();
    c.conn.dispose();
    fs.rmSync(c.workspace, { recursive: true, force: true });
  }
});

const full = (report: Awaited<ReturnType<Client['pull']>>): Diagnostic[] => {
  expect(report.kind).toBe('full');
  return (report as FullDocumentDiagnosticReport).items;
};

interface PlainEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** One file's text edits from a code action's WorkspaceEdit. */
function editFor(action: CodeAction, uri: string): { version: number | null; edits: PlainEdit[] } | undefined {
  const change = action.edit?.documentChanges?.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri);
  if (!change) return undefined;
  return { version: change.textDocument.version, edits: change.edits.filter((e): e is PlainEdit & typeof e => 'newText' in e) };
}

// ---------------------------------------------------------------------------

describe('language server over stdio (pull diagnostics)', () => {
  it('advertises incremental sync, pull diagnostics, quick fixes and the audit command', async () => {
    const client = await startClient(PULL_CAPABILITIES);
    const caps = client.init.capabilities;
    expect(caps.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(caps.diagnosticProvider).toMatchObject({ interFileDependencies: false, workspaceDiagnostics: false });
    expect(caps.codeActionProvider).toMatchObject({ codeActionKinds: ['quickfix'] });
    expect(caps.executeCommandProvider?.commands).toContain('nhi.auditWorkspace');
    expect(await shutdown(client)).toBe(0);
  });

  it('reports a hard-coded AWS key, fixes it with a quick fix, and the finding is gone', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    let doc = client.open('src/aws.ts', `import { S3Client } from "@aws-sdk/client-s3";\n\nconst awsAccessKeyId = "${key}";\n\nexport const s3 = new S3Client({ credentials: { accessKeyId: awsAccessKeyId } as never });\n`, 'typescript');

    const first = await client.pull(doc);
    const diagnostic = full(first).find((d) => d.code === RULE);
    expect(diagnostic, JSON.stringify(first)).toBeDefined();
    expect(diagnostic!.codeDescription?.href).toMatch(/docs\/rules\/secret\/aws-access-key-id\.md$/);
    expect(diagnostic!.source).toBe('nhi');
    expect(diagnostic!.range.start.line).toBe(2);
    expect(JSON.stringify(first)).not.toContain(key);

    // Same version again: the server answers from its cache.
    const resultId = (first as FullDocumentDiagnosticReport).resultId;
    expect(resultId).toBeTruthy();
    expect(await client.pull(doc, resultId)).toEqual({ kind: 'unchanged', resultId });

    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: doc.uri },
      range: diagnostic!.range,
      context: { diagnostics: [diagnostic!], only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred);
    expect(fix, JSON.stringify(actions.map((a) => a.title))).toBeDefined();
    expect(fix!.kind).toBe('quickfix');
    expect(fix!.diagnostics?.[0]).toMatchObject({ code: RULE, range: diagnostic!.range });
    const own = editFor(fix!, doc.uri)!;
    expect(own.version).toBe(1);
    const fixed = TextDocument.applyEdits(doc, own.edits);
    expect(fixed).toMatch(/const awsAccessKeyId = process\.env\.[A-Z_][A-Z0-9_]*\b/);
    expect(fixed).not.toContain(key);
    const envUri = `${client.workspaceUri}/.env.local`;
    const changes = fix!.edit?.documentChanges ?? [];
    expect(changes).toContainEqual({ kind: 'create', uri: envUri, options: { ignoreIfExists: true } });
    expect(editFor(fix!, envUri)?.edits.map((e) => e.newText).join('')).toContain(key);
    // The workspace has no .gitignore yet: the fix makes sure .env.local is ignored.
    const gitignoreUri = `${client.workspaceUri}/.gitignore`;
    expect(changes).toContainEqual({ kind: 'create', uri: gitignoreUri, options: { ignoreIfExists: true } });
    expect(editFor(fix!, gitignoreUri)?.edits.map((e) => e.newText).join('')).toMatch(/^\/?\.env\.local$/m);

    // Apply it like an editor would (incremental changes, last first) and pull again.
    doc = client.change(doc, [...own.edits].reverse().map((e) => ({ range: e.range, text: e.newText })));
    expect(doc.getText()).toBe(fixed);
    expect(full(await client.pull(doc)).filter((d) => d.code === RULE)).toEqual([]);
    expect(await shutdown(client)).toBe(0);
  });

  it('updates diagnostics after incremental edits', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    let doc = client.open('src/settings.ts', 'export const region = "eu-west-1";\n', 'typescript');
    expect(full(await client.pull(doc)).filter((d) => d.code === RULE)).toEqual([]);

    doc = client.change(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `export const awsAccessKeyId = "${key}";\n` }]);
    const added = full(await client.pull(doc)).filter((d) => d.code === RULE);
    expect(added.map((d) => d.range.start.line)).toEqual([1]);

    doc = client.change(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// settings\n\n' }]);
    expect(full(await client.pull(doc)).filter((d) => d.code === RULE).map((d) => d.range.start.line)).toEqual([3]);

    doc = client.change(doc, [{ range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }, text: '' }]);
    expect(full(await client.pull(doc)).filter((d) => d.code === RULE)).toEqual([]);
  });

  it('honours cancellation: a cancelled pull ends with a cancellation error or a result, and the server keeps serving', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    const lines = Array.from({ length: 3000 }, (_, i) => `export const value${i} = "item-${i}";`);
    lines.push(`const awsAccessKeyId = "${key}";`);
    const doc = client.open('src/big.ts', lines.join('\n') + '\n', 'typescript');
    const source = new CancellationTokenSource();
    const pending = client.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: doc.uri } }, source.token);
    source.cancel();
    const outcome = await pending.then(
      () => 'answered',
      (err: { code?: number }) => err.code,
    );
    // Cancelled before the server started (-32800 RequestCancelled) or while it waited (-32802 ServerCancelled, so the
    // client retries), or answered because the analysis had already finished: never a crash, never another error.
    expect(['answered', -32800, -32802]).toContain(outcome);
    expect(full(await client.pull(doc)).filter((d) => d.code === RULE).map((d) => d.range.start.line)).toEqual([3000]);
    expect(await shutdown(client)).toBe(0);
  });

  it('survives malformed input and keeps answering', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    const yaml = client.open('deploy.yaml', 'apiVersion: v1\nkind: [Secret\nmetadata: {name: "x\n  - : : ]]}\n\t- !!binary ***\n', 'yaml');
    const yamlItems = full(await client.pull(yaml));
    expect(yamlItems.filter((d) => String(d.code).startsWith('nhi/')).length).toBeLessThanOrEqual(1);
    const binaryish = client.open('blob.ts', '\u0000\uFFFD'.repeat(2000) + '"""'.repeat(100), 'typescript');
    expect(Array.isArray(full(await client.pull(binaryish)))).toBe(true);
    const ts = client.open('ok.ts', `const awsAccessKeyId = "${key}";\n`, 'typescript');
    expect(full(await client.pull(ts)).some((d) => d.code === RULE)).toBe(true);
    // Requests about documents the server never saw are answered, not crashed on.
    expect(full(await client.pull(TextDocument.create(`${client.workspaceUri}/missing.ts`, 'typescript', 1, '')))).toEqual([]);
    expect(client.stderr()).not.toContain(key);
    expect(client.logs.join('\n')).not.toContain(key);
    expect(await shutdown(client)).toBe(0);
  });

  it('re-reads settings on didChangeConfiguration and asks the client to refresh', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    const doc = client.open('a.ts', `const awsAccessKeyId = "${key}";\n`, 'typescript');
    expect(full(await client.pull(doc)).some((d) => d.code === RULE)).toBe(true);
    client.settings = { enable: true, rules: { [RULE]: 'off' } };
    await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await expect.poll(() => client.refreshes).toBeGreaterThan(0);
    expect(full(await client.pull(doc)).some((d) => d.code === RULE)).toBe(false);
    // .nhi.yaml at the workspace root wins over editor settings.
    fs.writeFileSync(path.join(client.workspace, '.nhi.yaml'), `rules:\n  ${RULE}: error\n`);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `${client.workspaceUri}/.nhi.yaml`, type: 1 }] });
    await expect.poll(() => client.refreshes).toBeGreaterThan(1);
    const again = full(await client.pull(doc)).find((d) => d.code === RULE);
    expect(again?.severity).toBe(1);
  });

  it('audits the workspace with progress and publishes diagnostics for files that are not open', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    fs.mkdirSync(path.join(client.workspace, 'svc'));
    fs.writeFileSync(path.join(client.workspace, 'svc', 'config.py'), `import boto3\n\naws_access_key_id = "${key}"\n`);
    const summary = (await client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'nhi.auditWorkspace', arguments: [] })) as { filesScanned: number; findings: number; cancelled: boolean };
    expect(summary).toMatchObject({ cancelled: false });
    expect(summary.filesScanned).toBeGreaterThanOrEqual(1);
    const published = client.published.find((p) => p.uri.endsWith('/svc/config.py'));
    expect(published?.diagnostics.some((d) => d.code === RULE)).toBe(true);
    expect(JSON.stringify(client.published)).not.toContain(key);
    const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds.at(-1)).toBe('end');
  });
});

describe('language server over stdio (identity links across files)', () => {
  it('indexes the workspace in the background: a workflow\'s static key points at the Terraform user, key and policies behind it', async () => {
    const client = await startClient(PULL_CAPABILITIES);
    const fixture = path.join(ROOT, 'test', 'fixtures', 'linked-workspace');
    fs.cpSync(path.join(fixture, 'infra'), path.join(client.workspace, 'infra'), { recursive: true });
    const workflow = fs.readFileSync(path.join(fixture, '.github', 'workflows', 'deploy.yml'), 'utf8');
    const doc = client.open('.github/workflows/deploy.yml', workflow, 'yaml');
    const relatedFiles = async () => {
      const diagnostic = full(await client.pull(doc)).find((d) => d.code === 'credential/ci-static-cloud-keys');
      expect(diagnostic).toBeDefined();
      return (diagnostic!.relatedInformation ?? []).map((r) => `${r.location.uri.slice(client.workspaceUri.length + 1)}:${r.location.range.start.line + 1}`);
    };
    // Before the index is built there is nothing to link; afterwards the client is asked to pull again.
    await expect.poll(() => client.refreshes, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await relatedFiles()).toEqual(['infra/ci/deployer.tf:3', 'infra/ci/deployer.tf:8', 'infra/ci/deployer.tf:12', 'infra/ci/deployer.tf:18', 'infra/ci/policies.tf:1', 'infra/ci/policies.tf:6']);
    // An open file's live links count: opening the policy file and deleting the attachment drops it from the workflow's related places.
    const policiesText = fs.readFileSync(path.join(client.workspace, 'infra', 'ci', 'policies.tf'), 'utf8');
    let policies = client.open('infra/ci/policies.tf', policiesText, 'terraform');
    full(await client.pull(policies));
    const end = policiesText.indexOf('resource "aws_iam_user_policy" ');
    policies = client.change(policies, [{ range: { start: { line: 0, character: 0 }, end: policies.positionAt(end) }, text: '' }]);
    full(await client.pull(policies));
    await expect.poll(relatedFiles, { timeout: 10_000 }).toEqual(['infra/ci/deployer.tf:3', 'infra/ci/deployer.tf:8', 'infra/ci/deployer.tf:12', 'infra/ci/deployer.tf:18', 'infra/ci/policies.tf:1']);
  });
});

describe('language server over stdio (push fallback and trust)', () => {
  it('publishes diagnostics to clients without pull support', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PUSH_CAPABILITIES);
    expect(client.init.capabilities.diagnosticProvider).toBeUndefined();
    let doc = client.open('src/aws.ts', `const awsAccessKeyId = "${key}";\n`, 'typescript');
    const first = await client.nextPublish(doc.uri, (p) => p.version === 1);
    expect(first.diagnostics.some((d) => d.code === RULE && d.codeDescription?.href.endsWith(`${RULE}.md`))).toBe(true);
    expect(JSON.stringify(first)).not.toContain(key);
    doc = client.change(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: 'const awsAccessKeyId = process.env.AWS_ACCESS_KEY_ID;\n' }]);
    const second = await client.nextPublish(doc.uri, (p) => p.version === 2);
    expect(second.diagnostics.filter((d) => d.code === RULE)).toEqual([]);
    expect(await shutdown(client)).toBe(0);
  });

  it('offers no edits in an untrusted workspace until trust is granted', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PUSH_CAPABILITIES, { trusted: false });
    const doc = client.open('a.ts', `const awsAccessKeyId = "${key}";\n`, 'typescript');
    const published = await client.nextPublish(doc.uri);
    const diagnostic = published.diagnostics.find((d) => d.code === RULE);
    expect(diagnostic).toBeDefined();
    const ask = () => client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: doc.uri }, range: diagnostic!.range, context: { diagnostics: [diagnostic!] } });
    expect(await ask()).toEqual([]);
    await client.conn.sendNotification('nhi/didGrantWorkspaceTrust');
    await expect.poll(async () => ((await ask()) ?? []).length).toBeGreaterThan(0);
  });
});
