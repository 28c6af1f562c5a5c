/**
 * "NHI: Open Report" and "NHI: Export Report…": the server renders the report
 * of the last audit; this shows it in a locked-down webview or writes it where
 * the user chose.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REPORT_REQUEST, type ReportFormat, type ReportParams, type ReportResult } from '../../server/src/service/protocol';

let panel: vscode.WebviewPanel | undefined;

/** Shows the HTML report; `ensureAudited` runs an audit first when there is none. */
const NO_AUDIT = 'NHI: there is no finished workspace audit to report on. Open a folder and run "NHI: Audit Workspace".';

export async function openReport(client: LanguageClient, ensureAudited: () => Promise<boolean>): Promise<void> {
  if (!(await ensureAudited())) {
    void vscode.window.showWarningMessage(NO_AUDIT);
    return;
  }
  if (!panel) {
    panel = vscode.window.createWebviewPanel('nhiReport', 'NHI Report', vscode.ViewColumn.Active, {
      // The report's own sorting/filtering script, allowed by its nonce; it loads nothing.
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => (panel = undefined));
  } else {
    panel.reveal();
  }
  const params: ReportParams = { format: 'html', cspSource: panel.webview.cspSource, includeSuppressed: true };
  const report = await client.sendRequest<ReportResult>(REPORT_REQUEST, params);
  if (panel) panel.webview.html = report.content;
}

const FORMATS: { label: string; format: ReportFormat; extension: string; filter: string }[] = [
  { label: 'HTML', format: 'html', extension: 'html', filter: 'HTML report' },
  { label: 'SARIF', format: 'sarif', extension: 'sarif', filter: 'SARIF log' },
  { label: 'JSON', format: 'json', extension: 'json', filter: 'JSON report' },
];

export async function exportReport(client: LanguageClient, ensureAudited: () => Promise<boolean>): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    FORMATS.map((f) => ({ label: f.label, description: `.${f.extension}`, choice: f })),
    { title: 'NHI: Export Report', placeHolder: 'Report format' },
  );
  if (!picked) return;
  const { format, extension, filter } = picked.choice;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: 'NHI: Export Report',
    defaultUri: folder ? vscode.Uri.joinPath(folder, `nhi-report.${extension}`) : undefined,
    filters: { [filter]: [extension] },
  });
  if (!target) return;
  if (!(await ensureAudited())) {
    void vscode.window.showWarningMessage(NO_AUDIT);
    return;
  }
  const report = await client.sendRequest<ReportResult>(REPORT_REQUEST, { format, includeSuppressed: true } satisfies ReportParams);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(report.content));
  const choice = await vscode.window.showInformationMessage(`NHI report written to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
  if (choice) await vscode.commands.executeCommand('vscode.open', target);
}
