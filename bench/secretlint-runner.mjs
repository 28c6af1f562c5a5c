// Runs secretlint 12 (recommended preset) over a list of files, in-process, one file
// after the other through its core API (lintSource), the way its CLI lints each file
// but without its per-run overheads: secretlint's best case. Prints one JSON line:
// { files, bytes, ms, findings }. Never prints what it found (raw secrets).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lintSource } from '@secretlint/core';
import { loadPackagesFromConfigDescriptor } from '@secretlint/config-loader';

const list = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const loaded = await loadPackagesFromConfigDescriptor({ configDescriptor: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] } });
if (!loaded.ok) throw new Error('cannot load the secretlint recommended preset');
const t0 = performance.now();
let bytes = 0;
let findings = 0;
for (const filePath of list) {
  const content = fs.readFileSync(filePath, 'utf8');
  bytes += Buffer.byteLength(content);
  const result = await lintSource({ source: { filePath, content, ext: path.extname(filePath), contentType: 'text' }, options: { config: loaded.config } });
  findings += result.messages.length;
}
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ files: list.length, bytes, ms, findings }) + '\n');
