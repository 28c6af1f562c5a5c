/**
 * The `nhi` command. bin/nhi.js calls main() from the bundle (dist/cli.js);
 * tests call it in-process with their own streams.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { version } from '../../../package.json';
import { AuditCache, DEFAULT_CACHE_LOCATION, engineIdentity } from '../engine/audit-cache';
import { auditWorkspace, isAuditWorker, resolveAuditInputs, runAuditWorker, type AuditResult } from '../engine/workspace';
import { readWorkspaceConfig, WORKSPACE_CONFIG_FILE, WorkspaceConfigError } from '../engine/workspace-config';
import { helpText, parseArgs, UsageError, type AuditArgs } from './args';
import { fixCommand } from './fix';
import { applyBaseline, BaselineError, createBaseline, DEFAULT_BASELINE_FILE, parseBaseline, serializeBaseline, type Baseline } from '../engine/baseline';
import { changedFiles, GitError, withinInputs, type ChangeSelection } from './git';
import { createProgress } from './progress';
import { failsAt, scrub, summarize, summaryLine, type ReportOptions } from './reporters/common';
import { renderHtmlReport } from './reporters/html';
import { buildInventory, inventoryCsv, inventoryJson, inventoryText } from './reporters/inventory';
import { jsonReport } from './reporters/json';
import { sarifReport } from './reporters/sarif';
import { textReport } from './reporters/text';

declare const __NHI_BUNDLED__: boolean | undefined;
/** Loaded as an audit worker thread (the bundle is its own worker script): serve files, run no command. */
if (isAuditWorker()) runAuditWorker();

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Width of the terminal on stderr, for the progress bar. */
  stderrColumns?: number;
}

function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
    stderrColumns: process.stderr.columns,
  };
}

export async function main(argv: string[], ioOverrides: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { ...processIo(), ...ioOverrides };
  const fail = (message: string): number => {
    io.stderr(`nhi: ${message}\n`);
    return EXIT_ERROR;
  };
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return fail(`${err.message} Run "nhi --help" for usage.`);
    throw err;
  }
  if (args.command === 'version') {
    io.stdout(`${version}\n`);
    return EXIT_CLEAN;
  }
  if (args.command === 'help') {
    io.stdout(helpText(version));
    return EXIT_CLEAN;
  }
  try {
    if (args.command === 'fix') return await fixCommand(args, io);
    return await audit(args, io);
  } catch (err) {
    if (err instanceof WorkspaceConfigError) return fail(err.message);
    const message = err instanceof Error ? err.message : String(err);
    // Stack frames name only our own code; the message line (which may quote content) is scrubbed below.
    if (io.env.NHI_DEBUG && err instanceof Error && err.stack) io.stderr(err.stack.split('\n').slice(1).join('\n') + '\n');
    return fail(scrub(message));
  }
}

async function audit(args: AuditArgs, io: CliIo): Promise<number> {
  const paths = args.paths.map((p) => path.resolve(io.cwd, p));
  const missing = args.paths.find((p, i) => !fs.existsSync(paths[i]));
  if (missing !== undefined) {
    io.stderr(`nhi: Path not found: ${missing}\n`);
    return EXIT_ERROR;
  }
  let root: string;
  let inputs: ReturnType<typeof resolveAuditInputs>['inputs'];
  try {
    ({ root, inputs } = resolveAuditInputs(paths));
  } catch (err) {
    io.stderr(`nhi: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_ERROR;
  }
  // A bad key falls back to its default and the audit runs; the problems are errors
  // (file:line) and the exit code says so, so CI notices a configuration that is not applied.
  const loaded = readWorkspaceConfig(root, { file: args.config ? path.resolve(io.cwd, args.config) : undefined });
  for (const w of loaded.warnings) io.stderr(`nhi: warning: ${w}\n`);
  const configBroken = loaded.problems.length > 0;
  if (configBroken) {
    const file = loaded.file ?? path.resolve(root, args.config ?? WORKSPACE_CONFIG_FILE);
    io.stderr(`nhi: ${new WorkspaceConfigError(file, loaded.problems).message}\nnhi: the keys above fell back to their defaults; the audit ran with the rest.\n`);
  }

  // Read the baseline before the audit: a missing or broken file is a usage problem, found in a second, not after minutes.
  const baselineFile = args.baseline ? path.resolve(io.cwd, args.baseline) : args.updateBaseline ? path.join(root, DEFAULT_BASELINE_FILE) : undefined;
  let baseline: Baseline | undefined;
  if (baselineFile && (!args.updateBaseline || fs.existsSync(baselineFile))) {
    try {
      baseline = parseBaseline(fs.readFileSync(baselineFile, 'utf8'));
    } catch (err) {
      const reason = err instanceof BaselineError ? err.message : (err as NodeJS.ErrnoException).code ?? 'unreadable';
      // When rewriting, a broken old file is simply replaced.
      if (!args.updateBaseline) return failWith(io, `cannot read the baseline ${args.baseline} (${reason}).`);
    }
  }

  let only: string[] | undefined;
  if (args.staged || args.changedSince !== undefined) {
    try {
      const selection: ChangeSelection = args.staged ? { kind: 'staged' } : { kind: 'since', ref: args.changedSince! };
      only = withinInputs(await changedFiles(root, selection, io.env), inputs);
    } catch (err) {
      if (err instanceof GitError) return failWith(io, err.message);
      throw err;
    }
  }

  const progress = createProgress({
    write: io.stderr,
    isTTY: io.stderrIsTTY,
    env: io.env,
    columns: io.stderrColumns,
    color: args.color === false ? false : args.color === true ? true : undefined,
  });
  // Worker threads need a plain JS script: only the bundle (dist/cli.js) can be one, not the TS sources.
  const bundled = typeof __NHI_BUNDLED__ !== 'undefined' && __NHI_BUNDLED__;
  const cacheFile = args.cache ? path.resolve(args.cacheLocation ? io.cwd : root, args.cacheLocation ?? DEFAULT_CACHE_LOCATION) : undefined;
  // Only the JSON report lists fixes; building and validating them is ~7 % of an audit. A cache
  // serves every format, so it always holds them.
  const fixes = (args.format === 'json' && !args.inventory) || !!cacheFile;
  const cache = cacheFile
    ? new AuditCache({ file: cacheFile, root, engine: engineIdentity(version, bundled ? __filename : undefined), config: loaded.config, settings: { keepSuppressed: true } })
    : undefined;
  if (cache?.discarded) io.stderr(`nhi: warning: ${cache.discarded} (${args.cacheLocation ?? DEFAULT_CACHE_LOCATION})\n`);
  // The cache file is never audited itself (when it lives in a walked folder).
  const cacheRelative = cacheFile ? path.relative(root, cacheFile).split(path.sep).join('/') : undefined;
  let result: AuditResult;
  try {
    const jobs = args.jobs ?? (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
    result = await auditWorkspace(paths, {
      config: loaded.config,
      keepSuppressed: true,
      fixes,
      onProgress: progress?.update,
      workers: bundled ? Math.max(0, jobs - 1) : 0,
      workerScript: bundled ? __filename : undefined,
      ...(only ? { only } : {}),
      ...(cache ? { cache, include: (rel: string) => rel !== cacheRelative } : {}),
    });
  } finally {
    progress?.done();
  }

  if (cache && !result.cancelled) {
    const error = cache.save();
    const shown = args.cacheLocation ?? DEFAULT_CACHE_LOCATION;
    // Not fatal: the report is still right, the next audit is just slower.
    if (error) io.stderr(`nhi: warning: cannot write the cache ${shown} (${scrub(error)})\n`);
  }

  if (args.updateBaseline) {
    const next = createBaseline(result, new Date(), baseline);
    const shown = args.baseline ?? path.relative(io.cwd, baselineFile!) ?? DEFAULT_BASELINE_FILE;
    try {
      fs.mkdirSync(path.dirname(baselineFile!), { recursive: true });
      fs.writeFileSync(baselineFile!, serializeBaseline(next));
    } catch (err) {
      return failWith(io, `cannot write the baseline to ${shown} (${err instanceof Error ? err.message : String(err)})`);
    }
    io.stdout(`Baseline with ${next.findings.length} finding${next.findings.length === 1 ? '' : 's'} written to ${shown}\n`);
    return EXIT_CLEAN;
  }

  let baselined: number | undefined;
  if (baseline) ({ result, baselined } = applyBaseline(result, baseline));

  const options: ReportOptions = { version, includeSuppressed: args.includeSuppressed, ...(baselined !== undefined ? { baselined } : {}) };
  const color = args.color ?? (io.stdoutIsTTY && !io.env.NO_COLOR);
  let report: string;
  if (args.inventory) {
    const entries = buildInventory(result);
    report = args.format === 'json' ? inventoryJson(entries, version) : args.format === 'csv' ? inventoryCsv(entries) : inventoryText(entries);
  } else {
    report =
      args.format === 'json'
        ? jsonReport(result, options)
        : args.format === 'sarif'
          ? sarifReport(result, options)
          : args.format === 'html'
            ? renderHtmlReport(result, options)
            : textReport(result, { ...options, color: args.output ? false : color, cwd: io.cwd });
  }

  if (args.output) {
    const file = path.resolve(io.cwd, args.output);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, report);
    } catch (err) {
      io.stderr(`nhi: cannot write the report to ${args.output} (${err instanceof Error ? err.message : String(err)})\n`);
      return EXIT_ERROR;
    }
    const what = args.inventory ? `${args.format} inventory` : `${args.format} report`;
    io.stdout(`${summaryLine(summarize(result, baselined))}; ${what} written to ${args.output}\n`);
  } else {
    io.stdout(report);
  }
  if (configBroken) return EXIT_ERROR;
  // An inventory is a listing: it fails on findings only when --fail-on is asked for.
  if (args.inventory && !args.failOnGiven) return EXIT_CLEAN;
  return failsAt(result, args.failOn) ? EXIT_FINDINGS : EXIT_CLEAN;
}

function failWith(io: CliIo, message: string): number {
  io.stderr(`nhi: ${message}\n`);
  return EXIT_ERROR;
}
