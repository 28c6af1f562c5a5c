/**
 * privilege/gcp-public-member: a GCP IAM grant to `allUsers` (anyone on the internet) or
 * `allAuthenticatedUsers` (anyone with any Google account). On a project, folder or
 * organization that opens every resource in it; on a single resource it is flagged only
 * for roles that change or administer it or act as an identity (impersonating a service
 * account, creating its tokens): serving a public website bucket or a public Cloud Run
 * service (`roles/storage.objectViewer`, `roles/run.invoker`) is a deliberate choice.
 * Quick fix (never preferred): remove the public member, or delete a single-member grant.
 */
import { removePublicMemberFix } from '../../server/src/engine/fixes/narrow-privilege';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';

const BROAD_SCOPES = new Set(['project', 'folder', 'organization']);
/** Resource-level roles that are never meant for the public: write, admin, impersonation. */
const DANGEROUS_RESOURCE_ROLE = /owner|editor|admin|writer|creator|tokencreator|serviceaccountuser|workloadidentityuser|setiampolicy/i;

export const gcpPublicMember: Rule = {
  id: 'privilege/gcp-public-member',
  category: 'privilege',
  severity: 'error',
  title: 'GCP IAM grant to allUsers or allAuthenticatedUsers',
  appliesTo: ['roleGrant'],
  formats: ['terraform'],
  keywords: ['allusers', 'allauthenticatedusers'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const grant of ctx.facts('roleGrant')) {
      if (grant.cloud !== 'gcp' || grant.memberKind !== 'public') continue;
      const broad = BROAD_SCOPES.has(grant.scopeKind ?? 'unknown');
      if (!broad && !(grant.scopeKind === 'resource' && DANGEROUS_RESOURCE_ROLE.test(grant.role))) continue;
      const who = grant.member === 'allUsers' ? 'anyone on the internet' : 'anyone with a Google account';
      const where = broad ? (grant.scope ? `${grant.scopeKind} ${grant.scope}` : `the ${grant.scopeKind}`) : grant.source;
      findings.push({
        message: `${grant.source} grants ${grant.role === 'unknown' ? 'a role' : grant.role} on ${where} to ${grant.member} (${who}); grant it to specific service accounts or groups.`,
        range: grant.memberRange ?? grant.roleRange,
        fingerprintContext: `${grant.source}:${grant.role}:${grant.member}`,
        fixes: () => [removePublicMemberFix(ctx.document, grant)].filter((f) => f !== undefined),
      });
    }
    return findings;
  },
};
