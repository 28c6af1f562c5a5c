/**
 * ownership/k8s-service-account-owner: a ServiceAccount whose labels and annotations name
 * no owner. Owner keys: the `ownerTagKeys` setting plus any key named owner/team or ending in
 * `/owner` or `/team`, case-insensitive. Labels/annotations that are not static (Helm includes)
 * are not flagged.
 */
import { isOwnerKey } from '../../server/src/engine/extract/kubernetes';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';

const PLACEHOLDER_OWNER = /^(?:|todo|tbd|fixme|changeme|change[-_ ]me|replace[-_ ]?me|unknown|none|n\/a|x{2,}|-+|\?+|<[^<>]*>)$/i;

export const k8sServiceAccountOwner: Rule = {
  id: 'ownership/k8s-service-account-owner',
  category: 'ownership',
  severity: 'warning',
  title: 'Kubernetes ServiceAccount has no owner label or annotation',
  appliesTo: ['taggedResource'],
  flavors: ['kubernetes'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const sa of ctx.facts('taggedResource')) {
      if (sa.resourceType !== 'k8s:ServiceAccount' || sa.tagKeys === undefined) continue;
      const ownerKeys = sa.tagKeys.filter((k) => isOwnerKey(k, ctx.config.ownerTagKeys));
      const real = ownerKeys.some((k) => {
        const v = sa.tagValues?.[k];
        return v === undefined || !PLACEHOLDER_OWNER.test(v.trim());
      });
      if (real) continue;
      findings.push({
        message:
          ownerKeys.length === 0
            ? `ServiceAccount ${sa.name} has no owner label or annotation (e.g. team: <name> or example.com/owner); without an owner nobody reviews or removes it.`
            : `ServiceAccount ${sa.name} has an owner key "${ownerKeys[0]}" without a real value; name the owning team.`,
        range: sa.headerRange,
        identity: { kind: 'k8s-service-account', name: sa.name },
        fingerprintContext: `ServiceAccount/${sa.name}`,
      });
    }
    return findings;
  },
};
