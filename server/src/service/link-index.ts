/**
 * The language server's view of identity links across the workspace (see
 * engine/project/links.ts): filled by a background links-only pass over the
 * IaC/CI/manifest files, by audits, and by every analysis of an open document
 * (whose live links replace what the disk said).
 */
import type { LinkFact } from '../engine/model';
import type { FileLinks, LocatedLink } from '../engine/project/links';
import { uriKey } from './paths';

/** Files the background pass reads: where extractors record links. */
export const LINKED_FILE = /\.(?:tf|ya?ml|json)$/i;

export class WorkspaceLinks {
  private readonly files = new Map<string, FileLinks>();

  /** Records a file's links; true when what they say (not just where) changed, so other files' related information may differ. */
  set(uri: string, links: readonly (LinkFact | LocatedLink)[]): boolean {
    const key = uriKey(uri);
    const before = this.files.get(key);
    // A file without links needs no entry (a 20,000-file audit would otherwise keep one per file).
    if (links.length === 0) this.files.delete(key);
    else this.files.set(key, { uri, links: [...links] });
    return !sameMeaning(before?.links ?? [], links);
  }

  /** Replaces what is known about these files (an audit or the background pass). */
  setAll(files: readonly { uri: string; links?: LocatedLink[] }[]): void {
    for (const f of files) this.set(f.uri, f.links ?? []);
  }

  /** Every file's links except `uri`'s. */
  others(uri: string): FileLinks[] {
    const key = uriKey(uri);
    const out: FileLinks[] = [];
    for (const [k, f] of this.files) if (k !== key && f.links.length > 0) out.push(f);
    return out;
  }

  get size(): number {
    return this.files.size;
  }
}

/**
 * Do two files' links say the same (keys, roles, labels, aliases; positions aside)? Compared
 * field by field: the editor asks at every keystroke, and joining both lists into strings
 * allocated ~100 KB per keystroke in a 3,000-line manifest file.
 */
function sameMeaning(a: readonly LinkFact[], b: readonly LinkFact[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.key !== y.key || x.role !== y.role || x.label !== y.label) return false;
    const xa = x.aliases ?? [];
    const ya = y.aliases ?? [];
    if (xa.length !== ya.length || xa.some((alias, j) => alias !== ya[j])) return false;
  }
  return true;
}
