/**
 * Related information across files: the pieces of one non-human identity live in
 * different files (a workflow signs in with a key that Terraform created for an IAM
 * user, whose policies sit in a third file; a ServiceAccount bound to cluster-admin
 * in rbac.yaml runs the Deployment in app.yaml). Extractors record LinkFacts — places
 * keyed by the identity they concern — and this pass joins keys (and their aliases)
 * into identities, then gives each finding the other places of its identity.
 *
 * Pure: no file access; the CLI audit passes every file's links, the language server
 * its workspace index plus the open document.
 */
import type { Finding, LinkFact, LinkRole, Range, RelatedLocation } from '../model';

export interface Position {
  line: number;
  character: number;
}

/** A link with its line/column (computed where the file's text was at hand). */
export interface LocatedLink extends LinkFact {
  start?: Position;
  end?: Position;
}

export interface FileLinks {
  uri: string;
  links: LocatedLink[];
}

export interface LinkTarget extends FileLinks {
  findings: Finding[];
}

/** Related locations a finding gets from links, at most (the editor shows them all). */
export const MAX_LINKED = 8;

/** Which places matter most when there are many: the identity itself, then its keys and grants. */
const ROLE_ORDER: Record<LinkRole, number> = { declaration: 0, credential: 1, 'ci-secret': 2, 'ci-use': 3, policy: 4, binding: 5, workload: 6 };

interface Anchor {
  uri: string;
  link: LocatedLink;
}

/**
 * Adds related locations to the targets' findings from the links of `targets` and
 * `context` (the other files). Returns the URIs whose findings changed.
 */
export function linkFindings(targets: LinkTarget[], context: FileLinks[] = []): Set<string> {
  const changed = new Set<string>();
  // Only a finding inside a link of its own file gets related places.
  if (!targets.some((t) => t.links.length > 0 && t.findings.length > 0)) return changed;
  const identities = new Identities();
  const anchors: Anchor[] = [];
  const seenFiles = new Set<string>();
  for (const file of [...targets, ...context]) {
    if (seenFiles.has(file.uri)) continue; // a target's live links win over an older indexed copy
    seenFiles.add(file.uri);
    for (const link of file.links) {
      identities.add(link.key);
      for (const alias of link.aliases ?? []) identities.union(link.key, alias);
      anchors.push({ uri: file.uri, link });
    }
  }
  identities.joinUnknownNamespaces();
  if (anchors.length === 0) return changed;

  const byIdentity = new Map<string, Anchor[]>();
  for (const anchor of anchors) {
    const id = identities.find(anchor.link.key);
    const list = byIdentity.get(id) ?? [];
    list.push(anchor);
    byIdentity.set(id, list);
  }
  // Each identity's places in order, sorted when a finding first needs them (most identities have no finding).
  const sorted = new Set<string>();
  const placesOf = (id: string): Anchor[] => {
    const list = byIdentity.get(id) ?? [];
    if (!sorted.has(id)) {
      sorted.add(id);
      list.sort((a, b) => ROLE_ORDER[a.link.role] - ROLE_ORDER[b.link.role] || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) || a.link.range.start - b.link.range.start);
    }
    return list;
  };

  for (const file of targets) {
    if (file.links.length === 0 || file.findings.length === 0) continue;
    const containing = containingLinks(file.links);
    for (const finding of file.findings) {
      const own = containing(finding.range);
      if (own.length === 0) continue;
      const ids = new Set(own.map((l) => identities.find(l.key)));
      const related: RelatedLocation[] = [...(finding.related ?? [])];
      const before = related.length;
      for (const id of ids) {
        for (const anchor of placesOf(id)) {
          if (related.length - before >= MAX_LINKED) break;
          // The place the finding is in says nothing new; nor does a place already listed.
          if (anchor.uri === file.uri && contains(anchor.link.range, finding.range)) continue;
          if (related.some((r) => r.uri === anchor.uri && overlaps(r.range, anchor.link.range))) continue;
          const location: RelatedLocation = { uri: anchor.uri, range: anchor.link.range, message: anchor.link.label };
          if (anchor.link.start && anchor.link.end) {
            location.start = anchor.link.start;
            location.end = anchor.link.end;
          }
          related.push(location);
        }
      }
      if (related.length > before) {
        finding.related = related;
        changed.add(file.uri);
      }
    }
  }
  return changed;
}

/**
 * The links whose range contains a given range. Links sorted by start; a query scans back
 * from the last link starting at or before the range, no further than the longest link
 * reaches — linear overall for the usual case of one link per manifest or resource.
 */
function containingLinks(links: LocatedLink[]): (range: Range) => LocatedLink[] {
  const sorted = [...links].sort((a, b) => a.range.start - b.range.start);
  let longest = 0;
  for (const l of sorted) longest = Math.max(longest, l.range.end - l.range.start);
  return (range) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].range.start <= range.start) lo = mid + 1;
      else hi = mid;
    }
    const out: LocatedLink[] = [];
    for (let i = lo - 1; i >= 0 && sorted[i].range.start >= range.start - longest; i--) {
      if (contains(sorted[i].range, range)) out.push(sorted[i]);
    }
    return out.reverse();
  };
}

function contains(outer: Range, inner: Range): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

function overlaps(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Union-find over identity keys. */
class Identities {
  private readonly parent = new Map<string, string>();

  add(key: string): void {
    if (!this.parent.has(key)) this.parent.set(key, key);
  }

  find(key: string): string {
    this.add(key);
    let root = key;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    // Path compression keeps later finds flat.
    let node = key;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }

  /**
   * A ServiceAccount named without a namespace ('k8s-sa:?/x') is the one of that name in
   * whatever namespace it is deployed to: joined with `x` when one namespace has an `x`.
   * When several do, it could be any of them, and joining it with all would join them
   * with each other (union-find is transitive): `payments/deployer` would list
   * `billing/deployer`'s bindings and pods. It then stays apart.
   */
  joinUnknownNamespaces(): void {
    const byName = new Map<string, string[]>();
    for (const key of this.parent.keys()) {
      const m = /^k8s-sa:([^/]*)\/(.*)$/.exec(key);
      if (!m || m[1] === '?') continue;
      const list = byName.get(m[2]) ?? [];
      list.push(key);
      byName.set(m[2], list);
    }
    for (const [name, keys] of byName) {
      const unknown = `k8s-sa:?/${name}`;
      if (keys.length === 1 && this.parent.has(unknown)) this.union(unknown, keys[0]);
    }
  }
}
