/** Helpers shared by the Kubernetes RBAC rules. */
import type { RbacRuleFact } from '../../server/src/engine/model';

export function roleLabel(rule: RbacRuleFact): string {
  return rule.roleKind === 'Role' && rule.namespace ? `Role ${rule.namespace}/${rule.roleName}` : `${rule.roleKind} ${rule.roleName}`;
}
