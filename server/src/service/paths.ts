/**
 * URI ⇄ file system path helpers. Documents are compared by file system path,
 * because clients and `pathToFileURL` may percent-encode the same path differently.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function uriToFsPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function fsPathToUri(fsPath: string): string {
  return pathToFileURL(fsPath).href;
}

/** Comparison key for a URI: the normalised file path for `file:` URIs, the URI itself otherwise. */
export function uriKey(uri: string): string {
  return uriToFsPath(uri) ?? uri;
}

export function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The innermost workspace folder (URI) containing `uri`, if any. */
export function folderOf(uri: string, folders: readonly string[]): string | undefined {
  const file = uriToFsPath(uri);
  if (!file) return undefined;
  let best: { uri: string; length: number } | undefined;
  for (const folderUri of folders) {
    const folder = uriToFsPath(folderUri);
    if (folder && isInside(folder, file) && (!best || folder.length > best.length)) best = { uri: folderUri, length: folder.length };
  }
  return best?.uri;
}

/** A file URI that lies inside one of the folders (never edit or read outside the workspace). */
export function isInWorkspace(uri: string, folders: readonly string[]): boolean {
  return folderOf(uri, folders) !== undefined;
}

const EXTENSION_BY_LANGUAGE: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
  python: '.py',
  go: '.go',
  java: '.java',
  csharp: '.cs',
  ruby: '.rb',
  php: '.php',
  shellscript: '.sh',
  terraform: '.tf',
  hcl: '.hcl',
  yaml: '.yaml',
  'github-actions-workflow': '.yaml',
  json: '.json',
  jsonc: '.jsonc',
  toml: '.toml',
  dotenv: '.env',
  ini: '.ini',
  properties: '.properties',
  'java-properties': '.properties',
  xml: '.xml',
};

/**
 * The path the engine sees: relative to the workspace folder with forward slashes;
 * absolute for files outside any folder; for unsaved (untitled) documents the name
 * plus an extension from the editor's language id, so format detection works.
 */
export function documentPath(uri: string, languageId: string, folders: readonly string[]): string {
  const file = uriToFsPath(uri);
  if (file) {
    const folder = folderOf(uri, folders);
    const folderPath = folder ? uriToFsPath(folder) : undefined;
    const shown = folderPath ? path.relative(folderPath, file) : file;
    return shown.split(path.sep).join('/');
  }
  let name = uri.slice(uri.indexOf(':') + 1);
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep the raw name
  }
  name = name.replace(/^\/+/, '') || 'untitled';
  if (languageId === 'dockerfile') return 'Dockerfile';
  const ext = EXTENSION_BY_LANGUAGE[languageId];
  return ext && !name.toLowerCase().endsWith(ext) ? name + ext : name;
}
