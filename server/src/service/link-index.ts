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
    return signature(before?.links ?? []) !== signature(links);
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

function signature(links: readonly LinkFact[]): string {
  return links.map((l) => `${l.key}\u0000${l.role}\u0000${l.label}\u0000${(l.aliases ?? []).join(',')}`).join('\u0001');
}
