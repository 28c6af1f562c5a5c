/**
 * ownership/missing-owner-tag: an IAM role or user whose tags (its own plus the provider's
 * `default_tags` in the same file) name no owner, or name one with an empty/placeholder value.
 *
 * Keys compare case-insensitively with `ownerTagKeys`: a tag `OWNER` does name an owner, and
 * enforcing one spelling is the job of tag policies, not of this rule. Tags that are not
 * statically known (`tags = var.tags`, `merge(var.tags, …)`, an aliased provider we cannot
 * see) are never flagged. There is no quick fix: only a person knows who owns the identity,
 * and inserting a placeholder value would either silence the finding with a lie or leave
 * a half-done edit.
 */
import type { IdentityKind, TaggedResourceFact } from '../../server/src/engine/model';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';

/** The resource types this rule checks (explicit: other taggable resources are not identities). */
const IDENTITY_RESOURCES: Record<string, { kind: IdentityKind; label: string }> = {
  aws_iam_role: { kind: 'aws-iam-role', label: 'IAM role' },
  aws_iam_user: { kind: 'aws-iam-user', label: 'IAM user' },
  'AWS::IAM::Role': { kind: 'aws-iam-role', label: 'IAM role' },
  'AWS::IAM::User': { kind: 'aws-iam-user', label: 'IAM user' },
  azurerm_user_assigned_identity: { kind: 'azure-identity', label: 'Managed identity' },
};

const PLACEHOLDER_OWNER = /^(?:|todo|tbd|fixme|changeme|change[-_ ]me|replace[-_ ]?me|unknown|none|n\/a|x{2,}|-+|\?+|<[^<>]*>)$/i;

export const missingOwnerTag: Rule = {
  id: 'ownership/missing-owner-tag',
  category: 'ownership',
  severity: 'warning',
  title: 'IAM role or user has no owner tag',
  appliesTo: ['taggedResource'],
  check(ctx) {
    const wanted = new Set(ctx.config.ownerTagKeys.map((k) => k.toLowerCase()));
    if (wanted.size === 0) return [];
    const expected = [...new Set(ctx.config.ownerTagKeys.map((k) => k.toLowerCase()))].join(', ');
    const findings: FindingDraft[] = [];
    for (const resource of ctx.facts('taggedResource')) {
      const identity = IDENTITY_RESOURCES[resource.resourceType];
      if (!identity || resource.tagKeys === undefined) continue;
      const problem = ownerProblem(resource, wanted);
      if (!problem) continue;
      const address = `${resource.resourceType}.${resource.name}`;
      findings.push({
        message:
          problem.kind === 'missing'
            ? `${identity.label} ${address} has no owner tag (one of: ${expected}); without an owner nobody rotates or removes it.`
            : `${identity.label} ${address} has an owner tag "${problem.key}" without a real value; name the owning team.`,
        range: resource.headerRange,
        identity: { kind: identity.kind, name: address },
        fingerprintContext: address,
      });
    }
    return findings;
  },
};

function ownerProblem(resource: TaggedResourceFact, wanted: Set<string>): { kind: 'missing' } | { kind: 'placeholder'; key: string } | undefined {
  const own = (resource.tagKeys ?? []).filter((k) => wanted.has(k.toLowerCase()));
  if (own.length > 0) {
    // Resource tags override default_tags of the same key, so the resource's own value decides.
    const real = own.some((k) => {
      const value = resource.tagValues?.[k];
      return value === undefined || !PLACEHOLDER_OWNER.test(value.trim());
    });
    return real ? undefined : { kind: 'placeholder', key: own[0] };
  }
  if ((resource.inheritedTagKeys ?? []).some((k) => wanted.has(k.toLowerCase()))) return undefined;
  if (resource.inheritedTagsUnknown) return undefined;
  return { kind: 'missing' };
}
