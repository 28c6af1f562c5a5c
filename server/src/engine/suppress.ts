/**
 * Inline suppressions, in any comment syntax (#, //, --, ;, <!-- -->, /* *\/):
 *   nhi-ignore <ruleId|category/*|*> reason="why" until=YYYY-MM-DD
 * on the finding's line or the line above. Also honoured for secrets:
 *   gitleaks:allow   pragma: allowlist secret
 * An nhi-ignore without a reason still suppresses but the reason shows as "(none)";
 * one whose `until` date has passed no longer suppresses and is itself reported.
 */
import type { Document, Finding, Range } from './model';

export interface Suppression {
  line: number;
  range: Range;
  ruleIds: string[];
  reason?: string;
  until?: string;
  /** gitleaks:allow / pragma: allowlist secret — applies to secret/* only. */
  secretsOnly: boolean;
}

const NHI_IGNORE = /nhi-ignore(?:-next-line)?[ \t]+([\w*./,-]+)((?:[ \t]+[a-z]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s"']+))*)/g;
const ATTR = /([a-z]+)=(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"']+))/g;
const FOREIGN = /gitleaks:allow|pragma:[ \t]*allowlist[ \t]+secret/g;

export function findSuppressions(doc: Document): Suppression[] {
  const text = doc.text;
  if (!text.includes('nhi-ignore') && !text.includes('gitleaks:allow') && !text.includes('allowlist')) return [];
  const out: Suppression[] = [];
  for (const m of text.matchAll(NHI_IGNORE)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(ATTR)) attrs[a[1]] = a[2] ?? a[3] ?? a[4] ?? '';
    const start = m.index ?? 0;
    out.push({
      line: doc.lines.positionAt(start).line,
      range: { start, end: start + m[0].length },
      ruleIds: m[1].split(',').filter(Boolean),
      reason: attrs.reason,
      until: attrs.until,
      secretsOnly: false,
    });
  }
  for (const m of text.matchAll(FOREIGN)) {
    const start = m.index ?? 0;
    out.push({ line: doc.lines.positionAt(start).line, range: { start, end: start + m[0].length }, ruleIds: ['secret/*'], secretsOnly: true });
  }
  return out;
}

function matchesRule(pattern: string, ruleId: string): boolean {
  if (pattern === '*' || pattern === 'all') return true;
  if (pattern.endsWith('/*')) return ruleId.startsWith(pattern.slice(0, -1));
  return pattern === ruleId;
}

export function isExpired(until: string | undefined, today: string): boolean {
  if (!until) return false;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) return true; // an unreadable date does not suppress forever
  return until < today;
}

export interface SuppressionResult {
  findings: Finding[];
  /** Findings about suppressions themselves (expired or malformed). */
  expired: { suppression: Suppression; message: string }[];
}

/** Marks findings covered by a suppression on their first line or the line above. */
export function applySuppressions(doc: Document, findings: Finding[], today = new Date().toISOString().slice(0, 10)): SuppressionResult {
  const suppressions = findSuppressions(doc);
  const expired: SuppressionResult['expired'] = [];
  if (suppressions.length === 0) return { findings, expired };
  const byLine = new Map<number, Suppression[]>();
  for (const s of suppressions) {
    if (isExpired(s.until, today)) {
      expired.push({ suppression: s, message: `Suppression of ${s.ruleIds.join(', ')} expired on ${s.until}; the finding is reported again.` });
      continue;
    }
    const list = byLine.get(s.line) ?? [];
    list.push(s);
    byLine.set(s.line, list);
  }
  for (const f of findings) {
    const line = doc.lines.positionAt(f.range.start).line;
    const candidates = [...(byLine.get(line) ?? []), ...(byLine.get(line - 1) ?? [])];
    const hit = candidates.find((s) => s.ruleIds.some((p) => matchesRule(p, f.ruleId)) && (!s.secretsOnly || f.ruleId.startsWith('secret/')));
    if (hit) f.suppressed = { reason: hit.reason ?? (hit.secretsOnly ? doc.text.slice(hit.range.start, hit.range.end) : '(none)'), until: hit.until };
  }
  return { findings, expired };
}
