/**
 * privilege/admin-managed-policy: the AWS managed policies AdministratorAccess,
 * PowerUserAccess or IAMFullAccess attached to a workload or CI role (Terraform
 * `aws_iam_role_policy_attachment`, `aws_iam_policy_attachment`, `managed_policy_arns`;
 * CloudFormation `ManagedPolicyArns`; Serverless `managedPolicies`).
 *
 * Also flagged: IAM users with access keys in the same Terraform module (machine users).
 *
 * Not flagged: other users and groups (usually people; human access is out of scope), roles whose
 * purpose is not known from this file (trusting only account principals or defined elsewhere,
 * unless the name says CI/deploy), other managed policies, unknown ARNs.
 */
import { adminPolicyToCodeActionsFix } from '../../server/src/engine/fixes/narrow-privilege';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';

const ADMIN_POLICY = /^arn:[a-z-]+:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

export const adminManagedPolicy: Rule = {
  id: 'privilege/admin-managed-policy',
  category: 'privilege',
  severity: 'error',
  title: 'AdministratorAccess, PowerUserAccess or IAMFullAccess attached to a workload role, CI role or machine user',
  appliesTo: ['roleGrant'],
  keywords: ['administratoraccess', 'poweruseraccess', 'iamfullaccess'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const grant of ctx.facts('roleGrant')) {
      if (grant.cloud !== 'aws' || (grant.memberKind !== 'workload-role' && grant.memberKind !== 'ci-role' && grant.memberKind !== 'service-account')) continue;
      const policy = ADMIN_POLICY.exec(grant.role.trim())?.[1];
      if (!policy) continue;
      const who = grant.memberKind === 'ci-role' ? 'CI role' : grant.memberKind === 'service-account' ? 'machine user (it has access keys)' : 'workload role';
      findings.push({
        message: `${policy} is attached to ${who} ${grant.member} (${grant.source}); anyone holding its credentials controls the account. Attach a policy with the actions it needs.`,
        range: grant.roleRange,
        identity: { kind: grant.memberKind === 'service-account' ? 'aws-iam-user' : 'aws-iam-role', name: grant.member },
        fingerprintContext: `${grant.source} ${grant.member} ${policy}`,
        fixes: () => [adminPolicyToCodeActionsFix(ctx, grant, policy)].filter((f) => f !== undefined),
      });
    }
    return findings;
  },
};
