/**
 * credential/aws-iam-access-key: infrastructure code creates a long-lived IAM access key
 * (Terraform `aws_iam_access_key`, CloudFormation `AWS::IAM::AccessKey`). Such a key never
 * expires, ends up in state files and CI secrets, and is the most common way machine
 * credentials leak. Workloads should get short-lived credentials from workload identity.
 * A key declared `status = "Inactive"` is not a usable credential and is not flagged.
 */
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { terraformWorkloadIdentityFix } from '../../server/src/engine/fixes/workload-identity/terraform';

const ACCESS_KEY_RESOURCES = new Set(['aws_iam_access_key', 'AWS::IAM::AccessKey']);

export const awsIamAccessKey: Rule = {
  id: 'credential/aws-iam-access-key',
  category: 'credential',
  severity: 'warning',
  title: 'Long-lived IAM access key created in infrastructure code',
  appliesTo: ['credentialUse'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const use of ctx.facts('credentialUse')) {
      if (use.mechanism !== 'aws-access-key' || !ACCESS_KEY_RESOURCES.has(use.resourceType) || use.inactive) continue;
      // Built only when fixes are wanted (not for as-you-type diagnostics).
      const fix = () => terraformWorkloadIdentityFix(ctx, use);
      const owner = use.identity ? `for ${use.identity}` : `(${use.name})`;
      findings.push({
        message: `Long-lived access key ${owner}; use workload identity (OIDC / IRSA / instance roles) instead.`,
        range: use.headerRange,
        identity: use.identity ? { kind: 'aws-iam-user', name: use.identity } : undefined,
        fingerprintContext: use.name,
        fixes: () => {
          const built = fix();
          return built ? [built] : [];
        },
      });
    }
    return findings;
  },
};
