/**
 * Machine output. Positions are 1-based (line, column in UTF-16 code units),
 * like the text output; messages are the engine's masked messages, fixes are
 * listed by title and kind only (their edits would carry the secret values).
 */
import type { AuditResult } from '../../engine/workspace';
import { compare, scrub, summarize, visibleFindings, type ReportOptions } from './common';

export function jsonReport(result: AuditResult, options: ReportOptions): string {
  const files = [];
  const identities = [];
  for (const file of result.files) {
    const findings = visibleFindings(file, options);
    if (findings.length > 0 || file.notes.length > 0) {
      files.push({
        path: file.path,
        findings: findings.map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          line: f.start.line + 1,
          column: f.start.character + 1,
          endLine: f.end.line + 1,
          endColumn: f.end.character + 1,
          fingerprint: f.fingerprint,
          fixes: f.fixes.map((x) => ({ title: x.title, kind: x.kind })),
          ...(f.identity ? { identity: { kind: f.identity.kind, name: f.identity.name } } : {}),
          ...(f.suppressed ? { suppressed: { reason: f.suppressed.reason, ...(f.suppressed.until ? { until: f.suppressed.until } : {}) } } : {}),
        })),
        notes: file.notes.map((n) => ({
          kind: n.kind,
          message: scrub(n.message),
          ...(n.start ? { line: n.start.line + 1, column: n.start.character + 1 } : {}),
        })),
      });
    }
    for (const id of file.identities) {
      identities.push({
        kind: id.identityKind,
        name: id.name,
        ...(id.cloud ? { cloud: id.cloud } : {}),
        ...(id.owner ? { owner: id.owner } : {}),
        ...(id.credential ? { credential: id.credential } : {}),
        path: file.path,
        line: id.start.line + 1,
        column: id.start.character + 1,
      });
    }
  }
  identities.sort((a, b) => compare(a.path, b.path) || a.line - b.line || a.column - b.column);
  const report = {
    version: options.version,
    root: result.root,
    summary: { ...summarize(result, options.baselined), cancelled: result.cancelled },
    files,
    identities,
    skipped: result.skipped.map((s) => ({ path: s.path, reason: s.reason })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
