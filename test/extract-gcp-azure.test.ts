/**
 * Terraform GCP / Azure → facts: role grants with member kinds and scopes (static values,
 * references, templates, unresolvable variables), identities, tags and credentials.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { disposeDocument, parseDocument } from '../server/src/engine/documents/parse';
import { classifyAzureScope, terraformGcpAzureExtractor } from '../server/src/engine/extract/terraform-gcp-azure';
import type { Fact, FactKind, FactOf } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine();
});

function facts(text: string): Fact[] {
  const d = parseDocument({ uri: 'file:///ws/iam.tf', path: 'iam.tf', text });
  try {
    expect(terraformGcpAzureExtractor.applies(d)).toBe(true);
    return terraformGcpAzureExtractor.extract(d);
  } finally {
    disposeDocument(d);
  }
}

function of<K extends FactKind>(list: Fact[], kind: K): FactOf<K>[] {
  return list.filter((f) => f.kind === kind) as FactOf<K>[];
}

const slice = (text: string, r: { start: number; end: number } | undefined) => (r ? text.slice(r.start, r.end) : undefined);

describe('GCP IAM grants', () => {
  it('reads members, member kinds, scopes and conditions', () => {
    const text = `variable "project" {
  default = "acme-prod"
}
variable "extra_member" {
  type = string
}
resource "google_service_account" "ci" {
  account_id = "ci-deployer"
}
resource "google_project_iam_member" "ci_owner" {
  project = var.project
  role    = "roles/owner"
  member  = "serviceAccount:\${google_service_account.ci.email}"
}
resource "google_project_iam_member" "ci_member_attr" {
  project = "acme-prod"
  role    = "roles/editor"
  member  = google_service_account.ci.member
}
resource "google_folder_iam_binding" "viewers" {
  folder  = "folders/1234567890"
  role    = "roles/viewer"
  members = ["group:sre@acme.example", "allAuthenticatedUsers", var.extra_member, "principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/gh/*"]
  condition {
    title      = "until-2027"
    expression = "request.time < timestamp('2027-01-01T00:00:00Z')"
  }
}
resource "google_storage_bucket_iam_member" "public_read" {
  bucket = "acme-site"
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}
`;
    const grants = of(facts(text), 'roleGrant');
    expect(grants.map((g) => [g.source, g.role, g.member, g.memberKind, g.scopeKind, g.scope ?? null])).toEqual([
      ['google_project_iam_member.ci_owner', 'roles/owner', 'google_service_account.ci', 'service-account', 'project', 'acme-prod'],
      ['google_project_iam_member.ci_member_attr', 'roles/editor', 'google_service_account.ci', 'service-account', 'project', 'acme-prod'],
      ['google_folder_iam_binding.viewers', 'roles/viewer', 'group:sre@acme.example', 'group', 'folder', 'folders/1234567890'],
      ['google_folder_iam_binding.viewers', 'roles/viewer', 'allAuthenticatedUsers', 'public', 'folder', 'folders/1234567890'],
      ['google_folder_iam_binding.viewers', 'roles/viewer', 'unknown', 'unknown', 'folder', 'folders/1234567890'],
      ['google_folder_iam_binding.viewers', 'roles/viewer', 'principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/gh/*', 'workload-role', 'folder', 'folders/1234567890'],
      ['google_storage_bucket_iam_member.public_read', 'roles/storage.objectViewer', 'allUsers', 'public', 'resource', null],
    ]);
    expect(slice(text, grants[0].roleRange)).toBe('"roles/owner"');
    expect(slice(text, grants[3].memberRange)).toBe('"allAuthenticatedUsers"');
    expect(grants[3].conditional).toBe(true);
    expect(grants[0].conditional).toBeUndefined();
  });

  it('reads google_project_iam_policy bindings from a google_iam_policy data source', () => {
    const text = `data "google_iam_policy" "admin" {
  binding {
    role    = "roles/owner"
    members = ["serviceAccount:terraform@acme-prod.iam.gserviceaccount.com"]
  }
  binding {
    role    = "roles/viewer"
    members = ["user:ana@acme.example"]
  }
}
resource "google_project_iam_policy" "project" {
  project     = "acme-prod"
  policy_data = data.google_iam_policy.admin.policy_data
}
resource "google_organization_iam_member" "unknown_role" {
  org_id = "123456789012"
  role   = var.role
  member = "serviceAccount:x@acme-prod.iam.gserviceaccount.com"
}
`;
    const grants = of(facts(text), 'roleGrant');
    expect(grants.map((g) => [g.source, g.role, g.member, g.memberKind, g.scopeKind])).toEqual([
      ['google_project_iam_policy.project', 'roles/owner', 'serviceAccount:terraform@acme-prod.iam.gserviceaccount.com', 'service-account', 'project'],
      ['google_project_iam_policy.project', 'roles/viewer', 'user:ana@acme.example', 'user', 'project'],
      ['google_organization_iam_member.unknown_role', 'unknown', 'serviceAccount:x@acme-prod.iam.gserviceaccount.com', 'service-account', 'organization'],
    ]);
  });
});

describe('Azure role assignments', () => {
  it('reads roles by name and id, principals and scopes', () => {
    const text = `data "azurerm_subscription" "primary" {}
data "azurerm_role_definition" "uaa" {
  name = "User Access Administrator"
}
resource "azurerm_user_assigned_identity" "deployer" {
  name                = "deployer"
  location            = "westeurope"
  resource_group_name = "rg-platform"
  tags = {
    owner = "platform"
  }
}
resource "azurerm_role_assignment" "deployer_owner" {
  scope                = data.azurerm_subscription.primary.id
  role_definition_name = "Owner"
  principal_id         = azurerm_user_assigned_identity.deployer.principal_id
}
resource "azurerm_role_assignment" "sp_contributor" {
  scope              = "/subscriptions/\${var.subscription_id}/resourceGroups/rg-app"
  role_definition_id = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c"
  principal_id       = azuread_service_principal.ci.object_id
}
resource "azurerm_role_assignment" "mg_uaa" {
  scope              = "/providers/Microsoft.Management/managementGroups/acme-root"
  role_definition_id = data.azurerm_role_definition.uaa.id
  principal_id       = var.principal_id
  principal_type     = "ServicePrincipal"
  condition          = "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})))"
  condition_version  = "2.0"
}
resource "azurerm_role_assignment" "unknown" {
  scope                = var.scope
  role_definition_name = var.role
  principal_id         = data.azurerm_client_config.current.object_id
}
`;
    const all = facts(text);
    const grants = of(all, 'roleGrant');
    expect(grants.map((g) => [g.source, g.role, g.member, g.memberKind, g.scopeKind, g.conditional ?? false])).toEqual([
      ['azurerm_role_assignment.deployer_owner', 'Owner', 'azurerm_user_assigned_identity.deployer', 'managed-identity', 'subscription', false],
      ['azurerm_role_assignment.sp_contributor', 'Contributor', 'azuread_service_principal.ci', 'service-principal', 'resource-group', false],
      ['azurerm_role_assignment.mg_uaa', 'User Access Administrator', 'var.principal_id', 'service-principal', 'management-group', true],
      ['azurerm_role_assignment.unknown', 'unknown', 'data.azurerm_client_config.current.object_id', 'unknown', 'unknown', false],
    ]);
    expect(slice(text, grants[0].roleRange)).toBe('"Owner"');
    expect(of(all, 'identity')).toMatchObject([{ identityKind: 'azure-identity', name: 'azurerm_user_assigned_identity.deployer', cloud: 'azure', owner: 'platform' }]);
    expect(of(all, 'taggedResource')).toMatchObject([{ resourceType: 'azurerm_user_assigned_identity', name: 'deployer', tagKeys: ['owner'] }]);
  });

  it('classifies scope paths by shape', () => {
    expect(classifyAzureScope('/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333')).toBe('subscription');
    expect(classifyAzureScope('/subscriptions/{}/')).toBe('subscription');
    expect(classifyAzureScope('/subscriptions/{}/resourceGroups/rg')).toBe('resource-group');
    expect(classifyAzureScope('/subscriptions/{}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv')).toBe('resource');
    expect(classifyAzureScope('/providers/Microsoft.Management/managementGroups/root')).toBe('management-group');
    expect(classifyAzureScope('{}')).toBe('unknown');
    expect(classifyAzureScope('')).toBe('unknown');
  });
});

describe('credentials and identities', () => {
  it('links keys and secrets to their identities', () => {
    const text = `resource "google_service_account" "ci" {
  account_id = "ci"
}
resource "google_service_account" "web" {
  account_id = "web"
}
resource "google_service_account_key" "ci" {
  service_account_id = google_service_account.ci.name
}
resource "azuread_application" "ci" {
  display_name = "ci"
}
resource "azuread_application_password" "ci" {
  application_id = azuread_application.ci.id
}
resource "azuread_service_principal_password" "legacy" {
  service_principal_id = "00000000-0000-0000-0000-000000000001"
}
`;
    const all = facts(text);
    expect(of(all, 'credentialUse').map((c) => [c.name, c.mechanism, c.identity])).toEqual([
      ['google_service_account_key.ci', 'gcp-service-account-key', 'google_service_account.ci'],
      ['azuread_application_password.ci', 'azure-client-secret', 'azuread_application.ci'],
      ['azuread_service_principal_password.legacy', 'azure-client-secret', '00000000-0000-0000-0000-000000000001'],
    ]);
    expect(of(all, 'identity').map((i) => [i.name, i.credential])).toEqual([
      ['google_service_account.ci', 'gcp-service-account-key'],
      ['google_service_account.web', undefined],
    ]);
  });

  it('does not apply to AWS-only Terraform and survives broken input', () => {
    const d = parseDocument({ uri: 'file:///ws/aws.tf', path: 'aws.tf', text: 'resource "aws_iam_role" "x" {}\n' });
    try {
      // Terraform, but its text prefilter finds no GCP or Azure resource: not parsed for this extractor.
      expect(terraformGcpAzureExtractor.applies(d)).toBe(true);
      expect(terraformGcpAzureExtractor.mentions?.test(d.text)).toBe(false);
    } finally {
      disposeDocument(d);
    }
    expect(() => facts('resource "google_project_iam_member" "x" {\n  role = \n  member = [\n')).not.toThrow();
  });
});

describe('GCP / Azure rules through the pipeline', () => {
  it('name the grant, the role and the identity in their messages', () => {
    const text = `resource "google_project_iam_member" "ci" {
  project = "acme-prod"
  role    = "roles/owner"
  member  = "serviceAccount:ci@acme-prod.iam.gserviceaccount.com"
}
resource "azurerm_role_assignment" "ci" {
  scope                = "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590"
  role_definition_name = "Contributor"
  principal_id         = azurerm_user_assigned_identity.ci.principal_id
}
`;
    const result = analyzeText({ uri: 'file:///ws/iam.tf', path: 'iam.tf', text }, { config: defaultConfig() });
    const byRule = Object.fromEntries(result.findings.map((f) => [f.ruleId, f]));
    expect(byRule['privilege/gcp-primitive-role'].message).toBe(
      'google_project_iam_member.ci grants roles/owner on project acme-prod to service account serviceAccount:ci@acme-prod.iam.gserviceaccount.com; grant the predefined roles it needs instead.',
    );
    expect(byRule['privilege/azure-privileged-role'].message).toContain('managed identity azurerm_user_assigned_identity.ci Contributor of a whole subscription');
    expect(byRule['privilege/azure-privileged-role'].identity).toEqual({ kind: 'azure-identity', name: 'azurerm_user_assigned_identity.ci' });
  });
});
