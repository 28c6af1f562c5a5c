/**
 * The `nhi` CLI: end to end through bin/nhi.js and the bundle (exit codes,
 * --output, walking rules, bad input), and in-process through main() for the
 * report formats, thresholds, colours and masking.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../server/src/cli/main';
import { jsonReport } from '../server/src/cli/reporters/json';
import { sarifReport } from '../server/src/cli/reporters/sarif';
import { textReport } from '../server/src/cli/reporters/text';
import type { AuditResult } from '../server/src/engine/workspace';
import { version } from '../package.json';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'nhi.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'workspaces');
const temps: string[] = [];

/** Fake credentials in test/fixtures/workspaces/leaky (random values, never real keys). */
const LEAKY_SECRETS = [
  'AKIADJP5JKVPFDAXDD7J',
  'AKIAVZNWA45KC3NQ46Q2',
  'AKIAKXTYDSP2KTJVBEML',
  'ahULhvVuWw7KhLkq5W5uB9vzfF7sn8mCXPbTTsQa',
  'u6/bAldSV3JYES21cXqJTOMnEoNpO2/Wpw+X6ry0',
];

const FINDING_LINE = /^(\S+):(\d+):(\d+) (error|warning|info) ([a-z]+\/[a-z0-9-]+) (\S.*)$/;
const SUMMARY_LINE = /^(\d+) problems? \((\d+) errors?, (\d+) warnings?, (\d+) info\) in (\d+) files?; (\d+) files? scanned, skipped (\d+)(; \d+ suppressed)?$/;

function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-cli-')));
  temps.push(dir);
  return dir;
}

function workspace(files: Record<string, string | Buffer>): string {
  const root = tempDir();
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the built CLI the way a user does. */
function spawnCli(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Calls main() in-process with captured streams. */
async function cli(args: string[], io: { env?: Record<string, string | undefined>; tty?: boolean; cwd?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: io.cwd ?? ROOT,
    env: io.env ?? {},
    stdoutIsTTY: io.tty ?? false,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

beforeAll(() => {
  // `npm test` builds first; build here too when the bundle is missing (running this file alone).
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
}, 120_000);

afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

describe('nhi (built, spawned)', () => {
  it('prints its version and help', () => {
    const v = spawnCli(['--version']);
    expect(v).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const h = spawnCli(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('nhi audit [paths…] [options]');
    expect(h.stdout).toMatch(/--fail-on <error\|warning\|info\|off>[\s\S]*default: error/);
    expect(h.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
    expect(spawnCli(['audit', '--help']).stdout).toBe(h.stdout);
  });

  it('exits 1 when findings reach --fail-on, 0 below it or when clean', () => {
    const iam = spawnCli(['audit', path.join(FIXTURES, 'iam')]);
    expect(iam.stderr).toBe('');
    expect(iam.code).toBe(1);
    expect(iam.stdout).toMatch(/^test\/fixtures\/workspaces\/iam\/policies\/admin\.json:7:\d+ error privilege\/iam-wildcard-action /m);
    expect(spawnCli(['audit', path.join(FIXTURES, 'iam'), '--fail-on', 'off']).code).toBe(0);
    const clean = spawnCli(['audit', path.join(FIXTURES, 'clean'), '--fail-on', 'info']);
    expect(clean).toEqual({ code: 0, stdout: '0 problems (0 errors, 0 warnings, 0 info) in 0 files; 3 files scanned, skipped 0\n', stderr: '' });
  });

  it('exits 2 on usage errors, a missing path, a broken .nhi.yaml and an unwritable report', () => {
    const unknown = spawnCli(['audit', '--frobnicate', '.']);
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'nhi: Unknown option --frobnicate. Run "nhi --help" for usage.\n' });
    expect(spawnCli(['audit', '--format', 'xml', '.']).stderr).toBe('nhi: Invalid value "xml" for --format; expected one of text, json, sarif, html, csv. Run "nhi --help" for usage.\n');
    expect(spawnCli(['audit', '--output']).code).toBe(2);
    expect(spawnCli(['audit', '--jobs', '0', '.']).stderr).toMatch(/^nhi: Invalid value "0" for --jobs/);
    expect(spawnCli(['scan', '.']).code).toBe(2);

    const missing = spawnCli(['audit', 'no/such/folder']);
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'nhi: Path not found: no/such/folder\n' });

    // A broken .nhi.yaml: the problems are errors with file and line, the bad keys fall back to
    // their defaults, the audit still runs (its report is printed) and the exit code is 2.
    const broken = spawnCli(['audit', path.join(FIXTURES, 'broken-config'), '--format', 'json']);
    expect(broken.code).toBe(2);
    expect(JSON.parse(broken.stdout).summary.filesScanned).toBe(2);
    expect(broken.stderr).toContain(`nhi: Invalid configuration ${path.join(FIXTURES, 'broken-config', '.nhi.yaml')}:`);
    expect(broken.stderr).toMatch(/- line 4, column 1: /);
    expect(broken.stderr).toContain('fell back to their defaults');

    const blocker = path.join(tempDir(), 'a-file');
    fs.writeFileSync(blocker, 'x');
    const unwritable = spawnCli(['audit', path.join(FIXTURES, 'clean'), '--output', path.join(blocker, 'report.json')]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/^nhi: cannot write the report to .*report\.json \((EEXIST|ENOTDIR): [^\n]*\)\n$/);
  });

  it('--output writes the report (creating folders) and prints one summary line', () => {
    const out = path.join(tempDir(), 'reports', 'nested', 'nhi.sarif');
    const r = spawnCli(['audit', path.join(FIXTURES, 'iam'), '--format', 'sarif', '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([expect.stringMatching(new RegExp(`^\\d+ problems .*; sarif report written to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)), '']);
    const sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });

  it('walks like git: .gitignore honoured, node_modules, binaries and big files skipped, bad YAML/JSON noted', () => {
    const root = workspace({
      '.gitignore': 'generated/\n',
      'generated/users.tf': 'resource "aws_iam_user" "gen" {\n  name = "gen"\n}\n',
      'node_modules/aws-sdk/iam.tf': 'resource "aws_iam_user" "dep" {\n  name = "dep"\n}\n',
      'infra/users.tf': 'resource "aws_iam_user" "bot" {\n  name = "bot"\n}\n',
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'dump/huge.tf': 'resource "aws_iam_user" "big" {\n  name = "big"\n}\n' + '#'.repeat(3 * 1024),
      // Broken files holding something a rule or extractor needs the structure of are noted …
      'config/bad.yaml': 'db_password: b\n  c: [d\n',
      'config/bad.json': '{ "apiToken": 1,, ',
      // … one holding nothing of interest is not parsed at all (every check it needs is a text check).
      'config/dull.yaml': 'a: b\n  c: [d\n',
      '.nhi.yaml': 'maxFileSizeKb: 2\n',
    });
    const r = spawnCli(['audit', root, '--format', 'json', '--fail-on', 'off']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.root).toBe(root);
    expect(report.skipped).toEqual([
      { path: 'assets/logo.png', reason: 'binary' },
      { path: 'dump/huge.tf', reason: 'too-large' },
    ]);
    expect(report.summary.filesScanned).toBe(6);
    const paths = report.files.map((f: { path: string }) => f.path);
    expect(paths).not.toContain('generated/users.tf');
    expect(paths.some((p: string) => p.startsWith('node_modules/'))).toBe(false);
    const noted = (p: string) => report.files.find((f: { path: string }) => f.path === p)?.notes ?? [];
    expect(noted('config/bad.yaml')).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'parse-error', line: expect.any(Number) })]));
    expect(noted('config/bad.json')).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'parse-error' })]));
    expect(noted('config/dull.yaml')).toEqual([]);
    expect(report.summary.notes).toBeGreaterThanOrEqual(2);
    // Notes are not problems; the one real finding is the untagged user.
    const users = report.files.find((f: { path: string }) => f.path === 'infra/users.tf');
    expect(users.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('ownership/missing-owner-tag');
  });
});

describe('nhi audit (in-process)', () => {
  it('text: grouped by file, one `path:line:col severity ruleId message` line per finding, then the summary', async () => {
    const r = await cli(['audit', path.join(FIXTURES, 'iam')]);
    expect(r.code).toBe(1);
    const [body, summary, ...rest] = r.stdout.split(/\n\n(?=[^\n]*\n?$)/);
    expect(rest).toEqual([]);
    const groups = body.split('\n\n');
    const seen = new Set<string>();
    let total = 0;
    for (const group of groups) {
      const files = new Set<string>();
      for (const line of group.split('\n')) {
        const m = FINDING_LINE.exec(line);
        expect(m, line).not.toBeNull();
        files.add(m![1]);
        expect(Number(m![2])).toBeGreaterThanOrEqual(1);
        expect(Number(m![3])).toBeGreaterThanOrEqual(1);
        total++;
      }
      expect(files.size).toBe(1);
      const [file] = files;
      expect(seen.has(file)).toBe(false);
      seen.add(file);
    }
    expect([...seen]).toEqual([...seen].sort());
    const s = SUMMARY_LINE.exec(summary.trimEnd());
    expect(s, summary).not.toBeNull();
    expect(Number(s![1])).toBe(total);
    expect(Number(s![2]) + Number(s![3]) + Number(s![4])).toBe(total);
    expect(Number(s![5])).toBe(seen.size);
    expect(Number(s![6])).toBe(3);
    expect(r.stdout).toMatch(/^test\/fixtures\/workspaces\/iam\/infra\/iam\.tf:\d+:1 warning credential\/aws-iam-access-key /m);
    expect(r.stdout).toMatch(/^test\/fixtures\/workspaces\/iam\/infra\/iam\.tf:\d+:1 warning ownership\/missing-owner-tag .*aws_iam_user\.ci/m);
    expect(r.stdout).not.toMatch(/aws_iam_role\.reporting/);
  });

  it('text: notes are listed per file and not counted as problems', async () => {
    // Both broken files hold a credential name, so the secret rules need their structure.
    const r = await cli(['audit', path.join(FIXTURES, 'malformed'), '--fail-on', 'info']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^test\/fixtures\/workspaces\/malformed\/config\/app\.yaml:\d+:\d+ note parse-error YAML: /m);
    expect(r.stdout).toMatch(/^test\/fixtures\/workspaces\/malformed\/config\/settings\.json:\d+:\d+ note parse-error JSON: /m);
    expect(r.stdout).toMatch(/\n\n0 problems \(0 errors, 0 warnings, 0 info\) in 0 files; 3 files scanned, skipped 0\n$/);
  });

  it('--fail-on decides which severities fail (suppressed findings never do)', async () => {
    const root = workspace({
      'users.tf': 'resource "aws_iam_user" "bot" {\n  name = "bot"\n}\n',
      'roles.tf': '# nhi-ignore ownership/missing-owner-tag reason="shared role, owned by platform"\nresource "aws_iam_role" "r" {\n  name = "r"\n}\n',
    });
    const codes: Record<string, number> = {};
    for (const level of ['error', 'warning', 'info', 'off']) codes[level] = (await cli(['audit', root, '--fail-on', level])).code;
    expect(codes).toEqual({ error: 0, warning: 1, info: 1, off: 0 });
    const def = await cli(['audit', root]);
    expect(def.code).toBe(0);
    expect(def.stdout).toMatch(/^1 problem \(0 errors, 1 warning, 0 info\) in 1 file; 2 files scanned, skipped 0; 1 suppressed$/m);
    expect(def.stdout).not.toContain('roles.tf');
    const withSuppressed = await cli(['audit', root, '--include-suppressed']);
    expect(withSuppressed.stdout).toMatch(/roles\.tf:2:1 warning ownership\/missing-owner-tag .*\(suppressed: shared role, owned by platform\)/);

    const onlySuppressed = workspace({ 'roles.tf': '# nhi-ignore ownership/missing-owner-tag reason="x"\nresource "aws_iam_role" "r" {\n  name = "r"\n}\n' });
    expect((await cli(['audit', onlySuppressed, '--fail-on', 'info'])).code).toBe(0);
  });

  it('--config replaces the root .nhi.yaml', async () => {
    const cfg = path.join(tempDir(), 'strict.yaml');
    fs.writeFileSync(cfg, 'rules:\n  ownership/missing-owner-tag: "off"\n  privilege/iam-wildcard-action: warning\n');
    const r = await cli(['audit', path.join(FIXTURES, 'iam'), '--config', cfg, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    const findings = report.files.flatMap((f: { findings: { ruleId: string; severity: string }[] }) => f.findings);
    expect(findings.some((f: { ruleId: string }) => f.ruleId === 'ownership/missing-owner-tag')).toBe(false);
    expect(findings.filter((f: { ruleId: string }) => f.ruleId === 'privilege/iam-wildcard-action').map((f: { severity: string }) => f.severity)).toEqual(['warning', 'warning']);
    expect(r.code).toBe(0);
    const missing = await cli(['audit', path.join(FIXTURES, 'iam'), '--config', path.join(tempDir(), 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml:\n {2}- file not found/);
  });

  it('colours only on a terminal, never with --no-color or NO_COLOR; --color forces them', async () => {
    const target = path.join(FIXTURES, 'iam');
    const ESC = '\u001b[';
    expect((await cli(['audit', target], { tty: true })).stdout).toContain(ESC);
    expect((await cli(['audit', target], { tty: false })).stdout).not.toContain(ESC);
    expect((await cli(['audit', target, '--no-color'], { tty: true })).stdout).not.toContain(ESC);
    expect((await cli(['audit', target], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await cli(['audit', target, '--color'])).stdout).toContain(ESC);
    expect((await cli(['audit', target, '--format', 'json'], { tty: true })).stdout).not.toContain(ESC);
  });

  it('json: the documented shape, positions 1-based, no fix edits', async () => {
    const r = await cli(['audit', path.join(FIXTURES, 'iam'), '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['version', 'root', 'summary', 'files', 'identities', 'skipped']);
    expect(report.version).toBe(version);
    expect(report.root).toBe(path.join(FIXTURES, 'iam'));
    expect(report.summary).toMatchObject({ filesScanned: 3, skipped: 0, suppressed: 0, cancelled: false });
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['infra/iam.tf', 'policies/admin.json']);
    let count = 0;
    for (const file of report.files) {
      expect(Object.keys(file)).toEqual(['path', 'findings', 'notes']);
      for (const f of file.findings) {
        count++;
        expect(f).toMatchObject({
          ruleId: expect.stringMatching(/^[a-z]+\/[a-z0-9-]+$/),
          severity: expect.stringMatching(/^(error|warning|info)$/),
          message: expect.stringMatching(/\S/),
          fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
          fixes: expect.any(Array),
        });
        for (const k of ['line', 'column', 'endLine', 'endColumn']) expect(f[k]).toBeGreaterThanOrEqual(1);
        for (const fix of f.fixes) expect(Object.keys(fix).sort()).toEqual(['kind', 'title']);
      }
    }
    expect(report.summary.problems).toBe(count);
    expect(report.summary.errors + report.summary.warnings + report.summary.info).toBe(count);
    // The JSON report is the one that lists fixes: they are built (and validated) for it.
    expect(report.files.flatMap((f: { findings: { fixes: unknown[] }[] }) => f.findings).filter((f: { fixes: unknown[] }) => f.fixes.length > 0).length).toBeGreaterThan(0);
    const admin = report.files[1].findings[0];
    expect(admin).toMatchObject({ ruleId: 'privilege/iam-wildcard-action', severity: 'error', line: 7 });
    expect(report.identities).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'aws-iam-user', name: 'aws_iam_user.ci', path: 'infra/iam.tf', line: 26, column: 1 })]),
    );
    expect(r.stdout).not.toContain('"edits"');
    expect(r.stdout).not.toContain('"newText"');
  });

  it('never prints a full secret, in any format, to stdout, stderr or the report file', async () => {
    const target = path.join(FIXTURES, 'leaky');
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'sarif']) {
      for (const extra of [[], ['--include-suppressed'], ['--color']]) {
        const r = await cli(['audit', target, '--format', format, '--fail-on', 'off', ...extra]);
        expect(r.code).toBe(0);
        outputs.push(r.stdout, r.stderr);
      }
      const file = path.join(tempDir(), `report.${format}`);
      const w = await cli(['audit', target, '--format', format, '--output', file]);
      outputs.push(w.stdout, w.stderr, fs.readFileSync(file, 'utf8'));
      const spawned = spawnCli(['audit', target, '--format', format]);
      outputs.push(spawned.stdout, spawned.stderr);
    }
    const all = outputs.join('\n');
    for (const secret of LEAKY_SECRETS) {
      expect(all.includes(secret), `full secret ${secret.slice(0, 4)}… appears in the output`).toBe(false);
      // Not even the unmasked middle of it.
      expect(all.includes(secret.slice(4, 16))).toBe(false);
    }
  });

  it('reports the leaked AWS keys of the leaky workspace, masked (needs secret/aws-access-key-id)', async () => {
    const r = await cli(['audit', path.join(FIXTURES, 'leaky'), '--format', 'json']);
    const report = JSON.parse(r.stdout);
    const findings = report.files.flatMap((f: { path: string; findings: { ruleId: string; line: number; message: string }[] }) =>
      f.findings.filter((x) => x.ruleId === 'secret/aws-access-key-id').map((x) => ({ path: f.path, line: x.line, message: x.message })),
    );
    const flagged = new Set(findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`));
    // The access key ids (and the docs sample on src/storage.ts:8 must not be flagged).
    for (const where of ['.env:4', 'deploy/credentials:2', 'src/storage.ts:4']) expect(flagged, where).toContain(where);
    expect(flagged).not.toContain('src/storage.ts:8');
    expect(findings.some((f: { message: string }) => f.message.includes('…'))).toBe(true);
    expect(r.code).toBe(1);
  });

  it('masks long tokens in notes built from file content (last line of defence)', () => {
    const secret = 'AKIAVZNWA45KC3NQ46Q2';
    const result: AuditResult = {
      root: '/ws',
      files: [
        {
          absolutePath: '/ws/a.yaml',
          path: 'a.yaml',
          uri: 'file:///ws/a.yaml',
          findings: [],
          notes: [{ kind: 'internal-error', message: `Rule x failed: unexpected token ${secret} in value`, start: { line: 0, character: 0 } }],
          identities: [],
        },
      ],
      filesScanned: 1,
      bytesScanned: 10,
      skipped: [],
      durationMs: 1,
      cancelled: false,
    };
    const options = { version: '0.0.0', includeSuppressed: false };
    for (const out of [textReport(result, { ...options, color: false, cwd: '/ws' }), jsonReport(result, options), sarifReport(result, options)]) {
      expect(out).not.toContain(secret);
      expect(out).toContain('Rule x failed: unexpected token AKIA…46Q2 in value');
    }
  });
});
