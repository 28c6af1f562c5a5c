/**
 * AWS IAM cases: permission statements and trust policies in every syntax
 * (IAM JSON, Terraform jsonencode / heredoc / aws_iam_policy_document,
 * CloudFormation YAML and JSON, Serverless), managed-policy attachments, IAM
 * access keys and owner tags on roles and users. Written from the issue text
 * and docs/rules, not from the rules' code.
 */
import type { Rng } from '../secrets/rng';
import { neg, pos } from './label';
import { isUnknown, toCfnJson, toHcl, toJson, toYaml, type Unknown, type Val } from './render';

export interface Case {
  path: string;
  marked: string;
}

const TEAMS = ['payments', 'platform', 'data-eng', 'search', 'growth', 'identity', 'sre', 'checkout'];
const SERVICES = ['billing', 'orders', 'gateway', 'notifier', 'reports', 'ingest', 'invoices', 'media', 'ledger', 'catalog'];

export const name = (r: Rng): string => `${r.pick(SERVICES)}-${r.pick(['worker', 'api', 'deployer', 'exporter', 'sync', 'runner'])}`;
export const snake = (s: string): string => s.replace(/-/g, '_');
export const pascal = (s: string): string => s.split(/[-_]/).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
export const team = (r: Rng): string => r.pick(TEAMS);
export const account = (r: Rng): string => r.digits(12);

const unknown = (hclExpr: string, param: string, custom: string): Unknown => ({
  unknown: { hcl: hclExpr, cfnYaml: `!Ref ${param}`, cfnJson: { Ref: param }, sls: `\${self:custom.${custom}}` },
});

// ── Permission statements ──────────────────────────────────────────────────

export interface StatementKind {
  kind: string;
  positive: boolean;
  gen(r: Rng): { [k: string]: Val };
  /** Contains values only some syntaxes can leave unknown. */
  unknownOnly?: boolean;
}

const bucketArn = (r: Rng): string => `arn:aws:s3:::acme-${r.pick(SERVICES)}-${r.pick(['prod', 'staging', 'logs'])}`;
const escalationActions = ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'iam:PutRolePolicy', 'iam:PutUserPolicy', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:UpdateAssumeRolePolicy', 'iam:AddUserToGroup', 'iam:Attach*Policy', 'sts:AssumeRole'];

export const statementKinds: StatementKind[] = [
  { kind: 'action-star', positive: true, gen: (r) => ({ Effect: 'Allow', Action: '*', Resource: r.chance(0.5) ? '*' : bucketArn(r) }) },
  { kind: 'service-star', positive: true, gen: (r) => ({ Effect: 'Allow', Action: [r.pick(['s3:*', 'dynamodb:*', 'iam:*', 'ec2:*', 'secretsmanager:*'])], Resource: '*' }) },
  { kind: 'not-action', positive: true, gen: (r) => ({ Effect: 'Allow', NotAction: r.pick([['iam:*'], ['iam:*', 'organizations:*'], ['iam:*', 'account:*']]), Resource: '*' }) },
  { kind: 'not-resource', positive: true, gen: (r) => ({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], NotResource: [`${bucketArn(r)}/*`] }) },
  { kind: 'pass-role-star', positive: true, gen: (r) => ({ Effect: 'Allow', Action: r.pick([['iam:PassRole'], ['iam:PassRole', 'iam:GetRole'], ['iam:Pass*']]), Resource: '*' }) },
  { kind: 'escalation', positive: true, gen: (r) => ({ Effect: 'Allow', Action: [r.pick(escalationActions), 'iam:GetRole'], Resource: '*' }) },
  { kind: 'run-with-pass-role', positive: true, gen: (r) => ({ Effect: 'Allow', Action: [r.pick(['lambda:CreateFunction', 'lambda:UpdateFunctionCode', 'ec2:RunInstances', 'cloudformation:CreateStack', 'glue:CreateJob']), 'iam:PassRole'], Resource: '*' }) },
  { kind: 'deny-star', positive: false, gen: (r) => ({ Effect: 'Deny', Action: r.pick(['*', 's3:*', 'iam:*']), Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }) },
  { kind: 'deny-not-action-region-guard', positive: false, gen: () => ({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'cloudfront:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }) },
  { kind: 'deny-not-resource', positive: false, gen: (r) => ({ Effect: 'Deny', Action: 's3:DeleteObject', NotResource: [`${bucketArn(r)}/tmp/*`] }) },
  { kind: 'service-star-scoped-arn', positive: false, gen: (r) => { const b = bucketArn(r); return { Effect: 'Allow', Action: ['s3:*'], Resource: [b, `${b}/*`] }; } },
  { kind: 'read-only-on-star', positive: false, gen: (r) => ({ Effect: 'Allow', Action: r.pick([['ec2:Describe*'], ['iam:Get*', 'iam:List*'], ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'], ['ec2:DescribeInstances', 'ec2:DescribeTags']]), Resource: '*' }) },
  { kind: 'pass-role-scoped', positive: false, gen: (r) => ({ Effect: 'Allow', Action: ['iam:PassRole'], Resource: `arn:aws:iam::${account(r)}:role/${r.pick(SERVICES)}-*` }) },
  { kind: 'pass-role-condition', positive: false, gen: () => ({ Effect: 'Allow', Action: ['iam:PassRole'], Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }) },
  { kind: 'escalation-scoped', positive: false, gen: (r) => ({ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:UpdateLoginProfile'], Resource: r.chance(0.5) ? `arn:aws:iam::${account(r)}:user/\${aws:username}` : `arn:aws:iam::${account(r)}:role/provisioned-*` }) },
  { kind: 'not-action-condition', positive: false, gen: () => ({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) },
  { kind: 'not-action-scoped', positive: false, gen: (r) => ({ Effect: 'Allow', NotAction: ['s3:DeleteBucket'], Resource: [bucketArn(r)] }) },
  { kind: 'create-function-without-pass-role', positive: false, gen: () => ({ Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:UpdateFunctionCode'], Resource: '*' }) },
  { kind: 'unknown-actions', positive: false, unknownOnly: true, gen: () => ({ Effect: 'Allow', Action: unknown('var.allowed_actions', 'AllowedActions', 'allowedActions'), Resource: '*' }) },
  { kind: 'unknown-resource', positive: false, unknownOnly: true, gen: () => ({ Effect: 'Allow', Action: ['iam:PassRole'], Resource: unknown('var.passable_role_arn', 'PassableRoleArn', 'passableRoleArn') }) },
];

export const POLICY_SYNTAXES = ['iam-json', 'tf-jsonencode', 'tf-heredoc', 'tf-policy-document', 'cfn-yaml', 'cfn-json', 'serverless'] as const;
export type PolicySyntax = (typeof POLICY_SYNTAXES)[number];

const tfTags = (r: Rng, indent = 2): string => `${' '.repeat(indent)}tags = {\n${' '.repeat(indent + 2)}${r.pick(['owner', 'team', 'Team', 'Owner'])} = "${team(r)}"\n${' '.repeat(indent + 2)}env   = "prod"\n${' '.repeat(indent)}}\n`;

/** `aws_iam_policy_document` statement block for a JSON statement. */
function policyDocumentStatement(s: { [k: string]: Val }, indent: number, principalsAsBlock = true): string {
  const p = ' '.repeat(indent);
  const list = (v: Val | undefined): string => (v === undefined ? '' : isUnknown(v) ? v.unknown.hcl : `[${(Array.isArray(v) ? v : [v]).map((x) => toHcl(x)).join(', ')}]`);
  let out = `${p}statement {\n`;
  out += `${p}  effect    = "${s.Effect}"\n`;
  if (s.Action !== undefined) out += `${p}  actions   = ${list(s.Action)}\n`;
  if (s.NotAction !== undefined) out += `${p}  not_actions = ${list(s.NotAction)}\n`;
  if (s.Resource !== undefined) out += `${p}  resources = ${list(s.Resource)}\n`;
  if (s.NotResource !== undefined) out += `${p}  not_resources = ${list(s.NotResource)}\n`;
  if (s.Principal !== undefined && principalsAsBlock) {
    const pr = s.Principal;
    const entries: [string, Val][] = pr === '*' ? [['*', '*']] : Object.entries(pr as Record<string, Val>);
    for (const [type, ids] of entries) out += `${p}  principals {\n${p}    type        = "${type}"\n${p}    identifiers = ${list(ids)}\n${p}  }\n`;
  }
  if (s.Condition !== undefined) {
    for (const [test, vars] of Object.entries(s.Condition as Record<string, Record<string, Val>>)) {
      for (const [variable, values] of Object.entries(vars)) out += `${p}  condition {\n${p}    test     = "${test}"\n${p}    variable = "${variable}"\n${p}    values   = ${list(values)}\n${p}  }\n`;
    }
  }
  return out + `${p}}`;
}

/** One permission statement (labelled) next to a harmless scoped one, hosted in `syntax`. */
export function policyCase(r: Rng, i: number, syntax: PolicySyntax, sk: StatementKind): Case {
  const kind = `privilege:${syntax}:${sk.kind}`;
  const label = (t: string): string => (sk.positive ? pos(kind, t) : neg(kind, t));
  const stmt = sk.gen(r);
  const benign: { [k: string]: Val } = { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [bucketArn(r), `${bucketArn(r)}/*`] };
  const svc = name(r);
  const id = snake(svc);
  const first = r.chance(0.5);
  const two = <T>(a: T, b: T): [T, T] => (first ? [a, b] : [b, a]);
  switch (syntax) {
    case 'iam-json': {
      const [a, b] = two(label(toJson(stmt, 4)), toJson(benign, 4));
      return { path: `iam/${svc}-${i}/policy.json`, marked: `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${a},\n    ${b}\n  ]\n}\n` };
    }
    case 'tf-jsonencode': {
      const [a, b] = two(label(toHcl(stmt, 6)), toHcl(benign, 6));
      // A policy is an ownership resource too: hosts carry an owner tag so they are not ownership findings.
      const res = r.chance(0.5) ? `resource "aws_iam_policy" "${id}" {\n  name = "${svc}"\n${tfTags(r)}` : `resource "aws_iam_role_policy" "${id}" {\n  name = "${svc}"\n  role = aws_iam_role.${id}.id\n`;
      return { path: `infra/${svc}-${i}/iam.tf`, marked: `${res}  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      ${a},\n      ${b},\n    ]\n  })\n}\n` };
    }
    case 'tf-heredoc': {
      const tag = r.pick(['EOF', 'POLICY', 'JSON']);
      const dash = r.chance(0.5) ? '-' : '';
      const esc = (t: string): string => t.replace(/\$\{/g, () => '$${');
      const [a, b] = two(label(esc(toJson(stmt, 4))), esc(toJson(benign, 4)));
      return { path: `infra/${svc}-${i}/policy.tf`, marked: `resource "aws_iam_policy" "${id}" {\n  name   = "${svc}"\n${tfTags(r)}  policy = <<${dash}${tag}\n{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${a},\n    ${b}\n  ]\n}\n${tag}\n}\n` };
    }
    case 'tf-policy-document': {
      const [a, b] = two(label(policyDocumentStatement(stmt, 2).trimStart()), policyDocumentStatement(benign, 2).trimStart());
      const vars = sk.unknownOnly ? `variable "allowed_actions" {\n  type = list(string)\n}\n\nvariable "passable_role_arn" {\n  type = string\n}\n\n` : '';
      return { path: `infra/${svc}-${i}/main.tf`, marked: `${vars}data "aws_iam_policy_document" "${id}" {\n  ${a}\n\n  ${b}\n}\n\nresource "aws_iam_policy" "${id}" {\n  name   = "${svc}"\n  policy = data.aws_iam_policy_document.${id}.json\n${tfTags(r)}}\n` };
    }
    case 'cfn-yaml': {
      const [a, b] = two(label(toYaml(stmt, 12, 'cfn').trimStart().replace(/^/, '- ')), toYaml(benign, 12, 'cfn').trimStart().replace(/^/, '- '));
      const params = sk.unknownOnly ? `Parameters:\n  AllowedActions:\n    Type: CommaDelimitedList\n  PassableRoleArn:\n    Type: String\n` : '';
      const type = r.pick(['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy']);
      const extra = type === 'AWS::IAM::Policy' ? `      PolicyName: ${svc}\n      Roles:\n        - !Ref ${pascal(svc)}Role\n` : `      ManagedPolicyName: ${svc}\n`;
      return { path: `cloudformation/${svc}-${i}.yaml`, marked: `AWSTemplateFormatVersion: "2010-09-09"\nDescription: ${svc} permissions\n${params}Resources:\n  ${pascal(svc)}Policy:\n    Type: ${type}\n    Properties:\n${extra}      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          ${a}\n          ${b}\n` };
    }
    case 'cfn-json': {
      const [a, b] = two(label(toCfnJson(stmt, 12)), toCfnJson(benign, 12));
      const params = sk.unknownOnly ? `  "Parameters": {\n    "AllowedActions": { "Type": "CommaDelimitedList" },\n    "PassableRoleArn": { "Type": "String" }\n  },\n` : '';
      return { path: `cloudformation/${svc}-${i}.template.json`, marked: `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n${params}  "Resources": {\n    "${pascal(svc)}Policy": {\n      "Type": "AWS::IAM::ManagedPolicy",\n      "Properties": {\n        "PolicyDocument": {\n          "Version": "2012-10-17",\n          "Statement": [\n            ${a},\n            ${b}\n          ]\n        }\n      }\n    }\n  }\n}\n` };
    }
    case 'serverless': {
      const legacy = r.chance(0.4);
      const col = legacy ? 4 : 8;
      const item = (s: { [k: string]: Val }): string => toYaml(s, col + 2, 'sls').trimStart().replace(/^/, '- ');
      const [a, b] = two(label(item(stmt)), item(benign));
      const p = ' '.repeat(col);
      const custom = sk.unknownOnly ? `custom:\n  allowedActions: \${ssm:/acme/${svc}/actions}\n  passableRoleArn: \${ssm:/acme/${svc}/role}\n\n` : '';
      const head = legacy ? `provider:\n  name: aws\n  runtime: nodejs20.x\n  iamRoleStatements:\n` : `provider:\n  name: aws\n  runtime: python3.12\n  iam:\n    role:\n      statements:\n`;
      return { path: `services/${svc}-${i}/serverless.yml`, marked: `service: ${svc}\nframeworkVersion: "3"\n${custom}${head}${p}${a}\n${p}${b}\n\nfunctions:\n  handler:\n    handler: src/handler.main\n` };
    }
  }
}

// ── Trust policies ─────────────────────────────────────────────────────────

export interface TrustKind {
  kind: string;
  positive: boolean;
  gen(r: Rng): { [k: string]: Val };
}

const GITHUB = 'token.actions.githubusercontent.com';
const oidcArn = (r: Rng, host: string): string => `arn:aws:iam::${account(r)}:oidc-provider/${host}`;

export const trustKinds: TrustKind[] = [
  { kind: 'principal-star', positive: true, gen: () => ({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }) },
  { kind: 'principal-aws-star', positive: true, gen: (r) => ({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', ...(r.chance(0.5) ? { Condition: { Bool: { 'aws:SecureTransport': 'true' } } } : {}) }) },
  { kind: 'github-oidc-aud-only', positive: true, gen: (r) => ({ Effect: 'Allow', Principal: { Federated: oidcArn(r, GITHUB) }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' } } }) },
  { kind: 'oidc-no-condition', positive: true, gen: (r) => ({ Effect: 'Allow', Principal: { Federated: oidcArn(r, r.pick([GITHUB, 'gitlab.com', 'app.terraform.io'])) }, Action: 'sts:AssumeRoleWithWebIdentity' }) },
  { kind: 'service-principal', positive: false, gen: (r) => ({ Effect: 'Allow', Principal: { Service: r.pick(['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com']) }, Action: 'sts:AssumeRole' }) },
  { kind: 'named-account', positive: false, gen: (r) => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account(r)}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': r.hex(16) } } }) },
  { kind: 'star-with-org-condition', positive: false, gen: (r) => ({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { [r.pick(['aws:PrincipalOrgID', 'aws:PrincipalAccount'])]: r.chance(0.5) ? `o-${r.str('abcdefghijklmnopqrstuvwxyz0123456789', 10)}` : account(r) } } }) },
  { kind: 'github-oidc-with-sub', positive: false, gen: (r) => ({ Effect: 'Allow', Principal: { Federated: oidcArn(r, GITHUB) }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB}:sub`]: `repo:acme/${r.pick(SERVICES)}:ref:refs/heads/main` } } }) },
  { kind: 'deny-star', positive: false, gen: () => ({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }) },
  { kind: 'cognito', positive: false, gen: (r) => ({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': `eu-west-1:${r.uuid()}` } } }) },
];

export const TRUST_SYNTAXES = ['trust-json', 'tf-jsonencode', 'tf-heredoc', 'tf-policy-document', 'cfn-yaml', 'cfn-json'] as const;
export type TrustSyntax = (typeof TRUST_SYNTAXES)[number];

/** A role (with an owner tag) whose trust policy is the labelled statement. */
export function trustCase(r: Rng, i: number, syntax: TrustSyntax, tk: TrustKind): Case {
  const kind = `privilege:trust-${syntax}:${tk.kind}`;
  const label = (t: string): string => (tk.positive ? pos(kind, t) : neg(kind, t));
  const stmt = tk.gen(r);
  const svc = name(r);
  const id = snake(svc);
  const t = team(r);
  switch (syntax) {
    case 'trust-json':
      return { path: `iam/${svc}-${i}/trust-policy.json`, marked: `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${label(toJson(stmt, 4))}\n  ]\n}\n` };
    case 'tf-jsonencode':
      return { path: `infra/${svc}-${i}/role.tf`, marked: `resource "aws_iam_role" "${id}" {\n  name = "${svc}"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      ${label(toHcl(stmt, 6))},\n    ]\n  })\n${tfTags(r)}}\n` };
    case 'tf-heredoc':
      return { path: `infra/${svc}-${i}/role.tf`, marked: `resource "aws_iam_role" "${id}" {\n  name               = "${svc}"\n  assume_role_policy = <<EOF\n{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${label(toJson(stmt, 4))}\n  ]\n}\nEOF\n${tfTags(r)}}\n` };
    case 'tf-policy-document':
      return { path: `infra/${svc}-${i}/role.tf`, marked: `data "aws_iam_policy_document" "${id}_trust" {\n  ${label(policyDocumentStatement({ ...stmt, Action: stmt.Action }, 2).trimStart())}\n}\n\nresource "aws_iam_role" "${id}" {\n  name               = "${svc}"\n  assume_role_policy = data.aws_iam_policy_document.${id}_trust.json\n${tfTags(r)}}\n` };
    case 'cfn-yaml':
      return { path: `cloudformation/${svc}-${i}-role.yaml`, marked: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ${pascal(svc)}Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: ${svc}\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          ${label(toYaml(stmt, 12, 'cfn').trimStart().replace(/^/, '- '))}\n      Tags:\n        - Key: owner\n          Value: ${t}\n` };
    case 'cfn-json':
      return { path: `cloudformation/${svc}-${i}-role.json`, marked: `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "${pascal(svc)}Role": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "AssumeRolePolicyDocument": {\n          "Version": "2012-10-17",\n          "Statement": [\n            ${label(toCfnJson(stmt, 12))}\n          ]\n        },\n        "Tags": [{ "Key": "team", "Value": "${t}" }]\n      }\n    }\n  }\n}\n` };
  }
}

// ── Admin managed policies ─────────────────────────────────────────────────

const ADMIN = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess'];

const lambdaTrust = `jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { Service = "lambda.amazonaws.com" }\n      Action    = "sts:AssumeRole"\n    }]\n  })`;
const githubTrust = (r: Rng): string => `jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { Federated = "${oidcArn(r, GITHUB)}" }\n      Action    = "sts:AssumeRoleWithWebIdentity"\n      Condition = {\n        StringEquals = { "${GITHUB}:aud" = "sts.amazonaws.com" }\n        StringLike   = { "${GITHUB}:sub" = "repo:acme/${r.pick(SERVICES)}:*" }\n      }\n    }]\n  })`;
const samlTrust = (r: Rng): string => `jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { Federated = "arn:aws:iam::${account(r)}:saml-provider/okta" }\n      Action    = "sts:AssumeRoleWithSAML"\n      Condition = { StringEquals = { "SAML:aud" = "https://signin.aws.amazon.com/saml" } }\n    }]\n  })`;

export function adminPolicyCases(r: Rng, i: number): Case[] {
  const out: Case[] = [];
  const svc = name(r);
  const id = snake(svc);
  const admin = r.pick(ADMIN);
  const role = (trust: string, roleName = svc): string => `resource "aws_iam_role" "${id}" {\n  name               = "${roleName}"\n  assume_role_policy = ${trust}\n${tfTags(r)}}\n\n`;
  const workload = r.chance(0.5);
  const trust = workload ? lambdaTrust : githubTrust(r);
  const roleName = workload ? svc : `github-${r.pick(['deploy', 'ci', 'terraform'])}-${r.pick(SERVICES)}`;
  // Attachment resource.
  out.push({
    path: `infra/${svc}-${i}/admin-attach.tf`,
    marked: role(trust, roleName) + pos('privilege:tf:admin-attachment', `resource "aws_iam_role_policy_attachment" "${id}_admin" {\n  role       = aws_iam_role.${id}.name\n  policy_arn = "arn:aws:iam::aws:policy/${admin}"\n}`) + '\n',
  });
  // managed_policy_arns on the role.
  out.push({
    path: `infra/${svc}-${i}/admin-inline.tf`,
    marked: `resource "aws_iam_role" "${id}" {\n  name               = "${roleName}"\n  assume_role_policy = ${trust}\n  ${pos('privilege:tf:admin-managed-policy-arns', `managed_policy_arns = ["arn:aws:iam::aws:policy/${admin}"]`)}\n${tfTags(r)}}\n`,
  });
  // CloudFormation ManagedPolicyArns, YAML and JSON.
  const arnYaml = r.pick([`arn:aws:iam::aws:policy/${admin}`, `!Sub arn:\${AWS::Partition}:iam::aws:policy/${admin}`]);
  const arnYamlText = arnYaml.startsWith('!') ? arnYaml : `"${arnYaml}"`;
  out.push({
    path: `cloudformation/${svc}-${i}-admin.yaml`,
    marked: `Resources:\n  ${pascal(svc)}Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ${pos('privilege:cfn-yaml:admin-managed-policy-arns', `ManagedPolicyArns:\n        - ${arnYamlText}`)}\n      Tags:\n        - Key: owner\n          Value: ${team(r)}\n`,
  });
  out.push({
    path: `cloudformation/${svc}-${i}-admin.json`,
    marked: `{\n  "Resources": {\n    "${pascal(svc)}Role": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "AssumeRolePolicyDocument": {\n          "Version": "2012-10-17",\n          "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ecs-tasks.amazonaws.com" }, "Action": "sts:AssumeRole" }]\n        },\n        ${pos('privilege:cfn-json:admin-managed-policy-arns', `"ManagedPolicyArns": ["arn:aws:iam::aws:policy/${admin}"]`)},\n        "Tags": [{ "Key": "owner", "Value": "${team(r)}" }]\n      }\n    }\n  }\n}\n`,
  });
  // Hard negatives.
  out.push({
    path: `infra/${svc}-${i}/readonly-attach.tf`,
    marked: role(lambdaTrust) + neg('privilege:tf:read-only-managed-policy', `resource "aws_iam_role_policy_attachment" "${id}_ro" {\n  role       = aws_iam_role.${id}.name\n  policy_arn = "arn:aws:iam::aws:policy/${r.pick(['ReadOnlyAccess', 'AWSLambdaBasicExecutionRole', 'CloudWatchReadOnlyAccess'])}"\n}`) + '\n',
  });
  out.push({
    path: `infra/${svc}-${i}/group-admin.tf`,
    marked: `resource "aws_iam_group" "admins" {\n  name = "platform-admins"\n}\n\n` + neg('privilege:tf:admin-to-group', `resource "aws_iam_group_policy_attachment" "admins" {\n  group      = aws_iam_group.admins.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}`) + '\n',
  });
  out.push({
    path: `infra/${svc}-${i}/sso-admin.tf`,
    marked: `resource "aws_iam_role" "breakglass" {\n  name               = "breakglass-admin"\n  assume_role_policy = ${samlTrust(r)}\n${tfTags(r)}}\n\n` + neg('privilege:tf:admin-to-saml-role', `resource "aws_iam_role_policy_attachment" "breakglass" {\n  role       = aws_iam_role.breakglass.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}`) + '\n',
  });
  out.push({
    path: `infra/${svc}-${i}/var-attach.tf`,
    marked: `variable "policy_arn" {\n  type = string\n}\n\n` + role(lambdaTrust) + neg('privilege:tf:unknown-policy-arn', `resource "aws_iam_role_policy_attachment" "${id}_extra" {\n  role       = aws_iam_role.${id}.name\n  policy_arn = var.policy_arn\n}`) + '\n',
  });
  return out;
}

// ── Ownership of roles and users ───────────────────────────────────────────

export function ownershipAwsCases(r: Rng, i: number): Case[] {
  const out: Case[] = [];
  const svc = name(r);
  const id = snake(svc);
  const t = team(r);
  const body = (res: string): string => (res === 'aws_iam_role' ? `  name               = "${svc}"\n  assume_role_policy = ${lambdaTrust}\n` : `  name = "${svc}-bot"\n  path = "/system/"\n`);
  const res = r.pick(['aws_iam_role', 'aws_iam_user']);
  const tf = (kind: string, positive: boolean, tags: string, pre = ''): Case => ({
    path: `infra/${svc}-${i}/${kind}.tf`,
    marked: pre + (positive ? pos : neg)(`ownership:tf:${kind}`, `resource "${res}" "${id}" {\n${body(res)}${tags}}`) + '\n',
  });
  out.push(tf('no-tags', true, ''));
  out.push(tf('tags-without-owner', true, `  tags = {\n    env     = "prod"\n    service = "${svc}"\n  }\n`));
  out.push(tf('placeholder-owner', true, `  tags = {\n    ${r.pick(['owner', 'team'])} = "${r.pick(['', 'TODO', 'TBD', 'changeme', '<team>'])}"\n  }\n`));
  out.push(tf('default-tags-without-owner', true, '', `provider "aws" {\n  region = "eu-west-1"\n  default_tags {\n    tags = {\n      env = "prod"\n    }\n  }\n}\n\n`));
  out.push({
    path: `infra/${svc}-${i}/identity.tf`,
    marked: pos('ownership:tf:azure-identity-no-owner', `resource "azurerm_user_assigned_identity" "${id}" {\n  name                = "${svc}"\n  resource_group_name = azurerm_resource_group.main.name\n  location            = "westeurope"\n${r.chance(0.5) ? `  tags = {\n    env = "prod"\n  }\n` : ''}}`) + '\n',
  });
  out.push(tf('owner-tag', false, tfTags(r)));
  out.push(tf('default-tags-owner', false, '', `provider "aws" {\n  region = "eu-west-1"\n  default_tags {\n    tags = {\n      ${r.pick(['owner', 'Team', 'team'])} = "${t}"\n    }\n  }\n}\n\n`));
  out.push(tf('unknown-tags', false, `  tags = ${r.pick(['var.tags', `merge(var.tags, { service = "${svc}" })`])}\n`, `variable "tags" {\n  type = map(string)\n}\n\n`));
  out.push(tf('merge-static-locals', false, `  tags = merge(local.common_tags, {\n    service = "${svc}"\n  })\n`, `locals {\n  common_tags = {\n    owner = "${t}"\n    env   = "prod"\n  }\n}\n\n`));
  out.push(tf('uppercase-owner-key', false, `  tags = {\n    OWNER = "${t}"\n  }\n`));
  out.push({
    path: `infra/${svc}-${i}/identity-owned.tf`,
    marked: neg('ownership:tf:azure-identity-owner', `resource "azurerm_user_assigned_identity" "${id}" {\n  name                = "${svc}"\n  resource_group_name = azurerm_resource_group.main.name\n  location            = "westeurope"\n  tags = {\n    team = "${t}"\n  }\n}`) + '\n',
  });
  // Policies and secrets are ownership resources too (issue 5: "identity- and secret-bearing resources").
  const other = r.pick(['aws_iam_policy', 'aws_secretsmanager_secret']);
  const otherBody = other === 'aws_iam_policy' ? `  name   = "${svc}"\n  policy = data.aws_iam_policy_document.${id}.json\n` : `  name       = "${svc}/db-password"\n  kms_key_id = aws_kms_key.${id}.arn\n`;
  out.push({ path: `infra/${svc}-${i}/${other}.tf`, marked: pos(`ownership:tf:${other}-no-owner`, `resource "${other}" "${id}" {\n${otherBody}}`) + '\n' });
  out.push({ path: `infra/${svc}-${i}/${other}-owned.tf`, marked: neg(`ownership:tf:${other}-owner`, `resource "${other}" "${id}" {\n${otherBody}${tfTags(r)}}`) + '\n' });
  out.push({ path: `cloudformation/${svc}-${i}-secret.yaml`, marked: `Resources:\n  ${pos('ownership:cfn-yaml:secret-no-owner', `${pascal(svc)}Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: ${svc}/api\n      GenerateSecretString:\n        PasswordLength: 32`)}\n` });
  out.push({ path: `cloudformation/${svc}-${i}-secret-owned.json`, marked: `{\n  "Resources": {\n    ${neg('ownership:cfn-json:secret-owner', `"${pascal(svc)}Secret": {\n      "Type": "AWS::SecretsManager::Secret",\n      "Properties": {\n        "Name": "${svc}/api",\n        "Tags": [{ "Key": "team", "Value": "${t}" }]\n      }\n    }`)}\n  }\n}\n` });
  out.push({ path: `cloudformation/${svc}-${i}-secret.json`, marked: `{\n  "Resources": {\n    ${pos('ownership:cfn-json:secret-no-owner', `"${pascal(svc)}Secret": {\n      "Type": "AWS::SecretsManager::Secret",\n      "Properties": { "Name": "${svc}/api" }\n    }`)}\n  }\n}\n` });
  // CloudFormation roles and users.
  const cfnType = r.pick(['AWS::IAM::Role', 'AWS::IAM::User']);
  const cfnProps = cfnType === 'AWS::IAM::Role' ? `      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n` : `      UserName: ${svc}-bot\n`;
  out.push({ path: `cloudformation/${svc}-${i}-identity.yaml`, marked: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ${pos('ownership:cfn-yaml:no-owner', `${pascal(svc)}:\n    Type: ${cfnType}\n    Properties:\n${cfnProps}      Tags:\n        - Key: env\n          Value: prod`)}\n` });
  out.push({ path: `cloudformation/${svc}-${i}-identity-owned.yaml`, marked: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ${neg('ownership:cfn-yaml:owner-tag', `${pascal(svc)}:\n    Type: ${cfnType}\n    Properties:\n${cfnProps}      Tags:\n        - Key: ${r.pick(['owner', 'team', 'Team'])}\n          Value: ${t}`)}\n` });
  const jsonProps = cfnType === 'AWS::IAM::Role' ? `"AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }] }` : `"UserName": "${svc}-bot"`;
  out.push({ path: `cloudformation/${svc}-${i}-identity.json`, marked: `{\n  "Resources": {\n    ${pos('ownership:cfn-json:no-owner', `"${pascal(svc)}": {\n      "Type": "${cfnType}",\n      "Properties": {\n        ${jsonProps}\n      }\n    }`)}\n  }\n}\n` });
  out.push({ path: `cloudformation/${svc}-${i}-identity-owned.json`, marked: `{\n  "Resources": {\n    ${neg('ownership:cfn-json:owner-tag', `"${pascal(svc)}": {\n      "Type": "${cfnType}",\n      "Properties": {\n        ${jsonProps},\n        "Tags": [{ "Key": "owner", "Value": "${t}" }]\n      }\n    }`)}\n  }\n}\n` });
  return out;
}

// ── Long-lived IAM access keys ─────────────────────────────────────────────

export function accessKeyCases(r: Rng, i: number): Case[] {
  const out: Case[] = [];
  const svc = name(r);
  const id = snake(svc);
  const user = `resource "aws_iam_user" "${id}" {\n  name = "${svc}-bot"\n${tfTags(r)}}\n\n`;
  out.push({ path: `infra/${svc}-${i}/key.tf`, marked: user + pos('credential:tf:aws-iam-access-key', `resource "aws_iam_access_key" "${id}" {\n  user = ${r.chance(0.7) ? `aws_iam_user.${id}.name` : `"${svc}-bot"`}\n${r.chance(0.3) ? '  pgp_key = "keybase:acme_ops"\n' : ''}}`) + '\n' });
  out.push({ path: `infra/${svc}-${i}/key-inactive.tf`, marked: user + neg('credential:tf:inactive-access-key', `resource "aws_iam_access_key" "${id}" {\n  user   = aws_iam_user.${id}.name\n  status = "Inactive"\n}`) + '\n' });
  out.push({ path: `infra/${svc}-${i}/key-ref.tf`, marked: user + neg('credential:tf:access-key-reference', `# Rotated: the old aws_iam_access_key was removed in PR #${r.int(100, 999)}.\noutput "key_id" {\n  value = data.terraform_remote_state.iam.outputs.aws_iam_access_key_id\n}`) + '\n' });
  const cfnUser = `  ${pascal(svc)}User:\n    Type: AWS::IAM::User\n    Properties:\n      Tags:\n        - Key: owner\n          Value: ${team(r)}\n`;
  out.push({ path: `cloudformation/${svc}-${i}-key.yaml`, marked: `Resources:\n${cfnUser}  ${pos('credential:cfn-yaml:aws-iam-access-key', `${pascal(svc)}Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref ${pascal(svc)}User`)}\n` });
  out.push({ path: `cloudformation/${svc}-${i}-key-inactive.yaml`, marked: `Resources:\n${cfnUser}  ${neg('credential:cfn-yaml:inactive-access-key', `${pascal(svc)}Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      Status: Inactive\n      UserName: !Ref ${pascal(svc)}User`)}\n` });
  out.push({ path: `cloudformation/${svc}-${i}-key.json`, marked: `{\n  "Resources": {\n    "${pascal(svc)}User": { "Type": "AWS::IAM::User", "Properties": { "Tags": [{ "Key": "team", "Value": "${team(r)}" }] } },\n    ${pos('credential:cfn-json:aws-iam-access-key', `"${pascal(svc)}Key": {\n      "Type": "AWS::IAM::AccessKey",\n      "Properties": { "UserName": { "Ref": "${pascal(svc)}User" } }\n    }`)}\n  }\n}\n` });
  return out;
}
