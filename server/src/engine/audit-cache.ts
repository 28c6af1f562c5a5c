/**
 * Content-hash cache of per-file audit results (`nhi audit --cache`): a file whose
 * bytes, engine and settings are unchanged since the last audit is not analysed again.
 *
 * Decisions:
 * - The key of a file is sha256 over the engine identity, the settings hash, the
 *   file's relative path (fingerprints and test-path severities depend on it) and
 *   its bytes. A `.tf` file's key also covers every `.tf` file of its directory:
 *   a Terraform module spans files (provider default_tags in providers.tf decide
 *   iam.tf's findings; project/terraform-module.ts).
 * - Results are stored BEFORE the cross-file linking pass (project/links.ts), with
 *   their `links`; the audit re-links every file, cached or not, so related
 *   locations follow the current state of the other files.
 * - Only what reporters print is stored: fixes keep their title and kind but no
 *   edits (an edit moving a secret to .env.local would hold the raw value); note
 *   messages are scrubbed like the reporters do. Finding messages are masked by the engine.
 * - Results that depend on more than the bytes are not stored: a time-budget stop
 *   or an internal error (retried next time). A result whose suppression has expired
 *   since it was stored is a miss (`until=` dates depend on today).
 * - One entry per relative path, so the file does not grow with history; entries of
 *   files this audit did not reach are kept only while the file exists.
 * - A missing, unreadable, corrupt or foreign cache file is an empty cache, never an error.
 * - Content hashes are remembered with the file's size, mtime, ctime and inode (git's index
 *   does the same): a file whose metadata is unchanged is not read again. Only files last
 *   changed well before they were hashed are remembered (RACY_MARGIN_MS), so a write in the
 *   same timestamp tick as the read cannot hide behind an unchanged mtime; ctime, which no
 *   tool can set back, catches a content change whose mtime was restored.
 * - An audit that changed nothing does not rewrite the cache file.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config } from './config';
import { mask } from './mask';
import { isExpired } from './suppress';
import type { FileResult } from './workspace';

/** Default location, relative to the audit root: node_modules is never walked and is git-ignored in JavaScript repositories. */
export const DEFAULT_CACHE_LOCATION = path.join('node_modules', '.cache', 'nhi', 'audit-cache.json');

const FORMAT = 1;

/**
 * A hash is remembered only for a file whose mtime and ctime are at least this much older
 * than the audit: coarse filesystem clocks (FAT: 2 s) could otherwise show the same mtime
 * for a write made just after it was read.
 */
const RACY_MARGIN_MS = 3000;

/** A remembered content hash: the metadata it was read under, then the hash. */
type HashMemo = [size: number, mtimeMs: number, ctimeMs: number, ino: number, hash: string];

/** The hook `auditWorkspace` consults (AuditOptions.cache). */
export interface AuditCacheHook {
  /** A stored result for this file's current content, or undefined (then the file is analysed). */
  lookup(file: { absolutePath: string; path: string }): { result: FileResult; bytes: number } | undefined;
  /** A freshly analysed file's result, before cross-file linking. */
  store(result: FileResult, bytes: number): void;
}

interface StoredEntry {
  key: string;
  bytes: number;
  result: FileResult;
}

interface CacheFile {
  nhiAuditCache: number;
  engine: string;
  settings: string;
  root: string;
  entries: Record<string, StoredEntry>;
  /** Remembered content hashes by path (relative to `root` when under it); optional. */
  hashes?: Record<string, HashMemo>;
}

export interface AuditCacheOptions {
  /** Cache file (absolute). */
  file: string;
  /** Absolute audit root: stored URIs are absolute, so a cache of another root is not used. */
  root: string;
  /** Engine version and build: a new engine never uses an old engine's results. */
  engine: string;
  config: Config;
  /** Anything else that changes results (e.g. keepSuppressed). */
  settings?: Record<string, unknown>;
  /** Today's date (YYYY-MM-DD), for expired suppressions; default: UTC today. */
  today?: string;
  /** The clock (ms since the epoch) for RACY_MARGIN_MS; tests move it. Default Date.now. */
  now?: () => number;
}

export interface AuditCacheStats {
  hits: number;
  misses: number;
  stored: number;
  /** Files read and hashed. */
  hashed: number;
  /** Files whose remembered hash was used (metadata unchanged): not read. */
  hashesRemembered: number;
  /** Whether save() wrote the file (false: nothing changed, or not saved yet). */
  written: boolean;
}

export class AuditCache implements AuditCacheHook {
  readonly stats: AuditCacheStats = { hits: 0, misses: 0, stored: 0, hashed: 0, hashesRemembered: 0, written: false };
  /** Why an existing cache file was not used (for a warning), if it was not. */
  readonly discarded: string | undefined;
  private readonly settingsHash: string;
  private readonly old: Map<string, StoredEntry>;
  private readonly next = new Map<string, StoredEntry>();
  /** Keys computed by lookup, reused by store. */
  private readonly keys = new Map<string, string>();
  /** sha256 of each file read, by absolute path (a module's siblings are hashed once). */
  private readonly contentHashes = new Map<string, string | undefined>();
  private readonly maxBytes: number;
  private readonly today: string;
  private readonly oldHashes: Map<string, HashMemo>;
  private readonly nextHashes = new Map<string, HashMemo>();
  /** Files changed after this (ms) are not remembered by metadata. */
  private readonly rememberBefore: number;
  /** Something this audit learnt differs from the file read (see save()). */
  private changed = false;

  constructor(private readonly options: AuditCacheOptions) {
    this.settingsHash = settingsHash(options.config, options.settings);
    this.maxBytes = options.config.maxFileSizeKb * 1024;
    this.today = options.today ?? new Date().toISOString().slice(0, 10);
    const loaded = readCacheFile(options.file, { engine: options.engine, settings: this.settingsHash, root: options.root });
    this.old = loaded.entries;
    this.oldHashes = loaded.hashes;
    this.discarded = loaded.discarded;
    // A file that could not be read, or was another engine's, is replaced.
    this.changed = !loaded.current;
    this.rememberBefore = (options.now ?? Date.now)() - RACY_MARGIN_MS;
  }

  lookup(file: { absolutePath: string; path: string }): { result: FileResult; bytes: number } | undefined {
    const key = this.keyOf(file.absolutePath, file.path);
    if (key === undefined) {
      this.stats.misses++;
      return undefined;
    }
    this.keys.set(file.path, key);
    const entry = this.old.get(file.path);
    if (!entry || entry.key !== key || entry.result.absolutePath !== file.absolutePath || hasExpiredSuppression(entry.result, this.today)) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    this.next.set(file.path, entry);
    // A copy: the audit's linking pass adds related locations to these objects.
    return { result: structuredClone(entry.result), bytes: entry.bytes };
  }

  store(result: FileResult, bytes: number): void {
    const key = this.keys.get(result.path) ?? this.keyOf(result.absolutePath, result.path);
    if (key === undefined || !isCacheable(result)) return;
    // Copied now: linking later mutates the audit's objects.
    this.next.set(result.path, { key, bytes, result: sanitizeForCache(result) });
    this.stats.stored++;
  }

  /**
   * Writes the cache (atomically: a temp file renamed over the old one), unless it would
   * be the same as the file read. Returns an error message instead of throwing.
   */
  save(): string | undefined {
    const entries: Record<string, StoredEntry> = {};
    let changed = this.changed || this.stats.stored > 0;
    // Files this audit did not reach (e.g. --changed-since) keep their entry while they exist.
    for (const [rel, entry] of this.old) {
      if (this.next.get(rel) === entry) continue;
      if (!this.keys.has(rel) && !this.next.has(rel) && fs.existsSync(entry.result.absolutePath)) entries[rel] = entry;
      else changed = true;
    }
    for (const [rel, entry] of this.next) entries[rel] = entry;
    const hashes: Record<string, HashMemo> = {};
    for (const [file, memo] of this.oldHashes) {
      if (this.contentHashes.has(file)) continue;
      if (fs.existsSync(file)) hashes[this.memoKey(file)] = memo;
      else changed = true;
    }
    for (const [file, memo] of this.nextHashes) {
      hashes[this.memoKey(file)] = memo;
      const old = this.oldHashes.get(file);
      if (!old || old.some((v, i) => v !== memo[i])) changed = true;
    }
    // A remembered hash that was not remembered again (the file changed, or became too recent).
    for (const file of this.oldHashes.keys()) if (this.contentHashes.has(file) && !this.nextHashes.has(file)) changed = true;
    if (!changed) return undefined;
    const data: CacheFile = { nhiAuditCache: FORMAT, engine: this.options.engine, settings: this.settingsHash, root: this.options.root, entries, hashes };
    const file = this.options.file;
    const temp = `${file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(temp, JSON.stringify(data));
      fs.renameSync(temp, file);
      this.stats.written = true;
      return undefined;
    } catch (err) {
      try {
        fs.rmSync(temp, { force: true });
      } catch {
        // Nothing left to clean.
      }
      return err instanceof Error ? err.message : String(err);
    }
  }

  private keyOf(absolutePath: string, relativePath: string): string | undefined {
    const own = this.contentHash(absolutePath);
    if (own === undefined) return undefined;
    const h = createHash('sha256').update(`${this.options.engine}\0${this.settingsHash}\0${relativePath}\0${own}`);
    if (absolutePath.endsWith('.tf')) {
      const siblings = this.moduleHashes(path.dirname(absolutePath));
      if (siblings === undefined) return undefined;
      h.update(`\0${siblings}`);
    }
    return h.digest('hex');
  }

  /** Name and content hash of every `.tf` file of a directory (the same set project/files.ts lists). */
  private moduleHashes(dir: string): string | undefined {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.endsWith('.tf')).sort();
    } catch {
      return undefined;
    }
    // The module's files are all hashed anyway when the folder is audited; an odd sibling just makes its neighbours miss.
    return names.map((n) => `${n}:${this.contentHash(path.join(dir, n)) ?? '-'}`).join('\0');
  }

  private contentHash(file: string): string | undefined {
    if (this.contentHashes.has(file)) return this.contentHashes.get(file);
    let hash: string | undefined;
    try {
      const st = fs.lstatSync(file);
      if (st.isFile() && st.size <= this.maxBytes) {
        const memo = this.oldHashes.get(file);
        if (memo && memo[0] === st.size && memo[1] === st.mtimeMs && memo[2] === st.ctimeMs && memo[3] === st.ino) {
          hash = memo[4];
          this.stats.hashesRemembered++;
        } else {
          hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
          this.stats.hashed++;
        }
        if (st.mtimeMs < this.rememberBefore && st.ctimeMs < this.rememberBefore) this.nextHashes.set(file, [st.size, st.mtimeMs, st.ctimeMs, st.ino, hash]);
      }
    } catch {
      hash = undefined;
    }
    this.contentHashes.set(file, hash);
    return hash;
  }

  /** Where a remembered hash is stored: relative to the root when under it (shorter, and the root is checked on load). */
  private memoKey(file: string): string {
    const prefix = this.options.root.endsWith(path.sep) ? this.options.root : this.options.root + path.sep;
    return file.startsWith(prefix) ? file.slice(prefix.length) : file;
  }
}

/** sha256 of the settings that change results, independent of key order. */
export function settingsHash(config: Config, extra: Record<string, unknown> = {}): string {
  return createHash('sha256').update(stableJson({ config, extra })).digest('hex');
}

/** JSON with object keys sorted, so equal settings hash equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Results that depend only on the file's bytes (and the key's other parts). */
export function isCacheable(result: FileResult): boolean {
  return !result.notes.some((n) => n.kind === 'time-budget' || n.kind === 'internal-error');
}

/** A copy holding only what reporters print: fix titles and kinds (no edits), scrubbed notes. */
export function sanitizeForCache(result: FileResult): FileResult {
  return {
    ...result,
    findings: result.findings.map((f) => ({
      ...f,
      fixes: f.fixes.map((x) => ({ title: x.title, kind: x.kind, edits: [] })),
      ...(f.related ? { related: f.related.map((r) => ({ ...r })) } : {}),
    })),
    notes: result.notes.map((n) => ({ ...n, message: scrubLongTokens(n.message) })),
    identities: result.identities.map((i) => ({ ...i })),
    ...(result.links ? { links: result.links.map((l) => ({ ...l })) } : {}),
  };
}

/**
 * Notes carry parser messages that can quote file content: long mixed tokens are
 * masked (the same rule as the CLI reporters' scrub).
 */
function scrubLongTokens(text: string): string {
  return text.replace(/[A-Za-z0-9+/=_\-.:]{20,}/g, (token) => (/[0-9]/.test(token) && /[A-Za-z]/.test(token) ? mask(token) : token));
}

function hasExpiredSuppression(result: FileResult, today: string): boolean {
  return result.findings.some((f) => f.suppressed?.until !== undefined && isExpired(f.suppressed.until, today));
}

interface LoadedCache {
  entries: Map<string, StoredEntry>;
  hashes: Map<string, HashMemo>;
  /** The file was read and belongs to this engine, settings and root. */
  current: boolean;
  discarded?: string;
}

function readCacheFile(file: string, expect: { engine: string; settings: string; root: string }): LoadedCache {
  const empty = (discarded?: string): LoadedCache => ({ entries: new Map(), hashes: new Map(), current: false, ...(discarded ? { discarded } : {}) });
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return empty(); // no cache yet
  }
  let data: Partial<CacheFile>;
  try {
    data = JSON.parse(text) as Partial<CacheFile>;
  } catch {
    return empty('the cache file is not valid JSON; starting afresh');
  }
  if (!data || typeof data !== 'object' || data.nhiAuditCache !== FORMAT || !data.entries || typeof data.entries !== 'object') {
    return empty('the cache file has an unknown format; starting afresh');
  }
  // A new engine, other settings or another root: every entry is stale (not worth a warning).
  if (data.engine !== expect.engine || data.settings !== expect.settings || data.root !== expect.root) return empty();
  const entries = new Map<string, StoredEntry>();
  let current = true;
  for (const [rel, entry] of Object.entries(data.entries)) {
    if (isStoredEntry(entry)) entries.set(rel, entry);
    else current = false;
  }
  const hashes = new Map<string, HashMemo>();
  if (data.hashes && typeof data.hashes === 'object') {
    for (const [key, memo] of Object.entries(data.hashes)) {
      if (isHashMemo(memo)) hashes.set(path.resolve(expect.root, key), memo);
      else current = false;
    }
  }
  return { entries, hashes, current };
}

function isHashMemo(value: unknown): value is HashMemo {
  return Array.isArray(value) && value.length === 5 && value.slice(0, 4).every((v) => typeof v === 'number') && typeof value[4] === 'string' && /^[0-9a-f]{64}$/.test(value[4]);
}

function isStoredEntry(value: unknown): value is StoredEntry {
  const e = value as StoredEntry | undefined;
  return (
    !!e &&
    typeof e.key === 'string' &&
    typeof e.bytes === 'number' &&
    !!e.result &&
    typeof e.result.absolutePath === 'string' &&
    typeof e.result.path === 'string' &&
    typeof e.result.uri === 'string' &&
    Array.isArray(e.result.findings) &&
    Array.isArray(e.result.notes) &&
    Array.isArray(e.result.identities)
  );
}

/** Engine identity for cache keys: the version plus a hash of the running bundle (a rebuilt engine is a new engine). */
export function engineIdentity(version: string, script: string | undefined): string {
  if (!script) return version;
  try {
    return `${version}+${createHash('sha256').update(fs.readFileSync(script)).digest('hex').slice(0, 16)}`;
  } catch {
    return version;
  }
}
