import type { Flavor, Format } from '../model';

const BY_EXTENSION: Record<string, Format> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  py: 'python', pyw: 'python',
  go: 'go',
  java: 'java', kt: 'text', scala: 'text',
  cs: 'csharp',
  rb: 'ruby',
  php: 'php',
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell',
  tf: 'terraform', tfvars: 'terraform', hcl: 'terraform',
  yaml: 'yaml', yml: 'yaml',
  json: 'json', template: 'json',
  jsonc: 'jsonc', json5: 'jsonc',
  toml: 'toml',
  env: 'dotenv',
  ini: 'ini', cfg: 'ini', conf: 'ini', pypirc: 'ini',
  properties: 'properties',
  xml: 'xml', config: 'xml', csproj: 'xml',
};

const BY_NAME: Record<string, Format> = {
  dockerfile: 'dockerfile', containerfile: 'dockerfile',
  '.npmrc': 'ini', '.pypirc': 'ini', '.netrc': 'text', '.gitconfig': 'ini', '.yarnrc': 'ini',
  '.bashrc': 'shell', '.zshrc': 'shell', '.profile': 'shell',
  'tsconfig.json': 'jsonc', 'jsconfig.json': 'jsonc', '.eslintrc.json': 'jsonc',
  'gemfile': 'ruby', 'rakefile': 'ruby', 'vagrantfile': 'ruby',
};

const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'poetry.lock', 'pipfile.lock',
  'cargo.lock', 'go.sum', 'composer.lock', 'gemfile.lock', 'packages.lock.json', 'bun.lock', 'uv.lock',
  '.terraform.lock.hcl', 'flake.lock', 'mix.lock', 'podfile.lock',
]);

/** Basename of a path with either separator. */
export function basename(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** Syntax from the path alone (cheap; used before reading content when walking). */
export function formatFromPath(path: string): Format {
  const name = basename(path).toLowerCase();
  if (Object.hasOwn(BY_NAME, name)) return BY_NAME[name];
  if (isJsoncByConvention(path.toLowerCase().replace(/\\/g, '/'), name)) return 'jsonc';
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'dotenv';
  if (name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) return 'dockerfile';
  const dot = name.lastIndexOf('.');
  if (dot > 0) {
    const ext = name.slice(dot + 1);
    if (Object.hasOwn(BY_EXTENSION, ext)) return BY_EXTENSION[ext];
  }
  return 'text';
}

/** Syntax from path, falling back to the content's shebang/shape for extension-less files. */
export function detectFormat(path: string, text: string): Format {
  const byPath = formatFromPath(path);
  if (byPath === 'json' && basename(path).toLowerCase().endsWith('.template') && !/^\s*[[{]/.test(stripBom(text.slice(0, 1024)))) {
    return 'yaml'; // CloudFormation `.template` files are JSON or YAML
  }
  if (byPath !== 'text') return byPath;
  return formatFromShebang(text) ?? 'text';
}

/** JSON with comments by convention (TypeScript configs, VS Code settings), whatever the extension says. */
function isJsoncByConvention(lowerPath: string, name: string): boolean {
  return /^[tj]sconfig(\.[\w.-]+)?\.json$/.test(name) || /(^|\/)\.(vscode|devcontainer)\/[^/]+\.json$/.test(lowerPath) || name === 'devcontainer.json';
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `#!/usr/bin/env -S python3.11 -u` → python. Reads the first line only. */
function formatFromShebang(text: string): Format | undefined {
  const head = stripBom(text.slice(0, 256));
  if (!head.startsWith('#!')) return undefined;
  const firstLine = head.slice(2).split(/\r?\n|\r/, 1)[0] ?? '';
  const words = firstLine.trim().split(/[ \t]+/);
  let interp = basename(words[0] ?? '');
  if (interp === 'env') interp = words.slice(1).find((w) => !w.startsWith('-') && !w.includes('=')) ?? '';
  interp = interp.toLowerCase();
  if (/^(ba|z|k|da|a)?sh$/.test(interp)) return 'shell';
  if (/^python[\d.]*$/.test(interp) || interp === 'pypy3') return 'python';
  if (interp === 'node' || interp === 'nodejs' || interp === 'deno' || interp === 'bun') return 'javascript';
  if (interp === 'ts-node' || interp === 'tsx') return 'typescript';
  if (/^ruby[\d.]*$/.test(interp)) return 'ruby';
  if (/^php[\d.]*$/.test(interp)) return 'php';
  return undefined;
}

/** What the file is about, from path and a light look at the content (no parse needed). */
export function detectFlavors(path: string, format: Format, text: string): Flavor[] {
  const flavors: Flavor[] = [];
  const lower = path.toLowerCase().replace(/\\/g, '/');
  const name = basename(lower);
  if (LOCKFILES.has(name)) flavors.push('lockfile');
  if (name === '.npmrc') flavors.push('npmrc');
  const head = stripBom(text.slice(0, 64 * 1024));
  if (format === 'yaml') {
    if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(lower) || /(^|\/)action\.ya?ml$/.test(lower)) flavors.push('github-actions');
    if (/(^|[./-])gitlab-ci\.ya?ml$/.test(name) || /(^|\/)\.gitlab\/ci\/.+\.ya?ml$/.test(lower)) flavors.push('gitlab-ci');
    if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(name)) flavors.push('compose');
    if (/^serverless(\.[\w-]+)?\.ya?ml$/.test(name)) flavors.push('serverless');
    if (/^apiVersion:\s*\S+/m.test(head) && /^kind:\s*\S+/m.test(head)) flavors.push('kubernetes');
    if (/^AWSTemplateFormatVersion:/m.test(head) || (/^Resources:\s*$/m.test(head) && /Type:\s*['"]?AWS::/.test(head))) flavors.push('cloudformation');
  }
  if (format === 'json' || format === 'jsonc') {
    if (/"AWSTemplateFormatVersion"\s*:/.test(head) || /"Type"\s*:\s*"AWS::/.test(head)) flavors.push('cloudformation');
    else if (/"Statement"\s*:/.test(head) && /"(Action|NotAction)"\s*:/.test(head)) flavors.push('iam-policy');
    if (/"mcpServers"\s*:|"servers"\s*:\s*\{/.test(head) && /(^|\/)(\.vscode\/mcp|\.cursor\/mcp|mcp|claude_desktop_config|\.mcp)\.json$/.test(lower))
      flavors.push('mcp-config');
    if (/"apiVersion"\s*:/.test(head) && /"kind"\s*:/.test(head)) flavors.push('kubernetes');
  }
  return flavors;
}
