/**
 * ownership/missing-lifecycle-tags (off by default): an identity or secret without the
 * lifecycle tags the organisation asks for — by default a purpose and an expiry — so that a
 * reviewer can tell why it exists and when it may go.
 *
 * Opt-in because it is a policy choice, not a universal defect: enable it with
 * `rules: { ownership/missing-lifecycle-tags: warning }`. Each `lifecycleTagKeys` entry is one
 * required tag; `|` separates accepted spellings (`expiry|expires|expiration|ttl`). Keys match
 * like owner keys (./_owner-keys): case-insensitive, also as the last segment of a prefixed
 * key. Tags that are not statically known are never flagged.
 */
import type { IdentityRef } from '../../server/src/engine/model';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { normaliseKeys, OWNED_RESOURCES, tagProblem } from './_owner-keys';

export const missingLifecycleTags: Rule = {
  id: 'ownership/missing-lifecycle-tags',
  category: 'ownership',
  severity: 'info',
  title: 'Identity or secret has no purpose or expiry tag (opt-in)',
  appliesTo: ['taggedResource'],
  defaultOff: true,
  check(ctx) {
    const required = ctx.config.lifecycleTagKeys
      .map((entry) => normaliseKeys(entry.split('|')))
      .filter((alternatives) => alternatives.length > 0);
    if (required.length === 0) return [];
    const findings: FindingDraft[] = [];
    for (const resource of ctx.facts('taggedResource')) {
      const subject = describe(resource.resourceType, resource.name);
      if (!subject) continue;
      const missing = required.filter((alternatives) => tagProblem(resource, alternatives) !== undefined);
      if (missing.length === 0) continue;
      const names = missing.map((alternatives) => alternatives.join(' / '));
      findings.push({
        message: `${subject.label} has no ${names.map((n) => `"${n}"`).join(' or ')} tag with a real value; state why it exists and when it can be removed, so unused identities get cleaned up.`,
        range: resource.headerRange,
        identity: subject.identity,
        fingerprintContext: subject.address,
      });
    }
    return findings;
  },
};

function describe(resourceType: string, name: string): { label: string; address: string; identity?: IdentityRef } | undefined {
  if (resourceType === 'k8s:ServiceAccount') {
    return { label: `ServiceAccount ${name}`, address: `ServiceAccount/${name}`, identity: { kind: 'k8s-service-account', name } };
  }
  const owned = OWNED_RESOURCES[resourceType];
  if (!owned) return undefined;
  const address = `${resourceType}.${name}`;
  return { label: `${owned.label} ${address}`, address, identity: owned.kind ? { kind: owned.kind, name: address } : undefined };
}
