/**
 * AWS CDK (TypeScript, Python), SAM and ARM JSON cases: CDK `PolicyStatement`s
 * added to a role (as construction props or built imperatively), `grant*` calls, AWS managed policies on CDK roles and
 * groups, SAM function `Policies` (inline statements, policy templates,
 * managed policy names) and ARM `Microsoft.Authorization/roleAssignments`.
 * Written from the issue text and docs/rules/privilege, not from the rules' code.
 */
import type { Rng } from '../secrets/rng';
import { neg, pos } from './label';
import { isUnknown, toYaml, type Val } from './render';
import { name, pascal, snake, team, type Case, type StatementKind } from './aws';

// ── AWS CDK ────────────────────────────────────────────────────────────────

type Lang = 'ts' | 'py';

const camelToSnake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A statement value as a CDK argument: literals as string arrays, unknowns as a constructor parameter. */
function cdkList(v: Val, lang: Lang, q: string): string {
  if (isUnknown(v)) return lang === 'ts' ? `props.${v.unknown.sls.slice(14, -1)}` : camelToSnake(v.unknown.sls.slice(14, -1));
  const items = Array.isArray(v) ? v : [v];
  return `[${items.map((x) => `${q}${String(x)}${q}`).join(', ')}]`;
}

const CDK_KEYS: [string, string, string][] = [
  ['Action', 'actions', 'actions'],
  ['NotAction', 'notActions', 'not_actions'],
  ['Resource', 'resources', 'resources'],
  ['NotResource', 'notResources', 'not_resources'],
];

/** `new iam.PolicyStatement({ ... })` / `iam.PolicyStatement(...)` for a JSON statement; Allow is the CDK default and is sometimes left out. */
function cdkStatement(r: Rng, s: { [k: string]: Val }, lang: Lang, indent: number): string {
  const p = ' '.repeat(indent + (lang === 'ts' ? 2 : 4));
  const q = lang === 'ts' ? "'" : '"';
  const props: string[] = [];
  if (s.Effect === 'Deny' || r.chance(0.5)) props.push(lang === 'ts' ? `effect: iam.Effect.${String(s.Effect).toUpperCase()}` : `effect=iam.Effect.${String(s.Effect).toUpperCase()}`);
  for (const [key, tsKey, pyKey] of CDK_KEYS) {
    if (s[key] === undefined) continue;
    props.push(lang === 'ts' ? `${tsKey}: ${cdkList(s[key], lang, q)}` : `${pyKey}=${cdkList(s[key], lang, q)}`);
  }
  if (s.Condition !== undefined) props.push(lang === 'ts' ? `conditions: ${JSON.stringify(s.Condition)}` : `conditions=${JSON.stringify(s.Condition)}`);
  const close = ' '.repeat(indent);
  if (lang === 'ts') return `new iam.PolicyStatement({\n${props.map((x) => `${p}${x},`).join('\n')}\n${close}})`;
  return `iam.PolicyStatement(\n${props.map((x) => `${p}${x},`).join('\n')}\n${close})`;
}

function tsStack(svc: string, body: string, withProps: boolean): string {
  const cls = `${pascal(svc)}Stack`;
  const propsDecl = withProps ? `export interface ${cls}Props extends StackProps {\n  readonly allowedActions: string[];\n  readonly passableRoleArn: string;\n}\n\n` : '';
  const propsType = withProps ? `${cls}Props` : 'StackProps';
  return `import { Stack, StackProps, Tags } from 'aws-cdk-lib';\nimport * as dynamodb from 'aws-cdk-lib/aws-dynamodb';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\nimport { Construct } from 'constructs';\n\n${propsDecl}export class ${cls} extends Stack {\n  constructor(scope: Construct, id: string, props${withProps ? '' : '?'}: ${propsType}) {\n    super(scope, id, props);\n\n${body}  }\n}\n`;
}

function pyStack(svc: string, body: string, withParams: boolean): string {
  const params = withParams ? ', allowed_actions: list[str], passable_role_arn: str' : '';
  return `from aws_cdk import Stack, Tags\nfrom aws_cdk import aws_dynamodb as dynamodb\nfrom aws_cdk import aws_iam as iam\nfrom aws_cdk import aws_s3 as s3\nfrom constructs import Construct\n\n\nclass ${pascal(svc)}Stack(Stack):\n    def __init__(self, scope: Construct, construct_id: str${params}, **kwargs) -> None:\n        super().__init__(scope, construct_id, **kwargs)\n\n${body}`;
}

const SERVICE_PRINCIPALS = ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'];

/** One labelled statement added to a service role, next to a harmless scoped one. */
export function cdkPolicyCase(r: Rng, i: number, lang: Lang, sk: StatementKind): Case {
  const svc = name(r);
  const kind = `privilege:cdk-${lang}:${sk.kind}`;
  const stmt = sk.gen(r);
  const bucket = `acme-${svc}-data`;
  const benign: { [k: string]: Val } = { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] };
  const sp = r.pick(SERVICE_PRINCIPALS);
  const labelled = (sk.positive ? pos : neg)(kind, cdkStatement(r, stmt, lang, lang === 'ts' ? 4 : 12));
  const other = cdkStatement(r, benign, lang, lang === 'ts' ? 4 : 12);
  const [a, b] = r.chance(0.5) ? [labelled, other] : [other, labelled];
  if (lang === 'ts') {
    const body = `    const role = new iam.Role(this, '${pascal(svc)}Role', {\n      assumedBy: new iam.ServicePrincipal('${sp}'),\n      description: '${svc} execution role',\n    });\n    Tags.of(role).add('owner', '${team(r)}');\n\n    role.addToPolicy(${a});\n    role.addToPolicy(${b});\n`;
    return { path: `cdk/${svc}-${i}/lib/${svc}-stack.ts`, marked: tsStack(svc, body, !!sk.unknownOnly) };
  }
  const body = `        role = iam.Role(\n            self,\n            "${pascal(svc)}Role",\n            assumed_by=iam.ServicePrincipal("${sp}"),\n        )\n        Tags.of(role).add("owner", "${team(r)}")\n\n        role.add_to_policy(\n            ${a}\n        )\n        role.add_to_policy(\n            ${b}\n        )\n`;
  return { path: `cdk/${svc}-${i}/${snake(svc)}/${snake(svc)}_stack.py`, marked: pyStack(svc, body, !!sk.unknownOnly) };
}

/**
 * The same statement built imperatively: `const s = new iam.PolicyStatement(); s.addActions(…);
 * s.addAllResources(); s.effect = iam.Effect.DENY;` / `stmt.add_actions(…)`. Sometimes the statement
 * also passes through a helper the file does not define (what is written still counts).
 */
function cdkImperativeStatement(r: Rng, s: { [k: string]: Val }, lang: Lang, v: string, indent: number): string {
  const p = ' '.repeat(indent);
  const ts = lang === 'ts';
  const q = ts ? "'" : '"';
  const end = ts ? ';' : '';
  const call = (method: string, args: string): string => `${p}${v}.${ts ? method : camelToSnake(method)}(${args})${end}`;
  const items = (x: Val): string => {
    if (isUnknown(x)) return ts ? `...props.${x.unknown.sls.slice(14, -1)}` : `*${camelToSnake(x.unknown.sls.slice(14, -1))}`;
    return (Array.isArray(x) ? x : [x]).map((i) => `${q}${String(i)}${q}`).join(', ');
  };
  const effect = `iam.Effect.${String(s.Effect).toUpperCase()}`;
  // Deny either in the constructor or through the effect setter; Allow sometimes written out.
  const effectStyle = s.Effect === 'Deny' ? r.pick(['props', 'setter']) : r.chance(0.3) ? 'props' : 'none';
  const ctorArgs = effectStyle === 'props' ? (ts ? `{ effect: ${effect} }` : `effect=${effect}`) : '';
  const lines = [`${p}${ts ? 'const ' : ''}${v} = ${ts ? 'new ' : ''}iam.PolicyStatement(${ctorArgs})${end}`];
  if (s.Action !== undefined) lines.push(call('addActions', items(s.Action)));
  if (s.NotAction !== undefined) lines.push(call('addNotActions', items(s.NotAction)));
  if (s.Resource !== undefined) {
    const all = s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.length === 1 && s.Resource[0] === '*');
    if (all && r.chance(0.6)) lines.push(call('addAllResources', ''));
    else if (isUnknown(s.Resource)) lines.push(call('addResources', ts ? `props.${s.Resource.unknown.sls.slice(14, -1)}` : camelToSnake(s.Resource.unknown.sls.slice(14, -1))));
    else lines.push(call('addResources', items(s.Resource)));
  }
  if (s.NotResource !== undefined) lines.push(call('addNotResources', items(s.NotResource)));
  if (s.Condition !== undefined) {
    const conditions = s.Condition as { [op: string]: Val };
    if (r.chance(0.5)) for (const [op, body] of Object.entries(conditions)) lines.push(call('addCondition', `${q}${op}${q}, ${JSON.stringify(body)}`));
    else lines.push(call('addConditions', JSON.stringify(conditions)));
  }
  if (effectStyle === 'setter') lines.push(`${p}${v}.effect = ${effect}${end}`);
  if (r.chance(0.25)) lines.push(`${p}${ts ? 'applyStandardSid' : 'apply_standard_sid'}(${v})${end}`);
  return lines.join('\n');
}

/** One labelled statement built imperatively and added to a service role, next to a scoped one built the same way. */
export function cdkImperativeCase(r: Rng, i: number, lang: Lang, sk: StatementKind): Case {
  const svc = name(r);
  const kind = `privilege:cdk-${lang}-imperative:${sk.kind}`;
  const bucket = `acme-${svc}-data`;
  const benign: { [k: string]: Val } = { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [`arn:aws:s3:::${bucket}/*`] };
  const ts = lang === 'ts';
  const indent = ts ? 4 : 8;
  const [v1, v2] = r.pick([['statement', 'readData'], ['stmt', 'data_access'], ['policy', 'bucketAccess']]).map((x) => (ts ? x.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : camelToSnake(x)));
  const labelled = (sk.positive ? pos : neg)(kind, cdkImperativeStatement(r, sk.gen(r), lang, v1, indent).trimStart());
  const other = cdkImperativeStatement(r, benign, lang, v2, indent).trimStart();
  const p = ' '.repeat(indent);
  const add = (v: string): string => (ts ? `${p}role.addToPolicy(${v});\n` : `${p}role.add_to_policy(${v})\n`);
  const sp = r.pick(SERVICE_PRINCIPALS);
  const block = `${p}${labelled}\n${add(v1)}\n${p}${other}\n${add(v2)}`;
  if (ts) {
    const body = `    const role = new iam.Role(this, '${pascal(svc)}Role', {\n      assumedBy: new iam.ServicePrincipal('${sp}'),\n    });\n    Tags.of(role).add('owner', '${team(r)}');\n\n${block}`;
    const text = tsStack(svc, body, !!sk.unknownOnly).replace("import { Construct } from 'constructs';\n", "import { Construct } from 'constructs';\nimport { applyStandardSid } from './policy-helpers';\n");
    return { path: `cdk/${svc}-${i}/lib/${svc}-imperative-stack.ts`, marked: text };
  }
  const body = `        role = iam.Role(\n            self,\n            "${pascal(svc)}Role",\n            assumed_by=iam.ServicePrincipal("${sp}"),\n        )\n        Tags.of(role).add("owner", "${team(r)}")\n\n${block}`;
  const text = pyStack(svc, body, !!sk.unknownOnly).replace('from constructs import Construct\n', 'from constructs import Construct\n\nfrom .policy_helpers import apply_standard_sid\n');
  return { path: `cdk/${svc}-${i}/${snake(svc)}/${snake(svc)}_imperative_stack.py`, marked: text };
}

/** `grant*` calls (scoped by construction), managed policies on a service role (positive) or a group (negative). */
export function cdkManagedCases(r: Rng, i: number, lang: Lang): Case[] {
  const svc = name(r);
  const out: Case[] = [];
  const ts = lang === 'ts';
  const file = (kind: string, body: string): Case => ({ path: ts ? `cdk/${svc}-${i}/lib/${kind}-stack.ts` : `cdk/${svc}-${i}/${snake(svc)}/${snake(kind)}_stack.py`, marked: ts ? tsStack(svc, body, false) : pyStack(svc, body, false) });
  const sp = r.pick(SERVICE_PRINCIPALS);
  const managed = (policy: string): string => (ts ? `iam.ManagedPolicy.fromAwsManagedPolicyName('${policy}')` : `iam.ManagedPolicy.from_aws_managed_policy_name("${policy}")`);
  const roleWith = (label: string): string =>
    ts
      ? `    const role = new iam.Role(this, '${pascal(svc)}Role', {\n      assumedBy: new iam.ServicePrincipal('${sp}'),\n      ${label},\n    });\n`
      : `        role = iam.Role(\n            self,\n            "${pascal(svc)}Role",\n            assumed_by=iam.ServicePrincipal("${sp}"),\n            ${label},\n        )\n`;
  const mp = (policy: string): string => (ts ? `managedPolicies: [${managed(policy)}]` : `managed_policies=[${managed(policy)}]`);
  out.push(file('admin-role', roleWith(pos(`privilege:cdk-${lang}:admin-managed-policy`, mp(r.pick(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess']))))));
  out.push(file('basic-execution-role', roleWith(neg(`privilege:cdk-${lang}:basic-managed-policy`, mp(r.pick(['service-role/AWSLambdaBasicExecutionRole', 'ReadOnlyAccess', 'CloudWatchAgentServerPolicy']))))));
  const group = neg(
    `privilege:cdk-${lang}:admin-to-group`,
    ts
      ? `new iam.Group(this, 'PlatformAdmins', {\n      groupName: 'platform-admins',\n      managedPolicies: [${managed('AdministratorAccess')}],\n    })`
      : `iam.Group(\n            self,\n            "PlatformAdmins",\n            group_name="platform-admins",\n            managed_policies=[${managed('AdministratorAccess')}],\n        )`,
  );
  out.push(file('admins-group', ts ? `    const admins = ${group};\n    Tags.of(admins).add('team', '${team(r)}');\n` : `        admins = ${group}\n        Tags.of(admins).add("team", "${team(r)}")\n`));
  // grant* helpers scope the generated statements to one construct: not wildcards.
  const grants = ts
    ? [`bucket.${r.pick(['grantRead', 'grantReadWrite', 'grantPut'])}(role)`, `table.${r.pick(['grantReadData', 'grantReadWriteData', 'grantWriteData'])}(role)`]
    : [`bucket.${r.pick(['grant_read', 'grant_read_write', 'grant_put'])}(role)`, `table.${r.pick(['grant_read_data', 'grant_read_write_data', 'grant_write_data'])}(role)`];
  const gbody = ts
    ? `    const role = new iam.Role(this, '${pascal(svc)}Role', {\n      assumedBy: new iam.ServicePrincipal('${sp}'),\n    });\n    const bucket = new s3.Bucket(this, 'Data', { enforceSSL: true });\n    const table = new dynamodb.Table(this, 'State', {\n      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },\n    });\n\n    ${neg(`privilege:cdk-${lang}:grant-bucket`, grants[0])};\n    ${neg(`privilege:cdk-${lang}:grant-table`, grants[1])};\n`
    : `        role = iam.Role(\n            self,\n            "${pascal(svc)}Role",\n            assumed_by=iam.ServicePrincipal("${sp}"),\n        )\n        bucket = s3.Bucket(self, "Data", enforce_ssl=True)\n        table = dynamodb.Table(\n            self,\n            "State",\n            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),\n        )\n\n        ${neg(`privilege:cdk-${lang}:grant-bucket`, grants[0])}\n        ${neg(`privilege:cdk-${lang}:grant-table`, grants[1])}\n`;
  out.push(file('grants', gbody));
  return out;
}

// ── SAM ────────────────────────────────────────────────────────────────────

function samTemplate(svc: string, policies: string, params = ''): string {
  return `AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\nDescription: ${svc}\n${params}\nGlobals:\n  Function:\n    Timeout: 30\n\nResources:\n  ${pascal(svc)}Function:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      Policies:\n${policies}      Tags:\n        owner: platform\n\n  DataBucket:\n    Type: AWS::S3::Bucket\n`;
}

/** One labelled inline statement in a SAM function's `Policies`, next to a policy template. */
export function samStatementCase(r: Rng, i: number, sk: StatementKind): Case {
  const svc = name(r);
  const kind = `privilege:sam:${sk.kind}`;
  const item = (sk.positive ? pos : neg)(kind, toYaml(sk.gen(r), 14, 'cfn').trimStart().replace(/^/, '- '));
  const template = `        - S3ReadPolicy:\n            BucketName: !Ref DataBucket\n`;
  const inline = `        - Statement:\n            ${item}\n`;
  const params = sk.unknownOnly ? `Parameters:\n  AllowedActions:\n    Type: CommaDelimitedList\n  PassableRoleArn:\n    Type: String\n` : '';
  return { path: `sam/${svc}-${i}/template.yaml`, marked: samTemplate(svc, r.chance(0.5) ? template + inline : inline + template, params) };
}

/** SAM policy templates and AWS managed policy names. */
export function samManagedCases(r: Rng, i: number): Case[] {
  const svc = name(r);
  const f = (kind: string, item: string): Case => ({ path: `sam/${svc}-${i}/${kind}.yaml`, marked: samTemplate(svc, `        - ${item}\n`) });
  return [
    f('admin', pos('privilege:sam:admin-managed-policy', r.pick(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess']))),
    f('admin-arn', pos('privilege:sam:admin-managed-policy-arn', `arn:aws:iam::aws:policy/${r.pick(['AdministratorAccess', 'IAMFullAccess'])}`)),
    f('basic-execution', neg('privilege:sam:basic-execution-role', r.pick(['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole', 'AWSXrayWriteOnlyAccess']))),
    f('policy-template', neg('privilege:sam:policy-template', r.pick([`S3ReadPolicy:\n            BucketName: !Ref DataBucket`, `DynamoDBCrudPolicy:\n            TableName: ${svc}-state`, `SQSSendMessagePolicy:\n            QueueName: ${svc}-events`, `SecretsManagerGetSecretValuePolicy:\n            SecretArn: !Ref ${pascal(svc)}Secret`]))),
  ];
}

// ── ARM JSON ───────────────────────────────────────────────────────────────

const SUBSCRIPTION_SCHEMA = 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#';
const RESOURCE_GROUP_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const ARM_ROLES: Record<string, string> = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
};

export function armCases(r: Rng, i: number): Case[] {
  const svc = name(r);
  const privileged = r.pick(['Owner', 'Contributor']);
  const template = (schema: string, assignment: string): string =>
    `{\n  "$schema": "${schema}",\n  "contentVersion": "1.0.0.0",\n  "parameters": {\n    "principalId": {\n      "type": "string",\n      "metadata": { "description": "Object id of the ${svc} identity" }\n    }\n  },\n  "resources": [\n    ${assignment}\n  ]\n}\n`;
  const assignment = (role: string, principalType: string, roleIdForm = r.int(0, 2)): string => {
    const guid = ARM_ROLES[role];
    const roleId = [`[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${guid}')]`, `/providers/Microsoft.Authorization/roleDefinitions/${guid}`, `[concat(subscription().id, '/providers/Microsoft.Authorization/roleDefinitions/${guid}')]`][roleIdForm];
    return `{\n      "type": "Microsoft.Authorization/roleAssignments",\n      "apiVersion": "2022-04-01",\n      "name": "[guid(subscription().id, parameters('principalId'), '${guid}')]",\n      "properties": {\n        "roleDefinitionId": "${roleId}",\n        "principalId": "[parameters('principalId')]",\n        "principalType": "${principalType}"\n      }\n    }`;
  };
  const f = (kind: string, positive: boolean, schema: string, text: string): Case => ({ path: `arm/${svc}-${i}/${kind}.json`, marked: template(schema, (positive ? pos : neg)(`privilege:arm:${kind}`, text)) });
  return [
    f('privileged-role-subscription', true, SUBSCRIPTION_SCHEMA, assignment(privileged, 'ServicePrincipal')),
    f('owner-subscription', true, SUBSCRIPTION_SCHEMA, assignment('Owner', 'ServicePrincipal')),
    f('reader-subscription', false, SUBSCRIPTION_SCHEMA, assignment('Reader', 'ServicePrincipal')),
    f('privileged-role-resource-group', false, RESOURCE_GROUP_SCHEMA, assignment(privileged, 'ServicePrincipal')),
    f('privileged-role-to-group', false, SUBSCRIPTION_SCHEMA, assignment(privileged, 'Group')),
  ];
}
