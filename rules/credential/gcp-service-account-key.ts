/**
 * credential/gcp-service-account-key: Terraform creates a user-managed key for a GCP
 * service account (`google_service_account_key`). The key never expires by default, its
 * private part lands in the Terraform state and then in CI secrets; workloads should use
 * the attached service account, GKE Workload Identity or workload identity federation.
 */
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { terraformWorkloadIdentityFix } from '../../server/src/engine/fixes/workload-identity/terraform';

export const gcpServiceAccountKey: Rule = {
  id: 'credential/gcp-service-account-key',
  category: 'credential',
  severity: 'warning',
  title: 'Long-lived GCP service account key created in infrastructure code',
  appliesTo: ['credentialUse'],
  formats: ['terraform'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const use of ctx.facts('credentialUse')) {
      if (use.mechanism !== 'gcp-service-account-key' || use.resourceType !== 'google_service_account_key' || use.inactive) continue;
      // Built only when fixes are wanted (not for as-you-type diagnostics).
      const fix = () => terraformWorkloadIdentityFix(ctx, use);
      const owner = use.identity ? `for ${use.identity}` : `(${use.name})`;
      findings.push({
        message: `Long-lived service account key ${owner}; use an attached service account, GKE Workload Identity or workload identity federation instead.`,
        range: use.headerRange,
        identity: use.identity ? { kind: 'gcp-service-account', name: use.identity } : undefined,
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
