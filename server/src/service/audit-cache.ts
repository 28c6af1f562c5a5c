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
 * the analysis; this only decides which files it analyses (`only`).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../engine/config';
import { linkFindings } from '../engine/project/links';
import type { AuditOptions, AuditResult, FileResult, SkippedFile } from '../engine/workspace';

export type AuditFunction = (paths: string[], options: AuditOptions) => Promise<AuditResult>;

export interface IncrementalAuditOptions {
  config: Config;
  isCancelled?(): boolean;
  /** 'checking' while hashing files, 'analysing' while the changed ones are analysed (`reused`: unchanged files so far). */
  onProgress?(phase: 'checking' | 'analysing', done: number, total: number, reused: number): void;
  /**
   * Each file's result, before cross-file linking: reused files as soon as their
   * hash is confirmed, analysed files as they finish. Findings covered by
   * suppression comments are included, marked `suppressed`.
   */
  onFile?(file: FileResult, reused: boolean): void;
}

export interface IncrementalAuditResult {
  /** Every file of the folder (reused and analysed), linked across files; suppressed findings kept. */
  result: AuditResult;
  analysed: number;
  reused: number;
}

interface CachedFile {
  /** SHA-256 of the bytes; '' when not hashed (too large, unreadable): never matches. */
  hash: string;
  bytes: number;
  /** The file's own result, never linked (linking works on copies). */
  result?: FileResult;
  skipped?: SkippedFile['reason'];
}

/** Yield to the event loop after this much synchronous hashing, so the server stays responsive. */
const YIELD_EVERY_MS = 25;

export class FolderAuditCache {
  private readonly files = new Map<string, CachedFile>();
  private configKey: string | undefined;

  constructor(
    readonly root: string,
    private readonly audit: AuditFunction,
  ) {}

  /** Files with a remembered result. */
  get size(): number {
    return this.files.size;
  }

  clear(): void {
    this.files.clear();
    this.configKey = undefined;
  }

  async run(options: IncrementalAuditOptions): Promise<IncrementalAuditResult> {
    const started = Date.now();
    const { config } = options;
    const key = analysisKey(config);
    if (key !== this.configKey) {
      this.files.clear();
      this.configKey = key;
    }

    // 1. The files an audit would analyse (walk with ignores; nothing analysed yet).
    const listed: string[] = [];
    const listing = await this.audit([this.root], {
      config,
      isCancelled: options.isCancelled,
      include: (relative) => {
        listed.push(relative);
        return false;
      },
    });
    listed.sort(compare);
    const absolute = new Map(listed.map((rel) => [rel, path.join(this.root, ...rel.split('/'))]));

    // 2. Hash each file; unchanged ones are reused.
    const maxBytes = config.maxFileSizeKb * 1024;
    const hashes = new Map<string, { hash: string; bytes: number }>();
    const changed = new Set<string>();
    let cancelled = listing.cancelled;
    let lastYield = Date.now();
    for (const [i, rel] of listed.entries()) {
      if (cancelled || options.isCancelled?.()) {
        cancelled = true;
        break;
      }
      const abs = absolute.get(rel)!;
      const digest = hashFile(abs, maxBytes);
      if (digest) hashes.set(abs, digest);
      const cached = this.files.get(abs);
      if (!digest || !cached || cached.hash !== digest.hash) changed.add(abs);
      options.onProgress?.('checking', i + 1, listed.length, i + 1 - changed.size);
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
    }

    if (!cancelled) {
      // Deleted files are forgotten; a deleted `.tf` file changes its module like a changed one.
      const present = new Set(absolute.values());
      const moduleDirs = new Set<string>();
      for (const abs of this.files.keys()) {
        if (present.has(abs)) continue;
        this.files.delete(abs);
        if (abs.endsWith('.tf')) moduleDirs.add(path.dirname(abs));
      }
      for (const abs of changed) if (abs.endsWith('.tf')) moduleDirs.add(path.dirname(abs));
      for (const abs of present) if (abs.endsWith('.tf') && moduleDirs.has(path.dirname(abs))) changed.add(abs);
    }

    // Files whose result below is current: reused after a matching hash, or analysed (or skipped) now.
    const current = new Set<string>();
    let reused = 0;
    if (!cancelled) {
      for (const rel of listed) {
        const abs = absolute.get(rel)!;
        const cached = this.files.get(abs);
        if (changed.has(abs) || !cached) continue;
        reused++;
        current.add(abs);
        if (cached.result) options.onFile?.(cached.result, true);
      }
    }

    // 3. Analyse what changed.
    let analysed = 0;
    if (!cancelled && changed.size > 0) {
      const run = await this.audit([this.root], {
        config,
        keepSuppressed: true,
        // Diagnostics carry no fixes: code actions analyse the open document afresh.
        fixes: false,
        only: listed.map((rel) => absolute.get(rel)!).filter((abs) => changed.has(abs)),
        isCancelled: options.isCancelled,
        onProgress: (done, total) => options.onProgress?.('analysing', done, total, reused),
        onFile: (file) => {
          // A copy, taken before the engine links this run's files across each other.
          const pristine: FileResult = { ...file, findings: file.findings.map((f) => ({ ...f })) };
          const digest = hashes.get(file.absolutePath);
          this.files.set(file.absolutePath, { hash: digest?.hash ?? '', bytes: digest?.bytes ?? 0, result: pristine });
          current.add(file.absolutePath);
          analysed++;
          options.onFile?.(pristine, false);
        },
      });
      cancelled ||= run.cancelled;
      for (const skip of run.skipped) {
        const abs = absolute.get(skip.path);
        if (!abs) continue;
        const digest = hashes.get(abs);
        this.files.set(abs, { hash: digest?.hash ?? '', bytes: digest?.bytes ?? 0, skipped: skip.reason });
        current.add(abs);
      }
    }

    // 4. The folder as a whole (what is current of it, when cancelled), linked across files afresh.
    const files: FileResult[] = [];
    const skipped: SkippedFile[] = listing.skipped.filter((s) => s.reason === 'unreadable');
    let bytesScanned = 0;
    for (const rel of listed) {
      const abs = absolute.get(rel)!;
      if (!current.has(abs)) continue;
      const cached = this.files.get(abs);
      if (cached?.result) {
        files.push({ ...cached.result, findings: cached.result.findings.map((f) => ({ ...f })) });
        bytesScanned += cached.bytes;
      } else if (cached?.skipped) skipped.push({ path: rel, reason: cached.skipped });
    }
    skipped.sort((a, b) => compare(a.path, b.path));
    const linkedUris = [...linkFindings(files.map((f) => ({ uri: f.uri, links: f.links ?? [], findings: f.findings })))];
    return {
      result: { root: this.root, files, filesScanned: files.length, bytesScanned, skipped, durationMs: Date.now() - started, cancelled, linkedUris },
      analysed,
      reused,
    };
  }
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

/** SHA-256 of a regular file's bytes; undefined when unreadable or larger than the audit reads (it skips those itself). */
function hashFile(file: string, maxBytes: number): { hash: string; bytes: number } | undefined {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    const bytes = fs.readFileSync(file);
    return { hash: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  } catch {
    return undefined;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
