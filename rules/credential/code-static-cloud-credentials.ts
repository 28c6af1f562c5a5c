/**
 * credential/code-static-cloud-credentials: application code builds a cloud SDK client
 * from explicit static credentials — AWS access keys (boto3, AWS SDK for JavaScript,
 * .NET / Java BasicAWSCredentials, Java AwsBasicCredentials, Go static credentials
 * providers), an Azure client secret (`ClientSecretCredential` and its Java builder / Go
 * constructor), or a GCP service-account key file or key JSON. Such code cannot run with
 * workload identity and keeps a long-lived secret alive. Default credential chains, temporary credentials (session tokens,
 * fromTemporaryCredentials, fromWebToken) and test dummies are not flagged.
 */
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { codeWorkloadIdentityFix } from '../../server/src/engine/fixes/workload-identity/code';

const ADVICE: Record<string, string> = {
  'aws-access-key':
    'builds an AWS client from static access keys; drop the explicit keys and let the default credential chain pick up a role (IRSA / EKS Pod Identity, ECS task role, instance profile, or SSO locally).',
  'gcp-service-account-key':
    'loads a GCP service-account key; use Application Default Credentials (client libraries without a key file, `google.auth.default()`, `GoogleCredentials.getApplicationDefault()`, `google.FindDefaultCredentials`) with workload identity, and delete the key.',
  'azure-client-secret':
    'authenticates to Azure with a client secret; use DefaultAzureCredential / ManagedIdentityCredential / WorkloadIdentityCredential so the workload needs no secret.',
};

export const codeStaticCloudCredentials: Rule = {
  id: 'credential/code-static-cloud-credentials',
  category: 'credential',
  severity: 'warning',
  title: 'Cloud SDK client built with static keys, a client secret or a key file',
  appliesTo: ['credentialUse'],
  formats: ['python', 'typescript', 'tsx', 'javascript', 'csharp', 'java', 'go'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const use of ctx.facts('credentialUse')) {
      if (!use.resourceType.startsWith('code:')) continue;
      const advice = ADVICE[use.mechanism];
      if (!advice) continue;
      // Built only when fixes are wanted (not for as-you-type diagnostics).
      const fix = () => codeWorkloadIdentityFix(ctx, use);
      findings.push({
        message: `\`${use.name}\` ${advice}`,
        range: use.headerRange,
        fixes: () => {
          const built = fix();
          return built ? [built] : [];
        },
      });
    }
    return findings;
  },
};
