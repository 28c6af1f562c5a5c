/**
 * Least privilege from the code (issue 6, kind `narrow-privilege`): the AWS SDK calls of
 * Python / JS / TS / Go code mapped to IAM actions (sdk-actions/extract.ts, table.ts), the
 * code found for a role's statement in Serverless, SAM and Terraform workspaces
 * (sdk-actions/workload.ts), and the fix that replaces a wildcard or NotAction with the
 * actions. Every fix is applied: the result parses, the finding is gone, no new finding
 * appears, and applying what is left changes nothing. Hard negatives: a service chosen at
 * run time, handler code that is missing, a role also used by an EC2 instance profile.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { sdkNeedsOf } from '../server/src/engine/fixes/narrow-privilege/sdk-actions';
import { actionsFor } from '../server/src/engine/fixes/narrow-privilege/sdk-actions/table';
import { applyEdits } from '../server/src/engine/fixes/validate';
import type { AnalysisResult, Finding, Fix } from '../server/src/engine/model';
import { diskProjectFiles } from '../server/src/engine/project/files';

beforeAll(async () => {
  await initEngine();
});

const FIXTURES = path.join(__dirname, 'fixtures', 'least-privilege');
const WILDCARD = 'privilege/iam-wildcard-action';
const NOT_ACTION = 'privilege/iam-not-action';

function workspace(name: string) {
  const root = path.join(FIXTURES, name);
  const rootUri = pathToFileURL(root).href;
  const project = diskProjectFiles(() => [root]);
  const analyze = (rel: string, text?: string): AnalysisResult => {
    const file = path.join(root, rel);
    const body = text ?? fs.readFileSync(file, 'utf8');
    return analyzeText({ uri: pathToFileURL(file).href, path: rel, text: body }, { config: defaultConfig(), workspaceRoot: rootUri, project, validateFixes: true });
  };
  return { root, rootUri, analyze, read: (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8') };
}

const codeFix = (f: Finding): Fix | undefined => f.fixes.find((x) => x.kind === 'narrow-privilege');

/** Applies the fix and checks the standing guarantees; returns the fixed text. */
function applyAndCheck(ws: ReturnType<typeof workspace>, rel: string, finding: Finding, fix: Fix): string {
  const text = ws.read(rel);
  expect(fix.edits.every((e) => e.uri === pathToFileURL(path.join(ws.root, rel)).href), 'edits only this file').toBe(true);
  const before = ws.analyze(rel, text);
  const fixed = applyEdits(text, fix.edits);
  const after = ws.analyze(rel, fixed);
  expect(after.notes.filter((n) => n.kind === 'parse-error'), 'the fixed file parses').toEqual([]);
  expect(after.findings.some((f) => f.ruleId === finding.ruleId && f.message === finding.message), 'the finding is gone').toBe(false);
  const key = (f: Finding): string => `${f.ruleId}|${f.message}`;
  const old = new Set(before.findings.map(key));
  expect(after.findings.filter((f) => !old.has(key(f))).map(key), 'no new finding').toEqual([]);
  // Idempotent: what is left offers nothing that changes the text again in the same place.
  const again = after.findings.filter((f) => f.ruleId === finding.ruleId).flatMap((f) => f.fixes.filter((x) => x.kind === 'narrow-privilege'));
  for (const x of again) expect(x.title).not.toBe(fix.title);
  return fixed;
}

describe('SDK calls → IAM actions', () => {
  it('maps operations, with S3 exceptions, and refuses what it does not know', () => {
    expect(actionsFor('s3', 'ListObjectsV2')).toEqual(['s3:ListBucket']);
    expect(actionsFor('s3', 'HeadObject')).toEqual(['s3:GetObject']);
    expect(actionsFor('s3', 'CopyObject')).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(actionsFor('s3', 'PutBucketPolicy')).toBeUndefined();
    expect(actionsFor('lambda', 'Invoke')).toEqual(['lambda:InvokeFunction']);
    expect(actionsFor('dynamodb', 'ExecuteStatement')).toBeUndefined();
    expect(actionsFor('sts', 'GetCallerIdentity')).toEqual([]);
    expect(actionsFor('appsync', 'ListApis')).toBeUndefined();
  });

  it('boto3: clients, resources, paginators, presigned URLs, transfer helpers', () => {
    const needs = sdkNeedsOf(
      'handler.py',
      `import boto3
s3 = boto3.client("s3")
table = boto3.resource("dynamodb").Table("orders")
lam = boto3.Session().client(service_name="lambda")
def handler(event, context):
    s3.head_object(Bucket="b", Key="k")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket="b"):
        pass
    s3.generate_presigned_url("put_object", Params={"Bucket": "b", "Key": "k"})
    s3.download_file("b", "k", "/tmp/k")
    table.query(KeyConditionExpression="pk = :p")
    lam.invoke(FunctionName="f")
    try:
        pass
    except s3.exceptions.NoSuchKey:
        pass
`,
    );
    expect(needs.unknown).toEqual([]);
    expect([...needs.actions].sort()).toEqual(['dynamodb:Query', 'lambda:InvokeFunction', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
  });

  it('boto3 hard negatives: dynamic service, unmapped operation, client handed away, waiters, AWS-calling libraries', () => {
    const cases: [string, RegExp][] = [
      ['import boto3, os\nc = boto3.client(os.environ["S"])\n', /not named/],
      ['import boto3\ns3 = boto3.client("s3")\ns3.put_bucket_policy(Bucket="b", Policy="{}")\n', /put_bucket_policy/],
      ['import boto3\ns3 = boto3.client("s3")\nhelper(s3)\n', /handed to other code/],
      ['import boto3\ns3 = boto3.client("s3")\ns3.get_waiter("object_exists")\n', /get_waiter/],
      ['import boto3\nfrom aws_lambda_powertools.utilities import parameters\n', /calls AWS on its own/],
      ['import boto3\nc = boto3.client("appsync")\n', /not named or not mapped/],
    ];
    for (const [code, reason] of cases) {
      const needs = sdkNeedsOf('x.py', code);
      expect(needs.unknown.join('\n'), code).toMatch(reason);
    }
  });

  it('JS / TS SDK v3 commands, lib-dynamodb, lib-storage; SDK v2 clients', () => {
    const v3 = sdkNeedsOf(
      'index.ts',
      `import { S3Client, GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as sqs from '@aws-sdk/client-sqs';
import { Upload } from '@aws-sdk/lib-storage';
export const handler = async () => {
  await new S3Client({}).send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));
  await new sqs.SQSClient({}).send(new sqs.DeleteMessageCommand({ QueueUrl: 'q', ReceiptHandle: 'r' }));
};`,
    );
    expect(v3.unknown).toEqual([]);
    expect([...v3.actions].sort()).toEqual(['dynamodb:UpdateItem', 's3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject', 'sqs:DeleteMessage']);
    const v2 = sdkNeedsOf('index.js', `const AWS = require('aws-sdk');\nconst ddb = new AWS.DynamoDB.DocumentClient();\nconst sm = new AWS.SecretsManager();\nexports.handler = async () => { await ddb.query({}).promise(); await sm.getSecretValue({ SecretId: 'x' }).promise(); };\n`);
    expect(v2.unknown).toEqual([]);
    expect([...v2.actions].sort()).toEqual(['dynamodb:Query', 'secretsmanager:GetSecretValue']);
    expect(sdkNeedsOf('a.ts', `import { S3 } from '@aws-sdk/client-s3';\nconst s3 = new S3({});\n`).unknown.join()).toMatch(/aggregated/);
    expect(sdkNeedsOf('a.js', `const AWS = require('aws-sdk');\nconst s3 = new AWS.S3();\nmodule.exports = { s3 };\n`).unknown.join()).toMatch(/handed to other code/);
  });

  it('Go SDK v2: input types, paginators; nil inputs are unknown', () => {
    const go = sdkNeedsOf(
      'main.go',
      `package main
import (
  "context"
  "github.com/aws/aws-sdk-go-v2/service/kinesis"
  ddb "github.com/aws/aws-sdk-go-v2/service/dynamodb"
)
func run(ctx context.Context, k *kinesis.Client, d *ddb.Client) {
  k.PutRecord(ctx, &kinesis.PutRecordInput{})
  ddb.NewScanPaginator(d, &ddb.ScanInput{})
}
`,
    );
    expect(go.unknown).toEqual([]);
    expect([...go.actions].sort()).toEqual(['dynamodb:Scan', 'kinesis:PutRecord']);
    expect(sdkNeedsOf('m.go', `package main\nimport "github.com/aws/aws-sdk-go-v2/service/s3"\nfunc f(c *s3.Client) { c.ListBuckets(ctx, nil) }\n`).unknown.join()).toMatch(/nil input/);
  });
});

describe('Serverless Framework: provider role statements → what the functions call', () => {
  const ws = workspace('serverless-orders');

  it('"*" becomes the actions of both functions (local modules followed)', () => {
    const result = ws.analyze('serverless.yml');
    const [star] = result.findings.filter((f) => f.ruleId === WILDCARD && f.message.includes('("*")'));
    expect(star).toBeDefined();
    const fix = codeFix(star)!;
    expect(fix, 'a fix for "*"').toBeDefined();
    expect(fix.preferred).toBe(false);
    expect(fix.title).toBe('Allow only the 5 actions the code of functions createOrder, exportOrders calls: dynamodb:GetItem, dynamodb:PutItem, dynamodb:Scan, s3:PutObject, sqs:SendMessage');
    const fixed = applyAndCheck(ws, 'serverless.yml', star, fix);
    expect(fixed).toContain('          Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan", "s3:PutObject", "sqs:SendMessage"]\n          Resource: "*"');
  });

  it('"dynamodb:*" becomes only the DynamoDB actions, in the block sequence layout', () => {
    const result = ws.analyze('serverless.yml');
    const service = result.findings.find((f) => f.ruleId === WILDCARD && f.message.includes('dynamodb:*'))!;
    const fix = codeFix(service)!;
    expect(fix.title).toMatch(/: dynamodb:GetItem, dynamodb:PutItem, dynamodb:Scan$/);
    const fixed = applyAndCheck(ws, 'serverless.yml', service, fix);
    expect(fixed).toContain('          Action:\n            - "dynamodb:GetItem"\n            - "dynamodb:PutItem"\n            - "dynamodb:Scan"\n          Resource: "*"');
  });

  it('no fix when a function chooses its service at run time, or its handler file is missing', () => {
    const other = workspace('serverless-dynamic');
    const findings = other.analyze('serverless.yml').findings.filter((f) => f.ruleId === WILDCARD);
    expect(findings).toHaveLength(1);
    expect(findings[0].fixes).toEqual([]);
  });
});

describe('AWS SAM: function policies and explicit roles', () => {
  const ws = workspace('sam-media');

  it('"s3:*" in a function\'s Policies → the S3 actions of its Node code', () => {
    const finding = ws.analyze('template.yaml').findings.find((f) => f.ruleId === WILDCARD)!;
    const fix = codeFix(finding)!;
    expect(fix.title).toBe('Allow only the 2 actions the code of function ThumbnailFunction calls: s3:GetObject, s3:PutObject');
    const fixed = applyAndCheck(ws, 'template.yaml', finding, fix);
    expect(fixed).toContain('              Action: ["s3:GetObject", "s3:PutObject"]');
  });

  it('NotAction on an explicit role → Action with the Go code\'s calls plus Lambda logging', () => {
    const finding = ws.analyze('template.yaml').findings.find((f) => f.ruleId === NOT_ACTION)!;
    const fix = codeFix(finding)!;
    expect(fix.title).toMatch(/ReporterFunction calls: dynamodb:Query, logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents, sns:Publish$/);
    const fixed = applyAndCheck(ws, 'template.yaml', finding, fix);
    expect(fixed).toContain('                Action: ["dynamodb:Query", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "sns:Publish"]\n                Resource: "*"');
    expect(fixed).not.toContain('NotAction');
  });
});

describe('Terraform: role policies of Lambda roles packaged by archive_file', () => {
  it('jsonencode ["*"] → the Python code\'s actions plus logging', () => {
    const ws = workspace('terraform-worker');
    const finding = ws.analyze('infra/main.tf').findings.find((f) => f.ruleId === WILDCARD)!;
    const fix = codeFix(finding)!;
    expect(fix.title).toBe(
      'Allow only the 7 actions the code of aws_lambda_function.worker calls: logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents, s3:GetObject, s3:ListBucket, secretsmanager:GetSecretValue, sns:Publish',
    );
    const fixed = applyAndCheck(ws, 'infra/main.tf', finding, fix);
    expect(fixed).toContain('        Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "s3:GetObject", "s3:ListBucket", "secretsmanager:GetSecretValue", "sns:Publish"]\n');
  });

  it('no fix when the role also serves an EC2 instance profile', () => {
    const ws = workspace('terraform-shared-role');
    const finding = ws.analyze('infra/main.tf').findings.find((f) => f.ruleId === WILDCARD)!;
    expect(finding).toBeDefined();
    expect(finding.fixes).toEqual([]);
  });
});

/** Single-file cases: the edits of issue 6's step 4 (syntaxes the restricting fixes did not reach). */
function single(p: string, text: string): AnalysisResult {
  return analyzeText({ uri: `file:///ws/${p}`, path: p, text }, { config: defaultConfig(), workspaceRoot: 'file:///ws', validateFixes: true, readFile: () => undefined });
}

function checkSingle(p: string, text: string, finding: Finding, fix: Fix): string {
  const fixed = applyEdits(text, fix.edits);
  const after = single(p, fixed);
  expect(after.notes.filter((n) => n.kind === 'parse-error')).toEqual([]);
  expect(after.findings.some((f) => f.ruleId === finding.ruleId && f.message === finding.message), 'the finding is gone').toBe(false);
  const old = new Set(single(p, text).findings.map((f) => `${f.ruleId}|${f.message}`));
  expect(after.findings.filter((f) => !old.has(`${f.ruleId}|${f.message}`)).map((f) => f.ruleId), 'no new finding').toEqual([]);
  for (const f of after.findings) for (const x of f.fixes) expect(x.title).not.toBe(fix.title);
  return fixed;
}

describe('Kubernetes RBAC escalation: subresources and single-purpose rules', () => {
  const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: support-tools
  namespace: ops
rules:
- apiGroups: [""]
  resources: ["pods", "pods/exec"]
  verbs: ["get", "create"]
- apiGroups: [""]
  resources: ["users", "serviceaccounts"]
  verbs: ["impersonate"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: token-minter
rules:
- apiGroups: [""]
  resources: ["serviceaccounts/token"]
  verbs: ["create"]
`;
  const findings = single('k8s/rbac.yaml', RBAC).findings.filter((f) => f.ruleId === 'privilege/k8s-rbac-escalation');

  it('pods/exec next to other resources: the subresource leaves the rule', () => {
    const exec = findings.find((f) => f.message.includes('pods/exec'))!;
    const fix = exec.fixes[0];
    expect(fix.preferred).toBe(false);
    const fixed = checkSingle('k8s/rbac.yaml', RBAC, exec, fix);
    expect(fixed).toContain('  resources: ["pods"]\n  verbs: ["get", "create"]');
  });

  it('a rule that only impersonates: the rule leaves, the role keeps its others', () => {
    const impersonate = findings.find((f) => f.message.includes('impersonate'))!;
    const fixed = checkSingle('k8s/rbac.yaml', RBAC, impersonate, impersonate.fixes[0]);
    expect(fixed).not.toContain('impersonate');
    expect(fixed).toContain('- apiGroups: [""]\n  resources: ["configmaps"]\n  verbs: ["get", "list"]\n---');
  });

  it('no fix when the escalation is the role\'s only rule (deleting the role is a decision)', () => {
    const token = findings.find((f) => f.message.includes('serviceaccounts/token'))!;
    expect(token.fixes).toEqual([]);
  });
});

describe('AWS CDK: iam:PassRole split into its own statement with iam:PassedToService', () => {
  it('TypeScript, statement passed to addToPolicy', () => {
    const text = `import * as iam from 'aws-cdk-lib/aws-iam';
import { Stack } from 'aws-cdk-lib';
export class LauncherStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const role = new iam.Role(this, 'Launcher', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['ec2:RunInstances', 'iam:PassRole'],
      resources: ['*'],
    }));
  }
}
`;
    const finding = single('lib/launcher.ts', text).findings.find((f) => f.ruleId === 'privilege/iam-pass-role-wildcard')!;
    const fix = finding.fixes[0];
    const fixed = checkSingle('lib/launcher.ts', text, finding, fix);
    expect(fixed).toContain(`      actions: ['ec2:RunInstances'],
      resources: ['*'],
    }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'], conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }));
  }`);
  });

  it('Python, imperative statement attached once', () => {
    const text = `from aws_cdk import Stack
from aws_cdk import aws_iam as iam


class JobsStack(Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        role = iam.Role(self, "Jobs", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
        stmt = iam.PolicyStatement()
        stmt.add_actions("glue:CreateJob", "iam:PassRole")
        stmt.add_all_resources()
        role.add_to_policy(stmt)
`;
    const finding = single('jobs/stack.py', text).findings.find((f) => f.ruleId === 'privilege/iam-pass-role-wildcard')!;
    const fixed = checkSingle('jobs/stack.py', text, finding, finding.fixes[0]);
    expect(fixed).toContain(`        stmt.add_actions("glue:CreateJob")
        stmt.add_all_resources()
        role.add_to_policy(stmt)
        role.add_to_policy(iam.PolicyStatement(actions=["iam:PassRole"], resources=["*"], conditions={"StringEquals": {"iam:PassedToService": "glue.amazonaws.com"}}))
`);
  });

  it('no fix when the statement sits inside a policy document (no single attach call to mirror)', () => {
    const text = `import * as iam from 'aws-cdk-lib/aws-iam';
export function policy(scope: any) {
  return new iam.Policy(scope, 'Launch', {
    statements: [new iam.PolicyStatement({ actions: ['ec2:RunInstances', 'iam:PassRole'], resources: ['*'] })],
  });
}
`;
    const finding = single('lib/policy.ts', text).findings.find((f) => f.ruleId === 'privilege/iam-pass-role-wildcard')!;
    expect(finding).toBeDefined();
    expect(finding.fixes).toEqual([]);
  });
});

describe('AWS CDK: addToRolePolicy of a function whose asset is in the app', () => {
  const ws = workspace('cdk-orders');
  const STACK = 'lib/orders-stack.ts';

  it('"dynamodb:*" of a Python function (Code.fromAsset relative to cdk.json)', () => {
    const finding = ws.analyze(STACK).findings.find((f) => f.ruleId === WILDCARD && f.message.includes('dynamodb:*'))!;
    const fix = codeFix(finding)!;
    expect(fix.title).toBe('Allow only the 2 actions the code of function OrdersApi calls: dynamodb:GetItem, dynamodb:PutItem');
    const fixed = applyAndCheck(ws, STACK, finding, fix);
    expect(fixed).toContain("      actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],\n");
  });

  it('"*" of a NodejsFunction (entry via path.join(__dirname, …), local import followed)', () => {
    const finding = ws.analyze(STACK).findings.find((f) => f.ruleId === WILDCARD && f.message.includes('("*")'))!;
    const fix = codeFix(finding)!;
    expect(fix.title).toBe('Allow only the 2 actions the code of function Notify calls: sns:Publish, ssm:GetParameter');
    applyAndCheck(ws, STACK, finding, fix);
  });

  it('no fix for a function that runs with a role from elsewhere', () => {
    const finding = ws.analyze(STACK).findings.find((f) => f.ruleId === WILDCARD && f.message.includes('sqs:*'))!;
    expect(finding).toBeDefined();
    expect(finding.fixes).toEqual([]);
  });
});

describe('privilege/admin-managed-policy: AdministratorAccess → an inline policy with what the code calls', () => {
  const ADMIN = 'privilege/admin-managed-policy';

  it('SAM: the function\'s Policies item becomes a Statement', () => {
    const ws = workspace('sam-admin');
    const finding = ws.analyze('template.yaml').findings.find((f) => f.ruleId === ADMIN)!;
    const fix = codeFix(finding)!;
    expect(fix.title).toBe('Replace AdministratorAccess with an inline policy of the 2 actions the code of function QueueDrainer calls: sqs:DeleteMessageBatch, sqs:ReceiveMessage');
    const fixed = applyAndCheck(ws, 'template.yaml', finding, fix);
    expect(fixed).toContain('      Policies:\n        - Statement: [{ Effect: Allow, Action: ["sqs:DeleteMessageBatch", "sqs:ReceiveMessage"], Resource: "*" }]\n');
  });

  it('Terraform: the attachment becomes an aws_iam_role_policy of the same role (logging included)', () => {
    const ws = workspace('terraform-admin');
    const finding = ws.analyze('infra/cleanup.tf').findings.find((f) => f.ruleId === ADMIN)!;
    const fix = codeFix(finding)!;
    expect(fix.title).toMatch(/aws_lambda_function\.cleanup calls: dynamodb:DeleteItem, dynamodb:Scan, logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents$/);
    const fixed = applyAndCheck(ws, 'infra/cleanup.tf', finding, fix);
    expect(fixed).toContain(`resource "aws_iam_role_policy" "cleanup_admin" {
  name = "cleanup_admin"
  role = aws_iam_role.cleanup.name
  policy = jsonencode({`);
    expect(fixed).not.toContain('AdministratorAccess');
  });
});

describe('what hides calls makes the file unknown', () => {
  it('from boto3 import client; re-exports of local modules are followed', () => {
    expect(sdkNeedsOf('a.py', 'from boto3 import client\ns3 = client("s3")\n').unknown.join()).toMatch(/not followed/);
    expect(sdkNeedsOf('a.py', 'from boto3 import Session\ns3 = Session().client("s3")\ns3.get_object(Bucket="b", Key="k")\n').unknown).toEqual([]);
    const reexport = sdkNeedsOf('index.ts', "export { handler } from './impl';\n");
    expect(reexport.unknown).toEqual([]);
    expect(reexport.localImports).toEqual(['./impl']);
  });
});
