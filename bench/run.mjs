// npm run bench: throughput of `nhi audit` on a generated workspace and
// as-you-type latency (edit → pulled diagnostics) on a 5,000-line file through
// the language server over stdio. Prints a summary table and writes
// .bench/results.json. Figures are measurements, not assertions.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { generateWorkspace, largeTypeScript } from './generate.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const benchDir = path.join(root, '.bench');
const FILES = Number(process.env.NHI_BENCH_FILES ?? 3000);
const EDITS = Number(process.env.NHI_BENCH_EDITS ?? 200);
const LINES = Number(process.env.NHI_BENCH_LINES ?? 5000);

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Rule ids the spine shipped with: the baseline for "how much do the other rules cost". */
const SPINE_RULES = ['secret/aws-access-key-id', 'privilege/iam-wildcard-action', 'ownership/missing-owner-tag', 'credential/aws-iam-access-key'];

function runAudit(ws, extraArgs) {
  const out = path.join(benchDir, 'audit.json');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'bin/nhi.js'), 'audit', ws, '--format', 'json', '--output', out, '--fail-on', 'off', ...extraArgs], {
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`nhi audit exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  const findings = (report.files ?? []).reduce((n, f) => n + (f.findings?.length ?? 0), 0);
  return { ms, findings };
}

/** All registered rule ids, read from the SARIF rule list (every rule is declared there). */
function registeredRuleIds(ws) {
  const out = path.join(benchDir, 'rules.sarif');
  spawnSync(process.execPath, [path.join(root, 'bin/nhi.js'), 'audit', path.join(ws, '.gitignore'), '--format', 'sarif', '--output', out, '--fail-on', 'off']);
  return JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].tool.driver.rules.map((r) => r.id);
}

function auditThroughput() {
  const ws = path.join(benchDir, 'workspace');
  const { files, bytes } = generateWorkspace(ws, FILES);
  const all = registeredRuleIds(ws);
  const spineConfig = path.join(benchDir, 'spine-rules.nhi.yaml');
  fs.writeFileSync(spineConfig, `rules:\n${all.filter((id) => !SPINE_RULES.includes(id)).map((id) => `  ${JSON.stringify(id)}: off\n`).join('')}`);
  const measure = (extraArgs) => {
    const runs = [];
    let findings = 0;
    for (let i = 0; i < 3; i++) {
      const r = runAudit(ws, extraArgs);
      runs.push(r.ms);
      findings = r.findings;
    }
    const best = Math.min(...runs);
    return {
      runsMs: runs.map((x) => Math.round(x)),
      bestMs: Math.round(best),
      filesPerSecond: Math.round(files / (best / 1000)),
      megabytesPerSecond: +(bytes / 1e6 / (best / 1000)).toFixed(2),
      findings,
    };
  };
  const allRules = measure([]);
  const spineRules = measure(['--config', spineConfig]);
  return { files, megabytes: bytes / 1e6, rules: all.length, allRules, spineRules, slowdown: +(allRules.bestMs / spineRules.bestMs).toFixed(2) };
}

async function typingLatency() {
  const rpc = require('vscode-languageserver-protocol/node');
  const spawned = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  connection.onNotification('textDocument/publishDiagnostics', () => {});
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  const wsDir = path.join(benchDir, 'typing');
  fs.mkdirSync(wsDir, { recursive: true });
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: `file://${wsDir}`,
    workspaceFolders: [{ uri: `file://${wsDir}`, name: 'typing' }],
    capabilities: {
      textDocument: { diagnostic: { dynamicRegistration: false }, synchronization: { didSave: true }, codeAction: {} },
      workspace: { configuration: true, workspaceFolders: true },
    },
    initializationOptions: { trusted: true },
  });
  await connection.sendNotification('initialized', {});
  const text = largeTypeScript(LINES);
  const uri = `file://${wsDir}/big.ts`;
  let version = 1;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text } });
  const first0 = performance.now();
  const first = await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const firstMs = performance.now() - first0;
  const coldStartMs = performance.now() - spawned;
  const diagnosticsOnOpen = first.items?.length ?? 0;
  const times = [];
  const lineCount = text.split('\n').length;
  for (let i = 0; i < EDITS; i++) {
    // Type one character somewhere in the middle of the file, as a user would.
    const line = Math.floor((i * 37) % (lineCount - 2)) + 1;
    version++;
    const t0 = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }],
    });
    await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    times.push(performance.now() - t0);
  }
  let peakRssMb = NaN;
  try {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    if (m) peakRssMb = Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux: no figure
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  child.kill();
  times.sort((a, b) => a - b);
  return {
    lines: LINES,
    edits: EDITS,
    diagnosticsOnOpen,
    firstAnalysisMs: Math.round(firstMs),
    coldStartMs: Math.round(coldStartMs),
    p50Ms: +percentile(times, 50).toFixed(1),
    p95Ms: +percentile(times, 95).toFixed(1),
    maxMs: +times[times.length - 1].toFixed(1),
    serverPeakRssMb: peakRssMb,
  };
}

fs.mkdirSync(benchDir, { recursive: true });
const audit = auditThroughput();
for (const [label, r] of [[`all ${audit.rules} rules`, audit.allRules], [`spine's ${SPINE_RULES.length} rules`, audit.spineRules]]) {
  console.log(`nhi audit, ${label}: ${audit.files} files, ${audit.megabytes.toFixed(2)} MB in ${r.bestMs} ms (best of ${r.runsMs.join('/')} ms)`);
  console.log(`  → ${r.filesPerSecond} files/s, ${r.megabytesPerSecond} MB/s, ${r.findings} findings`);
}
console.log(`  all rules / spine rules: ${audit.slowdown}× the time`);
const typing = await typingLatency();
console.log(`as-you-type on a ${typing.lines}-line TypeScript file (${typing.edits} edits, didChange → textDocument/diagnostic):`);
console.log(`  cold start (spawn → first diagnostics) ${typing.coldStartMs} ms, first analysis ${typing.firstAnalysisMs} ms, p50 ${typing.p50Ms} ms, p95 ${typing.p95Ms} ms, max ${typing.maxMs} ms; ${typing.diagnosticsOnOpen} diagnostics; server peak RSS ${typing.serverPeakRssMb} MB`);
fs.writeFileSync(path.join(benchDir, 'results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, audit, typing }, null, 2) + '\n');
