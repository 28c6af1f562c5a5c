/** The Kubernetes extractor: manifests → RBAC, binding, ServiceAccount and credential facts. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { parseDocument } from '../server/src/engine/documents/parse';
import { kubernetesExtractor } from '../server/src/engine/extract/kubernetes';
import type { Fact } from '../server/src/engine/model';
import { ROOT } from './support/fixtures';

beforeAll(async () => {
  await initEngine();
});

function extract(text: string, file = 'k8s/manifest.yaml'): Fact[] {
  const doc = parseDocument({ uri: `file:///w/${file}`, path: file, text });
  expect(kubernetesExtractor.applies(doc)).toBe(true);
  return kubernetesExtractor.extract(doc);
}

const MULTI = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ingest
  namespace: data
  labels:
    example.com/team: data-platform
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/ingest
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ingest-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: ingest
    namespace: data
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingest-api
  namespace: data
spec:
  template:
    spec:
      serviceAccountName: ingest
      containers:
        - name: api
          image: registry.example.com/ingest:1.4.2
          env:
            - name: AWS_ACCESS_KEY_ID
              valueFrom:
                secretKeyRef: { name: ingest-aws, key: id }
            - name: AWS_SECRET_ACCESS_KEY
              valueFrom:
                secretKeyRef: { name: ingest-aws, key: secret }
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-export
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: export
              image: registry.example.com/export:2.0.0
              env:
                - name: GOOGLE_APPLICATION_CREDENTIALS
                  value: /var/secrets/google/key.json
`;

describe('kubernetes extractor', () => {
  it('reads ServiceAccounts, bindings and pod templates across documents', () => {
    const facts = extract(MULTI);
    const identity = facts.find((f) => f.kind === 'identity');
    expect(identity).toMatchObject({ identityKind: 'k8s-service-account', name: 'data/ingest', owner: 'data-platform', credential: 'workload-identity', cloud: 'kubernetes' });
    const tagged = facts.find((f) => f.kind === 'taggedResource');
    expect(tagged).toMatchObject({ resourceType: 'k8s:ServiceAccount', tagKeys: ['example.com/team', 'eks.amazonaws.com/role-arn'] });
    const binding = facts.find((f) => f.kind === 'roleBinding');
    expect(binding).toMatchObject({ bindingKind: 'ClusterRoleBinding', roleRef: { kind: 'ClusterRole', name: 'cluster-admin' } });
    if (binding?.kind !== 'roleBinding') throw new Error('no binding');
    expect(binding.subjects[0].usedBy?.map((u) => u.name)).toEqual(['Deployment/ingest-api']);
    const creds = facts.filter((f) => f.kind === 'credentialUse');
    // One fact per workload and mechanism (two AWS variables are one static key).
    expect(creds.map((c) => c.kind === 'credentialUse' && [c.mechanism, c.name, c.resourceType])).toEqual([
      ['aws-access-key', 'Deployment/ingest-api', 'k8s:Deployment'],
      ['gcp-service-account-key', 'CronJob/nightly-export', 'k8s:CronJob'],
    ]);
  });

  it('unpacks List kinds and records RBAC verb/resource ranges', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: { name: reader, namespace: web }
    rules:
      - apiGroups: [""]
        resources: ["pods", "pods/log"]
        verbs: ["get", "list"]
`;
    const [rule] = extract(text).filter((f) => f.kind === 'rbacRule');
    if (rule?.kind !== 'rbacRule') throw new Error('no rbac rule');
    expect(rule).toMatchObject({ roleKind: 'Role', roleName: 'reader', namespace: 'web', resources: ['pods', 'pods/log'], verbs: ['get', 'list'] });
    expect(rule.verbRanges.map((v) => text.slice(v.range.start, v.range.end))).toEqual(['"get"', '"list"']);
  });

  it('reads JSON manifests', () => {
    const text = '{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"builder","labels":{"team":"ci"}}}';
    const facts = extract(text, 'k8s/sa.json');
    expect(facts.find((f) => f.kind === 'identity')).toMatchObject({ name: 'builder', owner: 'ci' });
  });

  it('does not treat workload identity federation configs or empty values as static keys', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: fed
spec:
  containers:
    - name: app
      image: app:1
      env:
        - name: GOOGLE_APPLICATION_CREDENTIALS
          value: /var/run/secrets/gcp/credential-configuration.json
        - name: AWS_ACCESS_KEY_ID
          value: ""
        - name: AZURE_CLIENT_ID
          value: 6f1c7a52-5f4e-4f1e-9d7e-2c1d0a8b9e11
`;
    expect(extract(text).filter((f) => f.kind === 'credentialUse')).toEqual([]);
  });

  it('skips Helm templates gracefully: few notes, no internal errors, and still reads parseable documents', () => {
    const file = path.join(ROOT, 'rules/privilege/fixtures/k8s-rbac-wildcard/chart-templates-clusterrole.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const result = analyzeText({ uri: 'file:///w/templates/clusterrole.yaml', path: 'templates/clusterrole.yaml', text }, { config: defaultConfig() });
    expect(result.notes.filter((n) => n.kind === 'internal-error')).toEqual([]);
    expect(result.notes.length).toBeLessThanOrEqual(1);
    expect(result.findings.filter((f) => f.ruleId === 'privilege/k8s-rbac-wildcard')).toHaveLength(1);
  });

  it('inline Helm labels are unknown tags, not "no owner"', () => {
    const text = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  labels: {{ include "web.labels" . }}
`;
    expect(extract(text).find((f) => f.kind === 'taggedResource')).toMatchObject({ name: 'web', tagKeys: undefined });
  });

  it('templated values are unknown, never wildcards', () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: "{{ .Release.Name }}"
rules:
  - apiGroups: [""]
    resources: ["{{ .Values.resource }}"]
    verbs: ["{{ .Values.verb }}"]
`;
    const [rule] = extract(text).filter((f) => f.kind === 'rbacRule');
    expect(rule).toMatchObject({ resources: [], verbs: [] });
  });
});

describe('kubernetes rules on one file', () => {
  it('links a ServiceAccount bound to cluster-admin to the Deployments that run as it', () => {
    const result = analyzeText({ uri: 'file:///w/k8s/ingest.yaml', path: 'k8s/ingest.yaml', text: MULTI }, { config: defaultConfig() });
    const admin = result.findings.find((f) => f.ruleId === 'privilege/k8s-cluster-admin-binding');
    expect(admin?.identity).toEqual({ kind: 'k8s-service-account', name: 'data/ingest' });
    expect(admin?.related?.[0] && MULTI.slice(admin.related[0].range.start, admin.related[0].range.end)).toBe('ingest-api');
    expect(admin?.related?.[0].message).toContain('Deployment/ingest-api');
    // … and the ServiceAccount's own manifest (identity links, project/links.ts); the Deployment is not listed twice.
    expect(admin?.related?.slice(1).map((r) => r.message)).toEqual(['ServiceAccount data/ingest']);
    // Static keys are flagged even though the ServiceAccount has an IRSA annotation; the owner label is found.
    expect(result.findings.filter((f) => f.ruleId === 'credential/k8s-static-cloud-keys')).toHaveLength(2);
    expect(result.findings.filter((f) => f.ruleId === 'ownership/k8s-service-account-owner')).toEqual([]);
  });
});
