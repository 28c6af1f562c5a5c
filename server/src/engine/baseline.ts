/**
 * Baseline: a file of finding fingerprints accepted as "known", so that an audit
 * shows only findings that are new since. Pure functions (no file system): the
 * CLI reads and writes the file, the server can do the same later.
 *
 * The file holds fingerprints, rule ids and paths only, never messages or
 * values: a fingerprint is a truncated SHA-256 (see fingerprint.ts), so the
 * baseline can be committed. Entries are de-duplicated and sorted, and
 * `generated` is kept when the entries did not change, so rewriting an
 * unchanged baseline gives identical bytes (no noise in version control).
 */
import type { AuditResult } from './workspace';

export const BASELINE_VERSION = 1;
export const DEFAULT_BASELINE_FILE = '.nhi-baseline.json';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Path relative to the audit root, forward slashes (as in reports). */
  path: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  /** ISO 8601 time the entries were last changed. */
  generated: string;
  findings: BaselineEntry[];
}

export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** Fingerprints are hex digests; anything else in the file is a sign it is not ours. */
const FINGERPRINT = /^[0-9a-f]{8,128}$/;

/**
 * Parses a baseline file. Throws BaselineError with a message that names what is
 * wrong (never echoing file content, which could be anything).
 */
export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new BaselineError('not valid JSON');
  }
  if (!isRecord(data)) throw new BaselineError('expected a JSON object with "version" and "findings"');
  if (data.version !== BASELINE_VERSION) throw new BaselineError(`unsupported version (expected ${BASELINE_VERSION})`);
  if (!Array.isArray(data.findings)) throw new BaselineError('"findings" must be an array');
  const findings: BaselineEntry[] = [];
  data.findings.forEach((entry: unknown, i: number) => {
    if (!isRecord(entry) || typeof entry.fingerprint !== 'string' || !FINGERPRINT.test(entry.fingerprint)) {
      throw new BaselineError(`findings[${i}] has no valid "fingerprint" (a hex digest)`);
    }
    findings.push({
      fingerprint: entry.fingerprint,
      ruleId: typeof entry.ruleId === 'string' ? entry.ruleId : '',
      path: typeof entry.path === 'string' ? entry.path : '',
    });
  });
  const generated = typeof data.generated === 'string' ? data.generated : '';
  return { version: BASELINE_VERSION, generated, findings: normalise(findings) };
}

/**
 * The baseline of an audit: every unsuppressed finding (a suppressed one is
 * already accounted for by its comment). `previous` keeps its `generated` time
 * when the entries are the same.
 */
export function createBaseline(result: AuditResult, now: Date = new Date(), previous?: Baseline): Baseline {
  const entries: BaselineEntry[] = [];
  for (const file of result.files) {
    for (const f of file.findings) if (!f.suppressed) entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: file.path });
  }
  const findings = normalise(entries);
  const unchanged = previous !== undefined && previous.generated !== '' && sameEntries(previous.findings, findings);
  return { version: BASELINE_VERSION, generated: unchanged ? previous.generated : now.toISOString(), findings };
}

/** The file text: two-space JSON, one entry per line block, trailing newline. */
export function serializeBaseline(baseline: Baseline): string {
  const findings = normalise(baseline.findings).map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, path: e.path }));
  return JSON.stringify({ version: BASELINE_VERSION, generated: baseline.generated, findings }, null, 2) + '\n';
}

/**
 * The audit without the baselined findings, and how many were removed.
 * Suppressed findings stay (they are reported as suppressions, not as problems).
 */
export function applyBaseline(result: AuditResult, baseline: Baseline): { result: AuditResult; baselined: number } {
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  let baselined = 0;
  const files = result.files.map((file) => {
    const findings = file.findings.filter((f) => {
      if (f.suppressed || !known.has(f.fingerprint)) return true;
      baselined++;
      return false;
    });
    return findings.length === file.findings.length ? file : { ...file, findings };
  });
  return { result: { ...result, files }, baselined };
}

/** De-duplicated by fingerprint, sorted by path, rule, fingerprint (code-unit order: the same on every machine). */
function normalise(entries: BaselineEntry[]): BaselineEntry[] {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const e of entries) if (!byFingerprint.has(e.fingerprint)) byFingerprint.set(e.fingerprint, e);
  return [...byFingerprint.values()].sort((a, b) => compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint));
}

function sameEntries(a: BaselineEntry[], b: BaselineEntry[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((e, i) => e.fingerprint === b[i].fingerprint && e.ruleId === b[i].ruleId && e.path === b[i].path);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
