/**
 * NHI Hygiene language server: LSP wiring only. Analysis lives in the engine,
 * LSP-shaped results in service/; this file owns the connection, document sync,
 * pull/push diagnostics, code actions, configuration, the (incremental) audit
 * command with the inventory / report / baseline requests answered from its
 * results, and cancellation. Never logs document text; one bad request never
 * stops the server.
 */
import {
  createConnection,
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  ResponseError,
  StreamMessageReader,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type Position,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initEngine } from './engine/analyze';
import { mergeConfig, type Config } from './engine/config';
import * as workspace from './engine/workspace';
import { readWorkspaceConfig, WORKSPACE_CONFIG_FILE, type ConfigProblem } from './engine/workspace-config';
import { errorSummary, LanguageService } from './service/language-service';
import { folderOf, fsPathToUri, uriKey, uriToFsPath } from './service/paths';
import {
  AUDIT_WORKSPACE_COMMAND,
  CREATE_BASELINE_REQUEST,
  INVENTORY_REQUEST,
  REPORT_REQUEST,
  REVEAL_PLACEHOLDER_COMMAND,
  WORKSPACE_TRUST_NOTIFICATION,
  type AuditSummary,
  type CreateBaselineResult,
  type InitializationOptions,
  type InventoryResult,
  type ReportFormat,
  type ReportParams,
  type ReportResult,
  type RevealPlaceholderArgs,
} from './service/protocol';
import { FolderAuditCache } from './service/audit-cache';
import { inThreadBackend, workerBackend, type AuditBackend } from './service/audit-worker';
import { hiddenFingerprints, inventoryView, renderReport, shownFindings, type FolderAudit } from './service/audit-views';
import { BaselineError, createBaseline, DEFAULT_BASELINE_FILE, parseBaseline, serializeBaseline, type Baseline } from './engine/baseline';
import type { FileResult } from './engine/workspace';
import { version } from '../../package.json';
import { createWorkspaceHost } from './service/workspace-host';
import { LINKED_FILE, WorkspaceLinks } from './service/link-index';
import type { EditCapabilities } from './service/code-actions';
import { SingleWriteMessageWriter } from './message-writer';
import { DiagnosticReports } from './service/diagnostic-reports';
import { IdleWarmUp } from './service/warm-up';

/** Push mode: wait this long after the last keystroke before analysing. */
const PUSH_DEBOUNCE_MS = 150;
/** Audit progress notifications, at most this often (besides each phase's first and last). */
const PROGRESS_EVERY_MS = 100;
/** The background index of identity links starts this long after the client is ready. */
const LINK_INDEX_DELAY_MS = 1500;
/** Edits to one file of a Terraform module re-analyse the module's other open files after this pause. */
const MODULE_REFRESH_DEBOUNCE_MS = 400;

const connection: Connection = createConnection(new StreamMessageReader(process.stdin), new SingleWriteMessageWriter(process.stdout));
const documents = new TextDocuments(TextDocument);

let clientCapabilities: ClientCapabilities = {};
let pullDiagnostics = false;
let trusted = true;
let folders: string[] = [];
let initSettings: Record<string, unknown> = {};
let editCapabilities: EditCapabilities = { documentChanges: false, createFiles: false };

const log = (message: string): void => connection.console.log(message);
const logError = (where: string, err: unknown): void => connection.console.error(`${where}: ${errorSummary(err)}`);

const host = createWorkspaceHost(documents, () => folders);
const workspaceLinks = new WorkspaceLinks();
const service = new LanguageService(host, { log, links: workspaceLinks, onLinksChanged: (uri) => linksChanged(uri) });
/** Types warm-up keystrokes into private copies while the editor is quiet (service/warm-up.ts). */
const warmUp = new IdleWarmUp({ log });
// Every message from the editor (stdin is the only transport) postpones the warm-up.
process.stdin.on('data', () => warmUp.activity());
connection.onShutdown(() => warmUp.dispose());

/**
 * Grammars load on demand: the one a document needs before its first analysis
 * (all twelve would delay the first diagnostics by about a second). A grammar
 * that fails to load leaves the text-based checks running, with a note.
 */
function engineReadyFor(uri: string): Promise<void> {
  let path: string;
  try {
    path = uri.startsWith('file:') ? (uriToFsPath(uri) ?? uri) : uri;
  } catch {
    path = uri;
  }
  return initEngine([path]).catch((err) => logError('Loading a tree-sitter grammar failed', err));
}

// ---------------------------------------------------------------------------
// Configuration: editor settings (`nhi` section) with `.nhi.yaml` merged over them
// ---------------------------------------------------------------------------

const configByFolder = new Map<string, Promise<Config>>();
const reportedConfigErrors = new Set<string>();

function configFor(uri: string): Promise<Config> {
  const folder = folderOf(uri, folders) ?? '';
  let config = configByFolder.get(folder);
  if (!config) {
    config = loadConfig(folder || undefined);
    configByFolder.set(folder, config);
  }
  return config;
}

async function loadConfig(folder: string | undefined): Promise<Config> {
  let settings: Record<string, unknown> = initSettings;
  if (clientCapabilities.workspace?.configuration) {
    try {
      const section: unknown = await connection.workspace.getConfiguration({ scopeUri: folder, section: 'nhi' });
      if (section && typeof section === 'object') settings = section as Record<string, unknown>;
    } catch (err) {
      logError('Reading the editor settings failed', err);
    }
  }
  const root = folder ? uriToFsPath(folder) : undefined;
  if (!root) return mergeConfig(settings, {});
  const configUri = fsPathToUri(path.join(root, WORKSPACE_CONFIG_FILE));
  try {
    // Never throws: each bad key falls back to the editor's value or the default, the rest apply.
    const loaded = readWorkspaceConfig(root, { base: settings });
    for (const w of loaded.warnings) log(w);
    showConfigProblems(configUri, loaded.problems);
    return loaded.config;
  } catch (err) {
    logError(`Reading ${WORKSPACE_CONFIG_FILE} failed`, err);
    return mergeConfig(settings, {});
  }
}

/** `.nhi.yaml` problems as diagnostics on the file itself (by uriKey), pushed so they show whether or not it is open. */
const configDiagnostics = new Map<string, { uri: string; diagnostics: Diagnostic[] }>();

function showConfigProblems(uri: string, problems: ConfigProblem[]): void {
  const diagnostics: Diagnostic[] = problems.map((p) => ({
    range: {
      start: { line: Math.max(0, p.line - 1), character: Math.max(0, p.column - 1) },
      end: { line: Math.max(0, p.endLine - 1), character: Math.max(0, p.endColumn - 1) },
    },
    severity: 1,
    source: 'nhi',
    code: 'nhi/config',
    message: `${p.message} (${p.key ? `"${p.key}" uses` : 'settings use'} the editor setting or default instead)`,
  }));
  const key = uriKey(uri);
  const before = JSON.stringify(configDiagnostics.get(key)?.diagnostics ?? []);
  if (before === JSON.stringify(diagnostics)) return;
  if (diagnostics.length > 0) configDiagnostics.set(key, { uri, diagnostics });
  else configDiagnostics.delete(key);
  const open = documents.all().find((d) => uriKey(d.uri) === key);
  void connection.sendDiagnostics({ uri: open?.uri ?? uri, diagnostics: withConfigDiagnostics(open?.uri ?? uri, pullDiagnostics || !open ? [] : (service.cached(open.uri)?.diagnostics ?? [])) });
  for (const p of problems) log(`${p.file}:${p.line}:${p.column}: ${p.message}`);
  const summary = problems.map((p) => `${p.line}:${p.message}`).join('\n');
  if (problems.length > 0 && !reportedConfigErrors.has(summary)) {
    reportedConfigErrors.add(summary);
    const first = problems[0];
    void connection.window.showWarningMessage(
      `NHI Hygiene: ${WORKSPACE_CONFIG_FILE} line ${first.line}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}. The other settings still apply.`,
    );
  }
}

/** A push for `uri` replaces all of its pushed diagnostics: keep the `.nhi.yaml` problems in. */
function withConfigDiagnostics(uri: string, diagnostics: Diagnostic[]): Diagnostic[] {
  const extra = configDiagnostics.get(uriKey(uri))?.diagnostics;
  return extra ? [...diagnostics, ...extra] : diagnostics;
}

function configChanged(): void {
  configByFolder.clear();
  service.clear();
  reanalyseOpenDocuments(documents.all().map((d) => d.uri));
}

/** Drops cached analyses and has the client pull (or gets them pushed) again. */
function reanalyseOpenDocuments(uris: string[]): void {
  if (uris.length === 0) return;
  for (const uri of uris) service.forget(uri);
  if (pullDiagnostics) {
    if (clientCapabilities.workspace?.diagnostics?.refreshSupport) {
      connection.languages.diagnostics.refresh().catch((err) => logError('Diagnostic refresh failed', err));
    }
  } else {
    for (const uri of uris) schedulePush(uri, 0);
  }
}

/**
 * A Terraform module is all `.tf` files of a directory: a change to one (its
 * locals, variables, provider default_tags) changes the findings of the others.
 */
const moduleRefreshTimers = new Map<string, ReturnType<typeof setTimeout>>();
function moduleFileChanged(uri: string): void {
  const file = uriToFsPath(uri);
  if (!file || !file.endsWith('.tf')) return;
  const dir = path.dirname(file);
  clearTimeout(moduleRefreshTimers.get(dir));
  moduleRefreshTimers.set(
    dir,
    setTimeout(() => {
      moduleRefreshTimers.delete(dir);
      const dependents = documents.all().filter((d) => {
        const other = uriToFsPath(d.uri);
        return other !== undefined && other !== file && other.endsWith('.tf') && path.dirname(other) === dir;
      });
      reanalyseOpenDocuments(dependents.map((d) => d.uri));
    }, MODULE_REFRESH_DEBOUNCE_MS),
  );
}

// ---------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------

connection.onInitialize((params: InitializeParams): InitializeResult => {
  clientCapabilities = params.capabilities;
  pullDiagnostics = !!clientCapabilities.textDocument?.diagnostic;
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  trusted = options.trusted !== false;
  initSettings = options.settings && typeof options.settings === 'object' ? options.settings : {};
  const workspaceEdit = clientCapabilities.workspace?.workspaceEdit;
  editCapabilities = {
    documentChanges: !!workspaceEdit?.documentChanges,
    createFiles: !!workspaceEdit?.resourceOperations?.includes('create'),
    changeAnnotations: !!workspaceEdit?.changeAnnotationSupport,
    snippetEdits: !!workspaceEdit?.snippetEditSupport,
    showDocument: !!clientCapabilities.window?.showDocument?.support,
  };
  folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : params.rootPath ? [fsPathToUri(params.rootPath)] : []);

  const result: InitializeResult = {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: ['quickfix'], resolveProvider: false },
      executeCommandProvider: { commands: [AUDIT_WORKSPACE_COMMAND, REVEAL_PLACEHOLDER_COMMAND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'nhi-hygiene' },
  };
  if (pullDiagnostics) {
    // Its own collection name: the client's push collection (used by the audit for closed files) is 'nhi'.
    result.capabilities.diagnosticProvider = { identifier: 'nhi-pull', interFileDependencies: false, workspaceDiagnostics: false };
  }
  return result;
});

connection.onInitialized(() => {
  if (clientCapabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'nhi' }).catch((err) => logError('Registering for configuration changes failed', err));
  }
  if (clientCapabilities.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => f.uri));
      for (const uri of removed) {
        auditCaches.delete(uri);
        lastAudits.delete(uri);
      }
      folders = [...folders.filter((f) => !removed.has(f)), ...event.added.map((f) => f.uri)];
      configChanged();
    });
  }
  log(`NHI Hygiene server started (${pullDiagnostics ? 'pull' : 'push'} diagnostics, workspace ${trusted ? 'trusted' : 'untrusted'}).`);
  // Read each folder's settings now, so `.nhi.yaml` problems show before any file is opened.
  for (const folder of folders) void configFor(folder).catch((err) => logError('Reading the configuration failed', err));
  // Read-only, so also in untrusted workspaces; after the first diagnostics, not before.
  setTimeout(() => void indexWorkspaceLinks(), LINK_INDEX_DELAY_MS);
});

/**
 * Background pass: the identity links of every IaC / CI / manifest file, so a
 * finding in an open file can point at the other pieces of its identity (the IAM
 * user behind a workflow's key, the Deployments that run as a ServiceAccount).
 */
async function indexWorkspaceLinks(): Promise<void> {
  const audit = (workspace as { auditWorkspace?: typeof workspace.auditWorkspace }).auditWorkspace;
  if (typeof audit !== 'function') return;
  const started = Date.now();
  let files = 0;
  try {
    for (const folder of folders) {
      const root = uriToFsPath(folder);
      if (!root) continue;
      // An audit indexes the links of every file it reads: no need to do it twice.
      if (auditRunning || auditedOnce) return;
      const result = await audit([root], {
        config: await configFor(folder),
        linksOnly: true,
        include: (p) => LINKED_FILE.test(p),
        isCancelled: () => auditRunning,
      });
      if (result.cancelled) return;
      workspaceLinks.setAll(result.files);
      files += result.filesScanned;
    }
    log(`Indexed identity links of ${files} files in ${Date.now() - started} ms.`);
    reanalyseOpenDocuments(documents.all().map((d) => d.uri));
  } catch (err) {
    logError('Indexing identity links failed', err);
  }
}

/** An open document's identity links changed: the other open documents' related information may have too. */
let linksRefreshTimer: ReturnType<typeof setTimeout> | undefined;
function linksChanged(uri: string): void {
  clearTimeout(linksRefreshTimer);
  linksRefreshTimer = setTimeout(() => {
    const key = uriKey(uri);
    reanalyseOpenDocuments(documents.all().filter((d) => uriKey(d.uri) !== key).map((d) => d.uri));
  }, MODULE_REFRESH_DEBOUNCE_MS);
}

connection.onDidChangeConfiguration((change) => {
  const settings = (change.settings as { nhi?: unknown } | undefined)?.nhi;
  if (settings && typeof settings === 'object') initSettings = settings as Record<string, unknown>;
  configChanged();
});

connection.onDidChangeWatchedFiles((change) => {
  // The client watches .nhi.yaml; any change to one re-reads the configuration.
  if (change.changes.some((c) => /(^|\/)\.nhi\.ya?ml$/.test(c.uri))) configChanged();
  // … and Terraform files, which other files of their module depend on.
  for (const c of change.changes) moduleFileChanged(c.uri);
  // … and every file that may hold identity links (created, changed or deleted on disk).
  void refreshDiskLinks(change.changes.map((c) => c.uri));
});

/**
 * The link index holds an open document's live links. When it is closed (its unsaved text is
 * gone), or a linked file is created, changed or deleted on disk, the file's links are read
 * from disk again (none for a deleted file), and open documents are re-analysed if what the
 * links say changed: no related place points into a deleted file or at unsaved text.
 */
async function refreshDiskLinks(uris: string[]): Promise<void> {
  let changed = false;
  for (const uri of uris) {
    if (!LINKED_FILE.test(uri) || documents.get(uri)) continue;
    // Where the background index never looks (dependencies, VCS data), a change adds nothing.
    const file = uriToFsPath(uri);
    if (!file || workspace.inAlwaysSkippedFolder(file)) continue;
    try {
      await engineReadyFor(uri);
      const config = await configFor(uri);
      if (documents.get(uri)) continue; // opened meanwhile: its live links count
      if (workspaceLinks.set(uri, service.diskLinks(uri, config))) changed = true;
    } catch (err) {
      logError(`Reading the identity links of ${uri} failed`, err);
    }
    // Many files at once (a branch switch): let the editor's requests in between.
    await yieldToEventLoop();
  }
  if (changed) reanalyseOpenDocuments(documents.all().map((d) => d.uri));
}

connection.onNotification(WORKSPACE_TRUST_NOTIFICATION, () => {
  trusted = true;
  log('Workspace trusted: quick fixes enabled.');
});

// ---------------------------------------------------------------------------
// Diagnostics: pull (LSP 3.17) when the client supports it, push otherwise
// ---------------------------------------------------------------------------

/** For `run: onSave`: the version last opened or saved, which is the one analysed. */
const savedVersion = new Map<string, number>();
/** The last report pulled per document: an unchanged one is answered as such. */
const reports = new DiagnosticReports();

connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
  const uri = params.textDocument.uri;
  try {
    await engineReadyFor(uri);
    const config = await configFor(uri);
    // Let pending didChange / $/cancelRequest messages arrive before the (synchronous) analysis.
    await yieldToEventLoop();
    throwIfCancelled(token);
    const doc = documents.get(uri);
    if (!doc) return { kind: 'full', items: [] };
    const cached = service.cached(uri);
    // run: onSave keeps the saved version's diagnostics while the user types.
    const items = config.run === 'onSave' && cached && cached.config === config && doc.version !== savedVersion.get(uri) ? cached.diagnostics : service.diagnostics(doc, config);
    warmUp.analysed(doc, config);
    return reports.report(uri, params.previousResultId, items);
  } catch (err) {
    if (err instanceof ResponseError) throw err;
    logError(`Diagnostics for ${uri} failed`, err);
    return { kind: 'full', items: [] };
  }
});

function throwIfCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'Cancelled', { retriggerRequest: true });
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const pushTimers = new Map<string, NodeJS.Timeout>();

function schedulePush(uri: string, delay = PUSH_DEBOUNCE_MS): void {
  if (pullDiagnostics) return;
  clearTimeout(pushTimers.get(uri));
  pushTimers.set(
    uri,
    setTimeout(() => {
      pushTimers.delete(uri);
      void pushDiagnostics(uri);
    }, delay),
  );
}

async function pushDiagnostics(uri: string): Promise<void> {
  try {
    await engineReadyFor(uri);
    const config = await configFor(uri);
    const doc = documents.get(uri);
    if (!doc) return;
    if (config.run === 'onSave' && doc.version !== savedVersion.get(uri)) return;
    await connection.sendDiagnostics({ uri, version: doc.version, diagnostics: withConfigDiagnostics(uri, service.diagnostics(doc, config)) });
    warmUp.analysed(doc, config);
  } catch (err) {
    logError(`Diagnostics for ${uri} failed`, err);
  }
}

/** Files whose diagnostics came from an audit (pushed); an editor takes them over on open. */
const auditedUris = new Set<string>();

documents.onDidOpen(({ document }) => {
  savedVersion.set(document.uri, document.version);
  const key = uriKey(document.uri);
  for (const audited of auditedUris) {
    if (uriKey(audited) !== key) continue;
    auditedUris.delete(audited);
    // Pull results replace the audit's pushed ones; in push mode the next push does.
    if (pullDiagnostics) void connection.sendDiagnostics({ uri: audited, diagnostics: [] });
  }
  schedulePush(document.uri, 0);
});

// Also fires right after didOpen (same version): analyse that one at once, debounce real edits.
documents.onDidChangeContent(({ document }) => {
  const opened = document.version === savedVersion.get(document.uri);
  schedulePush(document.uri, opened ? 0 : PUSH_DEBOUNCE_MS);
  if (!opened) moduleFileChanged(document.uri);
});

documents.onDidSave(({ document }) => {
  savedVersion.set(document.uri, document.version);
  if (pullDiagnostics) return; // the client pulls on save
  schedulePush(document.uri, 0);
});

documents.onDidClose(({ document }) => {
  clearTimeout(pushTimers.get(document.uri));
  pushTimers.delete(document.uri);
  savedVersion.delete(document.uri);
  reports.forget(document.uri);
  service.close(document.uri);
  void refreshDiskLinks([document.uri]);
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: withConfigDiagnostics(document.uri, []) });
});

// ---------------------------------------------------------------------------
// Code actions
// ---------------------------------------------------------------------------

connection.onCodeAction(async (params, token) => {
  const uri = params.textDocument.uri;
  try {
    if (!trusted) return [];
    await engineReadyFor(uri);
    const config = await configFor(uri);
    if (token.isCancellationRequested) return [];
    const doc = documents.get(uri);
    if (!doc) return [];
    return service.codeActions(
      doc,
      { range: params.range, diagnostics: params.context.diagnostics, only: params.context.only },
      { config, trusted, capabilities: editCapabilities },
    );
  } catch (err) {
    logError(`Code actions for ${uri} failed`, err);
    return [];
  }
});

// ---------------------------------------------------------------------------
// NHI: Audit Workspace (incremental), and the inventory, report and baseline
// built from its last results
// ---------------------------------------------------------------------------

let auditRunning = false;
let auditedOnce = false;
/** Per workspace folder (URI): content hashes and results of the files audited so far. */
const auditCaches = new Map<string, FolderAuditCache>();
/** Per workspace folder (URI): the last audit that ran to the end. */
const lastAudits = new Map<string, FolderAudit>();
const reportedBaselineErrors = new Set<string>();

declare const __NHI_BUNDLED__: boolean | undefined;
/**
 * Large audits run in a worker thread with a bounded heap (the server's own heap
 * would grow by the audit's garbage). Only the bundle can be the worker's script
 * (server-main.ts); from the TypeScript sources (tests) audits stay in-thread.
 */
function auditBackend(audit: typeof workspace.auditWorkspace): AuditBackend {
  const bundled = typeof __NHI_BUNDLED__ !== 'undefined' && __NHI_BUNDLED__;
  return workerBackend({ script: bundled ? __filename : undefined, fallback: inThreadBackend(audit) });
}

connection.onExecuteCommand(async (params, token, workDone) => {
  if (params.command === REVEAL_PLACEHOLDER_COMMAND) return revealPlaceholder(params.arguments?.[0]);
  if (params.command !== AUDIT_WORKSPACE_COMMAND) throw new ResponseError(-32601, `Unknown command ${params.command}`);
  if (auditRunning) throw new ResponseError(-32803, 'An audit is already running.');
  const audit = (workspace as { auditWorkspace?: typeof workspace.auditWorkspace }).auditWorkspace;
  if (typeof audit !== 'function') throw new ResponseError(-32803, 'The workspace audit is not available in this build.');
  auditRunning = true;
  let progress: WorkDoneProgressReporter & { token?: CancellationToken } = workDone;
  if (!params.workDoneToken && clientCapabilities.window?.workDoneProgress) {
    progress = await connection.window.createWorkDoneProgress().catch(() => workDone);
  }
  const cancelled = () => token.isCancellationRequested || !!progress.token?.isCancellationRequested;
  const summary: AuditSummary = {
    filesScanned: 0,
    filesWithFindings: 0,
    findings: 0,
    cancelled: false,
    durationMs: 0,
    filesAnalysed: 0,
    filesReused: 0,
    bySeverity: { error: 0, warning: 0, info: 0 },
    baselined: 0,
    suppressed: 0,
  };
  const started = Date.now();
  const previous = new Set(auditedUris);
  try {
    progress.begin('NHI: Auditing workspace', 0, 'Listing files…', true);
    const roots = folders.filter((f) => uriToFsPath(f));
    for (const [i, folder] of roots.entries()) {
      if (cancelled()) break;
      const root = path.resolve(uriToFsPath(folder) as string);
      const config = await configFor(folder);
      const baseline = readBaseline(root);
      const hidden = hiddenFingerprints(baseline, config);
      let cache = auditCaches.get(folder);
      if (!cache || cache.root !== root) {
        cache = new FolderAuditCache(root, audit, auditBackend(audit));
        auditCaches.set(folder, cache);
      }
      const where = roots.length > 1 ? ` in ${path.basename(root)}` : '';
      let lastReport = 0;
      const run = await cache.run({
        config,
        isCancelled: cancelled,
        onProgress: (phase, done, total, reused) => {
          // A message per file would be 20,000 notifications for a large folder: a few per second do.
          const now = Date.now();
          if (done > 1 && done < total && now - lastReport < PROGRESS_EVERY_MS) return;
          lastReport = now;
          // Hashing is quick next to analysis: the first fifth of the bar.
          const share = total > 0 ? (phase === 'checking' ? 0.2 * (done / total) : 0.2 + 0.8 * (done / total)) : 1;
          const message =
            phase === 'checking'
              ? `Checking ${done}/${total} files for changes${where}`
              : `${done}/${total} changed files${where}; ${reused} unchanged, reused`;
          progress.report(Math.floor(((i + share) / roots.length) * 100), message);
        },
        onFile: (file) => {
          previous.delete(file.uri);
          workspaceLinks.set(file.uri, file.links ?? []);
          publishAuditFile(file, hidden);
        },
        onNote: log,
      });
      const result = run.result;
      summary.filesScanned += result.filesScanned;
      summary.filesAnalysed! += run.analysed;
      summary.filesReused! += run.reused;
      summary.cancelled ||= result.cancelled;
      // Related locations across files are known once every file is in: publish those files again.
      const linked = new Set(result.linkedUris ?? []);
      for (const file of result.files) {
        if (linked.has(file.uri)) publishAuditFile(file, hidden);
        let any = false;
        for (const f of file.findings) {
          if (f.suppressed) summary.suppressed!++;
          else if (hidden.has(f.fingerprint)) summary.baselined!++;
          else {
            any = true;
            summary.findings++;
            summary.bySeverity![f.severity]++;
          }
        }
        if (any) summary.filesWithFindings++;
      }
      // A cancelled audit leaves the last complete one in place for the inventory and report.
      if (!result.cancelled) lastAudits.set(folder, { name: path.basename(root), result, baseline, config, finished: new Date() });
    }
    summary.cancelled ||= cancelled();
    if (!summary.cancelled) {
      // Files that had audit findings before and were not reported this time are clean (or gone).
      for (const uri of previous) {
        auditedUris.delete(uri);
        if (!isOpen(uri)) void connection.sendDiagnostics({ uri, diagnostics: withConfigDiagnostics(uri, []) });
      }
    }
    summary.durationMs = Date.now() - started;
    log(
      `Audit ${summary.cancelled ? 'cancelled' : 'finished'}: ${summary.filesScanned} files (${summary.filesAnalysed} analysed, ${summary.filesReused} unchanged and reused), ` +
        `${summary.findings} findings (${summary.baselined} baselined, ${summary.suppressed} suppressed) in ${summary.durationMs} ms.`,
    );
    return summary;
  } catch (err) {
    logError('Workspace audit failed', err);
    throw new ResponseError(-32803, `The workspace audit failed: ${errorSummary(err)}`);
  } finally {
    progress.done();
    auditRunning = false;
    auditedOnce = true;
  }
});

/**
 * After a quick fix that leaves a placeholder (`TODO-owner`): shows its document
 * with the placeholder selected, so the user types the real value. Only for open
 * documents and clients that support `window/showDocument`; returns whether it was shown.
 */
async function revealPlaceholder(arg: unknown): Promise<boolean> {
  const { uri, range } = (arg ?? {}) as Partial<RevealPlaceholderArgs>;
  const isPosition = (p: unknown): p is Position =>
    !!p && typeof p === 'object' && Number.isInteger((p as Position).line) && Number.isInteger((p as Position).character) && (p as Position).line >= 0 && (p as Position).character >= 0;
  if (typeof uri !== 'string' || !range || !isPosition(range.start) || !isPosition(range.end)) {
    throw new ResponseError(-32602, `${REVEAL_PLACEHOLDER_COMMAND} expects { uri, range }.`);
  }
  if (!clientCapabilities.window?.showDocument?.support || !isOpen(uri)) return false;
  try {
    return (await connection.window.showDocument({ uri, selection: { start: range.start, end: range.end }, takeFocus: true })).success;
  } catch (err) {
    logError('Showing the placeholder failed', err);
    return false;
  }
}

/** Pushes an audited file's diagnostics (not for open files: the editor's own are newer). */
function publishAuditFile(file: FileResult, hidden: ReadonlySet<string>): void {
  try {
    if (isOpen(file.uri)) return;
    const diagnostics = service.auditDiagnostics({ ...file, findings: shownFindings(file, hidden) });
    const had = auditedUris.has(file.uri);
    if (diagnostics.length > 0) auditedUris.add(file.uri);
    else auditedUris.delete(file.uri);
    // A clean file that showed nothing before needs no message (20,000 of them would flood the client).
    if (diagnostics.length === 0 && !had) return;
    void connection.sendDiagnostics({ uri: file.uri, diagnostics: withConfigDiagnostics(file.uri, diagnostics) });
  } catch (err) {
    logError('Publishing audit results failed', err);
  }
}

/** The folder's `.nhi-baseline.json`, if any; a broken one is reported (once) and ignored. */
function readBaseline(root: string): Baseline | undefined {
  const file = path.join(root, DEFAULT_BASELINE_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return parseBaseline(text);
  } catch (err) {
    const reason = err instanceof BaselineError ? err.message : errorSummary(err);
    const message = `${DEFAULT_BASELINE_FILE} in ${path.basename(root)} is ignored: ${reason}. "NHI: Create Baseline" writes a new one.`;
    log(message);
    if (!reportedBaselineErrors.has(message)) {
      reportedBaselineErrors.add(message);
      void connection.window.showWarningMessage(`NHI Hygiene: ${message}`);
    }
    return undefined;
  }
}

/** The last audits in workspace-folder order, with the current settings (so `audit.showBaselined` applies at once). */
async function currentAudits(): Promise<FolderAudit[]> {
  const out: FolderAudit[] = [];
  for (const folder of folders) {
    const last = lastAudits.get(folder);
    if (last) out.push({ ...last, config: await configFor(folder) });
  }
  return out;
}

connection.onRequest(INVENTORY_REQUEST, async (): Promise<InventoryResult> => {
  try {
    return inventoryView(await currentAudits());
  } catch (err) {
    logError('Building the inventory failed', err);
    throw new ResponseError(-32803, `Building the inventory failed: ${errorSummary(err)}`);
  }
});

const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'sarif', 'json'];

connection.onRequest(REPORT_REQUEST, async (params: ReportParams | undefined): Promise<ReportResult> => {
  const format = params?.format;
  if (!format || !REPORT_FORMATS.includes(format)) throw new ResponseError(-32602, `Unknown report format; expected one of ${REPORT_FORMATS.join(', ')}.`);
  const cspSource = typeof params.cspSource === 'string' ? params.cspSource : undefined;
  const includeSuppressed = params.includeSuppressed !== false;
  const audits = await currentAudits();
  if (audits.length === 0) return { audited: false, content: '' };
  try {
    return { audited: true, content: renderReport(audits, { format, version, includeSuppressed, cspSource }) };
  } catch (err) {
    logError('Rendering the report failed', err);
    throw new ResponseError(-32803, `Rendering the report failed: ${errorSummary(err)}`);
  }
});

connection.onRequest(CREATE_BASELINE_REQUEST, async (): Promise<CreateBaselineResult> => {
  // Writes a file: only in a trusted workspace (audits, inventory and report only read).
  if (!trusted) throw new ResponseError(-32803, 'Creating a baseline writes a file: trust the workspace first.');
  if (lastAudits.size === 0) throw new ResponseError(-32803, 'There is no audit to take a baseline from: run "NHI: Audit Workspace" first.');
  const written: CreateBaselineResult['written'] = [];
  for (const folder of folders) {
    const last = lastAudits.get(folder);
    const root = uriToFsPath(folder);
    if (!last || !root) continue;
    const file = path.join(path.resolve(root), DEFAULT_BASELINE_FILE);
    const baseline = createBaseline(last.result, new Date(), readBaseline(root));
    try {
      fs.writeFileSync(file, serializeBaseline(baseline));
    } catch (err) {
      throw new ResponseError(-32803, `Cannot write ${DEFAULT_BASELINE_FILE} in ${path.basename(root)}: ${errorSummary(err)}`);
    }
    last.baseline = baseline;
    written.push({ uri: fsPathToUri(file), findings: baseline.findings.length });
    // The Problems panel shows only new findings from now on (unless baselined ones are asked for).
    const hidden = hiddenFingerprints(baseline, await configFor(folder));
    for (const f of last.result.files) if (auditedUris.has(f.uri)) publishAuditFile(f, hidden);
  }
  log(`Baseline written: ${written.map((w) => `${w.uri} (${w.findings} findings)`).join(', ')}.`);
  return { written };
});

function isOpen(uri: string): boolean {
  const key = uriKey(uri);
  return documents.all().some((d) => uriKey(d.uri) === key);
}

// ---------------------------------------------------------------------------

process.on('uncaughtException', (err) => logError('Uncaught exception', err));
process.on('unhandledRejection', (err) => logError('Unhandled rejection', err));

documents.listen(connection);
connection.listen();
