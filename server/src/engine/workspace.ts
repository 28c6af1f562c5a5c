/**
 * Workspace audit: walk folders (honouring .gitignore, config ignores, skipping
 * node_modules/.git/binaries/oversized files), analyse each file, collect the
 * identity inventory. Used by the CLI (`nhi audit`) and the server's
 * "NHI: Audit Workspace" command.
 *
 * CONTRACT (implemented by the CLI work; the LSP server and bench rely on it).
 */
import type { Config } from './config';
import type { FileNote, Finding, IdentityFact } from './model';

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
}

export declare function auditWorkspace(paths: string[], options?: AuditOptions): Promise<AuditResult>;
