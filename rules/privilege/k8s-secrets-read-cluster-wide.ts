/**
 * privilege/k8s-secrets-read-cluster-wide: a ClusterRole that may get/list/watch `secrets`
 * without `resourceNames`. Bound cluster-wide it reads every credential in the cluster.
 * Namespaced Roles and rules restricted to named secrets are not flagged; `*` verbs or
 * resources are privilege/k8s-rbac-wildcard's. Quick fix (a Role bound in the one namespace
 * that uses it): fixes/narrow-privilege/k8s-binding-scope.ts.
 */
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { namespacedRoleFix } from '../../server/src/engine/fixes/narrow-privilege/k8s-binding-scope';

const READ_VERBS = ['get', 'list', 'watch'];

export const k8sSecretsReadClusterWide: Rule = {
  id: 'privilege/k8s-secrets-read-cluster-wide',
  category: 'privilege',
  severity: 'warning',
  title: 'ClusterRole can read Secrets in every namespace',
  appliesTo: ['rbacRule'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const rule of ctx.facts('rbacRule')) {
      if (rule.roleKind !== 'ClusterRole' || rule.resourceNames) continue;
      if (rule.apiGroups.length > 0 && !rule.apiGroups.includes('') && !rule.apiGroups.includes('*')) continue;
      const secrets = rule.resourceRanges.find((r) => r.value === 'secrets');
      const verbs = rule.verbs.filter((v) => READ_VERBS.includes(v));
      if (!secrets || verbs.length === 0) continue;
      findings.push({
        message: `ClusterRole ${rule.roleName} may ${verbs.join('/')} Secrets cluster-wide; use a namespaced Role or resourceNames.`,
        range: secrets.range,
        fingerprintContext: `ClusterRole/${rule.roleName}:secrets`,
        fixes: () => {
          const fix = namespacedRoleFix(ctx.document, rule.roleName);
          return fix ? [fix] : [];
        },
      });
    }
    return findings;
  },
};
