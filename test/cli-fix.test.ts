/**
 * `nhi fix`: dry-run diff (default), --apply, a second run that changes nothing,
 * no secret in any output, nothing written outside the audit root, filters and
 * usage errors; and the pure fix runner (overlaps, shared edits, the diff).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../server/src/cli/main';
import { planFixes, unifiedDiff, type CandidateFix } from '../server/src/engine/fix-runner';

/** Random fake credentials (never real keys). */
const KEY_ID = 'AKIADJP5JKVPFDAXDD7J';
const SECRET = 'ahULhvVuWw7KhLkq5W5uB9vzfF7sn8mCXPbTTsQa';

const WORKFLOW = `name: deploy
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: eu-west-1
      - run: aws s3 sync ./dist s3://storefront-assets
`;

const UPLOADS = `import { S3Client } from '@aws-sdk/client-s3';

const accessKeyId = '${KEY_ID}';
const secretAccessKey = '${SECRET}';

export const uploads = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId, secretAccessKey } });
`;

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** A temp folder holding `app/` (the audit root) with the files; the parent is where nothing may appear. */
function workspace(files: Record<string, string>): { outer: string; root: string } {
  const outer = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-fix-')));
  temps.push(outer);
  const root = path.join(outer, 'app');
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return { outer, root };
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: {}, stdoutIsTTY: false, stderrIsTTY: false });
  return { code, stdout, stderr };
}

function expectNoSecret(text: string): void {
  expect(text).not.toContain(KEY_ID);
  expect(text).not.toContain(SECRET);
  // Not even the part of the secret that the mask would hide.
  expect(text).not.toContain(SECRET.slice(4, 36));
}

describe('nhi fix', () => {
  it('prints a unified diff by default, masks the env file, writes nothing', async () => {
    const { outer, root } = workspace({ '.github/workflows/deploy.yml': WORKFLOW, 'src/uploads.ts': UPLOADS });
    const before = snapshot(outer);
    const r = await run(['fix', 'app'], outer);
    expect(r.code).toBe(0);
    expect(snapshot(outer)).toEqual(before);
    expect(fs.existsSync(path.join(root, '.env.local'))).toBe(false);
    expectNoSecret(r.stdout + r.stderr);
    expect(r.stdout).toContain('--- a/.github/workflows/deploy.yml\n+++ b/.github/workflows/deploy.yml\n');
    expect(r.stdout).toContain('-          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n');
    expect(r.stdout).toContain('+          role-to-assume: ${{ vars.AWS_ROLE_ARN }}\n');
    expect(r.stdout).toContain('+    permissions:\n+      contents: read\n+      id-token: write\n');
    // The new env file: a /dev/null diff whose values are masked.
    expect(r.stdout).toContain('--- /dev/null\n+++ b/.env.local\n@@ -0,0 +1,2 @@\n+AWS_ACCESS_KEY_ID=AKIA…DD7J\n+AWS_SECRET_ACCESS_KEY=ahUL…TsQa\n');
    expect(r.stdout).toContain('--- /dev/null\n+++ b/.gitignore\n@@ -0,0 +1,1 @@\n+.env.local\n');
    // The literal removed from code shows masked on the - line.
    expect(r.stdout).toContain("-const accessKeyId = 'AKIA…DD7J';\n-const secretAccessKey = 'ahUL…TsQa';\n+const accessKeyId = process.env.AWS_ACCESS_KEY_ID ?? '';\n");
    expect(r.stderr).toContain('Would apply 4 fixes in 4 files');
    expect(r.stderr).toContain('0 problems left.');
  });

  it('--apply writes the files, keeps the secret recoverable, and a second run changes nothing', async () => {
    const { outer, root } = workspace({ '.github/workflows/deploy.yml': WORKFLOW, 'src/uploads.ts': UPLOADS });
    const r = await run(['fix', root, '--apply'], outer);
    expect(r.code).toBe(0);
    expectNoSecret(r.stdout + r.stderr);
    expect(r.stdout).toContain('Applied 4 fixes in 4 files.');
    expect(r.stdout).toContain('credential/ci-static-cloud-keys: Sign in to AWS with OIDC');
    const env = fs.readFileSync(path.join(root, '.env.local'), 'utf8');
    expect(env).toBe(`AWS_ACCESS_KEY_ID=${KEY_ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`);
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe('.env.local\n');
    const workflow = fs.readFileSync(path.join(root, '.github/workflows/deploy.yml'), 'utf8');
    expect(workflow).toContain('role-to-assume: ${{ vars.AWS_ROLE_ARN }}');
    expect(workflow).not.toContain('aws-access-key-id');
    expect(fs.readFileSync(path.join(root, 'src/uploads.ts'), 'utf8')).not.toContain(SECRET);
    // Nothing appeared next to the root.
    expect(fs.readdirSync(outer)).toEqual(['app']);

    const applied = snapshot(root);
    const again = await run(['fix', root, '--apply'], outer);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Applied 0 fixes in 0 files.');
    expect(snapshot(root)).toEqual(applied);
    const audit = await run(['audit', root, '--fail-on', 'info'], outer);
    expect(audit.code).toBe(0);
  });

  it('--kind and --rule select which fixes run', async () => {
    const { outer, root } = workspace({ '.github/workflows/deploy.yml': WORKFLOW, 'src/uploads.ts': UPLOADS });
    const r = await run(['fix', root, '--kind', 'workload-identity', '--rule', 'credential/ci-static-cloud-keys'], outer);
    expect(r.stdout).toContain('+++ b/.github/workflows/deploy.yml');
    expect(r.stdout).not.toContain('.env.local');
    expect(r.stdout).not.toContain('src/uploads.ts');
    expect(r.stderr).toContain('Would apply 1 fix in 1 file');
    // The secrets stay: exit code 1 like audit at the default --fail-on error.
    expect(r.code).toBe(1);
    expectNoSecret(r.stdout + r.stderr);
  });

  it('bad options are usage errors', async () => {
    const { outer } = workspace({ 'a.txt': 'x' });
    expect((await run(['fix', 'app', '--kind', 'bogus'], outer)).code).toBe(2);
    expect((await run(['fix', 'app', '--apply', '--dry-run'], outer)).code).toBe(2);
    expect((await run(['fix', 'app', '--frobnicate'], outer)).code).toBe(2);
    expect((await run(['fix', 'missing-folder'], outer)).code).toBe(2);
  });
});

describe('fix runner', () => {
  const fix = (uri: string, start: number, end: number, newText: string, extra: Partial<CandidateFix> = {}): CandidateFix => ({
    uri,
    ruleId: 'r',
    fingerprint: `${uri}${start}`,
    title: 't',
    kind: 'vault-reference',
    edits: [{ uri, range: { start, end }, newText }],
    ...extra,
  });
  const ctx = { inside: (uri: string) => uri.startsWith('file:///root/'), exists: () => true };

  it('skips fixes that overlap an accepted one, or insert at the same place, and shares identical edits', () => {
    const gitignore = { uri: 'file:///root/.gitignore', range: { start: 0, end: 0 }, newText: '.env.local\n' };
    const a = fix('file:///root/a.ts', 10, 20, 'x');
    a.edits.push(gitignore);
    const b = fix('file:///root/a.ts', 15, 25, 'y');
    const c = fix('file:///root/b.ts', 0, 0, 'z');
    c.edits.push(gitignore);
    const d = fix('file:///root/a.ts', 20, 20, 'insert-after');
    const e = fix('file:///root/a.ts', 20, 20, 'another');
    const plan = planFixes([a, b, c, d, e], ctx);
    expect(plan.accepted).toEqual([a, c, d]);
    expect(plan.skipped.map((s) => [s.fix, s.reason])).toEqual([[b, 'overlap'], [e, 'overlap']]);
    expect(plan.edits.get('file:///root/.gitignore')).toHaveLength(1);
  });

  it('never edits outside the root: the whole fix is skipped', () => {
    const escaping = fix('file:///root/a.ts', 0, 1, 'x');
    escaping.edits.push({ uri: 'file:///elsewhere/.env.local', range: { start: 0, end: 0 }, newText: 'A=b\n', createIfMissing: true });
    const plan = planFixes([escaping], ctx);
    expect(plan.accepted).toEqual([]);
    expect(plan.skipped[0].reason).toBe('outside-root');
    expect(plan.edits.size).toBe(0);
  });

  it('writes a unified diff with hunks and line numbers, masking dotenv values', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}\n`).join('');
    const after = before.replace('line 2\n', 'line two\n').replace('line 18\n', '');
    expect(unifiedDiff({ path: 'f.txt', before, after, secrets: [], maskValues: false })).toBe(
      '--- a/f.txt\n+++ b/f.txt\n@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n line 3\n line 4\n line 5\n@@ -15,6 +15,5 @@\n line 15\n line 16\n line 17\n-line 18\n line 19\n line 20\n',
    );
    const env = unifiedDiff({ path: '.env.local', before: 'A=1\n', after: `A=1\nTOKEN="${SECRET}"\n`, secrets: [], maskValues: true });
    expect(env).toContain('+TOKEN=ahUL…TsQa\n');
    expectNoSecret(env);
  });
});
