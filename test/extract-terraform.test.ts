/**
 * Terraform → facts: policies from jsonencode / heredoc / aws_iam_policy_document with
 * static resolution of locals and variable defaults, tags with default_tags, access keys
 * and identities; plus the three IaC rules' messages through the whole pipeline.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { disposeDocument, parseDocument } from '../server/src/engine/documents/parse';
import { terraformExtractor } from '../server/src/engine/extract/terraform';
import type { CredentialUseFact, Fact, FactKind, FactOf, IdentityFact, PolicyStatementFact, TaggedResourceFact } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine();
});

function facts(text: string): Fact[] {
  const d = parseDocument({ uri: 'file:///ws/main.tf', path: 'main.tf', text });
  try {
    expect(terraformExtractor.applies(d)).toBe(true);
    return terraformExtractor.extract(d);
  } finally {
    disposeDocument(d);
  }
}

function of<K extends FactKind>(list: Fact[], kind: K): FactOf<K>[] {
  return list.filter((f) => f.kind === kind) as FactOf<K>[];
}

const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

describe('terraform policies', () => {
  it('reads jsonencode statements with action offsets pointing at the HCL strings', () => {
    const text = `resource "aws_iam_policy" "deploy" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:*", "sqs:SendMessage"], Resource = "*" },
      { "Effect" : "Deny", "NotAction" : "iam:*", "Resource" : ["arn:aws:s3:::b"] },
    ]
  })
}
`;
    const [allow, deny] = of(facts(text), 'policyStatement');
    expect(allow).toMatchObject({ effect: 'Allow', actions: ['s3:*', 'sqs:SendMessage'], resources: ['*'], source: 'aws_iam_policy.deploy' });
    expect(allow.actionRanges.map((a) => slice(text, a.range))).toEqual(['"s3:*"', '"sqs:SendMessage"']);
    expect(slice(text, allow.range).startsWith('{ Effect = "Allow"')).toBe(true);
    expect(deny).toMatchObject({ effect: 'Deny', actions: [], notActions: ['iam:*'], resources: ['arn:aws:s3:::b'] });
  });

  it('resolves locals and variable defaults; unresolvable references stay unknown', () => {
    const text = `variable "actions" {
  default = ["dynamodb:*"]
}
variable "caller_actions" {
  type = list(string)
}
locals {
  admin  = ["iam:*"]
  bucket = "arn:aws:s3:::data-\${var.env}"
  loop_a = local.loop_b
  loop_b = local.loop_a
}
resource "aws_iam_role_policy" "p" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = local.admin, Resource = "*" },
      { Effect = "Allow", Action = var.actions, Resource = local.bucket },
      { Effect = "Allow", Action = var.caller_actions, Resource = "*" },
      { Effect = "Allow", Action = ["s3:GetObject", var.caller_actions[0]], Resource = "*" },
      { Effect = "Allow", Action = local.loop_a, Resource = "*" },
      { Effect = "Allow", Action = local.admin[0], Resource = aws_s3_bucket.b.arn },
    ]
  })
}
`;
    const [viaLocal, viaVar, caller, partial, loop, indexed] = of(facts(text), 'policyStatement');
    expect(viaLocal.actions).toEqual(['iam:*']);
    // A resolved reference is reported where it is used.
    expect(viaLocal.actionRanges.map((a) => slice(text, a.range))).toEqual(['local.admin']);
    expect(viaVar.actions).toEqual(['dynamodb:*']);
    expect(viaVar.resources).toBe('unknown'); // var.env has no default
    expect(caller.actions).toBe('unknown');
    expect(partial.actions).toEqual(['s3:GetObject']);
    expect(partial.unresolved).toEqual(['actions']);
    expect(loop.actions).toBe('unknown');
    expect(indexed.actions).toEqual(['iam:*']);
    expect(indexed.resources).toBe('unknown');
  });

  it('reads heredoc JSON at its document offsets; interpolated strings are unknown', () => {
    const text = `resource "aws_iam_role_policy" "logs" {
  policy = <<-POLICY
    {
      "Statement": [
        { "Effect": "Allow", "Action": ["logs:*"], "Resource": "*" },
        { "Effect": "Allow", "Action": "kms:*", "Resource": "\${aws_kms_key.k.arn}" },
        { "Effect": "Allow", "Action": \${jsonencode(var.extra)}, "Resource": "*" },
        { "Effect": "Allow", "Action": "s3:\${var.verb}", "Resource": "*" }
      ]
    }
  POLICY
}
`;
    const [logs, kms, extra, verb] = of(facts(text), 'policyStatement');
    expect(logs.actions).toEqual(['logs:*']);
    expect(logs.actionRanges.map((a) => slice(text, a.range))).toEqual(['"logs:*"']);
    expect(kms.resources).toBe('unknown');
    expect(kms.actionRanges.map((a) => slice(text, a.range))).toEqual(['"kms:*"']);
    expect(extra.actions).toBe('unknown');
    expect(verb.actions).toBe('unknown');
  });

  it('marks assume_role_policy as trust and reads inline_policy blocks', () => {
    const text = `resource "aws_iam_role" "app" {
  assume_role_policy = <<EOF
{"Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}
EOF
  inline_policy {
    name   = "inline"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ec2:*", Resource = "*" }] })
  }
}
`;
    const [trust, inline] = of(facts(text), 'policyStatement');
    expect(trust).toMatchObject({ trust: true, principals: ['Service:ec2.amazonaws.com'], source: 'aws_iam_role.app' });
    expect(inline).toMatchObject({ actions: ['ec2:*'], source: 'aws_iam_role.app' });
    expect(inline.trust).toBeUndefined();
  });

  it('reads aws_iam_policy_document statements: effect defaults to Allow, principals blocks, conditions', () => {
    const text = `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["eks.amazonaws.com"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  dynamic "statement" {
    for_each = var.statements
    content {
      actions = statement.value.actions
    }
  }
}
`;
    const [assume, deny, ...rest] = of(facts(text), 'policyStatement');
    expect(assume).toMatchObject({ effect: 'Allow', trust: true, principals: ['Service:eks.amazonaws.com'], hasCondition: false, source: 'data.aws_iam_policy_document.assume' });
    expect(deny).toMatchObject({ effect: 'Deny', actions: ['*'], hasCondition: true });
    expect(rest).toEqual([]);
  });

  it('yields nothing for policies it cannot see: file(), templatefile(), data references', () => {
    const text = `resource "aws_iam_policy" "a" {
  policy = file("\${path.module}/policy.json")
}
resource "aws_iam_policy" "b" {
  policy = templatefile("policy.tpl", { bucket = "x" })
}
resource "aws_iam_policy" "c" {
  policy = data.aws_iam_policy_document.d.json
}
`;
    expect(of(facts(text), 'policyStatement')).toEqual([]);
  });
});

describe('terraform tags', () => {
  const tagged = (text: string) => of(facts(text), 'taggedResource');

  it('reads static tag keys, quoted keys and values; tags from variables or unknown keys are unknown', () => {
    const text = `locals {
  common = { team = "payments" }
}
resource "aws_iam_role" "a" {
  tags = { Owner = "x", "cost-center" : "cc1" }
}
resource "aws_iam_role" "b" {
  tags = var.tags
}
resource "aws_iam_role" "c" {
  tags = merge(local.common, { Name = "c" })
}
resource "aws_iam_role" "d" {
  tags = merge(var.tags, { Name = "d" })
}
resource "aws_iam_role" "e" {
  tags = { (var.key) = "x" }
}
resource "aws_iam_user" "f" {
  name = "f"
}
`;
    const [a, b, c, d, e, f] = tagged(text);
    expect(a).toMatchObject({ resourceType: 'aws_iam_role', name: 'a', tagKeys: ['Owner', 'cost-center'], tagValues: { Owner: 'x', 'cost-center': 'cc1' } });
    expect(slice(text, a.tagsRange!)).toBe('{ Owner = "x", "cost-center" : "cc1" }');
    expect(slice(text, a.headerRange)).toBe('resource "aws_iam_role" "a"');
    expect(b.tagKeys).toBeUndefined();
    expect(c.tagKeys).toEqual(['team', 'Name']);
    expect(d.tagKeys).toBeUndefined();
    expect(e.tagKeys).toBeUndefined();
    expect(f).toMatchObject({ resourceType: 'aws_iam_user', tagKeys: [] });
  });

  it('inherits default_tags per provider alias; unknown default tags are marked', () => {
    const text = `provider "aws" {
  default_tags {
    tags = { team = "platform" }
  }
}
provider "aws" {
  alias = "eu"
}
provider "aws" {
  alias = "us"
  default_tags {
    tags = var.default_tags
  }
}
resource "aws_iam_role" "default" {}
resource "aws_iam_role" "eu" {
  provider = aws.eu
}
resource "aws_iam_role" "us" {
  provider = aws.us
}
`;
    const [dflt, eu, us] = tagged(text);
    expect(dflt.inheritedTagKeys).toEqual(['team']);
    expect(eu.inheritedTagKeys).toBeUndefined();
    expect(eu.inheritedTagsUnknown).toBeUndefined();
    expect(us.inheritedTagsUnknown).toBe(true);
  });

  it('offers an insertion point before the closing brace with the body indentation', () => {
    const text = 'resource "aws_iam_role" "r" {\n    name = "r"\n}\nresource "aws_iam_role" "one_line" { name = "x" }\n';
    const [r, oneLine] = tagged(text);
    expect(r.insertAt).toEqual({ offset: text.indexOf('}\n'), indent: '    ' });
    expect(oneLine.insertAt).toBeUndefined();
  });
});

describe('terraform credentials and identities', () => {
  it('links access keys to their user by reference, by literal name, or not at all', () => {
    const text = `resource "aws_iam_user" "ci" {
  name = "ci-bot"
  tags = { team = "platform" }
}
resource "aws_iam_access_key" "by_ref" {
  user = aws_iam_user.ci.name
}
resource "aws_iam_access_key" "by_name" {
  user = "ci-bot"
}
resource "aws_iam_access_key" "elsewhere" {
  user = "legacy"
}
resource "aws_iam_access_key" "unknown" {
  user   = var.user
  status = "Inactive"
}
`;
    const all = facts(text);
    const keys = of(all, 'credentialUse') as CredentialUseFact[];
    expect(keys.map((k) => [k.name, k.identity, k.inactive])).toEqual([
      ['aws_iam_access_key.by_ref', 'aws_iam_user.ci', undefined],
      ['aws_iam_access_key.by_name', 'aws_iam_user.ci', undefined],
      ['aws_iam_access_key.elsewhere', 'legacy', undefined],
      ['aws_iam_access_key.unknown', undefined, true],
    ]);
    expect(slice(text, keys[0].headerRange)).toBe('resource "aws_iam_access_key" "by_ref"');
    const [user] = of(all, 'identity') as IdentityFact[];
    expect(user).toMatchObject({ identityKind: 'aws-iam-user', name: 'aws_iam_user.ci', owner: 'platform', credential: 'aws-access-key', cloud: 'aws' });
  });

  it('ignores access keys named only in comments and strings', () => {
    const text = `# resource "aws_iam_access_key" "old" { user = "x" }
locals {
  note = "resource \\"aws_iam_access_key\\" is forbidden"
}
`;
    expect(of(facts(text), 'credentialUse')).toEqual([]);
  });

  it('marks OIDC-federated roles and takes the owner from default_tags', () => {
    const text = `provider "aws" {
  default_tags {
    tags = { Owner = "delivery" }
  }
}
data "aws_iam_policy_document" "gh" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.gh.arn]
    }
  }
}
resource "aws_iam_role" "deploy" {
  assume_role_policy = data.aws_iam_policy_document.gh.json
}
`;
    const [role] = of(facts(text), 'identity') as IdentityFact[];
    expect(role).toMatchObject({ identityKind: 'aws-iam-role', name: 'aws_iam_role.deploy', owner: 'delivery', credential: 'oidc' });
  });

  it('stays fast on exponentially growing locals and deep nesting', () => {
    const levels = Array.from({ length: 30 }, (_, i) => `  l${i} = [local.l${i + 1}, local.l${i + 1}, local.l${i + 1}]`).join('\n');
    const text = `locals {\n${levels}\n  l30 = ["s3:*"]\n}\nresource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = local.l0, Resource = ${'['.repeat(400)}"*"${']'.repeat(400)} }] })\n}\n`;
    const started = Date.now();
    const [s] = of(facts(text), 'policyStatement');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(s.resources).toBe('unknown');
  });

  it('does not throw on syntax errors and still reads the intact blocks', () => {
    const text = `resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
resource "aws_iam_role" "broken" {
  name = "x
  tags = {
`;
    const all = facts(text);
    expect(of(all, 'credentialUse').map((c) => c.name)).toEqual(['aws_iam_access_key.ci']);
  });
});

describe('IaC rules through the pipeline', () => {
  const config = defaultConfig();
  const run = (text: string, path = 'iam.tf') => analyzeText({ uri: `file:///ws/${path}`, path, text }, { config, today: '2026-01-01' });

  it('names action, source and scope in the wildcard message, at the action', () => {
    const text = `resource "aws_iam_policy" "deploy" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["s3:*"], Resource = "*" }] })
}
`;
    const [f] = run(text).findings.filter((x) => x.ruleId === 'privilege/iam-wildcard-action');
    expect(f.message).toBe('Policy aws_iam_policy.deploy allows "s3:*" on every resource (Resource "*"); list the actions it needs.');
    expect(f.severity).toBe('error');
    expect(slice(text, f.range)).toBe('"s3:*"');
  });

  it('reports every action on specific resources, and on "every resource except" for NotResource', () => {
    const text = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::exports/*' },
        { Effect: 'Allow', Action: 'ec2:*', NotResource: ['arn:aws:ec2:eu-west-1:123456789012:instance/i-1'] },
      ],
    });
    const messages = run(text, 'policy.json').findings.filter((x) => x.ruleId === 'privilege/iam-wildcard-action').map((f) => f.message);
    expect(messages).toEqual([
      'Policy policy.json allows every action ("*") on "arn:aws:s3:::exports/*"; list the actions it needs.',
      'Policy policy.json allows "ec2:*" on every resource except "arn:aws:ec2:eu-west-1:123456789012:instance/i-1" (NotResource); list the actions it needs.',
    ]);
  });

  it('reports a missing owner at the resource header with the identity; the quick fix adds a placeholder to fill in', () => {
    const text = 'resource "aws_iam_role" "worker" {\n  name = "worker"\n}\n';
    const [f] = run(text).findings.filter((x) => x.ruleId === 'ownership/missing-owner-tag');
    expect(slice(text, f.range)).toBe('resource "aws_iam_role" "worker"');
    expect(f.message).toContain('IAM role aws_iam_role.worker has no owner tag (owner, team, or a key ending in /owner or /team)');
    expect(f.identity).toEqual({ kind: 'aws-iam-role', name: 'aws_iam_role.worker' });
    // No CODEOWNERS and no owner.default: a non-preferred fix whose placeholder the editor selects.
    expect(f.fixes.map((x) => ({ kind: x.kind, preferred: x.preferred === true, placeholder: x.placeholder !== undefined }))).toEqual([{ kind: 'owner-tag', preferred: false, placeholder: true }]);
  });

  it('honours the configured owner tag keys', () => {
    const text = 'resource "aws_iam_user" "u" {\n  tags = { CostCenter = "cc-1" }\n}\n';
    const custom = { ...defaultConfig(), ownerTagKeys: ['costcenter'] };
    const withCustom = analyzeText({ uri: 'file:///ws/u.tf', path: 'u.tf', text }, { config: custom });
    expect(withCustom.findings.filter((x) => x.ruleId === 'ownership/missing-owner-tag')).toEqual([]);
    expect(run(text).findings.filter((x) => x.ruleId === 'ownership/missing-owner-tag')).toHaveLength(1);
  });

  it('reports the access key with its user and honours nhi-ignore', () => {
    const text = 'resource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.ci.name\n}\n';
    const [f] = run(text).findings.filter((x) => x.ruleId === 'credential/aws-iam-access-key');
    expect(f.message).toBe('Long-lived access key for aws_iam_user.ci; use workload identity (OIDC / IRSA / instance roles) instead.');
    expect(f.identity).toEqual({ kind: 'aws-iam-user', name: 'aws_iam_user.ci' });
    const suppressed = '# nhi-ignore credential/aws-iam-access-key reason="vendor SFTP bridge, ticket OPS-12"\n' + text;
    expect(run(suppressed).findings.filter((x) => x.ruleId === 'credential/aws-iam-access-key')).toEqual([]);
  });

  it('keeps fingerprints stable when lines move', () => {
    const text = 'resource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.ci.name\n}\n';
    const a = run(text).findings.find((x) => x.ruleId === 'credential/aws-iam-access-key')!;
    const b = run('\n\n# moved\n' + text).findings.find((x) => x.ruleId === 'credential/aws-iam-access-key')!;
    expect(b.fingerprint).toBe(a.fingerprint);
  });
});
