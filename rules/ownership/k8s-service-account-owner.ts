/**
 * ownership/k8s-service-account-owner: a ServiceAccount whose labels and annotations name
 * no owner. Owner keys follow the same logic as ownership/missing-owner-tag (./_owner-keys):
 * the `ownerTagKeys` setting (default `owner`, `team`), case-insensitive, also as the last
 * segment of a prefixed key (`acme.io/team`). Labels/annotations that are not static (Helm
 * includes) are not flagged. The quick fix (fixes/owner-tag) adds the owner as a label, or as
 * an annotation when the value is not a valid label value (a CODEOWNERS `@org/team`).
 */
import { ownerTagFix } from '../../server/src/engine/fixes/owner-tag';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { describeKeys, fixesOf, normaliseKeys, tagProblem } from './_owner-keys';

export const k8sServiceAccountOwner: Rule = {
  id: 'ownership/k8s-service-account-owner',
  category: 'ownership',
  severity: 'warning',
  title: 'Kubernetes ServiceAccount has no owner label or annotation',
  appliesTo: ['taggedResource'],
  flavors: ['kubernetes'],
  check(ctx) {
    const wanted = normaliseKeys(ctx.config.ownerTagKeys);
    if (wanted.length === 0) return [];
    const findings: FindingDraft[] = [];
    for (const sa of ctx.facts('taggedResource')) {
      if (sa.resourceType !== 'k8s:ServiceAccount') continue;
      const problem = tagProblem(sa, wanted);
      if (!problem) continue;
      findings.push({
        message:
          problem.kind === 'missing'
            ? `ServiceAccount ${sa.name} has no owner label or annotation (${describeKeys(wanted)}); without an owner nobody reviews or removes it.`
            : `ServiceAccount ${sa.name} has an owner key "${problem.key}" without a real value; name the owning team.`,
        range: sa.headerRange,
        identity: { kind: 'k8s-service-account', name: sa.name },
        fingerprintContext: `ServiceAccount/${sa.name}`,
        fixes: () => fixesOf(ownerTagFix(ctx, sa, problem)),
      });
    }
    return findings;
  },
};
