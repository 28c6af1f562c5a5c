/**
 * Names shared by the language server and the VS Code client. Kept free of
 * imports so the client bundle does not pull in the engine.
 */

/** Server command (workspace/executeCommand) that audits every workspace folder. */
export const AUDIT_WORKSPACE_COMMAND = 'nhi.auditWorkspace';

/** Client-side command that restarts the language server. */
export const RESTART_SERVER_COMMAND = 'nhi.restartServer';

/** Notification from the client when the user grants workspace trust. */
export const WORKSPACE_TRUST_NOTIFICATION = 'nhi/didGrantWorkspaceTrust';

/** Diagnostic `source` of every NHI diagnostic. */
export const DIAGNOSTIC_SOURCE = 'nhi';

export interface InitializationOptions {
  /** VS Code's workspace trust; untrusted workspaces get analysis only, no edits. Default true (other clients). */
  trusted?: boolean;
  /** Settings for clients without `workspace/configuration` (same shape as the `nhi` section). */
  settings?: Record<string, unknown>;
}

/** What `nhi.auditWorkspace` returns. */
export interface AuditSummary {
  filesScanned: number;
  filesWithFindings: number;
  findings: number;
  cancelled: boolean;
  durationMs: number;
}
