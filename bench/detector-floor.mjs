// For information (not judged): the floor with our own provider detectors as "the combined
// regex" — every detector's pattern in one alternation, as a regex-only scanner with our
// rule set would run it. Walks and reads as bench/floor.mjs does (its floorScan); prints one JSON line
// { files, bytes, matches, patterns }. Never prints what matched.
//
// The patterns come from the rule sources (rules/index.ts), bundled here with esbuild (a dev
// dependency): the shipped bundle does not expose them.
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { floorScan } from './floor.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bundled = await esbuild.build({
  stdin: {
    contents: `import { rules } from './rules/index';
      module.exports = rules.flatMap((r) => r.family?.detectors ?? []).map((d) => d.pattern);`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  logLevel: 'error',
  define: { __NHI_BUNDLED__: 'true', __NHI_SAMPLES__: 'false' },
  mainFields: ['main', 'module'],
  // As scripts/build.mjs: jsonc-parser's UMD build requires './impl/*' dynamically.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  external: ['web-tree-sitter'],
});
const module = { exports: [] };
new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
/** @type {RegExp[]} */
const patterns = module.exports;
// One regex cannot repeat a group name: named groups become plain groups.
const COMBINED = new RegExp(patterns.map((p) => `(?:${p.source.replace(/\(\?<([A-Za-z_]\w*)>/g, '(?:').replace(/\\k<[A-Za-z_]\w*>/g, '')})`).join('|'), 'g');

const started = performance.now();
const counts = floorScan(process.argv.slice(2), COMBINED);
process.stdout.write(JSON.stringify({ ...counts, patterns: patterns.length, scanMs: Math.round(performance.now() - started) }) + '\n');
