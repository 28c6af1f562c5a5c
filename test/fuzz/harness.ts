/**
 * Shared harness of the fuzz suites: one guarded call of the public engine entry
 * (analyzeText) per input, the invariants every result must satisfy whatever the
 * input, and a per-suite tally (inputs, crashes, slowest file) printed as one line
 * so the figures can be reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { analyzeText } from '../../server/src/engine/analyze';
import { defaultConfig, type Config } from '../../server/src/engine/config';
import type { AnalysisResult } from '../../server/src/engine/model';
import { describeLeaks, findLeaks } from '../support/secrets';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Margin over the per-file budget: these are robustness tests (no hang), not perf tests. */
export const TIME_MARGIN_MS = 1000;

/**
 * The budget is checked between steps (parse, each extractor, each rule); one step
 * over a multi-megabyte text (jsonc parsing 10 MB takes ~1.4 s here, turning it into
 * IAM statements ~3 s) cannot be interrupted, so inputs above 1 MiB get 1 s per
 * further MiB on top of the margin: still a linear bound, so a hang fails.
 */
export function timeBoundMs(config: Config, textLength: number): number {
  const extraMiB = Math.max(0, textLength / (1024 * 1024) - 1);
  return config.timeBudgetMs + TIME_MARGIN_MS + Math.ceil(extraMiB * 1000);
}

/** Longest non-blank run a note may contain: long runs would be raw input echoed back. */
const MAX_NOTE_TOKEN = 80;

export interface Tally {
  suite: string;
  inputs: number;
  crashes: number;
  /** Slowest file, wall clock. */
  maxMs: number;
  maxMsInput: string;
  /** Slowest file, CPU time of this process (unaffected by other processes on a busy machine). */
  maxCpuMs: number;
}

export function tally(suite: string): Tally {
  return { suite, inputs: 0, crashes: 0, maxMs: 0, maxMsInput: '', maxCpuMs: 0 };
}

/** One line per suite, e.g. `fuzz[mutated fixtures]: 600 inputs, 0 crashes, max 412 ms per file (k8s/x.yaml)`. */
export function summaryLine(t: Tally): string {
  return `fuzz[${t.suite}]: ${t.inputs} inputs, ${t.crashes} crashes, max ${t.maxMs} ms per file${t.maxMsInput ? ` (${t.maxMsInput})` : ''}, max ${t.maxCpuMs} ms CPU`;
}

export function printSummary(t: Tally): void {
  // One line for the lead's report; vitest shows it under the file's output.
  console.log(summaryLine(t));
}

/**
 * Analyses `text` as the file `filePath` and asserts the invariants. Returns the
 * result (for extra, case-specific assertions). A throw is counted as a crash
 * and fails the property with the error class and first message line only.
 */
export function analyzeChecked(t: Tally, filePath: string, text: string, config: Config = defaultConfig()): AnalysisResult {
  t.inputs++;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let result: AnalysisResult;
  try {
    result = analyzeText({ uri: `file:///fuzz/${filePath}`, path: filePath, text }, { config, workspaceRoot: 'file:///fuzz', today: '2026-11-26' });
  } catch (err) {
    t.crashes++;
    const message = err instanceof Error ? `${err.name}: ${err.message.split('\n')[0].slice(0, 200)}` : String(err).slice(0, 200);
    throw new Error(`analyzeText threw on ${filePath} (${text.length} chars): ${message}`);
  }
  const ms = Math.round(performance.now() - started);
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  if (ms > t.maxMs) {
    t.maxMs = ms;
    t.maxMsInput = `${filePath}, ${text.length} chars`;
  }
  t.maxCpuMs = Math.max(t.maxCpuMs, cpuMs);
  // Wall clock, unless the machine is busy with other work: then this process's CPU time.
  expectInvariants(filePath, text, result, Math.min(ms, cpuMs), config);
  return result;
}

export function expectInvariants(filePath: string, text: string, result: AnalysisResult, ms: number, config: Config): void {
  const where = `${filePath} (${text.length} chars)`;
  expect(ms, `${where}: ${ms} ms, budget ${config.timeBudgetMs} ms`).toBeLessThanOrEqual(timeBoundMs(config, text.length));
  for (const f of result.findings) {
    const { start, end } = f.range;
    const inside = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length;
    expect(inside, `${where}: ${f.ruleId} range ${start}..${end} outside 0..${text.length}`).toBe(true);
    expect(f.message.length, `${where}: ${f.ruleId} has an empty message`).toBeGreaterThan(0);
  }
  for (const n of result.notes) {
    expect(['parse-error', 'time-budget', 'skipped', 'internal-error']).toContain(n.kind);
    expect(n.message.length, `${where}: empty note`).toBeGreaterThan(0);
    expect(n.message.length, `${where}: note too long: ${n.message.slice(0, 120)}`).toBeLessThan(500);
    // A stack trace in a note means an exception escaped into user-facing text.
    expect(n.message, `${where}: stack trace in a note`).not.toMatch(/\n\s+at .+[(:]\d+/);
    const longest = Math.max(0, ...n.message.split(/\s+/).map((w) => w.length));
    expect(longest, `${where}: raw run of ${longest} chars in note: ${n.message.slice(0, 120)}`).toBeLessThanOrEqual(MAX_NOTE_TOKEN);
    if (n.range) {
      const inside = n.range.start >= 0 && n.range.start <= n.range.end && n.range.end <= text.length;
      expect(inside, `${where}: note range ${n.range.start}..${n.range.end} outside the text`).toBe(true);
    }
  }
  // Internal errors are engine or rule bugs, never an acceptable answer to bad input.
  expect(result.notes.filter((n) => n.kind === 'internal-error').map((n) => n.message), where).toEqual([]);
  // The values the secret rules flagged in this very input must not appear in any message.
  const secrets = [
    ...new Set(
      result.findings
        .filter((f) => f.ruleId.startsWith('secret/'))
        .map((f) => unquote(text.slice(f.range.start, f.range.end)))
        .filter((v) => v.length >= 12 && v.length <= 4096),
    ),
  ];
  if (secrets.length > 0) {
    const output = [...result.findings.map((f) => f.message), ...result.notes.map((n) => n.message)].join('\n');
    const leaks = findLeaks(output, secrets);
    expect(leaks, describeLeaks(where, leaks)).toEqual([]);
  }
}

function unquote(s: string): string {
  const q = s[0];
  return s.length >= 2 && (q === '"' || q === "'" || q === '`') && s.at(-1) === q ? s.slice(1, -1) : s;
}

// ---------------------------------------------------------------------------
// Corpus: the rule fixtures, grouped by the format family they exercise
// ---------------------------------------------------------------------------

export interface CorpusFile {
  /** Path relative to its fixture folder (what the engine sees: format detection uses it). */
  path: string;
  bytes: Buffer;
}

/** Every fixture file under rules/<category>/fixtures/** (text only, ≤ 256 KiB), sorted. */
export function fixtureCorpus(): CorpusFile[] {
  const out: CorpusFile[] = [];
  const rulesDir = path.join(ROOT, 'rules');
  for (const category of fs.readdirSync(rulesDir).sort()) {
    const fixtures = path.join(rulesDir, category, 'fixtures');
    if (!fs.existsSync(fixtures)) continue;
    for (const folder of fs.readdirSync(fixtures).sort()) {
      const base = path.join(fixtures, folder);
      if (!fs.statSync(base).isDirectory()) continue;
      for (const file of walk(base)) {
        const bytes = fs.readFileSync(file);
        if (bytes.length > 256 * 1024 || bytes.includes(0)) continue;
        out.push({ path: path.relative(base, file).split(path.sep).join('/'), bytes });
      }
    }
  }
  return out;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export type Family = 'yaml' | 'json' | 'hcl' | 'toml' | 'key-value' | 'dockerfile' | 'source' | 'other';

export function familyOf(file: string): Family {
  const base = file.split('/').pop() ?? file;
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : '';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'json') return 'json';
  if (ext === 'tf' || ext === 'tfvars' || ext === 'hcl') return 'hcl';
  if (ext === 'toml') return 'toml';
  if (/^Dockerfile|\.dockerfile$|^Containerfile/i.test(base)) return 'dockerfile';
  if (base.startsWith('.env') || ['env', 'ini', 'properties', 'cfg', 'conf', 'config', 'npmrc', 'pypirc', 'netrc'].includes(ext) || base.startsWith('.')) return 'key-value';
  if (['ts', 'tsx', 'js', 'mjs', 'cjs', 'py', 'go', 'java', 'cs', 'rb', 'php', 'sh', 'bash'].includes(ext) || base === 'Jenkinsfile') return 'source';
  return 'other';
}
