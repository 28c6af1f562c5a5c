/**
 * Terraform long-lived keys → workload identity (fixes/workload-identity/terraform.ts):
 * the edited module parses, the finding is gone, nothing new appears, a second run has
 * nothing to do, and keys still used elsewhere get no fix.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import type { Finding, Fix } from '../server/src/engine/model';
import type { ProjectFiles } from '../server/src/engine/project/files';
import { repositoryFromGitConfig } from '../server/src/engine/fixes/workload-identity/terraform';
import { applyTextEdits } from '../server/src/engine/fix-runner';

const ROOT = 'file:///ws';
const URI = `${ROOT}/infra/iam.tf`;
const GIT_CONFIG = '[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://github.com/other/fork.git\n[remote "origin"]\n\turl = git@github.com:acme/storefront.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n';

beforeAll(async () => {
  await initEngine(['x.tf']);
});

interface Setup {
  text: string;
  siblings?: Record<string, string>;
  gitConfig?: string;
}

function analyse({ text, siblings = {}, gitConfig }: Setup) {
  const files: Record<string, string> = { [URI]: text, ...Object.fromEntries(Object.entries(siblings).map(([n, t]) => [`${ROOT}/infra/${n}`, t])) };
  const project: ProjectFiles = {
    directory: () => ({ key: JSON.stringify(files), load: () => Object.entries(files).map(([uri, t]) => ({ uri, text: t })) }),
  };
  files[URI] = text;
  return analyzeText(
    { uri: URI, path: 'infra/iam.tf', text },
    { config: defaultConfig(), workspaceRoot: ROOT, readFile: (uri) => (uri === `${ROOT}/.git/config` ? gitConfig : undefined), project, today: '2026-11-26' },
  );
}

const ofRule = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);

function fixOf(setup: Setup, ruleId: string, index = 0): Fix | undefined {
  const f = ofRule(analyse(setup).findings, ruleId)[index];
  expect(f, `a ${ruleId} finding`).toBeDefined();
  return f.fixes.find((x) => x.kind === 'workload-identity');
}

/** Applies the fix and checks: parses, finding gone, no new finding, nothing left to do. */
function applyAndCheck(setup: Setup, ruleId: string, fix: Fix): string {
  const before = analyse(setup);
  const after = applyTextEdits(setup.text, fix.edits.filter((e) => e.uri === URI));
  const again = analyse({ ...setup, text: after });
  expect(again.notes.filter((n) => n.kind === 'parse-error')).toEqual([]);
  expect(ofRule(again.findings, ruleId).length).toBe(ofRule(before.findings, ruleId).length - 1);
  const known = new Set(before.findings.map((f) => `${f.ruleId}\u0000${f.message}`));
  expect(again.findings.filter((f) => !known.has(`${f.ruleId}\u0000${f.message}`)).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  return after;
}

const AWS = `resource "aws_iam_user" "deployer" {
  name = "shop-deployer"
  tags = { owner = "platform" }
}

resource "aws_iam_access_key" "deployer" {
  user = aws_iam_user.deployer.name
}

resource "aws_iam_user_policy_attachment" "deployer_s3" {
  user       = aws_iam_user.deployer.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "github_actions_secret" "deployer_secret" {
  repository      = "storefront"
  secret_name     = "AWS_SECRET_ACCESS_KEY"
  plaintext_value = aws_iam_access_key.deployer.secret
}
`;

describe('repository from .git/config', () => {
  it('prefers origin, reads ssh and https GitHub remotes, ignores other hosts', () => {
    expect(repositoryFromGitConfig(GIT_CONFIG)).toBe('acme/storefront');
    expect(repositoryFromGitConfig('[remote "origin"]\n  url = https://github.com/acme/shop\n')).toBe('acme/shop');
    expect(repositoryFromGitConfig('[remote "origin"]\n  url = https://gitlab.com/acme/shop.git\n')).toBeUndefined();
    expect(repositoryFromGitConfig('[branch "main"]\n  url = https://github.com/acme/shop.git\n')).toBeUndefined();
    expect(repositoryFromGitConfig('')).toBeUndefined();
  });

  it('stays linear on a hostile config line', () => {
    const started = Date.now();
    repositoryFromGitConfig(`[remote "origin"]\nurl = ${'github.com/'.repeat(20_000)}x`);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('aws_iam_access_key → GitHub OIDC role', () => {
  it('replaces the key with a role trusting this repository, adds the OIDC provider, moves the attachment and removes the CI secret', () => {
    const setup = { text: AWS, gitConfig: GIT_CONFIG };
    const fix = fixOf(setup, 'credential/aws-iam-access-key')!;
    expect(fix.preferred).toBe(true);
    expect(fix.title).toContain('acme/storefront');
    expect(fix.title).toContain('github_actions_secret.deployer_secret');
    const after = applyAndCheck(setup, 'credential/aws-iam-access-key', fix);
    expect(after).not.toContain('resource "aws_iam_access_key"');
    expect(after).not.toContain('github_actions_secret');
    expect(after).toContain('resource "aws_iam_role" "deployer_github"');
    expect(after).toContain('"token.actions.githubusercontent.com:sub" = "repo:acme/storefront:*"');
    expect(after).toContain('"token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"');
    expect(after).toContain('Federated = aws_iam_openid_connect_provider.github_actions.arn');
    expect(after).toContain('resource "aws_iam_openid_connect_provider" "github_actions"');
    expect(after).toContain('resource "aws_iam_role_policy_attachment" "deployer_s3" {\n  role       = aws_iam_role.deployer_github.name');
    expect(after).toContain('tags = { owner = "platform" }');
    // Applied again: nothing left to fix.
    expect(ofRule(analyse({ ...setup, text: after }).findings, 'credential/aws-iam-access-key')).toEqual([]);
  });

  it('reuses the module’s OIDC provider and declares var.github_repository when the remote is unknown', () => {
    const provider = 'data "aws_iam_openid_connect_provider" "gh" {\n  url = "https://token.actions.githubusercontent.com"\n}\n';
    const setup = { text: AWS, siblings: { 'oidc.tf': provider } };
    const fix = fixOf(setup, 'credential/aws-iam-access-key')!;
    const after = applyAndCheck(setup, 'credential/aws-iam-access-key', fix);
    expect(after).toContain('Federated = data.aws_iam_openid_connect_provider.gh.arn');
    expect(after).not.toContain('resource "aws_iam_openid_connect_provider"');
    expect(after).toContain('"repo:${var.github_repository}:*"');
    expect(after).toContain('variable "github_repository" {');
    // The variable is declared already: not added twice.
    const declared = fixOf({ ...setup, siblings: { ...setup.siblings, 'variables.tf': 'variable "github_repository" {\n  type = string\n}\n' } }, 'credential/aws-iam-access-key')!;
    expect(declared.edits.map((e) => e.newText).join('')).not.toContain('variable "github_repository"');
  });

  it('two keys of one file share the provider edit (applied once by nhi fix)', () => {
    const text = `${AWS}\nresource "aws_iam_user" "auditor" {\n  name = "shop-auditor"\n  tags = { owner = "security" }\n}\n\nresource "aws_iam_access_key" "auditor" {\n  user = aws_iam_user.auditor.name\n}\n`;
    const findings = ofRule(analyse({ text, gitConfig: GIT_CONFIG }).findings, 'credential/aws-iam-access-key');
    expect(findings).toHaveLength(2);
    const appended = findings.map((f) => f.fixes[0].edits.find((e) => e.newText.includes('aws_iam_openid_connect_provider" "github_actions"')));
    expect(appended[0]).toBeDefined();
    expect(appended[1]).toEqual(appended[0]);
  });

  it('offers no fix when something else uses the key', () => {
    const inLocals = `${AWS}\nlocals {\n  key_id = aws_iam_access_key.deployer.id\n}\n`;
    expect(fixOf({ text: inLocals, gitConfig: GIT_CONFIG }, 'credential/aws-iam-access-key')).toBeUndefined();
    const elsewhere = { 'ci.tf': 'module "ci" {\n  source = "./ci"\n  secret = aws_iam_access_key.deployer.secret\n}\n' };
    expect(fixOf({ text: AWS, siblings: elsewhere, gitConfig: GIT_CONFIG }, 'credential/aws-iam-access-key')).toBeUndefined();
    // A mention inside a string is not a use.
    const mention = `${AWS}\noutput "note" {\n  value = "rotated aws_iam_access_key.deployer.secret in March"\n}\n`;
    expect(fixOf({ text: mention, gitConfig: GIT_CONFIG }, 'credential/aws-iam-access-key')).toBeDefined();
  });

  it('without any owner for the new role, the fix waits for the user (not preferred)', () => {
    const text = 'resource "aws_iam_access_key" "partner" {\n  user = var.partner_user\n}\n';
    const fix = fixOf({ text, gitConfig: GIT_CONFIG }, 'credential/aws-iam-access-key')!;
    expect(fix.preferred).toBe(false);
    expect(fix.title).toContain('owner tag');
  });
});

describe('google_service_account_key → workload identity federation', () => {
  const GCP = `resource "google_service_account" "exporter" {
  project    = "acme-reporting"
  account_id = "bq-exporter"
}

resource "google_service_account_key" "exporter" {
  service_account_id = google_service_account.exporter.name
}
`;

  it('grants workloadIdentityUser to the repository through a new pool and GitHub provider', () => {
    const setup = { text: GCP, gitConfig: GIT_CONFIG };
    const fix = fixOf(setup, 'credential/gcp-service-account-key')!;
    const after = applyAndCheck(setup, 'credential/gcp-service-account-key', fix);
    expect(after).not.toContain('resource "google_service_account_key"');
    expect(after).toContain('role               = "roles/iam.workloadIdentityUser"');
    expect(after).toContain('/attribute.repository/acme/storefront"');
    expect(after).toContain(`attribute_condition = "assertion.repository == 'acme/storefront'"`);
    expect(after).toContain('project                   = "acme-reporting"');
    expect(after).toContain('issuer_uri = "https://token.actions.githubusercontent.com"');
  });

  it('offers no fix when a data source reads the key', () => {
    const text = `${GCP}\ndata "google_service_account_key" "public" {\n  name = google_service_account_key.exporter.name\n}\n`;
    expect(fixOf({ text }, 'credential/gcp-service-account-key')).toBeUndefined();
  });
});

describe('Azure client secrets → federated identity credential', () => {
  const AZ = `resource "azuread_application" "billing" {
  display_name = "billing"
}

resource "azuread_service_principal" "billing" {
  client_id = azuread_application.billing.client_id
}

resource "azuread_service_principal_password" "billing" {
  service_principal_id = azuread_service_principal.billing.id
}
`;

  it('a service principal password becomes a federated credential of its application', () => {
    const setup = { text: AZ, gitConfig: GIT_CONFIG };
    const fix = fixOf(setup, 'credential/azure-client-secret')!;
    const after = applyAndCheck(setup, 'credential/azure-client-secret', fix);
    expect(after).not.toContain('azuread_service_principal_password');
    expect(after).toContain('resource "azuread_application_federated_identity_credential" "billing_github"');
    expect(after).toContain('application_id = azuread_application.billing.id');
    expect(after).toContain('subject        = "repo:acme/storefront:ref:refs/heads/main"');
  });

  it('an application password and a service principal password of one application share one credential', () => {
    const text = `${AZ}\nresource "azuread_application_password" "billing" {\n  application_id = azuread_application.billing.id\n}\n`;
    const findings = ofRule(analyse({ text, gitConfig: GIT_CONFIG }).findings, 'credential/azure-client-secret');
    expect(findings).toHaveLength(2);
    const credential = findings.map((f) => f.fixes[0].edits.find((e) => e.newText.includes('federated_identity_credential')));
    expect(credential[1]).toEqual(credential[0]);
  });
});
