/**
 * The built language server (dist/server.js) over stdio, driven by a real
 * JSON-RPC client: initialize, open, pull diagnostics, code actions, apply the
 * edit, pull again; push fallback; bad input; configuration; audit; shutdown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CancellationTokenSource,
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type FullDocumentDiagnosticReport,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PULL_CAPABILITIES, PUSH_CAPABILITIES, useBuiltServer, type TestLspClient } from './support/lsp-client';
import { fakeAccessKeyId } from './support/secrets';

const ROOT = path.resolve(__dirname, '..');
const RULE = 'secret/aws-access-key-id';

const server = useBuiltServer('nhi-server-');

function startClient(capabilities: ClientCapabilities, initializationOptions: { trusted?: boolean } = { trusted: true }): Promise<TestLspClient> {
  return server.start({ capabilities, trusted: initializationOptions.trusted });
}

const full = (report: DocumentDiagnosticReport): Diagnostic[] => {
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
    expect(await client.shutdown()).toBe(0);
  });

  it('reports a hard-coded AWS key, fixes it with a quick fix, and the finding is gone', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    let doc = client.openDocument('src/aws.ts', `import { S3Client } from "@aws-sdk/client-s3";\n\nconst awsAccessKeyId = "${key}";\n\nexport const s3 = new S3Client({ credentials: { accessKeyId: awsAccessKeyId } as never });\n`, 'typescript');

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
    expect(await client.shutdown()).toBe(0);
  });

  it('answers "unchanged" when an edit leaves the diagnostics as they were, and the full list when it moves them', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    let doc = client.openDocument('src/aws.ts', `const region = "eu-west-1";\nconst awsAccessKeyId = "${key}";\n`, 'typescript');
    const first = await client.pull(doc);
    const items = full(first).filter((d) => d.code === RULE);
    expect(items).toHaveLength(1);
    const resultId = (first as FullDocumentDiagnosticReport).resultId!;
    // Typing on the first line: the finding on the second line does not move.
    doc = client.change(doc, [{ range: { start: { line: 0, character: 26 }, end: { line: 0, character: 26 } }, text: ' // EU' }]);
    expect(await client.pull(doc, resultId)).toEqual({ kind: 'unchanged', resultId });
    // A new line above it moves it: a full report under a new id.
    doc = client.change(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
    const moved = await client.pull(doc, resultId);
    expect(moved.kind).toBe('full');
    expect((moved as FullDocumentDiagnosticReport).resultId).not.toBe(resultId);
    expect(full(moved).filter((d) => d.code === RULE).map((d) => d.range.start.line)).toEqual([2]);
    expect(await client.shutdown()).toBe(0);
  });

  it('warms up on a private copy while the editor is quiet, leaving the document’s diagnostics as they were', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci-aws\nstringData:\n  aws_access_key_id: ${key}\n`;
    const doc = client.openDocument('deploy/secret.yaml', text, 'yaml');
    const first = await client.pull(doc);
    expect(full(first).map((d) => d.code)).toContain(RULE);
    const resultId = (first as FullDocumentDiagnosticReport).resultId!;
    // Quiet for a while: the server types its warm-up keystrokes (into a copy) and says so.
    for (let i = 0; i < 50 && !client.logs.some((l) => l.startsWith('Warm-up for yaml')); i++) await new Promise((r) => setTimeout(r, 100));
    expect(client.logs.filter((l) => l.startsWith('Warm-up'))).toEqual(['Warm-up for yaml: 160 keystrokes typed into a private copy.']);
    expect(client.logs.join('\n')).not.toContain(key);
    expect(await client.pull(doc, resultId)).toEqual({ kind: 'unchanged', resultId });
    expect(await client.shutdown()).toBe(0);
  });

  it('updates diagnostics after incremental edits', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    let doc = client.openDocument('src/settings.ts', 'export const region = "eu-west-1";\n', 'typescript');
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
    const doc = client.openDocument('src/big.ts', lines.join('\n') + '\n', 'typescript');
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
    expect(await client.shutdown()).toBe(0);
  });

  it('survives malformed input and keeps answering', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    const yaml = client.openDocument('deploy.yaml', 'apiVersion: v1\nkind: [Secret\nmetadata: {name: "x\n  - : : ]]}\n\t- !!binary ***\n', 'yaml');
    const yamlItems = full(await client.pull(yaml));
    expect(yamlItems.filter((d) => String(d.code).startsWith('nhi/')).length).toBeLessThanOrEqual(1);
    const binaryish = client.openDocument('blob.ts', '\u0000\uFFFD'.repeat(2000) + '"""'.repeat(100), 'typescript');
    expect(Array.isArray(full(await client.pull(binaryish)))).toBe(true);
    const ts = client.openDocument('ok.ts', `const awsAccessKeyId = "${key}";\n`, 'typescript');
    expect(full(await client.pull(ts)).some((d) => d.code === RULE)).toBe(true);
    // Requests about documents the server never saw are answered, not crashed on.
    expect(full(await client.pull(TextDocument.create(`${client.workspaceUri}/missing.ts`, 'typescript', 1, '')))).toEqual([]);
    expect(client.stderr()).not.toContain(key);
    expect(client.logs.join('\n')).not.toContain(key);
    expect(await client.shutdown()).toBe(0);
  });

  it('re-reads settings on didChangeConfiguration and asks the client to refresh', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    const doc = client.openDocument('a.ts', `const awsAccessKeyId = "${key}";\n`, 'typescript');
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
    const kinds = client.progress.map((p) => p.kind);
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
    const doc = client.openDocument('.github/workflows/deploy.yml', workflow, 'yaml');
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
    let policies = client.openDocument('infra/ci/policies.tf', policiesText, 'terraform');
    full(await client.pull(policies));
    const end = policiesText.indexOf('resource "aws_iam_user_policy" ');
    policies = client.change(policies, [{ range: { start: { line: 0, character: 0 }, end: policies.positionAt(end) }, text: '' }]);
    full(await client.pull(policies));
    await expect.poll(relatedFiles, { timeout: 10_000 }).toEqual(['infra/ci/deployer.tf:3', 'infra/ci/deployer.tf:8', 'infra/ci/deployer.tf:12', 'infra/ci/deployer.tf:18', 'infra/ci/policies.tf:1']);
    // Closed without saving: the file on disk counts again.
    client.close(policies);
    await expect.poll(relatedFiles, { timeout: 10_000 }).toEqual(['infra/ci/deployer.tf:3', 'infra/ci/deployer.tf:8', 'infra/ci/deployer.tf:12', 'infra/ci/deployer.tf:18', 'infra/ci/policies.tf:1', 'infra/ci/policies.tf:6']);
    // A dependency's copy naming the same user is not part of the workspace's identities.
    fs.mkdirSync(path.join(client.workspace, 'node_modules', 'ci-kit'), { recursive: true });
    fs.writeFileSync(path.join(client.workspace, 'node_modules', 'ci-kit', 'attach.tf'), 'resource "aws_iam_user_policy_attachment" "x" {\n  user       = "github-deployer"\n  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"\n}\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uriOf('node_modules/ci-kit/attach.tf'), type: 1 }] });
    // Deleted on disk (the client watches linked files): nothing points into it any more.
    fs.rmSync(path.join(client.workspace, 'infra', 'ci', 'policies.tf'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uriOf('infra/ci/policies.tf'), type: 3 }] });
    await expect.poll(relatedFiles, { timeout: 10_000 }).toEqual(['infra/ci/deployer.tf:3', 'infra/ci/deployer.tf:8', 'infra/ci/deployer.tf:12', 'infra/ci/deployer.tf:18']);
    // Created again on disk: back in.
    fs.writeFileSync(path.join(client.workspace, 'infra', 'ci', 'policies.tf'), policiesText);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uriOf('infra/ci/policies.tf'), type: 1 }] });
    await expect.poll(relatedFiles, { timeout: 10_000 }).toEqual(['infra/ci/deployer.tf:3', 'infra/ci/deployer.tf:8', 'infra/ci/deployer.tf:12', 'infra/ci/deployer.tf:18', 'infra/ci/policies.tf:1', 'infra/ci/policies.tf:6']);
  });
});

describe('language server over stdio (push fallback and trust)', () => {
  it('publishes diagnostics to clients without pull support', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PUSH_CAPABILITIES);
    expect(client.init.capabilities.diagnosticProvider).toBeUndefined();
    let doc = client.openDocument('src/aws.ts', `const awsAccessKeyId = "${key}";\n`, 'typescript');
    const first = await client.waitForPublish(doc.uri, (p) => p.version === 1, 10_000);
    expect(first.diagnostics.some((d) => d.code === RULE && d.codeDescription?.href.endsWith(`${RULE}.md`))).toBe(true);
    expect(JSON.stringify(first)).not.toContain(key);
    doc = client.change(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: 'const awsAccessKeyId = process.env.AWS_ACCESS_KEY_ID;\n' }]);
    const second = await client.waitForPublish(doc.uri, (p) => p.version === 2, 10_000);
    expect(second.diagnostics.filter((d) => d.code === RULE)).toEqual([]);
    expect(await client.shutdown()).toBe(0);
  });

  it('offers no edits in an untrusted workspace until trust is granted', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PUSH_CAPABILITIES, { trusted: false });
    const doc = client.openDocument('a.ts', `const awsAccessKeyId = "${key}";\n`, 'typescript');
    const published = await client.waitForPublish(doc.uri, undefined, 10_000);
    const diagnostic = published.diagnostics.find((d) => d.code === RULE);
    expect(diagnostic).toBeDefined();
    const ask = () => client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: doc.uri }, range: diagnostic!.range, context: { diagnostics: [diagnostic!] } });
    expect(await ask()).toEqual([]);
    await client.conn.sendNotification('nhi/didGrantWorkspaceTrust');
    await expect.poll(async () => ((await ask()) ?? []).length).toBeGreaterThan(0);
  });
});

describe('language server over stdio (multi-file fixes and placeholders)', () => {
  /** The preferred fix of the AWS key in a fresh source file, as the client asked for it. */
  async function preferredKeyFix(client: TestLspClient, key: string): Promise<{ doc: TextDocument; fix: CodeAction }> {
    const doc = client.openDocument('src/aws.ts', `const awsAccessKeyId = "${key}";\n`, 'typescript');
    const diagnostic = full(await client.pull(doc)).find((d) => d.code === RULE)!;
    expect(diagnostic).toBeDefined();
    const actions = (await client.codeActions(doc.uri, diagnostic.range, [diagnostic], ['quickfix'])) as CodeAction[];
    expect(actions.filter((a) => a.isPreferred)).toHaveLength(1);
    expect(actions[0].isPreferred).toBe(true);
    return { doc, fix: actions[0] };
  }

  it('with changeAnnotationSupport, edits to other files need confirmation; edits to the document itself do not', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient({
      ...PULL_CAPABILITIES,
      workspace: { ...PULL_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, resourceOperations: ['create'], changeAnnotationSupport: { groupsOnLabel: true } } },
    });
    const { doc, fix } = await preferredKeyFix(client, key);
    const envUri = client.uriOf('.env.local');
    const gitignoreUri = client.uriOf('.gitignore');
    const annotations = fix.edit?.changeAnnotations ?? {};
    const changes = fix.edit?.documentChanges ?? [];

    // The document's own edit is plain: the user asked for it.
    const own = changes.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === doc.uri)!;
    expect(own.edits.every((e) => !('annotationId' in e))).toBe(true);
    expect(TextDocument.applyEdits(doc, editFor(fix, doc.uri)!.edits)).toMatch(/^const awsAccessKeyId = process\.env\.[A-Z_][A-Z0-9_]*\b/);

    // Every change to another file, its creation included, carries an annotation that needs confirmation.
    const annotationOf = (uri: string) => {
      const create = changes.find((c) => 'kind' in c && c.kind === 'create' && c.uri === uri) as { annotationId?: string } | undefined;
      const edit = changes.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri)!;
      const ids = new Set([create?.annotationId, ...edit.edits.map((e) => ('annotationId' in e ? e.annotationId : undefined))]);
      expect(ids.size, uri).toBe(1);
      const [id] = ids;
      expect(id, uri).toBeDefined();
      return annotations[id!];
    };
    expect(annotationOf(envUri)).toMatchObject({ label: 'Writes the secret to .env.local (gitignored)', needsConfirmation: false });
    expect(annotationOf(gitignoreUri)).toMatchObject({ label: expect.stringMatching(/^Creates \.gitignore so that \.env\.local stays out of git$/), needsConfirmation: false });
    expect(Object.keys(annotations)).toHaveLength(2);
    // The value still goes to the env file, and nowhere else; the labels never show it.
    expect(editFor(fix, envUri)?.edits.map((e) => e.newText).join('')).toContain(key);
    expect(JSON.stringify(annotations)).not.toContain(key);
    expect(await client.shutdown()).toBe(0);
  });

  it('without changeAnnotationSupport, the same fix has plain edits and no annotations', async () => {
    const key = fakeAccessKeyId();
    const client = await startClient(PULL_CAPABILITIES);
    const { fix } = await preferredKeyFix(client, key);
    expect(fix.edit?.changeAnnotations).toBeUndefined();
    const changes = fix.edit?.documentChanges ?? [];
    expect(changes).toContainEqual({ kind: 'create', uri: client.uriOf('.env.local'), options: { ignoreIfExists: true } });
    for (const c of changes) {
      if ('textDocument' in c) for (const e of c.edits) expect('annotationId' in e, c.textDocument.uri).toBe(false);
      else expect('annotationId' in c).toBe(false);
    }
    expect(await client.shutdown()).toBe(0);
  });

  const ROLE_TF = 'resource "aws_iam_role" "invoice_worker" {\n  name               = "billing-invoice-worker"\n  assume_role_policy = data.aws_iam_policy_document.ecs_tasks.json\n}\n';

  /** The owner-tag fix with a TODO-owner placeholder (no CODEOWNERS, no owner.default). */
  async function placeholderFix(client: TestLspClient): Promise<{ doc: TextDocument; fix: CodeAction }> {
    const doc = client.openDocument('infra/iam.tf', ROLE_TF, 'terraform');
    const diagnostic = full(await client.pull(doc)).find((d) => d.code === 'ownership/missing-owner-tag')!;
    expect(diagnostic).toBeDefined();
    const actions = (await client.codeActions(doc.uri, diagnostic.range, [diagnostic], ['quickfix'])) as CodeAction[];
    const fix = actions.find((a) => a.title.includes('TODO-owner'));
    expect(fix, JSON.stringify(actions.map((a) => a.title))).toBeDefined();
    expect(fix!.isPreferred).toBe(false);
    return { doc, fix: fix! };
  }

  it('a fix that leaves a placeholder carries a command; executing it shows the document with the placeholder selected', async () => {
    const client = await startClient({ ...PULL_CAPABILITIES, window: { ...PULL_CAPABILITIES.window, showDocument: { support: true } } });
    expect(client.init.capabilities.executeCommandProvider?.commands).toContain('nhi.revealPlaceholder');
    const { doc, fix } = await placeholderFix(client);
    expect(fix.command).toMatchObject({ command: 'nhi.revealPlaceholder' });
    const [target] = fix.command!.arguments as [{ uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }];
    expect(target.uri).toBe(doc.uri);

    // Applied like an editor would, the range holds the placeholder.
    const fixed = TextDocument.create(doc.uri, 'terraform', 2, TextDocument.applyEdits(doc, editFor(fix, doc.uri)!.edits));
    expect(fixed.getText(target.range)).toBe('TODO-owner');
    const applied = client.change(doc, [...editFor(fix, doc.uri)!.edits].reverse().map((e) => ({ range: e.range, text: e.newText })));
    expect(applied.getText()).toBe(fixed.getText());

    // The client runs the action's command after the edit: the server asks it to select the placeholder.
    expect(await client.executeCommand(fix.command!.command, fix.command!.arguments)).toBe(true);
    expect(client.shownDocuments).toEqual([{ uri: doc.uri, selection: target.range, takeFocus: true }]);

    // Bad arguments are a clear error, not a crash; a document that is not open is not shown.
    await expect(client.executeCommand('nhi.revealPlaceholder', [{ uri: doc.uri }])).rejects.toMatchObject({ code: -32602 });
    expect(await client.executeCommand('nhi.revealPlaceholder', [{ uri: client.uriOf('elsewhere.tf'), range: target.range }])).toBe(false);
    expect(client.shownDocuments).toHaveLength(1);
    expect(await client.shutdown()).toBe(0);
  });

  it('no command for clients without window/showDocument; snippet clients get a tabstop on the placeholder instead', async () => {
    const plain = await startClient(PULL_CAPABILITIES);
    const { doc, fix } = await placeholderFix(plain);
    expect(fix.command).toBeUndefined();
    const plainText = TextDocument.applyEdits(doc, editFor(fix, doc.uri)!.edits);
    expect(plainText).toContain('TODO-owner');

    const snippets = await startClient({
      ...PULL_CAPABILITIES,
      workspace: { ...PULL_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, resourceOperations: ['create'], snippetEditSupport: true } },
      window: { ...PULL_CAPABILITIES.window, showDocument: { support: true } },
    });
    const { fix: snippetFix } = await placeholderFix(snippets);
    expect(snippetFix.command).toBeUndefined();
    const edits = (snippetFix.edit?.documentChanges?.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === doc.uri.replace(plain.workspaceUri, snippets.workspaceUri))?.edits ?? []) as (
      | PlainEdit
      | { range: PlainEdit['range']; snippet: { kind: string; value: string } }
    )[];
    const withSnippet = edits.filter((e) => 'snippet' in e);
    expect(withSnippet).toHaveLength(1);
    // The snippet is the plain edit's text with the placeholder as tabstop 1 ($, } and \ escaped elsewhere).
    const expanded = edits.map((e) => ({
      range: e.range,
      newText: 'snippet' in e ? e.snippet.value.replace('${1:TODO-owner}', 'TODO-owner').replace(/\\([$}\\])/g, '$1') : e.newText,
    }));
    expect((withSnippet[0] as { snippet: { value: string } }).snippet.value).toContain('${1:TODO-owner}');
    expect(TextDocument.applyEdits(doc, expanded)).toBe(plainText);
  });
});
