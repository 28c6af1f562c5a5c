/**
 * Changed files for `--changed-since <ref>` and `--staged`, asked of git
 * read-only. Git runs with execFile (no shell), and the repository's own
 * configuration gets no chance to execute anything: fsmonitor is off (it would
 * run a hook program), hooks point nowhere, external diff drivers and textconv
 * are disabled, no pager, no prompts, no optional locks (a concurrent `git`
 * in the editor is never blocked by us).
 *
 * What counts as changed:
 * - `--staged`: files added, copied, modified or renamed in the index
 *   (`git diff --cached`); the working-tree content of those files is audited,
 *   which is what a pre-commit hook sees (pre-commit stashes unstaged changes).
 * - `--changed-since <ref>`: files that differ between the merge base of <ref>
 *   and HEAD and the working tree (committed on this branch, staged or not yet
 *   staged), plus untracked files that are not ignored: a new file holding a key
 *   is exactly what this mode must not miss. In CI, where the working tree is
 *   HEAD, this is `git diff <ref>...HEAD`.
 * Deleted files are left out; symbolic links are not followed (like the walk).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export class GitError extends Error {
  override name = 'GitError';
}

export type ChangeSelection = { kind: 'staged' } | { kind: 'since'; ref: string };

/** Settings that keep repository configuration from running programs. */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.untrackedCache=false'];
const MAX_OUTPUT = 256 * 1024 * 1024;

function git(args: string[], cwd: string, env: Record<string, string | undefined>): Promise<string> {
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    // Variables that would redirect git to another repository or config are not inherited.
    if (v !== undefined && !/^GIT_(DIR|WORK_TREE|INDEX_FILE|CONFIG.*|EXTERNAL_DIFF|PAGER|NAMESPACE|COMMON_DIR|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES)$/.test(k)) {
      childEnv[k] = v;
    }
  }
  Object.assign(childEnv, { GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' });
  return new Promise((resolve, reject) => {
    execFile('git', ['--no-pager', ...SAFE_CONFIG, ...args], { cwd, env: childEnv, encoding: 'utf8', maxBuffer: MAX_OUTPUT, windowsHide: true, timeout: 60_000 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return reject(new GitError('git is not installed (or not on PATH); --changed-since and --staged need it.'));
      const firstLine = String(stderr).split('\n').find((l) => l.trim()) ?? err.message;
      reject(new GitError(firstLine.replace(/^(fatal|error): /, '').trim()));
    });
  });
}

/** NUL-separated git output (from -z) to a list, without the empty tail. */
function splitZ(out: string): string[] {
  return out.split('\0').filter((p) => p.length > 0);
}

/** Top folder of the repository containing `dir`, or a GitError that says it is not one. */
export async function repositoryTop(dir: string, env: Record<string, string | undefined>): Promise<string> {
  let top: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'], dir, env)).trim();
  } catch (err) {
    if (err instanceof GitError && /not a git repository/i.test(err.message)) {
      throw new GitError(`${dir} is not inside a git repository; --changed-since and --staged need one (audit without them instead).`);
    }
    throw err;
  }
  if (!top) throw new GitError(`${dir} is not inside a git work tree; --changed-since and --staged need one.`);
  return fs.realpathSync(top);
}

/**
 * Absolute paths of the changed regular files of the repository around `dir`
 * (the caller keeps those under its inputs).
 */
export async function changedFiles(dir: string, selection: ChangeSelection, env: Record<string, string | undefined> = process.env): Promise<string[]> {
  const top = await repositoryTop(dir, env);
  let listed: string[];
  if (selection.kind === 'staged') {
    listed = splitZ(await git(['diff', '--cached', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--diff-filter=d'], top, env));
  } else {
    // The ref is a revision, never an option; `^{commit}` also rejects trees and blobs.
    if (selection.ref.startsWith('-') || selection.ref.length === 0) throw new GitError(`Invalid git revision "${selection.ref}".`);
    let commit: string;
    try {
      commit = (await git(['rev-parse', '--verify', '--quiet', `${selection.ref}^{commit}`], top, env)).trim();
    } catch {
      throw new GitError(`Unknown git revision "${selection.ref}" (fetch it first, e.g. "git fetch origin main", or use a full clone: actions/checkout fetch-depth: 0).`);
    }
    let base = commit;
    try {
      base = (await git(['merge-base', commit, 'HEAD'], top, env)).trim() || commit;
    } catch {
      // No common history (or no HEAD yet): compare against the ref itself.
    }
    const changed = splitZ(await git(['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--diff-filter=d', base, '--'], top, env));
    const untracked = splitZ(await git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z'], top, env));
    listed = [...changed, ...untracked];
  }
  const files = new Set<string>();
  for (const rel of listed) {
    const abs = path.resolve(top, ...rel.split('/'));
    const st = fs.lstatSync(abs, { throwIfNoEntry: false });
    if (st?.isFile()) files.add(abs);
  }
  return [...files].sort();
}

/**
 * The files inside one of the audited inputs (a folder contains, a file equals),
 * as paths under the input as given: git reports real paths, while the audit
 * root (and so every fingerprint) is computed from the paths as given.
 */
export function withinInputs(files: string[], inputs: { path: string; kind: 'file' | 'dir' }[]): string[] {
  const real = inputs.map((input) => ({ ...input, real: realpathOrSelf(input.path) }));
  const out: string[] = [];
  for (const file of files) {
    for (const input of real) {
      if (input.kind === 'file') {
        if (file === input.real) out.push(input.path);
        else continue;
        break;
      }
      const rel = path.relative(input.real, file);
      if (rel !== '' && !path.isAbsolute(rel) && rel !== '..' && !rel.startsWith('..' + path.sep)) {
        out.push(path.join(input.path, rel));
        break;
      }
    }
  }
  return out;
}

function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
