/**
 * Which tag/label keys name an owner (or a lifecycle fact), and which values are
 * placeholders rather than a real answer. Shared by the ownership rules and by the
 * extractors that fill the identity inventory, so both agree on who owns what.
 *
 * A configured key `k` matches a tag key equal to `k` or ending in `/k`, case-insensitively:
 * `owner` covers `Owner`, `OWNER`, `acme.io/owner` and `app.kubernetes.io/owner`. Enforcing
 * one spelling is the job of tag policies, not of these rules.
 */
import { configSchema } from './config';

/** The default owner keys (the `ownerTagKeys` setting), for the inventory, which has no configuration. */
export const DEFAULT_OWNER_KEYS: readonly string[] = configSchema.ownerTagKeys.default;

/** Values that say "nobody decided yet": empty, TODO (also the owner-tag fix's `TODO-owner`), TBD, changeme, `<team>`, xxx, ---, ??? … */
export const PLACEHOLDER_VALUE = /^(?:|todo(?:[-_ ][a-z]+)?|tbd|fixme|changeme|change[-_ ]me|replace[-_ ]?me|unknown|none|n\/a|x{2,}|-+|\?+|<[^<>]*>)$/i;

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


/**
 * The owner named by a resource's tags or labels, for the inventory: the first
 * default owner key (in order, matched like the rules match) with a real value.
 */
export function ownerFromTags(values: Record<string, string | undefined> | undefined): string | undefined {
  if (!values) return undefined;
  for (const wanted of normaliseKeys(DEFAULT_OWNER_KEYS)) {
    for (const [key, value] of Object.entries(values)) {
      if (matchesKey(key, [wanted]) && value !== undefined && !PLACEHOLDER_VALUE.test(value.trim())) return value;
    }
  }
  return undefined;
}
