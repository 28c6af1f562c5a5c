/**
 * `npm run demo` audits examples/kestrel-lite; it must show at least one finding
 * in every category, the specific mistakes the example was written to contain,
 * none of its deliberate hard negatives, and never a full secret.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'kestrel-lite');

function runCli(args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin', 'nhi.js'), ...args], { encoding: 'utf8', cwd: ROOT });
}

interface JsonReport {
  files: { path: string; findings: { ruleId: string; line: number; message: string }[] }[];
}

describe('demo: nhi audit examples/kestrel-lite', () => {
  const json = runCli(['audit', EXAMPLE, '--format', 'json', '--fail-on', 'off']);
  const report = JSON.parse(json.stdout) as JsonReport;
  const flat = report.files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path })));
  const has = (ruleId: string, file: string, line: number) => flat.some((f) => f.ruleId === ruleId && f.path === file && f.line === line);
  const lineOf = (file: string, needle: string) => fs.readFileSync(path.join(EXAMPLE, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('reports at least one finding in every category', () => {
    expect(json.status).toBe(0);
    const categories = new Set(flat.map((f) => f.ruleId.split('/')[0]));
    for (const c of ['secret', 'privilege', 'ownership', 'credential']) expect(categories, `category ${c}`).toContain(c);
  });

  it('finds the mistakes the example contains', () => {
    expect(has('secret/aws-access-key-id', 'services/api/src/s3.ts', lineOf('services/api/src/s3.ts', 'const awsAccessKeyId'))).toBe(true);
    expect(has('secret/aws-access-key-id', '.env', lineOf('.env', 'AWS_ACCESS_KEY_ID='))).toBe(true);
    expect(has('secret/aws-access-key-id', '.env', lineOf('.env', 'AWS_SECRET_ACCESS_KEY='))).toBe(true);
    expect(has('privilege/iam-wildcard-action', 'infra/terraform/iam.tf', lineOf('infra/terraform/iam.tf', '"s3:*"'))).toBe(true);
    expect(has('privilege/iam-wildcard-action', 'infra/terraform/break-glass-policy.json', lineOf('infra/terraform/break-glass-policy.json', '"Action": "*"'))).toBe(true);
    expect(has('ownership/missing-owner-tag', 'infra/terraform/iam.tf', lineOf('infra/terraform/iam.tf', 'resource "aws_iam_role" "api"'))).toBe(true);
    expect(has('ownership/missing-owner-tag', 'infra/terraform/ci.tf', lineOf('infra/terraform/ci.tf', 'resource "aws_iam_user" "deployer"'))).toBe(true);
    expect(has('credential/aws-iam-access-key', 'infra/terraform/ci.tf', lineOf('infra/terraform/ci.tf', 'resource "aws_iam_access_key" "deployer"'))).toBe(true);
  });

  it('does not flag the hard negatives the example contains', () => {
    // The documentation sample key in README.md, the owned and scoped photo_archiver role, env references.
    expect(flat.filter((f) => f.path === 'README.md')).toEqual([]);
    expect(flat.filter((f) => f.path === 'services/api/src/config.ts')).toEqual([]);
    expect(flat.filter((f) => f.path === 'services/worker/worker/archive.py')).toEqual([]);
    expect(has('ownership/missing-owner-tag', 'infra/terraform/iam.tf', lineOf('infra/terraform/iam.tf', 'resource "aws_iam_role" "photo_archiver"'))).toBe(false);
    expect(flat.filter((f) => f.path === 'infra/terraform/iam.tf' && f.ruleId === 'privilege/iam-wildcard-action')).toHaveLength(1);
  });

  it('exits 1 with the default --fail-on and never prints a full secret in any format', () => {
    const secrets = ['AKIA3DHODZDOCIS2JHTL', 'AKIAUJZDEGXDNCF32EPF', 'nyVmihA+2O76UMFxFkM+R5Kjp1vRt/1fjORS+6il'];
    for (const format of ['text', 'json', 'sarif']) {
      const r = runCli(['audit', EXAMPLE, '--format', format]);
      expect(r.status, `${format} exit code`).toBe(1);
      for (const s of secrets) {
        expect(r.stdout.includes(s), `${format} stdout leaks a secret`).toBe(false);
        expect(r.stderr.includes(s), `${format} stderr leaks a secret`).toBe(false);
      }
    }
  });
});
