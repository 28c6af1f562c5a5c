/**
 * The owner-tag quick fix (server/src/engine/fixes/owner-tag): where the owner comes
 * from (CODEOWNERS, then `owner.default`, then a `TODO-owner` placeholder), the edit in
 * each syntax, and the guarantees every fix gives: the result parses, the finding is
 * gone (or, for the placeholder, stays until someone types an owner), applying twice
 * changes nothing, and unknown tags get no fix.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig, fromFlat, type Config } from '../server/src/engine/config';
import { codeOwnerOf } from '../server/src/engine/fixes/owner-tag';
import { applyEdits } from '../server/src/engine/fixes/validate';
import type { AnalysisResult, Finding, Fix } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine();
});

const ROOT = 'file:///ws';
const MISSING_OWNER = 'ownership/missing-owner-tag';
const SA_OWNER = 'ownership/k8s-service-account-owner';

interface Workspace {
  files?: Record<string, string>;
  config?: Config;
}

function analyze(path: string, text: string, ws: Workspace = {}): AnalysisResult {
  const files = ws.files ?? {};
  return analyzeText(
    { uri: `${ROOT}/${path}`, path, text },
    { config: ws.config ?? defaultConfig(), workspaceRoot: ROOT, readFile: (uri) => (uri.startsWith(`${ROOT}/`) ? files[uri.slice(ROOT.length + 1)] : undefined) },
  );
}

function findingsOf(result: AnalysisResult, ruleId: string): Finding[] {
  return result.findings.filter((f) => f.ruleId === ruleId);
}

function onlyFix(path: string, text: string, ruleId: string, ws: Workspace = {}): Fix {
  const findings = findingsOf(analyze(path, text, ws), ruleId);
  expect(findings).toHaveLength(1);
  expect(findings[0].fixes).toHaveLength(1);
  return findings[0].fixes[0];
}

function apply(text: string, fix: Fix, path: string): string {
  return applyEdits(text, fix.edits.filter((e) => e.uri === `${ROOT}/${path}`));
}

/** Applies the fix, then checks the result parses, the rule is satisfied and a second round changes nothing. */
function applyAndCheck(path: string, text: string, ruleId: string, ws: Workspace = {}): string {
  const fix = onlyFix(path, text, ruleId, ws);
  const fixed = apply(text, fix, path);
  const again = analyze(path, fixed, ws);
  expect(again.notes.filter((n) => n.kind === 'parse-error'), 'the fixed file parses').toEqual([]);
  expect(findingsOf(again, ruleId), 'the finding is gone').toEqual([]);
  // Idempotent: nothing left to fix, so a second application is a no-op.
  const secondEdits = again.findings.filter((f) => f.ruleId === ruleId).flatMap((f) => f.fixes.flatMap((x) => x.edits));
  expect(applyEdits(fixed, secondEdits)).toBe(fixed);
  return fixed;
}

const ROLE_TF = `resource "aws_iam_role" "invoice_worker" {
  name               = "billing-invoice-worker"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks.json
}
`;

const CODEOWNERS = `# Platform owns everything by default.
*                 @acme/platform
infra/billing/    @acme/billing @jane-doe
infra/billing/legacy/
docs/*            docs@acme.example
`;

describe('owner value: CODEOWNERS, then owner.default, then a placeholder', () => {
  it('uses the last matching CODEOWNERS pattern, preferring a team over a person', () => {
    const files = { '.github/CODEOWNERS': CODEOWNERS };
    expect(codeOwnerOf({ workspaceRoot: ROOT, readFile: (u) => files[u.slice(ROOT.length + 1) as keyof typeof files] }, 'infra/billing/iam.tf')).toEqual({ owner: '@acme/billing', file: '.github/CODEOWNERS' });
    const fix = onlyFix('infra/billing/iam.tf', ROLE_TF, MISSING_OWNER, { files });
    expect(fix.preferred).toBe(true);
    expect(fix.placeholder).toBeUndefined();
    expect(fix.title).toContain('@acme/billing');
    expect(fix.title).toContain('.github/CODEOWNERS');
    expect(apply(ROLE_TF, fix, 'infra/billing/iam.tf')).toContain('owner = "@acme/billing"');
  });

  it('reads .github/CODEOWNERS before CODEOWNERS and docs/CODEOWNERS', () => {
    const files = { CODEOWNERS: '* @acme/root-owners\n', 'docs/CODEOWNERS': '* @acme/docs-owners\n', '.github/CODEOWNERS': '*.tf @acme/terraform\n' };
    expect(onlyFix('main.tf', ROLE_TF, MISSING_OWNER, { files }).title).toContain('@acme/terraform');
    const rootAndDocs = { CODEOWNERS: files.CODEOWNERS, 'docs/CODEOWNERS': files['docs/CODEOWNERS'] };
    expect(onlyFix('main.tf', ROLE_TF, MISSING_OWNER, { files: rootAndDocs }).title).toContain('@acme/root-owners');
    expect(onlyFix('main.tf', ROLE_TF, MISSING_OWNER, { files: { 'docs/CODEOWNERS': files['docs/CODEOWNERS'] } }).title).toContain('@acme/docs-owners');
  });

  it('falls back to owner.default when the last matching pattern names nobody', () => {
    const config = fromFlat({ 'owner.default': 'team-platform' });
    const fix = onlyFix('infra/billing/legacy/iam.tf', ROLE_TF, MISSING_OWNER, { files: { '.github/CODEOWNERS': CODEOWNERS }, config });
    expect(fix.title).toContain('team-platform');
    expect(fix.title).toContain('nhi.owner.default');
    expect(fix.preferred).toBe(true);
  });

  it('`dir/*` owns the directory\'s files, not its subdirectories', () => {
    const files = { '.github/CODEOWNERS': 'docs/* @acme/docs\n' };
    const read = (u: string) => files[u.slice(ROOT.length + 1) as keyof typeof files];
    expect(codeOwnerOf({ workspaceRoot: ROOT, readFile: read }, 'docs/iam.tf')?.owner).toBe('@acme/docs');
    expect(codeOwnerOf({ workspaceRoot: ROOT, readFile: read }, 'docs/examples/iam.tf')).toBeUndefined();
  });

  it('never reads outside the workspace and ignores paths that climb out of it', () => {
    const asked: string[] = [];
    codeOwnerOf({ workspaceRoot: ROOT, readFile: (u) => (asked.push(u), undefined) }, '../other/iam.tf');
    expect(asked).toEqual([]);
    analyze('infra/iam.tf', ROLE_TF, { files: {} });
    codeOwnerOf({ workspaceRoot: ROOT, readFile: (u) => (asked.push(u), undefined) }, 'infra/iam.tf');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((u) => u.startsWith(`${ROOT}/`))).toBe(true);
  });

  it('without either, inserts TODO-owner, marks it as a placeholder and does not prefer the fix', () => {
    const fix = onlyFix('iam.tf', ROLE_TF, MISSING_OWNER);
    expect(fix.preferred).toBe(false);
    expect(fix.title).toContain('TODO-owner');
    const fixed = apply(ROLE_TF, fix, 'iam.tf');
    expect(fix.placeholder?.uri).toBe(`${ROOT}/iam.tf`);
    expect(fixed.slice(fix.placeholder!.range.start, fix.placeholder!.range.end)).toBe('TODO-owner');
    // Applied blindly (CLI), the placeholder is still not an owner: the finding stays, now without a fix.
    const again = findingsOf(analyze('iam.tf', fixed), MISSING_OWNER);
    expect(again).toHaveLength(1);
    expect(again[0].message).toContain('without a real value');
    expect(again[0].fixes).toEqual([]);
    expect(analyze('iam.tf', fixed).notes).toEqual([]);
    // Once someone types the owner, the finding is gone.
    const typed = fixed.slice(0, fix.placeholder!.range.start) + 'billing-platform' + fixed.slice(fix.placeholder!.range.end);
    expect(findingsOf(analyze('iam.tf', typed), MISSING_OWNER)).toEqual([]);
  });
});

describe('Terraform', () => {
  const ws = { config: fromFlat({ 'owner.default': 'billing-platform' }) };

  it('adds a tags map when there is none', () => {
    expect(applyAndCheck('iam.tf', ROLE_TF, MISSING_OWNER, ws)).toBe(`resource "aws_iam_role" "invoice_worker" {
  name               = "billing-invoice-worker"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks.json

  tags = {
    owner = "billing-platform"
  }
}
`);
  });

  it('adds the key to a literal map, aligned, and uses the first configured key', () => {
    const text = `resource "aws_iam_user" "reporting" {
  name = "billing-reporting"
  tags = {
    Name        = "billing-reporting"
    Environment = "prod"
  }
}
`;
    const config = fromFlat({ 'owner.default': 'billing-platform', ownerTagKeys: ['Team', 'owner'] });
    expect(applyAndCheck('iam.tf', text, MISSING_OWNER, { config })).toContain(`    Environment = "prod"
    Team        = "billing-platform"
  }`);
  });

  it('quotes a prefixed key', () => {
    const config = fromFlat({ 'owner.default': 'billing-platform', ownerTagKeys: ['acme.io/owner'] });
    expect(applyAndCheck('iam.tf', ROLE_TF, MISSING_OWNER, { config })).toContain('"acme.io/owner" = "billing-platform"');
  });

  it('merges into merge(): the literal last argument, or a new one', () => {
    const multiLine = `locals {
  naming = { Name = "relay" }
}

resource "aws_iam_user" "smtp_relay" {
  name = "notifications-smtp-relay"
  tags = merge(local.naming, {
    purpose = "smtp relay"
  })
}
`;
    expect(applyAndCheck('iam.tf', multiLine, MISSING_OWNER, ws)).toContain(`  tags = merge(local.naming, {
    purpose = "smtp relay"
    owner   = "billing-platform"
  })`);
    const noLiteral = `locals {
  naming = { Name = "relay" }
  cost   = { cost-center = "cc-1" }
}

resource "aws_iam_user" "smtp_relay" {
  name = "notifications-smtp-relay"
  tags = merge(local.naming, local.cost)
}
`;
    expect(applyAndCheck('iam.tf', noLiteral, MISSING_OWNER, ws)).toContain('tags = merge(local.naming, local.cost, { owner = "billing-platform" })');
  });

  it('replaces a placeholder value where it is written (no duplicate key)', () => {
    const text = `resource "aws_iam_user" "partner_feed" {
  name = "billing-partner-feed"
  tags = {
    team = "TODO"
  }
}
`;
    const fixed = applyAndCheck('iam.tf', text, MISSING_OWNER, ws);
    expect(fixed).toContain('team = "billing-platform"');
    expect(fixed).not.toContain('owner');
  });

  it('offers nothing when the tags are not statically known', () => {
    for (const tags of ['var.tags', 'merge(var.tags, { Name = "x" })']) {
      const text = `resource "aws_iam_role" "exporter" {\n  name = "exporter"\n  tags = ${tags}\n}\n`;
      expect(findingsOf(analyze('iam.tf', text, ws), MISSING_OWNER)).toEqual([]);
    }
  });

  it('escapes template syntax in the value', () => {
    const config = fromFlat({ 'owner.default': 'team-${var.x}' });
    expect(applyAndCheck('iam.tf', ROLE_TF, MISSING_OWNER, { config })).toContain('owner = "team-$${var.x}"');
  });
});

describe('CloudFormation', () => {
  const files = { '.github/CODEOWNERS': 'stacks/ @acme/ingest\n' };

  it('appends to a block Tags list, quoting a CODEOWNERS handle', () => {
    const text = `Resources:
  IngestRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ingest
      Tags:
        - Key: purpose
          Value: ingest
  # A comment after the list stays after it.
  Queue:
    Type: AWS::SQS::Queue
`;
    const fixed = applyAndCheck('stacks/ingest.yaml', text, MISSING_OWNER, { files });
    expect(fixed).toContain(`          Value: ingest
        - Key: owner
          Value: "@acme/ingest"
  # A comment after the list stays after it.`);
  });

  it('adds Tags to flow-style Properties and to a resource without Properties', () => {
    const text = `Resources:
  MailerUser:
    Type: AWS::IAM::User
    Properties: { UserName: mailer }
  BounceUser:
    Type: AWS::IAM::User
`;
    const first = onlyFixOf('stacks/mail.yaml', text, 'MailerUser', files);
    expect(apply(text, first, 'stacks/mail.yaml')).toContain('Properties: { UserName: mailer, Tags: [{ Key: owner, Value: "@acme/ingest" }] }');
    const second = onlyFixOf('stacks/mail.yaml', text, 'BounceUser', files);
    expect(apply(text, second, 'stacks/mail.yaml')).toContain(`    Type: AWS::IAM::User
    Properties:
      Tags:
        - Key: owner
          Value: "@acme/ingest"
`);
  });

  it('appends to a multi-line JSON Tags array in its layout', () => {
    const text = `{
  "Resources": {
    "ReportRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "Tags": [
          { "Key": "purpose", "Value": "weekly-report" }
        ]
      }
    }
  }
}
`;
    expect(applyAndCheck('stacks/report.json', text, MISSING_OWNER, { files })).toContain(`          { "Key": "purpose", "Value": "weekly-report" },
          { "Key": "owner", "Value": "@acme/ingest" }
        ]`);
  });

  function onlyFixOf(path: string, text: string, logicalId: string, files: Record<string, string>): Fix {
    const finding = findingsOf(analyze(path, text, { files }), MISSING_OWNER).find((f) => f.message.includes(`.${logicalId} `));
    expect(finding?.fixes).toHaveLength(1);
    return finding!.fixes[0];
  }
});

describe('Kubernetes ServiceAccount', () => {
  const SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: invoice-worker
  namespace: billing
`;

  it('creates metadata.labels with a valid label value', () => {
    const config = fromFlat({ 'owner.default': 'team-billing' });
    expect(applyAndCheck('k8s/sa.yaml', SA, SA_OWNER, { config })).toBe(`${SA}  labels:
    owner: team-billing
`);
  });

  it('puts a value that is not a valid label value (a CODEOWNERS handle) into an annotation, unchanged', () => {
    const files = { CODEOWNERS: 'k8s/ @acme/billing\n' };
    const fix = onlyFix('k8s/sa.yaml', SA, SA_OWNER, { files });
    expect(fix.title).toContain('annotation');
    const fixed = applyAndCheck('k8s/sa.yaml', SA, SA_OWNER, { files });
    expect(fixed).toContain(`  annotations:
    owner: "@acme/billing"
`);
  });

  it('adds to an existing flow-style labels map and to JSON manifests', () => {
    const config = fromFlat({ 'owner.default': 'team-billing' });
    const flow = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: dunning
  labels: { app.kubernetes.io/name: dunning }
`;
    expect(applyAndCheck('k8s/flow.yaml', flow, SA_OWNER, { config })).toContain('labels: { app.kubernetes.io/name: dunning, owner: team-billing }');
    const json = `{ "apiVersion": "v1", "kind": "ServiceAccount", "metadata": { "name": "json-orphan" } }\n`;
    expect(applyAndCheck('k8s/sa.json', json, SA_OWNER, { config })).toBe(
      `{ "apiVersion": "v1", "kind": "ServiceAccount", "metadata": { "name": "json-orphan", "labels": { "owner": "team-billing" } } }\n`,
    );
  });

  it('offers nothing for labels written by a template', () => {
    const helm = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "app.serviceAccountName" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
`;
    for (const f of findingsOf(analyze('chart/templates/sa.yaml', helm, { config: fromFlat({ 'owner.default': 'x' }) }), SA_OWNER)) expect(f.fixes).toEqual([]);
  });
});
