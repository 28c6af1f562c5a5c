/**
 * `nhi fix` without the I/O: which fixes to take from an audit, which of them
 * fit together, the texts they produce, and a unified diff of the change that
 * never shows a secret. Pure functions over texts and edits; the CLI
 * (cli/fix.ts) reads and writes the files.
 *
 * - Each finding contributes its preferred fix (never a `suppress` fix),
 *   filtered by rule id and fix kind.
 * - Fixes are taken in order; a fix is accepted only when none of its edits
 *   (in any file: a fix may append to `.env.local` and `.gitignore` too)
 *   overlaps an edit already accepted. Identical edits are shared (two fixes
 *   adding the same `.gitignore` line add it once). Two insertions at the same
 *   place overlap: their order would be a guess. A skipped fix is retried on the
 *   next round, after the accepted ones are applied and the file re-analysed.
 * - Edits outside the audit root, and edits to files that do not exist without
 *   `createIfMissing`, make the whole fix skipped: a fix is all or nothing.
 */
import type { Finding, FixKind, TextEdit } from './model';
import { mask, redact } from './mask';
import { parseKeyValue } from './documents/key-value';

export interface FixFilter {
  /** Only findings of these rules (all when empty/undefined). */
  rules?: readonly string[];
  /** Only fixes of these kinds (all but `suppress` when empty/undefined). */
  kinds?: readonly FixKind[];
}

export interface CandidateFix {
  /** URI of the file the finding is in. */
  uri: string;
  ruleId: string;
  fingerprint: string;
  title: string;
  kind: FixKind;
  edits: TextEdit[];
}

export type SkipReason = 'overlap' | 'outside-root' | 'missing-file';

export interface FixPlan {
  accepted: CandidateFix[];
  skipped: { fix: CandidateFix; reason: SkipReason }[];
  /** Accepted edits per file URI (deduplicated, non-overlapping). */
  edits: Map<string, TextEdit[]>;
}

/** The preferred fix of each finding that passes the filter, in file and offset order. */
export function selectFixes(files: { uri: string; findings: Finding[] }[], filter: FixFilter = {}): CandidateFix[] {
  const out: CandidateFix[] = [];
  for (const file of files) {
    for (const f of file.findings) {
      if (f.suppressed) continue;
      if (filter.rules && filter.rules.length > 0 && !filter.rules.includes(f.ruleId)) continue;
      const fix = f.fixes.find((x) => x.preferred && x.kind !== 'suppress');
      if (!fix || fix.edits.length === 0) continue;
      if (filter.kinds && filter.kinds.length > 0 && !filter.kinds.includes(fix.kind)) continue;
      out.push({ uri: file.uri, ruleId: f.ruleId, fingerprint: f.fingerprint, title: fix.title, kind: fix.kind, edits: fix.edits });
    }
  }
  return out;
}

export interface PlanContext {
  /** Is this URI inside the audit root (a fix never edits anything else)? */
  inside(uri: string): boolean;
  /** Does the file exist (or has an accepted edit created it)? */
  exists(uri: string): boolean;
}

export function planFixes(candidates: CandidateFix[], ctx: PlanContext): FixPlan {
  const plan: FixPlan = { accepted: [], skipped: [], edits: new Map() };
  for (const fix of candidates) {
    const reason = rejection(fix, plan.edits, ctx);
    if (reason) {
      plan.skipped.push({ fix, reason });
      continue;
    }
    plan.accepted.push(fix);
    for (const e of fix.edits) {
      const list = plan.edits.get(e.uri) ?? [];
      if (!list.some((a) => sameEdit(a, e))) list.push(e);
      plan.edits.set(e.uri, list);
    }
  }
  return plan;
}

function rejection(fix: CandidateFix, accepted: Map<string, TextEdit[]>, ctx: PlanContext): SkipReason | undefined {
  for (const e of fix.edits) {
    if (!ctx.inside(e.uri)) return 'outside-root';
    if (!e.createIfMissing && !ctx.exists(e.uri) && !accepted.has(e.uri)) return 'missing-file';
  }
  // The fix's own edits must not overlap each other either.
  const own: TextEdit[] = [];
  for (const e of fix.edits) {
    if ((accepted.get(e.uri) ?? []).some((a) => overlaps(a, e)) || own.some((a) => overlaps(a, e))) return 'overlap';
    own.push(e);
  }
  return undefined;
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.uri === b.uri && a.range.start === b.range.start && a.range.end === b.range.end && a.newText === b.newText;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.uri !== b.uri || sameEdit(a, b)) return false;
  if (a.range.start < b.range.end && b.range.start < a.range.end) return true;
  // Two insertions at one point, or an insertion strictly inside a replaced range.
  if (a.range.start === a.range.end && b.range.start === b.range.end) return a.range.start === b.range.start;
  const insertion = a.range.start === a.range.end ? a : b.range.start === b.range.end ? b : undefined;
  const other = insertion === a ? b : a;
  return !!insertion && other.range.start < insertion.range.start && insertion.range.start < other.range.end;
}

/** Applies non-overlapping edits to a text (a missing file is empty). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end)) {
    const start = Math.min(e.range.start, out.length);
    const end = Math.min(Math.max(e.range.end, start), out.length);
    out = out.slice(0, start) + e.newText + out.slice(end);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Masking
// ---------------------------------------------------------------------------

/** Is this the local env file that receives moved secrets (or any dotenv file)? */
export function isEnvFile(relativePath: string, envFile: string): boolean {
  const rel = relativePath.replace(/\\/g, '/');
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  return rel === envFile.replace(/\\/g, '/').replace(/^(\.\/)+/, '') || /^\.env(\..*)?$/.test(base);
}

/**
 * The secret values a diff could show: the values the fixes write to env files
 * (they are the moved secrets) and the spans secret rules reported in the
 * original texts. The diff is redacted with all of them.
 */
export function secretsOf(texts: { text: string; findings: Finding[] }[], envTexts: string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    for (const f of t.findings) {
      if (!f.ruleId.startsWith('secret/')) continue;
      const span = t.text.slice(f.range.start, f.range.end).trim();
      if (span.length >= 4) out.add(span);
    }
  }
  for (const text of envTexts) {
    for (const entry of parseKeyValue(text, 'dotenv')) if (entry.value.length >= 4) out.add(entry.value);
  }
  return [...out];
}

/** `NAME=value` → `NAME=<masked value>` on every assignment line of a dotenv text. */
function maskDotenvLine(line: string): string {
  const m = /^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*)(.*)$/.exec(line);
  if (!m || m[2] === '') return line;
  let value = m[2];
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) value = value.slice(1, -1);
  return m[1] + mask(value);
}

// ---------------------------------------------------------------------------
// Unified diff
// ---------------------------------------------------------------------------

const CONTEXT = 3;
/** Above this many line pairs in the changed middle, it is shown as one replaced block (no quadratic LCS). */
const MAX_LCS_CELLS = 4_000_000;

interface Segment {
  /** 0-based first old line and the old lines it replaces. */
  oldStart: number;
  oldLines: string[];
  newLines: string[];
}

export interface DiffOptions {
  /** Path shown in the headers (relative to the root). */
  path: string;
  /** Text before (undefined: the file is new). */
  before: string | undefined;
  after: string;
  /** Values to mask wherever they appear. */
  secrets: readonly string[];
  /** Mask the value of every `NAME=value` on +/- lines (dotenv files). */
  maskValues: boolean;
}

export function unifiedDiff(opts: DiffOptions): string {
  const lines = splitLines(opts.before ?? '');
  const segments = diffLines(lines, splitLines(opts.after));
  const show = (prefix: string, line: string, changed: boolean): string => {
    const body = line.replace(/\r?\n$/, '');
    const masked = redact(changed && opts.maskValues ? maskDotenvLine(body) : body, opts.secrets);
    return `${prefix}${masked}\n${line.endsWith('\n') ? '' : '\\ No newline at end of file\n'}`;
  };
  let out = `--- ${opts.before === undefined ? '/dev/null' : `a/${opts.path}`}\n+++ b/${opts.path}\n`;
  let delta = 0;
  let i = 0;
  while (i < segments.length) {
    // Segments closer than two contexts share a hunk.
    let j = i;
    while (j + 1 < segments.length && segments[j + 1].oldStart - (segments[j].oldStart + segments[j].oldLines.length) <= 2 * CONTEXT) j++;
    const from = Math.max(0, segments[i].oldStart - CONTEXT);
    const to = Math.min(lines.length, segments[j].oldStart + segments[j].oldLines.length + CONTEXT);
    let body = '';
    let oldCount = 0;
    let newCount = 0;
    let cursor = from;
    let hunkDelta = 0;
    for (let k = i; k <= j; k++) {
      const s = segments[k];
      for (; cursor < s.oldStart; cursor++, oldCount++, newCount++) body += show(' ', lines[cursor], false);
      for (const l of s.oldLines) body += show('-', l, true);
      for (const l of s.newLines) body += show('+', l, true);
      oldCount += s.oldLines.length;
      newCount += s.newLines.length;
      hunkDelta += s.newLines.length - s.oldLines.length;
      cursor = s.oldStart + s.oldLines.length;
    }
    for (; cursor < to; cursor++, oldCount++, newCount++) body += show(' ', lines[cursor], false);
    const oldStart = oldCount === 0 ? from : from + 1;
    const newStart = newCount === 0 ? from + delta : from + delta + 1;
    out += `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n${body}`;
    delta += hunkDelta;
    i = j + 1;
  }
  return out;
}

/** Changed runs between two line lists: common prefix and suffix trimmed, an LCS over the rest when it is small. */
function diffLines(a: string[], b: string[]): Segment[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  if (am.length === 0 && bm.length === 0) return [];
  if ((am.length + 1) * (bm.length + 1) > MAX_LCS_CELLS) return [{ oldStart: pre, oldLines: am, newLines: bm }];
  // lcs[i][j]: LCS length of am[i..] and bm[j..], in one flat array.
  const w = bm.length + 1;
  const lcs = new Uint32Array((am.length + 1) * w);
  for (let x = am.length - 1; x >= 0; x--) {
    for (let y = bm.length - 1; y >= 0; y--) {
      lcs[x * w + y] = am[x] === bm[y] ? lcs[(x + 1) * w + y + 1] + 1 : Math.max(lcs[(x + 1) * w + y], lcs[x * w + y + 1]);
    }
  }
  const out: Segment[] = [];
  let current: Segment | undefined;
  let x = 0;
  let y = 0;
  const flush = () => {
    if (current) out.push(current);
    current = undefined;
  };
  while (x < am.length || y < bm.length) {
    if (x < am.length && y < bm.length && am[x] === bm[y]) {
      flush();
      x++;
      y++;
    } else if (y < bm.length && (x === am.length || lcs[x * w + y + 1] >= lcs[(x + 1) * w + y])) {
      current ??= { oldStart: pre + x, oldLines: [], newLines: [] };
      current.newLines.push(bm[y++]);
    } else {
      current ??= { oldStart: pre + x, oldLines: [], newLines: [] };
      current.oldLines.push(am[x++]);
    }
  }
  flush();
  return out;
}

/** Lines with their line breaks (the last one may have none). */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}
