/**
 * What the editor shows of the last workspace audit: the findings that are not
 * suppressed or baselined, the identity inventory for the tree view, the report
 * (HTML / SARIF / JSON) and the baseline file. Pure functions of audit results;
 * server.ts keeps the results and answers the requests with these.
 *
 * Never includes fixes (their edits can carry the secret being moved) or source
 * text: only rule ids, masked messages, identity names and locations.
 */
import * as path from 'node:path';
import { applyBaseline, type Baseline } from '../engine/baseline';
import type { Config } from '../engine/config';
import type { IdentityKind, Severity } from '../engine/model';
import type { AuditResult, FileResult, LocatedFinding } from '../engine/workspace';
import { buildInventory, LONG_LIVED } from '../cli/reporters/inventory';
import { renderHtmlReport } from '../cli/reporters/html';
import { sarifReport } from '../cli/reporters/sarif';
import { jsonReport } from '../cli/reporters/json';
import type {
  FindingCategory,
  IdentityCategory,
  InventoryFinding,
  InventoryIdentity,
  InventoryLocation,
  InventoryResult,
  ReportFormat,
  SeverityCounts,
} from './protocol';

/** One workspace folder's last audit, as the server keeps it. */
export interface FolderAudit {
  /** Folder name (shown as a path prefix in multi-root workspaces). */
  name: string;
  /** The full result: suppressed findings kept (marked), baselined ones too. */
  result: AuditResult;
  /** `.nhi-baseline.json` of the folder when the audit ran. */
  baseline?: Baseline;
  config: Config;
  finished: Date;
}

/** The folder's audit as shown: baselined findings removed unless `audit.showBaselined`. */
export function shownResult(audit: FolderAudit): { result: AuditResult; baselined: number } {
  if (!audit.baseline || audit.config.audit.showBaselined) return { result: audit.result, baselined: 0 };
  return applyBaseline(audit.result, audit.baseline);
}

/** A file's findings as diagnostics show them: not suppressed, not baselined (unless shown). */
export function shownFindings(file: FileResult, baselined: ReadonlySet<string>): LocatedFinding[] {
  return file.findings.filter((f) => !f.suppressed && !baselined.has(f.fingerprint));
}

/** Fingerprints to hide for a folder (empty when there is no baseline or baselined findings are shown). */
export function hiddenFingerprints(baseline: Baseline | undefined, config: Config): Set<string> {
  if (!baseline || config.audit.showBaselined) return new Set();
  return new Set(baseline.findings.map((e) => e.fingerprint));
}

/**
 * Several folders' results as one (reports and the inventory take one result):
 * in a multi-root workspace paths get the folder name in front, so equal
 * relative paths in two folders stay apart.
 */
export function combineResults(audits: readonly FolderAudit[]): { result: AuditResult; baselined: number } {
  const shown = audits.map((a) => ({ audit: a, ...shownResult(a) }));
  const baselined = shown.reduce((n, s) => n + s.baselined, 0);
  if (shown.length === 1) return { result: shown[0].result, baselined };
  const files: FileResult[] = [];
  const skipped: AuditResult['skipped'] = [];
  for (const { audit, result } of shown) {
    for (const file of result.files) files.push({ ...file, path: `${audit.name}/${file.path}` });
    for (const skip of result.skipped) skipped.push({ ...skip, path: `${audit.name}/${skip.path}` });
  }
  const roots = shown.map((s) => s.result.root);
  return {
    result: {
      root: roots.length > 0 ? commonParent(roots) : '',
      files,
      filesScanned: shown.reduce((n, s) => n + s.result.filesScanned, 0),
      bytesScanned: shown.reduce((n, s) => n + s.result.bytesScanned, 0),
      skipped,
      durationMs: shown.reduce((n, s) => n + s.result.durationMs, 0),
      cancelled: shown.some((s) => s.result.cancelled),
    },
    baselined,
  };
}

const CATEGORY_OF_KIND: Record<IdentityKind, IdentityCategory> = {
  'aws-iam-role': 'iam',
  'aws-iam-user': 'iam',
  'gcp-service-account': 'service-account',
  'k8s-service-account': 'service-account',
  'azure-identity': 'managed-identity',
  'ci-workflow': 'ci',
  'api-key': 'key-in-code',
};

export function identityCategory(kind: string): IdentityCategory {
  return CATEGORY_OF_KIND[kind as IdentityKind] ?? 'key-in-code';
}

function findingCategory(ruleId: string): FindingCategory {
  const prefix = ruleId.slice(0, ruleId.indexOf('/'));
  return prefix === 'privilege' || prefix === 'ownership' || prefix === 'credential' ? prefix : 'secret';
}

export function severityCounts(result: AuditResult): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const file of result.files) for (const f of file.findings) if (!f.suppressed) counts[f.severity as Severity]++;
  return counts;
}

/**
 * The inventory for the tree view: buildInventory's identities (the same rows as
 * `nhi audit --inventory` and the report), each with its findings, plus every
 * shown finding, so the view can also group by file and list findings that
 * concern no identity.
 */
export function inventoryView(audits: readonly FolderAudit[]): InventoryResult {
  if (audits.length === 0) {
    return { audited: false, identities: [], findings: [], counts: { error: 0, warning: 0, info: 0 }, filesScanned: 0, baselined: 0, suppressed: 0 };
  }
  const { result, baselined } = combineResults(audits);
  const uriOfPath = new Map(result.files.map((f) => [f.path, f.uri]));

  const findings: InventoryFinding[] = [];
  const indexOf = new Map<LocatedFinding, number>();
  let suppressed = 0;
  for (const file of result.files) {
    for (const f of [...file.findings].sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character)) {
      if (f.suppressed) {
        suppressed++;
        continue;
      }
      indexOf.set(f, findings.length);
      findings.push({
        ruleId: f.ruleId,
        category: findingCategory(f.ruleId),
        severity: f.severity,
        message: f.message,
        location: { uri: file.uri, path: file.path, start: f.start, end: f.end },
      });
    }
  }

  const entries = buildInventory(result);
  const owners = assignFindings(result);
  const identities: InventoryIdentity[] = entries.map((e, id) => {
    const own = owners.get(slotKey(e.path, e.line, e.kind, e.name)) ?? [];
    const findingIds = own.map((f) => indexOf.get(f)).filter((i): i is number => i !== undefined);
    for (const i of findingIds) findings[i].identity ??= id;
    const location: InventoryLocation = {
      uri: uriOfPath.get(e.path) ?? '',
      path: e.path,
      start: { line: e.line - 1, character: 0 },
      end: { line: e.line - 1, character: 0 },
    };
    return {
      id,
      category: identityCategory(e.kind),
      kind: e.kind,
      name: e.name,
      ...(e.cloud ? { cloud: e.cloud } : {}),
      ...(e.owner ? { owner: e.owner } : {}),
      ...(e.credential ? { credential: e.credential } : {}),
      longLived: !!e.credential && LONG_LIVED.has(e.credential),
      privileges: e.privileges ? e.privileges.split(', ') : [],
      source: e.source,
      location,
      findings: findingIds,
    };
  });
  // Declared identities point at their declaration's first character.
  for (const file of result.files) {
    for (const decl of file.identities) {
      const identity = identities.find((i) => i.location.path === file.path && i.location.start.line === decl.start.line && i.kind === decl.identityKind && i.name === decl.name);
      if (identity) identity.location.start = identity.location.end = decl.start;
    }
  }

  return {
    audited: true,
    generated: new Date(Math.max(...audits.map((a) => a.finished.getTime()))).toISOString(),
    identities,
    findings,
    counts: severityCounts(result),
    filesScanned: result.filesScanned,
    baselined,
    suppressed,
  };
}

const slotKey = (file: string, line: number, kind: string, name: string) => `${file}\u0000${line}\u0000${kind}\u0000${name}`;

/**
 * Which findings belong to which inventory row, by the same rules as
 * buildInventory (cli/reporters/inventory.ts), which only counts them: the
 * identity a finding names (same file first, then the first anywhere; a name no
 * file declares becomes a 'referenced' row at the first finding), else the
 * innermost declared identity around it in the same file. Keyed like the rows
 * (path, 1-based line, kind, name).
 */
function assignFindings(result: AuditResult): Map<string, LocatedFinding[]> {
  interface Slot {
    key: string;
    path: string;
    range?: { start: number; end: number };
  }
  const byRef = new Map<string, Slot[]>();
  const byFile = new Map<string, Slot[]>();
  const owned = new Map<string, LocatedFinding[]>();
  const refKey = (kind: string, name: string) => `${kind}\u0000${name}`;
  const add = (slot: Slot, ref: string) => {
    byRef.set(ref, [...(byRef.get(ref) ?? []), slot]);
    byFile.set(slot.path, [...(byFile.get(slot.path) ?? []), slot]);
  };
  const attach = (slot: Slot, f: LocatedFinding) => owned.set(slot.key, [...(owned.get(slot.key) ?? []), f]);

  for (const file of result.files) {
    for (const id of file.identities) {
      add({ key: slotKey(file.path, id.start.line + 1, id.identityKind, id.name), path: file.path, range: id.range }, refKey(id.identityKind, id.name));
    }
  }
  for (const file of result.files) {
    for (const f of file.findings) {
      if (f.suppressed) continue;
      if (f.identity) {
        const ref = refKey(f.identity.kind, f.identity.name);
        const candidates = byRef.get(ref) ?? [];
        let slot = candidates.find((s) => s.path === file.path) ?? candidates[0];
        if (!slot) {
          slot = { key: slotKey(file.path, f.start.line + 1, f.identity.kind, f.identity.name), path: file.path };
          add(slot, ref);
        }
        attach(slot, f);
        continue;
      }
      const enclosing = (byFile.get(file.path) ?? [])
        .filter((s) => s.range && s.range.start <= f.range.start && f.range.end <= s.range.end)
        .sort((a, b) => a.range!.end - a.range!.start - (b.range!.end - b.range!.start))[0];
      if (enclosing) attach(enclosing, f);
    }
  }
  return owned;
}

export interface ReportOptionsForEditor {
  format: ReportFormat;
  version: string;
  includeSuppressed: boolean;
  cspSource?: string;
}

/** The report of the last audits, as the CLI would write it. */
export function renderReport(audits: readonly FolderAudit[], options: ReportOptionsForEditor): string {
  const { result, baselined } = combineResults(audits);
  const hasBaseline = audits.some((a) => a.baseline && !a.config.audit.showBaselined);
  const common = { version: options.version, includeSuppressed: options.includeSuppressed, ...(hasBaseline ? { baselined } : {}) };
  switch (options.format) {
    case 'sarif':
      return sarifReport(result, common);
    case 'json':
      return jsonReport(result, common);
    case 'html': {
      const generated = new Date(Math.max(...audits.map((a) => a.finished.getTime())));
      const cspSource = usableCspSource(options.cspSource);
      return renderHtmlReport(result, { ...common, generated, ...(cspSource ? { cspSource } : {}) });
    }
  }
}

/**
 * A webview's cspSource is one origin pattern (`https://*.vscode-cdn.net`);
 * anything else (quotes, several sources) is dropped rather than put in the
 * policy: the report's inline style and script are allowed by nonce anyway.
 */
function usableCspSource(source: string | undefined): string | undefined {
  if (!source) return undefined;
  return source.split(/\s+/).find((s) => /^[A-Za-z0-9:/.*_+-]+$/.test(s));
}

function commonParent(dirs: string[]): string {
  let root = dirs[0];
  for (const d of dirs.slice(1)) {
    while (root !== path.dirname(root) && path.relative(root, d).startsWith('..')) root = path.dirname(root);
  }
  return root;
}
