/**
 * Shared by the ownership rules: which tag/label keys name an owner (or a lifecycle fact),
 * and which values are placeholders rather than a real answer.
 *
 * A configured key `k` matches a tag key equal to `k` or ending in `/k`, case-insensitively:
 * `owner` covers `Owner`, `OWNER`, `acme.io/owner` and `app.kubernetes.io/owner`. Enforcing
 * one spelling is the job of tag policies, not of these rules.
 */
import type { IdentityKind, TaggedResourceFact } from '../../server/src/engine/model';

/** Values that say "nobody decided yet": empty, TODO, TBD, changeme, `<team>`, xxx, ---, ??? … */
export const PLACEHOLDER_VALUE = /^(?:|todo|tbd|fixme|changeme|change[-_ ]me|replace[-_ ]?me|unknown|none|n\/a|x{2,}|-+|\?+|<[^<>]*>)$/i;

/** Lower-cased, trimmed, de-duplicated configured keys, in their configured order. */
export function normaliseKeys(configured: readonly string[]): string[] {
  return [...new Set(configured.map((k) => k.trim().toLowerCase()).filter((k) => k.length > 0))];
}

/** Whether `key` is one of `configured` (already normalised), exactly or as the last `/` segment. */
export function matchesKey(key: string, configured: readonly string[]): boolean {
  const lower = key.toLowerCase();
  const slash = lower.lastIndexOf('/');
  const last = slash >= 0 ? lower.slice(slash + 1) : lower;
  return configured.some((k) => k === lower || (!k.includes('/') && k === last));
}

/** Whether `key` names an owner under the `ownerTagKeys` setting. */
export function isOwnerKey(key: string, ownerTagKeys: readonly string[]): boolean {
  return matchesKey(key, normaliseKeys(ownerTagKeys));
}

/** How the expected keys read in a message: "owner, team, or a key ending in /owner or /team". */
export function describeKeys(configured: readonly string[]): string {
  const keys = normaliseKeys(configured);
  const suffixable = keys.filter((k) => !k.includes('/'));
  return suffixable.length === 0 ? keys.join(', ') : `${keys.join(', ')}, or a key ending in ${suffixable.map((k) => `/${k}`).join(' or ')}`;
}

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
