/**
 * Shared by the ownership rules: which resources need an owner, and what is wrong with
 * their tags. Key matching lives in the engine (server/src/engine/owner-keys.ts) so the
 * inventory agrees with the rules.
 */
import type { Fix, IdentityKind, TaggedResourceFact } from '../../server/src/engine/model';

export { PLACEHOLDER_VALUE, normaliseKeys, matchesKey, isOwnerKey, describeKeys } from '../../server/src/engine/owner-keys';
import { matchesKey, PLACEHOLDER_VALUE } from '../../server/src/engine/owner-keys';

export type TagProblem = { kind: 'missing' } | { kind: 'placeholder'; key: string };

/**
 * Why `resource` has no real value for any key in `wanted` (normalised), or undefined when it
 * has one or its tags are not statically known. The resource's own tags override inherited
 * (`default_tags`) ones of the same key, so its own value decides when present.
 */
export function tagProblem(resource: TaggedResourceFact, wanted: readonly string[]): TagProblem | undefined {
  if (resource.tagKeys === undefined) return undefined;
  const own = resource.tagKeys.filter((k) => matchesKey(k, wanted));
  if (own.length > 0) {
    const real = own.some((k) => {
      const value = resource.tagValues?.[k];
      // An unknown value (`owner = var.owner`) is someone's answer; only a visible placeholder is not.
      return value === undefined || !PLACEHOLDER_VALUE.test(value.trim());
    });
    return real ? undefined : { kind: 'placeholder', key: own[0] };
  }
  if ((resource.inheritedTagKeys ?? []).some((k) => matchesKey(k, wanted))) return undefined;
  if (resource.inheritedTagsUnknown) return undefined;
  return { kind: 'missing' };
}

/** Identity- and secret-bearing resources that need an owner (explicit: other taggable resources do not). */
export const OWNED_RESOURCES: Record<string, { label: string; kind?: IdentityKind; consequence: string }> = {
  aws_iam_role: { kind: 'aws-iam-role', label: 'IAM role', consequence: 'nobody rotates or removes it' },
  aws_iam_user: { kind: 'aws-iam-user', label: 'IAM user', consequence: 'nobody rotates or removes it' },
  aws_iam_policy: { label: 'IAM policy', consequence: 'nobody reviews what it grants' },
  aws_secretsmanager_secret: { label: 'Secret', consequence: 'nobody rotates it or knows who may read it' },
  azurerm_user_assigned_identity: { kind: 'azure-identity', label: 'Managed identity', consequence: 'nobody rotates or removes it' },
  'AWS::IAM::Role': { kind: 'aws-iam-role', label: 'IAM role', consequence: 'nobody rotates or removes it' },
  'AWS::IAM::User': { kind: 'aws-iam-user', label: 'IAM user', consequence: 'nobody rotates or removes it' },
  'AWS::SecretsManager::Secret': { label: 'Secret', consequence: 'nobody rotates it or knows who may read it' },
};

/** A finding's fix list from an optional fix. */
export function fixesOf(fix: Fix | undefined): Fix[] | undefined {
  return fix ? [fix] : undefined;
}
