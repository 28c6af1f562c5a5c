/**
 * credential/azure-client-secret: Terraform creates a client secret for an Azure AD
 * application or service principal (`azuread_application_password`,
 * `azuread_service_principal_password`). The secret ends up in the state and in CI
 * settings; managed identities and federated identity credentials need no secret.
 */
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { terraformWorkloadIdentityFix } from '../../server/src/engine/fixes/workload-identity/terraform';

const SECRET_RESOURCES = new Set(['azuread_application_password', 'azuread_service_principal_password']);

export const azureClientSecret: Rule = {
  id: 'credential/azure-client-secret',
  category: 'credential',
  severity: 'warning',
  title: 'Azure AD client secret created in infrastructure code',
  appliesTo: ['credentialUse'],
  formats: ['terraform'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const use of ctx.facts('credentialUse')) {
      if (use.mechanism !== 'azure-client-secret' || !SECRET_RESOURCES.has(use.resourceType) || use.inactive) continue;
      // Built only when fixes are wanted (not for as-you-type diagnostics).
      const fix = () => terraformWorkloadIdentityFix(ctx, use);
      const owner = use.identity ? `for ${use.identity}` : `(${use.name})`;
      findings.push({
        message: `Client secret ${owner}; use a managed identity or a federated identity credential (workload identity federation) instead.`,
        range: use.headerRange,
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
