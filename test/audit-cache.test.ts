/**
 * The content-hash audit cache (engine/audit-cache.ts, `nhi audit --cache`): unchanged
 * files are not analysed again, anything that changes a file's results invalidates
 * it, related locations across files stay right, and the cache file holds no secret.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { AuditCache, stableJson } from '../server/src/engine/audit-cache';
import { defaultConfig, type Config } from '../server/src/engine/config';
import { auditWorkspace, type AuditResult, type FileResult } from '../server/src/engine/workspace';
import { main } from '../server/src/cli/main';
import { fileURLToPath } from 'node:url';
import { ROOT } from './support/fixtures';

const LINKED_WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'linked-workspace');

const temps: string[] = [];
const ENGINE = 'test-engine';

// Real-looking credentials from the leaky workspace fixture (test/fixtures/workspaces/leaky).
const ACCESS_KEY_ID = 'AKIADJP5JKVPFDAXDD7J';
const SECRET_ACCESS_KEY = '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';
const OTHER_ACCESS_KEY_ID = 'AKIAKXTYDSP2KTJVBEML';

function workspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-cache-')));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) write(root, rel, content);
  return root;
}

function write(root: string, rel: string, content: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

const STORAGE_TS = `import { S3Client } from '@aws-sdk/client-s3';

// Left over from a debugging session: the uploader's own keys.
const AWS_ACCESS_KEY_ID = '${ACCESS_KEY_ID}';
const AWS_SECRET_ACCESS_KEY = '${SECRET_ACCESS_KEY}';
// The key from the AWS documentation is not a secret.
const DOCS_SAMPLE_KEY = 'AKIAIOSFODNN7EXAMPLE';

export const s3 = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY } });
export const sample = DOCS_SAMPLE_KEY;
`;

const PROVIDERS_WITH_OWNER = `provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      team = "payments-platform"
    }
  }
}
`;

const PROVIDERS_WITHOUT_OWNER = `provider "aws" {
  region = "eu-west-1"
}
`;

const ROLES_TF = `resource "aws_iam_role" "ledger_writer" {
  name               = "payments-ledger-writer"
  assume_role_policy = data.aws_iam_policy_document.eks_pods.json
}
`;

const CI_USER_TF = `resource "aws_iam_user" "ci" {
  name = "ci-deployer"
  tags = { owner = "platform" }
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
`;

const WORKFLOW = `name: deploy
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: eu-west-1
`;

function files(): Record<string, string> {
  return {
    'src/storage.ts': STORAGE_TS,
    'src/util.ts': 'export const add = (a: number, b: number): number => a + b;\n',
    'infra/payments/providers.tf': PROVIDERS_WITH_OWNER,
    'infra/payments/roles.tf': ROLES_TF,
    'infra/ci/users.tf': CI_USER_TF,
    '.github/workflows/deploy.yml': WORKFLOW,
    'config/app.json': '{ "region": "eu-west-1", "retries": 3 }\n',
  };
}

/** The relative paths of files(). */
function first7(): string[] {
  return Object.keys(files()).sort();
}

/** Inside node_modules, which the walker never enters (as the CLI's default location). */
function cacheIn(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'nhi', 'audit-cache.json');
}

interface Run {
  result: AuditResult;
  /** Files analysed (offered to the cache's store), by relative path. */
  analysed: string[];
  cache: AuditCache;
}

async function audit(root: string, cacheFile: string, config: Config = defaultConfig(), today?: string, now?: () => number): Promise<Run> {
  const cache = new AuditCache({ file: cacheFile, root, engine: ENGINE, config, settings: { keepSuppressed: true }, ...(today ? { today } : {}), ...(now ? { now } : {}) });
  const analysed: string[] = [];
  const counting = {
    lookup: cache.lookup.bind(cache),
    store(result: FileResult, bytes: number) {
      analysed.push(result.path);
      cache.store(result, bytes);
    },
  };
  const result = await auditWorkspace([root], { config, keepSuppressed: true, cache: counting });
  expect(cache.save()).toBeUndefined();
  return { result, analysed: analysed.sort(), cache };
}

/** What a report shows of a file, for comparing a cached audit with a fresh one. */
function reported(result: AuditResult) {
  return result.files.map((f) => ({
    path: f.path,
    findings: f.findings.map((x) => ({ ruleId: x.ruleId, message: x.message, start: x.start, fingerprint: x.fingerprint, severity: x.severity, related: x.related, fixes: x.fixes.map((y) => y.title) })),
    notes: f.notes.map((n) => n.message),
    identities: f.identities,
  }));
}

beforeAll(async () => {
  await initEngine();
});

afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

describe('audit cache', () => {
  it('analyses every file once; a second audit of the unchanged workspace analyses none and reports the same', async () => {
    const root = workspace(files());
    const cacheFile = cacheIn(root);
    const first = await audit(root, cacheFile);
    expect(first.analysed).toEqual(first.result.files.map((f) => f.path).sort());
    expect(first.analysed.length).toBe(7);
    expect(first.result.filesFromCache).toBe(0);
    expect(first.result.files.some((f) => f.findings.some((x) => x.ruleId === 'secret/aws-access-key-id'))).toBe(true);

    const second = await audit(root, cacheFile);
    expect(second.analysed).toEqual([]);
    expect(second.result.filesFromCache).toBe(7);
    expect(second.cache.stats).toMatchObject({ hits: 7, misses: 0, stored: 0 });
    expect(second.result.filesScanned).toBe(first.result.filesScanned);
    expect(second.result.bytesScanned).toBe(first.result.bytesScanned);
    expect(reported(second.result)).toEqual(reported(first.result));
  });

  it('re-analyses a changed file and only that file', async () => {
    const root = workspace(files());
    const cacheFile = cacheIn(root);
    await audit(root, cacheFile);
    write(root, 'src/util.ts', `export const add = (a: number, b: number): number => a + b;\nconst uploaderKeyId = '${OTHER_ACCESS_KEY_ID}';\n`);
    const second = await audit(root, cacheFile);
    expect(second.analysed).toEqual(['src/util.ts']);
    const util = second.result.files.find((f) => f.path === 'src/util.ts')!;
    expect(util.findings.map((f) => f.ruleId)).toContain('secret/aws-access-key-id');
  });

  it('re-analyses every .tf file of a module when providers.tf changes, and their findings follow', async () => {
    const root = workspace(files());
    const cacheFile = cacheIn(root);
    const first = await audit(root, cacheFile);
    const ownerFindings = (r: AuditResult) => r.files.find((f) => f.path === 'infra/payments/roles.tf')!.findings.filter((f) => f.ruleId === 'ownership/missing-owner-tag');
    expect(ownerFindings(first.result)).toEqual([]);

    write(root, 'infra/payments/providers.tf', PROVIDERS_WITHOUT_OWNER);
    const second = await audit(root, cacheFile);
    // roles.tf did not change, but its module did; the other module (infra/ci) is untouched.
    expect(second.analysed).toEqual(['infra/payments/providers.tf', 'infra/payments/roles.tf']);
    expect(ownerFindings(second.result)).toHaveLength(1);
  });

  it('a new .tf file in the module invalidates its neighbours', async () => {
    const root = workspace(files());
    const cacheFile = cacheIn(root);
    await audit(root, cacheFile);
    write(root, 'infra/ci/locals.tf', 'locals {\n  team = "platform"\n}\n');
    const second = await audit(root, cacheFile);
    expect(second.analysed).toEqual(['infra/ci/locals.tf', 'infra/ci/users.tf']);
  });

  it('a configuration change invalidates every entry', async () => {
    const root = workspace(files());
    const cacheFile = cacheIn(root);
    await audit(root, cacheFile);
    const changed: Config = { ...defaultConfig(), ownerTagKeys: ['owner', 'team', 'cost-center'] };
    const second = await audit(root, cacheFile, changed);
    expect(second.analysed).toHaveLength(7);
    // Equal settings written in another key order are the same settings.
    const third = await audit(root, cacheFile, JSON.parse(stableJson(changed)) as Config);
    expect(third.analysed).toEqual([]);
  });

  it('a new engine, another root or a corrupt cache file means a fresh start, never an error', async () => {
    const root = workspace(files());
    const cacheFile = cacheIn(root);
    await audit(root, cacheFile);
    const newEngine = new AuditCache({ file: cacheFile, root, engine: 'other-engine', config: defaultConfig() });
    expect(newEngine.lookup({ absolutePath: path.join(root, 'src/util.ts'), path: 'src/util.ts' })).toBeUndefined();

    fs.writeFileSync(cacheFile, '{"nhiAuditCache": 1, "entries": {"src/util.ts": {"key": 3}}');
    const corrupt = new AuditCache({ file: cacheFile, root, engine: ENGINE, config: defaultConfig() });
    expect(corrupt.discarded).toMatch(/not valid JSON/);
    const run = await audit(root, cacheFile);
    expect(run.analysed).toHaveLength(7);
  });

  it('keeps cross-file related locations right: results are cached before linking and linked again', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-cache-')));
    temps.push(root);
    fs.cpSync(LINKED_WORKSPACE, root, { recursive: true });
    const cacheFile = cacheIn(root);
    const fresh = await auditWorkspace([root], { config: defaultConfig(), keepSuppressed: true });
    const crossFile = (r: AuditResult, file: string) => {
      const f = r.files.find((x) => x.path === file)!;
      return f.findings.flatMap((x) => x.related ?? []).filter((rel) => rel.uri !== f.uri).map((rel) => path.relative(root, fileURLToPath(rel.uri)));
    };
    expect(crossFile(fresh, 'infra/ci/policies.tf')).toContain('.github/workflows/deploy.yml');

    await audit(root, cacheFile);
    const cached = await audit(root, cacheFile);
    expect(cached.analysed).toEqual([]);
    expect(reported(cached.result)).toEqual(reported(fresh));
    expect(cached.result.linkedUris?.sort()).toEqual(fresh.linkedUris?.sort());
    // Stored entries carry no links to other files (those are recomputed every audit).
    const stored = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { result: FileResult }> };
    for (const entry of Object.values(stored.entries)) {
      for (const f of entry.result.findings) for (const r of f.related ?? []) expect(r.uri).toBe(entry.result.uri);
    }

    // The workflow is deleted: the admin policy loses its related location although policies.tf is cached.
    fs.rmSync(path.join(root, '.github/workflows/deploy.yml'));
    const after = await audit(root, cacheFile);
    expect(after.analysed).toEqual([]);
    expect(crossFile(after.result, 'infra/ci/policies.tf')).not.toContain('.github/workflows/deploy.yml');
    expect(crossFile(after.result, 'infra/ci/policies.tf')).toContain('infra/ci/deployer.tf');
  });

  it('a suppression that has expired since the result was stored is re-analysed', async () => {
    const root = workspace({
      'src/legacy.py': `# nhi-ignore secret/aws-access-key-id reason="rotated in ticket OPS-12" until=2026-12-31\naws_access_key_id = "${ACCESS_KEY_ID}"\n`,
    });
    const cacheFile = cacheIn(root);
    const before = await audit(root, cacheFile, defaultConfig(), '2026-11-26');
    expect(before.result.files[0].findings.find((f) => f.ruleId === 'secret/aws-access-key-id')?.suppressed).toBeDefined();
    expect((await audit(root, cacheFile, defaultConfig(), '2026-12-31')).analysed).toEqual([]);
    expect((await audit(root, cacheFile, defaultConfig(), '2027-01-01')).analysed).toEqual(['src/legacy.py']);
  });

  describe('content hashes remembered by file metadata', () => {
    /** A clock a minute ahead: the workspace's files, just written, count as long unchanged. */
    const later = () => Date.now() + 60_000;

    it('an unchanged workspace is not read again, reports the same, and its cache file is not rewritten', async () => {
      const root = workspace(files());
      const cacheFile = cacheIn(root);
      const first = await audit(root, cacheFile, defaultConfig(), undefined, later);
      expect(first.cache.stats).toMatchObject({ hashed: 7, hashesRemembered: 0, written: true });
      const second = await audit(root, cacheFile, defaultConfig(), undefined, later);
      expect(second.analysed).toEqual([]);
      expect(second.cache.stats).toMatchObject({ hits: 7, hashed: 0, hashesRemembered: 7 });
      expect(reported(second.result)).toEqual(reported(first.result));
      // Nothing changed: the file is left as it was (same inode: no temp file was renamed over it).
      const before = fs.statSync(cacheFile);
      const third = await audit(root, cacheFile, defaultConfig(), undefined, later);
      expect(third.cache.stats).toMatchObject({ hits: 7, hashed: 0, written: false });
      const after = fs.statSync(cacheFile);
      expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    });

    it('sees a same-size change whose mtime was put back (ctime moved), and re-analyses that file', async () => {
      const root = workspace(files());
      const cacheFile = cacheIn(root);
      const file = path.join(root, 'src/util.ts');
      // Whole seconds, so that utimes can put the very same mtime back.
      const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
      fs.utimesSync(file, anHourAgo, anHourAgo);
      await audit(root, cacheFile, defaultConfig(), undefined, later);
      const old = fs.statSync(file);
      const text = fs.readFileSync(file, 'utf8');
      const edited = text.replace('a + b', 'b + a');
      expect(edited).not.toBe(text);
      expect(edited.length).toBe(text.length);
      fs.writeFileSync(file, edited);
      fs.utimesSync(file, anHourAgo, anHourAgo);
      expect(fs.statSync(file).mtimeMs).toBe(old.mtimeMs);
      const second = await audit(root, cacheFile, defaultConfig(), undefined, later);
      expect(second.analysed).toEqual(['src/util.ts']);
      expect(second.cache.stats).toMatchObject({ hashed: 1, hashesRemembered: 6, written: true });
    });

    it('a file changed just before the audit is not remembered: the next audit reads it again', async () => {
      const root = workspace(files());
      const cacheFile = cacheIn(root);
      // The real clock: every file was written moments ago.
      await audit(root, cacheFile);
      const second = await audit(root, cacheFile);
      expect(second.analysed).toEqual([]);
      expect(second.cache.stats).toMatchObject({ hashed: 7, hashesRemembered: 0 });
      const stored = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { hashes?: Record<string, unknown> };
      expect(Object.keys(stored.hashes ?? {})).toEqual([]);
    });

    it('remembers hashes under paths relative to the root, and a bad remembered hash is ignored, not trusted', async () => {
      const root = workspace(files());
      const cacheFile = cacheIn(root);
      await audit(root, cacheFile, defaultConfig(), undefined, later);
      const stored = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { hashes: Record<string, unknown[]> };
      expect(Object.keys(stored.hashes).sort()).toEqual(first7());
      // A hand-edited (or foreign) memo must not stand in for the file's content.
      stored.hashes['src/util.ts'][4] = 'not-a-hash';
      fs.writeFileSync(cacheFile, JSON.stringify(stored));
      const second = await audit(root, cacheFile, defaultConfig(), undefined, later);
      expect(second.analysed).toEqual([]);
      expect(second.cache.stats).toMatchObject({ hashed: 1, hashesRemembered: 6, written: true });
    });
  });

  it('the cache file holds no secret: masked messages, fixes without edits', async () => {
    const root = workspace(files());
    const cacheFile = cacheIn(root);
    const run = await audit(root, cacheFile);
    const storage = run.result.files.find((f) => f.path === 'src/storage.ts')!;
    expect(storage.findings.length).toBeGreaterThan(0);
    const text = fs.readFileSync(cacheFile, 'utf8');
    expect(text).not.toContain(ACCESS_KEY_ID);
    expect(text).not.toContain(SECRET_ACCESS_KEY);
    expect(text).not.toContain(SECRET_ACCESS_KEY.slice(0, 20));
    expect(text).toContain('AKIA…');
    const stored = JSON.parse(text) as { entries: Record<string, { result: FileResult }> };
    for (const f of stored.entries['src/storage.ts'].result.findings) for (const fix of f.fixes) expect(fix.edits).toEqual([]);
  });
});

describe('nhi audit --cache', () => {
  async function run(args: string[], cwd: string) {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: {}, stdoutIsTTY: false, stderrIsTTY: false });
    return { code, stdout, stderr };
  }

  it('writes the default cache under node_modules/.cache, reuses it, reports the same, and never audits the cache file', async () => {
    const root = workspace(files());
    const first = await run(['audit', '.', '--cache', '--format', 'json', '--fail-on', 'off'], root);
    expect(first.code).toBe(0);
    const cacheFile = path.join(root, 'node_modules/.cache/nhi/audit-cache.json');
    expect(fs.existsSync(cacheFile)).toBe(true);
    const second = await run(['audit', '.', '--cache', '--format', 'json', '--fail-on', 'off'], root);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe('');

    const custom = await run(['audit', '.', '--cache', '--cache-location', 'cache/nhi.json', '--format', 'json', '--fail-on', 'off'], root);
    expect(fs.existsSync(path.join(root, 'cache/nhi.json'))).toBe(true);
    const again = await run(['audit', '.', '--cache', '--cache-location', 'cache/nhi.json', '--format', 'json', '--fail-on', 'off'], root);
    expect(again.stdout).toBe(custom.stdout);
    expect(JSON.parse(again.stdout).summary.filesScanned).toBe(JSON.parse(first.stdout).summary.filesScanned);
  });

  it('--cache-location without --cache is a usage error', async () => {
    const root = workspace({ 'a.txt': 'hello\n' });
    const r = await run(['audit', '.', '--cache-location', 'x.json'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cache-location needs --cache/);
  });

  it('an unwritable cache location is a warning, not a failure', async () => {
    const root = workspace({ 'a.txt': 'hello\n', 'blocker': 'a file where a folder should be\n' });
    const r = await run(['audit', '.', '--cache', '--cache-location', 'blocker/cache.json', '--fail-on', 'off'], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: cannot write the cache/);
  });
});

describe('audits without fixes (the language server)', () => {
  it('fixes: false gives the same findings with no fixes; the default builds them', async () => {
    const root = workspace({ 'src/aws.ts': `export const awsAccessKeyId = "${ACCESS_KEY_ID}";\nexport const awsSecretAccessKey = "${SECRET_ACCESS_KEY}";\n` });
    const withFixes = await auditWorkspace([root], { config: defaultConfig() });
    const without = await auditWorkspace([root], { config: defaultConfig(), fixes: false });
    const ids = (r: AuditResult) => r.files.flatMap((f) => f.findings.map((x) => `${x.ruleId}@${x.range.start}`));
    expect(ids(without)).toEqual(ids(withFixes));
    expect(withFixes.files.flatMap((f) => f.findings).some((f) => f.fixes.length > 0)).toBe(true);
    expect(without.files.flatMap((f) => f.findings).every((f) => f.fixes.length === 0)).toBe(true);
  });
});
