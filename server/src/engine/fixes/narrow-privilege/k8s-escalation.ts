/**
 * Kubernetes RBAC `escalate` / `bind` / `impersonate`, `pods/exec`, `pods/attach`,
 * `serviceaccounts/token` → removed. Never preferred: the manifests do not show whether a
 * controller needs them (an operator that creates RoleBindings needs `bind`), so the user
 * must check.
 * - a verb next to other verbs: the verb leaves the rule;
 * - a subresource next to other resources: the subresource leaves the rule;
 * - a rule that exists only for the escalation (its only verb, its only resource): the whole
 *   rule leaves the role, when the role keeps other rules (an empty role is a deletion to decide).
 */
import type { Document, Fix, RbacRuleFact } from '../../model';
import { lineStartOf, nextLineStart } from '../references/shared';
import { removeSequenceItem } from './policy-edit';

type Item = { value: string; range: { start: number; end: number } };

export function removeEscalationVerbFix(doc: Document, rule: RbacRuleFact, verb: Item, roleRules: RbacRuleFact[] = []): Fix | undefined {
  if (rule.verbRanges.filter((v) => v.value !== verb.value).length === 0) return removeRuleFix(doc, rule, roleRules, `"${verb.value}"`);
  const edit = removeSequenceItem(doc, verb.range);
  if (!edit) return undefined;
  return { title: `Remove the "${verb.value}" verb from ${rule.roleKind} ${rule.roleName}: check nothing needs it`, kind: 'narrow-privilege', preferred: false, edits: [edit] };
}

/** privilege/k8s-rbac-escalation on a subresource (`pods/exec` …). */
export function removeEscalationResourceFix(doc: Document, rule: RbacRuleFact, resource: Item, roleRules: RbacRuleFact[]): Fix | undefined {
  if (rule.resourceRanges.filter((r) => r.value !== resource.value).length === 0) return removeRuleFix(doc, rule, roleRules, resource.value);
  const edit = removeSequenceItem(doc, resource.range);
  if (!edit) return undefined;
  return { title: `Remove ${resource.value} from the rule of ${rule.roleKind} ${rule.roleName}: check nothing needs it`, kind: 'narrow-privilege', preferred: false, edits: [edit] };
}

/** The whole rule item, when the role has other rules. */
function removeRuleFix(doc: Document, rule: RbacRuleFact, roleRules: RbacRuleFact[], what: string): Fix | undefined {
  const others = roleRules.filter((r) => r.roleKind === rule.roleKind && r.roleName === rule.roleName && r.range.start !== rule.range.start);
  if (others.length === 0) return undefined;
  const edit = doc.format === 'yaml' ? removeYamlBlockItem(doc, rule.range) : removeSequenceItem(doc, rule.range);
  if (!edit) return undefined;
  return { title: `Remove the rule that grants ${what} from ${rule.roleKind} ${rule.roleName} (its other rules stay): check nothing needs it`, kind: 'narrow-privilege', preferred: false, edits: [edit] };
}

/** A block sequence item `- apiGroups: …` spanning lines: its lines, when nothing else shares them. */
function removeYamlBlockItem(doc: Document, range: { start: number; end: number }): { uri: string; range: { start: number; end: number }; newText: string } | undefined {
  const text = doc.text;
  const start = lineStartOf(text, range.start);
  if (!/^[ \t]*-[ \t]+$/.test(text.slice(start, range.start))) return removeSequenceItem(doc, range);
  // The item's value may end on its last line (`verbs: ["x"]`) or after its line break.
  let end = range.end;
  while (end > range.start && /\s/.test(text[end - 1])) end--;
  if (text.slice(end, nextLineStart(text, end)).trim() !== '') return undefined;
  return { uri: doc.uri, range: { start, end: nextLineStart(text, end) }, newText: '' };
}
