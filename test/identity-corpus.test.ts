/**
 * Precision and recall of the privilege, ownership and credential rules on the
 * labelled identity corpus (test/corpus/identity): generated files in every
 * syntax the rules read, scored per category. Set NHI_CORPUS_REPORT=full for
 * every kind, every miss and every false positive.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { generateIdentityCorpus } from './corpus/identity/generate';
import { CATEGORIES, type IdentityCorpus } from './corpus/identity/label';
import { formatIdentityScore, scoreIdentity, type IdentityFinding, type IdentityScore } from './corpus/identity/score';

const MIN_PRECISION = 0.95;
const MIN_RECALL = 0.95;

let corpus: IdentityCorpus;
let score: IdentityScore;
let notes: string[];
let parseErrors: string[];

/** Runs the real engine (whole registry, default configuration); parse errors are kept apart: a hard negative that does not parse proves nothing. */
async function analyze(c: IdentityCorpus): Promise<IdentityFinding[]> {
  await initEngine();
  const config = defaultConfig();
  const findings: IdentityFinding[] = [];
  notes = [];
  parseErrors = [];
  for (const file of c.files) {
    const result = analyzeText({ uri: `file:///corpus/${file.path}`, path: file.path, text: file.text }, { config, validateFixes: false, today: '2026-11-26' });
    for (const f of result.findings) findings.push({ file: file.path, ruleId: f.ruleId, start: f.range.start, end: f.range.end });
    for (const n of result.notes) (n.kind === 'parse-error' ? parseErrors : notes).push(`${file.path}: ${n.kind}: ${n.message}`);
  }
  return findings;
}

beforeAll(async () => {
  corpus = generateIdentityCorpus();
  score = scoreIdentity(corpus, await analyze(corpus));
  console.log(formatIdentityScore(score, process.env.NHI_CORPUS_REPORT === 'full'));
}, 120_000);

describe('identity corpus', () => {
  it('is large enough: ≥ 300 positives and ≥ 300 hard negatives, both in every category', () => {
    expect(score.positives).toBeGreaterThanOrEqual(300);
    expect(score.negatives).toBeGreaterThanOrEqual(300);
    for (const c of score.byCategory) {
      expect(c.positives, c.category).toBeGreaterThan(0);
      expect(c.negatives, c.category).toBeGreaterThan(0);
    }
  });

  it('is deterministic', () => {
    const a = generateIdentityCorpus();
    expect(a.files.map((f) => f.text).join('\u0000')).toBe(corpus.files.map((f) => f.text).join('\u0000'));
    expect(a.labels).toEqual(corpus.labels);
  });

  it('labels non-empty, non-overlapping spans inside unique files', () => {
    const text = new Map(corpus.files.map((f) => [f.path, f.text]));
    expect(text.size).toBe(corpus.files.length);
    const byFile = new Map<string, { start: number; end: number }[]>();
    for (const l of corpus.labels) {
      expect(l.end, l.kind).toBeGreaterThan(l.start);
      expect(l.end).toBeLessThanOrEqual(text.get(l.file)!.length);
      const list = byFile.get(l.file) ?? [];
      for (const o of list) expect(l.start >= o.end || o.start >= l.end, `${l.file}: overlapping labels`).toBe(true);
      byFile.set(l.file, [...list, l]);
    }
  });

  it('is analysed without internal errors or time-budget stops, and every file parses', () => {
    expect(notes).toEqual([]);
    expect(parseErrors).toEqual([]);
  });

  for (const category of CATEGORIES) {
    it(`${category}: precision ≥ ${MIN_PRECISION} and recall ≥ ${MIN_RECALL}`, () => {
      const c = score.byCategory.find((x) => x.category === category)!;
      expect(c.precision, `${category} precision ${c.truePositives}/${c.findings}`).toBeGreaterThanOrEqual(MIN_PRECISION);
      expect(c.recall, `${category} recall ${c.detected}/${c.positives}`).toBeGreaterThanOrEqual(MIN_RECALL);
    });
  }
});
