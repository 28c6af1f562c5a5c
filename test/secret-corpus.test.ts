/**
 * Precision and recall of the secret rules on the labelled corpus
 * (test/corpus/secrets): generated files in every supported syntax plus
 * hand-written ones, scored overall, per kind, per rule and per hard-negative
 * kind. Set NHI_CORPUS_REPORT=full (or run scripts/corpus-report.mjs) for the
 * whole table with every miss and false positive (values masked).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus, generateCorpus } from './corpus/secrets/generate';
import { analyzeCorpus } from './corpus/secrets/run';
import { formatScore, scoreFindings, type Score } from './corpus/secrets/score';
import type { Corpus } from './corpus/secrets/types';

const MIN_PRECISION = 0.97;
const MIN_RECALL = 0.95;

let corpus: Corpus;
let score: Score;
let notes: string[];

beforeAll(async () => {
  corpus = buildCorpus();
  const result = await analyzeCorpus(corpus);
  notes = result.notes;
  score = scoreFindings(corpus, result.findings);
  console.log(formatScore(score, process.env.NHI_CORPUS_REPORT === 'full'));
}, 120_000);

describe('secrets corpus', () => {
  it('is large and varied enough: ≥ 1,000 positives over ≥ 100 kinds, ≥ 1,000 hard negatives', () => {
    expect(score.positives).toBeGreaterThanOrEqual(1000);
    expect(score.kinds).toBeGreaterThanOrEqual(100);
    expect(score.negatives).toBeGreaterThanOrEqual(1000);
    // Hand-written files are part of it too.
    expect(corpus.files.some((f) => f.path.startsWith('handwritten/'))).toBe(true);
  });

  it('is deterministic', () => {
    const again = generateCorpus();
    const first = generateCorpus();
    expect(again.files.map((f) => f.text).join('\u0000')).toBe(first.files.map((f) => f.text).join('\u0000'));
    expect(again.labels).toEqual(first.labels);
  });

  it('labels exact, non-overlapping spans within the files', () => {
    const text = new Map(corpus.files.map((f) => [f.path, f.text]));
    expect(text.size, 'file paths are unique').toBe(corpus.files.length);
    const byFile = new Map<string, { start: number; end: number }[]>();
    for (const l of corpus.labels) {
      const t = text.get(l.file);
      expect(t, l.file).toBeDefined();
      expect(l.end).toBeGreaterThan(l.start);
      expect(l.end).toBeLessThanOrEqual(t!.length);
      if (l.positive) expect(l.family?.length, l.kind).toBeGreaterThan(0);
      const list = byFile.get(l.file) ?? [];
      for (const o of list) expect(l.start >= o.end || o.start >= l.end, `${l.file}: overlapping labels`).toBe(true);
      list.push(l);
      byFile.set(l.file, list);
    }
  });

  it('is analysed without internal errors or time-budget stops', () => {
    expect(notes).toEqual([]);
  });

  it(`reaches precision ≥ ${MIN_PRECISION}`, () => {
    expect(score.precision, `precision ${score.truePositiveFindings}/${score.findings}`).toBeGreaterThanOrEqual(MIN_PRECISION);
  });

  it(`reaches recall ≥ ${MIN_RECALL}`, () => {
    expect(score.recall, `recall ${score.detected}/${score.positives}`).toBeGreaterThanOrEqual(MIN_RECALL);
  });
});
