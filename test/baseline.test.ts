/**
 * Baseline files (server/src/engine/baseline.ts) and the CLI's --baseline /
 * --update-baseline: fingerprints only, sorted and stable, and an audit with the
 * baseline reports only what is new.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../server/src/cli/main';
import { applyBaseline, BaselineError, createBaseline, parseBaseline, serializeBaseline } from '../server/src/engine/baseline';
import type { AuditResult, FileResult, LocatedFinding } from '../server/src/engine/workspace';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function finding(ruleId: string, fingerprint: string, line: number, extra: Partial<LocatedFinding> = {}): LocatedFinding {
  return {
    ruleId,
    message: `message of ${ruleId} AKIA…WXYZ`,
    range: { start: line * 10, end: line * 10 + 5 },
    severity: 'error',
    fingerprint,
    fixes: [],
    start: { line, character: 0 },
    end: { line, character: 5 },
    ...extra,
  };
}

function file(p: string, findings: LocatedFinding[]): FileResult {
  return { absolutePath: `/ws/${p}`, path: p, uri: `file:///ws/${p}`, findings, notes: [], identities: [] };
}

function result(files: FileResult[]): AuditResult {
  return { root: '/ws', files, filesScanned: files.length, bytesScanned: 100, skipped: [], durationMs: 1, cancelled: false };
}

const AUDIT = result([
  file('z/last.tf', [finding('privilege/iam-wildcard-action', 'ffff0000ffff0000ffff0000ffff0000', 3)]),
  file('a/first.env', [
    finding('secret/aws-access-key-id', 'bbbb0000bbbb0000bbbb0000bbbb0000', 1),
    finding('secret/aws-access-key-id', 'aaaa0000aaaa0000aaaa0000aaaa0000', 2),
    finding('secret/generic-password', 'cccc0000cccc0000cccc0000cccc0000', 4, { suppressed: { reason: 'test dummy' } }),
  ]),
]);

describe('baseline module', () => {
  it('holds every unsuppressed finding as fingerprint, rule and path, sorted, nothing else', () => {
    const baseline = createBaseline(AUDIT, new Date('2026-11-26T10:00:00Z'));
    expect(baseline).toEqual({
      version: 1,
      generated: '2026-11-26T10:00:00.000Z',
      findings: [
        { fingerprint: 'aaaa0000aaaa0000aaaa0000aaaa0000', ruleId: 'secret/aws-access-key-id', path: 'a/first.env' },
        { fingerprint: 'bbbb0000bbbb0000bbbb0000bbbb0000', ruleId: 'secret/aws-access-key-id', path: 'a/first.env' },
        { fingerprint: 'ffff0000ffff0000ffff0000ffff0000', ruleId: 'privilege/iam-wildcard-action', path: 'z/last.tf' },
      ],
    });
    const text = serializeBaseline(baseline);
    expect(text).not.toContain('message');
    expect(text).not.toContain('AKIA');
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('round-trips through the file text, and an unchanged baseline is rewritten byte for byte', () => {
    const first = createBaseline(AUDIT, new Date('2026-11-26T10:00:00Z'));
    const text = serializeBaseline(first);
    const parsed = parseBaseline(text);
    expect(parsed).toEqual(first);
    const again = createBaseline(AUDIT, new Date('2027-01-01T00:00:00Z'), parsed);
    expect(serializeBaseline(again)).toBe(text);
    // A different set of findings gets a new time.
    const fewer = result([AUDIT.files[0]]);
    expect(createBaseline(fewer, new Date('2027-01-01T00:00:00Z'), parsed).generated).toBe('2027-01-01T00:00:00.000Z');
  });

  it('de-duplicates and sorts what it reads; keeps a UTF-8 BOM from breaking it', () => {
    const text = '\ufeff' + JSON.stringify({
      version: 1,
      generated: 'x',
      findings: [
        { fingerprint: 'bbbb0000', ruleId: 'r/b', path: 'b' },
        { fingerprint: 'aaaa0000', ruleId: 'r/a', path: 'a' },
        { fingerprint: 'bbbb0000', ruleId: 'r/b', path: 'b' },
        { fingerprint: 'cccc0000' },
      ],
    });
    expect(parseBaseline(text).findings.map((f) => f.fingerprint)).toEqual(['cccc0000', 'aaaa0000', 'bbbb0000']);
  });

  it('rejects broken files with a message that does not quote them', () => {
    const secretish = 'AKIAQ7X9KP2MZR4VB8NW';
    const cases: [string, RegExp][] = [
      [`{ "version": 1, "findings": [ ${secretish}`, /not valid JSON/],
      ['[]', /expected a JSON object/],
      ['{"version": 2, "findings": []}', /unsupported version/],
      ['{"version": 1, "findings": {}}', /"findings" must be an array/],
      [`{"version": 1, "findings": [{"fingerprint": "${secretish}"}]}`, /findings\[0\] has no valid "fingerprint"/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        parseBaseline(text);
      } catch (err) {
        error = err;
      }
      expect(error, text).toBeInstanceOf(BaselineError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(secretish);
    }
  });

  it('applying it removes the known findings, counts them, keeps new and suppressed ones', () => {
    const baseline = parseBaseline(
      JSON.stringify({ version: 1, generated: '', findings: [{ fingerprint: 'aaaa0000aaaa0000aaaa0000aaaa0000' }, { fingerprint: 'cccc0000cccc0000cccc0000cccc0000' }] }),
    );
    const { result: filtered, baselined } = applyBaseline(AUDIT, baseline);
    expect(baselined).toBe(1);
    expect(filtered.files.flatMap((f) => f.findings.map((x) => x.fingerprint))).toEqual([
      'ffff0000ffff0000ffff0000ffff0000',
      'bbbb0000bbbb0000bbbb0000bbbb0000',
      'cccc0000cccc0000cccc0000cccc0000',
    ]);
    // The input is not modified.
    expect(AUDIT.files[1].findings).toHaveLength(3);
  });
});

// ---------------------------------------------------------------------------

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: {}, stdoutIsTTY: false, stderrIsTTY: false });
  return { code, stdout, stderr };
}

/** Fake credentials (random, never real keys). */
const OLD_KEY = 'AKIAR7TQ2WZPLXK4M5NB';
const NEW_KEY = 'AKIAW3JX7QZP5LKD2NVT';

describe('nhi audit --update-baseline / --baseline', () => {
  it('records the findings, then reports only new ones and counts the baselined', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-baseline-')));
    temps.push(root);
    fs.mkdirSync(path.join(root, 'infra'));
    fs.writeFileSync(path.join(root, 'infra', 'users.tf'), 'resource "aws_iam_user" "ci" {\n  name = "ci"\n}\n\nresource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.ci.name\n}\n');
    fs.writeFileSync(path.join(root, 'deploy.sh'), `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${OLD_KEY}\n`);

    const before = await cli(['audit', '.', '--format', 'json'], root);
    expect(before.code).toBe(1);
    const problems = JSON.parse(before.stdout).summary.problems as number;
    expect(problems).toBeGreaterThanOrEqual(2);

    const written = await cli(['audit', '.', '--update-baseline'], root);
    expect(written).toEqual({ code: 0, stdout: `Baseline with ${problems} findings written to .nhi-baseline.json\n`, stderr: '' });
    const file = path.join(root, '.nhi-baseline.json');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(OLD_KEY);
    expect(text).not.toContain(OLD_KEY.slice(4));
    const stored = JSON.parse(text);
    expect(Object.keys(stored)).toEqual(['version', 'generated', 'findings']);
    expect(stored.findings).toHaveLength(problems);
    for (const entry of stored.findings) expect(Object.keys(entry)).toEqual(['fingerprint', 'ruleId', 'path']);

    // Same findings: clean, and the summary says how many the baseline hid.
    const clean = await cli(['audit', '.', '--baseline', '.nhi-baseline.json', '--fail-on', 'info'], root);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe(`0 problems (0 errors, 0 warnings, 0 info) in 0 files; 3 files scanned, skipped 0; ${problems} baselined\n`);
    const json = JSON.parse((await cli(['audit', '.', '--baseline', '.nhi-baseline.json', '--format', 'json'], root)).stdout);
    expect(json.summary).toMatchObject({ problems: 0, baselined: problems });

    // Rewriting an unchanged baseline changes nothing (not even the time).
    expect((await cli(['audit', '.', '--update-baseline'], root)).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);

    // A new key shows up; the old one stays hidden. Moving the old one down a line does not resurface it.
    fs.writeFileSync(path.join(root, 'deploy.sh'), `#!/bin/sh\n\nexport AWS_ACCESS_KEY_ID=${OLD_KEY}\nexport BACKUP_KEY_ID=${NEW_KEY}\n`);
    const after = await cli(['audit', '.', '--baseline', '.nhi-baseline.json'], root);
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/^deploy\.sh:4:\d+ error secret\/aws-access-key-id /m);
    expect(after.stdout).not.toMatch(/^deploy\.sh:3:/m);
    expect(after.stdout).toMatch(new RegExp(`; ${problems} baselined\\n$`));
  }, 60_000);

  it('a missing or broken baseline is an error (exit 2) before any audit; --update-baseline replaces a broken one', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-baseline-')));
    temps.push(root);
    fs.writeFileSync(path.join(root, 'main.tf'), 'resource "aws_iam_user" "ci" {\n  name = "ci"\n}\n');
    expect(await cli(['audit', '.', '--baseline', 'nope.json'], root)).toEqual({ code: 2, stdout: '', stderr: 'nhi: cannot read the baseline nope.json (ENOENT).\n' });
    fs.writeFileSync(path.join(root, 'broken.json'), '{"version": 1, "findings": [');
    expect(await cli(['audit', '.', '--baseline', 'broken.json'], root)).toEqual({ code: 2, stdout: '', stderr: 'nhi: cannot read the baseline broken.json (not valid JSON).\n' });
    const rewrite = await cli(['audit', '.', '--baseline', 'broken.json', '--update-baseline'], root);
    expect(rewrite.code).toBe(0);
    expect(parseBaseline(fs.readFileSync(path.join(root, 'broken.json'), 'utf8')).findings.length).toBeGreaterThan(0);
    // A partial audit cannot write a baseline.
    const partial = await cli(['audit', '.', '--update-baseline', '--staged'], root);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/--update-baseline needs a full audit/);
  }, 60_000);
});
