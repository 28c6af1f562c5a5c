/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, every
 * rule the engine knows in `tool.driver.rules` (so a viewer can tell "rule ran,
 * found nothing" from "unknown rule" and close fixed alerts), results with
 * 1-based regions in UTF-16 code units (SARIF's default column kind), artifact
 * URIs relative to %SRCROOT% (the audit root), and the engine's fingerprint in
 * partialFingerprints. Output is deterministic (no timestamps): two runs over the
 * same files give identical bytes.
 *
 * Suppressed findings are left out by default: GitHub does not honour SARIF
 * `suppressions` on upload, so they would show up as open alerts. With
 * --include-suppressed they are emitted with an `inSource` suppression.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Severity } from '../../engine/model';
import { DOCS_BASE_URL, docsUrl, type RuleMeta } from '../../engine/rule';
import type { AuditResult, FileResult, LocatedFinding, Position } from '../../engine/workspace';
import { allRuleMeta } from '../../../../rules';
import { compare, scrub, visibleFindings, type ReportOptions } from './common';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'nhiFingerprint/v1';
/** GitHub code scanning rejects runs with more results than this. */
export const MAX_RESULTS = 25_000;
const MAX_NOTIFICATIONS = 1_000;
export const INFORMATION_URI = DOCS_BASE_URL.replace(/\/blob\/.*$/, '');

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub shows a security severity (0–10) for rules tagged "security". */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };

/** 'secret/aws-access-key-id' → 'SecretAwsAccessKeyId' */
export function pascalCase(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

export function sarifReport(result: AuditResult, options: ReportOptions): string {
  return JSON.stringify(sarifLog(result, options), null, 2) + '\n';
}

export function sarifLog(result: AuditResult, options: ReportOptions) {
  const metas = new Map<string, RuleMeta | undefined>();
  for (const meta of allRuleMeta()) if (!metas.has(meta.id)) metas.set(meta.id, meta);
  // A finding from a rule the registry does not list still needs a descriptor (ruleIndex must resolve).
  const extra = new Set<string>();
  for (const file of result.files) for (const f of file.findings) if (!metas.has(f.ruleId)) extra.add(f.ruleId);
  for (const id of [...extra].sort(compare)) metas.set(id, undefined);
  const ids = [...metas.keys()];
  const indexOf = new Map(ids.map((id, i) => [id, i]));

  const rules = ids.map((id) => ruleDescriptor(id, metas.get(id)));
  const results: object[] = [];
  let total = 0;
  for (const file of result.files) {
    for (const f of visibleFindings(file, options)) {
      total++;
      if (results.length < MAX_RESULTS) results.push(sarifResult(file, f, indexOf.get(f.ruleId) ?? 0, result.root));
    }
  }

  const notifications: object[] = [];
  let dropped = 0;
  const notify = (n: object) => (notifications.length < MAX_NOTIFICATIONS ? notifications.push(n) : dropped++);
  if (total > results.length) {
    notifications.push({
      level: 'warning',
      message: { text: `Only the first ${MAX_RESULTS} of ${total} results are included (the GitHub code scanning limit per run).` },
      descriptor: { id: 'nhi/results-truncated' },
    });
  }
  for (const file of result.files) {
    for (const n of file.notes) {
      notify({
        level: n.kind === 'internal-error' ? 'warning' : 'note',
        message: { text: scrub(n.message) || n.kind },
        locations: [{ physicalLocation: { artifactLocation: artifact(file.path), ...(n.start ? { region: pointRegion(n.start) } : {}) } }],
        descriptor: { id: `nhi/${n.kind}` },
      });
    }
  }
  for (const s of result.skipped) {
    notify({
      level: 'note',
      message: { text: `Skipped (${s.reason}).` },
      locations: [{ physicalLocation: { artifactLocation: artifact(s.path) } }],
      descriptor: { id: 'nhi/skipped' },
    });
  }
  if (dropped > 0) notifications.push({ level: 'note', message: { text: `${dropped} more notifications omitted.` }, descriptor: { id: 'nhi/notifications-truncated' } });

  const rootUri = pathToFileURL(result.root).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'NHI Hygiene',
            informationUri: INFORMATION_URI,
            version: options.version,
            semanticVersion: options.version,
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri.endsWith('/') ? rootUri : `${rootUri}/` } },
        columnKind: 'utf16CodeUnits' as const,
        results,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      },
    ],
  };
}

function ruleDescriptor(id: string, meta: RuleMeta | undefined) {
  const title = meta?.title?.trim() || id;
  const severity: Severity = meta?.severity ?? 'warning';
  const category = meta?.category ?? id.split('/')[0];
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: title },
    fullDescription: { text: title },
    helpUri: docsUrl(id),
    help: { text: `${title}. Documentation: ${docsUrl(id)}`, markdown: `${title}. [Documentation](${docsUrl(id)})` },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: [category, 'security'], precision: 'high', 'security-severity': SECURITY_SEVERITY[severity] },
  };
}

function sarifResult(file: FileResult, f: LocatedFinding, ruleIndex: number, root: string) {
  const related = relatedLocations(f, root);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message.trim() || f.ruleId },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(file.path),
          region: {
            startLine: f.start.line + 1,
            startColumn: f.start.character + 1,
            endLine: f.end.line + 1,
            endColumn: f.end.character + 1,
          },
        },
      },
    ],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.suppressed ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: f.suppressed.reason || '(none)' }] } : {}),
  };
}

/** The other pieces of the finding's identity (engine/project/links.ts), where they are inside the audit root. */
function relatedLocations(f: LocatedFinding, root: string) {
  const out: object[] = [];
  for (const r of f.related ?? []) {
    if (!r.start || !r.end) continue;
    let file: string;
    try {
      file = fileURLToPath(r.uri);
    } catch {
      continue;
    }
    const rel = path.relative(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    out.push({
      id: out.length,
      physicalLocation: {
        artifactLocation: artifact(rel.split(path.sep).join('/')),
        region: { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 },
      },
      message: { text: r.message },
    });
  }
  return out;
}

function artifact(relativePath: string) {
  return { uri: relativePath.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function pointRegion(p: Position) {
  return { startLine: p.line + 1, startColumn: p.character + 1 };
}
