#!/usr/bin/env node
// code-server.spec.mjs — the packaged extension in a real VS Code (code-server
// 4.139.x, driven by headless Debian chromium through playwright-core).
// Plain Node script, no test runner; exit 0 = pass. Adapted from the shared
// recipe example-code-server.spec.mjs (same isolation, watchdog and cleanup).
//
// One code-server session, six checks:
//   1. diagnostic  — open src/s3.ts (hard-coded AKIA key) → Problems shows
//                    secret/aws-access-key-id with a masked value, squiggle in the editor
//   2. quick fix   — Ctrl+. → "Move the … to .env.local" → Ctrl+S → on disk: s3.ts reads
//                    process.env.AWS_ACCESS_KEY_ID and no longer holds the key,
//                    .env.local holds it, .gitignore ignores .env.local
//   3. audit       — F1 "NHI: Audit Workspace" → Problems lists
//                    credential/aws-iam-access-key from infra/ci-user.tf, which is not open
//   4. inventory   — Explorer → "NHI Inventory" section lists the audited IAM user with
//                    its owner, its long-lived key and the audit's finding
//   5. report      — F1 "NHI: Open Report" → an "NHI Report" tab whose webview shows the
//                    report heading, the summary cards and the finding, with no key in full
//   6. settings UI — Settings, search "nhi." → the "NHI Hygiene" section is shown
//
// Needs test/e2e/setup.sh to have run (reads $E2E_CACHE/env.sh).
// Env: E2E_EXTENSION (required: the .vsix), OUT_DIR (screenshots, default
// /tmp/nhi-e2e-out), E2E_TIMEOUT_MS (whole run, default 240000), E2E_KEEP=1 (keep
// the temp dir), E2E_DEBUG=1 (screenshot per step).
// Docs: `--docs-images[=DIR]` or E2E_DOCS_IMAGES=1|DIR also writes cropped screenshots
// of the diagnostic, the quick-fix menu, the inventory and the report to DIR (default
// docs/images) for the README.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const t0 = Date.now();
const secs = (from = t0) => ((Date.now() - from) / 1000).toFixed(1);

// ------------------------------------------------------------------ fake secret
// A fresh, realistic-looking (but never issued) key id per run: AKIA + 16 base32 characters.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function fakeAwsKeyId() {
  for (;;) {
    const tail = Array.from(crypto.randomBytes(16), (b) => BASE32[b % 32]).join('');
    if (new Set(tail).size >= 10) return `AKIA${tail}`; // never a placeholder-like run
  }
}
const KEY = fakeAwsKeyId();
// Standing rule: no output shows a secret in full (same shape as the engine's mask()).
const maskText = (s) => String(s).replace(/(?:AKIA|ASIA)[A-Z2-7]{16}/g, (k) => `${k.slice(0, 4)}…${k.slice(-4)}`);
const log = (...a) => console.log(`[cs-e2e +${secs()}s]`, ...a.map(maskText));
const fail = (...a) => console.error(...a.map(maskText));

// ------------------------------------------------------------------ config
function loadEnvFile() {
  const cache = process.env.E2E_CACHE || path.join(os.homedir(), '.cache', 'nhi-e2e');
  const f = path.join(cache, 'env.sh');
  if (!fs.existsSync(f)) return;
  for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
    const m = /^export (\w+)='(.*)'$/.exec(line);
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
  }
}
loadEnvFile();
const env = process.env;
const need = (k) => { if (!env[k]) { fail(`missing ${k}: run test/e2e/setup.sh first`); process.exit(2); } return env[k]; };
const NODE24 = need('E2E_NODE24');
const CS_ENTRY = need('E2E_CODE_SERVER_ENTRY');
const PW_CORE = need('E2E_PLAYWRIGHT_CORE');
const CHROMIUM = env.E2E_CHROMIUM || '/usr/bin/chromium';
const VSIX = env.E2E_EXTENSION ? path.resolve(env.E2E_EXTENSION) : '';
if (!VSIX || !fs.existsSync(VSIX)) { fail('E2E_EXTENSION must point to the packaged .vsix'); process.exit(2); }
// The manifest the .vsix was packaged from (for the number of contributed settings).
const PACKAGE_JSON = JSON.parse(fs.readFileSync(env.E2E_PACKAGE_JSON || new URL('../../package.json', import.meta.url), 'utf8'));
const OUT_DIR = path.resolve(env.OUT_DIR || '/tmp/nhi-e2e-out');
const TOTAL_MS = Number(env.E2E_TIMEOUT_MS || 240000);
const DEBUG = env.E2E_DEBUG === '1';
const DOCS_IMAGES = docsImagesDir();
function docsImagesDir() {
  const arg = process.argv.slice(2).find((a) => a === '--docs-images' || a.startsWith('--docs-images='));
  const value = arg ? (arg.split('=')[1] ?? '1') : env.E2E_DOCS_IMAGES;
  if (!value || value === '0') return undefined;
  return value === '1' ? fileURLToPath(new URL('../../docs/images', import.meta.url)) : path.resolve(value);
}

const { chromium } = createRequire(path.join(PW_CORE, 'package.json'))('playwright-core');

// ------------------------------------------------------------------ workspace
const SECRET_FILE = 'src/s3.ts';
const SECRET_RULE = 'secret/aws-access-key-id';
const AUDIT_FILE = 'infra/ci-user.tf';
const AUDIT_RULE = 'credential/aws-iam-access-key';
const FIX_TITLE = 'Move the'; // "Move the AWS access key id to .env.local and read process.env.…"
const EXPECT_REFERENCE = 'process.env.AWS_ACCESS_KEY_ID';

const WORKSPACE_FILES = {
  [SECRET_FILE]: [
    '// Upload client for the nightly report export.',
    "import { S3Client } from '@aws-sdk/client-s3';",
    '',
    `const awsAccessKeyId = "${KEY}";`,
    '',
    'export function reportBucketClient(secretAccessKey: string): S3Client {',
    "  return new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: awsAccessKeyId, secretAccessKey } });",
    '}',
    '',
  ].join('\n'),
  [AUDIT_FILE]: [
    '# CI deployer for the report export.',
    'resource "aws_iam_user" "ci" {',
    '  name = "report-export-ci"',
    '  tags = {',
    '    team = "reporting"',
    '  }',
    '}',
    '',
    'resource "aws_iam_access_key" "ci" {',
    '  user = aws_iam_user.ci.name',
    '}',
    '',
  ].join('\n'),
  '.gitignore': 'node_modules/\ndist/\n',
  'README.md': '# report-export\n\nNightly S3 report export.\n',
};

// ------------------------------------------------------------------ isolation + cleanup
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-cs-e2e-'));
const dirs = { ws: path.join(tmp, 'workspace'), ud: path.join(tmp, 'user-data'), ext: path.join(tmp, 'extensions') };
const { PORT: _ignoredPort, ...envNoPort } = env; // code-server would honour $PORT
// code-server, the VS Code server and chromium write into $HOME and $TMPDIR: keep it all in tmp.
const isolatedEnv = {
  ...envNoPort,
  XDG_CONFIG_HOME: path.join(tmp, 'xdg', 'config'), XDG_DATA_HOME: path.join(tmp, 'xdg', 'data'),
  XDG_CACHE_HOME: path.join(tmp, 'xdg', 'cache'), XDG_STATE_HOME: path.join(tmp, 'xdg', 'state'),
  TMPDIR: path.join(tmp, 'xdg', 'tmp'),
};
const csCommon = ['--config', path.join(tmp, 'code-server.yaml'), '--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext];
fs.mkdirSync(OUT_DIR, { recursive: true });
if (DOCS_IMAGES) fs.mkdirSync(DOCS_IMAGES, { recursive: true });
let server = null; // code-server ChildProcess, own process group
let browser = null;
let page = null;
let cleaned = false;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function groupAlive(pgid) { try { process.kill(-pgid, 0); return true; } catch { return false; } }
async function cleanup() {
  if (cleaned) return; cleaned = true;
  if (browser) await Promise.race([browser.close().catch(() => {}), sleep(10000)]);
  if (server && server.exitCode === null && server.signalCode === null) {
    const pgid = server.pid; // detached => the group holds only what this script started
    try { process.kill(-pgid, 'SIGTERM'); } catch {}
    const tKill = Date.now();
    for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
    const stubborn = groupAlive(pgid);
    if (stubborn) { try { process.kill(-pgid, 'SIGKILL'); } catch {} }
    log(`cleanup: code-server process group ${pgid} ${stubborn ? 'SIGKILLed' : 'exited'} after ${Date.now() - tKill} ms`);
  }
  if (env.E2E_KEEP === '1') log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { await cleanup(); process.exit(130); });
const watchdog = setTimeout(async () => {
  fail(`FAIL: overall timeout ${TOTAL_MS} ms`);
  if (page) fail(`screenshot: ${await Promise.race([shot('code-server-timeout'), sleep(10000)])}`);
  await cleanup(); process.exit(1);
}, TOTAL_MS);

async function until(what, fn, ms, every = 250) {
  const end = Date.now() + ms; let last;
  while (Date.now() < end) {
    try { const v = await fn(); if (v) return v; } catch (e) { if (e.fatal) throw e; last = e; }
    await sleep(every);
  }
  throw new Error(`timeout after ${ms} ms waiting for ${what}${last ? `: ${last.message.split('\n')[0]}` : ''}`);
}
function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}
const tail = (f, n = 40) => { try { return fs.readFileSync(f, 'utf8').split('\n').slice(-n).join('\n'); } catch { return ''; } };
const readWs = (rel) => { try { return fs.readFileSync(path.join(dirs.ws, rel), 'utf8'); } catch { return undefined; } };
async function shot(name) {
  const f = path.join(OUT_DIR, `${name}.png`);
  try { await page.screenshot({ path: f, timeout: 15000 }); return f; }
  catch (e) { return `(screenshot ${name} failed: ${e.message.split('\n')[0]})`; }
}

/**
 * Docs mode only: a screenshot of just the area around `parts` (their bounding boxes,
 * padded, cut to `maxWidth` × `maxHeight` from the top left) instead of the whole page.
 * Never fails the run: the README image is a by-product, the check is the test.
 */
async function docImage(name, parts, { pad = 6, maxWidth = Infinity, maxHeight = Infinity } = {}) {
  if (!DOCS_IMAGES) return;
  const f = path.join(DOCS_IMAGES, `${name}.png`);
  try {
    const boxes = (await Promise.all(parts.map((p) => p.boundingBox({ timeout: 5000 }).catch(() => null)))).filter(Boolean);
    if (boxes.length === 0) throw new Error('none of its parts is visible');
    const view = page.viewportSize();
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - pad);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - pad);
    const right = Math.min(view.width, Math.max(...boxes.map((b) => b.x + b.width)) + pad);
    const bottom = Math.min(view.height, Math.max(...boxes.map((b) => b.y + b.height)) + pad);
    const clip = { x, y, width: Math.min(right - x, maxWidth), height: Math.min(bottom - y, maxHeight) };
    await page.screenshot({ path: f, clip, timeout: 15000, animations: 'disabled', caret: 'hide' });
    log(`docs image ${f} (${Math.round(clip.width)}×${Math.round(clip.height)}, ${fs.statSync(f).size} bytes)`);
  } catch (e) {
    log(`docs image ${name} failed: ${e.message.split('\n')[0]}`);
  }
}

// ------------------------------------------------------------------ setup
function prepare() {
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  for (const k of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'TMPDIR']) fs.mkdirSync(isolatedEnv[k], { recursive: true });
  for (const [rel, text] of Object.entries(WORKSPACE_FILES)) {
    fs.mkdirSync(path.dirname(path.join(dirs.ws, rel)), { recursive: true });
    fs.writeFileSync(path.join(dirs.ws, rel), text);
  }
  fs.mkdirSync(path.join(dirs.ud, 'User'), { recursive: true });
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'files.autoSave': 'off',
    'editor.lightbulb.enabled': 'on',
    'editor.hover.enabled': false, // hovers can cover the quick-fix menu
    'typescript.validate.enable': false, // only NHI diagnostics in the Problems panel (no @aws-sdk typings here)
  };
  fs.writeFileSync(path.join(dirs.ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const r = spawnSync(NODE24, [CS_ENTRY, ...csCommon, '--install-extension', VSIX, '--force'],
    { encoding: 'utf8', timeout: 120000, env: isolatedEnv });
  if (r.status !== 0) throw new Error(`--install-extension failed (${r.status ?? r.signal}): ${r.stdout}${r.stderr}`);
  log(`installed ${path.basename(VSIX)}: ${r.stdout.trim().split('\n').pop()}`);
}

async function startServer() {
  const port = await freePort();
  const logFile = path.join(tmp, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  server = spawn(NODE24, [CS_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened', ...csCommon, dirs.ws],
  { detached: true, stdio: ['ignore', out, out], env: isolatedEnv });
  fs.closeSync(out);
  log(`code-server pid ${server.pid} port ${port}`);
  const base = `http://127.0.0.1:${port}`;
  await until('code-server /healthz', async () => {
    if (server.exitCode !== null) throw Object.assign(new Error(`code-server exited ${server.exitCode}`), { fatal: true });
    return (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })).ok;
  }, 60000).catch((e) => { throw new Error(`${e.message}\n${tail(logFile)}`); });
  return { base, logFile };
}

// ------------------------------------------------------------------ UI helpers
const problemRow = (text) => page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();
const problemsText = async () => (await page.locator('.markers-panel').innerText().catch(() => '')).replace(/\s+/g, ' ');

async function showProblems() {
  // Ctrl+Shift+M toggles; open it only when it is not already visible.
  if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 10000 });
}

/** F1, type a command title, pick the matching row. Retries: the palette can miss keystrokes under load. */
async function runCommand(title) {
  let attempt = 0;
  await until(`command "${title}" in the palette`, async () => {
    if (attempt++) await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 10000 });
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 5000 });
    return true;
  }, 60000, 500);
}

async function openFile(rel) {
  const base = path.basename(rel);
  const tab = page.locator('.tabs-container .tab', { hasText: base });
  let attempt = 0;
  await until(`${rel} opened via Quick Open`, async () => {
    if (await tab.count()) return true;
    if (attempt++) await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(rel);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ state: 'visible', timeout: 20000 });
    await page.keyboard.press('Enter');
    await tab.first().waitFor({ state: 'visible', timeout: 10000 });
    return true;
  }, 90000, 500).finally(() => attempt > 1 && log(`Quick Open needed ${attempt} attempts`));
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines').waitFor({ state: 'visible' });
  return editor;
}

// ------------------------------------------------------------------ checks
async function checkDiagnosticAndQuickFix() {
  const tStep = Date.now();
  const editor = await openFile(SECRET_FILE);
  log(`opened ${SECRET_FILE}`);
  await showProblems();
  const problem = problemRow(SECRET_RULE);
  await problem.waitFor({ state: 'visible', timeout: 90000 });
  const diagText = (await problem.innerText()).replace(/\s+/g, ' ').trim();
  log(`Problems: "${diagText}"`);
  if (diagText.includes(KEY)) throw new Error('the diagnostic shows the secret in full (must be masked)');
  if (!diagText.includes(`${KEY.slice(0, 4)}…${KEY.slice(-4)}`)) log('note: the diagnostic does not show the masked key (AKIA…last4)');
  await editor.locator('.squiggly-warning, .squiggly-error, .squiggly-info').first().waitFor({ state: 'attached', timeout: 10000 });
  log(`1. diagnostic ${SECRET_RULE} + squiggle after ${secs(tStep)}s; screenshot ${await shot('code-server-diagnostic')}`);
  // The code (tabs to the last line) and the Problems panel with the masked value.
  await docImage('diagnostic', [page.locator('.part.editor .tabs-container').first(), page.locator('.markers-panel .monaco-list-row').last()]);

  // Quick fix menu at the problem (VS Code waits for every provider, including the
  // TypeScript server's refactorings, which can take >10 s on a loaded machine).
  // Odd attempts: Ctrl+Home + Alt+F8 (cursor to the next problem) + Escape (close the
  // peek); even attempts: click the Problems row (selects the range) + Ctrl+1 (focus
  // the editor). The first was the more reliable one in runs here.
  const fixRow = page.locator('.action-widget .monaco-list-row.action', { hasText: FIX_TITLE }).first();
  let attempt = 0;
  await until('quick fix menu with the move-to-env fix', async () => {
    if (attempt++) await page.keyboard.press('Escape');
    if (attempt % 2 === 1) {
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Alt+F8');
      await sleep(500);
      await page.keyboard.press('Escape');
    } else {
      await problem.click();
      await page.keyboard.press('Control+1');
    }
    await page.keyboard.press('Control+.');
    await fixRow.waitFor({ state: 'visible', timeout: 15000 }).catch(async (e) => {
      log(`quick fix menu attempt ${attempt} failed`);
      if (DEBUG) await shot(`step-quickfix-attempt-${attempt}`);
      throw e;
    });
    return true;
  }, 60000, 500);
  const offered = (await page.locator('.action-widget .monaco-list-row.action').allInnerTexts()).map((t) => t.trim());
  log(`quick fixes offered: ${JSON.stringify(offered)}; screenshot ${await shot('code-server-quickfix-menu')}`);
  // Cut below NHI's own two fixes: the TypeScript refactorings and snippets after them vary from run to run.
  await docImage('quick-fix', [page.locator('.part.editor .tabs-container').first(), page.locator('.action-widget .monaco-list-row', { hasText: 'Suppress secret/' }).first()], { pad: 4 });
  // VS Code lists preferred quick fixes first: the move-to-env fix must be the preferred one.
  if (!offered[0]?.includes(FIX_TITLE)) throw new Error(`the first (preferred) quick fix is not the move-to-env fix: ${JSON.stringify(offered[0])}`);
  await fixRow.click();
  // The fix also writes .env.local and .gitignore (labelled change annotations, no confirmation:
  // a refactor preview would start those edits unchecked). Should a preview ever open, the test
  // applies it and the .env.local check below catches a partial application.
  const applied = async () => (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ').includes(EXPECT_REFERENCE);
  await until('edit applied (after confirming the refactor preview)', async () => {
    if (await applied()) return true;
    const apply = page.locator('.monaco-button', { hasText: /^Apply$/ }).first();
    if (await apply.isVisible().catch(() => false)) {
      log(`refactor preview shown; screenshot ${await shot('code-server-refactor-preview')}`);
      await apply.click().catch(() => undefined);
    }
    return false;
  }, 20000, 500);
  await page.keyboard.press('Control+S');

  const saved = await until(`${SECRET_FILE} saved with the env reference`, () => {
    const s = readWs(SECRET_FILE);
    return s && s.includes(EXPECT_REFERENCE) && !s.includes(KEY) ? s : null;
  }, 20000);
  log(`${SECRET_FILE} on disk:\n${saved.replace(/^/gm, '    | ')}`);
  // The env file and .gitignore are edited by the same WorkspaceEdit; they must reach the disk too.
  const envLocal = await until('.env.local on disk with the key', () => {
    const s = readWs('.env.local');
    return s && s.includes(`AWS_ACCESS_KEY_ID=${KEY}`) ? s : null;
  }, 15000).catch(async (e) => {
    const dirty = await page.locator('.tabs-container .tab.dirty').allInnerTexts().catch(() => []);
    throw new Error(`${e.message}; .env.local on disk: ${readWs('.env.local') === undefined ? 'missing' : JSON.stringify(maskText(readWs('.env.local')))}; dirty editor tabs: ${JSON.stringify(dirty)}`);
  });
  log(`.env.local on disk: ${JSON.stringify(envLocal)}`);
  // Polled: VS Code writes each saved file in place, so a read can meet it empty mid-write.
  const gitignore = await until('.gitignore on disk ignoring .env.local', () => {
    const text = readWs('.gitignore') ?? '';
    return /^\/?\.env\.local$/m.test(text) ? text : null;
  }, 15000).catch((e) => { throw new Error(`${e.message}; .gitignore on disk: ${JSON.stringify(readWs('.gitignore'))}`); });
  log(`.gitignore on disk: ${JSON.stringify(gitignore)}`);
  await showProblems();
  await until(`${SECRET_RULE} gone from Problems`, async () => (await page.locator('.markers-panel .monaco-list-row', { hasText: SECRET_RULE }).count()) === 0, 15000);
  log(`2. quick fix applied and saved after ${secs(tStep)}s; screenshot ${await shot('code-server-after-fix')}`);
}

async function checkAuditWorkspace() {
  const tStep = Date.now();
  if (await page.locator('.tabs-container .tab', { hasText: path.basename(AUDIT_FILE) }).count()) throw new Error(`${AUDIT_FILE} is open before the audit`);
  if ((await problemsText()).includes(AUDIT_RULE)) throw new Error(`${AUDIT_RULE} is listed before the audit ran`);
  await runCommand('NHI: Audit Workspace');
  await showProblems();
  const row = problemRow(AUDIT_RULE);
  await row.waitFor({ state: 'visible', timeout: 60000 });
  log(`Problems: "${(await row.innerText()).replace(/\s+/g, ' ').trim()}"`);
  const fileRow = page.locator('.markers-panel .monaco-list-row', { hasText: path.basename(AUDIT_FILE) }).first();
  await fileRow.waitFor({ state: 'visible', timeout: 5000 });
  if (await page.locator('.tabs-container .tab', { hasText: path.basename(AUDIT_FILE) }).count()) throw new Error(`the audit opened ${AUDIT_FILE}; its finding must come from the audit, not an editor`);
  // The client reports the audit's outcome as a notification.
  const toast = page.locator('.notifications-toasts', { hasText: 'NHI audit' }).first();
  const toastText = await toast.waitFor({ state: 'visible', timeout: 15000 }).then(() => toast.innerText(), () => '(no "NHI audit" notification seen)');
  log(`notification: ${JSON.stringify(toastText.replace(/\s+/g, ' ').trim())}`);
  log(`3. audit: ${AUDIT_RULE} from unopened ${AUDIT_FILE} after ${secs(tStep)}s; screenshot ${await shot('code-server-audit')}`);
}

async function checkInventoryView() {
  const tStep = Date.now();
  await page.keyboard.press('Escape');
  // The view is a section of the Explorer (package.json contributes.views.explorer), collapsed at first.
  if (!(await page.locator('.part.sidebar .explorer-folders-view').isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+E');
  const header = page.locator('.part.sidebar .pane-header', { hasText: 'NHI Inventory' }).first();
  await header.waitFor({ state: 'visible', timeout: 20000 });
  const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'NHI Inventory' }) }).first();
  // The tree only renders the rows in view: collapse the folder section so the inventory gets the height.
  const foldersHeader = page.locator('.part.sidebar .pane', { has: page.locator('.explorer-folders-view') }).locator('.pane-header').first();
  // Headers are clicked at their left end: the middle holds the view's actions (e.g. "Audit Workspace").
  const AT_TITLE = { position: { x: 16, y: 11 } };
  if ((await foldersHeader.getAttribute('aria-expanded').catch(() => null)) === 'true') await foldersHeader.click(AT_TITLE).catch(() => undefined);
  await until('NHI Inventory section expanded', async () => {
    if ((await header.getAttribute('aria-expanded')) === 'true') return true;
    await header.click(AT_TITLE);
    await sleep(500);
    return (await header.getAttribute('aria-expanded')) === 'true';
  }, 20000, 500);
  const row = (text) => pane.locator('.monaco-list-row', { hasText: text }).first();
  // After the audit the tree groups identities by category (the default grouping).
  const category = row('IAM roles and users');
  await category.waitFor({ state: 'visible', timeout: 30000 }).catch(async (e) => {
    throw new Error(`${e.message.split('\n')[0]}; the section shows ${JSON.stringify((await pane.innerText().catch(() => '')).replace(/\s+/g, ' ').trim())}`);
  });
  // Expand with the keyboard: a click on an identity would run its "Reveal" command and open the file.
  const identity = row('aws_iam_user.ci');
  await until('the IAM user listed under its category', async () => {
    if (await identity.isVisible()) return true;
    await page.mouse.move(700, 350); // away from the header: its action tooltips cover the first row
    await sleep(300);
    await category.click({ position: { x: 24, y: 11 } });
    await sleep(300);
    if ((await category.getAttribute('aria-expanded')) === 'false') await page.keyboard.press('ArrowRight');
    await identity.waitFor({ state: 'visible', timeout: 5000 });
    return true;
  }, 30000, 500);
  const identityText = (await identity.innerText()).replace(/\s+/g, ' ').trim();
  log(`inventory: "${identityText}"`);
  if (!identityText.includes('IAM user') || !identityText.includes('owner reporting')) throw new Error(`the identity row lacks its kind or owner: ${JSON.stringify(identityText)}`);
  // Its details: the long-lived key and the audit's finding.
  const credential = row('Credential');
  const focused = (r) => r.evaluate((el) => el.classList.contains('focused')).catch(() => false);
  let attempt = 0;
  await until('the identity\'s details', async () => {
    if (await credential.isVisible()) return true;
    if (++attempt > 2) {
      await identity.locator('.monaco-tl-twistie').click(); // fallback: the twistie only toggles
    } else {
      // The clicked category has the focus; its first child is the identity.
      if (!(await focused(identity)) && (await focused(category))) await page.keyboard.press('ArrowDown');
      if (!(await focused(identity))) return false;
      await page.keyboard.press('ArrowRight');
    }
    await credential.waitFor({ state: 'visible', timeout: 5000 });
    return true;
  }, 30000, 500);
  const credentialText = (await credential.innerText()).replace(/\s+/g, ' ').trim();
  if (!credentialText.includes('long-lived')) throw new Error(`the credential row does not say long-lived: ${JSON.stringify(credentialText)}`);
  await row(AUDIT_RULE).waitFor({ state: 'visible', timeout: 10000 });
  if (await page.locator('.tabs-container .tab', { hasText: path.basename(AUDIT_FILE) }).count()) log(`note: expanding the inventory opened ${AUDIT_FILE}`);
  const paneText = await pane.innerText();
  if (paneText.includes(KEY)) throw new Error('the inventory shows the secret in full (must be masked)');
  // A wider sidebar for the pictures, so the descriptions are not cut off (cosmetic: never fails).
  await widenSidebar(260).catch((e) => log(`sidebar not widened: ${e.message.split('\n')[0]}`));
  log(`4. inventory lists aws_iam_user.ci with "${credentialText.replace(/^Credential/, 'Credential ')}" and ${AUDIT_RULE} after ${secs(tStep)}s; screenshot ${await shot('code-server-inventory')}`);
  await docImage('inventory', [header, pane.locator('.monaco-list-row').last()], { pad: 2 });
}

/** Drags the sash on the sidebar's right edge by `dx` pixels. */
async function widenSidebar(dx) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const edge = sidebar.x + sidebar.width;
  for (const sash of await page.locator('.monaco-sash.vertical').all()) {
    const box = await sash.boundingBox().catch(() => null);
    if (!box || Math.abs(box.x + box.width / 2 - edge) > 6 || box.height < sidebar.height / 2) continue;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + dx / 2, y, { steps: 4 });
    await page.mouse.move(x + dx, y, { steps: 4 });
    await page.mouse.up();
    await page.mouse.move(x + dx + 300, y); // off the sash, which stays highlighted under the pointer
    await sleep(300);
    return;
  }
  throw new Error('no sash at the sidebar edge');
}

async function checkReport() {
  const tStep = Date.now();
  await page.keyboard.press('Escape');
  await runCommand('NHI: Open Report');
  const tab = page.locator('.tabs-container .tab', { hasText: 'NHI Report' }).first();
  await tab.waitFor({ state: 'visible', timeout: 30000 });
  log(`report tab "${(await tab.innerText()).trim()}" opened`);
  // VS Code nests the webview's document in two iframes: iframe.webview > iframe#active-frame.
  const outer = page.locator('iframe.webview').first();
  await outer.waitFor({ state: 'attached', timeout: 30000 });
  const report = outer.contentFrame().locator('iframe#active-frame').contentFrame();
  const heading = report.locator('h1', { hasText: 'NHI Hygiene report' });
  await heading.waitFor({ state: 'visible', timeout: 30000 });
  const summary = report.locator('section.cards[aria-label="Summary"]');
  await summary.waitFor({ state: 'visible', timeout: 10000 });
  const summaryText = (await summary.innerText()).replace(/\s+/g, ' ').trim();
  const findingsHeading = (await report.locator('#h-findings').innerText()).trim();
  const identitiesHeading = (await report.locator('#h-identities').innerText()).trim();
  log(`report: "${(await heading.innerText()).trim()}"; summary "${summaryText}"; "${findingsHeading}"; "${identitiesHeading}"`);
  if (!/^Findings \([1-9]\d*\)$/.test(findingsHeading)) throw new Error(`the report lists no findings: ${JSON.stringify(findingsHeading)}`);
  if (!/^Identities \([1-9]\d*\)$/.test(identitiesHeading)) throw new Error(`the report lists no identities: ${JSON.stringify(identitiesHeading)}`);
  await report.locator('#findings tbody tr', { hasText: AUDIT_RULE }).first().waitFor({ state: 'attached', timeout: 10000 });
  await report.locator('#identities tbody tr', { hasText: 'aws_iam_user.ci' }).first().waitFor({ state: 'attached', timeout: 10000 });
  if ((await report.locator('body').innerText()).includes(KEY)) throw new Error('the report shows the secret in full (must be masked)');
  // More room for the report's picture: hide the panel (Ctrl+J toggles it).
  if (await page.locator('.part.panel').isVisible().catch(() => false)) {
    await page.keyboard.press('Control+J');
    await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => log('the panel stayed open'));
    await sleep(500);
  }
  log(`5. report shows its summary and ${AUDIT_RULE} after ${secs(tStep)}s; screenshot ${await shot('code-server-report')}`);
  if (DOCS_IMAGES) {
    // The report's picture uses the whole width: hide the sidebar (Ctrl+B toggles it) meanwhile.
    const sidebar = page.locator('.part.sidebar');
    if (await sidebar.isVisible().catch(() => false)) await page.keyboard.press('Control+B');
    await sidebar.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => log('the sidebar stayed open'));
    await heading.waitFor({ state: 'visible', timeout: 10000 });
    await sleep(800); // the webview follows the editor's new size a moment later
    await docImage('report', [page.locator('.part.editor')], { pad: 0, maxHeight: 560 });
    if (!(await sidebar.isVisible().catch(() => false))) await page.keyboard.press('Control+B');
  }
}

async function checkSettingsUi() {
  const tStep = Date.now();
  await page.keyboard.press('Escape');
  await runCommand('Preferences: Open Settings (UI)');
  const settings = page.locator('.settings-editor');
  await settings.waitFor({ state: 'visible', timeout: 20000 });
  await settings.locator('.settings-header .suggest-input-container .monaco-editor').first().click();
  await page.keyboard.type('nhi.');
  // The table of contents lists "Extensions > NHI Hygiene (n)"; n = settings the extension contributes.
  const tocRow = settings.locator('.settings-toc-container .monaco-list-row', { hasText: 'NHI Hygiene' }).first();
  await tocRow.waitFor({ state: 'visible', timeout: 20000 });
  const tocText = (await tocRow.innerText()).replace(/\s+/g, ' ').trim();
  const shown = Number(/\((\d+)\)/.exec(tocText)?.[1]);
  const contributed = Object.keys(PACKAGE_JSON.contributes?.configuration?.properties ?? {}).length;
  if (shown !== contributed) throw new Error(`Settings lists ${tocText}, package.json contributes ${contributed} settings`);
  await tocRow.click();
  await until('NHI settings rendered', async () => {
    const text = await settings.locator('.settings-tree-container').innerText();
    // The list is virtualised: only the first settings (alphabetical) are rendered, so check those.
    return text.includes('Enable') && text.includes('Env File');
  }, 15000);
  log(`6. Settings UI shows "${tocText}" after ${secs(tStep)}s; screenshot ${await shot('code-server-settings')}`);
}

// ------------------------------------------------------------------ main
async function main() {
  prepare();
  const { base, logFile } = await startServer();
  const tServer = Date.now();
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, timeout: 60000, env: isolatedEnv,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(30000);
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  try {
    await page.goto(`${base}/?folder=${encodeURIComponent(dirs.ws)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'src' }).first().waitFor({ state: 'visible', timeout: 90000 });
    log(`workbench ready ${secs(tServer)}s after code-server answered`);
    if (DEBUG) await shot('step-workbench');
    await checkDiagnosticAndQuickFix();
    await checkAuditWorkspace();
    await checkInventoryView();
    await checkReport();
    await checkSettingsUi();
    console.log(`PASS code-server e2e in ${secs()}s`);
  } catch (e) {
    if (cleaned) return; // the watchdog already reported and cleaned up
    const png = await shot('code-server-failure');
    fail(`FAIL: ${e.message}\nscreenshot: ${png}\ncode-server log tail:\n${tail(logFile)}`);
    if (consoleErrors.length) fail(`browser console errors (last 10):\n${consoleErrors.slice(-10).join('\n')}`);
    for (const name of ['remoteexthost.log', '*NHI Hygiene*.log']) {
      const f = findLog(name);
      if (f) fail(`${name} (${f}):\n${tail(f, 40)}`);
    }
    process.exitCode = 1;
  }
}
function findLog(name) {
  const r = spawnSync('find', [dirs.ud, '-name', name], { encoding: 'utf8' });
  return (r.stdout || '').trim().split('\n').filter(Boolean).pop();
}

try { await main(); } catch (e) { fail(`FAIL: ${e.stack || e}`); process.exitCode = 1; }
finally { await cleanup(); clearTimeout(watchdog); }
