/**
 * The `nhi` command. bin/nhi.js calls main() from the bundle (dist/cli.js);
 * tests call it in-process with their own streams.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { version } from '../../../package.json';
import { auditWorkspace, isAuditWorker, resolveAuditInputs, runAuditWorker, type AuditResult } from '../engine/workspace';
import { loadWorkspaceConfig, WorkspaceConfigError } from '../engine/workspace-config';
import { helpText, parseArgs, UsageError, type AuditArgs } from './args';
import { failsAt, scrub, summarize, summaryLine, type ReportOptions } from './reporters/common';
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
}

function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
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
  try {
    root = resolveAuditInputs(paths).root;
  } catch (err) {
    io.stderr(`nhi: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_ERROR;
  }
  const loaded = loadWorkspaceConfig(root, { file: args.config ? path.resolve(io.cwd, args.config) : undefined });
  for (const w of loaded.warnings) io.stderr(`nhi: warning: ${w}\n`);

  const progress = io.stderrIsTTY ? progressReporter(io) : undefined;
  let result: AuditResult;
  try {
    // Worker threads need a plain JS script: only the bundle (dist/cli.js) can be one, not the TS sources.
    const bundled = typeof __NHI_BUNDLED__ !== 'undefined' && __NHI_BUNDLED__;
    const jobs = args.jobs ?? (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
    result = await auditWorkspace(paths, {
      config: loaded.config,
      keepSuppressed: true,
      onProgress: progress?.update,
      workers: bundled ? Math.max(0, jobs - 1) : 0,
      workerScript: bundled ? __filename : undefined,
    });
  } finally {
    progress?.done();
  }

  const options: ReportOptions = { version, includeSuppressed: args.includeSuppressed };
  const color = args.color ?? (io.stdoutIsTTY && !io.env.NO_COLOR);
  const report =
    args.format === 'json'
      ? jsonReport(result, options)
      : args.format === 'sarif'
        ? sarifReport(result, options)
        : textReport(result, { ...options, color: args.output ? false : color, cwd: io.cwd });

  if (args.output) {
    const file = path.resolve(io.cwd, args.output);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, report);
    } catch (err) {
      io.stderr(`nhi: cannot write the report to ${args.output} (${err instanceof Error ? err.message : String(err)})\n`);
      return EXIT_ERROR;
    }
    io.stdout(`${summaryLine(summarize(result))}; ${args.format} report written to ${args.output}\n`);
  } else {
    io.stdout(report);
  }
  return failsAt(result, args.failOn) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** `[n/total]` on one rewritten stderr line, at most every 100 ms. */
function progressReporter(io: CliIo): { update(done: number, total: number): void; done(): void } {
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      io.stderr(`\r\u001b[2Knhi: analysing ${done}/${total} files`);
    },
    done() {
      if (shown) io.stderr('\r\u001b[2K');
    },
  };
}
