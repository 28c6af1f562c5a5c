/**
 * IAM policy JSON → PolicyStatementFact: statement shapes, offsets of action strings,
 * principals and trust, and the files the extractor must leave alone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { parseDocument } from '../server/src/engine/documents/parse';
import { iamJsonExtractor } from '../server/src/engine/extract/iam-json';
import type { Document, PolicyStatementFact } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine();
});

function doc(text: string, path = 'policies/policy.json'): Document {
  return parseDocument({ uri: `file:///ws/${path}`, path, text });
}

function statements(text: string, path?: string): PolicyStatementFact[] {
  const d = doc(text, path);
  if (!iamJsonExtractor.applies(d)) return [];
  return iamJsonExtractor.extract(d) as PolicyStatementFact[];
}

describe('iam-json extractor', () => {
  it('normalises a statement array with string and list values', () => {
    const text = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 's3:*'], Resource: '*' },
          { Effect: 'Deny', NotAction: 'iam:*', NotResource: ['arn:aws:s3:::b'], Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
        ],
      },
      null,
      2,
    );
    const [allow, deny] = statements(text);
    expect(allow).toMatchObject({ kind: 'policyStatement', effect: 'Allow', actions: ['s3:GetObject', 's3:*'], resources: ['*'], hasCondition: false, source: 'policies/policy.json' });
    expect(allow.trust).toBeUndefined();
    expect(deny).toMatchObject({ effect: 'Deny', actions: [], notActions: ['iam:*'], resources: [], notResources: ['arn:aws:s3:::b'], hasCondition: true });
  });

  it('records the exact offsets of each action string, quotes included', () => {
    const text = '{\n  "Statement": {\n    "Effect": "Allow",\n    "Action": [ "ec2:Describe*",  "kms:*" ],\n    "Resource": "*"\n  }\n}\n';
    const [s] = statements(text);
    expect(s.actionRanges.map((r) => text.slice(r.range.start, r.range.end))).toEqual(['"ec2:Describe*"', '"kms:*"']);
    expect(s.actionRanges.map((r) => r.value)).toEqual(['ec2:Describe*', 'kms:*']);
    expect(text.slice(s.range.start, s.range.end).startsWith('{\n    "Effect"')).toBe(true);
  });

  it('marks non-string actions as unknown instead of guessing', () => {
    const [all, partial] = statements('{"Statement":[{"Effect":"Allow","Action":42,"Resource":"*"},{"Effect":"Allow","Action":["s3:*",{"x":1}],"Resource":"*"}]}');
    expect(all.actions).toBe('unknown');
    expect(all.unresolved).toContain('actions');
    expect(partial.actions).toEqual(['s3:*']);
    expect(partial.unresolved).toEqual(['actions']);
  });

  it('reads an effect it does not recognise as unknown', () => {
    const [s] = statements('{"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}');
    expect(s.effect).toBe('unknown');
    const [missing] = statements('{"Statement":[{"Action":"*","Resource":"*"}]}');
    expect(missing.effect).toBe('unknown');
  });

  it('flags trust statements: a principal with sts:AssumeRole*', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: ['ecs-tasks.amazonaws.com'], AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity' },
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::public/*' },
      ],
    });
    const [service, any, bucket] = statements(text);
    expect(service.trust).toBe(true);
    expect(service.principals).toEqual(['Service:ecs-tasks.amazonaws.com', 'AWS:arn:aws:iam::123456789012:root']);
    expect(any).toMatchObject({ trust: true, principals: ['*'] });
    expect(bucket.trust).toBeUndefined();
    expect(bucket.principals).toEqual(['AWS:*']);
  });

  it('reads policy documents nested in CLI input files, AssumeRolePolicyDocument as trust', () => {
    const text = JSON.stringify({ RoleName: 'ci', AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } });
    const [s] = statements(text, 'create-role.json');
    expect(s.trust).toBe(true);
    const [p] = statements(JSON.stringify({ PolicyName: 'x', PolicyDocument: { Statement: { Effect: 'Allow', Action: 'iam:*', Resource: '*' } } }), 'put-policy.json');
    expect(p).toMatchObject({ actions: ['iam:*'], resources: ['*'] });
    expect(p.trust).toBeUndefined();
  });

  it('leaves other JSON alone: package.json, CloudFormation, JSON without Statement', () => {
    expect(statements('{"name":"x","version":"1.0.0","dependencies":{}}', 'package.json')).toEqual([]);
    const cfn = JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { R: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } } },
    });
    expect(iamJsonExtractor.applies(doc(cfn, 'template.json'))).toBe(false);
    expect(statements('[{"Statement":[]}]')).toEqual([]);
    expect(statements('{"Statement": "not a list"}')).toEqual([]);
  });

  it('survives broken JSON without throwing', () => {
    const broken = '{"Statement": [{"Effect": "Allow", "Action": ["s3:*", ], "Resource": "*"';
    expect(() => statements(broken)).not.toThrow();
    const s = statements(broken);
    // jsonc-parser recovers what it can; whatever is recovered keeps exact offsets.
    for (const st of s) for (const a of st.actionRanges) expect(broken.slice(a.range.start, a.range.end)).toBe(JSON.stringify(a.value));
    expect(statements('')).toEqual([]);
  });

  it('handles deeply nested input without a stack overflow', () => {
    const deep = '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + '}]}';
    const [s] = statements(deep);
    expect(s.actions).toEqual(['s3:*']);
    expect(s.hasCondition).toBe(true);
  });
});
