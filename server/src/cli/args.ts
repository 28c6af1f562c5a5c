/**
 * Command-line parsing for `nhi`. Hand-written (a dozen options) so that every
 * mistake gets a specific message and exit code 2, never a stack trace.
 */
import type { FailOn } from './reporters/common';
import { FIX_HELP, parseFixArgs, type FixArgs } from './fix';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'html' | 'csv';
export const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'html', 'csv'];
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'off'];

export interface AuditArgs {
  command: 'audit';
  paths: string[];
  format: OutputFormat;
  output?: string;
  failOn: FailOn;
  config?: string;
  /** undefined: decide from the terminal and NO_COLOR. */
  color?: boolean;
  includeSuppressed: boolean;
  /** Threads analysing files (default: the number of CPUs). */
  jobs?: number;
  /** Baseline file to read (and, with updateBaseline, to write). */
  baseline?: string;
  /** Write the baseline (to `baseline`, default .nhi-baseline.json in the root) instead of reporting. */
  updateBaseline: boolean;
  /** Audit only files changed against this git revision (plus uncommitted and untracked ones). */
  changedSince?: string;
  /** Audit only files staged in git (pre-commit). */
  staged: boolean;
  /** List identities instead of findings. */
  inventory: boolean;
  /** --fail-on was given (an inventory does not fail on findings unless asked to). */
  failOnGiven: boolean;
  /** Reuse results of unchanged files from the cache file (--cache). */
  cache: boolean;
  /** Cache file (--cache-location); default node_modules/.cache/nhi/audit-cache.json under the root. */
  cacheLocation?: string;
}

export type ParsedArgs = AuditArgs | FixArgs | { command: 'help'; topic?: 'audit' } | { command: 'version' };

export class UsageError extends Error {
  override name = 'UsageError';
}

/** One option on the command line, as written. */
export interface CliOption {
  /** `--format`, `-f` …: the token without any `=value`. */
  flag: string;
  /** The `=value` part of `--flag=value`; undefined when there was no `=`. */
  inline?: string;
  /** Consumes and returns the next argument (the option's separate value); undefined at the end. */
  next(): string | undefined;
}

/**
 * Walks a command's arguments: paths go to `paths` (everything after `--` too,
 * and `-` for stdin), options are yielded one by one, each able to take the
 * following argument as its value. Validation is the command's own.
 */
export function* cliOptions(argv: readonly string[], paths: string[]): Generator<CliOption, void, undefined> {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      paths.push(...argv.slice(i + 1));
      return;
    }
    if (!token.startsWith('-') || token === '-') {
      paths.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    yield { flag: eq > 0 ? token.slice(0, eq) : token, inline: eq > 0 ? token.slice(eq + 1) : undefined, next: () => argv[++i] };
  }
}

interface OptionSpec {
  name: string;
  short?: string;
  value?: readonly string[] | 'string';
}

const AUDIT_OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', value: FORMATS },
  { name: 'output', short: 'o', value: 'string' },
  { name: 'fail-on', value: FAIL_ON },
  { name: 'config', short: 'c', value: 'string' },
  { name: 'color' },
  { name: 'no-color' },
  { name: 'include-suppressed' },
  { name: 'jobs', short: 'j', value: 'string' },
  { name: 'baseline', value: 'string' },
  { name: 'update-baseline' },
  { name: 'changed-since', value: 'string' },
  { name: 'staged' },
  { name: 'inventory' },
  { name: 'cache' },
  { name: 'cache-location', value: 'string' },
  { name: 'help', short: 'h' },
];

export function parseArgs(argv: string[]): ParsedArgs {
  if (argv.length === 0) return { command: 'help' };
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') return { command: 'help', topic: rest[0] === 'audit' ? 'audit' : undefined };
  if (first === '--version' || first === '-v' || first === 'version') return { command: 'version' };
  if (first.startsWith('-')) throw new UsageError(`Unknown option ${first}.`);
  if (first === 'fix') return parseFixArgs(rest);
  if (first !== 'audit') throw new UsageError(`Unknown command "${first}". The commands are "audit" and "fix".`);

  const args: AuditArgs = {
    command: 'audit',
    paths: [],
    format: 'text',
    failOn: 'error',
    includeSuppressed: false,
    updateBaseline: false,
    staged: false,
    inventory: false,
    failOnGiven: false,
    cache: false,
  };
  let formatGiven = false;
  for (const { flag, inline, next } of cliOptions(rest, args.paths)) {
    const spec = flag.startsWith('--')
      ? AUDIT_OPTIONS.find((o) => o.name === flag.slice(2))
      : AUDIT_OPTIONS.find((o) => o.short !== undefined && `-${o.short}` === flag);
    if (!spec) throw new UsageError(`Unknown option ${flag}.`);
    let value: string | undefined;
    if (spec.value) {
      value = inline ?? next();
      if (value === undefined || (inline === undefined && value.startsWith('-') && value !== '-')) {
        throw new UsageError(`Option --${spec.name} needs a value${Array.isArray(spec.value) ? ` (${spec.value.join(', ')})` : ''}.`);
      }
      if (Array.isArray(spec.value) && !spec.value.includes(value)) {
        throw new UsageError(`Invalid value "${value}" for --${spec.name}; expected one of ${spec.value.join(', ')}.`);
      }
    } else if (inline !== undefined) {
      throw new UsageError(`Option --${spec.name} does not take a value.`);
    }
    switch (spec.name) {
      case 'help':
        return { command: 'help', topic: 'audit' };
      case 'format':
        args.format = value as OutputFormat;
        formatGiven = true;
        break;
      case 'output':
        if (!value) throw new UsageError('Option --output needs a file name.');
        args.output = value;
        break;
      case 'fail-on':
        args.failOn = value as FailOn;
        args.failOnGiven = true;
        break;
      case 'config':
        if (!value) throw new UsageError('Option --config needs a file name.');
        args.config = value;
        break;
      case 'color':
        args.color = true;
        break;
      case 'no-color':
        args.color = false;
        break;
      case 'jobs': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`Invalid value "${value}" for --jobs; expected a whole number from 1 to 64.`);
        args.jobs = n;
        break;
      }
      case 'include-suppressed':
        args.includeSuppressed = true;
        break;
      case 'baseline':
        if (!value) throw new UsageError('Option --baseline needs a file name.');
        args.baseline = value;
        break;
      case 'update-baseline':
        args.updateBaseline = true;
        break;
      case 'changed-since':
        // A revision is never an option for git (a value like "--output=x" would be one).
        if (!value || value.startsWith('-')) throw new UsageError(`Option --changed-since needs a git revision (branch, tag or commit), not "${value ?? ''}".`);
        args.changedSince = value;
        break;
      case 'staged':
        args.staged = true;
        break;
      case 'inventory':
        args.inventory = true;
        break;
      case 'cache':
        args.cache = true;
        break;
      case 'cache-location':
        if (!value) throw new UsageError('Option --cache-location needs a file name.');
        args.cacheLocation = value;
        break;
    }
  }
  if (args.paths.length === 0) args.paths.push('.');
  if (args.cacheLocation !== undefined && !args.cache) throw new UsageError('--cache-location needs --cache.');
  if (args.staged && args.changedSince !== undefined) throw new UsageError('Use either --staged or --changed-since, not both.');
  if (args.updateBaseline && (args.staged || args.changedSince !== undefined)) {
    throw new UsageError('--update-baseline needs a full audit (a baseline of changed files only would forget the others); drop --staged / --changed-since.');
  }
  if (args.updateBaseline && args.inventory) throw new UsageError('Use either --update-baseline or --inventory, not both.');
  if (args.inventory) {
    if (!formatGiven) args.format = 'text';
    if (args.format === 'sarif' || args.format === 'html') {
      throw new UsageError(`--inventory prints text, json or csv (the ${args.format === 'html' ? 'HTML report already lists the identities' : 'SARIF format has no place for identities'}).`);
    }
  } else if (args.format === 'csv') {
    throw new UsageError('--format csv is for the identity list: add --inventory.');
  }
  return args;
}

export function helpText(version: string): string {
  return `nhi ${version} — NHI Hygiene: embedded secrets, over-broad privileges, unowned identities and long-lived credentials of non-human identities.

Usage:
  nhi audit [paths…] [options]     audit files and folders (default: the current folder)
${FIX_HELP}  nhi --help | --version

Options for audit:
  -f, --format <text|json|sarif|html|csv>
                                     report format (default: text); html is one self-contained page
                                     (charts, sortable tables, no network); csv only with --inventory
  -o, --output <file>                write the report to <file> (parent folders are created);
                                     only a one-line summary goes to stdout
      --fail-on <error|warning|info|off>
                                     lowest severity that makes the exit code 1 (default: error,
                                     like eslint); "off" never fails on findings
  -c, --config <file>                settings file to use instead of <root>/.nhi.yaml
      --include-suppressed           also list findings silenced by nhi-ignore / gitleaks:allow
                                     (marked as suppressed; they never affect the exit code)
      --inventory                    list the non-human identities (kind, name, cloud, location, owner,
                                     credential, privileges, findings) instead of findings, as text,
                                     json or csv; exits 0 unless --fail-on is given
      --baseline <file>              report only findings whose fingerprint is not in <file>
                                     (their count is shown in the summary)
      --update-baseline              write every current finding's fingerprint to the baseline file
                                     (--baseline <file>, default <root>/.nhi-baseline.json) and exit 0
      --changed-since <git-ref>      audit only files changed since the merge base with <git-ref>:
                                     committed, staged, unstaged and untracked (not ignored) files
      --staged                       audit only files staged for commit (for a pre-commit hook)
      --cache                        reuse the results of files unchanged since the last --cache audit
                                     (same bytes, engine and settings; a .tf file also needs its
                                     module's other .tf files unchanged); stores masked results only
      --cache-location <file>        cache file (default: <root>/node_modules/.cache/nhi/audit-cache.json)
  -j, --jobs <n>                     threads analysing files (default: the number of CPUs; large
                                     audits only, 1 = no worker threads)
      --no-color, --color            disable / force colours (default: colours on a terminal
                                     unless NO_COLOR is set); a progress bar is shown on stderr
                                     when it is a terminal and CI is not set
  -h, --help                         show this help

Folders are walked honouring .gitignore files (nested ones too) and the "ignore" patterns of
.nhi.yaml; node_modules, .git, binary files and files over maxFileSizeKb (default 1024 KiB)
are skipped, symbolic links are not followed. A file named explicitly is analysed even if it
is ignored. The root is the folder given (or the common parent of several paths); .nhi.yaml
is read from it and report paths are relative to it. Baseline fingerprints include those
paths: use a baseline with the same root it was written for.

Exit codes:
  0  no unsuppressed findings at or above --fail-on
  1  findings at or above --fail-on
  2  usage error (unknown option, missing path), unreadable or invalid .nhi.yaml or baseline,
     report not writable, --changed-since/--staged outside a git repository, or another
     runtime error
`;
}
