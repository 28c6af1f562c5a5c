/**
 * Reads the code a workload runs — its entry files and the local modules they import —
 * through ProjectFiles (the workspace only; bounded in files and bytes), and unions the
 * IAM actions of their SDK calls. One file whose needs are unknown, one local import that
 * cannot be found, or a cap reached makes the whole answer unknown.
 */
import * as path from 'node:path';
import type { ProjectFiles } from '../../../project/files';
import { languageOfPath, sdkNeedsOf, type CodeLanguage } from './extract';

const MAX_FILES = 60;
const MAX_BYTES = 2 * 1024 * 1024;

export type CodeNeeds = { known: true; actions: string[]; files: string[] } | { known: false; reason: string };

/** Where a workload's code starts: a file (Python / JS / TS handler module) or a directory (a Go package). */
export interface CodeEntry {
  /** `file:` URI of the entry file, or of the directory for Go. */
  uri: string;
  language: CodeLanguage;
  /** Directory the code is packaged from (Python's import root). */
  rootUri: string;
  /** Other files the entry may be (a Node handler `src/app.main` is `app.js`, `.ts`, `.mjs` …): the first that exists. */
  alternatives?: string[];
}

/** `file:///a/b/c.py` → `file:///a/b`. */
export function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/'));
}

/** Joins a relative path to a directory URI, or undefined when it climbs out of `base` (a workspace root). */
export function joinUri(dirUri: string, relative: string, base?: string): string | undefined {
  if (relative.includes('\\') || relative.includes('\u0000') || /^[a-z]+:/i.test(relative) || relative.startsWith('/')) return undefined;
  const scheme = dirUri.indexOf('://');
  if (scheme < 0) return undefined;
  const head = dirUri.slice(0, dirUri.indexOf('/', scheme + 3) < 0 ? dirUri.length : dirUri.indexOf('/', scheme + 3));
  const dirPath = dirUri.slice(head.length) || '/';
  const joined = path.posix.normalize(path.posix.join(dirPath, relative)).replace(/\/$/, '');
  const result = `${head}${joined}`;
  if (base !== undefined && result !== base && !result.startsWith(`${base}/`)) return undefined;
  return result;
}

class Reader {
  files = 0;
  bytes = 0;
  constructor(private readonly project: ProjectFiles) {}

  /** Text of one file, or undefined when it does not exist. Throws Cap when the bounds are reached. */
  read(uri: string): string | undefined {
    const ext = path.posix.extname(uri);
    if (!ext) return undefined;
    const listing = this.project.directory(uri, ext);
    const file = listing?.load().find((f) => f.uri === uri || decodeURIComponent(f.uri) === decodeURIComponent(uri));
    if (!file) return undefined;
    this.count(file.text);
    return file.text;
  }

  /** Files with the extension in a directory. */
  list(dirUri: string, ext: string): { uri: string; text: string }[] {
    const listing = this.project.directory(`${dirUri}/__nhi_probe__${ext}`, ext);
    const files = listing?.load() ?? [];
    for (const f of files) this.count(f.text);
    return files;
  }

  private count(text: string): void {
    this.files++;
    this.bytes += text.length;
    if (this.files > MAX_FILES || this.bytes > MAX_BYTES) throw new Cap();
  }
}

class Cap extends Error {}

/** The union of the actions the workloads' code needs, or why it is unknown. `workspaceRoot` bounds every path. */
export function codeNeeds(project: ProjectFiles, entries: CodeEntry[], workspaceRoot: string | undefined): CodeNeeds {
  if (entries.length === 0) return { known: false, reason: 'no code found' };
  const reader = new Reader(project);
  const actions = new Set<string>();
  const seen = new Set<string>();
  const queue: { uri: string; text: string; language: CodeLanguage; rootUri: string }[] = [];
  try {
    for (const entry of entries) {
      if (workspaceRoot && entry.uri !== workspaceRoot && !entry.uri.startsWith(`${workspaceRoot}/`)) return { known: false, reason: `${entry.uri} is outside the workspace` };
      if (entry.language === 'go') {
        const files = reader.list(entry.uri, '.go').filter((f) => languageOfPath(f.uri) === 'go');
        if (files.length === 0) return { known: false, reason: `no Go files in ${entry.uri}` };
        const goMod = reader.list(entry.uri, '.mod').find((f) => f.uri.endsWith('/go.mod'));
        const modulePath = goMod && /^module\s+(\S+)/m.exec(goMod.text)?.[1];
        for (const f of files) {
          const needs = sdkNeedsOf(f.uri, f.text);
          if (needs.unknown.length > 0) return { known: false, reason: needs.unknown[0] };
          // A package of this module lives elsewhere in the workspace: not followed.
          const local = needs.goImports.find((p) => (modulePath ? p === modulePath || p.startsWith(`${modulePath}/`) : false));
          if (local) return { known: false, reason: `${f.uri} imports the local package ${local}, which is not read` };
          for (const a of needs.actions) actions.add(a);
          seen.add(f.uri);
        }
        continue;
      }
      const found = [entry.uri, ...(entry.alternatives ?? [])].map((uri) => ({ uri, text: reader.read(uri) })).find((f) => f.text !== undefined);
      if (!found) return { known: false, reason: `${entry.uri} not found` };
      queue.push({ uri: found.uri, text: found.text!, language: languageOfPath(found.uri) ?? entry.language, rootUri: entry.rootUri });
    }
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (seen.has(file.uri)) continue;
      seen.add(file.uri);
      const needs = sdkNeedsOf(file.uri, file.text);
      if (needs.unknown.length > 0) return { known: false, reason: needs.unknown[0] };
      for (const a of needs.actions) actions.add(a);
      for (const spec of needs.localImports) {
        const resolved = file.language === 'python' ? resolvePython(reader, file.uri, file.rootUri, spec) : resolveJs(reader, file.uri, spec, file.rootUri);
        if (resolved === 'missing') return { known: false, reason: `${file.uri}: local import ${spec} not found` };
        if (resolved && !seen.has(resolved.uri)) queue.push({ ...resolved, language: languageOfPath(resolved.uri) ?? file.language, rootUri: file.rootUri });
      }
    }
  } catch (e) {
    if (e instanceof Cap) return { known: false, reason: `more than ${MAX_FILES} files or ${MAX_BYTES} bytes of code` };
    throw e;
  }
  return { known: true, actions: [...actions].sort(), files: [...seen] };
}

/** A Python module: `a.b?` (absolute; optional: a third-party package when no file has the name), `.x` / `..x` (relative). */
function resolvePython(reader: Reader, fromUri: string, rootUri: string, spec: string): { uri: string; text: string } | 'missing' | undefined {
  const optional = spec.endsWith('?');
  const name = optional ? spec.slice(0, -1) : spec;
  let base = rootUri;
  let dotted = name;
  if (name.startsWith('.')) {
    const dots = /^\.+/.exec(name)![0].length;
    base = dirOf(fromUri);
    for (let i = 1; i < dots; i++) base = dirOf(base);
    dotted = name.slice(dots);
    if (!base.startsWith(rootUri)) return 'missing';
  }
  if (dotted === '') return undefined; // `from . import x` is listed as `.x`
  const rel = dotted.split('.').join('/');
  for (const candidate of [`${rel}.py`, `${rel}/__init__.py`]) {
    const uri = joinUri(base, candidate, rootUri);
    const text = uri && reader.read(uri);
    if (uri && text !== undefined) return { uri, text };
  }
  // `from pkg import name`: `name` may be a function of pkg/__init__.py (already followed) rather than a module.
  return optional ? undefined : 'missing';
}

function resolveJs(reader: Reader, fromUri: string, spec: string, rootUri: string): { uri: string; text: string } | 'missing' {
  const stem = spec.replace(/\.(?:js|mjs|cjs)$/, '');
  const candidates = [spec, `${stem}.ts`, `${stem}.js`, `${stem}.mjs`, `${stem}.cjs`, `${stem}/index.ts`, `${stem}/index.js`];
  for (const c of candidates) {
    const uri = joinUri(dirOf(fromUri), c, rootUri);
    if (!uri || !languageOfPath(uri)) continue;
    const text = reader.read(uri);
    if (text !== undefined) return { uri, text };
  }
  return 'missing';
}
