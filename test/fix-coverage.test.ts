/**
 * Measured fix coverage (issue 6): the share of true-positive findings that come
 * with at least one validated fix that is not a `suppress` fix, per category.
 *
 * The engine runs as the CLI does (fix validation on: a fix is kept only when the
 * edited text parses and the finding is gone) over
 * - the secrets corpus (test/corpus/secrets: code and config in every syntax we
 *   read) — a finding counts when it overlaps a labelled positive;
 * - the identity corpus (test/corpus/identity) — a finding of category C counts
 *   when it overlaps a labelled positive of category C;
 * - every rule's fixtures — a finding counts when an `nhi-expect` names its rule
 *   on its line.
 * False positives are left out: a fix for a finding that should not exist says
 * nothing about coverage.
 *
 * Targets: ≥ 90 % of secrets in code/config (the secrets corpus), ≥ 80 % of
 * credential findings, ≥ 70 % of ownership, ≥ 40 % of privilege. The table is
 * printed for the issue report; NHI_FIX_COVERAGE=full adds the rules whose
 * findings most often come without a fix.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import type { Category, Finding } from '../server/src/engine/model';
import { rules } from '../rules';
import { buildCorpus } from './corpus/secrets/generate';
import { generateIdentityCorpus } from './corpus/identity/generate';
import { FIXTURE_ROOT_URI, fixtureProject, loadFixtures } from './support/fixtures';

/** Issue 6's targets, printed with the figures. */
const TARGETS: Record<'secret-code-config' | Exclude<Category, 'secret'>, number> = {
  'secret-code-config': 0.9,
  credential: 0.8,
  ownership: 0.7,
  privilege: 0.4,
};

/**
 * What is reached today, asserted so coverage never slides back; raised as fixes land.
 * Where a floor is below its target, issue 6 is not done (the table says FAIL).
 */
const FLOORS: typeof TARGETS = {
  'secret-code-config': 0.94,
  credential: 0.8,
  ownership: 0.8,
  privilege: 0.4,
};

/**
 * Every file is analysed: validation re-analyses a file once per fix, yet both corpora
 * (~2,400 files) plus the fixtures take 15–25 s here. NHI_FIX_COVERAGE_STRIDE=n analyses
 * every n-th corpus file by path (deterministic) on a slower machine; the output says so.
 */
const SAMPLE_STRIDE = Math.max(1, Number(process.env.NHI_FIX_COVERAGE_STRIDE ?? 1) || 1);
const TODAY = '2026-11-26';

type Source = 'secrets corpus' | 'identity corpus' | 'rule fixtures';

interface Tally {
  findings: number;
  withFix: number;
  /** Findings without a fix, per rule id (for the "full" report). */
  unfixed: Map<string, number>;
}

const newTally = (): Tally => ({ findings: 0, withFix: 0, unfixed: new Map() });
const tallies = new Map<string, Tally>();
const files: Record<Source, { analysed: number; total: number }> = {
  'secrets corpus': { analysed: 0, total: 0 },
  'identity corpus': { analysed: 0, total: 0 },
  'rule fixtures': { analysed: 0, total: 0 },
};
const problems: string[] = [];
let seconds = 0;

const hasRealFix = (f: Finding): boolean => f.fixes.some((x) => x.kind !== 'suppress' && x.edits.length > 0);
const categoryOf = (ruleId: string): Category | undefined => (['secret', 'privilege', 'ownership', 'credential'] as const).find((c) => ruleId.startsWith(`${c}/`));

function count(key: string, f: Finding): void {
  const t = tallies.get(key) ?? newTally();
  tallies.set(key, t);
  t.findings++;
  if (hasRealFix(f)) t.withFix++;
  else t.unfixed.set(f.ruleId, (t.unfixed.get(f.ruleId) ?? 0) + 1);
}

/** Records a true positive under its category, per source and in the category total. */
function record(source: Source, f: Finding): void {
  const category = categoryOf(f.ruleId);
  if (!category) return;
  count(`${category}|${source}`, f);
  count(`${category}|all`, f);
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

function sample<T extends { path: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).filter((_, i) => i % SAMPLE_STRIDE === 0);
}

/** A workspace that has only the analysed file (the fixes create .env.local / .gitignore as they would in a fresh checkout). */
function analyseCorpusFile(root: string, path: string, text: string) {
  const result = analyzeText(
    { uri: `${root}/${path}`, path, text },
    { config: defaultConfig(), validateFixes: true, today: TODAY, workspaceRoot: root, readFile: () => undefined },
  );
  for (const n of result.notes) if (n.kind === 'internal-error' || n.kind === 'time-budget') problems.push(`${path}: ${n.kind}: ${n.message}`);
  return result;
}

function measureSecretsCorpus(): void {
  const corpus = buildCorpus();
  const positives = new Map<string, { start: number; end: number }[]>();
  for (const l of corpus.labels) if (l.positive) positives.set(l.file, [...(positives.get(l.file) ?? []), l]);
  files['secrets corpus'].total = corpus.files.length;
  for (const file of sample(corpus.files)) {
    files['secrets corpus'].analysed++;
    const labels = positives.get(file.path) ?? [];
    for (const f of analyseCorpusFile('file:///corpus/secrets', file.path, file.text).findings) {
      if (f.ruleId.startsWith('secret/') && labels.some((l) => overlaps(l, f.range))) record('secrets corpus', f);
    }
  }
}

function measureIdentityCorpus(): void {
  const corpus = generateIdentityCorpus();
  files['identity corpus'].total = corpus.files.length;
  for (const file of sample(corpus.files)) {
    files['identity corpus'].analysed++;
    const labels = corpus.labels.filter((l) => l.file === file.path && l.positive);
    for (const f of analyseCorpusFile('file:///corpus/identity', file.path, file.text).findings) {
      if (labels.some((l) => f.ruleId.startsWith(`${l.category}/`) && overlaps(l, f.range))) record('identity corpus', f);
    }
  }
}

/** Rule fixtures are analysed in full (they are few), as the fixture driver does. */
function measureFixtures(): void {
  const config = { ...defaultConfig(), rules: Object.fromEntries(rules.filter((r) => r.defaultOff).map((r) => [r.id, r.severity])) };
  for (const rule of rules) {
    const project = fixtureProject(rule.id);
    for (const fx of loadFixtures(rule.id)) {
      files['rule fixtures'].total++;
      files['rule fixtures'].analysed++;
      const uri = `${FIXTURE_ROOT_URI}/${fx.relative}`;
      const result = analyzeText({ uri, path: fx.relative, text: fx.text }, { config, today: TODAY, workspaceRoot: FIXTURE_ROOT_URI, project, validateFixes: true });
      const lineStarts = [0];
      for (let i = 0; i < fx.text.length; i++) if (fx.text[i] === '\n') lineStarts.push(i + 1);
      const lineOf = (offset: number): number => {
        let lo = 0;
        let hi = lineStarts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (lineStarts[mid] <= offset) lo = mid;
          else hi = mid - 1;
        }
        return lo;
      };
      // Only this rule's folder speaks for this rule: other rules' findings in it are not annotated.
      const expected = new Set(fx.annotations.filter((a) => a.kind === 'expect' && a.ruleId === rule.id).map((a) => a.line));
      for (const f of result.findings) if (f.ruleId === rule.id && expected.has(lineOf(f.range.start))) record('rule fixtures', f);
    }
  }
}

const pct = (n: number, d: number): string => (d === 0 ? '    –' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

function share(key: string): number {
  const t = tallies.get(key);
  return t && t.findings > 0 ? t.withFix / t.findings : 0;
}

function table(): string {
  const sources: Source[] = ['secrets corpus', 'identity corpus', 'rule fixtures'];
  const cell = (key: string): string => {
    const t = tallies.get(key);
    return t ? `${pct(t.withFix, t.findings)} ${`${t.withFix}/${t.findings}`.padStart(9)}` : `${'–'.padStart(6)} ${''.padStart(9)}`;
  };
  const rows: [string, string, number | undefined][] = [
    ['secret in code/config', 'secret|secrets corpus', TARGETS['secret-code-config']],
    ['secret (all)', 'secret|all', undefined],
    ['credential', 'credential|all', TARGETS.credential],
    ['ownership', 'ownership|all', TARGETS.ownership],
    ['privilege', 'privilege|all', TARGETS.privilege],
  ];
  const out: string[] = [];
  const sampled = SAMPLE_STRIDE > 1 ? `; corpora sampled: every ${SAMPLE_STRIDE === 2 ? '2nd' : `${SAMPLE_STRIDE}th`} file by path` : '';
  out.push(`fix coverage: true-positive findings with at least one validated non-suppress fix (${seconds.toFixed(1)} s${sampled})`);
  out.push(
    `files analysed: ${sources.map((s) => `${s} ${files[s].analysed}/${files[s].total}`).join(', ')}`,
    '',
    `${'category'.padEnd(22)} ${'with fix'.padStart(16)} ${'target'.padStart(6)}  ${sources.map((s) => s.padStart(16)).join(' ')}`,
  );
  for (const [label, key, target] of rows) {
    const category = key.slice(0, key.indexOf('|'));
    const perSource = label === 'secret in code/config' ? sources.map(() => ''.padStart(16)) : sources.map((s) => cell(`${category}|${s}`));
    const t = tallies.get(key);
    const verdict = target === undefined || !t ? '    ' : t.withFix / Math.max(1, t.findings) >= target ? 'PASS' : 'FAIL';
    out.push(`${label.padEnd(22)} ${cell(key)} ${target === undefined ? ''.padStart(6) : `≥${Math.round(target * 100)}%`.padStart(6)} ${verdict}  ${perSource.join(' ')}`);
  }
  if (process.env.NHI_FIX_COVERAGE === 'full') {
    for (const [label, key] of rows) {
      const t = tallies.get(key);
      if (!t || t.unfixed.size === 0) continue;
      out.push('', `${label}: findings without a fix, by rule`);
      for (const [ruleId, n] of [...t.unfixed].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) out.push(`  ${String(n).padStart(5)}  ${ruleId}`);
    }
  }
  return out.join('\n');
}

beforeAll(async () => {
  await initEngine();
  const started = Date.now();
  measureSecretsCorpus();
  measureIdentityCorpus();
  measureFixtures();
  seconds = (Date.now() - started) / 1000;
  console.log(table());
}, 180_000);

describe('fix coverage', () => {
  it('measured enough findings to mean something, without internal errors or time-budget stops', () => {
    expect(problems).toEqual([]);
    expect(tallies.get('secret|secrets corpus')?.findings ?? 0).toBeGreaterThanOrEqual(400);
    for (const c of ['credential', 'ownership', 'privilege']) expect(tallies.get(`${c}|all`)?.findings ?? 0, c).toBeGreaterThanOrEqual(50);
  });

  it(`secrets in code/config: no less than ${FLOORS['secret-code-config'] * 100}% come with a fix (target ${TARGETS['secret-code-config'] * 100}%)`, () => {
    expect(share('secret|secrets corpus')).toBeGreaterThanOrEqual(FLOORS['secret-code-config']);
  });

  for (const category of ['credential', 'ownership', 'privilege'] as const) {
    it(`${category}: no less than ${FLOORS[category] * 100}% come with a fix (target ${TARGETS[category] * 100}%)`, () => {
      expect(share(`${category}|all`)).toBeGreaterThanOrEqual(FLOORS[category]);
    });
  }
});
