/**
 * CDK (TypeScript / Python) → PolicyStatementFact and managed-policy RoleGrantFact,
 * SAM function Policies, and ARM role assignments → RoleGrantFact.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { disposeDocument, parseDocument } from '../server/src/engine/documents/parse';
import { armExtractor } from '../server/src/engine/extract/arm';
import { cdkExtractor } from '../server/src/engine/extract/cdk';
import { cloudformationExtractor } from '../server/src/engine/extract/cloudformation';
import type { Extractor } from '../server/src/engine/extract/index';
import type { Fact, FactKind, FactOf } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine();
});

function facts(path: string, text: string, extractor: Extractor): Fact[] {
  const d = parseDocument({ uri: `file:///ws/${path}`, path, text });
  try {
    expect(extractor.applies(d)).toBe(true);
    return extractor.extract(d);
  } finally {
    disposeDocument(d);
  }
}

function of<K extends FactKind>(list: Fact[], kind: K): FactOf<K>[] {
  return list.filter((f) => f.kind === kind) as FactOf<K>[];
}

const TS = `import * as iam from 'aws-cdk-lib/aws-iam';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';

const role = new iam.Role(this, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
role.addToPolicy(new iam.PolicyStatement({
  actions: ['s3:*', extraAction],
  resources: ['*'],
}));
deployRole.addToPrincipalPolicy(new PolicyStatement({
  effect: Effect.DENY,
  actions: ["*"],
  resources: ["*"],
}));
const scoped = new iam.PolicyStatement({ actions: [\`dynamodb:GetItem\`], resources: [table.tableArn], conditions: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });
const dynamic = new iam.PolicyStatement({ actions: props.actions, notActions: ['iam:*'], resources: [\`arn:aws:s3:::\${bucket}/*\`] });
new iam.PolicyStatement({ ...base, actions: ['ec2:*'] });
bucket.grantReadWrite(role);
`;

describe('cdk extractor: TypeScript statements', () => {
  let statements: FactOf<'policyStatement'>[] = [];
  beforeAll(() => {
    statements = of(facts('lib/app-stack.ts', TS, cdkExtractor), 'policyStatement');
  });

  it('reads literal actions with their ranges, defaulting to Allow, and marks variables unresolved', () => {
    const first = statements.find((s) => s.source === 'role')!;
    expect(first.effect).toBe('Allow');
    expect(first.actions).toEqual(['s3:*']);
    expect(first.unresolved).toContain('actions');
    expect(first.resources).toEqual(['*']);
    expect(TS.slice(first.actionRanges[0].range.start, first.actionRanges[0].range.end)).toBe("'s3:*'");
  });

  it('reads Effect.DENY as Deny and names the receiver of addToPrincipalPolicy', () => {
    const deny = statements.find((s) => s.source === 'deployRole')!;
    expect(deny.effect).toBe('Deny');
    expect(deny.actions).toEqual(['*']);
  });

  it('keeps conditions, computed resources and non-literal actions unknown', () => {
    const scoped = statements.find((s) => s.source === 'scoped')!;
    expect(scoped.actions).toEqual(['dynamodb:GetItem']);
    expect(scoped.resources).toBe('unknown');
    expect(scoped.hasCondition).toBe(true);
    expect(scoped.conditionKeys).toEqual(['aws:requestedregion']);
    const dynamic = statements.find((s) => s.source === 'dynamic')!;
    expect(dynamic.actions).toBe('unknown');
    expect(dynamic.notActions).toEqual(['iam:*']);
    expect(dynamic.resources).toBe('unknown');
  });

  it('does not assume Allow when a spread may set the effect, and grant* calls are no facts', () => {
    const spread = statements.find((s) => Array.isArray(s.actions) && s.actions.includes('ec2:*'))!;
    expect(spread.effect).toBe('unknown');
    expect(statements).toHaveLength(5);
  });
});

const PY = `from aws_cdk import aws_iam as iam

role = iam.Role(self, "WorkerRole", assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
    managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("AdministratorAccess")])
role.add_to_policy(iam.PolicyStatement(actions=["*"], resources=["*"]))
role.add_to_policy(iam.PolicyStatement(effect=iam.Effect.DENY, not_actions=["s3:GetObject"], resources=["*"]))
role.add_to_policy(iam.PolicyStatement(actions=[f"{service}:*"], resources=["*"]))
`;

describe('cdk extractor: Python', () => {
  let list: Fact[] = [];
  beforeAll(() => {
    list = facts('app/stack.py', PY, cdkExtractor);
  });
  it('reads keyword arguments, snake_case names and f-strings as unknown', () => {
    const statements = of(list, 'policyStatement');
    expect(statements.map((s) => [s.effect, s.actions])).toEqual([
      ['Allow', ['*']],
      ['Deny', []],
      ['Allow', 'unknown'],
    ]);
    expect(statements[1].notActions).toEqual(['s3:GetObject']);
    expect(statements[0].source).toBe('role');
  });
  it('turns managed_policies into a grant on the construct id with the role classified by assumed_by', () => {
    const [grant] = of(list, 'roleGrant');
    expect(grant).toMatchObject({ cloud: 'aws', role: 'arn:aws:iam::aws:policy/AdministratorAccess', member: 'WorkerRole', memberKind: 'workload-role' });
    expect(PY.slice(grant.roleRange.start, grant.roleRange.end)).toBe('"AdministratorAccess"');
  });
});

const IMPERATIVE_TS = `import * as iam from 'aws-cdk-lib/aws-iam';

export class DeployStack extends Stack {
  constructor(scope: Construct, id: string, props: DeployProps) {
    super(scope, id, props);
    const role = new iam.Role(this, 'DeployRole', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });

    const admin = new iam.PolicyStatement();
    admin.addActions('s3:*', 'iam:Get*');
    admin.addAllResources();
    role.addToPolicy(admin);

    const guard = new iam.PolicyStatement({ actions: ['*'] });
    guard.addResources('*');
    guard.effect = iam.Effect.DENY;
    role.addToPolicy(guard);

    const regional = new iam.PolicyStatement();
    regional.addNotActions('iam:*');
    regional.addNotResources('arn:aws:s3:::audit-logs/*');
    regional.addCondition('StringEquals', { 'aws:RequestedRegion': 'eu-west-1' });
    regional.addConditions({ Bool: { 'aws:SecureTransport': 'true' } });
    new iam.PolicyDocument({ statements: [regional] });

    const trust = new iam.PolicyStatement({ actions: ['sts:AssumeRole'] });
    trust.addPrincipals(new iam.AnyPrincipal());

    const shared = new iam.PolicyStatement();
    shared.addActions('ec2:*');
    shared.addAllResources();
    customise(shared);

    let swapped = new iam.PolicyStatement();
    swapped.addActions('dynamodb:GetItem');
    if (props.wide) swapped = other;
    swapped.addResources('*');
    swapped.addActions(...props.extraActions);
  }

  private helper(): iam.PolicyStatement {
    const s = new iam.PolicyStatement();
    s.addActions('iam:PassRole');
    s.addResources(\`arn:aws:iam::\${this.account}:role/app-*\`);
    return s;
  }
}
`;

describe('cdk extractor: statements built imperatively', () => {
  let statements: FactOf<'policyStatement'>[] = [];
  const by = (source: string) => statements.find((s) => s.source === source)!;
  beforeAll(() => {
    statements = of(facts('lib/deploy-stack.ts', IMPERATIVE_TS, cdkExtractor), 'policyStatement');
  });

  it('applies addActions / addAllResources to an empty statement, with action ranges at the literals', () => {
    const admin = by('admin');
    expect(admin).toMatchObject({ effect: 'Allow', actions: ['s3:*', 'iam:Get*'], resources: ['*'], hasCondition: false });
    expect(admin.unresolved).toBeUndefined();
    expect(IMPERATIVE_TS.slice(admin.actionRanges[0].range.start, admin.actionRanges[0].range.end)).toBe("'s3:*'");
    expect(IMPERATIVE_TS.slice(admin.range.start, admin.range.end)).toBe('new iam.PolicyStatement()');
  });

  it('merges the construction props with later calls and reads `s.effect = Effect.DENY`', () => {
    expect(by('guard')).toMatchObject({ effect: 'Deny', actions: ['*'], resources: ['*'] });
  });

  it('reads addNotActions / addNotResources and condition keys from addCondition(s)', () => {
    const regional = by('regional');
    expect(regional).toMatchObject({ notActions: ['iam:*'], notResources: ['arn:aws:s3:::audit-logs/*'], hasCondition: true });
    expect(regional.conditionKeys).toEqual(['aws:requestedregion', 'aws:securetransport']);
  });

  it('reads addPrincipals (AnyPrincipal is "*") and marks assume-role statements as trust', () => {
    expect(by('trust')).toMatchObject({ principals: ['*'], trust: true });
  });

  it('keeps what is known when the statement is passed to an unknown helper, the rest unknown', () => {
    const shared = by('shared');
    expect(shared).toMatchObject({ effect: 'Allow', actions: ['ec2:*'], resources: ['*'] });
    expect(shared.unresolved).toEqual(expect.arrayContaining(['actions', 'resources']));
    expect(shared.conditionKeys).toBeUndefined();
    // No condition is seen: the statement is still reported as unconditional.
    expect(shared.hasCondition).toBe(false);
  });

  it('does not attribute calls after a reassignment to the first statement, and spreads stay unknown', () => {
    const swapped = by('swapped');
    expect(swapped.actions).toEqual(['dynamodb:GetItem']);
    expect(swapped.resources).toBe('unknown');
    expect(swapped.unresolved).toEqual(expect.arrayContaining(['actions', 'resources']));
  });

  it('follows a variable only inside its own function: a returned statement keeps its literal parts', () => {
    const s = by('s');
    expect(s.actions).toEqual(['iam:PassRole']);
    expect(s.resources).toBe('unknown');
    expect(statements).toHaveLength(7);
  });
});

const IMPERATIVE_PY = `from aws_cdk import aws_iam as iam


class WorkerStack(Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        role = iam.Role(self, "WorkerRole", assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"))

        stmt = iam.PolicyStatement()
        stmt.add_actions("iam:*")
        stmt.add_all_resources()
        role.add_to_policy(stmt)

        deny = iam.PolicyStatement(actions=["s3:*"])
        deny.add_resources("*")
        deny.effect = iam.Effect.DENY
        role.add_to_policy(deny)

        self.scoped = iam.PolicyStatement(actions=["iam:PassRole"])
        self.scoped.add_all_resources()
        self.scoped.add_condition("StringEquals", {"iam:PassedToService": "lambda.amazonaws.com"})
        iam.Policy(self, "Scoped", statements=[self.scoped])


def build():
    stmt = iam.PolicyStatement()
    stmt.add_actions(f"{service}:*")
    stmt.add_resources(*arns)
    return stmt
`;

describe('cdk extractor: Python statements built imperatively', () => {
  let statements: FactOf<'policyStatement'>[] = [];
  beforeAll(() => {
    statements = of(facts('worker/worker_stack.py', IMPERATIVE_PY, cdkExtractor), 'policyStatement');
  });

  it('reads add_actions / add_all_resources / add_resources and the effect setter', () => {
    expect(statements.map((s) => [s.source, s.effect, s.actions, s.resources])).toEqual([
      ['stmt', 'Allow', ['iam:*'], ['*']],
      ['deny', 'Deny', ['s3:*'], ['*']],
      ['self.scoped', 'Allow', ['iam:PassRole'], ['*']],
      ['stmt', 'Allow', 'unknown', 'unknown'],
    ]);
  });

  it('follows self.<name> and reads add_condition keys', () => {
    expect(statements[2]).toMatchObject({ hasCondition: true, conditionKeys: ['iam:passedtoservice'] });
  });

  it('keeps two statements with the same variable name in different functions apart', () => {
    expect(statements[0].unresolved).toBeUndefined();
    expect(statements[3].unresolved).toEqual(expect.arrayContaining(['actions', 'resources']));
  });
});

describe('cdk extractor: managed policy attachments', () => {
  it('follows addManagedPolicy to a role declared in the file and classifies GitHub OIDC roles as CI roles', () => {
    const text = `const ghRole = new iam.Role(this, 'Publisher', {
  assumedBy: new iam.WebIdentityPrincipal(provider.openIdConnectProviderArn, {
    StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' },
  }),
});
ghRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess'));
const reader = iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess');
new iam.User(this, 'Ops', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')] });
`;
    const grants = of(facts('lib/ci.ts', text, cdkExtractor), 'roleGrant');
    expect(grants.map((g) => [g.member, g.memberKind, g.role])).toEqual([
      ['Publisher', 'ci-role', 'arn:aws:iam::aws:policy/PowerUserAccess'],
      ['Ops', 'user', 'arn:aws:iam::aws:policy/AdministratorAccess'],
    ]);
  });

  it('does not apply to files that mention no policy construct', () => {
    const d = parseDocument({ uri: 'file:///ws/a.ts', path: 'a.ts', text: 'bucket.grantRead(role);\n' });
    expect(cdkExtractor.applies(d)).toBe(false);
    disposeDocument(d);
  });
});

describe('SAM function Policies', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Policies:
        - AdministratorAccess
        - S3CrudPolicy:
            BucketName: !Ref Bucket
        - Statement:
            - Effect: Allow
              Action: "dynamodb:*"
              Resource: "*"
  WithRole:
    Type: AWS::Serverless::Function
    Properties:
      Role: !GetAtt SomeRole.Arn
      Policies: AmazonS3FullAccess
`;
  let list: Fact[] = [];
  beforeAll(() => {
    list = facts('template.yaml', text, cloudformationExtractor);
  });
  it('reads managed policy names as grants to the function role and inline statements, skipping templates', () => {
    expect(of(list, 'roleGrant').map((g) => [g.member, g.memberKind, g.role])).toEqual([['Api', 'workload-role', 'arn:aws:iam::aws:policy/AdministratorAccess']]);
    const statements = of(list, 'policyStatement');
    expect(statements.map((s) => [s.source, s.actions])).toEqual([['Api', ['dynamodb:*']]]);
  });
});

describe('ARM role assignments', () => {
  const text = JSON.stringify(
    {
      $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
      parameters: { ciPrincipalId: { type: 'string' }, roleId: { type: 'string', defaultValue: 'b24988ac-6180-42a0-ab88-20f7382dd24c' } },
      resources: [
        {
          type: 'Microsoft.Authorization/roleAssignments',
          name: "[guid(subscription().id, 'ci-owner')]",
          properties: {
            roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')]",
            principalId: "[parameters('ciPrincipalId')]",
            principalType: 'ServicePrincipal',
          },
        },
        {
          type: 'Microsoft.Authorization/roleAssignments',
          name: 'rg-contrib',
          scope: "[resourceGroup().id]",
          properties: { roleDefinitionId: "[parameters('roleId')]", principalId: 'x', principalType: 'ServicePrincipal' },
        },
        {
          type: 'Microsoft.Authorization/roleAssignments',
          name: 'custom',
          properties: { roleDefinitionId: "[parameters('customRole')]", principalId: 'y', principalType: 'User' },
        },
      ],
    },
    null,
    2,
  );
  let grants: FactOf<'roleGrant'>[] = [];
  beforeAll(() => {
    grants = of(facts('infra/main.json', text, armExtractor), 'roleGrant');
  });
  it('reads built-in role GUIDs, principal types and scope from the schema or the scope property', () => {
    expect(grants.map((g) => [g.role, g.memberKind, g.scopeKind])).toEqual([
      ['Owner', 'service-principal', 'subscription'],
      ['Contributor', 'service-principal', 'resource-group'],
      ['unknown', 'user', 'subscription'],
    ]);
    expect(text.slice(grants[0].roleRange.start, grants[0].roleRange.end)).toContain('8e3af657');
  });
});

describe('cdk extractor: half-written imperative statements', () => {
  it('never throws on any prefix of a statement being typed', () => {
    const text = "const s = new iam.PolicyStatement();\ns.addActions('s3:*');\ns.addAllResources();\ns.addCondition('StringEquals', { 'aws:SourceAccount': '123456789012' });\ns.effect = iam.Effect.DENY;\nrole.addToPolicy(s);\n";
    for (let n = 0; n <= text.length; n += 2) {
      const d = parseDocument({ uri: 'file:///ws/a.ts', path: 'a.ts', text: text.slice(0, n) });
      try {
        expect(() => (cdkExtractor.applies(d) ? cdkExtractor.extract(d) : [])).not.toThrow();
      } finally {
        disposeDocument(d);
      }
    }
    const [statement] = of(facts('a.ts', text, cdkExtractor), 'policyStatement');
    expect(statement).toMatchObject({ effect: 'Deny', actions: ['s3:*'], resources: ['*'], conditionKeys: ['aws:sourceaccount'] });
  });
});
