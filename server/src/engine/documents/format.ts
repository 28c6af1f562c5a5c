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
  if (BY_NAME[name]) return BY_NAME[name];
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'dotenv';
  if (name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) return 'dockerfile';
  const dot = name.lastIndexOf('.');
  if (dot > 0) {
    const ext = name.slice(dot + 1);
    if (BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  }
  return 'text';
}

/** Syntax from path, falling back to the content's shebang/shape for extension-less files. */
export function detectFormat(path: string, text: string): Format {
  const byPath = formatFromPath(path);
  if (byPath !== 'text') return byPath;
  const head = text.slice(0, 200);
  const shebang = /^#!\s*(?:\/usr\/bin\/env\s+)?\S*?(\w+)(?:[ \t]|$)/m.exec(head.split('\n', 1)[0] ?? '');
  if (shebang) {
    const interp = shebang[1];
    if (/^(ba|z|k|da)?sh$/.test(interp)) return 'shell';
    if (/^python\d*$/.test(interp)) return 'python';
    if (interp === 'node' || interp === 'deno' || interp === 'bun') return 'javascript';
    if (interp === 'ruby') return 'ruby';
    if (interp === 'php') return 'php';
  }
  return 'text';
}

/** What the file is about, from path and a light look at the content (no parse needed). */
export function detectFlavors(path: string, format: Format, text: string): Flavor[] {
  const flavors: Flavor[] = [];
  const lower = path.toLowerCase().replace(/\\/g, '/');
  const name = basename(lower);
  if (LOCKFILES.has(name)) flavors.push('lockfile');
  if (name === '.npmrc') flavors.push('npmrc');
  const head = text.slice(0, 64 * 1024);
  if (format === 'yaml') {
    if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(lower) || /(^|\/)action\.ya?ml$/.test(lower)) flavors.push('github-actions');
    if (name === '.gitlab-ci.yml' || name.endsWith('.gitlab-ci.yml')) flavors.push('gitlab-ci');
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
