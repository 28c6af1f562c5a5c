/**
 * The inventory the editor shows, without an editor: the server's view of an
 * audit (service/audit-views.ts) grouped by the client's tree model
 * (client/src/inventory-model.ts) by category, identity and file; multi-root
 * paths; the status-bar text.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInventoryTree, statusText, statusTooltip, type InventoryNode } from '../client/src/inventory-model';
import { initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { auditWorkspace } from '../server/src/engine/workspace';
import { inventoryView, type FolderAudit } from '../server/src/service/audit-views';
import type { InventoryResult } from '../server/src/service/protocol';

// Fake, checksum-free key ids built at run time (never a real key in the repository).
const KEY = ['AKIA', 'QW7ZK3XPLM4N2RTV'].join('');

const FILES: Record<string, string> = {
  'infra/ci.tf': 'resource "aws_iam_user" "jenkins" {\n  name = "jenkins-deployer"\n}\n\nresource "aws_iam_access_key" "jenkins" {\n  user = aws_iam_user.jenkins.name\n}\n',
  'infra/roles.tf': 'resource "aws_iam_role" "reporting" {\n  name = "reporting"\n  assume_role_policy = "{}"\n  tags = {\n    owner = "data-platform"\n  }\n}\n',
  'k8s/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ingest\n  namespace: pipelines\n',
  'app/settings.py': `import boto3\n\naws_access_key_id = "${KEY}"\n`,
  'docs/README.md': 'Use the documented sample `AKIAIOSFODNN7EXAMPLE` only.\n',
};

const roots: string[] = [];
let single: InventoryResult;

async function audited(name: string, files: Record<string, string>): Promise<FolderAudit> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-tree-')));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  const config = defaultConfig();
  const result = await auditWorkspace([root], { config, keepSuppressed: true });
  return { name, result, config, finished: new Date('2026-11-26T10:00:00Z') };
}

beforeAll(async () => {
  await initEngine();
  single = inventoryView([await audited('platform', FILES)]);
}, 60_000);

afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

const labels = (nodes: InventoryNode[]) => nodes.map((n) => n.label);
const find = (nodes: InventoryNode[], label: string) => nodes.find((n) => n.label === label)!;

describe('inventory tree', () => {
  it('is empty before an audit, so the view shows its welcome content', () => {
    const none: InventoryResult = { audited: false, identities: [], findings: [], counts: { error: 0, warning: 0, info: 0 }, filesScanned: 0, baselined: 0, suppressed: 0 };
    expect(buildInventoryTree(none, 'category')).toEqual([]);
    expect(statusText(none)).toBe('$(shield) NHI');
    expect(statusTooltip(none)).toMatch(/no workspace audit yet/);
  });

  it('groups identities by category, each with owner, credential, privileges, location and findings', () => {
    const tree = buildInventoryTree(single, 'category');
    expect(labels(tree)).toEqual(['IAM roles and users', 'Service accounts', 'Keys found in code']);
    const iam = find(tree, 'IAM roles and users');
    expect(labels(iam.children!)).toEqual(['aws_iam_user.jenkins', 'aws_iam_role.reporting']);
    const user = find(iam.children!, 'aws_iam_user.jenkins');
    expect(user.description).toBe('IAM user · no owner · aws-access-key (long-lived) — 2 findings');
    expect(user.tone).toBe('warning');
    expect(user.location).toMatchObject({ path: 'infra/ci.tf', start: { line: 0 } });
    const details = user.children!.slice(0, 4).map((n) => `${n.label}: ${n.description}`);
    expect(details).toEqual(['Owner: none', 'Credential: aws-access-key (long-lived)', 'Privileges: no over-broad privilege found', 'Declared: infra/ci.tf:1']);
    expect(user.children!.slice(4).map((n) => n.description?.split(' · ')[0]).sort()).toEqual(['credential/aws-iam-access-key', 'ownership/missing-owner-tag']);
    expect(find(iam.children!, 'aws_iam_role.reporting').description).toBe('IAM role · owner data-platform');

    const key = find(tree, 'Keys found in code').children![0];
    expect(key.label).toMatch(/^aws:AKIA…/);
    expect(key.children!.at(-1)).toMatchObject({ icon: 'error', tone: 'error', location: { path: 'app/settings.py', start: { line: 2 } } });
    expect(JSON.stringify(tree)).not.toContain(KEY);
  });

  it('groups by identity (flat) and by file; ids are unique so the view keeps its expansion state', () => {
    const byIdentity = buildInventoryTree(single, 'identity');
    expect(labels(byIdentity).sort()).toEqual(['aws_iam_role.reporting', 'aws_iam_user.jenkins', 'pipelines/ingest', expect.stringMatching(/^aws:AKIA…/)].sort());

    const byFile = buildInventoryTree(single, 'file');
    expect(labels(byFile)).toEqual(['app/settings.py', 'infra/ci.tf', 'infra/roles.tf', 'k8s/sa.yaml']);
    expect(find(byFile, 'infra/ci.tf').description).toBe('1 identity, 2 findings');
    expect(find(byFile, 'app/settings.py').tone).toBe('error');

    for (const tree of [byIdentity, byFile, buildInventoryTree(single, 'category')]) {
      const ids: string[] = [];
      const walk = (nodes: InventoryNode[]) => nodes.forEach((n) => (ids.push(n.id), walk(n.children ?? [])));
      walk(tree);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('lists findings that concern no identity in their own group', async () => {
    // A managed policy attached to nobody (yet): over-broad, but no identity holds it.
    const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]\n}\n';
    const inventory = inventoryView([await audited('svc', { 'iam/admin-policy.json': policy })]);
    expect(inventory.identities).toEqual([]);
    const tree = buildInventoryTree(inventory, 'identity');
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ id: 'u', label: 'Findings without an identity', description: '1 finding', tone: 'error' });
    expect(tree[0].children![0]).toMatchObject({ description: 'privilege/iam-wildcard-action · iam/admin-policy.json:3', location: { path: 'iam/admin-policy.json' } });
  });

  it('prefixes paths with the folder name in a multi-root workspace and counts findings for the status bar', async () => {
    const two = inventoryView([await audited('api', FILES), await audited('web', { 'app/settings.py': FILES['app/settings.py'] })]);
    expect(new Set(two.findings.map((f) => f.location.path.split('/')[0]))).toEqual(new Set(['api', 'web']));
    expect(two.counts.error).toBe(2 * single.counts.error);
    expect(statusText(two)).toBe(`$(shield) $(error) ${two.counts.error} $(warning) ${two.counts.warning} $(info) ${two.counts.info}`);
    expect(statusTooltip(two)).toMatch(/Click to open the inventory/);
  });
});
