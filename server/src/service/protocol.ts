/**
 * Names shared by the language server and the VS Code client. Kept free of
 * imports so the client bundle does not pull in the engine.
 */

/** Server command (workspace/executeCommand) that audits every workspace folder. */
export const AUDIT_WORKSPACE_COMMAND = 'nhi.auditWorkspace';

/**
 * Server command (workspace/executeCommand) a quick fix carries when its edit leaves a
 * placeholder to fill in (`TODO-owner`): the server asks the client to show the document
 * with the placeholder selected (`window/showDocument`). Arguments: one RevealPlaceholderArgs.
 */
export const REVEAL_PLACEHOLDER_COMMAND = 'nhi.revealPlaceholder';

export interface RevealPlaceholderArgs {
  uri: string;
  /** LSP range of the placeholder in the document after the quick fix's edit. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

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
  /** Files analysed this time (new or changed since the last audit; all after a configuration change). */
  filesAnalysed?: number;
  /** Files whose content hash was unchanged: their last results were reused. */
  filesReused?: number;
  /** Shown findings by severity (suppressed and baselined ones are not counted). */
  bySeverity?: SeverityCounts;
  /** Findings hidden because `.nhi-baseline.json` lists them. */
  baselined?: number;
  /** Findings covered by an inline suppression comment. */
  suppressed?: number;
}

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

// ---------------------------------------------------------------------------
// Inventory, report and baseline: custom requests answered from the last audit
// ---------------------------------------------------------------------------

/** Client-side commands (the server never sees them; they call the requests below). */
export const SHOW_INVENTORY_COMMAND = 'nhi.showInventory';
export const INVENTORY_GROUP_BY_COMMAND = 'nhi.inventory.groupBy';
export const INVENTORY_REFRESH_COMMAND = 'nhi.inventory.refresh';
export const OPEN_REPORT_COMMAND = 'nhi.openReport';
export const EXPORT_REPORT_COMMAND = 'nhi.exportReport';
export const CREATE_BASELINE_COMMAND = 'nhi.createBaseline';
/** Id of the inventory tree view (package.json `contributes.views`). */
export const INVENTORY_VIEW = 'nhiInventory';

/** Request `nhi/inventory`: the identities and findings of the last audit. */
export const INVENTORY_REQUEST = 'nhi/inventory';
/** Request `nhi/report`: the last audit rendered as HTML, SARIF or JSON. */
export const REPORT_REQUEST = 'nhi/report';
/** Request `nhi/createBaseline`: writes `.nhi-baseline.json` in each audited folder (trusted workspaces only). */
export const CREATE_BASELINE_REQUEST = 'nhi/createBaseline';

export type IdentityCategory = 'iam' | 'service-account' | 'managed-identity' | 'ci' | 'key-in-code';
export type FindingCategory = 'secret' | 'privilege' | 'ownership' | 'credential';
export type FindingSeverity = 'error' | 'warning' | 'info';

/** 0-based line and UTF-16 character, as in LSP. */
export interface InventoryPosition {
  line: number;
  character: number;
}

export interface InventoryLocation {
  uri: string;
  /** Relative to its workspace folder, forward slashes (prefixed with the folder name in multi-root workspaces). */
  path: string;
  start: InventoryPosition;
  end: InventoryPosition;
}

export interface InventoryIdentity {
  /** Index in `identities`: what findings refer to. */
  id: number;
  category: IdentityCategory;
  /** Engine kind, e.g. 'aws-iam-role', 'k8s-service-account', 'api-key'. */
  kind: string;
  /** Name as declared, or masked for keys found in code (e.g. 'aws:AKIA…WXYZ'). */
  name: string;
  cloud?: string;
  owner?: string;
  /** e.g. 'aws-access-key', 'oidc', 'workload-identity'. */
  credential?: string;
  /** Whether the credential mechanism is a long-lived secret. */
  longLived: boolean;
  /** Privilege rules that fired on it, e.g. 'iam-wildcard-action'; empty when none. */
  privileges: string[];
  /** Declared in a file, or only referenced by findings (a key in code). */
  source: 'declared' | 'referenced';
  location: InventoryLocation;
  /** Indexes into `findings`. */
  findings: number[];
}

export interface InventoryFinding {
  ruleId: string;
  category: FindingCategory;
  severity: FindingSeverity;
  /** Masked values only, like every message. */
  message: string;
  location: InventoryLocation;
  /** The identity it concerns, an index into `identities`. */
  identity?: number;
}

export interface InventoryResult {
  /** False until a workspace audit has finished (everything else is empty then). */
  audited: boolean;
  /** ISO time the last audit finished. */
  generated?: string;
  identities: InventoryIdentity[];
  /** Shown findings (no suppressed or baselined ones), in file and position order. */
  findings: InventoryFinding[];
  counts: SeverityCounts;
  filesScanned: number;
  baselined: number;
  suppressed: number;
}

export type ReportFormat = 'html' | 'sarif' | 'json';

export interface ReportParams {
  format: ReportFormat;
  /** A webview's `cspSource`, allowed for styles and images in the HTML report's Content-Security-Policy. */
  cspSource?: string;
  /** List findings covered by inline suppressions (default true: the report shows each with its reason and expiry). */
  includeSuppressed?: boolean;
}

export interface ReportResult {
  audited: boolean;
  /** The report text; empty when there is no audit yet. */
  content: string;
}

export interface CreateBaselineResult {
  /** One entry per workspace folder audited. */
  written: { uri: string; findings: number }[];
}
