/**
 * privilege/azure-privileged-role: an Azure service principal or managed identity gets
 * Owner, Contributor or User Access Administrator on a whole subscription or management
 * group. Owner and User Access Administrator can grant themselves anything; Contributor
 * can change every resource. Resource-group and resource scopes, read-only roles, grants
 * with an ABAC condition and unresolvable roles, scopes or principals are not flagged.
 */
import type { FindingDraft, Rule } from '../../server/src/engine/rule';

const PRIVILEGED_ROLES = new Map([
  ['owner', 'Owner'],
  ['contributor', 'Contributor'],
  ['user access administrator', 'User Access Administrator'],
]);
const BROAD_SCOPES = new Set(['subscription', 'management-group']);

export const azurePrivilegedRole: Rule = {
  id: 'privilege/azure-privileged-role',
  category: 'privilege',
  severity: 'error',
  title: 'Azure workload identity is Owner, Contributor or User Access Administrator of a subscription or management group',
  appliesTo: ['roleGrant'],
  formats: ['terraform', 'json', 'jsonc'],
  keywords: ['azurerm_role_assignment', 'roleassignments'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const grant of ctx.facts('roleGrant')) {
      if (grant.cloud !== 'azure' || grant.conditional) continue;
      if (grant.memberKind !== 'service-principal' && grant.memberKind !== 'managed-identity') continue;
      const role = PRIVILEGED_ROLES.get(grant.role.trim().toLowerCase());
      if (!role || !BROAD_SCOPES.has(grant.scopeKind ?? 'unknown')) continue;
      const principal = grant.memberKind === 'managed-identity' ? 'managed identity' : 'service principal';
      findings.push({
        message: `${grant.source} makes ${principal} ${grant.member} ${role} of a whole ${grant.scopeKind === 'subscription' ? 'subscription' : 'management group'}; assign a narrower role at resource-group scope.`,
        range: grant.roleRange,
        identity: grant.memberKind === 'managed-identity' ? { kind: 'azure-identity', name: grant.member } : undefined,
        fingerprintContext: `${grant.source}:${role}`,
      });
    }
    return findings;
  },
};
