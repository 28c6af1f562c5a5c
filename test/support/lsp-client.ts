/**
 * The one JSON-RPC test client for the built language server (dist/server.js
 * over stdio): a temporary workspace folder with files (or existing folders),
 * the client side of initialize / configuration / progress / refresh /
 * showDocument, and everything the server sends back: published diagnostics
 * (with waiters), log and show messages, progress, refresh requests, shown
 * documents, and every other notification ("chatter", for leak checks).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowDocumentRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type ShowDocumentParams,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { prepareBuiltTools, type BuiltTools } from './built-tools';

/** A client with pull diagnostics, workspace/configuration, refresh, progress and file-creating edits. */
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

/** A client without pull support (the server publishes diagnostics for open files) and without workspace/configuration. */
export const PUSH_CAPABILITIES: ClientCapabilities = {
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, codeAction: {} },
  workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
};

export interface ProgressEvent {
  kind: 'begin' | 'report' | 'end';
  title?: string;
  message?: string;
  percentage?: number;
}

/** An incremental change as a client sends it. */
export interface ContentChange {
  range: Range;
  text: string;
}

export interface LspClientOptions {
  capabilities?: ClientCapabilities;
  /** What `workspace/configuration` answers (the `nhi` section; `enable: true` is added), also sent as initializationOptions.settings. */
  settings?: Record<string, unknown>;
  /** Files written into the temporary workspace before the server starts. */
  files?: Record<string, string>;
  /** initializationOptions.trusted (default true). */
  trusted?: boolean;
  /**
   * Existing folders to open as the workspace folders instead of a temporary one
   * (never deleted; `workspace` is then the first of them); `root` is the rootUri folder.
   */
  folders?: { path: string; name: string }[];
  root?: string;
  /** Extra environment for the server process (NHI_GRAMMAR_DIR is always unset: the copied bundle finds its grammars next to itself). */
  env?: NodeJS.ProcessEnv;
  /** Working directory of the server (default: the workspace). */
  cwd?: string;
  /** Ask for verbose `$/logTrace` (they land in `chatter`). */
  trace?: boolean;
  /** Answer of window/showDocument requests (default success). */
  showDocumentSucceeds?: boolean;
}

export interface TestLspClient {
  conn: ProtocolConnection;
  child: ChildProcessWithoutNullStreams;
  /** Workspace folder (the temporary one, or the first of `folders`). */
  workspace: string;
  workspaceUri: string;
  init: InitializeResult;
  published: PublishDiagnosticsParams[];
  logs: string[];
  /** window/showMessage notifications and window/showMessageRequest requests. */
  shown: { type: number; message: string }[];
  /** `$/progress` values, in order. */
  progress: ProgressEvent[];
  /** window/showDocument requests the server sent. */
  shownDocuments: ShowDocumentParams[];
  /** workspace/diagnostic/refresh requests received. */
  refreshes: number;
  /** Everything the server says besides answers and diagnostics: log, show, trace, telemetry, progress notifications and requests. */
  chatter: { method: string; params: unknown }[];
  /** What the server gets for `workspace/configuration` (the `nhi` section); change it, then call `configChanged()`. */
  settings: Record<string, unknown>;
  stderr(): string;
  uriOf(relativePath: string): string;
  write(relativePath: string, text: string): void;
  /** Opens a document (didOpen, version 1) and returns its URI. */
  open(relativePath: string, text: string, languageId: string): string;
  /** Opens a document and returns it, for later `change` calls. */
  openDocument(relativePath: string, text: string, languageId: string): TextDocument;
  /** Sends incremental changes (didChange, next version) and returns the updated document. */
  change(doc: TextDocument, changes: ContentChange[]): TextDocument;
  /** Closes a document (didClose). */
  close(doc: TextDocument | string): void;
  /** textDocument/diagnostic for a URI or document. */
  pull(target: string | TextDocument, previousResultId?: string): Promise<DocumentDiagnosticReport>;
  /** The first publish (past or future) for a URI that passes `test`. */
  waitForPublish(uri: string, test?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Diagnostics of the last publish for a file (undefined if none was sent). */
  lastPublished(relativePath: string): PublishDiagnosticsParams | undefined;
  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[]>;
  executeCommand<T = unknown>(command: string, args?: unknown[]): Promise<T>;
  /** Runs "NHI: Audit Workspace" and returns its summary. */
  audit<T = Record<string, unknown>>(): Promise<T>;
  request<T>(method: string, params?: unknown): Promise<T>;
  configChanged(): Promise<void>;
  /** shutdown + exit; resolves with the exit code. */
  shutdown(): Promise<number | null>;
  /** shutdown + exit when possible, else kill; never throws (for afterAll). */
  stop(): Promise<void>;
  /** Kills the server if still running and removes the temporary workspace. */
  dispose(): void;
}

export async function startLspClient(serverPath: string, options: LspClientOptions = {}): Promise<TestLspClient> {
  const ownsWorkspace = !options.folders;
  const workspace = options.folders ? options.folders[0].path : fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-lsp-ws-'));
  const workspaceUri = pathToFileURL(workspace).href;
  const write = (name: string, text: string) => {
    const file = path.join(workspace, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  for (const [name, text] of Object.entries(options.files ?? {})) write(name, text);

  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.NHI_GRAMMAR_DIR;
  const child = spawn(process.execPath, [serverPath, '--stdio'], { cwd: options.cwd ?? workspace, stdio: 'pipe', env });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const client = {
    conn,
    child,
    workspace,
    workspaceUri,
    published: [] as PublishDiagnosticsParams[],
    logs: [] as string[],
    shown: [] as { type: number; message: string }[],
    progress: [] as ProgressEvent[],
    shownDocuments: [] as ShowDocumentParams[],
    refreshes: 0,
    chatter: [] as { method: string; params: unknown }[],
    settings: { enable: true, ...(options.settings ?? {}) } as Record<string, unknown>,
  } as TestLspClient;
  const heard = (method: string, params: unknown) => void client.chatter.push({ method, params });

  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    client.published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.test(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  conn.onNotification('window/logMessage', (m: { message: string }) => {
    heard('window/logMessage', m);
    client.logs.push(m.message);
  });
  conn.onNotification('window/showMessage', (m: { type: number; message: string }) => {
    heard('window/showMessage', m);
    client.shown.push(m);
  });
  conn.onNotification('$/progress', (p: { value: ProgressEvent }) => {
    heard('$/progress', p);
    client.progress.push(p.value);
  });
  // $/logTrace, telemetry/event and anything else.
  conn.onUnhandledNotification((n) => heard(n.method, n.params));
  conn.onRequest('window/showMessageRequest', (m: { type: number; message: string }) => {
    heard('window/showMessageRequest', m);
    client.shown.push(m);
    return null;
  });
  conn.onRequest(ShowDocumentRequest.type, (params) => {
    heard(ShowDocumentRequest.method, params);
    client.shownDocuments.push(params);
    return { success: options.showDocumentSucceeds ?? true };
  });
  conn.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => client.settings));
  conn.onRequest(DiagnosticRefreshRequest.type, () => {
    client.refreshes++;
  });
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  conn.onRequest(RegistrationRequest.type, () => undefined);
  conn.listen();

  const folders = options.folders ?? [{ path: workspace, name: path.basename(workspace) }];
  client.init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(options.root ?? workspace).href,
    workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f.path).href, name: f.name })),
    capabilities: options.capabilities ?? PULL_CAPABILITIES,
    initializationOptions: { trusted: options.trusted ?? true, settings: client.settings },
    ...(options.trace ? { trace: 'verbose' as const } : {}),
  });
  await conn.sendNotification(InitializedNotification.type, {});
  if (options.trace) await conn.sendNotification('$/setTrace', { value: 'verbose' });

  client.stderr = () => stderr;
  client.uriOf = (name) => `${workspaceUri}/${name}`;
  client.write = write;
  client.openDocument = (name, text, languageId) => {
    const uri = client.uriOf(name);
    void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return TextDocument.create(uri, languageId, 1, text);
  };
  client.open = (name, text, languageId) => client.openDocument(name, text, languageId).uri;
  client.change = (doc, changes) => {
    const next = TextDocument.update(doc, changes, doc.version + 1);
    void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: doc.uri, version: next.version }, contentChanges: changes });
    return next;
  };
  client.close = (doc) => {
    void conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: typeof doc === 'string' ? doc : doc.uri } });
  };
  client.pull = (target, previousResultId) =>
    conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: typeof target === 'string' ? target : target.uri }, previousResultId });
  client.waitForPublish = (uri, test = () => true, timeoutMs = 15_000) => {
    const seen = client.published.find((p) => p.uri === uri && test(p));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { uri, test, resolve };
      waiters.push(waiter);
      setTimeout(() => {
        if (!waiters.includes(waiter)) return;
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no matching publishDiagnostics for ${uri} within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  };
  client.lastPublished = (name) => client.published.filter((p) => p.uri === client.uriOf(name)).at(-1);
  client.codeActions = async (uri, range, diagnostics, only) =>
    ((await conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: only ? { diagnostics, only } : { diagnostics } })) ?? []) as (CodeAction | Command)[];
  client.executeCommand = <T>(command: string, args: unknown[] = []) => conn.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<T>;
  client.audit = <T>() => client.executeCommand<T>('nhi.auditWorkspace');
  client.request = <T>(method: string, params?: unknown) => (params === undefined ? conn.sendRequest(method) : conn.sendRequest(method, params)) as Promise<T>;
  client.configChanged = () => conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });

  let stopped = false;
  client.shutdown = async () => {
    stopped = true;
    const exited = new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    const code = await exited;
    conn.dispose();
    return code;
  };
  client.stop = async () => {
    if (stopped) return;
    stopped = true;
    const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    try {
      await conn.sendRequest(ShutdownRequest.type);
      await conn.sendNotification(ExitNotification.type);
    } catch {
      child.kill();
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null) child.kill();
    conn.dispose();
  };
  client.dispose = () => {
    if (child.exitCode === null) child.kill();
    conn.dispose();
    if (ownsWorkspace) fs.rmSync(workspace, { recursive: true, force: true });
  };
  return client;
}

export interface BuiltServer {
  /** Starts a client against this test file's private copy of the built server; disposed after each test. */
  start(options?: LspClientOptions): Promise<TestLspClient>;
  /** The built bundles (available from the first test on). */
  tools(): BuiltTools;
}

/**
 * Registers the hooks a test file needs to drive the built server: the bundles
 * are built if stale and copied once (beforeAll), every client started in a test
 * is killed and its workspace removed after it, the copy is removed at the end.
 */
export function useBuiltServer(prefix: string): BuiltServer {
  let tools: BuiltTools | undefined;
  const clients: TestLspClient[] = [];
  beforeAll(async () => {
    tools = await prepareBuiltTools(prefix);
  }, 180_000);
  afterEach(() => {
    for (const c of clients.splice(0)) c.dispose();
  });
  afterAll(() => tools?.dispose());
  const built = (): BuiltTools => {
    if (!tools) throw new Error('the built server is ready only inside tests (beforeAll has not run)');
    return tools;
  };
  return {
    async start(options) {
      const client = await startLspClient(built().server, options);
      clients.push(client);
      return client;
    },
    tools: built,
  };
}
