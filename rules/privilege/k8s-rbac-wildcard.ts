/**
 * privilege/k8s-rbac-wildcard: a Role/ClusterRole rule granting `*` verbs or `*` resources.
 * `apiGroups: ["*"]` alone (specific resources and verbs) is not flagged: it widens the groups,
 * not what may be done. Non-resource URL rules (no `resources`) are out of scope. A rule limited
 * by `resourceNames` on specific resources is scoped and not flagged. Quick fix (not
 * preferred, fixes/narrow-privilege): `*` verbs → get, list, watch; none for `*` resources
 * or Secrets.
 */
import { readOnlyVerbsFix } from '../../server/src/engine/fixes/narrow-privilege';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { roleLabel } from './_k8s';

export const k8sRbacWildcard: Rule = {
  id: 'privilege/k8s-rbac-wildcard',
  category: 'privilege',
  severity: 'error',
  title: 'Kubernetes RBAC rule grants wildcard verbs or resources',
  appliesTo: ['rbacRule'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const rule of ctx.facts('rbacRule')) {
      if (rule.resources.length === 0) continue;
      const starResource = rule.resourceRanges.find((r) => r.value === '*');
      const starVerb = rule.verbRanges.find((v) => v.value === '*');
      if (!starResource && !starVerb) continue;
      if (!starResource && rule.resourceNames) continue;
      const what = starVerb && starResource ? 'every verb on every resource' : starVerb ? `every verb on ${rule.resources.join(', ')}` : `${rule.verbs.join(', ')} on every resource`;
      const groups = rule.apiGroups.includes('*') ? ' in every API group' : '';
      findings.push({
        message: `${roleLabel(rule)} grants ${what}${groups}; list the verbs and resources the workload needs.`,
        range: (starVerb ?? starResource)!.range,
        // A namespaced Role is bounded by its namespace: still too broad, but less severe.
        severity: rule.roleKind === 'Role' ? 'warning' : undefined,
        fingerprintContext: `${rule.roleKind}/${rule.roleName}:${rule.verbs.join(',')}:${rule.resources.join(',')}`,
        fixes: () => starVerb && !starResource ? optional(readOnlyVerbsFix(ctx.document, rule)) : undefined,
      });
    }
    return findings;
  },
};

function optional<T>(fix: T | undefined): T[] | undefined {
  return fix ? [fix] : undefined;
}
