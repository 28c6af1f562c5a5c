// Regenerates package.json `contributes.configuration` from the settings schema in
// server/src/engine/config.ts (the single source of truth). `--check` only reports
// whether package.json is up to date (exit 1 when it is not).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const check = process.argv.includes('--check');

// config.ts is TypeScript: bundle it in memory and import the result.
const bundle = await esbuild.build({
  entryPoints: [path.join(root, 'server/src/engine/config.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'error',
});
const source = bundle.outputFiles[0].text;
const { vscodeConfigurationContribution } = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);

const packagePath = path.join(root, 'package.json');
const original = fs.readFileSync(packagePath, 'utf8');
const pkg = JSON.parse(original);
pkg.contributes = { ...(pkg.contributes ?? {}), configuration: vscodeConfigurationContribution() };
const updated = JSON.stringify(pkg, null, 2) + '\n';

if (check) {
  if (updated !== original) {
    console.error('package.json contributes.configuration is out of date: run `npm run gen:config`.');
    process.exit(1);
  }
  console.log('package.json contributes.configuration is up to date.');
} else if (updated !== original) {
  fs.writeFileSync(packagePath, updated);
  console.log('Updated package.json contributes.configuration.');
} else {
  console.log('package.json contributes.configuration already up to date.');
}
