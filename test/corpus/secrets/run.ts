/** Runs the real engine (whole rule registry, default configuration) over the corpus. */
import { analyzeText, initEngine } from '../../../server/src/engine/analyze';
import { defaultConfig } from '../../../server/src/engine/config';
import type { ScoredFinding } from './score';
import type { Corpus } from './types';

export async function analyzeCorpus(corpus: Corpus): Promise<{ findings: ScoredFinding[]; notes: string[] }> {
  await initEngine();
  const config = defaultConfig();
  const findings: ScoredFinding[] = [];
  const notes: string[] = [];
  for (const file of corpus.files) {
    const result = analyzeText({ uri: `file:///corpus/${file.path}`, path: file.path, text: file.text }, { config, validateFixes: false, today: '2026-11-26' });
    for (const f of result.findings) findings.push({ file: file.path, ruleId: f.ruleId, start: f.range.start, end: f.range.end });
    for (const n of result.notes) if (n.kind !== 'parse-error') notes.push(`${file.path}: ${n.kind}: ${n.message}`);
  }
  return { findings, notes };
}
