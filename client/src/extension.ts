/**
 * NHI Hygiene VS Code extension: a thin client. It starts the bundled language
 * server over stdio and forwards settings, trust and commands; every analysis,
 * diagnostic and quick fix comes from the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  AUDIT_WORKSPACE_COMMAND,
  RESTART_SERVER_COMMAND,
  WORKSPACE_TRUST_NOTIFICATION,
  type AuditSummary,
  type InitializationOptions,
} from '../../server/src/service/protocol';

let client: LanguageClient | undefined;

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
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/.nhi.{yaml,yml}'), vscode.workspace.createFileSystemWatcher('**/*.tf')],
    },
    initializationOptions,
    diagnosticPullOptions: { onChange: true, onSave: true },
    middleware: {
      // The audit command is registered by the client library from the server's
      // executeCommandProvider; the server reports progress, this reports the outcome.
      executeCommand: async (command, args, next) => {
        const result: unknown = await next(command, args);
        if (command === AUDIT_WORKSPACE_COMMAND && result && typeof result === 'object') showAuditSummary(result as AuditSummary);
        return result;
      },
    },
  };

  client = new LanguageClient('nhi', 'NHI Hygiene', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand(RESTART_SERVER_COMMAND, async () => {
      await client?.restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      initializationOptions.trusted = true;
      void client?.sendNotification(WORKSPACE_TRUST_NOTIFICATION);
    }),
  );

  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function showAuditSummary(summary: AuditSummary): void {
  const files = `${summary.filesScanned} file${summary.filesScanned === 1 ? '' : 's'}`;
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
