/**
 * Scores privilege / ownership / credential findings against the identity
 * corpus labels, per category:
 * - a finding of category C overlapping a labelled positive of category C is a
 *   true positive; every other finding of category C is a false positive (on a
 *   labelled hard negative, or unlabelled text);
 * - a positive of category C is detected when a finding of category C overlaps it.
 * Precision = TP findings / findings; recall = detected / positives.
 */
import { mask } from '../../../server/src/engine/mask';
import { CATEGORIES, type Category, type IdentityCorpus, type IdentityLabel } from './label';

export interface IdentityFinding {
  file: string;
  ruleId: string;
  start: number;
  end: number;
}

export interface CategoryScore {
  category: Category;
  positives: number;
  negatives: number;
  findings: number;
  truePositives: number;
  detected: number;
  precision: number;
  recall: number;
}

export interface KindRow {
  kind: string;
  positive: boolean;
  /** Positives: labels; negatives: labels. */
  n: number;
  /** Positives: detected; negatives: hit by a finding of their category. */
  hit: number;
  ruleIds: string[];
}

export interface Problem {
  kind: string;
  ruleId?: string;
  file: string;
  line: number;
  excerpt: string;
}

export interface IdentityScore {
  files: number;
  positives: number;
  negatives: number;
  byCategory: CategoryScore[];
  byKind: KindRow[];
  misses: Problem[];
  falsePositives: Problem[];
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;
const categoryOfRule = (ruleId: string): Category | undefined => CATEGORIES.find((c) => ruleId.startsWith(`${c}/`));

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** A short one-line excerpt, masked like every other output of the project. */
function excerpt(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', start);
  const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trim();
  const shown = line.length > 100 ? line.slice(0, 100) + '…' : line;
  // Corpus values are not secrets, but keep the project rule: long opaque tokens are masked.
  return shown.replace(/[A-Za-z0-9+/=_-]{32,}/g, (m) => mask(m)) + (end - start > line.length ? ' …' : '');
}

export function scoreIdentity(corpus: IdentityCorpus, findings: IdentityFinding[]): IdentityScore {
  const textOf = new Map(corpus.files.map((f) => [f.path, f.text]));
  const labelsByFile = new Map<string, IdentityLabel[]>();
  for (const l of corpus.labels) labelsByFile.set(l.file, [...(labelsByFile.get(l.file) ?? []), l]);
  const detected = new Set<IdentityLabel>();
  const negativeHit = new Set<IdentityLabel>();
  const rulesOn = new Map<IdentityLabel, Set<string>>();
  const cat = new Map<Category, CategoryScore>(CATEGORIES.map((c) => [c, { category: c, positives: 0, negatives: 0, findings: 0, truePositives: 0, detected: 0, precision: 1, recall: 0 }]));
  const falsePositives: Problem[] = [];
  for (const f of findings) {
    const c = categoryOfRule(f.ruleId);
    if (!c) continue;
    const s = cat.get(c)!;
    s.findings++;
    const labels = (labelsByFile.get(f.file) ?? []).filter((l) => l.category === c && overlaps(l, f));
    const hits = labels.filter((l) => l.positive);
    if (hits.length > 0) {
      s.truePositives++;
      for (const l of hits) {
        detected.add(l);
        rulesOn.set(l, (rulesOn.get(l) ?? new Set()).add(f.ruleId));
      }
    } else {
      const on = labels.find((l) => !l.positive);
      if (on) {
        negativeHit.add(on);
        rulesOn.set(on, (rulesOn.get(on) ?? new Set()).add(f.ruleId));
      }
      const text = textOf.get(f.file) ?? '';
      falsePositives.push({ kind: on?.kind ?? `${c}:unlabelled`, ruleId: f.ruleId, file: f.file, line: lineOf(text, f.start), excerpt: excerpt(text, f.start, f.end) });
    }
  }
  const kinds = new Map<string, KindRow>();
  const misses: Problem[] = [];
  for (const l of corpus.labels) {
    const s = cat.get(l.category)!;
    const row = kinds.get(l.kind) ?? { kind: l.kind, positive: l.positive, n: 0, hit: 0, ruleIds: [] };
    kinds.set(l.kind, row);
    row.n++;
    for (const id of rulesOn.get(l) ?? []) if (!row.ruleIds.includes(id)) row.ruleIds.push(id);
    if (l.positive) {
      s.positives++;
      if (detected.has(l)) {
        s.detected++;
        row.hit++;
      } else {
        const text = textOf.get(l.file) ?? '';
        misses.push({ kind: l.kind, file: l.file, line: lineOf(text, l.start), excerpt: excerpt(text, l.start, l.end) });
      }
    } else {
      s.negatives++;
      if (negativeHit.has(l)) row.hit++;
    }
  }
  for (const s of cat.values()) {
    s.precision = s.findings ? s.truePositives / s.findings : 1;
    s.recall = s.positives ? s.detected / s.positives : 0;
  }
  return {
    files: corpus.files.length,
    positives: corpus.labels.filter((l) => l.positive).length,
    negatives: corpus.labels.filter((l) => !l.positive).length,
    byCategory: [...cat.values()],
    byKind: [...kinds.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
    misses,
    falsePositives,
  };
}

const pct = (x: number): string => (x * 100).toFixed(1).padStart(5) + '%';

/** Per-category and per-kind tables; `full` lists every kind and every problem (otherwise only the failing ones, capped). */
export function formatIdentityScore(s: IdentityScore, full = false): string {
  const out: string[] = [];
  out.push(`identity corpus: ${s.files} files, ${s.positives} positives, ${s.negatives} hard negatives`);
  out.push(`${'category'.padEnd(12)} ${'pos'.padStart(4)} ${'neg'.padStart(4)} ${'found'.padStart(5)} ${'TP'.padStart(5)} ${'FP'.padStart(4)} ${'FN'.padStart(4)} precision recall`);
  for (const c of s.byCategory) {
    out.push(`${c.category.padEnd(12)} ${String(c.positives).padStart(4)} ${String(c.negatives).padStart(4)} ${String(c.findings).padStart(5)} ${String(c.truePositives).padStart(5)} ${String(c.findings - c.truePositives).padStart(4)} ${String(c.positives - c.detected).padStart(4)}    ${pct(c.precision)} ${pct(c.recall)}`);
  }
  const rows = full ? s.byKind : s.byKind.filter((k) => (k.positive ? k.hit < k.n : k.hit > 0));
  if (rows.length) {
    out.push('', full ? 'kinds (positives: detected/n; hard negatives: reported/n):' : 'kinds with misses or false positives (positives: detected/n; hard negatives: reported/n):');
    for (const k of rows) out.push(`  ${k.positive ? '+' : '-'} ${k.kind.padEnd(62)} ${String(k.hit).padStart(3)}/${String(k.n).padEnd(3)} ${k.ruleIds.join(' ')}`);
  }
  const cap = full ? Infinity : 40;
  if (s.misses.length) {
    out.push('', `missed positives (${s.misses.length}${s.misses.length > cap ? `, first ${cap}` : ''}):`);
    for (const m of s.misses.slice(0, cap)) out.push(`  ${m.kind} ${m.file}:${m.line}  ${m.excerpt}`);
  }
  if (s.falsePositives.length) {
    out.push('', `false positives (${s.falsePositives.length}${s.falsePositives.length > cap ? `, first ${cap}` : ''}):`);
    for (const f of s.falsePositives.slice(0, cap)) out.push(`  ${f.ruleId} on ${f.kind} ${f.file}:${f.line}  ${f.excerpt}`);
  }
  return out.join('\n');
}
