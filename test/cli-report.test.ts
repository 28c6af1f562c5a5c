/**
 * The CLI's report side: the self-contained HTML report (escaping, CSP, offline,
 * masked values only), --changed-since / --staged on real git repositories,
 * the progress bar rules, and the example CI workflow (clean under our own rules).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../server/src/cli/main';
import { changedFiles, GitError } from '../server/src/cli/git';
import { createProgress, isCi, progressLine } from '../server/src/cli/progress';
import { contentSecurityPolicy, escapeHtml, renderHtmlReport } from '../server/src/cli/reporters/html';
import { mask } from '../server/src/engine/mask';
import { auditWorkspace, type AuditResult, type FileResult, type LocatedFinding } from '../server/src/engine/workspace';
import { version } from '../package.json';

const ROOT = path.resolve(__dirname, '..');
const LEAKY = path.join(ROOT, 'test', 'fixtures', 'workspaces', 'leaky');
/** Fake credentials in test/fixtures/workspaces/leaky (random values, never real keys); see cli.test.ts. */
const LEAKY_SECRETS = ['AKIADJP5JKVPFDAXDD7J', 'AKIAVZNWA45KC3NQ46Q2', 'AKIAKXTYDSP2KTJVBEML', 'ahULhvVuWw7KhLkq5W5uB9vzfF7sn8mCXPbTTsQa', 'u6/bAldSV3JYES21cXqJTOMnEoNpO2/Wpw+X6ry0'];
const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY3OA==';
const temps: string[] = [];

afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function tempDir(prefix = 'nhi-report-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  temps.push(dir);
  return dir;
}

async function cli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env, stdoutIsTTY: false, stderrIsTTY: false });
  return { code, stdout, stderr };
}

/** Element nesting outside <script>/<style>: every opened element is closed in order (void elements excepted). */
function unbalancedTags(html: string): string[] {
  const VOID = new Set(['meta', 'input', 'br', 'hr', 'img', 'link', 'col', 'wbr']);
  const body = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, '<$1></$1>').replace(/^<!DOCTYPE html>/, '');
  const stack: string[] = [];
  const problems: string[] = [];
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*>/g)) {
    const [, closing, rawName] = m;
    const name = rawName.toLowerCase();
    if (VOID.has(name)) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) problems.push(`</${name}> at ${m.index}`);
  }
  return [...problems, ...stack.map((s) => `<${s}> never closed`)];
}

/** Every start tag with its quoted attribute values emptied (escaped input lives only there and in text). */
function startTags(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^<>]*>/g)].map((m) => m[0].replace(/"[^"]*"/g, '""'));
}

// ---------------------------------------------------------------------------
// HTML report
// ---------------------------------------------------------------------------

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

function hostileResult(): AuditResult {
  const f = (ruleId: string, line: number, extra: Partial<LocatedFinding> = {}): LocatedFinding => ({
    ruleId,
    message: `Key AKIA…WXYZ in ${HOSTILE} "quoted" & more`,
    range: { start: line * 10, end: line * 10 + 4 },
    severity: 'error',
    fingerprint: `fp${line}`,
    fixes: [],
    start: { line, character: 2 },
    end: { line, character: 6 },
    ...extra,
  });
  const file: FileResult = {
    absolutePath: `/ws/${HOSTILE}.tf`,
    path: `infra/${HOSTILE}.tf`,
    uri: 'file:///ws/x.tf',
    findings: [
      f('secret/aws-access-key-id', 1, { identity: { kind: 'api-key', name: `aws:${HOSTILE}` } }),
      f('privilege/iam-wildcard-action', 2, { severity: 'warning' }),
      f('secret/generic-password', 3, { suppressed: { reason: `legacy fixture ${HOSTILE}`, until: '2026-12-01' } }),
      f('secret/generic-password', 4, { suppressed: { reason: '' } }),
    ],
    notes: [{ kind: 'parse-error', message: `Unexpected ${HOSTILE}`, start: { line: 0, character: 0 } }],
    identities: [
      { kind: 'identity', identityKind: 'aws-iam-role', name: `aws_iam_role.${HOSTILE}`, cloud: 'aws', range: { start: 0, end: 100 }, start: { line: 0, character: 0 }, owner: `"><script>x</script>` },
      { kind: 'identity', identityKind: 'aws-iam-user', name: 'aws_iam_user.ci', cloud: 'aws', range: { start: 200, end: 300 }, start: { line: 20, character: 0 }, credential: 'aws-access-key' },
    ],
  };
  return { root: `/ws/${HOSTILE}`, files: [file], filesScanned: 1, bytesScanned: 10, skipped: [{ path: `${HOSTILE}.bin`, reason: 'binary' }], durationMs: 5, cancelled: false };
}

describe('HTML report', () => {
  const generated = new Date('2026-11-26T12:00:00Z');

  it('escapes every file name, message, identity, owner, reason and note: no markup from input survives', () => {
    const html = renderHtmlReport(hostileResult(), { version, includeSuppressed: false, nonce: NONCE, generated });
    // Exactly our one script element, and it carries the nonce.
    expect(html.match(/<script/gi)).toEqual(['<script']);
    expect(html).toContain(`<script nonce="${NONCE}">`);
    expect(html).not.toMatch(/<img/i);
    // Inside real tags (escaped text cannot open one): no event handler attribute.
    for (const tag of startTags(html)) expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    // Attribute values cannot be broken out of: every quote inside one is escaped.
    for (const m of html.matchAll(/<[a-zA-Z][^<>]*>/g)) expect(m[0], m[0]).toMatch(/^<[a-zA-Z][a-zA-Z0-9-]*(\s+[a-z-]+(="[^"<>]*")?)*\s*>$/i);
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain('&quot;quoted&quot; &amp; more');
    expect(unbalancedTags(html)).toEqual([]);
  });

  it('has a strict CSP with a per-report nonce and loads nothing (no CDN, no external URL but documentation links)', () => {
    const html = renderHtmlReport(hostileResult(), { version, includeSuppressed: true, generated });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    expect(csp).not.toBeNull();
    const policy = csp![1].replace(/&#39;/g, "'");
    const nonce = /'nonce-([^']+)'/.exec(policy)![1];
    expect(policy).toBe(`default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(html).toContain(`<script nonce="${nonce}">`);
    // A fresh nonce per report.
    const other = /&#39;nonce-([^&]+)&#39;/.exec(renderHtmlReport(hostileResult(), { version, includeSuppressed: false, generated }))![1];
    expect(other).not.toBe(nonce);
    // Nothing is fetched: no src attributes, stylesheets, imports, url(), fetch or XHR.
    for (const tag of startTags(html)) expect(tag).not.toMatch(/\s(src|srcset|data|poster|background|style)\s*=/i);
    expect(html).not.toMatch(/<link\b|<iframe|<object|<embed|@import|url\(|fetch\(|XMLHttpRequest|WebSocket|EventSource|innerHTML|eval\(/i);
    // Every absolute URL is a documentation link the reader may click.
    for (const m of html.matchAll(/https?:\/\/[^\s"'<>]+/g)) {
      expect(html.slice(Math.max(0, m.index - 9), m.index), m[0]).toBe('<a href="');
    }
  });

  it('a webview can add its CSP source; a bad nonce or source is refused', () => {
    expect(contentSecurityPolicy('abcdefghijklmnop', 'vscode-webview://x')).toBe(
      "default-src 'none'; style-src vscode-webview://x 'nonce-abcdefghijklmnop'; script-src 'nonce-abcdefghijklmnop'; img-src vscode-webview://x data:; base-uri 'none'; form-action 'none'",
    );
    const html = renderHtmlReport(hostileResult(), { version, includeSuppressed: false, nonce: NONCE, cspSource: 'https://*.vscode-cdn.net', generated });
    expect(html).toContain('style-src https://*.vscode-cdn.net &#39;nonce-');
    expect(() => renderHtmlReport(hostileResult(), { version, includeSuppressed: false, nonce: "x' 'unsafe-inline" })).toThrow(/nonce/);
    expect(() => renderHtmlReport(hostileResult(), { version, includeSuppressed: false, nonce: NONCE, cspSource: "'unsafe-inline'; script-src *" })).toThrow(/CSP source/);
  });

  it('summary cards, charts, findings / identities / suppressions tables with filters and sort buttons', () => {
    const html = renderHtmlReport(hostileResult(), { version, includeSuppressed: false, nonce: NONCE, generated, baselined: 4 });
    const card = (label: string) => new RegExp(`<div class="value">(\\d+)</div><div class="label">${label}</div>`).exec(html)?.[1];
    expect(card('Findings')).toBe('2');
    expect(card('Errors')).toBe('1');
    expect(card('Warnings')).toBe('1');
    expect(card('Identities')).toBe('3'); // two declared, one named by a finding
    expect(card('Without owner')).toBe('1');
    expect(card('Long-lived credentials')).toBe('1');
    expect(card('Suppressed inline')).toBe('2');
    expect(card('Baselined')).toBe('4');
    for (const title of ['Findings by category', 'Findings by severity', 'Findings by provider / rule', 'Identities without owner', 'Credential mechanisms', 'Top files']) {
      expect(html).toMatch(new RegExp(`<figcaption>${title}[^<]*</figcaption><svg role="img"`));
    }
    for (const id of ['findings', 'identities', 'suppressions', 'notes']) expect(html).toContain(`<table id="${id}" class="sortable">`);
    expect(html).toContain('<select data-filter="findings" data-key="severity">');
    expect(html).toMatch(/<button type="button" data-sort="0" data-numeric="1">Severity<\/button>/);
    // Suppressed findings are in the suppressions table (reason, expiry), not in the findings table.
    const findingsTable = /<table id="findings"[\s\S]*?<\/table>/.exec(html)![0];
    expect(findingsTable.match(/<tr data-severity/g)).toHaveLength(2);
    const suppressions = /<table id="suppressions"[\s\S]*?<\/table>/.exec(html)![0];
    expect(suppressions).toContain(`legacy fixture ${escapeHtml(HOSTILE)}`);
    expect(suppressions).toContain('2026-12-01');
    expect(suppressions).toContain('expires in 5 days');
    expect(suppressions).toContain('no reason given');
    expect(suppressions).toContain('no expiry');
  });

  it('an empty audit renders without charts data and still balances', () => {
    const empty: AuditResult = { root: '/ws', files: [], filesScanned: 0, bytesScanned: 0, skipped: [], durationMs: 0, cancelled: true };
    const html = renderHtmlReport(empty, { version, includeSuppressed: false, nonce: NONCE });
    expect(html).toContain('No findings.');
    expect(html).toContain('cancelled: results are partial');
    expect(unbalancedTags(html)).toEqual([]);
  });

  it('on the leaky fixture: every finding message is there (masked), no raw secret is', async () => {
    const result = await auditWorkspace([LEAKY], { keepSuppressed: true });
    const html = renderHtmlReport(result, { version, includeSuppressed: true, nonce: NONCE });
    const messages = result.files.flatMap((f) => f.findings.map((x) => x.message));
    expect(messages.length).toBeGreaterThan(3);
    for (const message of messages) expect(html).toContain(escapeHtml(message));
    for (const secret of LEAKY_SECRETS) {
      expect(html).not.toContain(secret);
      expect(html).not.toContain(secret.slice(4, 16));
    }
    expect(html).toContain(escapeHtml(mask(LEAKY_SECRETS[0])));
    expect(unbalancedTags(html)).toEqual([]);
  }, 60_000);

  it('nhi audit --format html --output writes the page and prints the summary line', async () => {
    const out = path.join(tempDir(), 'reports', 'nhi.html');
    const run = await cli(['audit', LEAKY, '--format', 'html', '--output', out], ROOT);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\d+ problems \(.*; html report written to .*nhi\.html\n$/);
    const html = fs.readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const secret of LEAKY_SECRETS) expect(html).not.toContain(secret);
  }, 60_000);
});

// ---------------------------------------------------------------------------
// --changed-since / --staged
// ---------------------------------------------------------------------------

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: os.tmpdir() };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
}

const USER_TF = (name: string) => `resource "aws_iam_user" "${name}" {\n  name = "${name}"\n}\n`;

function repository(): string {
  const repo = tempDir('nhi-git-');
  git(repo, 'init', '-q', '-b', 'main');
  fs.mkdirSync(path.join(repo, 'infra'));
  fs.writeFileSync(path.join(repo, 'infra', 'old.tf'), USER_TF('old'));
  fs.writeFileSync(path.join(repo, 'infra', 'touched.tf'), '# nothing yet\n');
  fs.writeFileSync(path.join(repo, 'infra', 'removed.tf'), USER_TF('removed'));
  fs.writeFileSync(path.join(repo, '.gitignore'), 'ignored/\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');
  fs.writeFileSync(path.join(repo, 'infra', 'touched.tf'), USER_TF('touched'));
  fs.rmSync(path.join(repo, 'infra', 'removed.tf'));
  git(repo, 'commit', '-q', '-am', 'branch work');
  // Staged, unstaged and untracked changes on top.
  fs.writeFileSync(path.join(repo, 'infra', 'staged.tf'), USER_TF('staged'));
  git(repo, 'add', 'infra/staged.tf');
  fs.writeFileSync(path.join(repo, 'infra', 'old.tf'), USER_TF('old') + '\n# edited, not staged\n');
  fs.writeFileSync(path.join(repo, 'untracked.tf'), USER_TF('untracked'));
  fs.mkdirSync(path.join(repo, 'ignored'));
  fs.writeFileSync(path.join(repo, 'ignored', 'secret.tf'), USER_TF('ignored'));
  return repo;
}

const rel = (repo: string, files: string[]) => files.map((f) => path.relative(repo, f).split(path.sep).join('/'));

describe('--changed-since and --staged', () => {
  it('list what git says changed: branch commits, staged, unstaged and untracked (not ignored, not deleted)', async () => {
    const repo = repository();
    expect(rel(repo, await changedFiles(repo, { kind: 'since', ref: 'main' }))).toEqual(['infra/old.tf', 'infra/staged.tf', 'infra/touched.tf', 'untracked.tf']);
    expect(rel(repo, await changedFiles(repo, { kind: 'staged' }))).toEqual(['infra/staged.tf']);
    // From a subfolder, paths still resolve against the repository top.
    expect(rel(repo, await changedFiles(path.join(repo, 'infra'), { kind: 'staged' }))).toEqual(['infra/staged.tf']);
  });

  it('nhi audit audits only those files, limited to the paths given', async () => {
    const repo = repository();
    const since = await cli(['audit', '.', '--changed-since', 'main', '--format', 'json', '--fail-on', 'off'], repo);
    expect(since.stderr).toBe('');
    const scanned = JSON.parse(since.stdout);
    expect(scanned.summary.filesScanned).toBe(4);
    expect(scanned.identities.map((i: { name: string }) => i.name).sort()).toEqual(['aws_iam_user.old', 'aws_iam_user.staged', 'aws_iam_user.touched', 'aws_iam_user.untracked']);
    const staged = JSON.parse((await cli(['audit', '.', '--staged', '--format', 'json'], repo)).stdout);
    expect(staged.identities.map((i: { name: string }) => i.name)).toEqual(['aws_iam_user.staged']);
    // Only under the folder named: untracked.tf at the top is outside infra/.
    const infra = JSON.parse((await cli(['audit', 'infra', '--changed-since', 'main', '--format', 'json'], repo)).stdout);
    expect(infra.identities.map((i: { path: string }) => i.path).sort()).toEqual(['old.tf', 'staged.tf', 'touched.tf']);
    // Nothing changed: a clean, empty audit.
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'all');
    expect(await cli(['audit', '.', '--staged'], repo)).toEqual({ code: 0, stdout: '0 problems (0 errors, 0 warnings, 0 info) in 0 files; 0 files scanned, skipped 0\n', stderr: '' });
  }, 60_000);

  it('repository configuration cannot run a program (fsmonitor hook, external diff, pager)', async () => {
    const repo = repository();
    const marker = path.join(repo, '..', `${path.basename(repo)}-pwned`);
    temps.push(marker);
    const hook = path.join(repo, 'hook.sh');
    fs.writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    git(repo, 'config', 'core.fsmonitor', hook);
    git(repo, 'config', 'diff.external', hook);
    git(repo, 'config', 'core.pager', hook);
    // The hook works when git is run the ordinary way (so the test could fail).
    git(repo, 'status', '--porcelain');
    expect(fs.existsSync(marker)).toBe(true);
    fs.rmSync(marker);
    expect(rel(repo, await changedFiles(repo, { kind: 'since', ref: 'main' }))).toContain('infra/touched.tf');
    expect(rel(repo, await changedFiles(repo, { kind: 'staged' }))).toEqual(['infra/staged.tf']);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('outside a repository, with an unknown or option-like revision: exit 2 with a clear message', async () => {
    const plain = tempDir('nhi-nogit-');
    fs.writeFileSync(path.join(plain, 'main.tf'), USER_TF('x'));
    const outside = await cli(['audit', '.', '--staged'], plain);
    expect(outside.code).toBe(2);
    expect(outside.stdout).toBe('');
    expect(outside.stderr).toBe(`nhi: ${plain} is not inside a git repository; --changed-since and --staged need one (audit without them instead).\n`);
    await expect(changedFiles(plain, { kind: 'staged' })).rejects.toBeInstanceOf(GitError);

    const repo = repository();
    const unknown = await cli(['audit', '.', '--changed-since', 'no-such-branch'], repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^nhi: Unknown git revision "no-such-branch" \(fetch it first/);
    const optionLike = await cli(['audit', '.', '--changed-since=--output=/tmp/x'], repo);
    expect(optionLike.code).toBe(2);
    expect(optionLike.stderr).toMatch(/--changed-since needs a git revision/);
    expect((await cli(['audit', '.', '--staged', '--changed-since', 'main'], repo)).stderr).toMatch(/either --staged or --changed-since/);
  }, 60_000);
});

// ---------------------------------------------------------------------------
// Progress bar
// ---------------------------------------------------------------------------

describe('progress bar', () => {
  const target = (isTTY: boolean, env: Record<string, string | undefined>, color?: boolean) => {
    const out: string[] = [];
    let clock = 0;
    const progress = createProgress({ write: (t) => void out.push(t), isTTY, env, color, columns: 60, now: () => (clock += 150) });
    return { out, progress };
  };

  it('is shown on a terminal only: not when piped, not when CI is set', () => {
    expect(target(false, {}).progress).toBeUndefined();
    expect(target(true, { CI: 'true' }).progress).toBeUndefined();
    expect(target(true, { CI: '1' }).progress).toBeUndefined();
    expect(target(true, { CI: 'false' }).progress).toBeDefined();
    expect(isCi({ CI: '' })).toBe(false);
  });

  it('rewrites one line with a bar and counts, coloured unless NO_COLOR, and clears it at the end', () => {
    const plain = target(true, { NO_COLOR: '1' });
    plain.progress!.update(5, 10);
    plain.progress!.update(10, 10);
    plain.progress!.done();
    expect(plain.out[0]).toBe(`\r\u001b[2K${progressLine(5, 10, 60, false)}`);
    expect(plain.out[0]).toMatch(/nhi: \[#+-+\]  50% 5\/10 files$/);
    expect(plain.out[1]).toMatch(/\[#+\] 100% 10\/10 files$/);
    expect(plain.out[2]).toBe('\r\u001b[2K');
    // NO_COLOR: only the line-clearing control, no colour codes.
    expect(plain.out.join('').replace(/\r\u001b\[2K/g, '')).not.toMatch(/\u001b/);
    const coloured = target(true, {});
    coloured.progress!.update(1, 4);
    expect(coloured.out[0]).toMatch(/\u001b\[36m/);
    // --no-color wins over the environment.
    const forcedOff = target(true, {}, false);
    forcedOff.progress!.update(1, 4);
    expect(forcedOff.out[0].replace(/\r\u001b\[2K/, '')).not.toMatch(/\u001b/);
  });

  it('fits the terminal width', () => {
    for (const columns of [40, 60, 80, 200]) {
      expect(progressLine(12_345, 20_000, columns, false).length, String(columns)).toBeLessThan(columns);
    }
  });
});

// ---------------------------------------------------------------------------
// The example CI workflow
// ---------------------------------------------------------------------------

describe('examples/ci/nhi-audit.yml', () => {
  const file = path.join(ROOT, 'examples', 'ci', 'nhi-audit.yml');
  const text = fs.readFileSync(file, 'utf8');

  it('is a workflow with minimal permissions, pinned actions and the SARIF upload', () => {
    const workflow = parseYaml(text) as {
      permissions: unknown;
      jobs: Record<string, { permissions: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
    };
    expect(workflow.permissions).toEqual({});
    const jobs = Object.values(workflow.jobs);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const uses = jobs[0].steps.filter((s) => s.uses).map((s) => s.uses!);
    expect(uses.length).toBeGreaterThanOrEqual(3);
    for (const u of uses) expect(u, u).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    expect(uses.some((u) => u.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    const upload = jobs[0].steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    const audit = jobs[0].steps.find((s) => s.run?.includes('--format sarif'))!;
    expect(audit.run).toContain(`--output ${upload.with!.sarif_file}`);
    // Every nhi invocation parses with our own argument parser.
    for (const step of jobs[0].steps.filter((s) => s.run?.includes(' nhi audit'))) {
      expect(step.run).not.toMatch(/\$\{\{/); // expressions go through env, never into the script
    }
  });

  it('is clean under our own rules when installed as .github/workflows/nhi-audit.yml', async () => {
    const repo = tempDir('nhi-workflow-');
    fs.mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
    fs.copyFileSync(file, path.join(repo, '.github', 'workflows', 'nhi-audit.yml'));
    const result = await auditWorkspace([repo], { keepSuppressed: true });
    expect(result.files).toHaveLength(1);
    // Recognised as a workflow (so the CI rules really ran on it) …
    expect(result.files[0].identities.map((i) => i.identityKind)).toEqual(['ci-workflow']);
    // … and nothing is found, not even suppressed.
    expect(result.files[0].findings).toEqual([]);
    expect(result.files[0].notes).toEqual([]);
    // The same file with write-all would be flagged: the check above can fail.
    fs.writeFileSync(path.join(repo, '.github', 'workflows', 'nhi-audit.yml'), text.replace('permissions: {}', 'permissions: write-all'));
    const worse = await auditWorkspace([repo]);
    expect(worse.files[0].findings.map((f) => f.ruleId)).toContain('privilege/ci-write-all');
  }, 60_000);
});
