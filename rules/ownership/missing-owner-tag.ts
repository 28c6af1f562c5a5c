/**
 * ownership/missing-owner-tag: an identity or a secret (IAM role, user or managed policy,
 * Secrets Manager secret, Azure managed identity) whose tags — its own plus the provider's
 * `default_tags` in the same file — name no owner, or name one with an empty/placeholder value.
 *
 * Owner keys come from `ownerTagKeys` (default `owner`, `team`) and match case-insensitively,
 * also as the last segment of a prefixed key (`acme.io/owner`); see ./_owner-keys. Tags that
 * are not statically known (`tags = var.tags`, `merge(var.tags, …)`, an aliased provider we
 * cannot see) are never flagged. The quick fix (fixes/owner-tag) adds the owner from
 * CODEOWNERS or the `owner.default` setting, else a `TODO-owner` placeholder that the rule
 * keeps flagging until someone types the real team.
 */
import { ownerTagFix } from '../../server/src/engine/fixes/owner-tag';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { describeKeys, fixesOf, normaliseKeys, OWNED_RESOURCES, tagProblem } from './_owner-keys';

export const missingOwnerTag: Rule = {
  id: 'ownership/missing-owner-tag',
  category: 'ownership',
  severity: 'warning',
  title: 'IAM identity, policy or secret has no owner tag',
  appliesTo: ['taggedResource'],
  check(ctx) {
    const wanted = normaliseKeys(ctx.config.ownerTagKeys);
    if (wanted.length === 0) return [];
    const findings: FindingDraft[] = [];
    for (const resource of ctx.facts('taggedResource')) {
      const owned = OWNED_RESOURCES[resource.resourceType];
      if (!owned) continue;
      const problem = tagProblem(resource, wanted);
      if (!problem) continue;
      const address = `${resource.resourceType}.${resource.name}`;
      findings.push({
        message:
          problem.kind === 'missing'
            ? `${owned.label} ${address} has no owner tag (${describeKeys(wanted)}); without an owner ${owned.consequence}.`
            : `${owned.label} ${address} has an owner tag "${problem.key}" without a real value; name the owning team.`,
        range: resource.headerRange,
        identity: owned.kind ? { kind: owned.kind, name: address } : undefined,
        fingerprintContext: address,
        fixes: () => fixesOf(ownerTagFix(ctx, resource, problem)),
      });
    }
    return findings;
  },
};
