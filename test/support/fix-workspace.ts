/**
 * An in-memory workspace for quick-fix tests: files by URI, fixes applied as an editor
 * applies a WorkspaceEdit (other files created only where the edit allows it), and the
 * standing rule checked on every edit: a fix never touches a file outside the workspace.
 */
import { expect } from 'vitest';
import { applyEdits } from '../../server/src/engine/fixes/validate';
import type { Fix, TextEdit } from '../../server/src/engine/model';

export type Files = Map<string, string>;

/** `{ 'src/app.ts': text }` under `root`. */
export function workspaceFiles(root: string, entries: Record<string, string>): Files {
  return new Map(Object.entries(entries).map(([p, t]) => [`${root}/${p}`, t]));
}

export function applyFixTo(files: Files, fix: Fix, root: string): void {
  const byUri = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    expect(e.uri.startsWith(`${root}/`), 'never edits outside the workspace').toBe(true);
    byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
  }
  for (const [uri, edits] of byUri) {
    const current = files.get(uri);
    if (current === undefined && !edits.every((e) => e.createIfMissing)) throw new Error(`edit to missing file ${uri}`);
    files.set(uri, applyEdits(current ?? '', edits));
  }
}

/**
 * A fix applied to one document given as text: its new text, and the text each other file
 * gets when it starts empty (workload-identity fixes create their Terraform/CI files).
 */
export function applyFixToText(root: string, path: string, text: string, fix: Fix): { text: string; files: Record<string, string> } {
  const uri = `${root}/${path}`;
  const files: Record<string, string> = {};
  for (const e of fix.edits.filter((x) => x.uri !== uri)) {
    const rel = e.uri.slice(root.length + 1);
    files[rel] = applyEdits(files[rel] ?? '', [e]);
  }
  return { text: applyEdits(text, fix.edits.filter((e) => e.uri === uri)), files };
}
