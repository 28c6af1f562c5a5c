/**
 * Restricting privilege fixes (fixes/narrow-privilege/iam-restrict, k8s-escalation,
 * gcp-public): OIDC trust → `sub` (+ GitHub `aud`) condition, `Principal: "*"` →
 * aws:PrincipalOrgID, iam:PassRole → iam:PassedToService for the service the statement
 * shows (split into its own statement), self-service escalation actions → own user,
 * k8s escalate/bind/impersonate removed, GCP public members removed. Each fix must
 * re-parse, remove the finding, add no new finding of its rule, and be a no-op twice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { passedToService } from '../server/src/engine/fixes/narrow-privilege';
import { applyEdits } from '../server/src/engine/fixes/validate';
import type { AnalysisResult, Fix, PolicyStatementFact } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine();
});

const ROOT = 'file:///ws';

function analyze(path: string, text: string, files: Record<string, string> = {}): AnalysisResult {
  return analyzeText(
    { uri: `${ROOT}/${path}`, path, text },
    { config: defaultConfig(), workspaceRoot: ROOT, validateFixes: true, readFile: (uri) => files[uri.slice(ROOT.length + 1)] },
  );
}

/** The one non-suppress fix of the rule's only finding, applied and checked; returns the fixed text. */
function fixOnce(path: string, text: string, ruleId: string, files: Record<string, string> = {}): { fix: Fix; fixed: string } {
  const findings = analyze(path, text, files).findings.filter((f) => f.ruleId === ruleId);
  expect(findings.length, `${ruleId} findings`).toBeGreaterThan(0);
  const fix = findings[0].fixes.find((f) => f.kind === 'narrow-privilege');
  expect(fix, 'a narrow-privilege fix').toBeDefined();
  const fixed = applyEdits(text, fix!.edits.filter((e) => e.uri === `${ROOT}/${path}`));
  const again = analyze(path, fixed, files);
  expect(again.notes.filter((n) => n.kind === 'parse-error'), 'the fixed file parses').toEqual([]);
  const left = again.findings.filter((f) => f.ruleId === ruleId);
  expect(left.length, 'the finding is gone').toBe(findings.length - 1);
  // Idempotent: nothing left offers an edit that changes the fixed text the same way.
  expect(left.flatMap((f) => f.fixes).filter((f) => f.kind === 'narrow-privilege' && f.title === fix!.title)).toEqual([]);
  return { fix: fix!, fixed };
}

const GITHUB_TRUST_JSON = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
      "Action": "sts:AssumeRoleWithWebIdentity"
    }
  ]
}
`;

describe('privilege/iam-open-trust', () => {
  it('GitHub OIDC trust in a JSON file: sub for the repository from .git/config, and aud; preferred', () => {
    const gitConfig = '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:acme/payments.git\n';
    const { fix, fixed } = fixOnce('iam/deploy-trust.json', GITHUB_TRUST_JSON, 'privilege/iam-open-trust', { '.git/config': gitConfig });
    expect(fix.preferred).toBe(true);
    expect(fix.title).toContain('acme/payments');
    const statement = JSON.parse(fixed).Statement[0];
    expect(statement.Condition).toEqual({
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/payments:*' },
    });
  });

  it('without a git remote, a JSON file gets a marked placeholder and the fix is not preferred', () => {
    const { fix, fixed } = fixOnce('iam/deploy-trust.json', GITHUB_TRUST_JSON, 'privilege/iam-open-trust');
    expect(fix.preferred).toBe(false);
    expect(fix.placeholder).toBeDefined();
    expect(fixed.slice(fix.placeholder!.range.start, fix.placeholder!.range.end)).toBe('OWNER/REPO');
  });

  it('Terraform jsonencode with an aud condition: sub merged into Condition, variable declared once', () => {
    const text = `resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
      }
    }]
  })
}
`;
    // The provider ARN is a reference here: the host is not known, so no sub guess is made.
    const findings = analyze('infra/role.tf', text).findings.filter((f) => f.ruleId === 'privilege/iam-open-trust');
    for (const f of findings) expect(f.fixes.filter((x) => x.kind === 'narrow-privilege')).toEqual([]);

    const literal = text.replace('aws_iam_openid_connect_provider.github.arn', '"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"');
    const { fixed } = fixOnce('infra/role.tf', literal, 'privilege/iam-open-trust');
    expect(fixed).toContain('"token.actions.githubusercontent.com:sub" = "repo:${var.github_repository}:*"');
    expect(fixed.match(/variable "github_repository"/g)).toHaveLength(1);
    expect(fixed.match(/:aud/g)).toHaveLength(1);
  });

  it('Principal "*" in CloudFormation YAML: aws:PrincipalOrgID from a new parameter, not preferred', () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AuditRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: sts:AssumeRole
`;
    const { fix, fixed } = fixOnce('cloudformation/audit.yaml', text, 'privilege/iam-open-trust');
    expect(fix.preferred).toBe(false);
    expect(fixed).toContain('"aws:PrincipalOrgID": !Ref OrganizationId');
    expect(fixed).toContain('Parameters:\n  OrganizationId:\n    Type: String');
  });
});

describe('privilege/iam-pass-role-wildcard and the PassRole escalation path', () => {
  const policy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["lambda:CreateFunction", "iam:PassRole"],
      "Resource": "*"
    }
  ]
}
`;

  it('PassRole moves into its own statement with iam:PassedToService; the other actions keep theirs', () => {
    const { fix, fixed } = fixOnce('iam/deployer.json', policy, 'privilege/iam-pass-role-wildcard');
    expect(fix.preferred).toBe(true);
    const statements = JSON.parse(fixed).Statement;
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['lambda:CreateFunction'], Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } },
    ]);
    // The same edit closes the escalation path lambda:CreateFunction + PassRole.
    expect(analyze('iam/deployer.json', fixed).findings.filter((f) => f.ruleId === 'privilege/iam-privilege-escalation')).toEqual([]);
  });

  it('no fix when the statement does not show the service (no guess)', () => {
    const alone = policy.replace('"lambda:CreateFunction", ', '');
    const findings = analyze('iam/deployer.json', alone).findings.filter((f) => f.ruleId === 'privilege/iam-pass-role-wildcard');
    expect(findings).toHaveLength(1);
    expect(findings[0].fixes.filter((f) => f.kind === 'narrow-privilege')).toEqual([]);
  });

  it('infers one service, or none when actions point at several or at unknown services', () => {
    const st = (actions: string[]): PolicyStatementFact =>
      ({ actionRanges: actions.map((value) => ({ value, range: { start: 0, end: 0 } })) }) as unknown as PolicyStatementFact;
    expect(passedToService(st(['iam:PassRole', 'ecs:RunTask']))).toBe('ecs-tasks.amazonaws.com');
    expect(passedToService(st(['iam:PassRole', 'ec2:RunInstances', 'iam:GetRole']))).toBe('ec2.amazonaws.com');
    expect(passedToService(st(['iam:PassRole', 'glue:CreateJob', 'lambda:CreateFunction']))).toBeUndefined();
    expect(passedToService(st(['iam:PassRole', 's3:PutObject']))).toBeUndefined();
    expect(passedToService(st(['iam:PassRole']))).toBeUndefined();
  });

  it('aws_iam_policy_document: a new statement block with a condition block', () => {
    const text = `data "aws_iam_policy_document" "deployer" {
  statement {
    actions   = ["ecs:RunTask", "iam:PassRole"]
    resources = ["*"]
  }
}
`;
    const { fixed } = fixOnce('infra/deployer.tf', text, 'privilege/iam-pass-role-wildcard');
    expect(fixed).toContain('actions   = ["ecs:RunTask"]');
    expect(fixed).toContain('variable = "iam:PassedToService"\n      values   = ["ecs-tasks.amazonaws.com"]');
  });
});

describe('privilege/iam-privilege-escalation: self-service', () => {
  it('iam:CreateAccessKey on * → own user only, in Terraform with $${aws:username} escaped; not preferred', () => {
    const text = `resource "aws_iam_user_policy" "self" {
  name = "self-service"
  user = "ci-bot"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["iam:CreateAccessKey", "iam:ListAccessKeys"]
        Resource = "*"
      },
    ]
  })
}
`;
    const { fix, fixed } = fixOnce('infra/self.tf', text, 'privilege/iam-privilege-escalation');
    expect(fix.preferred).toBe(false);
    expect(fix.title).toMatch(/roles lose it/);
    expect(fixed).toContain('Resource = "arn:aws:iam::*:user/$${aws:username}"');
    expect(fixed).toContain('Action   = ["iam:ListAccessKeys"]');
  });
});

describe('privilege/k8s-rbac-escalation', () => {
  it('removes the bind verb, keeps the others; none when it is the only verb', () => {
    const role = (verbs: string): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: binder
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["rolebindings"]
    verbs: ${verbs}
`;
    const { fix, fixed } = fixOnce('k8s/role.yaml', role('["get", "list", "bind"]'), 'privilege/k8s-rbac-escalation');
    expect(fix.preferred).toBe(false);
    expect(fixed).toContain('verbs: ["get", "list"]');
    const only = analyze('k8s/role.yaml', role('["bind"]')).findings.filter((f) => f.ruleId === 'privilege/k8s-rbac-escalation');
    expect(only[0].fixes.filter((f) => f.kind === 'narrow-privilege')).toEqual([]);
  });
});

describe('privilege/gcp-public-member', () => {
  it('removes allUsers from a members list; deletes a single-member grant', () => {
    const text = `resource "google_project_iam_binding" "viewers" {
  project = "acme-prod"
  role    = "roles/viewer"
  members = [
    "group:eng@acme.example",
    "allUsers",
  ]
}

resource "google_project_iam_member" "public" {
  project = "acme-prod"
  role    = "roles/editor"
  member  = "allAuthenticatedUsers"
}
`;
    const first = fixOnce('gcp/iam.tf', text, 'privilege/gcp-public-member');
    expect(first.fix.title).toMatch(/private/);
    expect(first.fixed).not.toContain('"allUsers"');
    expect(first.fixed).toContain('"group:eng@acme.example"');
    const second = fixOnce('gcp/iam.tf', first.fixed, 'privilege/gcp-public-member');
    expect(second.fixed).not.toContain('google_project_iam_member');
  });
});
