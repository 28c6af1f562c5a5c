/**
 * Kubernetes manifests (YAML, multi-document, `kind: List`, and JSON) → facts:
 * Role/ClusterRole rules, (Cluster)RoleBindings, ServiceAccounts (identity + labels/annotations),
 * static cloud keys injected into pod templates, and service-account-token Secrets.
 *
 * Helm templates: a YAML document the parser rejects is skipped as a whole (the parser already
 * reported it); `{{ … }}` values inside documents that do parse are "unknown" and never match.
 */
import { ownerFromTags } from '../owner-keys';
import * as YAML from 'yaml';
import type * as jsonc from 'jsonc-parser';
import type { CredentialMechanism, CredentialUseFact, Document, Fact, IdentityFact, LinkFact, Range, RbacRuleFact, RoleBindingFact, TaggedResourceFact } from '../model';
import type { Extractor } from './index';
import { concatAll } from '../arrays';

/** A syntax-independent view of one manifest node (YAML or JSON). */
export interface KNode {
  range: Range;
  /** Static string (or number/boolean as text); undefined for maps, lists, templates and nulls. */
  str?: string;
  entries?: { key: string; keyRange: Range; value: KNode; range: Range }[];
  items?: KNode[];
}

const TEMPLATE = /\{\{/;

function fromYaml(node: unknown, fallback: Range): KNode {
  if (YAML.isScalar(node)) {
    const range = node.range ? { start: node.range[0], end: node.range[1] } : fallback;
    const v = node.value;
    const str = typeof v === 'string' ? (TEMPLATE.test(v) ? undefined : v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    return { range, str };
  }
  if (YAML.isMap(node)) {
    const range = node.range ? { start: node.range[0], end: node.range[1] } : fallback;
    const entries: NonNullable<KNode['entries']> = [];
    for (const pair of node.items) {
      // `{{ include "x" . }}` parses as a flow map keyed by a map: a template, not static data.
      if (!YAML.isScalar(pair.key) || typeof pair.key.value !== 'string' || !pair.key.range) return { range };
      const keyRange = { start: pair.key.range[0], end: pair.key.range[1] };
      const value = fromYaml(pair.value, { start: keyRange.end, end: keyRange.end });
      entries.push({ key: pair.key.value, keyRange, value, range: { start: keyRange.start, end: Math.max(keyRange.end, value.range.end) } });
    }
    return { range, entries };
  }
  if (YAML.isSeq(node)) {
    const range = node.range ? { start: node.range[0], end: node.range[1] } : fallback;
    return { range, items: node.items.map((item) => fromYaml(item, range)) };
  }
  // Aliases, nulls, Helm `{{ x }}` parsed as flow maps of flow maps …: nothing static.
  return { range: fallback };
}

function fromJson(node: jsonc.Node): KNode {
  const range = { start: node.offset, end: node.offset + node.length };
  if (node.type === 'object') {
    const entries: NonNullable<KNode['entries']> = [];
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v || typeof k.value !== 'string') continue;
      entries.push({ key: k.value, keyRange: { start: k.offset, end: k.offset + k.length }, value: fromJson(v), range: { start: prop.offset, end: prop.offset + prop.length } });
    }
    return { range, entries };
  }
  if (node.type === 'array') return { range, items: (node.children ?? []).map(fromJson) };
  if (node.type === 'string') return { range, str: TEMPLATE.test(String(node.value)) ? undefined : String(node.value) };
  if (node.type === 'number' || node.type === 'boolean') return { range, str: String(node.value) };
  return { range };
}

export function get(node: KNode | undefined, key: string): KNode | undefined {
  return node?.entries?.find((e) => e.key === key)?.value;
}

function path(node: KNode | undefined, ...keys: string[]): KNode | undefined {
  let n = node;
  for (const k of keys) n = get(n, k);
  return n;
}

function strings(node: KNode | undefined): { value: string; range: Range }[] {
  const out: { value: string; range: Range }[] = [];
  for (const item of node?.items ?? []) if (item.str !== undefined) out.push({ value: item.str, range: item.range });
  return out;
}

/**
 * An editor re-parses only the edited `---` document of a stream (documents/yaml-stream.ts)
 * and hands back the others: each document's view (and, below, its facts) is remembered
 * with the offset it was read at. A document that moved has every range of its view and
 * facts moved in place (each distinct range object once): a view or fact lives for one
 * analysis — results keep positions as ranges of their own (findings) or are replaced by
 * the next analysis (identities, links), and nothing reads an earlier analysis's facts.
 */
interface DocumentView {
  at: number;
  root?: KNode;
  part?: ManifestFacts;
  /** Every distinct range of `root` and `part`, listed on the first move. */
  ranges?: Range[];
}

const viewsByDocument = new WeakMap<YAML.Document.Parsed, DocumentView>();

/** The document's remembered view, moved to where the document now starts. */
function viewOf(d: YAML.Document.Parsed): DocumentView {
  const at = d.range?.[0] ?? 0;
  let view = viewsByDocument.get(d);
  if (!view) viewsByDocument.set(d, (view = { at }));
  else if (view.at !== at) {
    const delta = at - view.at;
    for (const r of (view.ranges ??= distinctRanges([view.root, view.part]))) {
      r.start += delta;
      r.end += delta;
    }
    view.at = at;
  }
  return view;
}

function rootOf(d: YAML.Document.Parsed): KNode {
  const view = viewOf(d);
  if (!view.root) {
    view.root = fromYaml(d.contents, { start: 0, end: 0 });
    view.ranges = undefined;
  }
  return view.root;
}

/** Every distinct `{ start, end }` object reachable from `value` (views and facts are plain data). */
function distinctRanges(value: unknown): Range[] {
  const seen = new Set<object>();
  const ranges: Range[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 2 && typeof o.start === 'number' && typeof o.end === 'number') ranges.push(o as unknown as Range);
    else for (const k of keys) stack.push(o[k]);
  }
  return ranges;
}

/** Top-level manifests of the file, with `List` kinds (`kind: List`, `RoleList` …) unpacked. */
export function manifests(doc: Document): KNode[] {
  if (doc.parsed?.kind === 'yaml') return doc.parsed.documents.flatMap(manifestsOf);
  if (doc.parsed?.kind === 'json' && doc.parsed.root) return unpackLists([fromJson(doc.parsed.root)]);
  return [];
}

/** The manifests of one `---` document. */
function manifestsOf(d: YAML.Document.Parsed): KNode[] {
  // A document the parser rejected (typically Helm control flow) is skipped as a whole:
  // its structure is a guess, and the parse problem is already reported once.
  if (d.errors.length > 0 || !d.contents) return [];
  return unpackLists([rootOf(d)]);
}

function unpackLists(roots: KNode[]): KNode[] {
  const out: KNode[] = [];
  for (const root of roots) {
    const kind = get(root, 'kind')?.str;
    if (kind !== undefined && /List$/.test(kind) && get(root, 'items')?.items) out.push(...(get(root, 'items')!.items ?? []).filter((i) => i.entries));
    else if (kind !== undefined) out.push(root);
  }
  return out;
}

/** Where each workload kind keeps its pod spec (shared with the workload-identity fix). */
export const WORKLOAD_POD_SPEC: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Annotations that give a ServiceAccount a cloud identity without a static key. */
export const WORKLOAD_IDENTITY_ANNOTATIONS = ['eks.amazonaws.com/role-arn', 'iam.gke.io/gcp-service-account', 'azure.workload.identity/client-id'];


interface Workload {
  kind: string;
  name: string;
  namespace?: string;
  serviceAccount: string;
  headerRange: Range;
}

/** Facts of some manifests that depend on those manifests alone; bindings wait for every workload of the file. */
interface ManifestFacts {
  facts: Fact[];
  workloads: Workload[];
  bindings: RoleBindingFact[];
}

function manifestFacts(list: KNode[]): ManifestFacts {
  const facts: Fact[] = [];
  const workloads: Workload[] = [];
  const bindings: RoleBindingFact[] = [];
    for (const m of list) {
      const kindNode = get(m, 'kind');
      const kind = kindNode?.str ?? '';
      const name = path(m, 'metadata', 'name')?.str ?? '(unnamed)';
      const namespace = path(m, 'metadata', 'namespace')?.str;
      const headerRange = path(m, 'metadata', 'name')?.range ?? kindNode?.range ?? m.range;
      if (kind === 'Role' || kind === 'ClusterRole') facts.push(...rbacRules(m, kind, name, namespace));
      else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
        const binding = roleBinding(m, kind, name, namespace, headerRange);
        if (binding) bindings.push(binding);
      } else if (kind === 'ServiceAccount') {
        facts.push(...serviceAccount(m, name, namespace, headerRange));
        facts.push(serviceAccountLink(m, name, namespace));
      }
      else if (kind === 'Secret') {
        if (get(m, 'type')?.str === 'kubernetes.io/service-account-token') {
          const sa = path(m, 'metadata', 'annotations', 'kubernetes.io/service-account.name')?.str;
          facts.push({
            kind: 'credentialUse',
            mechanism: 'k8s-service-account-token',
            name: `Secret/${name}`,
            resourceType: 'k8s:Secret',
            range: m.range,
            headerRange: get(m, 'type')!.range,
            identity: sa !== undefined ? `ServiceAccount/${sa}` : undefined,
          });
          if (sa !== undefined) {
            facts.push({ kind: 'link', key: serviceAccountKey(namespace, sa), role: 'credential', label: `Secret ${name}: a long-lived token of this service account`, range: m.range });
          }
        }
      } else if (WORKLOAD_POD_SPEC[kind]) {
        const podSpec = path(m, ...WORKLOAD_POD_SPEC[kind]);
        if (!podSpec?.entries) continue;
        const serviceAccount = get(podSpec, 'serviceAccountName')?.str ?? get(podSpec, 'serviceAccount')?.str ?? 'default';
        workloads.push({ kind, name, namespace, serviceAccount, headerRange });
        facts.push({ kind: 'link', key: serviceAccountKey(namespace, serviceAccount), role: 'workload', label: `${kind} ${name} runs as this service account`, range: m.range });
        facts.push(...staticCloudKeys(podSpec, kind, name, serviceAccount, m.range));
      }
    }
  return { facts, workloads, bindings };
}

/**
 * The facts of one `---` document, remembered with its view (viewOf): a document an edit
 * did not touch is not extracted again, only moved when it moved.
 */
function yamlDocumentFacts(d: YAML.Document.Parsed): ManifestFacts {
  const view = viewOf(d);
  if (!view.part) {
    view.part = manifestFacts(manifestsOf(d));
    view.ranges = undefined;
  }
  return view.part;
}

export const kubernetesExtractor: Extractor = {
  name: 'kubernetes',
  produces: ['rbacRule', 'roleBinding', 'identity', 'taggedResource', 'credentialUse', 'link'],
  applies: (doc) => doc.flavors.includes('kubernetes') && (doc.format === 'yaml' || doc.format === 'json' || doc.format === 'jsonc'),
  // Facts come only from these kinds (manifestFacts); a Service, ConfigMap or Ingress yields none.
  mentions: /Role|ServiceAccount|Secret|Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|ReplicationController|Job/,
  extract(doc) {
    const parts = doc.parsed?.kind === 'yaml' ? doc.parsed.documents.map(yamlDocumentFacts) : [manifestFacts(manifests(doc))];
    const workloads = concatAll(parts.map((part) => part.workloads));
    const facts = concatAll(parts.map((part) => part.facts));
    let byServiceAccount: Map<string, Workload[]> | undefined;
    for (const part of parts) {
      if (part.bindings.length === 0) continue;
      let bound = boundByPart.get(part);
      if (!bound || !sameItems(bound.workloads, workloads)) {
        bound = { workloads, facts: bindingFacts(part.bindings, (byServiceAccount ??= workloadsByServiceAccount(workloads))) };
        boundByPart.set(part, bound);
      }
      for (const fact of bound.facts) facts.push(fact);
    }
    return facts;
  },
};

/**
 * Each document's bindings as the file's analysis reports them, with the workloads of
 * the file they were completed for. Kept apart from the document's view: `usedBy` points
 * at other documents' ranges, which must not move when this document moves. Reused while
 * the file's workloads are the same objects (an edit elsewhere re-parses one document).
 */
const boundByPart = new WeakMap<ManifestFacts, { workloads: Workload[]; facts: Fact[] }>();

function workloadsByServiceAccount(workloads: Workload[]): Map<string, Workload[]> {
  const byServiceAccount = new Map<string, Workload[]>();
  for (const w of workloads) {
    const list = byServiceAccount.get(w.serviceAccount);
    if (list) list.push(w);
    else byServiceAccount.set(w.serviceAccount, [w]);
  }
  return byServiceAccount;
}

/** Copies of the bindings whose ServiceAccount subjects say which workloads of the file run as them (related locations), each after its link facts. */
function bindingFacts(bindings: RoleBindingFact[], byServiceAccount: Map<string, Workload[]>): Fact[] {
  const facts: Fact[] = [];
  for (const binding of bindings) {
    const b = { ...binding, subjects: binding.subjects.map((s) => ({ ...s })) };
    for (const s of b.subjects) {
      if (s.kind !== 'ServiceAccount') continue;
      const ns = s.namespace ?? b.namespace;
      s.usedBy = (byServiceAccount.get(s.name) ?? [])
        .filter((w) => ns === undefined || w.namespace === undefined || w.namespace === ns)
        .map((w) => ({ name: `${w.kind}/${w.name}`, range: w.headerRange }));
      facts.push({
        kind: 'link',
        key: serviceAccountKey(ns, s.name),
        role: 'binding',
        label: `${b.bindingKind} ${b.name}: grants ${b.roleRef.kind} ${b.roleRef.name} to this service account`,
        range: b.range,
      });
    }
    facts.push(b);
  }
  return facts;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Link key of a ServiceAccount; '?' when the namespace is chosen at deploy time (kubectl -n, kustomize, Helm). */
function serviceAccountKey(namespace: string | undefined, name: string): string {
  return `k8s-sa:${namespace ?? '?'}/${name}`;
}

/** The ServiceAccount, and the cloud identity its workload-identity annotation names (IRSA role, GKE service account). */
function serviceAccountLink(m: KNode, name: string, namespace: string | undefined): LinkFact {
  const aliases: string[] = [];
  const roleArn = path(m, 'metadata', 'annotations', 'eks.amazonaws.com/role-arn')?.str;
  const role = roleArn ? /:role\/([\w+=,.@/-]+)$/.exec(roleArn.trim())?.[1] : undefined;
  if (role) aliases.push(`aws-role:${role.slice(role.lastIndexOf('/') + 1)}`);
  const gsa = path(m, 'metadata', 'annotations', 'iam.gke.io/gcp-service-account')?.str;
  const gsaName = gsa ? /^([a-z][a-z0-9-]{4,28}[a-z0-9])@/.exec(gsa.trim())?.[1] : undefined;
  if (gsaName) aliases.push(`gcp-sa:${gsaName}`);
  return {
    kind: 'link',
    key: serviceAccountKey(namespace, name),
    role: 'declaration',
    label: `ServiceAccount ${namespace ? `${namespace}/` : ''}${name}`,
    range: m.range,
    ...(aliases.length > 0 ? { aliases } : {}),
  };
}

function rbacRules(m: KNode, roleKind: 'Role' | 'ClusterRole', roleName: string, namespace: string | undefined): RbacRuleFact[] {
  const out: RbacRuleFact[] = [];
  for (const rule of get(m, 'rules')?.items ?? []) {
    if (!rule.entries) continue;
    const verbRanges = strings(get(rule, 'verbs'));
    const resourceRanges = strings(get(rule, 'resources'));
    const names = get(rule, 'resourceNames');
    out.push({
      kind: 'rbacRule',
      roleKind,
      roleName,
      namespace: roleKind === 'Role' ? namespace : undefined,
      apiGroups: strings(get(rule, 'apiGroups')).map((s) => s.value),
      resources: resourceRanges.map((s) => s.value),
      verbs: verbRanges.map((s) => s.value),
      // A templated/unknown resourceNames list still restricts the rule: keep it as "some names".
      resourceNames: names?.items && names.items.length > 0 ? names.items.map((i) => i.str ?? '(unknown)') : undefined,
      range: rule.range,
      verbRanges,
      resourceRanges,
    });
  }
  return out;
}

function roleBinding(m: KNode, bindingKind: 'RoleBinding' | 'ClusterRoleBinding', name: string, namespace: string | undefined, headerRange: Range): RoleBindingFact | undefined {
  const ref = get(m, 'roleRef');
  const refName = get(ref, 'name');
  if (!ref || refName?.str === undefined) return undefined;
  const subjects: RoleBindingFact['subjects'] = [];
  for (const s of get(m, 'subjects')?.items ?? []) {
    const kind = get(s, 'kind')?.str;
    const subjectName = get(s, 'name')?.str;
    if (kind === undefined || subjectName === undefined) continue;
    subjects.push({ kind, name: subjectName, namespace: get(s, 'namespace')?.str, range: s.range });
  }
  return {
    kind: 'roleBinding',
    bindingKind,
    name,
    namespace: bindingKind === 'RoleBinding' ? namespace : undefined,
    roleRef: { kind: get(ref, 'kind')?.str ?? 'ClusterRole', name: refName.str, range: refName.range },
    subjects,
    range: m.range,
    headerRange,
  };
}

function serviceAccount(m: KNode, name: string, namespace: string | undefined, headerRange: Range): Fact[] {
  const labels = path(m, 'metadata', 'labels');
  const annotations = path(m, 'metadata', 'annotations');
  // Labels/annotations written as something other than a static map (a Helm include) are unknown.
  const unknown = (n: KNode | undefined) => n !== undefined && n.entries === undefined && n.range.end > n.range.start;
  const entries = [...(labels?.entries ?? []), ...(annotations?.entries ?? [])];
  const tagValues: Record<string, string | undefined> = {};
  for (const e of entries) tagValues[e.key] = e.value.str;
  const owner = ownerFromTags(tagValues);
  const workloadIdentity = WORKLOAD_IDENTITY_ANNOTATIONS.some((k) => get(annotations, k) !== undefined);
  const display = namespace ? `${namespace}/${name}` : name;
  const identity: IdentityFact = {
    kind: 'identity',
    identityKind: 'k8s-service-account',
    name: display,
    cloud: 'kubernetes',
    range: m.range,
    owner,
    credential: workloadIdentity ? 'workload-identity' : undefined,
  };
  const tagged: TaggedResourceFact = {
    kind: 'taggedResource',
    resourceType: 'k8s:ServiceAccount',
    name: display,
    tagKeys: unknown(labels) || unknown(annotations) ? undefined : entries.map((e) => e.key),
    tagValues,
    range: m.range,
    headerRange,
    tagsRange: labels?.entries ? labels.range : undefined,
  };
  return [identity, tagged];
}

const STATIC_KEY_ENV: Record<string, CredentialMechanism> = {
  AWS_ACCESS_KEY_ID: 'aws-access-key',
  AWS_SECRET_ACCESS_KEY: 'aws-access-key',
  GOOGLE_APPLICATION_CREDENTIALS: 'gcp-service-account-key',
  AZURE_CLIENT_SECRET: 'azure-client-secret',
};

/** Paths of workload-identity-federation credential configs (no private key in them). */
const FEDERATION_CONFIG = /credential[-_]?config|external[-_]?account|federat/i;

function staticCloudKeys(podSpec: KNode, kind: string, name: string, serviceAccount: string, range: Range): CredentialUseFact[] {
  const seen = new Set<CredentialMechanism>();
  const out: CredentialUseFact[] = [];
  const containers = [...(get(podSpec, 'initContainers')?.items ?? []), ...(get(podSpec, 'containers')?.items ?? [])];
  for (const container of containers) {
    for (const env of get(container, 'env')?.items ?? []) {
      const envName = get(env, 'name');
      const mechanism = envName?.str !== undefined ? STATIC_KEY_ENV[envName.str] : undefined;
      if (!mechanism || seen.has(mechanism)) continue;
      const literal = get(env, 'value');
      const fromSecret = path(env, 'valueFrom', 'secretKeyRef') !== undefined;
      if (mechanism === 'gcp-service-account-key') {
        // A path to a key file; a federation credential config is workload identity, not a key.
        if (literal?.str === undefined || literal.str.trim() === '' || FEDERATION_CONFIG.test(literal.str)) continue;
      } else if (!fromSecret && !(literal !== undefined && (literal.str === undefined ? literal.range.end > literal.range.start : literal.str.trim() !== ''))) {
        continue;
      }
      seen.add(mechanism);
      out.push({
        kind: 'credentialUse',
        mechanism,
        name: `${kind}/${name}`,
        resourceType: `k8s:${kind}`,
        range,
        headerRange: envName!.range,
        identity: `ServiceAccount/${serviceAccount}`,
      });
    }
  }
  return out;
}
