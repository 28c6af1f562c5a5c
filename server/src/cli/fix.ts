/**
 * `nhi fix <paths> [--dry-run | --apply] [--rule <id>]… [--kind <kind>]…`
 *
 * Audits like `nhi audit`, takes each finding's preferred fix (engine/fix-runner.ts
 * decides which fit together), and shows the change as a unified diff (the
 * default, `--dry-run`) or writes it (`--apply`). Fixes that overlap an accepted
 * one are retried on the next round against the re-analysed text, up to
 * MAX_ROUNDS. Then the changed files are analysed again and what is left is
 * reported; the exit code follows `--fail-on` on what is left, like audit.
 *
 * Never a secret on stdout: diffs are redacted with every value the fixes move
 * and every span a secret rule reported, and env files show masked values only.
 * Never a write outside the audit root: such a fix is skipped as a whole.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeText } from '../engine/analyze';
import type { Config } from '../engine/config';
import { applyTextEdits, isEnvFile, planFixes, secretsOf, selectFixes, unifiedDiff, type CandidateFix, type FixFilter } from '../engine/fix-runner';
import type { Finding, FixKind, Severity } from '../engine/model';
import { diskProjectFiles } from '../engine/project/files';
import { auditWorkspace, resolveAuditInputs } from '../engine/workspace';
import { loadWorkspaceConfig } from '../engine/workspace-config';
import { cliOptions, FAIL_ON, UsageError } from './args';
import type { CliIo } from './main';
import { SEVERITY_RANK, scrub, type FailOn } from './reporters/common';

export const FIX_KINDS: readonly FixKind[] = ['vault-reference', 'workload-identity', 'owner-tag', 'narrow-privilege'];

export interface FixArgs {
  command: 'fix';
  paths: string[];
  /** Write the files (default: print the diff only). */
  apply: boolean;
  rules: string[];
  kinds: FixKind[];
  config?: string;
  failOn: FailOn;
}

export function parseFixArgs(rest: string[]): FixArgs {
  const args: FixArgs = { command: 'fix', paths: [], apply: false, rules: [], kinds: [], failOn: 'error' };
  let dryRun = false;
  for (const { flag, inline, next } of cliOptions(rest, args.paths)) {
    const needsValue = ['--rule', '--kind', '--config', '-c', '--fail-on'].includes(flag);
    let value: string | undefined;
    if (needsValue) {
      value = inline ?? next();
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) throw new UsageError(`Option ${flag} needs a value.`);
    } else if (inline !== undefined) throw new UsageError(`Option ${flag} does not take a value.`);
    switch (flag) {
      case '--apply':
        args.apply = true;
        break;
      case '--dry-run':
        dryRun = true;
        break;
      case '--rule':
        args.rules.push(value!);
        break;
      case '--kind':
        if (!FIX_KINDS.includes(value as FixKind)) throw new UsageError(`Invalid value "${value}" for --kind; expected one of ${FIX_KINDS.join(', ')}.`);
        args.kinds.push(value as FixKind);
        break;
      case '--config':
      case '-c':
        args.config = value;
        break;
      case '--fail-on':
        if (!FAIL_ON.includes(value as FailOn)) throw new UsageError(`Invalid value "${value}" for --fail-on; expected one of ${FAIL_ON.join(', ')}.`);
        args.failOn = value as FailOn;
        break;
      default:
        throw new UsageError(`Unknown option ${flag} for fix.`);
    }
  }
  if (dryRun && args.apply) throw new UsageError('Use either --dry-run or --apply, not both.');
  if (args.paths.length === 0) args.paths.push('.');
  return args;
}

export const FIX_HELP = `  nhi fix [paths…] [--dry-run | --apply] [--rule <id>]… [--kind <kind>]…
                                   apply each finding's preferred quick fix: prints a unified diff
                                   (--dry-run, the default) or writes the files (--apply), then
                                   reports what is left; --kind: ${FIX_KINDS.join(', ')}
`;

const MAX_ROUNDS = 5;

export async function fixCommand(args: FixArgs, io: CliIo): Promise<number> {
  const paths = args.paths.map((p) => path.resolve(io.cwd, p));
  const missing = args.paths.find((p, i) => !fs.existsSync(paths[i]));
  if (missing !== undefined) {
    io.stderr(`nhi: Path not found: ${missing}\n`);
    return 2;
  }
  const { root } = resolveAuditInputs(paths);
  const loaded = loadWorkspaceConfig(root, { file: args.config ? path.resolve(io.cwd, args.config) : undefined });
  for (const w of loaded.warnings) io.stderr(`nhi: warning: ${w}\n`);
  const config = loaded.config;
  const result = await auditWorkspace(paths, { config, keepSuppressed: false });
  const filter: FixFilter = { rules: args.rules, kinds: args.kinds };

  const rootUri = pathToFileURL(root).href;
  const inside = (uri: string): boolean => {
    const file = fileOf(uri);
    if (!file) return false;
    const rel = path.relative(root, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  const originals = new Map<string, string | undefined>();
  const current = new Map<string, string | undefined>();
  const read = (uri: string): string | undefined => {
    if (current.has(uri)) return current.get(uri);
    let text: string | undefined;
    try {
      const file = fileOf(uri);
      text = file && inside(uri) && fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    originals.set(uri, text);
    current.set(uri, text);
    return text;
  };
  const pathOf = (uri: string): string => path.relative(root, fileOf(uri) ?? '').split(path.sep).join('/');

  // Round 1 uses the audit's findings; later rounds re-analyse the files whose fixes were skipped.
  const applied: CandidateFix[] = [];
  const auditFindings = new Map(result.files.map((f) => [f.uri, f.findings as Finding[]]));
  for (const f of result.files) read(f.uri);
  let files: { uri: string; findings: Finding[] }[] = result.files.map((f) => ({ uri: f.uri, findings: f.findings }));
  let skippedLast: CandidateFix[] = [];
  for (let round = 0; round < MAX_ROUNDS && files.length > 0; round++) {
    const candidates = selectFixes(files, filter);
    const plan = planFixes(candidates, { inside, exists: (uri) => read(uri) !== undefined });
    for (const [uri, edits] of plan.edits) current.set(uri, applyTextEdits(read(uri) ?? '', edits));
    applied.push(...plan.accepted);
    skippedLast = plan.skipped.filter((s) => s.reason === 'overlap').map((s) => s.fix);
    const outside = plan.skipped.filter((s) => s.reason !== 'overlap');
    for (const s of outside) io.stderr(`nhi: skipped a fix of ${s.fix.ruleId} in ${pathOf(s.fix.uri)}: ${s.reason === 'outside-root' ? 'it would edit a file outside the audit root' : 'it edits a file that does not exist'}\n`);
    if (plan.accepted.length === 0 || skippedLast.length === 0) break;
    const again = [...new Set(skippedLast.map((s) => s.uri))];
    files = again.map((uri) => ({ uri, findings: analyzeCurrent(uri, pathOf(uri), read(uri) ?? '', config, rootUri, root, read) }));
  }

  const changed = [...current.keys()].filter((uri) => current.get(uri) !== originals.get(uri)).sort((a, b) => (pathOf(a) < pathOf(b) ? -1 : 1));
  const secrets = secretsOf(
    result.files.map((f) => ({ text: originals.get(f.uri) ?? '', findings: f.findings })),
    changed.filter((uri) => isEnvFile(pathOf(uri), config.envFile)).map((uri) => current.get(uri) ?? ''),
  );
  const redactAll = (text: string) => scrub(text);

  if (!args.apply) {
    for (const uri of changed) {
      io.stdout(unifiedDiff({ path: pathOf(uri), before: originals.get(uri), after: current.get(uri) ?? '', secrets, maskValues: isEnvFile(pathOf(uri), config.envFile) }));
    }
  } else {
    for (const uri of changed) {
      const file = fileOf(uri);
      if (!file || !inside(uri)) continue; // planFixes already refused these; belt and braces
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, current.get(uri) ?? '');
      } catch (err) {
        io.stderr(`nhi: cannot write ${pathOf(uri)} (${redactAll(err instanceof Error ? err.message : String(err))})\n`);
        return 2;
      }
    }
  }

  // What is left: the audit's findings in unchanged files, a fresh analysis of the changed ones
  // (env files the fixes write are gitignored local files, not part of the audit).
  const left: Finding[] = [];
  for (const [uri, findings] of auditFindings) if (!changed.includes(uri)) left.push(...findings);
  for (const uri of changed) {
    if (!auditFindings.has(uri)) continue;
    left.push(...analyzeCurrent(uri, pathOf(uri), current.get(uri) ?? '', config, rootUri, root, read));
  }
  const fixable = selectFixes([{ uri: '', findings: left }], filter).length;
  const verb = args.apply ? 'Applied' : 'Would apply';
  const lines = [`${verb} ${applied.length} fix${applied.length === 1 ? '' : 'es'} in ${changed.length} file${changed.length === 1 ? '' : 's'}${args.apply ? '' : ' (dry run: nothing written; --apply writes the files)'}.`];
  if (args.apply) for (const f of applied) lines.push(`  ${pathOf(f.uri)}: ${f.ruleId}: ${f.title}`);
  lines.push(`${left.length} problem${left.length === 1 ? '' : 's'} left${fixable > 0 ? ` (${fixable} with a fix that did not fit this run: run nhi fix again)` : ''}.`);
  const summary = lines.join('\n') + '\n';
  (args.apply ? io.stdout : io.stderr)(redactSummary(summary, secrets));
  if (args.failOn === 'off') return 0;
  const min = SEVERITY_RANK[args.failOn as Severity];
  return left.some((f) => SEVERITY_RANK[f.severity] >= min) ? 1 : 0;
}

function redactSummary(text: string, secrets: string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('…');
  return scrub(out);
}

function fileOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

function analyzeCurrent(uri: string, rel: string, text: string, config: Config, rootUri: string, root: string, read: (uri: string) => string | undefined): Finding[] {
  try {
    return analyzeText({ uri, path: rel, text }, { config, workspaceRoot: rootUri, readFile: read, project: diskProjectFiles(() => [root]) }).findings;
  } catch {
    return [];
  }
}
