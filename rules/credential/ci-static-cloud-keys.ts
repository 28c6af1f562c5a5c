/**
 * credential/ci-static-cloud-keys: a CI pipeline signs in to a cloud with a long-lived
 * secret stored in the CI system (AWS access keys, a GCP service-account key JSON, an
 * Azure client secret) instead of OIDC federation. OIDC logins (`role-to-assume`,
 * `workload_identity_provider`, `client-id` + `tenant-id`, GitLab `id_tokens`), keys
 * minted during the run (step outputs, session tokens) and LocalStack dummies are not flagged.
 */
import type { CiPermissionsFact, CredentialUseFact } from '../../server/src/engine/model';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { githubActionsWorkloadIdentityFix } from '../../server/src/engine/fixes/workload-identity/github-actions';

const STATIC = new Set(['aws-access-key', 'gcp-service-account-key', 'azure-client-secret']);
const CI_RESOURCE = /^(?:github-actions|gitlab-ci):/;

export const ciStaticCloudKeys: Rule = {
  id: 'credential/ci-static-cloud-keys',
  category: 'credential',
  severity: 'warning',
  title: 'CI pipeline uses static cloud keys instead of OIDC',
  appliesTo: ['credentialUse'],
  flavors: ['github-actions', 'gitlab-ci'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    const permissions = ctx.facts('ciPermissions');
    for (const use of ctx.facts('credentialUse')) {
      if (!STATIC.has(use.mechanism) || !CI_RESOURCE.test(use.resourceType)) continue;
      const gitlab = use.resourceType.startsWith('gitlab-ci:');
      // Built only when fixes are wanted (not for as-you-type diagnostics).
      const fix = () => gitlab ? undefined : githubActionsWorkloadIdentityFix(ctx, use);
      findings.push({
        message: `${describe(use)} ${gitlab ? gitlabAdvice(use) : githubAdvice(use, permissions)}`,
        range: use.headerRange,
        identity: { kind: 'ci-workflow', name: use.identity ?? ctx.document.path },
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

const WHAT: Record<string, string> = {
  'aws-access-key': 'a static AWS access key',
  'gcp-service-account-key': 'a GCP service-account key (JSON)',
  'azure-client-secret': 'an Azure client secret',
};

function describe(use: CredentialUseFact): string {
  const where = use.resourceType === 'github-actions:step' ? `Step '${use.name}'` : `'${use.name}'`;
  const verb = use.resourceType === 'github-actions:step' ? 'signs in with' : 'hands the job';
  return `${where} ${verb} ${WHAT[use.mechanism]} stored in CI secrets;`;
}

/** Does the job (or the workflow, when the job sets none) already grant `id-token: write`? */
function idTokenGranted(use: CredentialUseFact, permissions: CiPermissionsFact[]): boolean {
  const job = use.name.split('/')[0];
  const jobLevel = permissions.find((p) => p.scope === 'job' && p.job === job);
  const effective = jobLevel ?? permissions.find((p) => p.scope === 'workflow');
  const v = effective?.value;
  return v === 'write-all' || (typeof v === 'object' && v['id-token'] === 'write');
}

function githubAdvice(use: CredentialUseFact, permissions: CiPermissionsFact[]): string {
  const grant = idTokenGranted(use, permissions) ? '(`id-token: write` is already granted)' : 'and grant `permissions: id-token: write` to the job';
  switch (use.mechanism) {
    case 'aws-access-key':
      return `switch to OIDC: in aws-actions/configure-aws-credentials set \`role-to-assume: arn:aws:iam::<account>:role/<role>\` (a role trusting token.actions.githubusercontent.com with a \`sub\` condition), remove the key inputs/variables ${grant}, then delete the key.`;
    case 'gcp-service-account-key':
      return `switch to Workload Identity Federation: google-github-actions/auth with \`workload_identity_provider\` and \`service_account\` instead of \`credentials_json\` ${grant}, then delete the key.`;
    default:
      return `switch to OIDC: azure/login with \`client-id\`, \`tenant-id\` and \`subscription-id\` of an app with a federated credential for this repository (or ARM_USE_OIDC=true for Terraform) ${grant}, then remove the secret.`;
  }
}

function gitlabAdvice(use: CredentialUseFact): string {
  switch (use.mechanism) {
    case 'aws-access-key':
      return 'switch to OIDC: declare `id_tokens` in the job and exchange the token with `aws sts assume-role-with-web-identity` (or AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE) for a role trusting your GitLab instance, then delete the key.';
    case 'gcp-service-account-key':
      return 'switch to Workload Identity Federation: declare `id_tokens` and use a credential configuration file for your GitLab pool instead of a key, then delete the key.';
    default:
      return 'switch to OIDC: declare `id_tokens` and sign in with `az login --federated-token` using an app with a federated credential, then remove the secret.';
  }
}
