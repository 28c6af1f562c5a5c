/**
 * NHI Hygiene VS Code extension: a thin client. It starts the bundled language
 * server over stdio and forwards settings, trust and commands; every analysis,
 * diagnostic and quick fix comes from the server, and so do the inventory, the
 * report and the baseline (this only shows them).
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  AUDIT_WORKSPACE_COMMAND,
  CREATE_BASELINE_COMMAND,
  CREATE_BASELINE_REQUEST,
  EXPORT_REPORT_COMMAND,
  INVENTORY_GROUP_BY_COMMAND,
  INVENTORY_REFRESH_COMMAND,
  INVENTORY_REQUEST,
  INVENTORY_VIEW,
  OPEN_REPORT_COMMAND,
  RESTART_SERVER_COMMAND,
  SHOW_INVENTORY_COMMAND,
  WORKSPACE_TRUST_NOTIFICATION,
  type AuditSummary,
  type CreateBaselineResult,
  type InitializationOptions,
  type InventoryResult,
} from '../../server/src/service/protocol';
import { GROUP_BY_MODES, type GroupBy } from './inventory-model';
import { InventoryView } from './inventory-view';
import { exportReport, openReport } from './report';

let client: LanguageClient | undefined;
let inventory: InventoryView | undefined;
const GROUP_BY_KEY = 'nhi.inventory.groupBy';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    synchronize: {
      configurationSection: 'nhi',
      // The configuration; Terraform modules (their files depend on each other); every file that may hold identity links.
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/.nhi.{yaml,yml}'), vscode.workspace.createFileSystemWatcher('**/*.{tf,yaml,yml,json}')],
    },
    initializationOptions,
    diagnosticPullOptions: { onChange: true, onSave: true },
    middleware: {
      // The audit command is registered by the client library from the server's
      // executeCommandProvider; the server reports progress, this reports the outcome.
      executeCommand: async (command, args, next) => {
        const result: unknown = await next(command, args);
        if (command === AUDIT_WORKSPACE_COMMAND && result && typeof result === 'object') {
          showAuditSummary(result as AuditSummary);
          void refreshInventory();
        }
        return result;
      },
    },
  };

  client = new LanguageClient('nhi', 'NHI Hygiene', serverOptions, clientOptions);
  const savedGrouping = context.workspaceState.get<GroupBy>(GROUP_BY_KEY);
  inventory = new InventoryView(savedGrouping && GROUP_BY_MODES.includes(savedGrouping) ? savedGrouping : 'category');

  context.subscriptions.push(
    inventory,
    vscode.commands.registerCommand(RESTART_SERVER_COMMAND, async () => {
      await client?.restart();
      await refreshInventory();
    }),
    vscode.commands.registerCommand(SHOW_INVENTORY_COMMAND, async () => {
      await ensureAudited();
      await vscode.commands.executeCommand(`${INVENTORY_VIEW}.focus`);
    }),
    vscode.commands.registerCommand(INVENTORY_REFRESH_COMMAND, () => refreshInventory()),
    vscode.commands.registerCommand(INVENTORY_GROUP_BY_COMMAND, async () => {
      const labels: Record<GroupBy, string> = { category: 'Category', identity: 'Identity', file: 'File' };
      const picked = await vscode.window.showQuickPick(
        GROUP_BY_MODES.map((mode) => ({ label: labels[mode], picked: mode === inventory?.grouping, mode })),
        { title: 'Group the NHI inventory by' },
      );
      if (!picked || !inventory) return;
      inventory.setGroupBy(picked.mode);
      await context.workspaceState.update(GROUP_BY_KEY, picked.mode);
    }),
    vscode.commands.registerCommand(OPEN_REPORT_COMMAND, () => (client ? openReport(client, ensureAudited) : undefined)),
    vscode.commands.registerCommand(EXPORT_REPORT_COMMAND, () => (client ? exportReport(client, ensureAudited) : undefined)),
    vscode.commands.registerCommand(CREATE_BASELINE_COMMAND, () => createBaseline()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // `nhi.audit.showBaselined` changes what the inventory shows; the server reads the new value.
      if (event.affectsConfiguration('nhi.audit')) setTimeout(() => void refreshInventory(), 200);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      initializationOptions.trusted = true;
      void client?.sendNotification(WORKSPACE_TRUST_NOTIFICATION);
    }),
  );

  await client.start();
  await refreshInventory();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
  inventory = undefined;
}

/** Asks the server for the inventory of the last audit and shows it (tree and status bar). */
async function refreshInventory(): Promise<InventoryResult | undefined> {
  if (!client?.isRunning()) return undefined;
  try {
    const result = await client.sendRequest<InventoryResult>(INVENTORY_REQUEST);
    inventory?.update(result);
    return result;
  } catch (err) {
    client.error('Reading the NHI inventory failed', err, false);
    return undefined;
  }
}

/** Runs the workspace audit when none has finished yet; false when there still is none (cancelled, failed). */
async function ensureAudited(): Promise<boolean> {
  // Ask the server, not the view: a restarted server has no audit even if the view still shows one.
  if ((await refreshInventory())?.audited) return true;
  await vscode.commands.executeCommand(AUDIT_WORKSPACE_COMMAND);
  return (await refreshInventory())?.audited ?? false;
}

async function createBaseline(): Promise<void> {
  // Writes .nhi-baseline.json: never in an untrusted workspace (the server refuses too).
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('NHI: Create Baseline writes .nhi-baseline.json, which needs a trusted workspace.');
    return;
  }
  if (!client || !(await ensureAudited())) return;
  const result = await client.sendRequest<CreateBaselineResult>(CREATE_BASELINE_REQUEST);
  await refreshInventory();
  const findings = result.written.reduce((n, w) => n + w.findings, 0);
  const first = result.written[0];
  if (!first) return;
  const text = `NHI baseline with ${findings} finding${findings === 1 ? '' : 's'} written to ${vscode.workspace.asRelativePath(vscode.Uri.parse(first.uri))}${result.written.length > 1 ? ` and ${result.written.length - 1} more folder(s)` : ''}. Audits now show only new findings.`;
  const choice = await vscode.window.showInformationMessage(text, 'Open Baseline');
  if (choice) await vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(first.uri));
}

function showAuditSummary(summary: AuditSummary): void {
  const reused = summary.filesReused ? ` (${summary.filesReused} unchanged, reused)` : '';
  const files = `${summary.filesScanned} file${summary.filesScanned === 1 ? '' : 's'}${reused}`;
  const text = summary.cancelled
    ? `NHI audit cancelled after ${files}.`
    : summary.findings === 0
      ? `NHI audit: no findings in ${files}.`
      : `NHI audit: ${summary.findings} finding${summary.findings === 1 ? '' : 's'} in ${summary.filesWithFindings} of ${files}.`;
  if (summary.findings === 0) {
    void vscode.window.showInformationMessage(text);
    return;
  }
  void vscode.window.showInformationMessage(text, 'Open Problems').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}
