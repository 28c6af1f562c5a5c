/**
 * credential/k8s-static-cloud-keys: a pod template injects long-lived cloud keys
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a GOOGLE_APPLICATION_CREDENTIALS key file,
 * AZURE_CLIENT_SECRET), as a literal or from a Secret: both are static keys. Flagged even when
 * the ServiceAccount also has a workload-identity annotation (the key still works and leaks).
 */
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { kubernetesWorkloadIdentityFix } from '../../server/src/engine/fixes/workload-identity/kubernetes';

const LABELS: Record<string, string> = {
  'aws-access-key': 'a static AWS access key',
  'gcp-service-account-key': 'a GCP service-account key file',
  'azure-client-secret': 'an Azure client secret',
};

const FIX_HINT: Record<string, string> = {
  'aws-access-key': 'IRSA or EKS Pod Identity',
  'gcp-service-account-key': 'GKE Workload Identity',
  'azure-client-secret': 'Azure Workload Identity',
};

export const k8sStaticCloudKeys: Rule = {
  id: 'credential/k8s-static-cloud-keys',
  category: 'credential',
  severity: 'warning',
  title: 'Kubernetes workload uses static cloud keys instead of workload identity',
  appliesTo: ['credentialUse'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const use of ctx.facts('credentialUse')) {
      if (!use.resourceType.startsWith('k8s:') || !LABELS[use.mechanism]) continue;
      // Built only when fixes are wanted (not for as-you-type diagnostics).
      const fix = () => kubernetesWorkloadIdentityFix(ctx, use);
      findings.push({
        message: `${use.name} gets ${LABELS[use.mechanism]} through its environment; use ${FIX_HINT[use.mechanism]} on its ServiceAccount instead.`,
        range: use.headerRange,
        fingerprintContext: `${use.name}:${use.mechanism}`,
        fixes: () => {
          const built = fix();
          return built ? [built] : [];
        },
      });
    }
    return findings;
  },
};
