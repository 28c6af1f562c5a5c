// Bundles client, server and CLI with esbuild into dist/ and copies the wasm grammars beside them.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

fs.mkdirSync(path.join(dist, 'grammars'), { recursive: true });

const grammars = path.join(dist, 'grammars');
const nm = path.join(root, 'node_modules');
fs.copyFileSync(path.join(nm, 'web-tree-sitter', 'tree-sitter.wasm'), path.join(grammars, 'tree-sitter.wasm'));
for (const name of ['typescript', 'tsx', 'javascript', 'python', 'go', 'java', 'c_sharp', 'ruby', 'php', 'bash', 'toml']) {
  fs.copyFileSync(path.join(nm, 'tree-sitter-wasms', 'out', `tree-sitter-${name}.wasm`), path.join(grammars, `tree-sitter-${name}.wasm`));
}
fs.copyFileSync(path.join(nm, '@tree-sitter-grammars', 'tree-sitter-hcl', 'tree-sitter-hcl.wasm'), path.join(grammars, 'tree-sitter-hcl.wasm'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  // The shipped bundles drop whitespace (parsing 1.6 MB of server code was a third of the
  // server's cold start) but keep identifiers, so stack traces stay readable without
  // esbuild's keepNames: that wraps every function expression in a call that redefines its
  // `name` at each creation, which made the 20k-file bench audit 10–15 % slower (4.2–4.4 s
  // against 4.8–5.4 s, interleaved runs); renaming identifiers saved no measurable cold start
  // (server.js 1.1 → 1.5 MB; cold start median 405 vs 412 ms).
  minifyWhitespace: production,
  logLevel: 'warning',
  define: { __NHI_BUNDLED__: 'true', __NHI_SAMPLES__: 'false' },
  // Folds `false && { … }` away, so detector samples do not reach the bundles.
  minifySyntax: true,
  // web-tree-sitter's ESM build references import.meta; the CJS one does not.
  mainFields: ['main', 'module'],
  conditions: ['require', 'node'],
  // jsonc-parser's UMD build (its "main") requires './impl/*' dynamically, which esbuild cannot bundle.
  // web-tree-sitter's "import" export (picked for import statements) reads import.meta.url, empty in CJS output.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js', 'web-tree-sitter': path.join(nm, 'web-tree-sitter', 'tree-sitter.cjs') },
};

const builds = [
  { entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(dist, 'client.js'), external: ['vscode'] },
  // server-main.ts: the language server, or the audit worker when the bundle is loaded as one.
  { entryPoints: [path.join(root, 'server/src/server-main.ts')], outfile: path.join(dist, 'server.js') },
  { entryPoints: [path.join(root, 'server/src/cli/main.ts')], outfile: path.join(dist, 'cli.js') },
];

if (watch) {
  for (const b of builds) (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
