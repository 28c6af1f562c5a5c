/**
 * privilege/k8s-rbac-escalation: RBAC verbs and subresources that let the holder gain more
 * privilege than the role lists: `escalate`, `bind`, `impersonate`, exec/attach into pods
 * (`pods/exec`, `pods/attach` with `create` or `get`) and minting tokens (`serviceaccounts/token` create).
 * `*` verbs are reported by privilege/k8s-rbac-wildcard instead. Quick fix (never preferred):
 * remove the verb or subresource when the rule keeps others, else the whole rule when the role
 * keeps other rules.
 */
import { removeEscalationResourceFix, removeEscalationVerbFix } from '../../server/src/engine/fixes/narrow-privilege';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { roleLabel } from './_k8s';

const ESCALATION_VERBS: Record<string, string> = {
  escalate: 'lets it grant permissions it does not hold',
  bind: 'lets it bind any role, including cluster-admin',
  impersonate: 'lets it act as other users, groups or service accounts',
};

const ESCALATION_SUBRESOURCES: Record<string, { verbs: string[]; why: string }> = {
  'pods/exec': { verbs: ['create', 'get'], why: 'runs commands in pods and takes their service-account tokens' },
  'pods/attach': { verbs: ['create', 'get'], why: 'attaches to running pods and takes their service-account tokens' },
  'serviceaccounts/token': { verbs: ['create'], why: 'mints tokens for other service accounts' },
};

export const k8sRbacEscalation: Rule = {
  id: 'privilege/k8s-rbac-escalation',
  category: 'privilege',
  severity: 'error',
  title: 'Kubernetes RBAC rule allows privilege escalation (escalate, bind, impersonate, pods/exec)',
  appliesTo: ['rbacRule'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    const rules = ctx.facts('rbacRule');
    for (const rule of rules) {
      for (const verb of rule.verbRanges) {
        const why = ESCALATION_VERBS[verb.value];
        if (!why) continue;
        findings.push({
          message: `${roleLabel(rule)} has the "${verb.value}" verb, which ${why}.`,
          range: verb.range,
          fingerprintContext: `${rule.roleKind}/${rule.roleName}:${verb.value}`,
          fixes: () => [removeEscalationVerbFix(ctx.document, rule, verb, rules)].filter((f) => f !== undefined),
        });
      }
      for (const resource of rule.resourceRanges) {
        const sub = ESCALATION_SUBRESOURCES[resource.value];
        if (!sub) continue;
        const verbs = rule.verbs.filter((v) => sub.verbs.includes(v));
        if (verbs.length === 0) continue;
        findings.push({
          message: `${roleLabel(rule)} allows ${verbs.join('/')} on ${resource.value}, which ${sub.why}.`,
          range: resource.range,
          fingerprintContext: `${rule.roleKind}/${rule.roleName}:${resource.value}`,
          fixes: () => [removeEscalationResourceFix(ctx.document, rule, resource, rules)].filter((f) => f !== undefined),
        });
      }
    }
    return findings;
  },
};
