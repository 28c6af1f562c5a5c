/**
 * A small JSON-RPC client for the built language server (dist/server.js over
 * stdio), for the hostile-input and bad-configuration tests: open, pull, collect
 * published diagnostics, log and showMessage notifications.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
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
  type DocumentDiagnosticReport,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const PULL_CAPABILITIES: ClientCapabilities = {
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false }, codeAction: {}, synchronization: {} },
  workspace: {
    configuration: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
    diagnostics: { refreshSupport: true },
    workspaceFolders: true,
  },
};

export const PUSH_CAPABILITIES: ClientCapabilities = {
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, codeAction: {} },
  workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
};

export interface LspClient {
  conn: ProtocolConnection;
  child: ChildProcessWithoutNullStreams;
  workspace: string;
  workspaceUri: string;
  published: PublishDiagnosticsParams[];
  logs: string[];
  shown: { type: number; message: string }[];
  stderr(): string;
  uriOf(name: string): string;
  open(name: string, text: string, languageId: string): string;
  pull(uri: string): Promise<DocumentDiagnosticReport>;
  waitForPublish(uri: string, test?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  shutdown(): Promise<number | null>;
  dispose(): void;
}

export async function startServer(
  serverPath: string,
  options: { capabilities?: ClientCapabilities; settings?: Record<string, unknown>; files?: Record<string, string>; trusted?: boolean } = {},
): Promise<LspClient> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-fuzz-ws-'));
  for (const [name, text] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    fs.writeFileSync(path.join(workspace, name), text);
  }
  const workspaceUri = pathToFileURL(workspace).href;
  const child = spawn(process.execPath, [serverPath, '--stdio'], { cwd: workspace, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const logs: string[] = [];
  const shown: { type: number; message: string }[] = [];
  const settings = { enable: true, ...(options.settings ?? {}) };

  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.test(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  conn.onNotification('window/logMessage', (m: { message: string }) => void logs.push(m.message));
  conn.onNotification('window/showMessage', (m: { type: number; message: string }) => void shown.push(m));
  conn.onRequest('window/showMessageRequest', (m: { type: number; message: string }) => {
    shown.push(m);
    return null;
  });
  conn.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings));
  conn.onRequest(DiagnosticRefreshRequest.type, () => undefined);
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  conn.onRequest(RegistrationRequest.type, () => undefined);
  conn.listen();

  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: workspaceUri,
    workspaceFolders: [{ uri: workspaceUri, name: 'ws' }],
    capabilities: options.capabilities ?? PULL_CAPABILITIES,
    initializationOptions: { trusted: options.trusted ?? true, settings },
  });
  await conn.sendNotification(InitializedNotification.type, {});

  const uriOf = (name: string) => `${workspaceUri}/${name}`;
  return {
    conn,
    child,
    workspace,
    workspaceUri,
    published,
    logs,
    shown,
    stderr: () => stderr,
    uriOf,
    open(name, text, languageId) {
      const uri = uriOf(name);
      void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
      return uri;
    },
    pull: (uri) => conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }),
    waitForPublish(uri, test = () => true, timeoutMs = 15_000) {
      const seen = published.find((p) => p.uri === uri && test(p));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ uri, test, resolve });
        setTimeout(() => reject(new Error(`no matching publishDiagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      });
    },
    async shutdown() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await conn.sendRequest(ShutdownRequest.type);
      await conn.sendNotification(ExitNotification.type);
      const code = await exited;
      conn.dispose();
      return code;
    },
    dispose() {
      if (child.exitCode === null) child.kill();
      conn.dispose();
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  };
}
