/**
 * GCP and Azure Terraform (role grants, public members, keys, client secrets),
 * CI pipelines (GitHub Actions, GitLab CI) and application code (Python,
 * TypeScript, C#, Java, Go).
 */
import type { Rng } from '../secrets/rng';
import { neg, pos } from './label';
import { name, snake, team, type Case } from './aws';

const project = (r: Rng): string => `acme-${r.pick(['payments', 'data', 'shop', 'ml'])}-${r.pick(['prod', 'staging'])}`;

// ── GCP ────────────────────────────────────────────────────────────────────

export function gcpCases(r: Rng, i: number): Case[] {
  const out: Case[] = [];
  const svc = name(r);
  const id = snake(svc);
  const proj = project(r);
  const sa = `resource "google_service_account" "${id}" {\n  account_id   = "${svc}"\n  display_name = "${svc}"\n}\n\n`;
  const saMember = r.pick([`"serviceAccount:\${google_service_account.${id}.email}"`, `google_service_account.${id}.member`, `"serviceAccount:${svc}@${proj}.iam.gserviceaccount.com"`]);
  const role = r.pick(['roles/owner', 'roles/editor']);
  const file = (kind: string, positive: boolean, body: string, pre = sa): Case => ({ path: `gcp/${svc}-${i}/${kind}.tf`, marked: pre + (positive ? pos : neg)(`privilege:tf-gcp:${kind}`, body) + '\n' });
  const scope = r.pick(['project', 'folder', 'organization']);
  const scopeAttr = scope === 'project' ? `project = "${proj}"` : scope === 'folder' ? `folder  = "folders/${r.digits(12)}"` : `org_id  = "${r.digits(12)}"`;
  out.push(file('primitive-role-member', true, `resource "google_${scope}_iam_member" "${id}_${role.slice(6)}" {\n  ${scopeAttr}\n  role    = "${role}"\n  member  = ${saMember}\n}`));
  out.push(file('primitive-role-binding', true, `resource "google_project_iam_binding" "${id}_editors" {\n  project = "${proj}"\n  role    = "${role}"\n  members = [\n    "group:platform@acme.io",\n    ${saMember},\n  ]\n}`));
  out.push(file('primitive-role-policy', true, `data "google_iam_policy" "${id}" {\n  binding {\n    role    = "${role}"\n    members = [${saMember}]\n  }\n}\n\nresource "google_project_iam_policy" "${id}" {\n  project     = "${proj}"\n  policy_data = data.google_iam_policy.${id}.policy_data\n}`));
  out.push(file('public-member-project', true, `resource "google_project_iam_member" "${id}_public" {\n  project = "${proj}"\n  role    = "${r.pick(['roles/viewer', 'roles/logging.viewer', 'roles/storage.objectViewer'])}"\n  member  = "${r.pick(['allUsers', 'allAuthenticatedUsers'])}"\n}`));
  out.push(file('public-member-act-as', true, `resource "google_service_account_iam_member" "${id}_public" {\n  service_account_id = google_service_account.${id}.name\n  role               = "${r.pick(['roles/iam.serviceAccountTokenCreator', 'roles/iam.serviceAccountUser', 'roles/iam.workloadIdentityUser'])}"\n  member             = "${r.pick(['allUsers', 'allAuthenticatedUsers'])}"\n}`));
  out.push(file('public-member-bucket-admin', true, `resource "google_storage_bucket_iam_member" "${id}_public" {\n  bucket = "acme-${svc}-exports"\n  role   = "${r.pick(['roles/storage.objectAdmin', 'roles/storage.admin', 'roles/storage.objectCreator'])}"\n  member = "allUsers"\n}`));
  out.push(file('viewer-role', false, `resource "google_project_iam_member" "${id}_viewer" {\n  project = "${proj}"\n  role    = "${r.pick(['roles/viewer', 'roles/storage.objectViewer', 'roles/cloudsql.client'])}"\n  member  = ${saMember}\n}`));
  out.push(file('primitive-role-to-human', false, `resource "google_project_iam_member" "${id}_human" {\n  project = "${proj}"\n  role    = "${role}"\n  member  = "${r.pick(['user:alice@acme.io', 'group:sre@acme.io', 'domain:acme.io'])}"\n}`));
  out.push(file('primitive-role-with-condition', false, `resource "google_project_iam_member" "${id}_temp" {\n  project = "${proj}"\n  role    = "${role}"\n  member  = ${saMember}\n\n  condition {\n    title      = "expires"\n    expression = "request.time < timestamp(\\"2027-01-31T00:00:00Z\\")"\n  }\n}`));
  out.push(file('unknown-role', false, `resource "google_project_iam_member" "${id}_ci" {\n  project = "${proj}"\n  role    = var.ci_role\n  member  = ${saMember}\n}`, `variable "ci_role" {\n  type = string\n}\n\n${sa}`));
  out.push(file('owner-on-single-resource', false, `resource "google_service_account_iam_member" "${id}_owner" {\n  service_account_id = google_service_account.${id}.name\n  role               = "roles/owner"\n  member             = "group:platform@acme.io"\n}`));
  out.push(file('public-read-bucket', false, `resource "google_storage_bucket_iam_member" "${id}_public_read" {\n  bucket = "acme-${svc}-static-assets"\n  role   = "roles/storage.objectViewer"\n  member = "allUsers"\n}`));
  out.push(file('public-run-invoker', false, `resource "google_cloud_run_v2_service_iam_member" "${id}_invoker" {\n  name   = "${svc}"\n  role   = "roles/run.invoker"\n  member = "allUsers"\n}`));
  out.push(file('unknown-member', false, `resource "google_project_iam_member" "${id}_extra" {\n  project = "${proj}"\n  role    = "roles/editor"\n  member  = var.extra_member\n}`, `variable "extra_member" {\n  type = string\n}\n\n`));
  // Keys.
  out.push({ path: `gcp/${svc}-${i}/key.tf`, marked: sa + pos('credential:tf-gcp:service-account-key', `resource "google_service_account_key" "${id}" {\n  service_account_id = google_service_account.${id}.${r.pick(['name', 'id', 'email'])}\n}`) + '\n' });
  out.push({ path: `gcp/${svc}-${i}/key-data.tf`, marked: sa + neg('credential:tf-gcp:key-data-source', `data "google_service_account_key" "${id}" {\n  name            = "projects/${proj}/serviceAccounts/${svc}@${proj}.iam.gserviceaccount.com/keys/${r.hex(40)}"\n  public_key_type = "TYPE_X509_PEM_FILE"\n}`) + '\n' });
  out.push({ path: `gcp/${svc}-${i}/wif.tf`, marked: sa + neg('credential:tf-gcp:workload-identity-pool', `resource "google_iam_workload_identity_pool" "github" {\n  workload_identity_pool_id = "github-${i}"\n}\n\nresource "google_service_account_iam_member" "${id}_wif" {\n  service_account_id = google_service_account.${id}.name\n  role               = "roles/iam.workloadIdentityUser"\n  member             = "principalSet://iam.googleapis.com/\${google_iam_workload_identity_pool.github.name}/attribute.repository/acme/${svc}"\n}`) + '\n' });
  return out;
}

// ── Azure ──────────────────────────────────────────────────────────────────

const ROLE_GUIDS: Record<string, string> = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  'User Access Administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
};

export function azureCases(r: Rng, i: number): Case[] {
  const out: Case[] = [];
  const svc = name(r);
  const id = snake(svc);
  const identity = `data "azurerm_subscription" "current" {}\n\ndata "azurerm_client_config" "current" {}\n\nresource "azurerm_resource_group" "main" {\n  name     = "rg-${svc}"\n  location = "westeurope"\n}\n\nresource "azurerm_user_assigned_identity" "${id}" {\n  name                = "id-${svc}"\n  resource_group_name = azurerm_resource_group.main.name\n  location            = azurerm_resource_group.main.location\n  tags = {\n    owner = "${team(r)}"\n  }\n}\n\n`;
  const role = r.pick(Object.keys(ROLE_GUIDS));
  const principal = `azurerm_user_assigned_identity.${id}.principal_id`;
  const file = (kind: string, positive: boolean, body: string, pre = identity): Case => ({ path: `azure/${svc}-${i}/${kind}.tf`, marked: pre + (positive ? pos : neg)(`privilege:tf-azure:${kind}`, body) + '\n' });
  const subScope = r.pick(['data.azurerm_subscription.current.id', '"/subscriptions/${var.subscription_id}"']);
  const vars = `variable "subscription_id" {\n  type = string\n}\n\n`;
  out.push(file('privileged-role-subscription', true, `resource "azurerm_role_assignment" "${id}_${snake(role.toLowerCase().replace(/ /g, '_'))}" {\n  scope                = ${subScope}\n  role_definition_name = "${role}"\n  principal_id         = ${principal}\n}`, vars + identity));
  out.push(file('privileged-role-management-group', true, `resource "azurerm_role_assignment" "${id}_mg" {\n  scope                = "/providers/Microsoft.Management/managementGroups/${r.pick(['platform', 'landing-zones', 'corp'])}"\n  role_definition_name = "${role}"\n  principal_id         = ${principal}\n}`));
  out.push(file('privileged-role-guid', true, `resource "azurerm_role_assignment" "${id}_guid" {\n  scope              = data.azurerm_subscription.current.id\n  role_definition_id = "\${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_GUIDS[role]}"\n  principal_id       = ${principal}\n}`));
  out.push(file('reader-at-subscription', false, `resource "azurerm_role_assignment" "${id}_reader" {\n  scope                = data.azurerm_subscription.current.id\n  role_definition_name = "${r.pick(['Reader', 'Monitoring Reader', 'Cost Management Reader'])}"\n  principal_id         = ${principal}\n}`));
  out.push(file('contributor-at-resource-group', false, `resource "azurerm_role_assignment" "${id}_rg" {\n  scope                = azurerm_resource_group.main.id\n  role_definition_name = "${role}"\n  principal_id         = ${principal}\n}`));
  out.push(file('condition-constrained', false, `resource "azurerm_role_assignment" "${id}_abac" {\n  scope                = data.azurerm_subscription.current.id\n  role_definition_name = "User Access Administrator"\n  principal_id         = ${principal}\n  condition_version    = "2.0"\n  condition            = "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {acdd72a7-3385-48ef-bd42-f606fba81ae7}))"\n}`));
  out.push(file('terraform-runner-principal', false, `resource "azurerm_role_assignment" "${id}_self" {\n  scope                = data.azurerm_subscription.current.id\n  role_definition_name = "Owner"\n  principal_id         = data.azurerm_client_config.current.object_id\n}`));
  out.push(file('unknown-role', false, `resource "azurerm_role_assignment" "${id}_var" {\n  scope                = data.azurerm_subscription.current.id\n  role_definition_name = var.role_name\n  principal_id         = ${principal}\n}`, `variable "role_name" {\n  type = string\n}\n\n${identity}`));
  // Client secrets.
  const app = `resource "azuread_application" "${id}" {\n  display_name = "${svc}"\n}\n\nresource "azuread_service_principal" "${id}" {\n  client_id = azuread_application.${id}.client_id\n}\n\n`;
  out.push({ path: `azure/${svc}-${i}/app-password.tf`, marked: app + pos('credential:tf-azure:application-password', `resource "azuread_application_password" "${id}" {\n  application_id = azuread_application.${id}.id\n  end_date       = "2028-01-01T00:00:00Z"\n}`) + '\n' });
  out.push({ path: `azure/${svc}-${i}/sp-password.tf`, marked: app + pos('credential:tf-azure:service-principal-password', `resource "azuread_service_principal_password" "${id}" {\n  service_principal_id = azuread_service_principal.${id}.id\n}`) + '\n' });
  out.push({ path: `azure/${svc}-${i}/app-cert.tf`, marked: app + neg('credential:tf-azure:certificate-credential', `resource "azuread_application_certificate" "${id}" {\n  application_id = azuread_application.${id}.id\n  type           = "AsymmetricX509Cert"\n  value          = file("certs/${svc}.pem")\n}`) + '\n' });
  out.push({ path: `azure/${svc}-${i}/app-federated.tf`, marked: app + neg('credential:tf-azure:federated-credential', `resource "azuread_application_federated_identity_credential" "${id}" {\n  application_id = azuread_application.${id}.id\n  display_name   = "github-main"\n  audiences      = ["api://AzureADTokenExchange"]\n  issuer         = "https://token.actions.githubusercontent.com"\n  subject        = "repo:acme/${svc}:environment:production"\n}`) + '\n' });
  return out;
}

// ── GitHub Actions and GitLab CI ──────────────────────────────────────────

const checkout = '      - uses: actions/checkout@v4\n';

function workflow(r: Rng, perms: string, jobPerms: string, steps: string, jobEnv = ''): string {
  return `name: ${r.pick(['Deploy', 'Release', 'CI', 'Publish'])}\n\non:\n  push:\n    branches: [main]\n\n${perms}jobs:\n  ${r.pick(['deploy', 'release', 'build'])}:\n    runs-on: ubuntu-latest\n${jobPerms}${jobEnv}    steps:\n${checkout}${steps}      - run: make deploy\n`;
}

export function githubCases(r: Rng, i: number): Case[] {
  const out: Case[] = [];
  const svc = name(r);
  const wf = (kind: string, text: string): Case => ({ path: `${svc}-${i}/.github/workflows/${kind}.yml`, marked: text });
  const readPerms = '    permissions:\n      contents: read\n';
  const oidcPerms = '    permissions:\n      id-token: write\n      contents: read\n';
  const region = r.pick(['eu-west-1', 'us-east-1']);
  // Permissions.
  out.push(wf('write-all-workflow', workflow(r, pos('privilege:gha:write-all-workflow', 'permissions: write-all') + '\n\n', '', '')));
  out.push(wf('write-all-job', workflow(r, '', '    ' + pos('privilege:gha:write-all-job', 'permissions: write-all') + '\n', '')));
  out.push(wf('read-all', workflow(r, neg('privilege:gha:read-all', 'permissions: read-all') + '\n\n', '', '')));
  out.push(wf('empty-permissions', workflow(r, '', '    ' + neg('privilege:gha:empty-permissions', 'permissions: {}') + '\n', '')));
  out.push(wf('scoped-write', workflow(r, '', '    ' + neg('privilege:gha:scoped-write-map', 'permissions:\n      contents: write\n      pull-requests: write') + '\n', '')));
  out.push(wf('no-permissions', workflow(r, '', '', neg('privilege:gha:no-permissions-key', '      - run: echo "uses repository default token permissions"') + '\n')));
  // Static keys versus OIDC.
  const step = (kind: string, positive: boolean, text: string, perms = readPerms): Case => wf(kind, workflow(r, '', perms, (positive ? pos : neg)(`credential:gha:${kind}`, text) + '\n'));
  out.push(step('aws-static-keys', true, `      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}\n          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}\n          aws-region: ${region}`));
  out.push(step('gcp-credentials-json', true, `      - uses: google-github-actions/auth@v2\n        with:\n          credentials_json: \${{ secrets.${r.pick(['GCP_SA_KEY', 'GOOGLE_CREDENTIALS'])} }}`));
  out.push(step('azure-creds', true, `      - uses: azure/login@v2\n        with:\n          creds: \${{ secrets.AZURE_CREDENTIALS }}`));
  out.push(wf('aws-env-keys', workflow(r, '', readPerms, '', pos('credential:gha:aws-env-keys', `    env:\n      AWS_ACCESS_KEY_ID: \${{ secrets.AWS_ACCESS_KEY_ID }}\n      AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }}`) + '\n')));
  out.push(wf('azure-env-secret', workflow(r, '', readPerms, '', pos('credential:gha:azure-env-secret', `    env:\n      ARM_CLIENT_ID: \${{ vars.ARM_CLIENT_ID }}\n      ${r.pick(['ARM_CLIENT_SECRET', 'AZURE_CLIENT_SECRET'])}: \${{ secrets.ARM_CLIENT_SECRET }}`) + '\n')));
  out.push(step('aws-oidc', false, `      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::${r.digits(12)}:role/github-${svc}\n          aws-region: ${region}`, oidcPerms));
  out.push(step('gcp-wif', false, `      - uses: google-github-actions/auth@v2\n        with:\n          workload_identity_provider: projects/${r.digits(12)}/locations/global/workloadIdentityPools/github/providers/github\n          service_account: ${svc}@acme-prod.iam.gserviceaccount.com`, oidcPerms));
  out.push(step('azure-oidc', false, `      - uses: azure/login@v2\n        with:\n          client-id: \${{ vars.AZURE_CLIENT_ID }}\n          tenant-id: \${{ vars.AZURE_TENANT_ID }}\n          subscription-id: \${{ vars.AZURE_SUBSCRIPTION_ID }}`, oidcPerms));
  out.push(step('aws-session-keys', false, `      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: \${{ steps.vault.outputs.aws_access_key }}\n          aws-secret-access-key: \${{ steps.vault.outputs.aws_secret_key }}\n          aws-session-token: \${{ steps.vault.outputs.aws_session_token }}\n          aws-region: ${region}`));
  out.push(step('keys-from-step-output', false, `      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: \${{ steps.mint.outputs.access-key-id }}\n          aws-secret-access-key: \${{ steps.mint.outputs.secret-access-key }}\n          aws-region: ${region}`));
  out.push(wf('localstack-dummy', workflow(r, '', readPerms, '', neg('credential:gha:localstack-dummy-keys', `    env:\n      AWS_ACCESS_KEY_ID: test\n      AWS_SECRET_ACCESS_KEY: test\n      AWS_ENDPOINT_URL: http://localhost:4566`) + '\n')));
  return out;
}

export function gitlabCases(r: Rng, i: number): Case[] {
  const svc = name(r);
  const job = (body: string): string => `stages:\n  - test\n  - deploy\n\ntest:\n  stage: test\n  image: node:20\n  script:\n    - npm ci\n    - npm test\n\ndeploy:\n  stage: deploy\n  image: amazon/aws-cli:2.17.0\n${body}  script:\n    - aws s3 sync dist/ s3://acme-${svc}-site\n`;
  return [
    { path: `${svc}-${i}-a/.gitlab-ci.yml`, marked: job(pos('credential:gitlab:aws-variables', `  variables:\n    AWS_ACCESS_KEY_ID: $${r.pick(['CI_AWS_KEY_ID', 'DEPLOY_AWS_ACCESS_KEY_ID'])}\n    AWS_SECRET_ACCESS_KEY: $${r.pick(['CI_AWS_SECRET', 'DEPLOY_AWS_SECRET_ACCESS_KEY'])}`) + '\n') },
    { path: `${svc}-${i}-b/.gitlab-ci.yml`, marked: job(pos('credential:gitlab:gcp-credentials-variable', `  variables:\n    GOOGLE_CREDENTIALS: $GCP_SERVICE_ACCOUNT_KEY`) + '\n') },
    { path: `${svc}-${i}-c/.gitlab-ci.yml`, marked: job(neg('credential:gitlab:id-tokens', `  id_tokens:\n    AWS_ID_TOKEN:\n      aud: https://gitlab.com\n  variables:\n    AWS_ROLE_ARN: arn:aws:iam::${r.digits(12)}:role/gitlab-${svc}\n    AWS_WEB_IDENTITY_TOKEN_FILE: .aws-token`) + '\n') },
    { path: `${svc}-${i}-d/.gitlab-ci.yml`, marked: job(neg('credential:gitlab:localstack-dummy', `  services:\n    - localstack/localstack:3\n  variables:\n    AWS_ACCESS_KEY_ID: test\n    AWS_SECRET_ACCESS_KEY: test`) + '\n') },
  ];
}

// ── Application code ──────────────────────────────────────────────────────

export function codeCases(r: Rng, i: number): Case[] {
  const svc = name(r);
  const mod = snake(svc);
  const c = (lang: 'py' | 'ts' | 'cs' | 'java' | 'go', kind: string, positive: boolean, stmt: string): Case => {
    const label = (positive ? pos : neg)(`credential:code-${lang}:${kind}`, stmt);
    if (lang === 'py') return { path: `${svc}-${i}/${mod}/${kind.replace(/-/g, '_')}.py`, marked: `"""Clients for the ${svc} service."""\nimport os\n\nimport boto3\nfrom azure.identity import ClientSecretCredential, DefaultAzureCredential\nfrom google.cloud import storage\nfrom google.oauth2 import service_account\nimport google.auth\n\nREGION = os.environ.get("AWS_REGION", "eu-west-1")\n\n\ndef make_client():\n    ${label}\n    return client\n` };
    if (lang === 'ts') return { path: `${svc}-${i}/src/${kind}.ts`, marked: `import { S3Client } from '@aws-sdk/client-s3';\nimport { fromTemporaryCredentials } from '@aws-sdk/credential-providers';\nimport { ClientSecretCredential, DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';\nimport { Storage } from '@google-cloud/storage';\n\nconst region = process.env.AWS_REGION ?? 'eu-west-1';\n\nexport function makeClient() {\n  ${label}\n  return client;\n}\n` };
    if (lang === 'java') return javaHost(svc, i, kind, label);
    if (lang === 'go') return goHost(svc, i, kind, label);
    return { path: `${svc}-${i}/src/${kind}.cs`, marked: `using Amazon.Runtime;\nusing Amazon.S3;\nusing Azure.Identity;\nusing Google.Apis.Auth.OAuth2;\n\nnamespace Acme.${svc.replace(/-/g, '')}.Clients;\n\npublic static class Factory\n{\n    public static object Make()\n    {\n        ${label}\n        return client;\n    }\n}\n` };
  };
  const env = (k: string): string => `os.environ["${k}"]`;
  return [
    c('py', 'boto3-static-keys', true, `client = boto3.${r.pick(['client', 'resource'])}("${r.pick(['s3', 'sqs', 'dynamodb'])}", region_name=REGION, aws_access_key_id=${env('APP_AWS_KEY_ID')}, aws_secret_access_key=${env('APP_AWS_SECRET')})`),
    c('py', 'boto3-session-static-keys', true, `client = boto3.Session(aws_access_key_id=${env('PARTNER_KEY_ID')}, aws_secret_access_key=${env('PARTNER_SECRET')}).client("s3")`),
    c('py', 'azure-client-secret', true, `client = ClientSecretCredential(${env('AZURE_TENANT_ID')}, ${env('AZURE_CLIENT_ID')}, ${env('AZURE_CLIENT_SECRET')})`),
    c('py', 'gcp-key-file', true, r.chance(0.5) ? `client = storage.Client(credentials=service_account.Credentials.from_service_account_file("/etc/${svc}/sa.json"))` : `client = storage.Client.from_service_account_json("/etc/${svc}/sa.json")`),
    c('py', 'boto3-default-chain', false, `client = boto3.client("s3", region_name=REGION)`),
    c('py', 'boto3-session-token', false, `client = boto3.client("s3", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])`),
    c('py', 'azure-default-credential', false, `client = DefaultAzureCredential()`),
    c('py', 'gcp-default', false, `client, project = google.auth.default()`),
    c('py', 'moto-dummy', false, `client = boto3.client("s3", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")`),
    c('ts', 's3-static-credentials', true, `const client = new S3Client({ region, credentials: { accessKeyId: process.env.APP_AWS_KEY_ID!, secretAccessKey: process.env.APP_AWS_SECRET! } });`),
    c('ts', 'azure-client-secret', true, `const client = new ClientSecretCredential(process.env.AZURE_TENANT_ID!, process.env.AZURE_CLIENT_ID!, process.env.AZURE_CLIENT_SECRET!);`),
    c('ts', 'gcp-key-file', true, `const client = new Storage({ projectId: 'acme-prod', keyFilename: '/etc/${svc}/sa.json' });`),
    c('ts', 's3-default-chain', false, `const client = new S3Client({ region });`),
    c('ts', 'azure-default-credential', false, `const client = ${r.pick(['new DefaultAzureCredential()', 'new ManagedIdentityCredential()'])};`),
    c('ts', 'temporary-credentials', false, `const client = new S3Client({ region, credentials: fromTemporaryCredentials({ params: { RoleArn: process.env.PARTNER_ROLE_ARN! } }) });`),
    c('ts', 'gcp-default', false, `const client = new Storage({ projectId: 'acme-prod' });`),
    c('cs', 'basic-aws-credentials', true, `var client = new AmazonS3Client(new BasicAWSCredentials(Environment.GetEnvironmentVariable("APP_AWS_KEY_ID"), Environment.GetEnvironmentVariable("APP_AWS_SECRET")));`),
    c('cs', 'azure-client-secret', true, `var client = new ClientSecretCredential(tenantId, clientId, Environment.GetEnvironmentVariable("AZURE_CLIENT_SECRET"));`),
    c('cs', 'gcp-key-file', true, `var client = GoogleCredential.FromFile("/etc/${svc}/sa.json");`),
    c('cs', 'azure-default-credential', false, `var client = new DefaultAzureCredential();`),
    c('cs', 'gcp-default', false, `var client = GoogleCredential.GetApplicationDefault();`),
    c('cs', 'session-credentials', false, `var client = new AmazonS3Client(new SessionAWSCredentials(creds.AccessKeyId, creds.SecretAccessKey, creds.SessionToken));`),
    ...javaCases(r, c),
    ...goCases(r, c, svc),
  ];
}

type CodeCase = (lang: 'java' | 'go', kind: string, positive: boolean, stmt: string) => Case;

const pick = <T>(r: Rng, xs: T[]): T => r.pick(xs);

function javaHost(svc: string, i: number, kind: string, label: string): Case {
  const pkg = snake(svc).replace(/_/g, '');
  const cls = kind.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return {
    path: `${svc}-${i}/src/main/java/com/acme/${pkg}/${cls}.java`,
    marked: `package com.acme.${pkg};\n\nimport com.azure.identity.ClientSecretCredentialBuilder;\nimport com.azure.identity.DefaultAzureCredentialBuilder;\nimport com.google.auth.oauth2.GoogleCredentials;\nimport java.io.FileInputStream;\nimport java.io.IOException;\nimport software.amazon.awssdk.auth.credentials.AwsBasicCredentials;\nimport software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;\nimport software.amazon.awssdk.regions.Region;\nimport software.amazon.awssdk.services.s3.S3Client;\n\npublic final class ${cls} {\n\n    private ${cls}() {}\n\n    public static Object create(Settings settings) throws IOException {\n        ${label}\n        return client;\n    }\n}\n`,
  };
}

function goHost(svc: string, i: number, kind: string, label: string): Case {
  const pkg = snake(svc).replace(/_/g, '');
  return {
    path: `${svc}-${i}/internal/${pkg}/${kind.replace(/-/g, '_')}.go`,
    marked: `// Package ${pkg} builds the cloud clients of the ${svc} service.\npackage ${pkg}\n\nimport (\n\t"context"\n\t"os"\n\n\t"github.com/Azure/azure-sdk-for-go/sdk/azidentity"\n\t"github.com/aws/aws-sdk-go-v2/aws"\n\t"github.com/aws/aws-sdk-go-v2/config"\n\t"github.com/aws/aws-sdk-go-v2/credentials"\n\t"golang.org/x/oauth2/google"\n\t"google.golang.org/api/option"\n)\n\n// NewClient is called once at start-up.\nfunc NewClient(ctx context.Context, settings Settings) (any, error) {\n\t${label}\n\treturn client, err\n}\n`,
  };
}

function javaCases(r: Rng, c: CodeCase): Case[] {
  const env = (k: string): string => `System.getenv("${k}")`;
  return [
    c('java', 'aws-basic-credentials', true, pick(r, [
      `S3Client client = S3Client.builder().region(Region.EU_WEST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(${env('APP_AWS_KEY_ID')}, ${env('APP_AWS_SECRET')}))).build();`,
      `S3Client client = S3Client.builder()\n                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.awsKeyId(), settings.awsSecret())))\n                .build();`,
    ])),
    c('java', 'aws-v1-basic-credentials', true, `AmazonS3 client = AmazonS3ClientBuilder.standard().withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(settings.awsKeyId(), settings.awsSecret()))).build();`),
    c('java', 'azure-client-secret-builder', true, `TokenCredential client = new ClientSecretCredentialBuilder()\n                .tenantId(settings.tenantId())\n                .clientId(settings.clientId())\n                .clientSecret(${env('AZURE_CLIENT_SECRET')})\n                .build();`),
    c('java', 'gcp-key-stream', true, pick(r, [
      `GoogleCredentials client = GoogleCredentials.fromStream(new FileInputStream("/etc/acme/gcp-sa.json"));`,
      `GoogleCredentials client = ServiceAccountCredentials.fromStream(new FileInputStream(settings.keyPath()));`,
    ])),
    c('java', 'aws-default-chain', false, pick(r, [
      `S3Client client = S3Client.builder().region(Region.EU_WEST_1).credentialsProvider(DefaultCredentialsProvider.create()).build();`,
      `S3Client client = S3Client.builder().credentialsProvider(ProfileCredentialsProvider.create("reports")).build();`,
      `S3Client client = S3Client.builder().credentialsProvider(WebIdentityTokenFileCredentialsProvider.create()).build();`,
    ])),
    c('java', 'aws-session-credentials', false, `S3Client client = S3Client.builder().credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(sts.accessKeyId(), sts.secretAccessKey(), sts.sessionToken()))).build();`),
    c('java', 'localstack-dummy', false, `S3Client client = S3Client.builder().endpointOverride(URI.create("http://localhost:4566")).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();`),
    c('java', 'azure-default-credential', false, pick(r, [
      `TokenCredential client = new DefaultAzureCredentialBuilder().build();`,
      `TokenCredential client = new WorkloadIdentityCredentialBuilder().clientId(settings.clientId()).build();`,
      `TokenCredential client = new ManagedIdentityCredentialBuilder().build();`,
    ])),
    c('java', 'gcp-default', false, `GoogleCredentials client = GoogleCredentials.getApplicationDefault();`),
  ];
}

function goCases(r: Rng, c: CodeCase, svc: string): Case[] {
  return [
    c('go', 'aws-static-provider', true, pick(r, [
      `cfg, err := config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(os.Getenv("APP_AWS_KEY_ID"), os.Getenv("APP_AWS_SECRET"), "")))\n\tclient := cfg`,
      `client, err := credentials.NewStaticCredentialsProvider(settings.AWSKeyID, settings.AWSSecret, ""), error(nil)`,
    ])),
    c('go', 'aws-credentials-literal', true, `client, err := aws.Credentials{AccessKeyID: settings.AWSKeyID, SecretAccessKey: settings.AWSSecret, Source: "${svc}"}, error(nil)`),
    c('go', 'azure-client-secret', true, `client, err := azidentity.NewClientSecretCredential(settings.TenantID, settings.ClientID, os.Getenv("AZURE_CLIENT_SECRET"), nil)`),
    c('go', 'gcp-key-file', true, pick(r, [
      `client, err := storage.NewClient(ctx, option.WithCredentialsFile("/etc/${svc}/sa.json"))`,
      `client, err := google.CredentialsFromJSON(ctx, settings.KeyJSON, "https://www.googleapis.com/auth/cloud-platform")`,
      `client, err := pubsub.NewClient(ctx, settings.Project, option.WithCredentialsJSON(settings.KeyJSON))`,
    ])),
    c('go', 'aws-default-chain', false, `client, err := config.LoadDefaultConfig(ctx, config.WithRegion("eu-west-1"))`),
    c('go', 'aws-session-token', false, `client, err := credentials.NewStaticCredentialsProvider(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken), error(nil)`),
    c('go', 'localstack-dummy', false, `client, err := credentials.NewStaticCredentialsProvider("test", "test", ""), error(nil)`),
    c('go', 'azure-default-credential', false, `client, err := azidentity.${r.pick(['NewDefaultAzureCredential', 'NewWorkloadIdentityCredential', 'NewManagedIdentityCredential'])}(nil)`),
    c('go', 'gcp-default', false, `client, err := google.FindDefaultCredentials(ctx, "https://www.googleapis.com/auth/cloud-platform")`),
  ];
}
