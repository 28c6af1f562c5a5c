/**
 * The editor side of the workspace audit, over stdio against the built server:
 * re-audits analyse only changed files (content hash) and reuse the rest, the
 * `nhi/inventory` request, the `nhi/report` request (HTML with a strict CSP,
 * SARIF, JSON) and `nhi/createBaseline` with later audits hiding baselined
 * findings; untrusted workspaces may audit and read but not write a baseline.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditSummary, CreateBaselineResult, InventoryResult, ReportResult } from '../server/src/service/protocol';
import { useBuiltServer, type LspClientOptions, type TestLspClient } from './support/lsp-client';
import { fakeAccessKeyId } from './support/secrets';

const SECRET_RULE = 'secret/aws-access-key-id';

/**
 * A small platform repository: a CI user with a long-lived key (no owner), a
 * role with an owner and an over-broad inline policy, a ServiceAccount, a key
 * hard-coded in Python, a suppressed key, and hard negatives (the documented
 * sample key in a README, an env reference).
 */
function platformRepo(liveKey: string, suppressedKey: string): Record<string, string> {
  return {
    'infra/ci.tf': `# Deploy user for the legacy Jenkins pipeline.
resource "aws_iam_user" "jenkins" {
  name = "jenkins-deployer"
  path = "/ci/"
}

resource "aws_iam_access_key" "jenkins" {
  user = aws_iam_user.jenkins.name
}
`,
    'infra/roles.tf': `resource "aws_iam_role" "reporting" {
  name = "reporting-reader"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "read-reports"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = "*"
      }]
    })
  }

  tags = {
    owner = "data-platform"
  }
}
`,
    'k8s/serviceaccount.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ingest\n  namespace: pipelines\n',
    'app/settings.py': `import boto3\n\naws_access_key_id = "${liveKey}"\ns3 = boto3.client("s3", aws_access_key_id=aws_access_key_id)\n`,
    'app/legacy.py': `# nhi-ignore ${SECRET_RULE} reason="rotated in OPS-12" until=2099-03-31\naws_access_key_id = "${suppressedKey}"\n`,
    'docs/README.md': '# Setup\n\nConfigure the CLI with the documented sample key `AKIAIOSFODNN7EXAMPLE` (never a real one).\n',
    'src/region.ts': 'export const region = process.env.AWS_REGION ?? "eu-west-1";\n',
  };
}

const server = useBuiltServer('nhi-lsp-audit-');
const start = (options: LspClientOptions = {}): Promise<TestLspClient> => server.start(options);

type Summary = Required<AuditSummary>;

function rulesPublished(client: TestLspClient, file: string): string[] {
  return (client.lastPublished(file)?.diagnostics ?? []).map((d) => String(d.code)).sort();
}

describe('re-audit of changed files only', () => {
  it('reuses unchanged files by content hash and re-analyses changed, new and module-sibling files', async () => {
    const liveKey = fakeAccessKeyId();
    const client = await start({ files: platformRepo(liveKey, fakeAccessKeyId()) });

    const first = await client.audit<Summary>();
    expect(first).toMatchObject({ cancelled: false, filesScanned: 7, filesAnalysed: 7, filesReused: 0, findings: 6, suppressed: 1, baselined: 0 });
    expect(first.bySeverity).toEqual({ error: 2, warning: 4, info: 0 });
    expect(rulesPublished(client, 'app/settings.py')).toEqual(['credential/code-static-cloud-credentials', SECRET_RULE]);

    // Nothing changed: nothing is analysed, the results are the same.
    client.progress.length = 0;
    const second = await client.audit<Summary>();
    expect(second).toMatchObject({ filesScanned: 7, filesAnalysed: 0, filesReused: 7, findings: 6, suppressed: 1 });
    const messages = client.progress.map((p) => p.message ?? '').join('\n');
    expect(messages).toMatch(/Checking \d+\/7 files/);
    expect(client.logs.join('\n')).toMatch(/0 analysed, 7 unchanged and reused/);

    // The hard-coded key becomes an environment reference: only that file is analysed again, and its problems go.
    client.write('app/settings.py', 'import os\n\naws_access_key_id = os.environ["AWS_ACCESS_KEY_ID"]\n');
    const third = await client.audit<Summary>();
    expect(third).toMatchObject({ filesAnalysed: 1, filesReused: 6, findings: 4 });
    expect(rulesPublished(client, 'app/settings.py')).toEqual([]);

    // A Terraform module spans its directory: changing one .tf file re-analyses the other one too.
    client.write('infra/roles.tf', fs.readFileSync(path.join(client.workspace, 'infra/roles.tf'), 'utf8').replace('data-platform', 'reporting-team'));
    const fourth = await client.audit<Summary>();
    expect(fourth).toMatchObject({ filesAnalysed: 2, filesReused: 5, findings: 4 });

    // New files are analysed; deleted ones leave the results (and the Problems panel).
    client.write('k8s/deployer-sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: deployer\n  namespace: ci\n');
    fs.rmSync(path.join(client.workspace, 'k8s/serviceaccount.yaml'));
    const fifth = await client.audit<Summary>();
    expect(fifth).toMatchObject({ filesScanned: 7, filesAnalysed: 1, filesReused: 6, findings: 4 });
    expect(rulesPublished(client, 'k8s/serviceaccount.yaml')).toEqual([]);
    expect(rulesPublished(client, 'k8s/deployer-sa.yaml')).toEqual(['ownership/k8s-service-account-owner']);

    // A configuration change re-analyses everything.
    client.settings = { enable: true, rules: { 'ownership/k8s-service-account-owner': 'off' } };
    await client.configChanged();
    const sixth = await client.audit<Summary>();
    expect(sixth).toMatchObject({ filesAnalysed: 7, filesReused: 0, findings: 3 });

    // The reused results are those a fresh server computes from scratch.
    const fresh = await start({ settings: client.settings });
    fs.cpSync(client.workspace, fresh.workspace, { recursive: true });
    await fresh.audit();
    const strip = (inventory: InventoryResult) => JSON.parse(JSON.stringify(inventory).replaceAll(client.workspaceUri, '').replaceAll(fresh.workspaceUri, '')) as unknown;
    const incremental = await client.request<InventoryResult>('nhi/inventory');
    const scratch = await fresh.request<InventoryResult>('nhi/inventory');
    expect(strip({ ...incremental, generated: '' })).toEqual(strip({ ...scratch, generated: '' }));
    expect(await client.shutdown()).toBe(0);
  });
});

describe('nhi/inventory', () => {
  it('answers "not audited" before the first audit', async () => {
    const client = await start({ files: { 'src/region.ts': 'export const region = "eu-west-1";\n' } });
    expect(await client.request<InventoryResult>('nhi/inventory')).toMatchObject({ audited: false, identities: [], findings: [] });
  });

  it('lists identities with owner, credential, privileges and their findings, as plain JSON with masked values', async () => {
    const liveKey = fakeAccessKeyId();
    const suppressedKey = fakeAccessKeyId();
    const client = await start({ files: platformRepo(liveKey, suppressedKey) });
    const summary = await client.audit<Summary>();
    const inventory = await client.request<InventoryResult>('nhi/inventory');

    expect(inventory).toMatchObject({ audited: true, filesScanned: 7, suppressed: 1, baselined: 0 });
    expect(inventory.counts).toEqual(summary.bySeverity);
    expect(inventory.findings).toHaveLength(summary.findings);
    expect(Date.parse(inventory.generated!)).toBeGreaterThan(Date.now() - 60_000);

    const byName = new Map(inventory.identities.map((i) => [i.name, i]));
    const user = byName.get('aws_iam_user.jenkins')!;
    expect(user).toMatchObject({ category: 'iam', kind: 'aws-iam-user', credential: 'aws-access-key', longLived: true, source: 'declared', privileges: [] });
    expect(user.owner).toBeUndefined();
    expect(user.location).toMatchObject({ uri: client.uriOf('infra/ci.tf'), path: 'infra/ci.tf', start: { line: 1, character: 0 } });
    expect(user.findings.map((n) => inventory.findings[n].ruleId).sort()).toEqual(['credential/aws-iam-access-key', 'ownership/missing-owner-tag']);

    const role = byName.get('aws_iam_role.reporting')!;
    expect(role).toMatchObject({ category: 'iam', owner: 'data-platform', privileges: ['iam-wildcard-action'], longLived: false });
    expect(byName.get('pipelines/ingest')).toMatchObject({ category: 'service-account', kind: 'k8s-service-account' });

    // The key found in code: named masked, with its finding; the suppressed key and the doc sample are not in the inventory.
    const key = inventory.identities.find((i) => i.category === 'key-in-code')!;
    expect(key).toMatchObject({ source: 'referenced', location: { path: 'app/settings.py', start: { line: 2 } } });
    expect(key.name).toMatch(/^aws:AKIA…[A-Z0-9]{4}$/);
    expect(inventory.identities.filter((i) => i.category === 'key-in-code')).toHaveLength(1);
    expect(inventory.findings.some((f) => f.location.path === 'docs/README.md' || f.location.path === 'app/legacy.py')).toBe(false);

    // Every finding that names an identity points back at it.
    for (const identity of inventory.identities) for (const n of identity.findings) expect(inventory.findings[n].identity).toBe(identity.id);
    for (const f of inventory.findings) {
      expect(['secret', 'privilege', 'ownership', 'credential']).toContain(f.category);
      expect(f.location.uri.startsWith(client.workspaceUri)).toBe(true);
    }

    const json = JSON.stringify(inventory);
    expect(json).not.toContain(liveKey);
    expect(json).not.toContain(suppressedKey);
    expect(json).not.toMatch(/"(fixes|newText|edits)"/);
  });
});

describe('nhi/report', () => {
  it('renders the last audit as HTML for a webview: strict CSP with nonce and the webview source, nothing external, masked values, suppressions listed', async () => {
    const liveKey = fakeAccessKeyId();
    const suppressedKey = fakeAccessKeyId();
    const client = await start({ files: platformRepo(liveKey, suppressedKey) });
    expect(await client.request<ReportResult>('nhi/report', { format: 'html' })).toEqual({ audited: false, content: '' });
    await client.audit();

    const cspSource = 'https://*.vscode-cdn.net';
    const { audited, content } = await client.request<ReportResult>('nhi/report', { format: 'html', cspSource });
    expect(audited).toBe(true);
    // The attribute value is HTML-escaped (&#39; for the quotes).
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(content)?.[1]?.replaceAll('&#39;', "'");
    expect(csp).toBeDefined();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/_-]{16,}={0,2}'/);
    expect(csp).toContain(`style-src ${cspSource} 'nonce-`);
    const nonce = /'nonce-([^']+)'/.exec(csp!)![1];
    for (const tag of content.match(/<(script|style)\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
    expect(content).not.toMatch(/<(script|img|link|iframe)\b[^>]*\b(src|href)=/i);
    expect(content).not.toContain(liveKey);
    expect(content).not.toContain(suppressedKey);
    expect(content).toContain('AKIA…');
    expect(content).toContain('rotated in OPS-12');
    expect(content).toContain('aws_iam_user.jenkins');

    // A second render has a fresh nonce; an unusable CSP source is left out, not put in the policy.
    const again = (await client.request<ReportResult>('nhi/report', { format: 'html', cspSource: "'self' \"><script>" })).content;
    expect(/nonce="([^"]+)"/.exec(again)![1]).not.toBe(nonce);
    expect(again).not.toContain('"><script>');
  });

  it('exports SARIF and JSON, and rejects an unknown format with a clear error', async () => {
    const liveKey = fakeAccessKeyId();
    const client = await start({ files: platformRepo(liveKey, fakeAccessKeyId()) });
    await client.audit();
    const sarif = JSON.parse((await client.request<ReportResult>('nhi/report', { format: 'sarif' })).content);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.filter((r: { suppressions?: unknown[] }) => !r.suppressions?.length)).toHaveLength(6);
    const json = (await client.request<ReportResult>('nhi/report', { format: 'json', includeSuppressed: false })).content;
    expect(JSON.parse(json).files.map((f: { path: string }) => f.path)).toEqual(['app/settings.py', 'infra/ci.tf', 'infra/roles.tf', 'k8s/serviceaccount.yaml']);
    expect(json + JSON.stringify(sarif)).not.toContain(liveKey);
    await expect(client.request('nhi/report', { format: 'pdf' })).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/html, sarif, json/) });
    expect(await client.shutdown()).toBe(0);
  });
});

describe('nhi/createBaseline', () => {
  it('writes fingerprints only; later audits show new findings only, unless audit.showBaselined', async () => {
    const liveKey = fakeAccessKeyId();
    const client = await start({ files: platformRepo(liveKey, fakeAccessKeyId()) });
    await expect(client.request('nhi/createBaseline')).rejects.toMatchObject({ message: expect.stringMatching(/Audit Workspace/) });
    const first = await client.audit<Summary>();
    expect(rulesPublished(client, 'app/settings.py')).toHaveLength(2);

    const created = await client.request<CreateBaselineResult>('nhi/createBaseline');
    const file = path.join(client.workspace, '.nhi-baseline.json');
    expect(created.written).toEqual([{ uri: client.uriOf('.nhi-baseline.json'), findings: first.findings }]);
    const text = fs.readFileSync(file, 'utf8');
    const baseline = JSON.parse(text) as { version: number; findings: { fingerprint: string; ruleId: string; path: string }[] };
    expect(baseline.version).toBe(1);
    expect(baseline.findings).toHaveLength(6);
    for (const entry of baseline.findings) expect(Object.keys(entry).sort()).toEqual(['fingerprint', 'path', 'ruleId']);
    expect(text).not.toContain(liveKey);
    expect(text).not.toContain('AKIA');
    // The Problems panel drops the baselined findings at once.
    expect(rulesPublished(client, 'app/settings.py')).toEqual([]);

    // Later audits: only what is new.
    const newKey = fakeAccessKeyId();
    client.write('app/worker.py', `import boto3\n\nAWS_ACCESS_KEY_ID = "${newKey}"\n`);
    const second = await client.audit<Summary>();
    expect(second).toMatchObject({ baselined: 6, suppressed: 1, findings: 1 });
    expect(rulesPublished(client, 'app/worker.py')).toEqual([SECRET_RULE]);
    expect(rulesPublished(client, 'infra/ci.tf')).toEqual([]);
    const inventory = await client.request<InventoryResult>('nhi/inventory');
    expect(inventory).toMatchObject({ baselined: 6 });
    expect(inventory.findings.map((f) => f.location.path)).toEqual(['app/worker.py']);
    const report = (await client.request<ReportResult>('nhi/report', { format: 'html' })).content;
    expect(report).toMatch(/Baselined/);
    expect(report).not.toContain(newKey);

    // Rewriting an unchanged baseline gives the same bytes; asking for baselined findings shows them again.
    client.settings = { enable: true, audit: { showBaselined: true } };
    await client.configChanged();
    const third = await client.audit<Summary>();
    expect(third).toMatchObject({ baselined: 0, findings: 7 });
    expect(rulesPublished(client, 'infra/ci.tf')).toEqual(['credential/aws-iam-access-key', 'ownership/missing-owner-tag']);
  });

  it('a broken baseline file is reported and ignored, never a failed audit', async () => {
    const client = await start({ files: { ...platformRepo(fakeAccessKeyId(), fakeAccessKeyId()), '.nhi-baseline.json': '{"version": 1, "findings": [{"fingerprint": "not hex"}]}' } });
    const summary = await client.audit<Summary>();
    expect(summary).toMatchObject({ cancelled: false, findings: 6, baselined: 0 });
    expect(client.shown.map((m) => m.message).join('\n')).toMatch(/\.nhi-baseline\.json .*ignored: findings\[0\] has no valid "fingerprint"/);
  });

  it('in an untrusted workspace: audit, inventory and report work; creating a baseline is refused and writes nothing', async () => {
    const client = await start({ files: platformRepo(fakeAccessKeyId(), fakeAccessKeyId()), trusted: false });
    expect(await client.audit<Summary>()).toMatchObject({ findings: 6 });
    expect((await client.request<InventoryResult>('nhi/inventory')).identities.length).toBe(4);
    expect((await client.request<ReportResult>('nhi/report', { format: 'html' })).content).toContain('Content-Security-Policy');
    await expect(client.request('nhi/createBaseline')).rejects.toMatchObject({ message: expect.stringMatching(/trust the workspace/) });
    expect(fs.existsSync(path.join(client.workspace, '.nhi-baseline.json'))).toBe(false);
    // Granting trust allows it.
    await client.conn.sendNotification('nhi/didGrantWorkspaceTrust');
    await expect.poll(() => client.request<CreateBaselineResult>('nhi/createBaseline').then((r) => r.written.length, () => 0)).toBe(1);
  });
});
