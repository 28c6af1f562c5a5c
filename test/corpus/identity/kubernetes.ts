/**
 * Kubernetes cases in multi-document YAML, `kind: List` and JSON manifests:
 * RBAC rules, bindings, ServiceAccount owners, token Secrets and cloud keys in
 * pod templates of every workload kind.
 */
import type { Rng } from '../secrets/rng';
import { neg, pos } from './label';
import { name, team, type Case } from './aws';

export const K8S_SYNTAXES = ['yaml', 'list', 'json'] as const;
export type K8sSyntax = (typeof K8S_SYNTAXES)[number];

type Obj = { [k: string]: unknown };

interface LabelledDoc {
  obj: Obj;
  kind?: string;
  positive?: boolean;
  /** Label only this path inside the document (e.g. one rule) instead of the whole document. */
  inner?: (string | number)[];
}

const yamlKey = (k: string): string => (/^[A-Za-z0-9_.-]+$/.test(k) && !/^\d/.test(k) ? k : JSON.stringify(k));
const yamlScalar = (v: unknown): string => {
  if (typeof v !== 'string') return String(v);
  return /^[A-Za-z][A-Za-z0-9._/-]*$/.test(v) && !/^(?:true|false|yes|no|on|off|null|y|n)$/i.test(v) ? v : JSON.stringify(v);
};

type Marker = { path: (string | number)[]; wrap: (t: string) => string };

/** Block YAML; the value at `marker.path` (a map inside a list, or a whole map) is wrapped with a label. */
function yaml(v: unknown, col: number, marker: Marker | undefined, at: (string | number)[] = []): string {
  const pad = ' '.repeat(col);
  const isMarked = (p: (string | number)[]): boolean => !!marker && marker.path.length === p.length && marker.path.every((x, i) => x === p[i]);
  if (Array.isArray(v)) {
    if (v.length === 0) return `${pad}[]`;
    if (v.every((x) => typeof x !== 'object')) return `${pad}[${v.map((x) => (typeof x === 'string' ? JSON.stringify(x) : String(x))).join(', ')}]`;
    return v
      .map((item, i) => {
        const body = yaml(item, col + 2, marker, [...at, i]).slice(col + 2);
        const t = `- ${body}`;
        return pad + (isMarked([...at, i]) ? marker!.wrap(t) : t);
      })
      .join('\n');
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    if (entries.length === 0) return `${pad}{}`;
    return entries
      .map(([k, x]) => {
        if (typeof x === 'object' && x !== null) {
          const inner = yaml(x, Array.isArray(x) && x.some((y) => typeof y === 'object') ? col : col + 2, marker, [...at, k]);
          const flat = !inner.includes('\n') && (inner.trimStart().startsWith('[') || inner.trimStart().startsWith('{'));
          return flat ? `${pad}${yamlKey(k)}: ${inner.trimStart()}` : `${pad}${yamlKey(k)}:\n${inner}`;
        }
        return `${pad}${yamlKey(k)}: ${yamlScalar(x)}`;
      })
      .join('\n');
  }
  return pad + yamlScalar(v);
}

/** Renders documents in a syntax; each labelled document (or its inner path) is wrapped. */
export function k8sFile(syntax: K8sSyntax, docs: LabelledDoc[]): string {
  const wrapFor = (d: LabelledDoc) => (t: string): string => (d.kind ? (d.positive ? pos(d.kind, t) : neg(d.kind, t)) : t);
  if (syntax === 'json') {
    // One JSON manifest: a List when there are several objects.
    const render = (d: LabelledDoc, base: number): string => {
      if (!d.kind) return jsonAt(d.obj, base);
      if (!d.inner) return wrapFor(d)(jsonAt(d.obj, base));
      return jsonAt(d.obj, base, { path: d.inner, wrap: wrapFor(d) });
    };
    if (docs.length === 1) return render(docs[0], 0) + '\n';
    return `{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n${docs.map((d) => '    ' + render(d, 4)).join(',\n')}\n  ]\n}\n`;
  }
  if (syntax === 'list') {
    const items = docs.map((d) => {
      const marker = d.kind ? { path: d.inner ?? [], wrap: wrapFor(d) } : undefined;
      const body = yaml(d.obj, 4, d.inner ? marker : undefined).slice(4);
      const t = `- ${body}`;
      return '  ' + (d.kind && !d.inner ? wrapFor(d)(t) : t);
    });
    return `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`;
  }
  return docs
    .map((d) => {
      if (!d.kind) return yaml(d.obj, 0, undefined);
      if (!d.inner) return wrapFor(d)(yaml(d.obj, 0, undefined));
      return yaml(d.obj, 0, { path: d.inner, wrap: wrapFor(d) });
    })
    .map((t) => `---\n${t}\n`)
    .join('');
}

function jsonAt(v: unknown, base: number, marker?: Marker, at: (string | number)[] = []): string {
  const pad = (n: number): string => ' '.repeat(n);
  const isMarked = (p: (string | number)[]): boolean => !!marker && marker.path.length === p.length && marker.path.every((x, i) => x === p[i]);
  const wrapIf = (p: (string | number)[], t: string): string => (isMarked(p) ? marker!.wrap(t) : t);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object')) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
    return `[\n${v.map((x, i) => pad(base + 2) + wrapIf([...at, i], jsonAt(x, base + 2, marker, [...at, i]))).join(',\n')}\n${pad(base)}]`;
  }
  if (typeof v === 'object' && v !== null) {
    const e = Object.entries(v);
    if (e.length === 0) return '{}';
    return `{\n${e.map(([k, x]) => `${pad(base + 2)}${JSON.stringify(k)}: ${jsonAt(x, base + 2, marker, [...at, k])}`).join(',\n')}\n${pad(base)}}`;
  }
  return JSON.stringify(v);
}

// ── Objects ────────────────────────────────────────────────────────────────

const ownedSa = (r: Rng, n: string, ns: string, extra: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: n, namespace: ns, labels: { 'app.kubernetes.io/name': n, [r.pick(['team', 'owner', 'app.kubernetes.io/owner'])]: team(r) }, ...extra },
});

const configMap = (n: string, ns: string): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${n}-config`, namespace: ns }, data: { LOG_LEVEL: 'info' } });

interface RuleKind {
  kind: string;
  positive: boolean;
  cluster: boolean;
  rule(r: Rng): Obj;
}

export const rbacRuleKinds: RuleKind[] = [
  { kind: 'verbs-star', positive: true, cluster: false, rule: (r) => ({ apiGroups: [''], resources: [r.pick(['configmaps', 'services', 'pods'])], verbs: ['*'] }) },
  { kind: 'resources-star', positive: true, cluster: true, rule: (r) => ({ apiGroups: [r.pick(['', 'apps', '*'])], resources: ['*'], verbs: ['get', 'list', 'watch'] }) },
  { kind: 'escalate-bind', positive: true, cluster: true, rule: (r) => ({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'clusterrolebindings'], verbs: ['get', r.pick(['escalate', 'bind'])] }) },
  { kind: 'impersonate', positive: true, cluster: true, rule: () => ({ apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] }) },
  { kind: 'pods-exec', positive: true, cluster: false, rule: (r) => ({ apiGroups: [''], resources: [r.pick(['pods/exec', 'pods/attach'])], verbs: [r.pick(['create', 'get'])] }) },
  { kind: 'sa-token-create', positive: true, cluster: false, rule: () => ({ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }) },
  { kind: 'secrets-cluster-wide', positive: true, cluster: true, rule: (r) => ({ apiGroups: [''], resources: ['secrets'], verbs: r.pick([['get', 'list', 'watch'], ['list'], ['get', 'watch']]) }) },
  { kind: 'api-groups-star-only', positive: false, cluster: true, rule: () => ({ apiGroups: ['*'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list'] }) },
  { kind: 'resource-names-scoped', positive: false, cluster: false, rule: (r) => ({ apiGroups: [''], resources: ['configmaps'], resourceNames: [`${r.pick(['leader-lock', 'app-config', 'feature-flags'])}`], verbs: ['*'] }) },
  { kind: 'non-resource-urls', positive: false, cluster: true, rule: () => ({ nonResourceURLs: ['/healthz', '/metrics', '/version'], verbs: ['get'] }) },
  { kind: 'namespaced-secrets-read', positive: false, cluster: false, rule: () => ({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }) },
  { kind: 'secrets-write-only', positive: false, cluster: true, rule: () => ({ apiGroups: [''], resources: ['secrets'], verbs: ['create', 'update', 'patch'] }) },
  { kind: 'named-secrets', positive: false, cluster: true, rule: (r) => ({ apiGroups: [''], resources: ['secrets'], resourceNames: [`${r.pick(['tls-cert', 'registry-pull'])}`], verbs: ['get'] }) },
  { kind: 'pods-log-and-token-get', positive: false, cluster: false, rule: () => ({ apiGroups: [''], resources: ['pods/log', 'serviceaccounts/token'], verbs: ['get'] }) },
  { kind: 'helm-templated-verbs', positive: false, cluster: true, rule: () => ({ apiGroups: [''], resources: ['configmaps'], verbs: ['{{ .Values.rbac.verb }}'] }) },
  { kind: 'narrow-read', positive: false, cluster: true, rule: () => ({ apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get', 'list', 'watch'] }) },
];

export function rbacRuleCase(r: Rng, i: number, syntax: K8sSyntax, rk: RuleKind): Case {
  const n = name(r);
  const ns = r.pick(['platform', 'ci', 'payments', 'monitoring', 'default']);
  const benign = { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] };
  const first = r.chance(0.5);
  const rules = first ? [rk.rule(r), benign] : [benign, rk.rule(r)];
  const role: Obj = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: rk.cluster ? 'ClusterRole' : 'Role', metadata: rk.cluster ? { name: n } : { name: n, namespace: ns }, rules };
  const binding: Obj = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: rk.cluster ? 'ClusterRoleBinding' : 'RoleBinding',
    metadata: rk.cluster ? { name: n } : { name: n, namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: rk.cluster ? 'ClusterRole' : 'Role', name: n },
    subjects: [{ kind: 'ServiceAccount', name: n, namespace: ns }],
  };
  const docs: LabelledDoc[] = [
    { obj: ownedSa(r, n, ns), kind: 'ownership:k8s:owned-service-account', positive: false },
    { obj: role, kind: `privilege:k8s-${syntax}:${rk.kind}`, positive: rk.positive, inner: ['rules', first ? 0 : 1] },
    { obj: binding },
  ];
  return { path: `k8s/${n}-${i}/rbac.${syntax === 'json' ? 'json' : 'yaml'}`, marked: k8sFile(syntax, docs) };
}

interface BindingKind {
  kind: string;
  positive: boolean;
  gen(r: Rng, n: string, ns: string): { cluster: boolean; role: string; subject: Obj };
}

export const bindingKinds: BindingKind[] = [
  { kind: 'cluster-admin-to-sa', positive: true, gen: (r, n, ns) => ({ cluster: r.chance(0.7), role: 'cluster-admin', subject: { kind: 'ServiceAccount', name: n, namespace: ns } }) },
  { kind: 'cluster-admin-to-all-authenticated', positive: true, gen: (r) => ({ cluster: true, role: 'cluster-admin', subject: { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: r.pick(['system:authenticated', 'system:serviceaccounts', 'system:unauthenticated']) } }) },
  { kind: 'cluster-admin-to-user', positive: false, gen: (r) => ({ cluster: true, role: 'cluster-admin', subject: { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `${r.pick(['alice', 'bob', 'oncall'])}@acme.io` } }) },
  { kind: 'cluster-admin-to-human-group', positive: false, gen: () => ({ cluster: true, role: 'cluster-admin', subject: { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'oidc:platform-oncall' } }) },
  { kind: 'view-to-sa', positive: false, gen: (r, n, ns) => ({ cluster: r.chance(0.5), role: r.pick(['view', 'edit']), subject: { kind: 'ServiceAccount', name: n, namespace: ns } }) },
];

export function bindingCase(r: Rng, i: number, syntax: K8sSyntax, bk: BindingKind): Case {
  const n = name(r);
  const ns = r.pick(['platform', 'ci', 'argo', 'monitoring']);
  const b = bk.gen(r, n, ns);
  const binding: Obj = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: b.cluster ? 'ClusterRoleBinding' : 'RoleBinding',
    metadata: b.cluster ? { name: `${n}-${b.role}` } : { name: `${n}-${b.role}`, namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: b.role },
    subjects: [b.subject],
  };
  const deployment = workload('Deployment', n, ns, [{ name: 'LOG_LEVEL', value: 'info' }]);
  const docs: LabelledDoc[] = [
    { obj: ownedSa(r, n, ns), kind: 'ownership:k8s:owned-service-account', positive: false },
    { obj: binding, kind: `privilege:k8s-${syntax}:${bk.kind}`, positive: bk.positive },
    { obj: deployment },
  ];
  return { path: `k8s/${n}-${i}/binding.${syntax === 'json' ? 'json' : 'yaml'}`, marked: k8sFile(syntax, docs) };
}

// ── ServiceAccount owners ──────────────────────────────────────────────────

export function serviceAccountOwnerCases(r: Rng, i: number, syntax: K8sSyntax): Case[] {
  const n = name(r);
  const ns = r.pick(['search', 'platform', 'payments', 'default']);
  const sa = (metadataExtra: Obj): Obj => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: n, namespace: ns, ...metadataExtra } });
  const irsa = { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${r.digits(12)}:role/${n}` };
  const kinds: [string, boolean, Obj][] = [
    ['no-labels', true, {}],
    ['labels-without-owner', true, { labels: { 'app.kubernetes.io/name': n, 'app.kubernetes.io/part-of': 'shop' }, annotations: irsa }],
    ['placeholder-owner', true, { labels: { [r.pick(['team', 'owner'])]: r.pick(['TODO', 'TBD', '<team>', '']) } }],
    ['owner-label', false, { labels: { [r.pick(['team', 'owner', 'Team', 'app.kubernetes.io/owner'])]: team(r) } }],
    ['owner-annotation', false, { annotations: { [r.pick(['backstage.io/owner', 'example.com/team', 'acme.io/owner'])]: team(r), ...irsa } }],
    ['helm-owner-label', false, { labels: { team: '{{ include "chart.team" . }}' } }],
  ];
  return kinds.map(([k, positive, meta], j) => ({
    path: `k8s/${n}-${i}-${j}/serviceaccount.${syntax === 'json' ? 'json' : 'yaml'}`,
    marked: k8sFile(syntax, [{ obj: configMap(n, ns) }, { obj: sa(meta), kind: `ownership:k8s-${syntax}:${k}`, positive }]),
  }));
}

// ── Token Secrets and static cloud keys in pods ───────────────────────────

export function tokenSecretCases(r: Rng, i: number, syntax: K8sSyntax): Case[] {
  const n = name(r);
  const ns = r.pick(['ci', 'platform']);
  const secret = (type: string): Obj => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `${n}-token`, namespace: ns, annotations: type === 'kubernetes.io/service-account-token' ? { 'kubernetes.io/service-account.name': n } : {} },
    type,
  });
  const ext = syntax === 'json' ? 'json' : 'yaml';
  return [
    { path: `k8s/${n}-${i}/token-secret.${ext}`, marked: k8sFile(syntax, [{ obj: ownedSa(r, n, ns) }, { obj: secret('kubernetes.io/service-account-token'), kind: `credential:k8s-${syntax}:sa-token-secret`, positive: true }]) },
    { path: `k8s/${n}-${i}/other-secret.${ext}`, marked: k8sFile(syntax, [{ obj: ownedSa(r, n, ns) }, { obj: secret(r.pick(['Opaque', 'kubernetes.io/tls', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/basic-auth'])), kind: `credential:k8s-${syntax}:other-secret-type`, positive: false }]) },
  ];
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet'] as const;

function workload(kind: string, n: string, ns: string, env: Obj[], saName = n): Obj {
  const podSpec: Obj = { serviceAccountName: saName, containers: [{ name: n, image: `ghcr.io/acme/${n}:1.4.2`, env }] };
  const template = { metadata: { labels: { app: n } }, spec: podSpec };
  const meta = { name: n, namespace: ns };
  switch (kind) {
    case 'Pod': return { apiVersion: 'v1', kind, metadata: meta, spec: podSpec };
    case 'Job': return { apiVersion: 'batch/v1', kind, metadata: meta, spec: { template: { ...template, spec: { ...podSpec, restartPolicy: 'Never' } } } };
    case 'CronJob': return { apiVersion: 'batch/v1', kind, metadata: meta, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { ...template, spec: { ...podSpec, restartPolicy: 'OnFailure' } } } } } };
    default: return { apiVersion: 'apps/v1', kind, metadata: meta, spec: { selector: { matchLabels: { app: n } }, template } };
  }
}

const fromSecret = (secret: string, key: string): Obj => ({ secretKeyRef: { name: secret, key } });

export function podKeyCases(r: Rng, i: number, syntax: K8sSyntax): Case[] {
  const out: Case[] = [];
  const n = name(r);
  const ns = r.pick(['reports', 'batch', 'default']);
  const wk = WORKLOADS[i % WORKLOADS.length];
  const env = (vars: Obj[]): Obj[] => [{ name: 'LOG_LEVEL', value: 'info' }, ...vars];
  const posKinds: [string, Obj[]][] = [
    ['aws-key-pair', [{ name: 'AWS_ACCESS_KEY_ID', valueFrom: fromSecret(`${n}-aws`, 'id') }, { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: fromSecret(`${n}-aws`, 'secret') }, { name: 'AWS_REGION', value: 'eu-west-1' }]],
    ['gcp-key-file', [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: `/var/secrets/google/${r.pick(['key.json', 'sa.json', 'credentials.json'])}` }]],
    ['azure-client-secret', [{ name: 'AZURE_CLIENT_ID', value: r.uuid() }, { name: 'AZURE_TENANT_ID', value: r.uuid() }, { name: 'AZURE_CLIENT_SECRET', valueFrom: fromSecret(`${n}-azure`, 'client-secret') }]],
  ];
  const negKinds: [string, Obj[]][] = [
    ['irsa-env', [{ name: 'AWS_ROLE_ARN', value: `arn:aws:iam::${r.digits(12)}:role/${n}` }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' }]],
    ['azure-workload-identity-env', [{ name: 'AZURE_CLIENT_ID', value: r.uuid() }, { name: 'AZURE_FEDERATED_TOKEN_FILE', value: '/var/run/secrets/azure/tokens/azure-identity-token' }]],
    ['gcp-wif-config', [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/workload-identity/credential-configuration.json' }]],
    ['empty-aws-key', [{ name: 'AWS_ACCESS_KEY_ID', value: '' }, { name: 'AWS_SECRET_ACCESS_KEY', value: '' }]],
    ['plain-env', [{ name: 'DATABASE_HOST', value: 'postgres.internal' }, { name: 'AWS_REGION', value: 'eu-west-1' }]],
  ];
  const ext = syntax === 'json' ? 'json' : 'yaml';
  const sa = ownedSa(r, n, ns, { annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${r.digits(12)}:role/${n}` } });
  for (const [k, vars] of posKinds) {
    out.push({ path: `k8s/${n}-${i}-${syntax}/${k}.${ext}`, marked: k8sFile(syntax, [{ obj: sa }, { obj: workload(wk, n, ns, env(vars)), kind: `credential:k8s-${syntax}:${k}`, positive: true }]) });
  }
  for (const [k, vars] of negKinds) {
    out.push({ path: `k8s/${n}-${i}-${syntax}/${k}.${ext}`, marked: k8sFile(syntax, [{ obj: sa }, { obj: workload(wk, n, ns, env(vars)), kind: `credential:k8s-${syntax}:${k}`, positive: false }]) });
  }
  return out;
}
