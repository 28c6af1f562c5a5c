/**
 * The secrets in the project's fixtures, collected by the engine itself rather
 * than from a hand-written list, and a leak detector for any output text.
 *
 * Collection: every file under the fixture folders is analysed with the real
 * rule registry; each finding of a `secret/*` rule contributes the characters
 * its range covers, and every finding draft that names its `secret` (the field
 * rules fill "for masking checks, never output") contributes that value too.
 * Rules are wrapped only to observe their drafts, so the two can be compared:
 * a secret rule's range must cover exactly the value. Where it does not (a rule
 * that points at a whole literal or line), the value is narrowed to the draft's
 * `secret` when the range contains it, else to the range without surrounding
 * quotes; each such case is recorded in `widerRanges` so the test can show it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { randomInt } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { analyzeText, initEngine } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import type { Rule } from '../../server/src/engine/rule';
import { mask } from '../../server/src/engine/mask';
import { rules as allRules } from '../../rules';

export const ROOT = path.resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------
// Fake credentials for tests that need a fresh secret (never real, never a documentation sample)
// ---------------------------------------------------------------------------

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fake AWS access key id: AKIA + 16 base32 characters, fresh every call, never containing EXAMPLE. */
export function fakeAccessKeyId(): string {
  for (;;) {
    let key = 'AKIA';
    for (let i = 0; i < 16; i++) key += BASE32[randomInt(BASE32.length)];
    if (!key.includes('EXAMPLE')) return key;
  }
}

/** A secret value found in a fixture file. */
export interface FixtureSecret {
  value: string;
  ruleId: string;
  /** Repository-relative file (forward slashes) and 1-based line, for failure messages. */
  file: string;
  line: number;
  /**
   * False for a value only a rule's draft named (e.g. a generic rule's draft on a
   * span a provider rule already reported, which the engine drops): it must never
   * leak, but no output is expected to show it.
   */
  reported: boolean;
}

export interface SecretCollection {
  secrets: FixtureSecret[];
  /** Distinct values, longest first. */
  values: string[];
  /** Secret-rule findings whose range was not exactly the value (and how it was narrowed). */
  widerRanges: { ruleId: string; file: string; line: number; covered: string; narrowedTo: string }[];
  /** Files analysed, repository-relative. */
  files: string[];
}

/**
 * Audit roots that hold fixtures: every `rules/<category>/fixtures/<rule>/`,
 * the example workspace, and every CLI test workspace. Each is a folder a user
 * could audit on its own, so document paths are taken relative to it.
 */
export function fixtureFolders(): string[] {
  const folders: string[] = [];
  const subfolders = (dir: string): string[] =>
    fs.existsSync(dir)
      ? fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name)).sort()
      : [];
  for (const category of subfolders(path.join(ROOT, 'rules'))) folders.push(...subfolders(path.join(category, 'fixtures')));
  folders.push(path.join(ROOT, 'examples', 'kestrel-lite'));
  folders.push(...subfolders(path.join(ROOT, 'test', 'fixtures', 'workspaces')));
  return folders.filter((f) => fs.existsSync(f));
}

/** Every regular file below `dir` (symbolic links are not followed), sorted. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Text of a fixture file, or undefined for binary / non-UTF-8 / huge files (which the tools skip too). */
export function readFixtureText(file: string): string | undefined {
  const bytes = fs.readFileSync(file);
  if (bytes.length > 2 * 1024 * 1024 || !isUtf8(bytes) || bytes.includes(0)) return undefined;
  return bytes.toString('utf8');
}

const QUOTES = new Set(['"', "'", '`']);

function unquote(s: string): string {
  return s.length >= 2 && QUOTES.has(s[0]) && s.at(-1) === s[0] ? s.slice(1, -1) : s;
}

export async function collectFixtureSecrets(folders = fixtureFolders()): Promise<SecretCollection> {
  await initEngine();
  const config = { ...defaultConfig(), timeBudgetMs: 60_000 };
  const secrets: FixtureSecret[] = [];
  const widerRanges: SecretCollection['widerRanges'] = [];
  const files: string[] = [];

  for (const folder of folders) {
    for (const file of filesUnder(folder)) {
      const text = readFixtureText(file);
      if (text === undefined) continue;
      const repoPath = path.relative(ROOT, file).split(path.sep).join('/');
      const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
      files.push(repoPath);

      // Observe the drafts' `secret` field; results are otherwise those of the registry.
      const drafts: { ruleId: string; start: number; end: number; secret?: string }[] = [];
      const observed: Rule[] = allRules.map((rule) => ({
        ...rule,
        check: (ctx) => {
          const out = rule.check(ctx);
          for (const d of out) drafts.push({ ruleId: rule.id, start: d.range.start, end: d.range.end, secret: d.secret });
          return out;
        },
      }));
      const result = analyzeText(
        { uri: pathToFileURL(file).href, path: path.relative(folder, file).split(path.sep).join('/'), text },
        { config, workspaceRoot: pathToFileURL(folder).href, rules: observed, keepSuppressed: true, validateFixes: false },
      );

      for (const f of result.findings) {
        if (!f.ruleId.startsWith('secret/')) continue;
        const covered = text.slice(f.range.start, f.range.end);
        const draft = drafts.find((d) => d.ruleId === f.ruleId && d.start === f.range.start && d.end === f.range.end);
        let value = covered;
        if (draft?.secret !== undefined && covered !== draft.secret) {
          value = covered.includes(draft.secret) ? draft.secret : unquote(covered);
        } else if (draft?.secret === undefined) {
          value = unquote(covered);
        }
        if (value !== covered) widerRanges.push({ ruleId: f.ruleId, file: repoPath, line: lineOf(f.range.start), covered: mask(covered), narrowedTo: mask(value) });
        if (value.length > 0) secrets.push({ value, ruleId: f.ruleId, file: repoPath, line: lineOf(f.range.start), reported: true });
      }
      // Secrets named by any rule (a credential rule may carry one too), even without a secret/* finding.
      for (const d of drafts) {
        if (d.secret && !secrets.some((s) => s.value === d.secret)) {
          secrets.push({ value: d.secret, ruleId: d.ruleId, file: repoPath, line: lineOf(d.start), reported: false });
        }
      }
    }
  }
  const values = [...new Set(secrets.map((s) => s.value))].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return { secrets, values, widerRanges, files };
}

// ---------------------------------------------------------------------------
// Leak detection
// ---------------------------------------------------------------------------

/**
 * Fixed type markers that mask() may show in full (kept in step with mask.ts by
 * the test: every prefix mask() shows must be listed here, or windows inside it
 * would be reported as leaks).
 */
export const PUBLIC_PREFIXES = [
  'github_pat_', 'sk-proj-', 'sk-ant-', 'sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'pk_live_', 'pk_test_', 'dop_v1_',
  'glpat-', 'xoxb-', 'xoxp-', 'xoxa-', 'xoxs-', 'xapp-', 'shpat_', 'shpss_',
  'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_', 'hf_',
  'AKIA', 'ASIA', 'ABIA', 'ACCA', 'AIza',
];

export function publicPrefixOf(secret: string): string {
  return PUBLIC_PREFIXES.filter((p) => secret.startsWith(p)).sort((a, b) => b.length - a.length)[0] ?? '';
}

/**
 * Length of the shortest piece of a secret that counts as a partial leak:
 * longer than anything mask() shows on one side (≤ 4 characters, or a public
 * prefix), at least 9 characters so that ordinary words cannot match by chance,
 * and more than a third of the secret.
 */
export function leakWindow(secret: string): number {
  return Math.min(secret.length, Math.max(9, Math.ceil(secret.length / 3) + 1));
}

export interface Leak {
  secret: string;
  kind: 'full' | 'partial';
  /** Offset in the output and the leaked piece, masked for the failure message. */
  at: number;
  piece: string;
}

/**
 * Full and partial occurrences of the given secrets in `output`. A partial leak
 * is any `leakWindow(secret)`-long substring of the secret, except a window that
 * lies entirely within the secret's public type prefix.
 */
export function findLeaks(output: string, secrets: readonly string[]): Leak[] {
  const leaks: Leak[] = [];
  for (const secret of secrets) {
    const full = output.indexOf(secret);
    if (full >= 0) {
      leaks.push({ secret: mask(secret), kind: 'full', at: full, piece: mask(secret) });
      continue;
    }
    const size = leakWindow(secret);
    const prefix = publicPrefixOf(secret);
    for (let i = 0; i + size <= secret.length; i++) {
      if (i + size <= prefix.length) continue;
      const window = secret.slice(i, i + size);
      const at = output.indexOf(window);
      if (at >= 0) {
        leaks.push({ secret: mask(secret), kind: 'partial', at, piece: `characters ${i}..${i + size} of ${secret.length}` });
        break;
      }
    }
  }
  return leaks;
}

/** A failure message that names what leaked without printing the secret. */
export function describeLeaks(where: string, leaks: Leak[]): string {
  return leaks.map((l) => `${where}: ${l.kind} leak of ${l.secret} (${l.piece}) at offset ${l.at}`).join('\n');
}
