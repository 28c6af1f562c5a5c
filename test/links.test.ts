/**
 * Related information across files: the pieces of one identity — a workflow's static
 * key, the Terraform user and key behind it, the policies attached to that user; a
 * ServiceAccount, its bindings, the workloads that run as it and the IAM role it
 * assumes — point at each other, and unrelated identities that share a Terraform
 * address in another module do not.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import type { AuditResult, LocatedFinding } from '../server/src/engine/workspace';
import { auditWorkspace } from '../server/src/engine/workspace';
import { linkFindings, type FileLinks } from '../server/src/engine/project/links';
import type { Finding } from '../server/src/engine/model';
import { ROOT } from './support/fixtures';

const WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'linked-workspace');
let audit: AuditResult;

beforeAll(async () => {
  await initEngine();
  audit = await auditWorkspace([WORKSPACE], { config: defaultConfig() });
});

function finding(file: string, ruleId: string, line?: number): LocatedFinding {
  const found = audit.files.find((f) => f.path === file)?.findings.filter((f) => f.ruleId === ruleId && (line === undefined || f.start.line + 1 === line)) ?? [];
  expect(found, `${ruleId} in ${file}`).toHaveLength(1);
  return found[0];
}

/** "file:line" of each related location, with the line taken from its position. */
function relatedPlaces(f: LocatedFinding): string[] {
  return (f.related ?? []).map((r) => {
    const rel = path.relative(WORKSPACE, new URL(r.uri).pathname).split(path.sep).join('/');
    expect(r.start, `related ${rel} has a position`).toBeDefined();
    return `${rel}:${r.start!.line + 1}`;
  });
}

describe('cross-file related information', () => {
  it('a workflow signing in with a static key points at the user, the key, the policies and the secrets Terraform wrote', () => {
    const ci = finding('.github/workflows/deploy.yml', 'credential/ci-static-cloud-keys');
    expect(relatedPlaces(ci)).toEqual([
      'infra/ci/deployer.tf:3', // aws_iam_user.deployer
      'infra/ci/deployer.tf:8', // aws_iam_access_key.deployer
      'infra/ci/deployer.tf:12', // github_actions_secret AWS_ACCESS_KEY_ID
      'infra/ci/deployer.tf:18', // … AWS_SECRET_ACCESS_KEY
      'infra/ci/policies.tf:1', // AdministratorAccess attachment
      'infra/ci/policies.tf:6', // inline user policy
    ]);
    expect(ci.related!.map((r) => r.message)).toContain('aws_iam_user.deployer: the IAM user "github-deployer"');
  });

  it('the admin policy on that user points back at the workflow that uses its key', () => {
    const admin = finding('infra/ci/policies.tf', 'privilege/admin-managed-policy');
    const places = relatedPlaces(admin);
    expect(places).toContain('.github/workflows/deploy.yml:12');
    expect(places).toContain('infra/ci/deployer.tf:3');
    expect(admin.related!.find((r) => r.uri.endsWith('deploy.yml'))!.message).toMatch(/^\.github\/workflows\/deploy\.yml \(deploy\/Configure AWS\): a CI job that signs in with this long-lived credential$/);
  });

  it('a user with the same Terraform address in another module is another identity', () => {
    const key = finding('infra/reporting/reporter.tf', 'credential/aws-iam-access-key');
    const places = relatedPlaces(key);
    expect(places).toEqual(['infra/reporting/reporter.tf:3']);
  });

  it('an OIDC workflow links to the role it assumes, by the role name in the ARN', () => {
    const power = finding('infra/reporting/reporter.tf', 'privilege/admin-managed-policy');
    expect(relatedPlaces(power)).toEqual(['infra/reporting/reporter.tf:12', '.github/workflows/release.yml:13']);
  });

  it('cluster-admin bound to a ServiceAccount points at its declaration and every workload that runs as it', () => {
    const binding = finding('k8s/rbac.yaml', 'privilege/k8s-cluster-admin-binding');
    const places = relatedPlaces(binding);
    expect(places).toContain('k8s/serviceaccount.yaml:1');
    expect(places).toContain('k8s/deployment.yaml:1');
    // report-worker runs as a ServiceAccount of the same name in another namespace: not this one.
    expect(places).not.toContain('k8s/deployment.yaml:20');
    expect(places).toContain('infra/eks/ingest.tf:2'); // the IRSA role the ServiceAccount assumes
  });

  it('the IRSA role\'s admin policy reaches the ServiceAccount, its binding and its pods', () => {
    const admin = finding('infra/eks/ingest.tf', 'privilege/admin-managed-policy');
    expect(relatedPlaces(admin)).toEqual(['infra/eks/ingest.tf:2', 'k8s/serviceaccount.yaml:1', 'k8s/rbac.yaml:1', 'k8s/deployment.yaml:1']);
  });

  it('a CloudFormation user links to its access key and policies, and to other files that name it', () => {
    const key = finding('cfn/release-bot.yaml', 'credential/aws-iam-access-key');
    expect(relatedPlaces(key)).toEqual(['cfn/release-bot.yaml:4', 'cfn/release-bot.yaml:15', 'infra/mobile/release.tf:3']);
    const wildcard = finding('cfn/release-bot.yaml', 'privilege/iam-wildcard-action');
    expect(relatedPlaces(wildcard)).toEqual(['cfn/release-bot.yaml:4', 'cfn/release-bot.yaml:11', 'infra/mobile/release.tf:3']);
  });

  it('reports which files gained links (an editor re-publishes them)', () => {
    const uri = (p: string) => pathToFileURL(path.join(WORKSPACE, p)).href;
    expect(audit.linkedUris).toEqual(expect.arrayContaining([uri('.github/workflows/deploy.yml'), uri('k8s/rbac.yaml'), uri('infra/ci/policies.tf')]));
  });
});

describe('related locations in reports', () => {
  it('SARIF lists them as relatedLocations with regions relative to the audit root', async () => {
    const { sarifLog } = await import('../server/src/cli/reporters/sarif');
    const log = sarifLog(audit, { version: 'test' } as never) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message: { text: string } }[] }[] }[] };
    const ci = log.runs[0].results.find((r) => r.ruleId === 'credential/ci-static-cloud-keys' && r.locations[0].physicalLocation.artifactLocation.uri.endsWith('deploy.yml'));
    expect(ci?.relatedLocations?.map((l) => `${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine}`)).toEqual([
      'infra/ci/deployer.tf:3',
      'infra/ci/deployer.tf:8',
      'infra/ci/deployer.tf:12',
      'infra/ci/deployer.tf:18',
      'infra/ci/policies.tf:1',
      'infra/ci/policies.tf:6',
    ]);
    expect(ci?.relatedLocations?.[0].message.text).toBe('aws_iam_user.deployer: the IAM user "github-deployer"');
  });
});

describe('ServiceAccounts named without a namespace', () => {
  // A cluster-admin binding in rbac.yaml, ServiceAccounts named `deployer`, and a Deployment whose manifest names no namespace.
  const binding = (uri: string, key: string) => ({ uri, links: [{ kind: 'link' as const, key, role: 'binding' as const, label: 'ClusterRoleBinding grants cluster-admin', range: { start: 0, end: 40 } }] });
  const declaration = (uri: string, key: string) => ({ uri, links: [{ kind: 'link' as const, key, role: 'declaration' as const, label: 'ServiceAccount', range: { start: 0, end: 30 } }] });
  const workload = (uri: string, key: string) => ({ uri, links: [{ kind: 'link' as const, key, role: 'workload' as const, label: 'Deployment runs as it', range: { start: 0, end: 50 } }] });
  const relatedOf = (others: FileLinks[]): string[] => {
    const finding: Finding = { ruleId: 'privilege/k8s-cluster-admin-binding', message: 'cluster-admin', range: { start: 5, end: 20 }, severity: 'error', fingerprint: 'f', fixes: [] };
    linkFindings([{ ...binding('file:///w/k8s/payments-rbac.yaml', 'k8s-sa:payments/deployer'), findings: [finding] }], others);
    return finding.related?.map((r) => r.uri.replace('file:///w/', '')) ?? [];
  };

  it('is the one of that name when one namespace has it', () => {
    expect(relatedOf([declaration('file:///w/k8s/sa.yaml', 'k8s-sa:payments/deployer'), workload('file:///w/k8s/app.yaml', 'k8s-sa:?/deployer')])).toEqual(['k8s/sa.yaml', 'k8s/app.yaml']);
  });

  it('joins no namespaces when several have one of that name', () => {
    const related = relatedOf([
      declaration('file:///w/k8s/sa.yaml', 'k8s-sa:payments/deployer'),
      declaration('file:///w/k8s/billing-sa.yaml', 'k8s-sa:billing/deployer'),
      workload('file:///w/k8s/billing-app.yaml', 'k8s-sa:billing/deployer'),
      workload('file:///w/k8s/app.yaml', 'k8s-sa:?/deployer'),
    ]);
    expect(related).toEqual(['k8s/sa.yaml']);
  });
});
