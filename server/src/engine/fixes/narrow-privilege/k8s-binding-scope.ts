/**
 * `cluster-admin` bound to a non-human subject (privilege/k8s-cluster-admin-binding):
 *
 * - a group that holds every (service) account (`system:authenticated`,
 *   `system:serviceaccounts` …) loses its place in the binding — nobody means every
 *   account to be cluster-admin (like removing `allUsers` from a GCP binding); a binding
 *   with no other subject is deleted (top-level `---` documents only).
 * - ServiceAccounts of one namespace bound cluster-wide get the built-in `admin` role in
 *   that namespace instead: the ClusterRoleBinding becomes a RoleBinding there. Full
 *   control of its own namespace, nothing cluster-scoped (CRDs, namespaces, nodes) and no
 *   other namespace — what a deployer of one tenant needs. Never preferred: the manifests
 *   do not show whether the workload manages cluster-scoped objects.
 * - A RoleBinding to cluster-admin already stays in its namespace: the role becomes `admin`
 *   (which leaves out the namespace's ResourceQuotas and the namespace object itself).
 *
 * YAML (block style) and JSON manifests, `List` items included; removing a subject or a
 * binding only in YAML.
 */
import * as YAML from 'yaml';
import * as jsonc from 'jsonc-parser';
import type { Document, Fix, Range, RoleBindingFact, TextEdit } from '../../model';
import { lineBreakOf, lineStartOf, nextLineStart } from '../references/shared';
import { get, manifests, type KNode } from '../../extract/kubernetes';

const EVERY_ACCOUNT = /^system:(?:authenticated|unauthenticated|serviceaccounts(?::.+)?)$/;

export function clusterAdminBindingFix(doc: Document, binding: RoleBindingFact, subjectIndex: number): Fix | undefined {
  const subject = binding.subjects[subjectIndex];
  if (!subject) return undefined;
  if (subject.kind === 'Group' && EVERY_ACCOUNT.test(subject.name)) return removeSubjectFix(doc, binding, subjectIndex);
  if (subject.kind !== 'ServiceAccount') return undefined;
  const roleEdit = replaceRoleName(doc, binding);
  if (!roleEdit) return undefined;
  if (binding.bindingKind === 'RoleBinding') {
    return {
      title: `Bind the built-in "admin" role instead of cluster-admin in namespace ${binding.namespace ?? '(default)'} — check it needs no ResourceQuota or namespace changes`,
      kind: 'narrow-privilege',
      preferred: false,
      edits: [roleEdit],
    };
  }
  // Cluster-wide: only when every subject is a ServiceAccount of the same, named namespace.
  const namespaces = new Set(binding.subjects.map((s) => (s.kind === 'ServiceAccount' ? s.namespace : undefined)));
  const [namespace] = [...namespaces];
  if (namespaces.size !== 1 || !namespace || !DNS_LABEL.test(namespace)) return undefined;
  const manifest = manifests(doc).find((m) => m.range.start === binding.range.start);
  const kindEdit = manifest && scalarEdit(doc, get(manifest, 'kind'), 'ClusterRoleBinding', 'RoleBinding');
  const namespaceEdit = manifest && namespaceAfterName(doc, manifest, namespace);
  if (!kindEdit || !namespaceEdit) return undefined;
  return {
    title: `Bind "admin" in namespace ${namespace} only (RoleBinding instead of cluster-wide cluster-admin) — check it manages nothing cluster-scoped`,
    kind: 'narrow-privilege',
    preferred: false,
    edits: [kindEdit, namespaceEdit, roleEdit],
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `- kind: Group …` as a whole block item, when other subjects stay. */
function removeSubjectFix(doc: Document, binding: RoleBindingFact, subjectIndex: number): Fix | undefined {
  if (binding.subjects.length < 2) return removeBindingDocumentFix(doc, binding);
  const subject = binding.subjects[subjectIndex];
  const text = doc.text;
  const itemStart = lineStartOf(text, subject.range.start);
  if (!/^[ \t]*-[ \t]+$/.test(text.slice(itemStart, subject.range.start))) return undefined;
  // The item ends where its mapping ends; trailing blank/comment lines stay.
  const end = nextLineStart(text, Math.max(subject.range.start, trimEnd(text, subject.range.end) - 1));
  if (end <= itemStart) return undefined;
  return {
    title: `Remove ${subject.name} (every account) from ${binding.bindingKind} ${binding.name}`,
    kind: 'narrow-privilege',
    preferred: true,
    edits: [{ uri: doc.uri, range: { start: itemStart, end }, newText: '' }],
  };
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}

function replaceRoleName(doc: Document, binding: RoleBindingFact): TextEdit | undefined {
  const r = binding.roleRef.range;
  const written = doc.text.slice(r.start, r.end);
  const quote = written.startsWith('"') ? '"' : written.startsWith("'") ? "'" : '';
  if (written !== `${quote}cluster-admin${quote}`) return undefined;
  return { uri: doc.uri, range: r, newText: `${quote}admin${quote}` };
}

// ---------------------------------------------------------------------------
// The binding itself, when an every-account group is its only subject
// ---------------------------------------------------------------------------

/**
 * A binding of cluster-admin to every account and nobody else has no use but that one:
 * it goes (a YAML document's `---` marker and comments stay; a `List` keeps its other items).
 */
export function removeBindingDocumentFix(doc: Document, binding: RoleBindingFact): Fix | undefined {
  const range = manifestRemoval(doc, binding.range);
  if (!range) return undefined;
  return {
    title: `Delete ${binding.bindingKind} ${binding.name} (cluster-admin for ${binding.subjects[0].name}, i.e. every account)`,
    kind: 'narrow-privilege',
    preferred: true,
    edits: [{ uri: doc.uri, range, newText: '' }],
  };
}

/** The text to delete to remove one manifest: a top-level YAML document's body, a YAML `List` item, a JSON `List` element and its comma. */
function manifestRemoval(doc: Document, manifest: Range): Range | undefined {
  const text = doc.text;
  if (doc.format === 'yaml') {
    const start = lineStartOf(text, manifest.start);
    const before = text.slice(start, manifest.start);
    // A document at the left margin (its `---` and comments stay), or a `- ` item of a List.
    const document = topLevelDocumentOf(doc, manifest.start);
    const wholeDocument = before === '' && document !== undefined && YAML.isMap(document.contents) && document.contents.range?.[0] === manifest.start;
    if (!wholeDocument && !/^[ \t]*-[ \t]+$/.test(before)) return undefined;
    return { start, end: nextLineStart(text, Math.max(start, trimEnd(text, manifest.end) - 1)) };
  }
  if ((doc.format === 'json' || doc.format === 'jsonc') && doc.parsed?.kind === 'json' && doc.parsed.root) {
    const items = jsonc.findNodeAtLocation(doc.parsed.root, ['items']);
    const index = items?.children?.findIndex((c) => c.offset === manifest.start) ?? -1;
    if (!items?.children || index < 0 || items.children.length < 2) return undefined;
    // The element with the comma after it (or, for the last one, the comma before it).
    const element = items.children[index];
    const next = items.children[index + 1];
    const previous = items.children[index - 1];
    return next
      ? { start: element.offset, end: next.offset }
      : { start: previous.offset + previous.length, end: element.offset + element.length };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// ClusterRole reading Secrets, bound for one namespace's ServiceAccounts
// ---------------------------------------------------------------------------

/**
 * privilege/k8s-secrets-read-cluster-wide: a ClusterRole whose only binding in the file
 * is a ClusterRoleBinding for ServiceAccounts of one namespace becomes a Role there, its
 * binding a RoleBinding. Never preferred: another file may bind the same ClusterRole
 * (then that binding breaks), and the workload may read other namespaces on purpose.
 * YAML and JSON manifests, `List` items included.
 */
export function namespacedRoleFix(doc: Document, roleName: string): Fix | undefined {
  const all = manifests(doc);
  const kindOf = (m: KNode) => get(m, 'kind')?.str;
  const roles = all.filter((m) => kindOf(m) === 'ClusterRole' && get(get(m, 'metadata'), 'name')?.str === roleName);
  const bindings = all.filter((m) => /^(?:Cluster)?RoleBinding$/.test(kindOf(m) ?? '') && get(get(m, 'roleRef'), 'name')?.str === roleName && get(get(m, 'roleRef'), 'kind')?.str !== 'Role');
  if (roles.length !== 1 || bindings.length !== 1 || kindOf(bindings[0]) !== 'ClusterRoleBinding') return undefined;
  const [role] = roles;
  const [binding] = bindings;
  const subjects = get(binding, 'subjects')?.items ?? [];
  if (subjects.length === 0) return undefined;
  const namespaces = new Set(subjects.map((s) => (get(s, 'kind')?.str === 'ServiceAccount' ? get(s, 'namespace')?.str : undefined)));
  const [namespace] = [...namespaces];
  if (namespaces.size !== 1 || !namespace || !DNS_LABEL.test(namespace)) return undefined;
  const edits = [
    scalarEdit(doc, get(role, 'kind'), 'ClusterRole', 'Role'),
    namespaceAfterName(doc, role, namespace),
    scalarEdit(doc, get(binding, 'kind'), 'ClusterRoleBinding', 'RoleBinding'),
    namespaceAfterName(doc, binding, namespace),
    scalarEdit(doc, get(get(binding, 'roleRef'), 'kind'), 'ClusterRole', 'Role'),
  ];
  if (edits.some((e) => e === undefined)) return undefined;
  return {
    title: `Make ClusterRole ${roleName} a Role in namespace ${namespace}, bound there only — check nothing else binds it and it reads no other namespace`,
    kind: 'narrow-privilege',
    preferred: false,
    edits: edits as TextEdit[],
  };
}

function topLevelDocumentOf(doc: Document, offset: number): YAML.Document.Parsed | undefined {
  if (doc.format !== 'yaml' || doc.parsed?.kind !== 'yaml') return undefined;
  return doc.parsed.documents.find((d) => d.range[0] <= offset && offset < d.range[2]);
}

function scalarEdit(doc: Document, node: KNode | undefined, from: string, to: string): TextEdit | undefined {
  if (!node || node.str !== from) return undefined;
  const written = doc.text.slice(node.range.start, node.range.end);
  const quote = written.startsWith('"') ? '"' : written.startsWith("'") ? "'" : '';
  if (written !== `${quote}${from}${quote}`) return undefined;
  return { uri: doc.uri, range: node.range, newText: `${quote}${to}${quote}` };
}

/** `namespace: <ns>` after metadata's `name` (YAML block style: the next line; JSON: `, "namespace": …`). */
function namespaceAfterName(doc: Document, manifest: KNode, namespace: string): TextEdit | undefined {
  const metadata = get(manifest, 'metadata');
  if (!metadata?.entries || get(metadata, 'namespace')) return undefined;
  const name = metadata.entries.find((e) => e.key === 'name');
  if (!name || name.value.str === undefined) return undefined;
  const text = doc.text;
  const eol = lineBreakOf(text);
  const indent = text.slice(lineStartOf(text, name.keyRange.start), name.keyRange.start);
  if (doc.format === 'json' || doc.format === 'jsonc') {
    // On its own line like `name` when it has one; else right after it.
    const own = /^[ \t]*$/.test(indent);
    return { uri: doc.uri, range: { start: name.value.range.end, end: name.value.range.end }, newText: own ? `,${eol}${indent}"namespace": "${namespace}"` : `, "namespace": "${namespace}"` };
  }
  if (doc.format !== 'yaml' || !/^[ \t]+$/.test(indent) || text[metadata.range.start] === '{') return undefined;
  const at = nextLineStart(text, name.value.range.end);
  const prefix = at === text.length && !text.endsWith('\n') ? eol : '';
  return { uri: doc.uri, range: { start: at, end: at }, newText: `${prefix}${indent}namespace: ${namespace}${eol}` };
}
