/**
 * The bench's floors (bench/floor.mjs, judged; bench/detector-floor.mjs, for information):
 * each walks like an audit (skipping node_modules and .git), counts what its regex finds and
 * prints counts only, never a matched value.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
// Made-up keys (split so this file holds no whole one): an AWS key id, which the judged
// floor's regex knows, and a Stripe live key, which only the provider detectors know.
const KEY_ID = ['AKIA', 'QZ7RW2NEXTG4HB5M'].join('');
const STRIPE_KEY = ['sk', 'live', 'R4nd0mL00k1ngStr1pe4cc7x9Q'].join('_');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-floors-'));
  fs.mkdirSync(path.join(dir, 'app/config'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules/dep'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'app/config/deploy.env'), `AWS_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=${KEY_ID}\nSTRIPE_API_KEY=${STRIPE_KEY}\n`);
  fs.writeFileSync(path.join(dir, 'app/main.py'), 'import os\n\nREGION = os.environ["AWS_REGION"]\n');
  // Never walked: a dependency's copy of the same key is not counted.
  fs.writeFileSync(path.join(dir, 'node_modules/dep/index.js'), `module.exports = "${KEY_ID}";\n`);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (script: string) => {
  const stdout = execFileSync(process.execPath, [path.join(root, 'bench', script), dir], { encoding: 'utf8' });
  return { stdout, report: JSON.parse(stdout) as { files: number; bytes: number; matches: number; patterns?: number } };
};

describe('bench floors', () => {
  it('the judged floor reads every walked file and counts its regex matches', () => {
    const { stdout, report } = run('floor.mjs');
    expect(report).toMatchObject({ files: 2, matches: 1 });
    expect(stdout).not.toContain(KEY_ID);
    expect(stdout).not.toContain(STRIPE_KEY);
  });

  it('the detector floor runs every provider detector as one regex', { timeout: 60_000 }, () => {
    const { stdout, report } = run('detector-floor.mjs');
    expect(report.files).toBe(2);
    // Hundreds of provider detectors, one of which is Stripe's.
    expect(report.patterns).toBeGreaterThan(200);
    expect(report.matches).toBeGreaterThanOrEqual(1);
    expect(stdout).not.toContain(KEY_ID);
    expect(stdout).not.toContain(STRIPE_KEY);
  });
});
