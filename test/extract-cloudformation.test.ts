/**
 * CloudFormation / Serverless → facts (intrinsic tags, trust policies, managed policy grants,
 * tags, access keys, identities), and Terraform managed-policy attachments → RoleGrantFact.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { disposeDocument, parseDocument } from '../server/src/engine/documents/parse';
import { awsRoleMemberKind, cloudformationExtractor } from '../server/src/engine/extract/cloudformation';
import { terraformExtractor } from '../server/src/engine/extract/terraform';
import type { Fact, FactKind, FactOf } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine();
});

function facts(path: string, text: string, extractor = cloudformationExtractor): Fact[] {
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

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Federated: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringLike:
                token.actions.githubusercontent.com:sub: repo:acme/app:*
      Policies:
        - PolicyName: app
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, !Ref ExtraAction]
                Resource: !Join ["", ["arn:aws:s3:::", "bucket", "/*"]]
              - Effect: Allow
                Action: !Sub "\${Service}:*"
                Resource: !GetAtt Bucket.Arn
      ManagedPolicyArns:
        - !Sub "arn:\${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"
        - !Ref PolicyParam
      Tags:
        - Key: owner
          Value: app-team
  User:
    Type: AWS::IAM::User
    Properties:
      Tags: !Ref NoTags
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref User
`;

describe('CloudFormation YAML', () => {
  const list = facts('stack.yaml', TEMPLATE);

  it('resolves static intrinsics and keeps the rest unknown', () => {
    const statements = of(list, 'policyStatement').filter((s) => !s.trust);
    expect(statements).toHaveLength(2);
    expect(statements[0].actions).toEqual(['s3:GetObject']);
    expect(statements[0].unresolved).toContain('actions');
    expect(statements[0].resources).toEqual(['arn:aws:s3:::bucket/*']);
    // A !Sub with a parameter is unknown, never a "service:*" wildcard.
    expect(statements[1].actions).toBe('unknown');
    expect(statements[1].resources).toBe('unknown');
    expect(statements.every((s) => s.source === 'AppRole')).toBe(true);
  });

  it('marks the trust policy and records its condition keys', () => {
    const [trust] = of(list, 'policyStatement').filter((s) => s.trust);
    expect(trust.conditionKeys).toEqual(['token.actions.githubusercontent.com:sub']);
    expect(trust.principals).toBe('unknown');
    expect(TEMPLATE.slice(trust.principalRange!.start, trust.principalRange!.end)).toMatch(/^Federated:/);
  });

  it('records managed policies as role grants of a CI role', () => {
    const grants = of(list, 'roleGrant');
    expect(grants.map((g) => [g.role, g.member, g.memberKind])).toEqual([
      ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'AppRole', 'ci-role'],
      ['unknown', 'AppRole', 'ci-role'],
    ]);
  });

  it('records tags (unknown when not a static list), identities and the access key owner', () => {
    const tagged = of(list, 'taggedResource');
    expect(tagged.find((t) => t.name === 'AppRole')?.tagKeys).toEqual(['owner']);
    expect(tagged.find((t) => t.name === 'User')?.tagKeys).toBeUndefined();
    const [key] = of(list, 'credentialUse');
    expect(key).toMatchObject({ name: 'Key', resourceType: 'AWS::IAM::AccessKey', identity: 'User' });
    const identities = of(list, 'identity');
    expect(identities.find((i) => i.name === 'AppRole')).toMatchObject({ identityKind: 'aws-iam-role', owner: 'app-team', credential: 'oidc' });
    expect(identities.find((i) => i.name === 'User')).toMatchObject({ identityKind: 'aws-iam-user', credential: 'aws-access-key' });
  });
});

describe('CloudFormation JSON and Serverless', () => {
  it('reads long-form intrinsics in JSON templates', () => {
    const text = JSON.stringify({
      Resources: {
        P: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: {
            PolicyDocument: {
              Statement: [{ Effect: 'Allow', Action: { 'Fn::Join': [':', ['s3', '*']] }, Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' } }],
            },
          },
        },
      },
    });
    const [s] = of(facts('t.json', text), 'policyStatement');
    expect(s.actions).toEqual(['s3:*']);
    expect(s.resources).toEqual(['arn:aws:s3:::b']);
  });

  it('reads provider statements, legacy iamRoleStatements and resources; Serverless variables are unknown', () => {
    const text = `service: s
provider:
  name: aws
  stackTags:
    owner: team-a
  iam:
    role:
      statements:
        - Effect: Allow
          Action: \${self:custom.actions}
          Resource: "*"
  iamRoleStatements:
    - Effect: Allow
      Action: sqs:SendMessage
      Resource: arn:aws:sqs:eu-west-1:123456789012:q
resources:
  Resources:
    Worker:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
`;
    const list = facts('serverless.yml', text);
    const statements = of(list, 'policyStatement').filter((s) => !s.trust);
    expect(statements.map((s) => s.actions)).toEqual(['unknown', ['sqs:SendMessage']]);
    expect(statements[0].source).toBe('serverless provider role');
    const worker = of(list, 'taggedResource').find((t) => t.name === 'Worker');
    expect(worker?.inheritedTagKeys).toEqual(['owner']);
  });

  it('does not throw on a template with broken structure', () => {
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: [1, 2\n';
    expect(() => facts('broken.yaml', text)).not.toThrow();
  });
});

describe('role member kinds', () => {
  it('classifies CI, workload, human and unknown roles', () => {
    const trust = (principals: string[]) => [{ kind: 'policyStatement', effect: 'Allow', principals, trust: true } as never];
    expect(awsRoleMemberKind('x', trust(['Federated:arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com']))).toBe('ci-role');
    expect(awsRoleMemberKind('GithubDeployRole', [])).toBe('ci-role');
    expect(awsRoleMemberKind('orders-worker', trust(['Service:ec2.amazonaws.com']))).toBe('workload-role');
    expect(awsRoleMemberKind('sso-admin', trust(['Federated:arn:aws:iam::1:saml-provider/okta']))).toBe('user');
    expect(awsRoleMemberKind('admin', trust(['AWS:arn:aws:iam::1:root']))).toBe('unknown');
    // "decide" is not a CI word even though it contains "ci".
    expect(awsRoleMemberKind('decider', [])).toBe('unknown');
  });
});

describe('Terraform managed policy attachments', () => {
  const text = `
resource "aws_iam_role" "deploy" {
  name = "app-runner"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Federated = "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" }, Action = "sts:AssumeRoleWithWebIdentity" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role_policy_attachment" "by_name" {
  role       = "app-runner"
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}

resource "aws_iam_user_policy_attachment" "u" {
  user       = aws_iam_user.bot.name
  policy_arn = var.arn
}

resource "aws_iam_policy_attachment" "multi" {
  name       = "m"
  roles      = [aws_iam_role.deploy.name, "elsewhere"]
  groups     = ["admins"]
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}
`;
  it('records every attachment with its member and member kind', () => {
    const grants = of(facts('iam.tf', text, terraformExtractor), 'roleGrant');
    expect(grants.map((g) => [g.source, g.role, g.member, g.memberKind])).toEqual([
      ['aws_iam_role.deploy', 'arn:aws:iam::aws:policy/AdministratorAccess', 'aws_iam_role.deploy', 'ci-role'],
      ['aws_iam_role_policy_attachment.by_name', 'arn:aws:iam::aws:policy/PowerUserAccess', 'app-runner', 'ci-role'],
      ['aws_iam_user_policy_attachment.u', 'unknown', 'aws_iam_user.bot', 'user'],
      ['aws_iam_policy_attachment.multi', 'arn:aws:iam::aws:policy/IAMFullAccess', 'aws_iam_role.deploy', 'ci-role'],
      ['aws_iam_policy_attachment.multi', 'arn:aws:iam::aws:policy/IAMFullAccess', 'elsewhere', 'unknown'],
      ['aws_iam_policy_attachment.multi', 'arn:aws:iam::aws:policy/IAMFullAccess', 'admins', 'group'],
    ]);
    expect(grants.every((g) => g.cloud === 'aws')).toBe(true);
  });
});
