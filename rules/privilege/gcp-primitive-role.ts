/**
 * privilege/gcp-primitive-role: a GCP service account gets the basic (primitive) role
 * `roles/owner` or `roles/editor` on a project, folder or organization. Those roles hold
 * thousands of permissions across every service; a leaked key or a compromised workload
 * then owns the whole scope. Grants with an IAM condition, unresolvable roles or members,
 * and grants to people or groups are not flagged (the latter is a human-access question).
 */
import type { FindingDraft, Rule } from '../../server/src/engine/rule';

const PRIMITIVE_ROLES = new Set(['roles/owner', 'roles/editor']);
const BROAD_SCOPES = new Set(['project', 'folder', 'organization']);

export const gcpPrimitiveRole: Rule = {
  id: 'privilege/gcp-primitive-role',
  category: 'privilege',
  severity: 'error',
  title: 'GCP service account granted roles/owner or roles/editor',
  appliesTo: ['roleGrant'],
  formats: ['terraform'],
  keywords: ['roles/owner', 'roles/editor'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const grant of ctx.facts('roleGrant')) {
      if (grant.cloud !== 'gcp' || grant.memberKind !== 'service-account' || grant.conditional) continue;
      if (!PRIMITIVE_ROLES.has(grant.role) || !BROAD_SCOPES.has(grant.scopeKind ?? 'unknown')) continue;
      const where = grant.scope ? `${grant.scopeKind} ${grant.scope}` : `the ${grant.scopeKind}`;
      findings.push({
        message: `${grant.source} grants ${grant.role} on ${where} to service account ${grant.member}; grant the predefined roles it needs instead.`,
        range: grant.roleRange,
        identity: { kind: 'gcp-service-account', name: grant.member },
        fingerprintContext: `${grant.source}:${grant.role}:${grant.member}`,
      });
    }
    return findings;
  },
};
