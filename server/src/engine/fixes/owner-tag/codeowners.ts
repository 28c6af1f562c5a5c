/**
 * The owner of a file according to the workspace's CODEOWNERS, as GitHub reads it:
 * the first of `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS` that exists is
 * the file; its last pattern matching the path wins; a matching pattern without
 * owners means "nobody". Patterns are gitignore-style (the `ignore` package), except
 * that `dir/*` does not reach into subdirectories (GitHub documents that difference).
 */
import ignore from 'ignore';
import { workspaceUri, type WorkspaceFiles } from '../env-file';

export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export interface CodeOwner {
  /** The owner the fix writes: the first team (`@org/team`) of the entry, else its first owner. */
  owner: string;
  /** Which CODEOWNERS file said so (workspace-relative). */
  file: string;
}

interface Entry {
  matches(path: string): boolean;
  owners: string[];
}

/** CODEOWNERS files are small; cap what we read so a huge file cannot stall a fix. */
const MAX_ENTRIES = 5000;
const parsedCache = new Map<string, Entry[]>();

export function codeOwnerOf(files: WorkspaceFiles, path: string): CodeOwner | undefined {
  const relative = path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (relative === '' || relative.startsWith('/') || relative.split('/').includes('..')) return undefined;
  for (const file of CODEOWNERS_LOCATIONS) {
    const uri = workspaceUri(files.workspaceRoot, file);
    const text = uri ? files.readFile?.(uri) : undefined;
    if (text === undefined) continue;
    // GitHub uses the first file found, even when it names nobody for this path.
    const entries = parseCodeowners(text);
    for (let i = entries.length - 1; i >= 0; i--) {
      if (!entries[i].matches(relative)) continue;
      const owners = entries[i].owners;
      if (owners.length === 0) return undefined;
      return { owner: owners.find((o) => /^@[^/\s]+\/\S+$/.test(o)) ?? owners[0], file };
    }
    return undefined;
  }
  return undefined;
}

export function parseCodeowners(text: string): Entry[] {
  const cached = parsedCache.get(text);
  if (cached) return cached;
  const entries: Entry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (entries.length >= MAX_ENTRIES) break;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const tokens = line.split(/[ \t]+/);
    const pattern = tokens[0].replace(/^\\#/, '#');
    const owners: string[] = [];
    for (const token of tokens.slice(1)) {
      if (token.startsWith('#')) break; // trailing comment
      if (/^@[\w.-]+(?:\/[\w.-]+)?$/.test(token) || /^[^@\s]+@[^@\s]+$/.test(token)) owners.push(token);
    }
    const matches = matcher(pattern);
    if (matches) entries.push({ matches, owners });
  }
  if (parsedCache.size > 20) parsedCache.clear();
  parsedCache.set(text, entries);
  return entries;
}

function matcher(pattern: string): ((path: string) => boolean) | undefined {
  // CODEOWNERS has no negation; `ignore` would read `!x` as one.
  if (pattern.startsWith('!')) return undefined;
  const ig = ignore().add(pattern);
  const shallow = pattern.endsWith('/*');
  return (path) => {
    try {
      if (!ig.ignores(path)) return false;
      if (!shallow) return true;
      // `docs/*` owns docs/a.md but not docs/sub/b.md: the match must not come from a parent directory.
      const slash = path.lastIndexOf('/');
      return slash < 0 || !ig.ignores(path.slice(0, slash));
    } catch {
      return false; // a path `ignore` refuses (absolute, odd characters) matches nothing
    }
  };
}
