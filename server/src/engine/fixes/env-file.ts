/**
 * The local env file that receives secrets moved out of code (`config.envFile`,
 * default `.env.local`, at the workspace root), and the `.gitignore` line that
 * keeps it out of git. Edits only; nothing here writes to disk.
 */
import ignore from 'ignore';
import type { TextEdit } from '../model';
import { parseKeyValue } from '../documents/key-value';

export interface WorkspaceFiles {
  /** URI of the workspace root folder. */
  workspaceRoot: string;
  /** Reads a workspace file; undefined when missing (or when the caller cannot read files). */
  readFile?(uri: string): string | undefined;
}

/**
 * `root` + a relative path, or undefined when the path is absolute or climbs
 * out of the root (a fix never writes outside the workspace).
 */
export function workspaceUri(root: string, relative: string): string | undefined {
  const rel = relative.replace(/\\/g, '/');
  if (rel === '' || rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.includes('\0')) return undefined;
  const segments = rel.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.some((s) => s === '..')) return undefined;
  return `${root.replace(/(?<!\/)\/+$/, '')}/${segments.map(encodeURIComponent).join('/')}`;
}

/** `NAME=value` with quoting only where dotenv parsers would otherwise change the value. */
export function dotenvLine(name: string, value: string): string {
  if (/^[A-Za-z0-9_./+=:@,-]*$/.test(value)) return `${name}=${value}`;
  if (!value.includes("'") && !/[\r\n]/.test(value)) return `${name}='${value}'`;
  return `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n')}"`;
}

/** Appends `text` (whole lines) to a file's current content, or creates the file. */
function appendEdit(uri: string, current: string | undefined, text: string): TextEdit {
  if (current === undefined) return { uri, range: { start: 0, end: 0 }, newText: text, createIfMissing: true };
  const needsBreak = current.length > 0 && !current.endsWith('\n');
  return { uri, range: { start: current.length, end: current.length }, newText: (needsBreak ? '\n' : '') + text };
}

export interface EnvEntryPlan {
  /** The name the code should read (may carry a `_2` suffix after a collision). */
  name: string;
  /** Edits to the env file (none when the same NAME=value is already there). */
  edits: TextEdit[];
}

/**
 * Picks the variable name and the env-file edit for `value`: NAME if free,
 * nothing to append if NAME already holds this very value, NAME_2, NAME_3 …
 * when NAME holds something else (never overwrite an existing value).
 */
export function planEnvEntry(files: WorkspaceFiles, envFile: string, name: string, value: string): EnvEntryPlan | undefined {
  const uri = workspaceUri(files.workspaceRoot, envFile);
  if (!uri) return undefined;
  const current = files.readFile?.(uri);
  const existing = new Map<string, string>();
  for (const e of parseKeyValue(current ?? '', 'dotenv')) existing.set(e.key.replace(/^export\s+/, ''), e.value);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? name : `${name}_${n}`;
    const held = existing.get(candidate);
    if (held === value) return { name: candidate, edits: [] };
    if (held === undefined) return { name: candidate, edits: [appendEdit(uri, current, dotenvLine(candidate, value) + '\n')] };
  }
  return undefined;
}

/** The `.gitignore` edit that ignores `envFile`, or none when it is already ignored. */
export function gitignoreEdits(files: WorkspaceFiles, envFile: string): TextEdit[] {
  const uri = workspaceUri(files.workspaceRoot, '.gitignore');
  const rel = envFile.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (!uri) return [];
  const current = files.readFile?.(uri);
  if (current !== undefined) {
    try {
      if (ignore().add(current).ignores(rel)) return [];
    } catch {
      // An unreadable pattern: append our line anyway; a duplicate ignore line is harmless.
    }
  }
  return [appendEdit(uri, current, `${rel}\n`)];
}
