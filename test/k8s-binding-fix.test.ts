/**
 * cluster-admin bindings (fixes/narrow-privilege/k8s-binding-scope.ts): every-account groups
 * are removed from the binding; ServiceAccounts of one namespace get `admin` there through a
 * RoleBinding; a RoleBinding to cluster-admin gets `admin`. Each fix is validated (parses,
 * finding gone), adds no finding and applying it again changes nothing.
 */
import * as YAML from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import type { Fix } from '../server/src/engine/model';
import { applyEdits } from './support/fixtures';

const RULE = 'privilege/k8s-cluster-admin-binding';
const URI = 'file:///w/deploy/rbac.yaml';

beforeAll(async () => {
  await initEngine();
});

const analyse = (text: string) => analyzeText({ uri: URI, path: 'deploy/rbac.yaml', text }, { config: defaultConfig(), workspaceRoot: 'file:///w', readFile: () => undefined });

function onlyFix(text: string): { fix: Fix; fixed: string } {
  const findings = analyse(text).findings.filter((f) => f.ruleId === RULE);
  expect(findings).toHaveLength(1);
  const fixes = findings[0].fixes.filter((f) => f.kind === 'narrow-privilege');
  expect(fixes).toHaveLength(1);
  return { fix: fixes[0], fixed: applyEdits(text, fixes[0].edits.filter((e) => e.uri === URI)) };
}

function expectClean(before: string, fixed: string): void {
  for (const d of YAML.parseAllDocuments(fixed)) expect(d.errors).toEqual([]);
  const after = analyse(fixed).findings;
  expect(after.filter((f) => f.ruleId === RULE)).toEqual([]);
  const known = new Set(analyse(before).findings.map((f) => f.ruleId));
  expect(after.filter((f) => !known.has(f.ruleId)).map((f) => f.ruleId)).toEqual([]);
}

const BINDING = (kind: string, subjects: string, extraMeta = '') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: deployer-admin
${extraMeta}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
${subjects}`;

describe('cluster-admin bindings', () => {
  it('ServiceAccounts of one namespace bound cluster-wide: admin in that namespace through a RoleBinding (not preferred)', () => {
    const text = `---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: argo\n  namespace: platform\n---\n${BINDING('ClusterRoleBinding', '  - kind: ServiceAccount\n    name: argo\n    namespace: platform\n')}`;
    const { fix, fixed } = onlyFix(text);
    expect(fix.preferred).toBe(false);
    expect(fix.title).toContain('namespace platform');
    const binding = YAML.parseAllDocuments(fixed)[1].toJS();
    expect(binding.kind).toBe('RoleBinding');
    expect(binding.metadata).toEqual({ name: 'deployer-admin', namespace: 'platform' });
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'argo', namespace: 'platform' }]);
    expectClean(text, fixed);
    expect(analyse(fixed).findings.filter((f) => f.ruleId === RULE)).toEqual([]); // nothing left to apply
  });

  it('a RoleBinding to cluster-admin gets admin', () => {
    const text = BINDING('RoleBinding', '  - kind: ServiceAccount\n    name: tenant-ci\n', '  namespace: tenant-a\n');
    const { fix, fixed } = onlyFix(text);
    expect(fix.edits).toHaveLength(1);
    expect(YAML.parse(fixed).roleRef.name).toBe('admin');
    expect(YAML.parse(fixed).kind).toBe('RoleBinding');
    expectClean(text, fixed);
  });

  it('an every-account group is removed when other subjects stay (preferred)', () => {
    const text = BINDING('ClusterRoleBinding', '  - kind: User\n    name: jane@example.com\n    apiGroup: rbac.authorization.k8s.io\n  - kind: Group\n    name: system:authenticated\n    apiGroup: rbac.authorization.k8s.io\n');
    const { fix, fixed } = onlyFix(text);
    expect(fix.preferred).toBe(true);
    expect(YAML.parse(fixed).subjects).toEqual([{ kind: 'User', name: 'jane@example.com', apiGroup: 'rbac.authorization.k8s.io' }]);
    expectClean(text, fixed);
  });

  it('offers nothing it cannot be sure of', () => {
    const cases = [
      // The only subject, in the only element of a JSON List: deleting it would leave an empty List.
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [YAML.parse(BINDING('ClusterRoleBinding', '  - kind: Group\n    name: system:serviceaccounts\n'))] }, null, 2),
      // ServiceAccounts of two namespaces.
      BINDING('ClusterRoleBinding', '  - kind: ServiceAccount\n    name: a\n    namespace: one\n  - kind: ServiceAccount\n    name: b\n    namespace: two\n'),
      // No namespace on the subject.
      BINDING('ClusterRoleBinding', '  - kind: ServiceAccount\n    name: a\n'),
      // Flow style.
      BINDING('ClusterRoleBinding', '  [{ kind: ServiceAccount, name: a, namespace: one }, { kind: Group, name: system:authenticated }]\n'),
    ];
    for (const text of cases) {
      const path = text.startsWith('{') ? 'deploy/rbac.json' : 'deploy/rbac.yaml';
      const findings = analyzeText({ uri: `file:///w/${path}`, path, text }, { config: defaultConfig(), workspaceRoot: 'file:///w', readFile: () => undefined }).findings.filter((x) => x.ruleId === RULE);
      expect(findings.length, text).toBeGreaterThan(0);
      for (const f of findings) {
        expect(f.fixes.filter((x) => x.kind === 'narrow-privilege'), text).toEqual([]);
      }
    }
  });

  it('a binding whose only subject is an every-account group is deleted (its document)', () => {
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ci\n  namespace: ci\n';
    const text = `${sa}---\n${BINDING('ClusterRoleBinding', '- kind: Group\n  apiGroup: rbac.authorization.k8s.io\n  name: "system:serviceaccounts"\n')}---\n${sa.replace('name: ci', 'name: ci2')}`;
    const { fix, fixed } = onlyFix(text);
    expect(fix.title).toMatch(/^Delete ClusterRoleBinding deployer-admin/);
    const kinds = YAML.parseAllDocuments(fixed).map((d) => (d.toJS() as { kind?: string } | null)?.kind ?? null);
    expect(kinds).toEqual(['ServiceAccount', null, 'ServiceAccount']);
    expectClean(text, fixed);
  });
});

describe('ClusterRole that reads Secrets', () => {
  const RULE_SECRETS = 'privilege/k8s-secrets-read-cluster-wide';
  const ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: notifier\nrules:\n- apiGroups: [""]\n  resources: ["secrets"]\n  verbs: ["get", "list", "watch"]\n';
  const BIND = (subjects: string, kind = 'ClusterRoleBinding') =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: notifier\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: notifier\nsubjects:\n${subjects}`;

  it('becomes a Role in the namespace of its one binding\'s ServiceAccounts (not preferred)', () => {
    const text = `${ROLE}---\n${BIND('- kind: ServiceAccount\n  name: notifier\n  namespace: ops\n')}`;
    const finding = analyse(text).findings.find((f) => f.ruleId === RULE_SECRETS)!;
    const fix = finding.fixes.find((f) => f.kind === 'narrow-privilege')!;
    expect(fix.preferred).toBe(false);
    const fixed = applyEdits(text, fix.edits);
    const [role, binding] = YAML.parseAllDocuments(fixed).map((d) => d.toJS());
    expect([role.kind, role.metadata]).toEqual(['Role', { name: 'notifier', namespace: 'ops' }]);
    expect([binding.kind, binding.metadata, binding.roleRef.kind]).toEqual(['RoleBinding', { name: 'notifier', namespace: 'ops' }, 'Role']);
    for (const d of YAML.parseAllDocuments(fixed)) expect(d.errors).toEqual([]);
    expect(analyse(fixed).findings.filter((f) => f.ruleId.startsWith('privilege/'))).toEqual([]);
  });

  it('no fix when the role is bound twice, for two namespaces, or not at all in the file', () => {
    const cases = [
      `${ROLE}---\n${BIND('- kind: ServiceAccount\n  name: a\n  namespace: ops\n')}---\n${BIND('- kind: ServiceAccount\n  name: b\n  namespace: ops\n').replace('name: notifier\nroleRef', 'name: other\nroleRef')}`,
      `${ROLE}---\n${BIND('- kind: ServiceAccount\n  name: a\n  namespace: ops\n- kind: ServiceAccount\n  name: b\n  namespace: dev\n')}`,
      ROLE,
    ];
    for (const text of cases) {
      const f = analyse(text).findings.find((x) => x.ruleId === RULE_SECRETS)!;
      expect(f, text).toBeDefined();
      expect(f.fixes.filter((x) => x.kind === 'narrow-privilege'), text).toEqual([]);
    }
  });

  it('works on List items and JSON manifests too', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n  - ${ROLE.split('\n').join('\n    ').trimEnd()}\n  - ${BIND('- kind: ServiceAccount\n  name: notifier\n  namespace: ops\n').split('\n').join('\n    ').trimEnd()}\n`;
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: YAML.parseAllDocuments(`${ROLE}---\n${BIND('- kind: ServiceAccount\n  name: notifier\n  namespace: ops\n')}`).map((d) => d.toJS()) }, null, 2);
    for (const [path, text] of [['deploy/rbac.yaml', list], ['deploy/rbac.json', json]]) {
      const run = (t: string) => analyzeText({ uri: `file:///w/${path}`, path, text: t }, { config: defaultConfig(), workspaceRoot: 'file:///w', readFile: () => undefined });
      const finding = run(text).findings.find((f) => f.ruleId === RULE_SECRETS);
      expect(finding, path).toBeDefined();
      const fix = finding!.fixes.find((f) => f.kind === 'narrow-privilege');
      expect(fix, path).toBeDefined();
      const fixed = applyEdits(text, fix!.edits);
      const items = (path.endsWith('.json') ? JSON.parse(fixed) : YAML.parse(fixed)).items;
      expect(items.map((i: { kind: string; metadata: unknown }) => [i.kind, i.metadata]), path).toEqual([
        ['Role', { name: 'notifier', namespace: 'ops' }],
        ['RoleBinding', { name: 'notifier', namespace: 'ops' }],
      ]);
      expect(run(fixed).findings.filter((f) => f.ruleId.startsWith('privilege/')), path).toEqual([]);
    }
  });

  it('a binding for every account is deleted from a List (YAML item, JSON element and its comma)', () => {
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ci', namespace: 'ci' } };
    const binding = YAML.parse(BINDING('ClusterRoleBinding', '  - kind: Group\n    name: system:authenticated\n'));
    for (const order of [[sa, binding, sa], [sa, binding]]) {
      const list = { apiVersion: 'v1', kind: 'List', items: order };
      for (const [path, text] of [['deploy/all.json', JSON.stringify(list, null, 2) + '\n'], ['deploy/all.yaml', YAML.stringify(list)]]) {
        const run = (t: string) => analyzeText({ uri: `file:///w/${path}`, path, text: t }, { config: defaultConfig(), workspaceRoot: 'file:///w', readFile: () => undefined });
        const finding = run(text).findings.find((f) => f.ruleId === RULE);
        const fix = finding?.fixes.find((f) => f.kind === 'narrow-privilege');
        expect(fix, path).toBeDefined();
        const fixed = applyEdits(text, fix!.edits);
        const parsed = path.endsWith('.json') ? JSON.parse(fixed) : YAML.parse(fixed);
        expect(parsed.items.map((i: { kind: string }) => i.kind), path).toEqual(order.filter((o) => o !== binding).map((o) => o.kind));
        expect(run(fixed).findings.filter((f) => f.ruleId === RULE), path).toEqual([]);
      }
    }
  });
});

