/**
 * Incremental workspace audits for the language server: the first audit of a
 * folder analyses every file; later ones hash each file's bytes (SHA-256) and
 * analyse only files that are new or whose hash changed, reusing the last result
 * of the others. A configuration change starts over.
 *
 * Cross-file facts stay right:
 * - a Terraform module is every `.tf` file of a directory, so a changed, new or
 *   deleted `.tf` file re-analyses the other `.tf` files beside it;
 * - related locations across files (project/links.ts) are recomputed over the
 *   whole merged result on every audit, from pristine per-file results (the
 *   cache keeps copies taken before any linking).
 *
 * The engine's auditWorkspace does the walking (gitignore, config ignores) and
 * the analysis — in this thread or in a worker (audit-worker.ts); this only
 * decides which files it analyses.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../engine/config';
import { linkFindings } from '../engine/project/links';
import type { AuditResult, FileResult, SkippedFile } from '../engine/workspace';
import { DIGEST_BYTES, indexOfSorted, inThreadBackend, type AuditBackend, type AuditFunction, type AuditSession } from './audit-worker';

export type { AuditFunction } from './audit-worker';

export interface IncrementalAuditOptions {
  config: Config;
  isCancelled?(): boolean;
  /** 'checking' while hashing files, 'analysing' while the changed ones are analysed (`reused`: unchanged files, known once analysing). */
  onProgress?(phase: 'checking' | 'analysing', done: number, total: number, reused: number): void;
  /**
   * Each file's result, before cross-file linking: reused files as soon as their
   * hash is confirmed, analysed files as they finish. Findings covered by
   * suppression comments are included, marked `suppressed`.
   */
  onFile?(file: FileResult, reused: boolean): void;
  /** Something worth telling the user (e.g. the audit worker stopped and the server's thread took over). */
  onNote?(message: string): void;
}

export interface IncrementalAuditResult {
  /**
   * The folder's files with something to say (findings — suppressed ones kept —, notes,
   * identities or identity links), linked across files; `filesScanned` counts every file.
   */
  result: AuditResult;
  analysed: number;
  reused: number;
}

/**
 * What the last audit knew of each file, by position in its sorted listing: arrays
 * and two small maps rather than an object per file, because for a large folder
 * every per-file object this thread keeps grows its heap (and V8's young generation
 * with it).
 */
interface KnownFiles {
  /** Files with a current result or skip reason, relative to the root, sorted by code unit. */
  paths: string[];
  /** SHA-256 of each file's bytes, 32 bytes per file. */
  digests: Uint8Array;
  /** Bytes of each file; -1: not hashed (too large, unreadable), which never matches. */
  sizes: Float64Array;
  /** The results with something to say (most files have nothing), never linked (linking works on copies). */
  results: Map<string, FileResult>;
  skipped: Map<string, SkippedFile['reason']>;
}

const NOTHING_KNOWN: KnownFiles = { paths: [], digests: new Uint8Array(0), sizes: new Float64Array(0), results: new Map(), skipped: new Map() };

export class FolderAuditCache {
  private known: KnownFiles = NOTHING_KNOWN;
  private configKey: string | undefined;
  /** Files the folder had when last listed: decides where the next audit runs. */
  private listedFiles: number | undefined;

  /**
   * `audit` is the engine's audit; `backend` decides where listing, hashing and
   * analysis run (default: this thread; the server's uses a worker for large folders).
   */
  constructor(
    readonly root: string,
    audit: AuditFunction,
    private readonly backend: AuditBackend = inThreadBackend(audit),
  ) {}

  /** Files with a remembered result. */
  get size(): number {
    return this.known.paths.length;
  }

  clear(): void {
    this.known = NOTHING_KNOWN;
    this.configKey = undefined;
  }

  async run(options: IncrementalAuditOptions): Promise<IncrementalAuditResult> {
    const session = this.backend({ root: this.root, config: options.config, knownFiles: this.listedFiles, onNote: options.onNote });
    try {
      return await this.runIn(session, options);
    } finally {
      await session.close();
    }
  }

  private async runIn(session: AuditSession, options: IncrementalAuditOptions): Promise<IncrementalAuditResult> {
    const started = Date.now();
    const key = analysisKey(options.config);
    if (key !== this.configKey) {
      this.known = NOTHING_KNOWN;
      this.configKey = key;
    }

    // 1–2. The files an audit would analyse (walked with ignores), hashed.
    const listing = await session.list({
      isCancelled: options.isCancelled,
      onProgress: (done, total) => options.onProgress?.('checking', done, total, 0),
    });
    const result: AuditResult = { root: this.root, files: [], filesScanned: 0, bytesScanned: 0, skipped: [], durationMs: 0, cancelled: true, linkedUris: [] };
    if (listing.cancelled) return { result: { ...result, durationMs: Date.now() - started }, analysed: 0, reused: 0 };
    this.listedFiles = listing.paths.length;

    // Unchanged files (same bytes) are reused; a `.tf` file changes with its module (its
    // folder): a changed, new or deleted `.tf` file beside it re-analyses it.
    const known = this.known;
    const listed = listing.paths;
    const state = new Uint8Array(listed.length);
    const moduleDirs = new Set<string>();
    for (const [i, rel] of listed.entries()) {
      const j = indexOfSorted(known.paths, rel);
      if (j < 0 || listing.sizes[i] < 0 || known.sizes[j] < 0 || !sameDigest(listing.digests, i, known.digests, j)) {
        state[i] |= CHANGED;
        if (rel.endsWith('.tf')) moduleDirs.add(folderOf(rel));
      }
    }
    for (const rel of known.paths) if (rel.endsWith('.tf') && indexOfSorted(listed, rel) < 0) moduleDirs.add(folderOf(rel));
    if (moduleDirs.size > 0) for (const [i, rel] of listed.entries()) if (rel.endsWith('.tf') && moduleDirs.has(folderOf(rel))) state[i] |= CHANGED;

    // What is known after this run: files reused now, analysed now, or skipped now (CURRENT).
    const results = new Map<string, FileResult>();
    const skippedNow = new Map<string, SkippedFile['reason']>();
    let reused = 0;
    for (const [i, rel] of listed.entries()) {
      if (state[i] & CHANGED) continue;
      reused++;
      state[i] |= CURRENT;
      const skip = known.skipped.get(rel);
      if (skip) skippedNow.set(rel, skip);
      else {
        const kept = known.results.get(rel);
        if (kept) results.set(rel, kept);
        options.onFile?.(kept ?? this.emptyResult(rel), true);
      }
    }

    // 3. Analyse what changed.
    let analysed = 0;
    let cancelled = false;
    const toAnalyse = listed.filter((_, i) => state[i] & CHANGED);
    if (toAnalyse.length > 0) {
      const position = (rel: string) => {
        const i = indexOfSorted(listed, rel);
        if (i >= 0) state[i] |= CURRENT;
        return i;
      };
      const run = await session.analyse(toAnalyse, {
        isCancelled: options.isCancelled,
        onProgress: (done, total) => options.onProgress?.('analysing', done, total, reused),
        // Results before any cross-file linking, owned by the cache.
        onFile: (pristine) => {
          const i = position(pristine.path);
          if (i < 0) return;
          // The listing's string is the key: the result's own may be garbage soon.
          if (!isEmpty(pristine)) results.set(listed[i], pristine);
          analysed++;
          options.onFile?.(pristine, false);
        },
      });
      cancelled = run.cancelled;
      for (const skip of run.skipped) {
        const i = position(skip.path);
        if (i >= 0) skippedNow.set(listed[i], skip.reason);
      }
    }

    // Remember the current files only: a file changed but not analysed (cancelled) is analysed next time.
    const current = listed.filter((_, i) => state[i] & CURRENT);
    const digests = new Uint8Array(current.length * DIGEST_BYTES);
    const sizes = new Float64Array(current.length);
    for (let i = 0, k = 0; i < listed.length; i++) {
      if (!(state[i] & CURRENT)) continue;
      digests.set(listing.digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES), k * DIGEST_BYTES);
      sizes[k++] = listing.sizes[i];
    }
    this.known = { paths: current, digests, sizes, results, skipped: skippedNow };

    // 4. The folder as a whole (what is current of it, when cancelled), linked across files afresh.
    const files: FileResult[] = [];
    const skipped: SkippedFile[] = [...listing.skipped];
    let filesScanned = 0;
    let bytesScanned = 0;
    for (const [k, rel] of current.entries()) {
      const skip = skippedNow.get(rel);
      if (skip) {
        skipped.push({ path: rel, reason: skip });
        continue;
      }
      filesScanned++;
      bytesScanned += Math.max(0, sizes[k]);
      const kept = results.get(rel);
      // Linking replaces `related` on findings: copies, so the cached results stay pristine.
      if (kept) files.push({ ...kept, findings: kept.findings.map((f) => ({ ...f })) });
    }
    skipped.sort((a, b) => compare(a.path, b.path));
    const linkedUris = [...linkFindings(files.map((f) => ({ uri: f.uri, links: f.links ?? [], findings: f.findings })))];
    return {
      result: { ...result, files, filesScanned, bytesScanned, skipped, durationMs: Date.now() - started, cancelled, linkedUris },
      analysed,
      reused,
    };
  }

  /** What the engine reports for a file with nothing to say. */
  private emptyResult(relative: string): FileResult {
    const absolutePath = path.join(this.root, ...relative.split('/'));
    return { absolutePath, path: relative, uri: pathToFileURL(absolutePath).href, findings: [], notes: [], identities: [], links: [] };
  }
}

const CHANGED = 1;
const CURRENT = 2;

function sameDigest(a: Uint8Array, i: number, b: Uint8Array, j: number): boolean {
  for (let k = 0; k < DIGEST_BYTES; k++) if (a[i * DIGEST_BYTES + k] !== b[j * DIGEST_BYTES + k]) return false;
  return true;
}

function isEmpty(result: FileResult): boolean {
  return result.findings.length === 0 && result.notes.length === 0 && result.identities.length === 0 && (result.links?.length ?? 0) === 0;
}

/** The folder part of a relative path (forward slashes). */
function folderOf(relative: string): string {
  return relative.slice(0, Math.max(0, relative.lastIndexOf('/')));
}

/**
 * What the analysis depends on besides the bytes: the configuration (without the
 * settings that only decide what is shown or when) and the day, since
 * `nhi-ignore … until=` suppressions expire.
 */
function analysisKey(config: Config): string {
  const { audit: _shownOnly, run: _whenOnly, ...rest } = config;
  return `${new Date().toISOString().slice(0, 10)}\u0000${JSON.stringify(rest)}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
