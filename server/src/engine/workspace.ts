/**
 * Workspace audit: walk folders (honouring .gitignore, config ignores, skipping
 * node_modules/.git/binaries/oversized files), analyse each file, collect the
 * identity inventory. Used by the CLI (`nhi audit`) and the server's
 * "NHI: Audit Workspace" command.
 *
 * Decisions:
 * - A file named explicitly (a path argument) is analysed even if ignored (as in
 *   gitleaks); it is still skipped when binary or too large. A directory named
 *   explicitly is walked even if it is itself ignored; ignore files below it apply.
 * - `.gitignore` files are honoured from the enclosing git repository's top
 *   (plus `.git/info/exclude`) down to every nested folder, with git's precedence
 *   (deeper files win, `!negation` re-includes). Outside a repository, from the
 *   audited folder down. Ignored folders are never read.
 * - Symbolic links are not followed (no cycles, nothing outside the tree), like git.
 * - Files are read synchronously after an fstat size check; analysis is
 *   synchronous too, so the loop yields to the event loop every few
 *   milliseconds to keep a language server responsive and cancellable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import ignore, { type Ignore } from 'ignore';
import type { Config } from './config';
import type { FileNote, Finding, IdentityFact, LineIndex } from './model';
import { analyzeText } from './analyze';
import type { Rule } from './rule';
import { grammarsForPaths } from './documents/parse';
import { initTreeSitter, type GrammarName } from './documents/tree-sitter';
import { createLineIndex } from './documents/line-index';
import { loadWorkspaceConfig } from './workspace-config';
import { diskProjectFiles, listingSnapshot, type ProjectFiles } from './project/files';
import { linkFindings, type LocatedLink } from './project/links';
import type { AuditCacheHook } from './audit-cache';

/** Rules of a links-only audit: none (the engine still extracts every fact). */
const NO_RULES: Rule[] = [];

export interface Position {
  /** 0-based */
  line: number;
  /** 0-based UTF-16 column */
  character: number;
}

/** A finding with its positions computed (the edge where offsets become line/column). */
export interface LocatedFinding extends Finding {
  start: Position;
  end: Position;
}

export interface LocatedIdentity extends IdentityFact {
  start: Position;
}

export interface FileResult {
  /** Absolute file system path. */
  absolutePath: string;
  /** Relative to the audit root it was found under, forward slashes. */
  path: string;
  uri: string;
  findings: LocatedFinding[];
  notes: (FileNote & { start?: Position })[];
  identities: LocatedIdentity[];
  /** Places of identities in this file, for related information across files (project/links.ts). */
  links?: LocatedLink[];
}

export interface SkippedFile {
  path: string;
  reason: 'too-large' | 'binary' | 'unreadable' | 'ignored';
}

export interface AuditResult {
  /** Absolute root folder of the audit (first path argument, or common parent). */
  root: string;
  files: FileResult[];
  filesScanned: number;
  bytesScanned: number;
  skipped: SkippedFile[];
  durationMs: number;
  cancelled: boolean;
  /** Files whose findings gained related locations in other files after every file was analysed (an editor re-publishes them). */
  linkedUris?: string[];
  /** Files whose result came from `AuditOptions.cache` instead of being analysed. */
  filesFromCache?: number;
}

export interface AuditOptions {
  /** Explicit config; otherwise defaults merged with `.nhi.yaml` found at the root. */
  config?: Config;
  /** Called after each file with results (for streaming into an editor). */
  onFile?(result: FileResult): void;
  onProgress?(done: number, total: number): void;
  isCancelled?(): boolean;
  /** Only these files (absolute paths), e.g. re-audit of changed files. */
  only?: string[];
  /**
   * `only` lists files that a walk of this root with this config selected (the language
   * server lists a folder, then analyses what changed): the ignore rules were applied then and
   * are not read again.
   */
  onlyWalked?: boolean;
  /**
   * Keep findings covered by a suppression comment in FileResult.findings, marked
   * `suppressed` (reporters count them, SARIF lists them as suppressed). Default false.
   */
  keepSuppressed?: boolean;
  /**
   * Worker threads to use besides the calling thread (default 0). Needs
   * `workerScript`; used only when there are enough files to pay for starting them.
   * With workers, onFile is called in completion order (the result is still sorted).
   */
  workers?: number;
  /** Files each worker must have to be worth starting (default MIN_FILES_PER_WORKER; tests lower it). */
  minFilesPerWorker?: number;
  /** A script that calls runAuditWorker() when loaded in a worker thread (the bundled CLI). */
  workerScript?: string;
  /** Extract facts only, run no rules (the language server's index of identity links). */
  linksOnly?: boolean;
  /**
   * Build (and validate) each finding's fixes (default true: reporters list them).
   * The language server's audits need none: code actions analyse the open document afresh.
   */
  fixes?: boolean;
  /** Only files whose path passes (walked files; explicit paths always pass). */
  include?(relativePath: string): boolean;
  /**
   * Consulted (in the calling thread) before a file is analysed: a hit is used as the
   * file's result; each analysed file is offered to `store` before cross-file linking.
   */
  cache?: AuditCacheHook;
}

/** Folders never walked, wherever they are. */
const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Is the path inside a folder no audit ever enters (node_modules, .git …), whatever the ignore files say? */
export function inAlwaysSkippedFolder(absolutePath: string): boolean {
  return absolutePath.split(/[\\/]/).some((segment) => ALWAYS_SKIPPED_DIRS.has(segment));
}
const BINARY_SNIFF_BYTES = 8192;
/** Yield to the event loop after this much synchronous work. */
const YIELD_EVERY_MS = 25;

interface Candidate {
  absolutePath: string;
  path: string;
  /** Named on the command line: analysed even if ignored. */
  explicit: boolean;
}

export async function auditWorkspace(paths: string[], options: AuditOptions = {}): Promise<AuditResult> {
  const started = Date.now();
  const { root, inputs } = resolveAuditInputs(paths);
  const config = options.config ?? loadWorkspaceConfig(root).config;
  const rules = new IgnoreRules(root, config.ignore);

  const skipped: SkippedFile[] = [];
  const candidates: Candidate[] = [];
  // Workers start as soon as the audit is known to be big enough (while this thread still
  // walks, reads the cache and loads its grammars): loading a worker's bundle is ~0.2 s.
  const minFilesPerWorker = options.minFilesPerWorker ?? MIN_FILES_PER_WORKER;
  const settings: FileSettings = { root, config, keepSuppressed: options.keepSuppressed ?? false, linksOnly: options.linksOnly ?? false, fixes: options.fixes ?? true };
  const workers: { pool?: WorkerPool } = {};
  const maxWorkers = options.workerScript ? Math.max(0, options.workers ?? 0) : 0;
  const startWorkers = (files: number) => {
    if (workers.pool || maxWorkers === 0 || files < minFilesPerWorker) return;
    workers.pool = new WorkerPool(options.workerScript!, Math.min(maxWorkers, Math.floor(files / minFilesPerWorker)), settings);
  };
  try {
    if (options.only) {
      startWorkers(options.only.length);
      for (const file of options.only) {
        const abs = path.resolve(file);
        const rel = relativePath(root, abs);
        if (!options.onlyWalked && (abs.split(path.sep).some((seg) => ALWAYS_SKIPPED_DIRS.has(seg)) || rules.isIgnored(abs, false, rules.chainFor(path.dirname(abs))))) {
          skipped.push({ path: rel, reason: 'ignored' });
        } else {
          candidates.push({ absolutePath: abs, path: rel, explicit: false });
        }
      }
    } else {
      inputs.forEach(({ path: input, kind }) => {
        if (kind === 'file') candidates.push({ absolutePath: input, path: relativePath(root, input), explicit: true });
        else {
          const chain = rules.chainFor(path.dirname(input));
          // An explicitly named folder is walked even if the ignore files above it exclude it.
          const inherited = input !== path.dirname(input) && rules.isIgnored(input, true, chain) ? [] : chain;
          walk(input, inherited, rules, root, candidates, skipped, startWorkers);
        }
      });
    }

    const include = options.include;
    const unique = dedupe(candidates)
      .filter((c) => c.explicit || !include || include(c.path))
      .sort((a, b) => comparePaths(a.path, b.path));
    const outcomes: (Outcome | undefined)[] = new Array(unique.length);
    let done = 0;
    const deliver = (index: number, outcome: Outcome) => {
      outcomes[index] = outcome;
      done++;
      if (outcome.kind === 'file') options.onFile?.(outcome.result);
      options.onProgress?.(done, unique.length);
    };

    let cancelled = false;
    let lastYield = Date.now();
    const yieldNow = async () => {
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
    };

    // Cached files first (hashing is cheap next to analysis); only the rest goes to the analysers.
    const cache = options.cache;
    let filesFromCache = 0;
    let pending: number[] = unique.map((_, i) => i);
    if (cache) {
      pending = [];
      for (let i = 0; i < unique.length && !cancelled; i++) {
        if (options.isCancelled?.()) cancelled = true;
        else {
          const hit = cache.lookup(unique[i]);
          if (hit) {
            filesFromCache++;
            deliver(i, { kind: 'file', result: hit.result, bytes: hit.bytes });
          } else pending.push(i);
          await yieldNow();
        }
      }
    }
    const work = pending.map((i) => unique[i]);
    const deliverWork = (j: number, outcome: Outcome) => {
      if (cache && outcome.kind === 'file') cache.store(outcome.result, outcome.bytes);
      deliver(pending[j], outcome);
    };
    // Now the number of files to analyse is known: workers beyond what it pays for stop (all of
    // them when the cache answered for most files).
    const workerCount = cancelled ? 0 : Math.min(maxWorkers, Math.floor(work.length / minFilesPerWorker));
    if (workerCount > 0) startWorkers(work.length);
    const active = workers.pool?.assign(work, deliverWork, workerCount) ? workers.pool : undefined;
    // Grammars of the files to analyse only: a fully cached audit loads none.
    await initTreeSitter(grammarsForPaths(work.map((c) => c.absolutePath)));
    const context = fileContext(settings);
    let nextForCaller = 0;
    while (!cancelled) {
      if (options.isCancelled?.()) {
        cancelled = true;
        break;
      }
      const index = active ? active.takeForCaller() : nextForCaller < work.length ? nextForCaller++ : undefined;
      if (index === undefined) {
        if (!active || active.finished()) break;
        await active.progress();
        continue;
      }
      deliverWork(index, processCandidate(work[index], context));
      await yieldNow();
    }
    await workers.pool?.close();

    const files: FileResult[] = [];
    let bytesScanned = 0;
    outcomes.forEach((outcome, i) => {
      if (!outcome) return;
      if (outcome.kind === 'skip') skipped.push({ path: unique[i].path, reason: outcome.reason });
      else {
        files.push(outcome.result);
        bytesScanned += outcome.bytes;
      }
    });
    skipped.sort((a, b) => comparePaths(a.path, b.path));
    // Identities span files: now that every file is in, link their pieces.
    const linkedUris = [...linkFindings(files.map((f) => ({ uri: f.uri, links: f.links ?? [], findings: f.findings })))];
    return {
      root,
      files,
      filesScanned: files.length,
      bytesScanned,
      skipped,
      durationMs: Date.now() - started,
      cancelled,
      linkedUris,
      ...(cache ? { filesFromCache } : {}),
    };
  } finally {
    // Also when the walk or the cache throws: a worker left running would keep the process alive.
    await workers.pool?.close();
  }
}

// --- Per-file work (the same in the calling thread and in workers) ------------------------------

/** What a worker needs to analyse files exactly like the calling thread (structured-cloneable). */
interface FileSettings {
  root: string;
  config: Config;
  keepSuppressed: boolean;
  linksOnly: boolean;
  fixes: boolean;
}

interface FileContext extends FileSettings {
  maxBytes: number;
  workspaceRoot: string;
  readFile(uri: string): string | undefined;
  project: ProjectFiles;
}

type Outcome = { kind: 'file'; result: FileResult; bytes: number } | { kind: 'skip'; reason: SkippedFile['reason'] };

function fileContext(settings: FileSettings): FileContext {
  const maxBytes = settings.config.maxFileSizeKb * 1024;
  return {
    ...settings,
    maxBytes,
    workspaceRoot: pathToFileURL(settings.root).href,
    readFile: (uri) => readWorkspaceFile(settings.root, uri, maxBytes),
    project: listingSnapshot(diskProjectFiles(() => [settings.root])),
  };
}

/** Never throws: unreadable files are skipped, analysis failures become notes. */
function processCandidate(candidate: Candidate, ctx: FileContext): Outcome {
  const read = readCandidate(candidate.absolutePath, ctx.maxBytes);
  if (read.kind === 'skip') return read;
  return { kind: 'file', result: analyzeFile(candidate, read.text, read.notes, ctx), bytes: read.bytes };
}

// --- Worker pool --------------------------------------------------------------------------------

/**
 * Below this many files per worker, starting a worker (loading the bundle and its grammars,
 * ~0.5 s of CPU) costs more than it saves. Measured on 2 cores (bench workspace): 2,001 files
 * took 2.5 s alone and 2.9 s with a worker; 10,005 files 6.0 s and 5.5 s; 20,010 files 10.1 s
 * and 8.1 s.
 */
const MIN_FILES_PER_WORKER = 2500;
/** Files a worker claims at a time (and answers in one message). */
const BATCH_SIZE = 16;

interface WorkerData {
  nhiAuditWorker: true;
  settings: FileSettings;
}

/**
 * The whole list of files, sent once. Every thread claims files by advancing one shared
 * counter (Atomics), so a worker never waits for the calling thread to hand out work: the
 * caller reads replies only when it yields, and a worker fed batch by batch sat idle for
 * up to 40% of the second half of a 20k-file audit.
 */
interface WorkOrder {
  items: Candidate[];
  /** Int32Array(1): the next unclaimed index. */
  next: SharedArrayBuffer;
}

type WorkerMessage = { kind: 'results'; results: { index: number; outcome: Outcome }[] } | { kind: 'done' };

/**
 * Worker threads that analyse files alongside the calling thread, all claiming from the
 * same counter. A pool that fails to start (or a worker that dies) only means the calling
 * thread does more: files claimed but never answered are analysed by the caller once every
 * live worker has run out of work.
 */
class WorkerPool {
  private items: Candidate[] = [];
  private next = new Int32Array(new SharedArrayBuffer(4));
  private deliver: (index: number, outcome: Outcome) => void = () => undefined;
  private delivered: Uint8Array = new Uint8Array(0);
  private deliveredCount = 0;
  /** Workers alive and not yet done with the work order. */
  private readonly working = new Set<Worker>();
  private readonly workers = new Set<Worker>();
  /** Files claimed but never answered (a worker died), found once the workers are done. */
  private orphans: number[] | undefined;
  private wake: (() => void) | undefined;

  /** Starts the workers; they load while the files to analyse are still being listed (see assign). */
  constructor(script: string, count: number, settings: FileSettings) {
    const data: WorkerData = { nhiAuditWorker: true, settings };
    for (let i = 0; i < count; i++) {
      let worker: Worker;
      try {
        worker = new Worker(script, { workerData: data });
      } catch {
        continue;
      }
      this.workers.add(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'results') {
          for (const r of message.results) {
            if (this.delivered[r.index]) continue;
            this.delivered[r.index] = 1;
            this.deliveredCount++;
            this.deliver(r.index, r.outcome);
          }
        } else this.working.delete(worker);
        this.notify();
      });
      const fail = () => {
        this.workers.delete(worker);
        this.working.delete(worker);
        this.notify();
      };
      worker.on('error', fail);
      worker.on('exit', fail);
      // Not unref'd: while the caller awaits a reply, the workers are what keeps the process alive.
    }
  }

  /**
   * The files to share out, once known; workers beyond `count` stop. False when no worker
   * is left to take any (the caller then works alone).
   */
  assign(items: Candidate[], deliver: (index: number, outcome: Outcome) => void, count: number): boolean {
    this.items = items;
    this.deliver = deliver;
    this.delivered = new Uint8Array(items.length);
    const surplus = [...this.workers].slice(Math.max(0, count));
    for (const worker of surplus) {
      this.workers.delete(worker);
      void worker.terminate().catch(() => 0);
    }
    const order: WorkOrder = { items, next: this.next.buffer as SharedArrayBuffer };
    for (const worker of this.workers) {
      this.working.add(worker);
      worker.postMessage(order);
    }
    return this.workers.size > 0;
  }

  /** Next file for the calling thread, or undefined when all remaining work is with workers. */
  takeForCaller(): number | undefined {
    if (Atomics.load(this.next, 0) < this.items.length) {
      const index = Atomics.add(this.next, 0, 1);
      if (index < this.items.length) return this.claim(index);
    }
    // Everything is claimed; once no live worker is still working, unanswered files are orphans.
    if (this.working.size > 0) return undefined;
    this.orphans ??= [...this.delivered.keys()].filter((i) => !this.delivered[i]);
    const orphan = this.orphans.pop();
    return orphan === undefined ? undefined : this.claim(orphan);
  }

  finished(): boolean {
    return this.deliveredCount >= this.items.length;
  }

  /** Resolves when a worker answered, finished or failed. */
  progress(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  async close(): Promise<void> {
    const workers = [...this.workers];
    this.workers.clear();
    this.working.clear();
    await Promise.all(workers.map((w) => w.terminate().catch(() => 0)));
  }

  /** The caller delivers its own files (deliverWork); mark them so a late duplicate is ignored. */
  private claim(index: number): number {
    if (!this.delivered[index]) {
      this.delivered[index] = 1;
      this.deliveredCount++;
    }
    return index;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/**
 * Entry point of an audit worker: the script given as `workerScript` must call
 * this when loaded in a worker thread (see `isAuditWorker()`); the bundled CLI does.
 */
export function runAuditWorker(): void {
  const data = workerData as WorkerData;
  const port = parentPort;
  if (!port || !data?.nhiAuditWorker) return;
  const context = fileContext(data.settings);
  // The tree-sitter runtime now; each grammar when a batch first needs it.
  void initTreeSitter([]);
  port.once('message', async (order: WorkOrder) => {
    const next = new Int32Array(order.next);
    const { items } = order;
    for (let start = Atomics.add(next, 0, BATCH_SIZE); start < items.length; start = Atomics.add(next, 0, BATCH_SIZE)) {
      const end = Math.min(items.length, start + BATCH_SIZE);
      await initTreeSitter(grammarsForPaths(items.slice(start, end).map((c) => c.absolutePath)));
      const results: { index: number; outcome: Outcome }[] = [];
      for (let index = start; index < end; index++) results.push({ index, outcome: processCandidate(items[index], context) });
      port.postMessage({ kind: 'results', results } satisfies WorkerMessage);
    }
    port.postMessage({ kind: 'done' } satisfies WorkerMessage);
  });
}

/** True inside a worker thread started by auditWorkspace's pool. */
export function isAuditWorker(): boolean {
  return !isMainThread && !!(workerData as WorkerData | undefined)?.nhiAuditWorker;
}

/**
 * Absolute inputs and the audit root: the folder itself for one folder, the
 * file's folder for one file, the deepest common folder for several. Throws for
 * a path that does not exist or is neither a file nor a folder.
 */
export function resolveAuditInputs(paths: string[]): { root: string; inputs: { path: string; kind: 'file' | 'dir' }[] } {
  const inputs = (paths.length > 0 ? paths : ['.']).map((p) => {
    const abs = path.resolve(p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new Error(`Path not found: ${p}`);
    }
    if (!st.isDirectory() && !st.isFile()) throw new Error(`Not a file or folder: ${p}`);
    return { path: abs, kind: st.isDirectory() ? ('dir' as const) : ('file' as const) };
  });
  const root = commonRoot(inputs.map((i) => (i.kind === 'dir' ? i.path : path.dirname(i.path))));
  return { root, inputs };
}

function analyzeFile(candidate: Candidate, text: string, decodeNotes: FileNote[], ctx: FileContext): FileResult {
  const { config, workspaceRoot, readFile, keepSuppressed, project, linksOnly, fixes } = ctx;
  const uri = pathToFileURL(candidate.absolutePath).href;
  const result: FileResult = { absolutePath: candidate.absolutePath, path: candidate.path, uri, findings: [], notes: [], identities: [], links: [] };
  let lines: LineIndex | undefined;
  const at = (offset: number) => (lines ??= createLineIndex(text)).positionAt(offset);
  for (const note of decodeNotes) result.notes.push(note.range ? { ...note, start: at(note.range.start) } : note);
  try {
    const analysis = analyzeText({ uri, path: candidate.path, text }, {
      config,
      workspaceRoot,
      readFile,
      keepSuppressed,
      project,
      fixes,
      ...(linksOnly ? { rules: NO_RULES } : {}),
    });
    for (const f of analysis.findings) {
      // Related places in this file get their line/column now, while the text is at hand.
      const related = f.related?.map((r) => (r.uri === uri ? { ...r, start: at(r.range.start), end: at(r.range.end) } : r));
      result.findings.push({ ...f, ...(related ? { related } : {}), start: at(f.range.start), end: at(f.range.end) });
    }
    for (const l of analysis.links) result.links!.push({ ...l, start: at(l.range.start), end: at(l.range.end) });
    for (const n of analysis.notes) result.notes.push(n.range ? { ...n, start: at(n.range.start) } : n);
    for (const id of analysis.identities) result.identities.push({ ...id, start: at(id.range.start) });
  } catch (err) {
    // One bad file never stops the audit: it becomes a note on that file.
    const msg = err instanceof Error ? err.message : String(err);
    result.notes.push({ kind: 'internal-error', message: `Analysis failed: ${msg.length > 200 ? msg.slice(0, 200) + '…' : msg}` });
  }
  return result;
}

type ReadResult = { kind: 'ok'; text: string; bytes: number; notes: FileNote[] } | { kind: 'skip'; reason: SkippedFile['reason'] };

// One buffer per thread, reused for every read: a fresh buffer per file made each read
// fault in new pages, which cost more than the read itself once two threads allocated
// (20k files: 2.1 s in read() per thread vs 0.3 s single-threaded). decode() copies out.
let scratch = Buffer.alloc(0);
function scratchBuffer(size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, 256 * 1024));
  return scratch.subarray(0, size);
}

/** Size check on the open descriptor first, then one read; binary and encoding decided from the bytes. */
function readCandidate(file: string, maxBytes: number): ReadResult {
  let fd: number | undefined;
  let buf: Buffer;
  try {
    fd = fs.openSync(file, 'r');
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { kind: 'skip', reason: 'unreadable' };
    if (st.size > maxBytes) return { kind: 'skip', reason: 'too-large' };
    buf = scratchBuffer(st.size);
    let got = 0;
    while (got < st.size) {
      const n = fs.readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    buf = buf.subarray(0, got);
  } catch {
    return { kind: 'skip', reason: 'unreadable' };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const decoded = decode(buf);
  return decoded ? { kind: 'ok', text: decoded.text, bytes: buf.length, notes: decoded.notes } : { kind: 'skip', reason: 'binary' };
}

/** Text of a file, or undefined for binary content (a NUL byte in the first 8 KiB, unless UTF-16 with a BOM). */
export function decode(buf: Buffer): { text: string; notes: FileNote[] } | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.toString('utf16le', 2), notes: [] };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return { text: swapped.swap16().toString('utf16le'), notes: [] };
  }
  if (buf.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return undefined;
  // The BOM is not part of the text an editor shows; dropping it keeps columns right.
  const body = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  if (isUtf8(body)) return { text: body.toString('utf8'), notes: [] };
  const text = body.toString('utf8');
  const first = text.indexOf('\ufffd');
  return {
    text,
    notes: [
      {
        kind: 'parse-error',
        message: 'The file is not valid UTF-8; invalid bytes were replaced with U+FFFD before analysis.',
        range: first >= 0 ? { start: first, end: first + 1 } : undefined,
      },
    ],
  };
}

/** For fixes that read another workspace file (e.g. .gitignore): only inside the root, only text. */
function readWorkspaceFile(root: string, uri: string, maxBytes: number): string | undefined {
  try {
    const file = uri.startsWith('file:') ? fileURLToPath(uri) : path.resolve(root, uri);
    const rel = path.relative(root, file);
    if (!isInside(rel)) return undefined;
    const read = readCandidate(file, maxBytes);
    return read.kind === 'ok' ? read.text : undefined;
  } catch {
    return undefined;
  }
}

/** `found(n)` hears the running count of files (the audit starts workers once there are enough). */
function walk(dir: string, chain: Matcher[], rules: IgnoreRules, root: string, out: Candidate[], skipped: SkippedFile[], found?: (files: number) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    skipped.push({ path: relativePath(root, dir) || '.', reason: 'unreadable' });
    return;
  }
  const own = entries.some((e) => e.name === '.gitignore' && e.isFile()) ? rules.matcherFor(dir) : undefined;
  const here = own ? [...chain, own] : chain;
  for (const entry of entries) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED_DIRS.has(entry.name) || rules.isIgnored(abs, true, here)) continue;
      walk(abs, here, rules, root, out, skipped, found);
    } else if (entry.isFile()) {
      if (rules.isIgnored(abs, false, here)) continue;
      out.push({ absolutePath: abs, path: relativePath(root, abs), explicit: false });
      found?.(out.length);
    }
    // Symbolic links, sockets, FIFOs …: not followed, not read.
  }
}

interface Matcher {
  /** Folder the patterns are relative to, with a trailing separator. */
  base: string;
  ig: Ignore;
}

/** The .gitignore files of a tree (read once each) and the config's ignore patterns. */
class IgnoreRules {
  private readonly byDir = new Map<string, Matcher | undefined>();
  private readonly gitTops = new Map<string, string | undefined>();
  private readonly chains = new Map<string, Matcher[]>();
  private readonly configMatcher: Matcher | undefined;

  constructor(private readonly root: string, patterns: string[]) {
    this.configMatcher = patterns.length > 0 ? { base: withSep(root), ig: ignore().add(patterns) } : undefined;
  }

  /** The .gitignore of one folder (and .git/info/exclude at a repository top). */
  matcherFor(dir: string): Matcher | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    let patterns = '';
    for (const file of [path.join(dir, '.git', 'info', 'exclude'), path.join(dir, '.gitignore')]) {
      // Most folders have neither: asked without an exception (a failed read throws an Error
      // with a stack, twice per folder walked).
      if (!fs.statSync(file, { throwIfNoEntry: false })) continue;
      try {
        patterns += fs.readFileSync(file, 'utf8') + '\n';
      } catch {
        // Unreadable: nothing to honour.
      }
    }
    const matcher = patterns.trim() ? { base: withSep(dir), ig: ignore().add(patterns) } : undefined;
    this.byDir.set(dir, matcher);
    return matcher;
  }

  /** Matchers that apply inside `dir`: from the repository top (or the audit root outside a repository) down to `dir`. Remembered per folder. */
  chainFor(dir: string): Matcher[] {
    let chain = this.chains.get(dir);
    if (!chain) {
      chain = this.buildChain(dir);
      this.chains.set(dir, chain);
    }
    return chain;
  }

  private buildChain(dir: string): Matcher[] {
    // Outside a repository only the ignore files from the audit root down count.
    const top = this.gitTop(dir) ?? this.root;
    const rel = path.relative(top, dir);
    if (!isInside(rel)) return [];
    const dirs = [top];
    let current = top;
    for (const seg of rel ? rel.split(path.sep) : []) {
      current = path.join(current, seg);
      dirs.push(current);
    }
    return dirs.map((d) => this.matcherFor(d)).filter((m): m is Matcher => !!m);
  }

  /** Git semantics: the deepest ignore file with an opinion decides; config patterns add to it. */
  isIgnored(abs: string, isDir: boolean, chain: Matcher[]): boolean {
    for (let i = chain.length - 1; i >= 0; i--) {
      const rel = relativeTo(chain[i].base, abs, isDir);
      if (rel === undefined) continue;
      const r = chain[i].ig.test(rel);
      if (r.ignored) return true;
      if (r.unignored) break;
    }
    if (this.configMatcher) {
      const rel = relativeTo(this.configMatcher.base, abs, isDir);
      if (rel !== undefined && this.configMatcher.ig.ignores(rel)) return true;
    }
    return false;
  }

  /**
   * The folder holding the repository's `.git` (or undefined). Every folder passed on the way up
   * has the same answer and is remembered with it: an audit of listed files asks for thousands
   * of folders, and each asked the file system once per level up to the root.
   */
  private gitTop(dir: string): string | undefined {
    const passed: string[] = [];
    let top: string | undefined;
    for (let d = dir; ; ) {
      if (this.gitTops.has(d)) {
        top = this.gitTops.get(d);
        break;
      }
      passed.push(d);
      if (fs.existsSync(path.join(d, '.git'))) {
        top = d;
        break;
      }
      const parent = path.dirname(d);
      if (parent === d) break;
      d = parent;
    }
    for (const d of passed) this.gitTops.set(d, top);
    return top;
  }
}

/** Is a path.relative() result inside (or equal to) its base? */
function isInside(rel: string): boolean {
  return rel === '' || (!path.isAbsolute(rel) && rel !== '..' && !rel.startsWith('..' + path.sep));
}

function withSep(dir: string): string {
  return dir.endsWith(path.sep) ? dir : dir + path.sep;
}

/** Path of `abs` relative to `base` (which ends with a separator) in ignore-package form, or undefined if outside. */
function relativeTo(base: string, abs: string, isDir: boolean): string | undefined {
  if (!abs.startsWith(base)) return undefined;
  let rel = abs.slice(base.length);
  if (!rel) return undefined;
  if (path.sep !== '/') rel = rel.split(path.sep).join('/');
  return isDir ? rel + '/' : rel;
}

/** Forward-slash path relative to the root (what reports and fingerprints use). */
export function relativePath(root: string, abs: string): string {
  // The walk's paths are the root joined with names: a prefix cut (path.relative resolves both, per file).
  if (abs.length > root.length + 1 && abs.startsWith(root) && abs[root.length] === path.sep && isNormalRoot(root)) {
    const rest = abs.slice(root.length + 1);
    if (!/(?:^|[\\/])\.\.?(?:[\\/]|$)|[\\/]{2}|^[\\/]|[\\/]$/.test(rest)) return path.sep === '/' ? rest : rest.split(path.sep).join('/');
  }
  const rel = path.relative(root, abs);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

let lastRoot: { root: string; normal: boolean } | undefined;
function isNormalRoot(root: string): boolean {
  if (lastRoot?.root !== root) lastRoot = { root, normal: path.isAbsolute(root) && !root.endsWith(path.sep) && path.normalize(root) === root };
  return lastRoot.normal;
}

/** Deepest folder containing all of the given folders. */
export function commonRoot(dirs: string[]): string {
  let root = dirs[0];
  for (const d of dirs.slice(1)) {
    while (root !== path.dirname(root) && !isInside(path.relative(root, d))) root = path.dirname(root);
  }
  return root;
}

function dedupe(candidates: Candidate[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const c of candidates) {
    const prev = seen.get(c.absolutePath);
    if (!prev || (c.explicit && !prev.explicit)) seen.set(c.absolutePath, c);
  }
  return [...seen.values()];
}

/** Byte-wise order (not locale-dependent), so reports are identical on every machine. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
