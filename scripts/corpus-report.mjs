#!/usr/bin/env node
/**
 * Prints the secrets-corpus score with the full per-kind, per-rule and
 * per-negative tables, every miss and every false positive (values masked).
 * The scoring lives in test/corpus/secrets (TypeScript); this runs it through
 * vitest, the project's TypeScript runner: `node scripts/corpus-report.mjs`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', 'test/secret-corpus.test.ts', '--reporter=dot'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NHI_CORPUS_REPORT: 'full' },
});
process.exit(result.status ?? 2);
