/**
 * Inline suppressions, in any comment syntax (#, //, --, ;, <!-- -->, /* *\/):
 *   nhi-ignore <ruleId|category/*|*>[,<more>] reason="why" until=YYYY-MM-DD
 * A suppression that trails code applies to that line; one on a comment-only
 * line applies to that line and the next. Also honoured, for secret/* rules only:
 *   gitleaks:allow   pragma: allowlist secret
 * An nhi-ignore without a reason still suppresses but the reason shows as "(none)";
 * one whose `until` date has passed, or cannot be read, no longer suppresses and is
 * itself reported (as nhi/expired-suppression).
 */
import type { Document, Finding, Range } from './model';
import { inEditSession, lineMatches } from './edit-session';

export interface Suppression {
  line: number;
  range: Range;
  ruleIds: string[];
  reason?: string;
  until?: string;
  /** gitleaks:allow / pragma: allowlist secret — applies to secret/* only. */
  secretsOnly: boolean;
  /** The comment stands on its own line, so it also covers the next line. */
  ownLine: boolean;
}

// The attributes are read by ATTR from the rest of the line rather than by a
// repeated group here: that keeps both patterns free of nested quantifiers.
/** Line-local (see lineMatches), like FOREIGN: test/typing-caches-2.test.ts checks both against a whole-text scan. */
export const NHI_IGNORE = /nhi-ignore(?:-next-line)?[ \t]+([\w*./,-]+)([^\r\n]*)/g;
const ATTR = /(?:^|[ \t])([a-z]+)=(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"']+))/g;
export const FOREIGN = /gitleaks:allow|pragma:[ \t]*allowlist[ \t]+secret/g;
/** Text that may precede a suppression on a comment-only line: indentation and comment openers. */
const COMMENT_LEAD = /^[ \t]*(?:(?:#+|\/\/+|\/\*+|\*|--|;+|<!--|%|'|rem\b)[ \t]*)?$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function findSuppressions(doc: Document): Suppression[] {
  const text = doc.text;
  // Both patterns are line-local: an editor keeps each line's matches (lineMatches) and
  // re-reads only edited lines, instead of searching the whole text at every keystroke.
  if (!inEditSession(doc) && !text.includes('nhi-ignore') && !text.includes('gitleaks:allow') && !text.includes('allowlist')) return [];
  const out: Suppression[] = [];
  const ownLine = (start: number, line: number): boolean => COMMENT_LEAD.test(text.slice(doc.lines.lineStart(line), start));
  for (const m of lineMatches(doc, NHI_IGNORE)) {
    const attrs: Record<string, string> = {};
    const start = m.index ?? 0;
    const rest = m[2] ?? '';
    const restStart = start + m[0].length - rest.length;
    let end = restStart;
    for (const a of rest.matchAll(ATTR)) {
      attrs[a[1]] = a[2] ?? a[3] ?? stripCommentClose(a[4] ?? '');
      end = restStart + (a.index ?? 0) + a[0].length;
    }
    const line = doc.lines.positionAt(start).line;
    out.push({
      line,
      range: { start, end },
      ruleIds: m[1].split(',').map(stripCommentClose).filter(Boolean),
      reason: attrs.reason,
      until: attrs.until,
      secretsOnly: false,
      ownLine: ownLine(start, line),
    });
  }
  for (const m of lineMatches(doc, FOREIGN)) {
    const start = m.index ?? 0;
    const line = doc.lines.positionAt(start).line;
    // gitleaks and detect-secrets only ever look at the line itself.
    out.push({ line, range: { start, end: start + m[0].length }, ruleIds: ['secret/*'], secretsOnly: true, ownLine: false });
  }
  return out;
}

// In `until=2027-01-01-->` or `secret/x*/` the comment's closing token is not part of the value.
function stripCommentClose(value: string): string {
  for (const close of ['-->', '--', '*/']) if (value.endsWith(close)) return value.slice(0, -close.length);
  return value;
}

function matchesRule(pattern: string, ruleId: string): boolean {
  if (pattern === '*' || pattern === 'all') return true;
  if (pattern.endsWith('/*')) return ruleId.startsWith(pattern.slice(0, -1));
  return pattern === ruleId;
}

/** A real calendar date written as YYYY-MM-DD (2026-02-30 is not one). */
export function isValidDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function isExpired(until: string | undefined, today: string): boolean {
  if (until === undefined) return false;
  if (!isValidDate(until)) return true; // an unreadable date does not suppress forever
  return until < today;
}

export interface SuppressionResult {
  findings: Finding[];
  /** Findings about suppressions themselves (expired or malformed). */
  expired: { suppression: Suppression; message: string }[];
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Marks findings covered by a suppression on their first line or the line above. */
export function applySuppressions(doc: Document, findings: Finding[], todayIfKnown?: string): SuppressionResult {
  const suppressions = findSuppressions(doc);
  const expired: SuppressionResult['expired'] = [];
  if (suppressions.length === 0) return { findings, expired };
  // Read the clock only for files with suppressions (formatting a date for every file of a
  // 20k-file audit was ~2% of its time).
  const today = todayIfKnown ?? todayUtc();
  const byLine = new Map<number, Suppression[]>();
  const add = (line: number, s: Suppression) => {
    const list = byLine.get(line) ?? [];
    list.push(s);
    byLine.set(line, list);
  };
  for (const s of suppressions) {
    if (isExpired(s.until, today)) {
      const what = s.ruleIds.join(', ');
      const message = isValidDate(s.until ?? '')
        ? `Suppression of ${what} expired on ${s.until}; it no longer applies and the finding is reported again.`
        : `Suppression of ${what} has an unreadable until= date (expected YYYY-MM-DD); it does not apply.`;
      expired.push({ suppression: s, message });
      continue;
    }
    add(s.line, s);
    if (s.ownLine) add(s.line + 1, s);
  }
  for (const f of findings) {
    const line = doc.lines.positionAt(f.range.start).line;
    const hit = byLine.get(line)?.find((s) => s.ruleIds.some((p) => matchesRule(p, f.ruleId)) && (!s.secretsOnly || f.ruleId.startsWith('secret/')));
    if (hit) f.suppressed = { reason: hit.reason ?? (hit.secretsOnly ? doc.text.slice(hit.range.start, hit.range.end) : '(none)'), until: hit.until };
  }
  return { findings, expired };
}
