/**
 * Kubernetes RBAC `escalate` / `bind` / `impersonate` → removed from the rule's verbs (the
 * other verbs stay). Never preferred: the manifests do not show whether a controller needs
 * them (an operator that creates RoleBindings needs `bind`), so the user must check.
 * Not offered when the verb is the rule's only one (an empty rule is a deletion to decide).
 */
import type { Document, Fix, RbacRuleFact } from '../../model';
import { removeSequenceItem } from './policy-edit';

export function removeEscalationVerbFix(doc: Document, rule: RbacRuleFact, verb: { value: string; range: { start: number; end: number } }): Fix | undefined {
  if (rule.verbRanges.filter((v) => v.value !== verb.value).length === 0) return undefined;
  const edit = removeSequenceItem(doc, verb.range);
  if (!edit) return undefined;
  return { title: `Remove the "${verb.value}" verb from ${rule.roleKind} ${rule.roleName}: check nothing needs it`, kind: 'narrow-privilege', preferred: false, edits: [edit] };
}
