/**
 * privilege/k8s-cluster-admin-binding: `cluster-admin` bound to a ServiceAccount, or to the
 * groups that contain every (service) account: system:authenticated, system:unauthenticated,
 * system:serviceaccounts[:<ns>]. Users and named human groups (break-glass admins) are not
 * non-human identities and are not flagged. Related locations: the Deployments etc. in the
 * same file that run as the bound ServiceAccount. Quick fixes: fixes/narrow-privilege/k8s-binding-scope.ts.
 */
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { clusterAdminBindingFix } from '../../server/src/engine/fixes/narrow-privilege/k8s-binding-scope';

const BROAD_GROUPS = /^system:(?:authenticated|unauthenticated|serviceaccounts(?::.+)?)$/;

export const k8sClusterAdminBinding: Rule = {
  id: 'privilege/k8s-cluster-admin-binding',
  category: 'privilege',
  severity: 'error',
  title: 'cluster-admin bound to a ServiceAccount or to all authenticated accounts',
  appliesTo: ['roleBinding'],
  keywords: ['cluster-admin'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const binding of ctx.facts('roleBinding')) {
      if (binding.roleRef.name !== 'cluster-admin' || binding.roleRef.kind !== 'ClusterRole') continue;
      const scope = binding.bindingKind === 'ClusterRoleBinding' ? 'the whole cluster' : `namespace ${binding.namespace ?? '(default)'}`;
      for (const [index, subject] of binding.subjects.entries()) {
        const isSa = subject.kind === 'ServiceAccount';
        if (!isSa && !(subject.kind === 'Group' && BROAD_GROUPS.test(subject.name))) continue;
        const ns = subject.namespace ?? binding.namespace;
        const who = isSa ? `ServiceAccount ${ns ? `${ns}/` : ''}${subject.name}` : `group ${subject.name}`;
        findings.push({
          message: `${binding.bindingKind} ${binding.name} gives ${who} cluster-admin over ${scope}; bind a role with only the needed permissions.`,
          range: subject.range,
          severity: binding.bindingKind === 'RoleBinding' ? 'warning' : undefined,
          identity: isSa ? { kind: 'k8s-service-account', name: ns ? `${ns}/${subject.name}` : subject.name } : undefined,
          related: (subject.usedBy ?? []).map((w) => ({ uri: ctx.document.uri, range: w.range, message: `${w.name} runs as ${who}` })),
          fingerprintContext: `${binding.bindingKind}/${binding.name}:${subject.kind}/${subject.name}`,
          fixes: () => {
            const fix = clusterAdminBindingFix(ctx.document, binding, index);
            return fix ? [fix] : [];
          },
        });
      }
    }
    return findings;
  },
};
