/**
 * The workspace audit (engine/workspace.ts) and `.nhi.yaml` loading
 * (engine/workspace-config.ts), in-process on small generated workspaces.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultConfig, type Config } from '../server/src/engine/config';
import { auditWorkspace, commonRoot, decode, relativePath, type AuditResult } from '../server/src/engine/workspace';
import { loadWorkspaceConfig, parseWorkspaceConfig, WorkspaceConfigError } from '../server/src/engine/workspace-config';
import { initEngine } from '../server/src/engine/analyze';

// One file name makes the analysis throw, to prove a failing file becomes a note and the audit goes on.
vi.mock('../server/src/engine/analyze', async (importOriginal) => {
  const original = await importOriginal<typeof import('../server/src/engine/analyze')>();
  return {
    ...original,
    analyzeText: (...args: Parameters<typeof original.analyzeText>) => {
      if (args[0].path.includes('explode')) throw new Error('simulated analyser failure');
      return original.analyzeText(...args);
    },
  };
});

const FIXTURES = path.resolve(__dirname, 'fixtures', 'workspaces');
const temps: string[] = [];

/** Creates a workspace in a fresh temp folder; keys are relative paths. */
function workspace(files: Record<string, string | Buffer>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-ws-')));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

function config(overrides: Partial<Config> = {}): Config {
  return { ...defaultConfig(), ...overrides };
}

const scanned = (r: AuditResult) => r.files.map((f) => f.path);

beforeAll(async () => {
  await initEngine();
});

afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

describe('walking', () => {
  it('honours root and nested .gitignore files (with negation), skips node_modules and .git, sorts by path', async () => {
    const root = workspace({
      '.gitignore': 'dist/\n*.log\n!keep.log\n/top-only.txt\n',
      'src/app.ts': 'export const a = 1;\n',
      'src/b.ts': 'export const b = 2;\n',
      'src/.gitignore': 'generated/\nlocal-*.ts\n',
      'src/generated/client.ts': 'export {};\n',
      'src/local-dev.ts': 'export {};\n',
      'src/nested/top-only.txt': 'not anchored here, so kept\n',
      'top-only.txt': 'anchored: ignored\n',
      'dist/bundle.js': 'var x;\n',
      'debug.log': 'log\n',
      'keep.log': 'kept by negation\n',
      'node_modules/pkg/index.js': 'module.exports = 1;\n',
      'packages/web/node_modules/dep/index.js': 'module.exports = 1;\n',
      '.git/config': '[core]\n',
      '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
      'Z.md': '# upper case sorts before lower case\n',
    });
    const result = await auditWorkspace([root], { config: config() });
    expect(result.root).toBe(root);
    expect(scanned(result)).toEqual([
      '.github/workflows/ci.yml',
      '.gitignore',
      'Z.md',
      'keep.log',
      'src/.gitignore',
      'src/app.ts',
      'src/b.ts',
      'src/nested/top-only.txt',
    ]);
    expect(result.filesScanned).toBe(8);
    expect(result.skipped).toEqual([]);
    expect(result.cancelled).toBe(false);
    const file = result.files.find((f) => f.path === 'src/app.ts')!;
    expect(file.absolutePath).toBe(path.join(root, 'src', 'app.ts'));
    expect(file.uri).toBe(pathToFileURL(path.join(root, 'src', 'app.ts')).href);
  });

  it('never reads ignored folders, node_modules or .git', async () => {
    const root = workspace({
      '.gitignore': 'build/\n',
      'build/out/a.js': 'x\n',
      'node_modules/p/i.js': 'x\n',
      '.git/objects/x': 'x\n',
      'src/a.ts': 'x\n',
    });
    const read: string[] = [];
    // Spy on the CommonJS object and sync it into the ESM namespace the module under test imported.
    const fsObject = createRequire(__filename)('node:fs') as typeof fs;
    const original = fsObject.readdirSync;
    const spy = vi.spyOn(fsObject, 'readdirSync').mockImplementation(((dir: fs.PathLike, ...rest: unknown[]) => {
      read.push(String(dir));
      return (original as (...a: unknown[]) => unknown)(dir, ...rest);
    }) as typeof fs.readdirSync);
    syncBuiltinESMExports();
    try {
      const result = await auditWorkspace([root], { config: config() });
      expect(scanned(result)).toEqual(['.gitignore', 'src/a.ts']);
    } finally {
      spy.mockRestore();
      syncBuiltinESMExports();
    }
    expect(read.map((d) => path.relative(root, d)).sort()).toEqual(['', 'src']);
  });

  it('honours the .gitignore of the enclosing repository when auditing a subfolder', async () => {
    const root = workspace({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/info/exclude': 'scratch.ts\n',
      '.gitignore': 'services/api/generated/\n',
      'services/api/src/a.ts': 'x\n',
      'services/api/scratch.ts': 'x\n',
      'services/api/generated/client.ts': 'x\n',
    });
    const result = await auditWorkspace([path.join(root, 'services', 'api')], { config: config() });
    expect(result.root).toBe(path.join(root, 'services', 'api'));
    expect(scanned(result)).toEqual(['src/a.ts']);
  });

  it('outside a repository, ignore files above the audited folder do not apply', async () => {
    const root = workspace({ '.gitignore': 'app/\n', 'app/a.ts': 'x\n' });
    const result = await auditWorkspace([path.join(root, 'app')], { config: config() });
    expect(scanned(result)).toEqual(['a.ts']);
  });

  it('analyses a file named explicitly even if ignored, and walks an ignored folder named explicitly', async () => {
    const root = workspace({
      '.git/HEAD': 'x\n',
      '.gitignore': '.env\nvendor/\n',
      '.env': 'API_TOKEN=abc\n',
      'vendor/lib/a.ts': 'x\n',
      'vendor/lib/.gitignore': 'b.ts\n',
      'vendor/lib/b.ts': 'x\n',
      'src/a.ts': 'x\n',
    });
    const explicitFile = await auditWorkspace([path.join(root, '.env')], { config: config() });
    expect(explicitFile.root).toBe(root);
    expect(scanned(explicitFile)).toEqual(['.env']);

    const explicitDir = await auditWorkspace([path.join(root, 'vendor')], { config: config() });
    expect(scanned(explicitDir)).toEqual(['lib/.gitignore', 'lib/a.ts']);

    const whole = await auditWorkspace([root], { config: config() });
    expect(scanned(whole)).toEqual(['.gitignore', 'src/a.ts']);
  });

  it('audits several paths under their common parent, each file once', async () => {
    const root = workspace({ 'a/x.ts': 'x\n', 'b/c/y.ts': 'y\n', 'b/c/z.ts': 'z\n' });
    const result = await auditWorkspace([path.join(root, 'b', 'c'), path.join(root, 'a'), path.join(root, 'b', 'c', 'y.ts')], { config: config() });
    expect(result.root).toBe(root);
    expect(scanned(result)).toEqual(['a/x.ts', 'b/c/y.ts', 'b/c/z.ts']);
    expect(commonRoot(['/r/a/b', '/r/a/c', '/r/a'])).toBe('/r/a');
    expect(commonRoot(['/r/a', '/s'])).toBe('/');
  });

  it('applies the config ignore patterns, from options or from .nhi.yaml at the root', async () => {
    const root = workspace({
      'src/a.ts': 'x\n',
      'src/a.spec.ts': 'x\n',
      'fixtures/f.json': '{}\n',
      '.nhi.yaml': 'ignore:\n  - "fixtures/"\n',
    });
    const fromOptions = await auditWorkspace([root], { config: config({ ignore: ['*.spec.ts'] }) });
    expect(scanned(fromOptions)).toEqual(['.nhi.yaml', 'fixtures/f.json', 'src/a.ts']);
    const fromFile = await auditWorkspace([root]);
    expect(scanned(fromFile)).toEqual(['.nhi.yaml', 'src/a.spec.ts', 'src/a.ts']);
  });

  it('does not follow symbolic links', async () => {
    const root = workspace({ 'src/a.ts': 'x\n', 'outside/secret.ts': 'x\n' });
    fs.symlinkSync(path.join(root, 'outside'), path.join(root, 'src', 'linked-dir'));
    fs.symlinkSync(path.join(root, 'outside', 'secret.ts'), path.join(root, 'src', 'linked.ts'));
    fs.symlinkSync(root, path.join(root, 'src', 'loop'));
    const result = await auditWorkspace([path.join(root, 'src')], { config: config() });
    expect(scanned(result)).toEqual(['a.ts']);
  });

  it('throws for a path that does not exist', async () => {
    await expect(auditWorkspace([path.join(os.tmpdir(), 'nhi-does-not-exist-9f3a')], { config: config() })).rejects.toThrow(/Path not found/);
  });
});

describe('reading files', () => {
  it('skips binaries (NUL in the first 8 KiB) and files over maxFileSizeKb, checking the size first', async () => {
    const big = 'a'.repeat(2048) + '\n';
    const root = workspace({
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
      'nul-in-text.txt': Buffer.concat([Buffer.from('b'.repeat(900) + '\n'), Buffer.from([0])]),
      'big.json': big,
      'exactly-1k.txt': 'c'.repeat(1024),
      'small.ts': 'export {};\n',
    });
    const result = await auditWorkspace([root], { config: config({ maxFileSizeKb: 1 }) });
    expect(scanned(result)).toEqual(['exactly-1k.txt', 'small.ts']);
    expect(result.skipped).toEqual([
      { path: 'big.json', reason: 'too-large' },
      { path: 'logo.png', reason: 'binary' },
      { path: 'nul-in-text.txt', reason: 'binary' },
    ]);
    expect(result.bytesScanned).toBe(1024 + 11);

    // A NUL beyond the first 8 KiB does not make a file binary.
    const root2 = workspace({ 'data.txt': Buffer.concat([Buffer.from('d'.repeat(9000)), Buffer.from([0])]) });
    const r2 = await auditWorkspace([root2], { config: config() });
    expect(scanned(r2)).toEqual(['data.txt']);
  });

  it('decodes invalid UTF-8 with replacement and notes it; strips a UTF-8 BOM; reads UTF-16 with a BOM', async () => {
    const root = workspace({
      'latin1.properties': Buffer.from('name=caf\xe9\npassword.hint=none\n', 'latin1'),
      'bom.tf': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('resource "aws_iam_user" "bot" {\n  name = "bot"\n}\n')]),
      'wide.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hello\n', 'utf16le')]),
    });
    const result = await auditWorkspace([root], { config: config() });
    expect(scanned(result)).toEqual(['bom.tf', 'latin1.properties', 'wide.txt']);
    const latin = result.files.find((f) => f.path === 'latin1.properties')!;
    expect(latin.notes).toEqual([
      expect.objectContaining({ kind: 'parse-error', message: expect.stringMatching(/not valid UTF-8/), start: { line: 0, character: 8 } }),
    ]);
    expect(result.files.find((f) => f.path === 'wide.txt')!.notes).toEqual([]);
    // The BOM is gone: a finding on the resource header starts at column 0 of line 0.
    const bom = result.files.find((f) => f.path === 'bom.tf')!;
    for (const f of bom.findings) expect(f.start.line === 0 ? f.start.character : 0).toBe(0);
    expect(bom.findings.map((f) => f.ruleId)).toContain('ownership/missing-owner-tag');

    expect(decode(Buffer.from([0xfe, 0xff, 0x00, 0x68, 0x00, 0x69]))?.text).toBe('hi');
    expect(decode(Buffer.from([0x61, 0x00, 0x62]))).toBeUndefined();
  });

  it('reads each file whole and only that file, whatever the sizes before it (one read buffer is reused)', async () => {
    // Sorted order: the long file is read first, then shorter ones into the same buffer.
    const filler = '# generated settings\n' + 'feature_flag_enabled = true\n'.repeat(20_000);
    const root = workspace({
      'a-long.conf': filler + 'db_password = "Vq9!mLr2#TxW8pZk"\n',
      'b-short.env': 'STRIPE_KEY=sk_live_' + 'a1B2c3D4e5F6g7H8i9J0k1L2' + '\n',
      'c-empty.txt': '',
      'd-wide.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('token: none\n', 'utf16le')]),
    });
    const result = await auditWorkspace([root], { config: config() });
    const bytes = (rel: string) => fs.statSync(path.join(root, rel)).size;
    expect(result.bytesScanned).toBe(['a-long.conf', 'b-short.env', 'c-empty.txt', 'd-wide.txt'].reduce((n, f) => n + bytes(f), 0));
    const byPath = new Map(result.files.map((f) => [f.path, f]));
    expect(byPath.get('a-long.conf')!.findings.map((f) => f.start.line)).toEqual([20_001]);
    expect(byPath.get('b-short.env')!.findings.map((f) => [f.start.line, f.ruleId])).toEqual([[0, 'secret/stripe']]);
    expect(byPath.get('c-empty.txt')!.findings).toEqual([]);
    expect(byPath.get('d-wide.txt')!.findings).toEqual([]);
  });

  it('turns a failing file into a note on that file and goes on', async () => {
    const root = workspace({ 'a.ts': 'x\n', 'explode.ts': 'x\n', 'z.ts': 'x\n' });
    const result = await auditWorkspace([root], { config: config() });
    expect(scanned(result)).toEqual(['a.ts', 'explode.ts', 'z.ts']);
    const bad = result.files.find((f) => f.path === 'explode.ts')!;
    expect(bad.findings).toEqual([]);
    expect(bad.notes).toEqual([{ kind: 'internal-error', message: 'Analysis failed: simulated analyser failure' }]);
  });
});

describe('results', () => {
  it('locates findings with 0-based line and UTF-16 character from the offsets', async () => {
    const root = path.join(FIXTURES, 'iam');
    const result = await auditWorkspace([root], { config: config() });
    expect(scanned(result)).toEqual(['infra/iam.tf', 'policies/admin.json', 'policies/read-only.json']);
    const all = result.files.flatMap((f) => f.findings.map((x) => ({ file: f, finding: x })));
    expect(all.length).toBeGreaterThan(0);
    for (const { file, finding } of all) {
      const text = fs.readFileSync(file.absolutePath, 'utf8');
      const before = text.slice(0, finding.range.start);
      const line = before.split('\n').length - 1;
      expect(finding.start).toEqual({ line, character: finding.range.start - (before.lastIndexOf('\n') + 1) });
      expect(finding.end.line).toBeGreaterThanOrEqual(finding.start.line);
    }
    expect(result.files.find((f) => f.path === 'policies/read-only.json')!.findings).toEqual([]);
  });

  it('reports each file to onFile and progress to onProgress, and stops when cancelled', async () => {
    const root = workspace({ 'a.ts': 'x\n', 'b.ts': 'x\n', 'c.ts': 'x\n', 'd.bin': Buffer.from([0, 1, 2]) });
    const seen: string[] = [];
    const progress: [number, number][] = [];
    const result = await auditWorkspace([root], { config: config(), onFile: (f) => seen.push(f.path), onProgress: (d, t) => progress.push([d, t]) });
    expect(seen).toEqual(['a.ts', 'b.ts', 'c.ts']);
    expect(progress).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]]);
    expect(result.skipped).toEqual([{ path: 'd.bin', reason: 'binary' }]);

    let calls = 0;
    const cancelled = await auditWorkspace([root], { config: config(), isCancelled: () => ++calls > 2 });
    expect(cancelled.cancelled).toBe(true);
    expect(scanned(cancelled)).toEqual(['a.ts', 'b.ts']);
  });

  it('re-audits only the given files, reporting ignored ones as skipped', async () => {
    const root = workspace({ '.gitignore': 'out/\n', 'a.ts': 'x\n', 'b.ts': 'x\n', 'out/c.ts': 'x\n', 'node_modules/m/i.js': 'x\n' });
    const result = await auditWorkspace([root], {
      config: config(),
      only: [path.join(root, 'b.ts'), path.join(root, 'out', 'c.ts'), path.join(root, 'node_modules', 'm', 'i.js')],
    });
    expect(scanned(result)).toEqual(['b.ts']);
    expect(result.skipped).toEqual([
      { path: 'node_modules/m/i.js', reason: 'ignored' },
      { path: 'out/c.ts', reason: 'ignored' },
    ]);
  });

  it('files a walk listed (onlyWalked) are analysed as given; the walk already applied the ignore rules', async () => {
    const root = workspace({ '.gitignore': 'out/\n', 'a.ts': 'x\n', 'b.ts': 'x\n', 'out/c.ts': 'x\n', 'sub/.gitignore': '*.gen.ts\n', 'sub/d.ts': 'x\n', 'sub/e.gen.ts': 'x\n' });
    const listed: string[] = [];
    await auditWorkspace([root], { config: config(), include: (rel) => (listed.push(rel), false) });
    expect(listed.sort()).toEqual(['.gitignore', 'a.ts', 'b.ts', 'sub/.gitignore', 'sub/d.ts']);
    const only = listed.map((rel) => path.join(root, ...rel.split('/')));
    const walked = await auditWorkspace([root], { config: config(), only, onlyWalked: true });
    const checked = await auditWorkspace([root], { config: config(), only });
    expect(scanned(walked)).toEqual(scanned(checked));
    expect(walked.skipped).toEqual([]);
    // Trusted as given: a path the walk would not have listed is analysed all the same.
    const forced = await auditWorkspace([root], { config: config(), only: [path.join(root, 'out', 'c.ts')], onlyWalked: true });
    expect(scanned(forced)).toEqual(['out/c.ts']);
  });

  it('keeps suppressed findings only when asked, marked as suppressed', async () => {
    const tf = '# nhi-ignore ownership/missing-owner-tag reason="owned by the platform team"\nresource "aws_iam_user" "bot" {\n  name = "bot"\n}\n';
    const root = workspace({ 'iam.tf': tf });
    const dropped = await auditWorkspace([root], { config: config() });
    expect(dropped.files[0].findings.filter((f) => f.ruleId === 'ownership/missing-owner-tag')).toEqual([]);
    const kept = await auditWorkspace([root], { config: config(), keepSuppressed: true });
    const f = kept.files[0].findings.find((x) => x.ruleId === 'ownership/missing-owner-tag');
    expect(f?.suppressed?.reason).toBe('owned by the platform team');
  });
});

describe('worker pool', () => {
  const DIST_CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');
  const files: Record<string, string> = {};
  for (let i = 0; i < 330; i++) {
    files[`svc${i % 7}/user${i}.tf`] =
      i % 3 === 0 ? `resource "aws_iam_user" "u${i}" {\n  name = "u${i}"\n}\n` : `resource "aws_iam_user" "u${i}" {\n  name = "u${i}"\n  tags = { owner = "team-${i}" }\n}\n`;
  }
  files['bin/tool.exe'] = '\u0000\u0001' as string;

  beforeAll(() => {
    // The worker script must be plain JS: the bundle. `npm test` builds it first.
    if (!fs.existsSync(DIST_CLI)) execFileSync(process.execPath, [path.resolve(__dirname, '..', 'scripts', 'build.mjs')]);
  }, 120_000);

  /**
   * A worker script that loads the bundle (which serves as the audit worker) and appends an 'x'
   * to `marker` per batch of results it sends; with `dieAfter`, the worker exits after sending
   * that many batches (the files it claimed next are never answered).
   */
  function recordingWorker(root: string, dieAfter?: number): { script: string; batches: () => number } {
    const marker = path.join(root, '..', `${path.basename(root)}.worker-batches`);
    const script = path.join(root, '..', `${path.basename(root)}-worker.js`);
    temps.push(marker, script);
    fs.writeFileSync(
      script,
      [
        `const fs = require('node:fs');`,
        `const { parentPort } = require('node:worker_threads');`,
        `const post = parentPort.postMessage.bind(parentPort);`,
        `let sent = 0;`,
        `parentPort.postMessage = (m) => {`,
        `  if (m && m.kind === 'results') {`,
        `    if (${dieAfter ?? -1} >= 0 && sent >= ${dieAfter ?? -1}) process.exit(3);`,
        `    sent++;`,
        `    fs.appendFileSync(${JSON.stringify(marker)}, 'x');`,
        `  }`,
        `  post(m);`,
        `};`,
        `require(${JSON.stringify(DIST_CLI)});`,
      ].join('\n') + '\n',
    );
    return { script, batches: () => (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').length : 0) };
  }

  /**
   * The calling thread may analyse all 331 files before a worker has loaded the bundle (under
   * a busy CI, often). After its first file it waits (sleeping, up to 20 s) until the worker
   * has sent results, so the pool always shares the work.
   */
  function waitForWorkerOnFirstFile(batches: () => number): (done: number) => void {
    return (done) => {
      if (done !== 1) return;
      const sleeper = new Int32Array(new SharedArrayBuffer(4));
      for (const until = Date.now() + 20_000; batches() === 0 && Date.now() < until; ) Atomics.wait(sleeper, 0, 0, 5);
    };
  }

  it('gives the same result with worker threads as without, and the workers do part of the work', async () => {
    const root = workspace(files);
    const { script, batches } = recordingWorker(root);
    const alone = await auditWorkspace([root], { config: config() });
    const progress: number[] = [];
    const wait = waitForWorkerOnFirstFile(batches);
    const pooled = await auditWorkspace([root], { config: config(), workers: 2, minFilesPerWorker: 100, workerScript: script, onProgress: (d) => (wait(d), progress.push(d)) });
    expect(batches()).toBeGreaterThan(0);
    expect(progress).toEqual(Array.from({ length: 331 }, (_, i) => i + 1));
    const strip = (r: AuditResult) => ({ ...r, durationMs: 0 });
    expect(strip(pooled)).toEqual(strip(alone));
    expect(alone.files.filter((f) => f.findings.length > 0)).toHaveLength(110);
    expect(alone.skipped).toEqual([{ path: 'bin/tool.exe', reason: 'binary' }]);
  });

  it('workers started for a big audit get no work when the cache answers for its files', async () => {
    const root = workspace(files);
    const { script, batches } = recordingWorker(root);
    const stored = new Map<string, { result: AuditResult['files'][number]; bytes: number }>();
    const cache = { lookup: (file: { path: string }) => stored.get(file.path), store: (result: AuditResult['files'][number], bytes: number) => stored.set(result.path, { result, bytes }) };
    const first = await auditWorkspace([root], { config: config(), cache });
    expect(first.filesFromCache).toBe(0);
    const second = await auditWorkspace([root], { config: config(), cache, workers: 2, minFilesPerWorker: 100, workerScript: script });
    expect(second.filesFromCache).toBe(330);
    expect(batches()).toBe(0);
    expect({ ...second, durationMs: 0, filesFromCache: 0 }).toEqual({ ...first, durationMs: 0 });
  });

  it('analyses the files a worker claimed but never answered when it dies mid-audit', async () => {
    const root = workspace(files);
    const { script, batches } = recordingWorker(root, 2);
    const alone = await auditWorkspace([root], { config: config() });
    const progress: number[] = [];
    const wait = waitForWorkerOnFirstFile(batches);
    const survived = await auditWorkspace([root], { config: config(), workers: 2, minFilesPerWorker: 100, workerScript: script, onProgress: (d) => (wait(d), progress.push(d)) });
    expect(batches()).toBeGreaterThan(0);
    expect(progress).toEqual(Array.from({ length: 331 }, (_, i) => i + 1));
    expect({ ...survived, durationMs: 0 }).toEqual({ ...alone, durationMs: 0 });
  });

  it('falls back to the calling thread when the workers cannot start', async () => {
    const root = workspace(files);
    const alone = await auditWorkspace([root], { config: config() });
    const broken = await auditWorkspace([root], { config: config(), workers: 2, minFilesPerWorker: 100, workerScript: path.join(root, 'missing-worker.js') });
    expect({ ...broken, durationMs: 0 }).toEqual({ ...alone, durationMs: 0 });
  });
});

describe('.nhi.yaml', () => {
  it('is optional; when present it is merged over the defaults (flat or nested keys)', () => {
    const empty = workspace({});
    expect(loadWorkspaceConfig(empty)).toEqual({ config: defaultConfig(), warnings: [] });
    const root = workspace({
      '.nhi.yaml': 'maxFileSizeKb: 256\nvault:\n  provider: hashicorp-vault\nownerTagKeys: [owner]\nrules:\n  ownership/missing-owner-tag: "off"\n',
    });
    const loaded = loadWorkspaceConfig(root);
    expect(loaded.file).toBe(path.join(root, '.nhi.yaml'));
    expect(loaded.config.maxFileSizeKb).toBe(256);
    expect(loaded.config.vault.provider).toBe('hashicorp-vault');
    expect(loaded.config.ownerTagKeys).toEqual(['owner']);
    expect(loaded.config.rules['ownership/missing-owner-tag']).toBe('off');
    expect(parseWorkspaceConfig('vault.pathTemplate: "secret/{name}"\n').settings).toEqual({ 'vault.pathTemplate': 'secret/{name}' });
    expect(parseWorkspaceConfig('# only a comment\n').settings).toEqual({});
  });

  it('a broken file is an error naming the file, the line and the problem', () => {
    const root = workspace({ '.nhi.yaml': 'maxFileSizeKb: 512\n rules: {\n' });
    let error: unknown;
    try {
      loadWorkspaceConfig(root);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkspaceConfigError);
    expect((error as Error).message).toContain(path.join(root, '.nhi.yaml'));
    expect((error as Error).message).toMatch(/- line 1, column 16: Nested mappings are not allowed/);
  });

  it('rejects unknown keys, prefixed keys, invalid values and a non-mapping top level', () => {
    const problems = (text: string) => {
      try {
        parseWorkspaceConfig(text, 'x/.nhi.yaml');
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(WorkspaceConfigError);
        return (e as WorkspaceConfigError).problems;
      }
    };
    expect(problems('maxFileSize: 10\n')).toEqual([expect.stringMatching(/^unknown key "maxFileSize" \(known keys: enable, /)]);
    expect(problems('nhi.maxFileSizeKb: 10\n')).toEqual([expect.stringMatching(/without the "nhi\." prefix/)]);
    expect(problems('vault:\n  provder: env\n')).toEqual([expect.stringMatching(/unknown key "vault\.provder"/)]);
    expect(problems('maxFileSizeKb: "big"\nvault:\n  provider: s3\nrules:\n  secret/aws-access-key-id: loud\nignore: dist/\n')).toEqual([
      '"maxFileSizeKb": expected a number ≥ 1, got "big"',
      expect.stringMatching(/^"vault\.provider": expected one of env, hashicorp-vault/),
      expect.stringMatching(/^"rules": expected a mapping of rule id to one of off, error, warning, info/),
      '"ignore": expected a list of strings, got "dist/"',
    ]);
    expect(problems('- a\n- b\n')).toEqual([expect.stringMatching(/top level must be a mapping/)]);
    expect(problems('enable: true\nenable: false\n')).toEqual([expect.stringMatching(/line 2/)]);
  });

  it('warns about rule ids no rule has, and fails for an explicit file that is missing', () => {
    const { warnings } = parseWorkspaceConfig('rules:\n  secret/nope: "off"\n', 'a/.nhi.yaml');
    expect(warnings).toEqual(['a/.nhi.yaml: "rules" names an unknown rule "secret/nope"; it has no effect.']);
    const root = workspace({});
    expect(() => loadWorkspaceConfig(root, { file: 'custom.yaml' })).toThrow(/custom\.yaml:\n {2}- file not found/);
  });

  it('makes auditWorkspace throw when no config is passed and the file is broken', async () => {
    await expect(auditWorkspace([path.join(FIXTURES, 'broken-config')])).rejects.toBeInstanceOf(WorkspaceConfigError);
  });
});

describe('relativePath', () => {
  it('equals path.relative for paths under the root, and falls back for anything else', () => {
    const root = '/w/repo';
    for (const abs of ['/w/repo/a.ts', '/w/repo/src/deep/b.yaml', '/w/repo/.github/workflows/ci.yml', '/w/repo/x/../y.ts', '/w/repo//z.ts', '/w/repo/dir/', '/w/repo/./c.ts', '/w/other/d.ts', '/w/repository/e.ts', '/w/repo']) {
      expect(relativePath(root, abs), abs).toBe(path.relative(root, abs));
    }
    for (const odd of ['/w/repo/', '/w/x/../repo', 'w/repo']) expect(relativePath(odd, '/w/repo/a/b.ts'), odd).toBe(path.relative(odd, '/w/repo/a/b.ts'));
  });
});
