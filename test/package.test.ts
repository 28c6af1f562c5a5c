/**
 * `npm run package` builds and packages the extension offline into a .vsix. Runs
 * in a private copy of the sources (node_modules linked) so the repository's
 * dist/ is not rebuilt under other tests. Checks the archive holds the bundles
 * and wasm grammars, no sources, source maps or rule fixtures, and that the
 * packaged server starts on its own (the .vsix ships without node_modules).
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createProtocolConnection,
  ExitNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { GRAMMARS, grammarFile } from '../server/src/engine/documents/tree-sitter';

const ROOT = path.resolve(__dirname, '..');
const COPIED = ['package.json', 'tsconfig.json', '.vscodeignore', 'LICENSE', 'README.md', 'scripts', 'client', 'server', 'rules', 'docs'];

let work: string;
let vsix: string;
let entries: string[];

/** File names in a zip, read from its central directory (no unzip needed). */
function zipEntries(file: string): string[] {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-package-'));
  for (const name of COPIED) {
    if (fs.existsSync(path.join(ROOT, name))) fs.cpSync(path.join(ROOT, name), path.join(work, name), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  // A planted fixture: it must stay out of the package like the real ones.
  fs.mkdirSync(path.join(work, 'rules', 'secret', 'fixtures', 'planted'), { recursive: true });
  fs.writeFileSync(path.join(work, 'rules', 'secret', 'fixtures', 'planted', 'settings.py'), 'DEBUG = True\n');
  execFileSync('npm', ['run', 'package'], { cwd: work, stdio: 'pipe', env: { ...process.env, npm_config_offline: 'true' } });
  vsix = path.join(work, 'dist', 'nhi-hygiene.vsix');
  entries = zipEntries(vsix);
}, 180_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm run package', () => {
  it('produces dist/nhi-hygiene.vsix with the manifest, readme and license', () => {
    expect(fs.statSync(vsix).size).toBeGreaterThan(100_000);
    expect(entries).toContain('extension.vsixmanifest');
    expect(entries).toContain('extension/package.json');
    expect(entries.map((e) => e.toLowerCase())).toContain('extension/readme.md');
    expect(entries.some((e) => /^extension\/LICENSE(\.txt)?$/.test(e))).toBe(true);
  });

  it('contains the bundled client, server and CLI and every wasm grammar', () => {
    for (const bundle of ['client.js', 'server.js', 'cli.js']) expect(entries).toContain(`extension/dist/${bundle}`);
    expect(entries).toContain('extension/dist/grammars/tree-sitter.wasm');
    expect(entries).toContain('extension/dist/grammars/tree-sitter-hcl.wasm');
    for (const g of GRAMMARS) expect(entries).toContain(`extension/dist/grammars/${grammarFile(g)}`);
  });

  it('contains no sources, tests, source maps, rule fixtures, node_modules or nested packages', () => {
    expect(entries.filter((e) => /(^|\/)fixtures\//.test(e))).toEqual([]);
    expect(entries.filter((e) => /\.(ts|map|vsix)$/.test(e))).toEqual([]);
    expect(entries.filter((e) => /^extension\/(node_modules|test|server|client|rules|scripts|examples|bench|\.vscode)\//.test(e))).toEqual([]);
    expect(entries.filter((e) => e.startsWith('extension/') && !/^extension\/(dist\/|docs\/rules\/|package\.json$|readme\.md$|LICENSE|changelog\.md$)/i.test(e))).toEqual([]);
  });

  it('ships a server that starts without node_modules', async () => {
    // Outside the work folder, whose node_modules link would otherwise resolve imports.
    const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-vsix-'));
    execFileSync('unzip', ['-q', vsix, 'extension/dist/*', '-d', unpacked]);
    const server = path.join(unpacked, 'extension', 'dist', 'server.js');
    const child = spawn(process.execPath, [server, '--stdio'], { cwd: unpacked, stdio: 'pipe', env: { ...process.env, NODE_PATH: '' } });
    const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    conn.listen();
    try {
      const init = await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
      expect(init.serverInfo?.name).toBe('nhi-hygiene');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      await conn.sendRequest(ShutdownRequest.type);
      await conn.sendNotification(ExitNotification.type);
      expect(await exited).toBe(0);
    } finally {
      conn.dispose();
      child.kill();
      fs.rmSync(unpacked, { recursive: true, force: true });
    }
  });
});
