/**
 * What every reporter shares: the counts, severity order and the last-line
 * scrub of free text that may have been built from file content.
 */
import type { Severity } from '../../engine/model';
import { mask } from '../../engine/mask';
import type { AuditResult, FileResult, LocatedFinding } from '../../engine/workspace';

export type FailOn = Severity | 'off';

export interface ReportOptions {
  /** Tool version (package.json). */
  version: string;
  /** Include suppressed findings, marked as such (text muted, JSON `suppressed`, SARIF `suppressions`). */
  includeSuppressed: boolean;
  /** Findings hidden by a baseline file (counted in the summary); undefined when no baseline was used. */
  baselined?: number;
}

export interface Summary {
  problems: number;
  errors: number;
  warnings: number;
  info: number;
  suppressed: number;
  filesWithProblems: number;
  filesScanned: number;
  bytesScanned: number;
  skipped: number;
  notes: number;
  /** Present when a baseline was applied. */
  baselined?: number;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function summarize(result: AuditResult, baselined?: number): Summary {
  const s: Summary = {
    problems: 0,
    errors: 0,
    warnings: 0,
    info: 0,
    suppressed: 0,
    filesWithProblems: 0,
    filesScanned: result.filesScanned,
    bytesScanned: result.bytesScanned,
    skipped: result.skipped.length,
    notes: 0,
  };
  for (const file of result.files) {
    let any = false;
    for (const f of file.findings) {
      if (f.suppressed) {
        s.suppressed++;
        continue;
      }
      any = true;
      s.problems++;
      if (f.severity === 'error') s.errors++;
      else if (f.severity === 'warning') s.warnings++;
      else s.info++;
    }
    if (any) s.filesWithProblems++;
    s.notes += file.notes.length;
  }
  if (baselined !== undefined) s.baselined = baselined;
  return s;
}

/** Does the audit fail at this threshold? Suppressed findings never count. */
export function failsAt(result: AuditResult, failOn: FailOn): boolean {
  if (failOn === 'off') return false;
  const min = SEVERITY_RANK[failOn];
  return result.files.some((file) => file.findings.some((f) => !f.suppressed && SEVERITY_RANK[f.severity] >= min));
}

/** Findings to show, in position order. */
export function visibleFindings(file: FileResult, options: ReportOptions): LocatedFinding[] {
  const list = options.includeSuppressed ? file.findings : file.findings.filter((f) => !f.suppressed);
  return [...list].sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character || compare(a.ruleId, b.ruleId));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `N problems (E errors, W warnings, I info) in F files; S files scanned, skipped K` */
export function summaryLine(s: Summary): string {
  let line =
    `${plural(s.problems, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.info} info) ` +
    `in ${plural(s.filesWithProblems, 'file')}; ${plural(s.filesScanned, 'file')} scanned, skipped ${s.skipped}`;
  if (s.suppressed > 0) line += `; ${s.suppressed} suppressed`;
  if (s.baselined !== undefined) line += `; ${s.baselined} baselined`;
  return line;
}

/**
 * Notes carry messages from parsers and caught exceptions, which can quote file
 * content. Long unbroken tokens (what keys and tokens look like) are masked.
 */
export function scrub(text: string): string {
  return text.replace(/[A-Za-z0-9+/=_\-.:]{20,}/g, (token) => (/[0-9]/.test(token) && /[A-Za-z]/.test(token) ? mask(token) : token));
}

/** Code-unit order, the same on every machine (localeCompare is not). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
