/**
 * Scores secret findings against the corpus labels.
 *
 * - A finding is a secret finding when its rule id starts with `secret/`.
 * - It is a true positive when its range overlaps a labelled positive span;
 *   every other secret finding is a false positive (on a labelled hard negative
 *   or anywhere else in the file).
 * - A positive is detected when any secret finding overlaps it, and attributed
 *   when one of those findings comes from a rule of the expected family.
 * Precision = true-positive findings / secret findings; recall = detected / positives.
 */
import { mask } from '../../../server/src/engine/mask';
import type { Corpus, Label } from './types';

export interface ScoredFinding {
  file: string;
  ruleId: string;
  start: number;
  end: number;
}

export interface KindScore {
  kind: string;
  positives: number;
  detected: number;
  attributed: number;
  recall: number;
  ruleIds: string[];
}

export interface RuleScore {
  ruleId: string;
  findings: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
}

export interface NegativeScore {
  kind: string;
  negatives: number;
  hit: number;
}

export interface Miss {
  kind: string;
  file: string;
  line: number;
  masked: string;
}

export interface FalsePositive {
  ruleId: string;
  file: string;
  line: number;
  /** The negative kind it fell on, or 'unlabelled'. */
  on: string;
  masked: string;
}

export interface Score {
  files: number;
  positives: number;
  negatives: number;
  kinds: number;
  findings: number;
  truePositiveFindings: number;
  falsePositiveFindings: number;
  detected: number;
  attributed: number;
  precision: number;
  recall: number;
  byKind: KindScore[];
  byRule: RuleScore[];
  byNegative: NegativeScore[];
  misses: Miss[];
  falsePositives: FalsePositive[];
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function scoreFindings(corpus: Corpus, findings: ScoredFinding[]): Score {
  const textOf = new Map(corpus.files.map((f) => [f.path, f.text]));
  const labelsByFile = new Map<string, Label[]>();
  for (const l of corpus.labels) {
    const list = labelsByFile.get(l.file) ?? [];
    list.push(l);
    labelsByFile.set(l.file, list);
  }
  const detected = new Set<Label>();
  const attributed = new Set<Label>();
  const rulesOnLabel = new Map<Label, Set<string>>();
  const negativeHit = new Set<Label>();
  const byRule = new Map<string, RuleScore>();
  const falsePositives: FalsePositive[] = [];
  let tp = 0;
  let fp = 0;
  const secretFindings = findings.filter((f) => f.ruleId.startsWith('secret/'));
  for (const f of secretFindings) {
    const rule = byRule.get(f.ruleId) ?? { ruleId: f.ruleId, findings: 0, truePositives: 0, falsePositives: 0, precision: 0 };
    byRule.set(f.ruleId, rule);
    rule.findings++;
    const labels = labelsByFile.get(f.file) ?? [];
    const hitPositives = labels.filter((l) => l.positive && overlaps(l, f));
    if (hitPositives.length > 0) {
      tp++;
      rule.truePositives++;
      for (const l of hitPositives) {
        detected.add(l);
        const set = rulesOnLabel.get(l) ?? new Set<string>();
        set.add(f.ruleId);
        rulesOnLabel.set(l, set);
        if ((l.family ?? []).some((fam) => f.ruleId.includes(fam))) attributed.add(l);
      }
    } else {
      fp++;
      rule.falsePositives++;
      const neg = labels.find((l) => !l.positive && overlaps(l, f));
      if (neg) negativeHit.add(neg);
      const text = textOf.get(f.file) ?? '';
      falsePositives.push({ ruleId: f.ruleId, file: f.file, line: lineOf(text, f.start), on: neg?.kind ?? 'unlabelled', masked: mask(text.slice(f.start, f.end)) });
    }
  }
  for (const rule of byRule.values()) rule.precision = rule.findings ? rule.truePositives / rule.findings : 1;

  const positives = corpus.labels.filter((l) => l.positive);
  const negatives = corpus.labels.filter((l) => !l.positive);
  const kinds = new Map<string, KindScore>();
  const misses: Miss[] = [];
  for (const l of positives) {
    const k = kinds.get(l.kind) ?? { kind: l.kind, positives: 0, detected: 0, attributed: 0, recall: 0, ruleIds: [] };
    kinds.set(l.kind, k);
    k.positives++;
    if (detected.has(l)) {
      k.detected++;
      for (const id of rulesOnLabel.get(l) ?? []) if (!k.ruleIds.includes(id)) k.ruleIds.push(id);
    } else {
      const text = textOf.get(l.file) ?? '';
      misses.push({ kind: l.kind, file: l.file, line: lineOf(text, l.start), masked: mask(text.slice(l.start, l.end)) });
    }
    if (attributed.has(l)) k.attributed++;
  }
  for (const k of kinds.values()) k.recall = k.detected / k.positives;

  const negKinds = new Map<string, NegativeScore>();
  for (const l of negatives) {
    const k = negKinds.get(l.kind) ?? { kind: l.kind, negatives: 0, hit: 0 };
    negKinds.set(l.kind, k);
    k.negatives++;
    if (negativeHit.has(l)) k.hit++;
  }

  const total = tp + fp;
  return {
    files: corpus.files.length,
    positives: positives.length,
    negatives: negatives.length,
    kinds: kinds.size,
    findings: total,
    truePositiveFindings: tp,
    falsePositiveFindings: fp,
    detected: detected.size,
    attributed: attributed.size,
    // No findings at all: nothing was claimed wrongly, but recall will say what is missing.
    precision: total ? tp / total : 1,
    recall: positives.length ? detected.size / positives.length : 0,
    byKind: [...kinds.values()].sort((a, b) => a.recall - b.recall || a.kind.localeCompare(b.kind)),
    byRule: [...byRule.values()].sort((a, b) => a.precision - b.precision || a.ruleId.localeCompare(b.ruleId)),
    byNegative: [...negKinds.values()].sort((a, b) => b.hit / b.negatives - a.hit / a.negatives || a.kind.localeCompare(b.kind)),
    misses,
    falsePositives,
  };
}

const pct = (x: number): string => (x * 100).toFixed(1).padStart(5) + '%';

/** The summary and the tables; `full` adds every kind, every miss and every false positive. */
export function formatScore(s: Score, full = false): string {
  const out: string[] = [];
  out.push(`secrets corpus: ${s.files} files, ${s.positives} positives over ${s.kinds} kinds, ${s.negatives} hard negatives`);
  out.push(`precision ${pct(s.precision)} (${s.truePositiveFindings}/${s.findings} findings)   recall ${pct(s.recall)} (${s.detected}/${s.positives})   attributed ${pct(s.positives ? s.attributed / s.positives : 0)}`);
  const weakKinds = full ? s.byKind : s.byKind.filter((k) => k.recall < 0.95);
  if (weakKinds.length) {
    out.push('', `${full ? 'kinds' : 'kinds below 95% recall'} (${weakKinds.length}):`, `${'kind'.padEnd(38)} ${'n'.padStart(3)} ${'recall'.padStart(6)} ${'attrib'.padStart(6)}  rules`);
    for (const k of weakKinds) out.push(`${k.kind.padEnd(38)} ${String(k.positives).padStart(3)} ${pct(k.recall)} ${pct(k.attributed / k.positives)}  ${k.ruleIds.join(' ')}`);
  }
  const weakRules = full ? s.byRule : s.byRule.filter((r) => r.precision < 0.97);
  if (weakRules.length) {
    out.push('', `${full ? 'rules' : 'rules below 97% precision'}:`, `${'rule'.padEnd(38)} ${'found'.padStart(5)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} precision`);
    for (const r of weakRules) out.push(`${r.ruleId.padEnd(38)} ${String(r.findings).padStart(5)} ${String(r.truePositives).padStart(5)} ${String(r.falsePositives).padStart(5)} ${pct(r.precision)}`);
  }
  const hitNegatives = full ? s.byNegative : s.byNegative.filter((n) => n.hit > 0);
  if (hitNegatives.length) {
    out.push('', 'hard negatives reported:', `${'negative kind'.padEnd(38)} ${'n'.padStart(4)} ${'hit'.padStart(4)}`);
    for (const n of hitNegatives) out.push(`${n.kind.padEnd(38)} ${String(n.negatives).padStart(4)} ${String(n.hit).padStart(4)}`);
  }
  const fpLimit = full ? Infinity : 25;
  if (s.falsePositives.length) {
    out.push('', `false positives (${s.falsePositives.length}${s.falsePositives.length > fpLimit ? `, first ${fpLimit}` : ''}):`);
    for (const f of s.falsePositives.slice(0, fpLimit)) out.push(`  ${f.ruleId} ${f.file}:${f.line} on ${f.on}: ${f.masked}`);
  }
  if (full && s.misses.length) {
    out.push('', `missed positives (${s.misses.length}):`);
    for (const m of s.misses) out.push(`  ${m.kind} ${m.file}:${m.line} ${m.masked}`);
  }
  return out.join('\n');
}
