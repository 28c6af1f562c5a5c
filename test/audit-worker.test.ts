/**
 * The language server's workspace audit in a worker thread (service/audit-worker.ts):
 * the same results as in the server's own thread, streamed file by file; a worker
 * that fails — out of memory, a missing script — never fails the audit (the server's
 * thread finishes it, with a note); cancellation stops the worker; small folders
 * stay in-thread. The worker script is the built server bundle (it is its own worker).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { auditWorkspace, type FileResult } from '../server/src/engine/workspace';
import { FolderAuditCache, type IncrementalAuditResult } from '../server/src/service/audit-cache';
import { inThreadBackend, workerBackend, type AuditBackend } from '../server/src/service/audit-worker';
import { prepareBuiltTools, type BuiltTools } from './support/built-tools';
import { ROOT } from './support/fixtures';
import { fakeAccessKeyId } from './support/secrets';

const FIXTURES = [path.join(ROOT, 'test', 'fixtures', 'linked-workspace'), path.join(ROOT, 'test', 'fixtures', 'workspaces', 'leaky')];

let tools: BuiltTools;
const temps: string[] = [];

beforeAll(async () => {
  tools = await prepareBuiltTools('nhi-audit-worker-');
  await initEngine();
}, 180_000);

afterAll(() => {
  tools?.dispose();
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/**
 * Realistic files with findings, identities and cross-file links (the linked and
 * leaky fixture workspaces), a hard negative, a binary file the audit skips, an
 * ignored folder, and `fillers` clean source files.
 */
function workspace(fillers = 0): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-audit-worker-')));
  temps.push(root);
  for (const fixture of FIXTURES) fs.cpSync(fixture, path.join(root, path.basename(fixture)), { recursive: true });
  const write = (rel: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  };
  write('.gitignore', 'build/\n');
  write('build/leftover.ts', `export const key = '${fakeAccessKeyId()}';\n`);
  write('app/settings.py', `import os\n\n# Left over from a debugging session.\nAWS_ACCESS_KEY_ID = "${fakeAccessKeyId()}"\nREGION = os.environ.get("AWS_REGION", "eu-west-1")\n`);
  write('docs/sample.md', 'The documented sample key `AKIAIOSFODNN7EXAMPLE` is not a secret.\n');
  write('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  for (let i = 0; i < fillers; i++) {
    write(`src/module-${String(i).padStart(3, '0')}.ts`, `export function add${i}(a: number, b: number): number {\n  return a + b + ${i};\n}\n`);
  }
  return root;
}

interface Run {
  outcome: IncrementalAuditResult;
  /** onFile results in arrival order, by path. */
  streamed: Map<string, FileResult>;
  notes: string[];
}

async function audit(cache: FolderAuditCache, isCancelled?: () => boolean): Promise<Run> {
  const streamed = new Map<string, FileResult>();
  const notes: string[] = [];
  const outcome = await cache.run({
    config: defaultConfig(),
    isCancelled,
    onFile: (file) => streamed.set(file.path, file),
    onNote: (note) => notes.push(note),
  });
  return { outcome, streamed, notes };
}

/** What a run says, without timing. */
function comparable(run: Run): unknown {
  const { durationMs: _durationMs, ...result } = run.outcome.result;
  return { result, analysed: run.outcome.analysed, reused: run.outcome.reused, streamed: [...run.streamed.entries()].sort(([a], [b]) => (a < b ? -1 : 1)) };
}

const inThread = inThreadBackend(auditWorkspace);
const inWorker = (options: Partial<Parameters<typeof workerBackend>[0]> = {}): AuditBackend =>
  workerBackend({ script: tools.server, fallback: inThread, minFiles: 0, ...options });

describe('audit in a worker thread', () => {
  it('gives the same results as the server thread, streamed per file, and reuses them the same way', async () => {
    const root = workspace(20);
    const here = await audit(new FolderAuditCache(root, auditWorkspace, inThread));
    const workerCache = new FolderAuditCache(root, auditWorkspace, inWorker());
    const there = await audit(workerCache);

    expect(there.notes).toEqual([]);
    expect(comparable(there)).toEqual(comparable(here));
    // Real content went through: findings with masked messages, identities, cross-file links, the skips.
    const findings = there.outcome.result.files.flatMap((f) => f.findings);
    expect(findings.some((f) => f.ruleId === 'secret/aws-access-key-id' && /AKIA…/.test(f.message))).toBe(true);
    expect(there.outcome.result.files.some((f) => f.identities.length > 0)).toBe(true);
    expect(there.outcome.result.linkedUris?.length).toBeGreaterThan(0);
    expect(there.outcome.result.skipped).toContainEqual({ path: 'assets/logo.png', reason: 'binary' });
    expect(there.streamed.has('build/leftover.ts')).toBe(false);
    expect(there.streamed.has('docs/sample.md')).toBe(true);
    expect(there.streamed.get('docs/sample.md')?.findings).toEqual([]);
    // Only files with something to say are listed; every file is counted.
    expect(there.outcome.result.filesScanned).toBe(there.streamed.size);
    expect(there.outcome.result.files.length).toBeLessThan(there.streamed.size);

    // A second audit reuses everything; a changed file is analysed again, in the worker too.
    const again = await audit(workerCache);
    expect(again.outcome).toMatchObject({ analysed: 0, reused: there.streamed.size + 1 });
    fs.writeFileSync(path.join(root, 'app', 'settings.py'), 'import os\n\nAWS_ACCESS_KEY_ID = os.environ["AWS_ACCESS_KEY_ID"]\n');
    const changed = await audit(workerCache);
    expect(changed.outcome.analysed).toBe(1);
    expect(changed.streamed.get('app/settings.py')?.findings).toEqual([]);
    const fresh = await audit(new FolderAuditCache(root, auditWorkspace, inThread));
    expect(changed.outcome.result.files).toEqual(fresh.outcome.result.files);
  }, 60_000);

  it('a worker that runs out of memory mid-audit does not fail it: the server thread analyses the rest, with a note', async () => {
    const root = workspace(40);
    // A large multi-document manifest (ServiceAccounts without owners): far more than the worker's heap below.
    let manifest = '';
    for (let i = 0; manifest.length < 900_000; i++) {
      manifest += `---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: batch-${i}\n  namespace: team-${i % 50}\n  labels:\n    app: batch-${i}\n`;
    }
    // Sorted after the source files: the worker has answered some files when it dies.
    fs.mkdirSync(path.join(root, 'workloads'));
    fs.writeFileSync(path.join(root, 'workloads', 'batch-accounts.yaml'), manifest);
    const expected = await audit(new FolderAuditCache(root, auditWorkspace, inThread));
    const starved = await audit(new FolderAuditCache(root, auditWorkspace, inWorker({ resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 1 } })));
    expect(starved.notes).toHaveLength(1);
    expect(starved.notes[0]).toMatch(/^The audit worker stopped \(it reached its memory limit\) after [1-9]\d* of \d+ files; the other \d+ are analysed in the server's own thread\.$/);
    expect(comparable(starved)).toEqual(comparable(expected));
  }, 60_000);

  it('a worker that cannot even list the files leaves the whole audit to the server thread', async () => {
    const root = workspace(5);
    const expected = await audit(new FolderAuditCache(root, auditWorkspace, inThread));
    // Too small a heap to load the bundle: the worker dies at once (ERR_WORKER_OUT_OF_MEMORY), the server does not.
    const starved = await audit(new FolderAuditCache(root, auditWorkspace, inWorker({ resourceLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } })));
    expect(starved.notes).toEqual([`The audit worker stopped (it reached its memory limit) while listing files; the server's own thread audits this folder.`]);
    expect(comparable(starved)).toEqual(comparable(expected));
  }, 60_000);

  it('a worker script that cannot start falls back to the server thread, with a note', async () => {
    const root = workspace();
    const expected = await audit(new FolderAuditCache(root, auditWorkspace, inThread));
    const run = await audit(new FolderAuditCache(root, auditWorkspace, inWorker({ script: path.join(root, 'no-such-worker.js') })));
    expect(run.notes).toHaveLength(1);
    expect(run.notes[0]).toMatch(/^The audit worker stopped \(.*no-such-worker/);
    expect(comparable(run)).toEqual(comparable(expected));
  }, 60_000);

  it('cancellation stops the worker; the next audit analyses what was left and matches a full one', async () => {
    const root = workspace(60);
    const cache = new FolderAuditCache(root, auditWorkspace, inWorker());
    let seen = 0;
    const cancelledRun = await cache.run({ config: defaultConfig(), isCancelled: () => seen >= 5, onFile: () => seen++ });
    expect(cancelledRun.result.cancelled).toBe(true);
    expect(cancelledRun.analysed).toBeLessThan(60);
    const next = await audit(cache);
    expect(next.outcome.result.cancelled).toBe(false);
    expect(next.outcome.reused).toBe(cancelledRun.analysed);
    const full = await audit(new FolderAuditCache(root, auditWorkspace, inThread));
    expect(next.outcome.result.files).toEqual(full.outcome.result.files);
    expect(next.outcome.result.filesScanned).toBe(full.outcome.result.filesScanned);
  }, 60_000);

  it('the first audit of a folder uses the worker; later ones of a small folder stay in the server thread', async () => {
    const root = workspace(3);
    const sessions: string[] = [];
    const counting: AuditBackend = (request) => {
      sessions.push('in-thread');
      return inThread(request);
    };
    const cache = new FolderAuditCache(root, auditWorkspace, workerBackend({ script: tools.server, fallback: counting, minFiles: 1000 }));
    const first = await audit(cache);
    expect(first.notes).toEqual([]);
    expect(sessions).toEqual([]);
    await audit(cache);
    expect(sessions).toEqual(['in-thread']);
    // Without a worker script (the TypeScript sources), everything stays in-thread.
    const sourcesOnly = new FolderAuditCache(root, auditWorkspace, workerBackend({ script: undefined, fallback: counting }));
    await audit(sourcesOnly);
    expect(sessions).toEqual(['in-thread', 'in-thread']);
  }, 60_000);
});
