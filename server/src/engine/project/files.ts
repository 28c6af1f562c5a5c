/**
 * How the engine sees files other than the one it analyses, for facts that span
 * files (a Terraform module is every `.tf` file of its directory). The host
 * decides where text comes from: the CLI reads the disk, the language server
 * prefers open editors' buffers. Only the workspace is ever read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface SiblingFile {
  uri: string;
  text: string;
}

export interface DirectoryListing {
  /** Changes whenever one of the files (or the set of files) changes: a cache key. */
  key: string;
  /** The files' text (read only when the key was not cached). */
  load(): SiblingFile[];
}

export interface ProjectFiles {
  /** Files with `extension` in the directory of `uri` (including `uri` itself); undefined outside the workspace. */
  directory(uri: string, extension: string): DirectoryListing | undefined;
}

/** An open editor's text, which wins over the disk. */
export interface OpenText {
  text: string;
  version: number;
}

/** Files in one directory beyond this count or size are not read: a generated folder is not a module anyone edits by hand. */
const MAX_FILES_PER_DIRECTORY = 500;
const MAX_FILE_BYTES = 1024 * 1024;

export function diskProjectFiles(roots: () => readonly string[], open?: (uri: string) => OpenText | undefined): ProjectFiles {
  return {
    directory(uri, extension) {
      let file: string;
      try {
        file = fileURLToPath(uri);
      } catch {
        return undefined;
      }
      const dir = path.dirname(file);
      if (!roots().some((root) => isInside(root, dir))) return undefined;
      let names: string[];
      try {
        names = fs.readdirSync(dir).filter((n) => n.endsWith(extension)).sort();
      } catch {
        return undefined;
      }
      if (names.length > MAX_FILES_PER_DIRECTORY) return undefined;
      const entries: { uri: string; file: string; stamp: string; open?: OpenText }[] = [];
      for (const name of names) {
        const abs = path.join(dir, name);
        const fileUri = pathToFileURL(abs).href;
        const buffer = open?.(fileUri);
        if (buffer) {
          entries.push({ uri: fileUri, file: abs, stamp: `v${buffer.version}`, open: buffer });
          continue;
        }
        try {
          const st = fs.lstatSync(abs); // symlinks may lead out of the workspace
          if (!st.isFile() || st.size > MAX_FILE_BYTES) continue;
          entries.push({ uri: fileUri, file: abs, stamp: `${st.mtimeMs}:${st.size}` });
        } catch {
          // Vanished or unreadable: not part of the module.
        }
      }
      const key = `${dir}\u0000${entries.map((e) => `${path.basename(e.file)}@${e.stamp}`).join('\u0000')}`;
      return {
        key,
        load() {
          const files: SiblingFile[] = [];
          for (const e of entries) {
            if (e.open) files.push({ uri: e.uri, text: e.open.text });
            else {
              try {
                files.push({ uri: e.uri, text: fs.readFileSync(e.file, 'utf8') });
              } catch {
                // As above.
              }
            }
          }
          return files;
        },
      };
    },
  };
}

/**
 * One listing per directory for the life of the returned view: an audit lists a
 * Terraform directory once, not once per `.tf` file in it (each listing stats every
 * sibling). A snapshot: files changed meanwhile are seen as they were first listed.
 */
export function listingSnapshot(project: ProjectFiles): ProjectFiles {
  const listings = new Map<string, DirectoryListing | undefined>();
  return {
    directory(uri, extension) {
      const key = `${uri.slice(0, uri.lastIndexOf('/') + 1)}\u0000${extension}`;
      if (!listings.has(key)) listings.set(key, project.directory(uri, extension));
      return listings.get(key);
    },
  };
}

function isInside(root: string, dir: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Do two URIs name the same file? (Clients and `pathToFileURL` percent-encode differently.) */
export function sameFile(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return path.normalize(fileURLToPath(a)) === path.normalize(fileURLToPath(b));
  } catch {
    return false;
  }
}
