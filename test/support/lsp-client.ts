/**
 * A minimal JSON-RPC client for the built language server (dist/server.js over
 * stdio), for LSP-level tests: a temporary workspace folder with files, the
 * client side of initialize / configuration / progress, and what the server
 * sends back (published diagnostics, log and show messages, progress).
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
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
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
  type InitializeResult,
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
  window: { workDoneProgress: true },
};

export interface ProgressEvent {
  kind: 'begin' | 'report' | 'end';
  message?: string;
  percentage?: number;
}

export interface TestLspClient {
  conn: ProtocolConnection;
  child: ChildProcessWithoutNullStreams;
  workspace: string;
  workspaceUri: string;
  init: InitializeResult;
  published: PublishDiagnosticsParams[];
  logs: string[];
  shown: { type: number; message: string }[];
  progress: ProgressEvent[];
  /** What the server gets for `workspace/configuration` (the `nhi` section); change it, then call `configChanged()`. */
  settings: Record<string, unknown>;
  stderr(): string;
  uriOf(relativePath: string): string;
  write(relativePath: string, text: string): void;
  open(relativePath: string, text: string, languageId: string): string;
  /** Runs "NHI: Audit Workspace" and returns its summary. */
  audit<T = Record<string, unknown>>(): Promise<T>;
  request<T>(method: string, params?: unknown): Promise<T>;
  configChanged(): Promise<void>;
  /** Diagnostics of the last publish for a file (undefined if none was sent). */
  lastPublished(relativePath: string): PublishDiagnosticsParams | undefined;
  shutdown(): Promise<number | null>;
  dispose(): void;
}

export async function startLspClient(
  serverPath: string,
  options: { capabilities?: ClientCapabilities; settings?: Record<string, unknown>; files?: Record<string, string>; trusted?: boolean } = {},
): Promise<TestLspClient> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-lsp-ws-'));
  const workspaceUri = pathToFileURL(workspace).href;
  const write = (name: string, text: string) => {
    const file = path.join(workspace, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  for (const [name, text] of Object.entries(options.files ?? {})) write(name, text);

  const child = spawn(process.execPath, [serverPath, '--stdio'], { cwd: workspace, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const client = {
    conn,
    child,
    workspace,
    workspaceUri,
    published: [] as PublishDiagnosticsParams[],
    logs: [] as string[],
    shown: [] as { type: number; message: string }[],
    progress: [] as ProgressEvent[],
    settings: { enable: true, ...(options.settings ?? {}) } as Record<string, unknown>,
  } as TestLspClient;

  conn.onNotification(PublishDiagnosticsNotification.type, (p) => void client.published.push(p));
  conn.onNotification('window/logMessage', (m: { message: string }) => void client.logs.push(m.message));
  conn.onNotification('window/showMessage', (m: { type: number; message: string }) => void client.shown.push(m));
  conn.onNotification('$/progress', (p: { value: ProgressEvent }) => void client.progress.push(p.value));
  conn.onRequest('window/showMessageRequest', (m: { type: number; message: string }) => {
    client.shown.push(m);
    return null;
  });
  conn.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => client.settings));
  conn.onRequest(DiagnosticRefreshRequest.type, () => undefined);
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  conn.onRequest(RegistrationRequest.type, () => undefined);
  conn.listen();

  client.init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: workspaceUri,
    workspaceFolders: [{ uri: workspaceUri, name: path.basename(workspace) }],
    capabilities: options.capabilities ?? PULL_CAPABILITIES,
    initializationOptions: { trusted: options.trusted ?? true },
  });
  await conn.sendNotification(InitializedNotification.type, {});

  client.stderr = () => stderr;
  client.uriOf = (name) => `${workspaceUri}/${name}`;
  client.write = write;
  client.open = (name, text, languageId) => {
    const uri = client.uriOf(name);
    void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  };
  client.audit = <T>() => conn.sendRequest(ExecuteCommandRequest.type, { command: 'nhi.auditWorkspace', arguments: [] }) as Promise<T>;
  client.request = <T>(method: string, params?: unknown) => (params === undefined ? conn.sendRequest(method) : conn.sendRequest(method, params)) as Promise<T>;
  client.configChanged = () => conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
  client.lastPublished = (name) => client.published.filter((p) => p.uri === client.uriOf(name)).at(-1);
  client.shutdown = async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    const code = await exited;
    conn.dispose();
    return code;
  };
  client.dispose = () => {
    if (child.exitCode === null) child.kill();
    conn.dispose();
    fs.rmSync(workspace, { recursive: true, force: true });
  };
  return client;
}
