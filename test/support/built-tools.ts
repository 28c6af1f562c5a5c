/**
 * The built bundles (dist/cli.js, dist/server.js, grammars) for tests that spawn
 * them: built once when stale, under a lock shared by concurrent test files, then
 * copied to a private folder so a rebuild by another test file cannot swap them
 * mid-test.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface BuiltTools {
  dir: string;
  bin: string;
  server: string;
  dispose(): void;
}

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures' && entry.name !== 'node_modules') newest = Math.max(newest, newestSourceMtime(full));
    } else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

async function withBuildLock<T>(work: () => T): Promise<T> {
  const lock = path.join(os.tmpdir(), 'nhi-hygiene-build.lock');
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000 || Date.now() - started > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export async function prepareBuiltTools(prefix: string): Promise<BuiltTools> {
  return withBuildLock(() => {
    const dist = path.join(ROOT, 'dist');
    const sources = Math.max(...['server/src', 'rules', 'client/src'].map((d) => newestSourceMtime(path.join(ROOT, d))));
    const builtAt = Math.min(...['cli.js', 'server.js'].map((f) => fs.statSync(path.join(dist, f), { throwIfNoEntry: false })?.mtimeMs ?? 0));
    if (builtAt < sources || !fs.existsSync(path.join(dist, 'grammars', 'tree-sitter-hcl.wasm'))) {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'nhi.js'), path.join(dir, 'bin', 'nhi.js'));
    for (const f of ['cli.js', 'server.js']) fs.copyFileSync(path.join(dist, f), path.join(dir, 'dist', f));
    fs.cpSync(path.join(dist, 'grammars'), path.join(dir, 'dist', 'grammars'), { recursive: true });
    return {
      dir,
      bin: path.join(dir, 'bin', 'nhi.js'),
      server: path.join(dir, 'dist', 'server.js'),
      dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  });
}
