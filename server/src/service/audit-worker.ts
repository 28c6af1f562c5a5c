/**
 * Where the language server's workspace audit does its work — listing the
 * folder, hashing every file, analysing the changed ones: in the server's own
 * thread, or in a worker thread with a bounded heap.
 *
 * Why a worker: a 20,000-file audit reads 130 MB of files and allocates gigabytes
 * of short-lived objects (syntax trees, YAML documents, candidate strings). In the
 * server's thread they land beside everything the server keeps, so V8 grows the
 * heap far past what is alive (the in-thread audit peaked at ~330 MB RSS with
 * ~36 MB live). A worker keeps one file's work at a time; it and everything it
 * allocated — heap, grammars, their wasm memory — go away when the audit ends.
 * Results stream back file by file, as they did in-thread.
 *
 * A worker that fails (out of memory, a crash, no worker script) never fails the
 * audit: the server's thread does what the worker had not done, with a note.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData, type ResourceLimits } from 'node:worker_threads';
import type { Config } from '../engine/config';
import type { AuditOptions, AuditResult, FileResult, SkippedFile } from '../engine/workspace';
import { auditWorkspace } from '../engine/workspace';

export type AuditFunction = (paths: string[], options: AuditOptions) => Promise<AuditResult>;

/** Bytes of a SHA-256 digest. */
export const DIGEST_BYTES = 32;

/**
 * One folder's files as an audit would analyse them, with their content hashes
 * (typed arrays: 20,000 hash strings would be 20,000 objects on the receiver's heap).
 */
export interface FolderListing {
  /** Relative to the root, forward slashes, sorted by code unit. */
  paths: string[];
  /** SHA-256 of each file's bytes, DIGEST_BYTES per file. */
  digests: Uint8Array<ArrayBuffer>;
  /** Bytes of each file; -1 when not hashed (unreadable, too large), which never matches. */
  sizes: Float64Array<ArrayBuffer>;
  /** Folders that could not be read while walking. */
  skipped: SkippedFile[];
  /** Cancelled while listing or hashing: `paths` may be incomplete. */
  cancelled: boolean;
}

export interface PhaseHooks {
  isCancelled?(): boolean;
  onProgress?(done: number, total: number): void;
}

export interface AnalyseHooks extends PhaseHooks {
  /** Each analysed file's result before any cross-file linking; the receiver owns it. */
  onFile(result: FileResult): void;
}

export interface AnalyseOutcome {
  /** Files not analysed, with why (paths relative to the root, like the engine's). */
  skipped: SkippedFile[];
  cancelled: boolean;
}

/** One audit of one folder: list and hash, then analyse some of the files, then close. */
export interface AuditSession {
  list(hooks: PhaseHooks): Promise<FolderListing>;
  /** `files`: relative to the root as listed, in audit order. Keeps suppressed findings; builds no fixes (the editor's code actions do). */
  analyse(files: string[], hooks: AnalyseHooks): Promise<AnalyseOutcome>;
  close(): Promise<void>;
}

export interface SessionRequest {
  root: string;
  config: Config;
  /** Files the folder had when last listed (undefined: never). */
  knownFiles?: number;
  /** Something worth telling the user (the worker stopped and the server's thread took over). */
  onNote?(message: string): void;
}

export type AuditBackend = (request: SessionRequest) => AuditSession;

// --- In the server's thread ----------------------------------------------------------------------

/** Everything in the calling thread, by the engine's audit. */
export function inThreadBackend(audit: AuditFunction): AuditBackend {
  return ({ root, config }) => ({
    list: (hooks) => listFolder(audit, root, config, hooks),
    analyse: (files, hooks) => analyseFiles(audit, root, config, files, hooks),
    close: async () => undefined,
  });
}

/** Yield to the event loop after this much synchronous hashing, so the thread stays responsive. */
const YIELD_EVERY_MS = 25;

/** The files an audit of `root` would analyse (the engine walks: gitignore, config ignores), hashed. */
async function listFolder(audit: AuditFunction, root: string, config: Config, hooks: PhaseHooks): Promise<FolderListing> {
  const listed: string[] = [];
  const walk = await audit([root], {
    config,
    isCancelled: hooks.isCancelled,
    include: (relative) => {
      listed.push(relative);
      return false;
    },
  });
  listed.sort(compare);
  const listing: FolderListing = {
    paths: listed,
    digests: new Uint8Array(listed.length * DIGEST_BYTES),
    sizes: new Float64Array(listed.length),
    skipped: walk.skipped.filter((s) => s.reason === 'unreadable'),
    cancelled: walk.cancelled,
  };
  const maxBytes = config.maxFileSizeKb * 1024;
  let lastYield = Date.now();
  for (const [i, rel] of listed.entries()) {
    if (listing.cancelled || hooks.isCancelled?.()) {
      // What was hashed is not worth sending: a cancelled listing is not used.
      return { ...listing, paths: [], digests: new Uint8Array(0), sizes: new Float64Array(0), cancelled: true };
    }
    listing.sizes[i] = hashFile(path.join(root, ...rel.split('/')), maxBytes, listing.digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES));
    hooks.onProgress?.(i + 1, listed.length);
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
  }
  return listing;
}

async function analyseFiles(audit: AuditFunction, root: string, config: Config, files: string[], hooks: AnalyseHooks): Promise<AnalyseOutcome> {
  const run = await audit([root], {
    config,
    keepSuppressed: true,
    // Diagnostics carry no fixes: code actions analyse the open document afresh.
    fixes: false,
    only: files.map((rel) => path.join(root, ...rel.split('/'))),
    onlyWalked: true,
    isCancelled: hooks.isCancelled,
    onProgress: hooks.onProgress,
    // A copy: the engine links its own results across files after the last one.
    onFile: (file) => hooks.onFile(unlinkedCopy(file)),
  });
  return { skipped: run.skipped, cancelled: run.cancelled };
}

// One buffer, reused for every file hashed: a fresh buffer per file (readFileSync) left
// the process's malloc heap tens of MB larger after hashing 130 MB of files.
let scratch = Buffer.alloc(0);

/**
 * Writes the SHA-256 of a regular file's bytes into `digest` and returns its size; -1 when
 * unreadable or larger than the audit reads (it skips those itself).
 */
function hashFile(file: string, maxBytes: number, digest: Uint8Array): number {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return -1;
    if (scratch.length < stat.size) scratch = Buffer.allocUnsafe(Math.max(stat.size, 256 * 1024));
    let got = 0;
    while (got < stat.size) {
      const n = fs.readSync(fd, scratch, got, stat.size - got, got);
      if (n === 0) break;
      got += n;
    }
    digest.set(createHash('sha256').update(scratch.subarray(0, got)).digest());
    return got;
  } catch {
    return -1;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

// --- In a worker thread --------------------------------------------------------------------------

/**
 * A folder audit in a worker: the first audit of a folder, and any audit of a
 * folder that had this many files (below, the worker's start-up — loading the
 * bundle and compiling grammars, ~0.3 s of CPU — costs more than it saves).
 */
export const MIN_FILES_FOR_WORKER = 1000;

/**
 * The worker's heap bounds. Analysis keeps one file's work alive at a time, but the
 * largest files allowed take tens of MB (a 900 KB multi-document YAML file needed
 * more than 64 MB): the old generation limit is a safety net, not a target — V8
 * sizes the heap by what is alive (~15 MB in a 20,000-file audit, ~30 MB committed).
 * The small young generation (default: up to 32 MB) keeps garbage from growing it.
 */
export const WORKER_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 };

export interface WorkerBackendOptions {
  /** A script that calls runServerAuditWorker() when loaded as a worker (the bundled server); undefined: always in-thread. */
  script: string | undefined;
  /** Small folders, and whatever a failed worker left undone. */
  fallback: AuditBackend;
  minFiles?: number;
  resourceLimits?: ResourceLimits;
}

export function workerBackend(options: WorkerBackendOptions): AuditBackend {
  const minFiles = options.minFiles ?? MIN_FILES_FOR_WORKER;
  return (request) => {
    const large = request.knownFiles === undefined || request.knownFiles >= minFiles;
    if (!options.script || !large) return options.fallback(request);
    return new WorkerSession(options.script, options.resourceLimits ?? WORKER_RESOURCE_LIMITS, request, options.fallback);
  };
}

interface WorkerData {
  nhiServerAuditWorker: true;
  root: string;
  config: Config;
}

type ToWorker = { type: 'analyse'; files: string[] };

type PhaseEnd = 'finished' | 'failed' | 'cancelled';

type FromWorker =
  | { type: 'checking'; done: number; total: number }
  | { type: 'listed'; listing: FolderListing }
  | { type: 'files'; results: FileResult[]; skipped: SkippedFile[] }
  | { type: 'analysed' }
  | { type: 'failed'; message: string };

/** How often the server's thread checks for cancellation while waiting for the worker. */
const CANCEL_POLL_MS = 50;

class WorkerSession implements AuditSession {
  private worker: Worker | undefined;
  /** Why the worker is gone, once it is. */
  private failure: string | undefined;
  private onMessage: ((message: FromWorker) => void) | undefined;
  private onFailure: (() => void) | undefined;
  private fallbackSession: AuditSession | undefined;

  constructor(
    private readonly script: string,
    private readonly resourceLimits: ResourceLimits,
    private readonly request: SessionRequest,
    private readonly fallback: AuditBackend,
  ) {}

  async list(hooks: PhaseHooks): Promise<FolderListing> {
    this.start();
    let listing: FolderListing | undefined;
    const end = await this.phase(hooks, (message, finish) => {
      if (message.type === 'checking') hooks.onProgress?.(message.done, message.total);
      else if (message.type === 'listed') {
        listing = message.listing;
        finish();
      }
    });
    if (listing) return listing;
    if (end === 'cancelled') return { paths: [], digests: new Uint8Array(0), sizes: new Float64Array(0), skipped: [], cancelled: true };
    this.request.onNote?.(`The audit worker stopped (${this.failure}) while listing files; the server's own thread audits this folder.`);
    return this.inThread().list(hooks);
  }

  async analyse(files: string[], hooks: AnalyseHooks): Promise<AnalyseOutcome> {
    if (this.failure !== undefined) return this.inThread().analyse(files, hooks);
    // Flags by position, not a set of 20,000 strings: what this thread keeps during an audit is what grows its heap.
    const answered = new Uint8Array(files.length);
    let answeredCount = 0;
    const answer = (rel: string) => {
      const i = indexOfSorted(files, rel);
      if (i >= 0 && !answered[i]) {
        answered[i] = 1;
        answeredCount++;
      }
    };
    const skipped: SkippedFile[] = [];
    this.post({ type: 'analyse', files });
    const end = await this.phase(hooks, (message, finish) => {
      if (message.type === 'files') {
        for (const skip of message.skipped) {
          answer(skip.path);
          skipped.push(skip);
        }
        for (const result of message.results) {
          // As in-thread: once cancelled, no further file is delivered.
          if (hooks.isCancelled?.()) return finish('cancelled');
          answer(result.path);
          hooks.onFile(result);
          hooks.onProgress?.(answeredCount, files.length);
        }
      } else if (message.type === 'analysed') finish();
    });
    if (end !== 'failed') return { skipped, cancelled: end === 'cancelled' };
    // The worker stopped early: the server's thread analyses what it had not answered.
    const remaining = files.filter((_, i) => !answered[i]);
    this.request.onNote?.(
      `The audit worker stopped (${this.failure}) after ${answeredCount} of ${files.length} files; ` +
        `the other ${remaining.length} are analysed in the server's own thread.`,
    );
    const before = answeredCount;
    const rest = await this.inThread().analyse(remaining, { ...hooks, onProgress: (done) => hooks.onProgress?.(before + done, files.length) });
    return { skipped: [...skipped, ...rest.skipped], cancelled: rest.cancelled };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failure ??= 'closed';
    // Awaited: the worker's memory is released before the server goes on.
    await worker?.terminate().catch(() => undefined);
    await this.fallbackSession?.close();
  }

  private start(): void {
    try {
      const data: WorkerData = { nhiServerAuditWorker: true, root: this.request.root, config: this.request.config };
      // Own stdio: the server's stdout is the LSP channel, nothing else may write to it.
      const worker = new Worker(this.script, { workerData: data, resourceLimits: this.resourceLimits, stdout: true, stderr: true });
      worker.stdout.resume();
      worker.stderr.resume();
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'failed') this.fail(message.message);
        else this.onMessage?.(message);
      });
      worker.on('error', (err) => this.fail(describeFailure(err)));
      worker.on('exit', (code) => this.fail(`it exited with code ${code}`));
      this.worker = worker;
    } catch (err) {
      this.failure = describeFailure(err);
    }
  }

  private fail(reason: string): void {
    if (this.failure !== undefined) return;
    this.failure = reason;
    void this.worker?.terminate().catch(() => undefined);
    this.worker = undefined;
    this.onFailure?.();
  }

  private post(message: ToWorker): void {
    try {
      this.worker?.postMessage(message);
    } catch (err) {
      this.fail(describeFailure(err));
    }
  }

  /**
   * Runs until `handle` calls finish, the worker fails, or the audit is cancelled
   * (then at once: close() stops the worker wherever it is).
   */
  private phase(hooks: PhaseHooks, handle: (message: FromWorker, finish: (end?: PhaseEnd) => void) => void): Promise<PhaseEnd> {
    if (this.failure !== undefined) return Promise.resolve('failed');
    return new Promise<PhaseEnd>((resolve, reject) => {
      const poll = setInterval(() => {
        if (hooks.isCancelled?.()) finish('cancelled');
      }, CANCEL_POLL_MS);
      const finish = (end: PhaseEnd = 'finished') => {
        clearInterval(poll);
        this.onMessage = undefined;
        this.onFailure = undefined;
        resolve(end);
      };
      this.onFailure = () => finish(hooks.isCancelled?.() ? 'cancelled' : 'failed');
      this.onMessage = (message) => {
        try {
          handle(message, finish);
        } catch (err) {
          // The receiver's failure, not the worker's: the audit fails as it would in-thread.
          finish();
          void this.close();
          reject(err);
        }
      };
    });
  }

  private inThread(): AuditSession {
    this.fallbackSession ??= this.fallback(this.request);
    return this.fallbackSession;
  }
}

/** Position of `value` in `sorted` (code-unit order, as listings are), or -1. */
export function indexOfSorted(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const here = sorted[mid];
    if (here === value) return mid;
    if (here < value) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

function describeFailure(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return 'it reached its memory limit';
  const message = err instanceof Error ? err.message : String(err);
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

// --- The worker's side ---------------------------------------------------------------------------

/**
 * Files per engine audit inside the worker. The engine keeps every result of a call
 * until it returns (to link them); in slices, the worker holds at most one slice.
 */
const SLICE_FILES = 256;
/** Results per message to the server's thread. */
const RESULTS_PER_MESSAGE = 16;
/** Listing progress messages, at most this often. */
const PROGRESS_EVERY_MS = 100;

/** True in a worker thread started by workerBackend. */
export function isServerAuditWorker(): boolean {
  return !isMainThread && !!(workerData as Partial<WorkerData> | undefined)?.nhiServerAuditWorker;
}

/** Entry point of the audit worker: the bundled server calls it when loaded as one. */
export function runServerAuditWorker(): void {
  const port = parentPort;
  const data = workerData as WorkerData | undefined;
  if (!port || !data?.nhiServerAuditWorker) return;
  const { root, config } = data;
  const session = inThreadBackend(auditWorkspace)({ root, config });
  const send = (message: FromWorker) => port.postMessage(message);
  // Cancellation is the server thread's: it stops delivering and terminates this worker.
  const guarded = (work: () => Promise<void>) =>
    void work().catch((err: unknown) => send({ type: 'failed', message: `analysis failed: ${describeFailure(err)}` }));

  port.on('message', (message: ToWorker) => {
    if (message.type === 'analyse') {
      guarded(async () => {
        for (let start = 0; start < message.files.length; start += SLICE_FILES) {
          let results: FileResult[] = [];
          const run = await session.analyse(message.files.slice(start, start + SLICE_FILES), {
            onFile: (file) => {
              results.push(file);
              if (results.length >= RESULTS_PER_MESSAGE) {
                send({ type: 'files', results, skipped: [] });
                results = [];
              }
            },
          });
          send({ type: 'files', results, skipped: run.skipped });
        }
        send({ type: 'analysed' });
      });
    }
  });

  guarded(async () => {
    let lastProgress = 0;
    const listing = await session.list({
      onProgress: (done, total) => {
        const now = Date.now();
        if (done < total && now - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = now;
        send({ type: 'checking', done, total });
      },
    });
    // The hashes move to the server's thread, not copied.
    port.postMessage({ type: 'listed', listing } satisfies FromWorker, [listing.digests.buffer, listing.sizes.buffer]);
  });
}

/** A result the engine's later cross-file linking cannot change (it replaces `related` on its own findings). */
function unlinkedCopy(file: FileResult): FileResult {
  return { ...file, findings: file.findings.map((f) => ({ ...f })) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
