/**
 * "Long-lived credential → workload identity" fixes beyond the fixture files:
 * literal values are moved (never lost), the result parses and the finding is
 * gone, a second application has nothing to do, and the cases where no fix is
 * the right answer stay without one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { applyFixToText } from './support/fix-workspace';
import type { Fix } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine(['a.py', 'a.ts']);
});

const ROOT = 'file:///ws';
const config = defaultConfig();

function analyze(path: string, text: string, files: Record<string, string> = {}) {
  return analyzeText({ uri: `${ROOT}/${path}`, path, text }, { config, workspaceRoot: ROOT, readFile: (uri) => files[uri.slice(ROOT.length + 1)] });
}

function wiFix(path: string, text: string, ruleId: string): Fix | undefined {
  const finding = analyze(path, text).findings.find((f) => f.ruleId === ruleId);
  expect(finding, `a ${ruleId} finding`).toBeDefined();
  return finding!.fixes.find((f) => f.kind === 'workload-identity');
}

const apply = (path: string, text: string, fix: Fix) => applyFixToText(ROOT, path, text, fix);

// Random fake credentials (never real keys).
const KEY_ID = 'AKIAQ3EGVS7TWNZUHK4P';
const SECRET = 'h7Lq2VxR9tWm4pKc8ZbN3yFd6GsJ1aUe5TiOo0Xr';

describe('Kubernetes', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: invoice-sync
  namespace: billing
spec:
  selector:
    matchLabels:
      app: invoice-sync
  template:
    metadata:
      labels:
        app: invoice-sync
    spec:
      containers:
        - name: sync
          image: registry.example.com/invoice-sync:3.2.1
          env:
            - name: AWS_ACCESS_KEY_ID
              value: ${KEY_ID}
            - name: AWS_SECRET_ACCESS_KEY
              value: "${SECRET}"
            - name: AWS_REGION
              value: eu-central-1
`;

  it('moves literal keys to the env file, adds an IRSA ServiceAccount, and the finding is gone', () => {
    const fix = wiFix('deploy/invoice-sync.yaml', deployment, 'credential/k8s-static-cloud-keys');
    expect(fix).toBeDefined();
    const { text, files } = apply('deploy/invoice-sync.yaml', deployment, fix!);
    expect(files['.env.local']).toBe(`AWS_ACCESS_KEY_ID=${KEY_ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`);
    expect(files['.gitignore']).toBe('.env.local\n');
    expect(text).not.toContain(KEY_ID);
    expect(text).not.toContain(SECRET);
    const docs = YAML.parseAllDocuments(text);
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    const [workload, sa] = docs.map((d) => d.toJS());
    expect(workload.spec.template.spec.serviceAccountName).toBe('invoice-sync');
    expect(workload.spec.template.spec.containers[0].env).toEqual([{ name: 'AWS_REGION', value: 'eu-central-1' }]);
    expect(sa).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'invoice-sync', namespace: 'billing', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::ACCOUNT_ID:role/invoice-sync' } },
    });
    const again = analyze('deploy/invoice-sync.yaml', text, files);
    expect(again.findings.filter((f) => f.ruleId === 'credential/k8s-static-cloud-keys')).toEqual([]);
  });

  it('annotates the ServiceAccount the pod already names when it is in the file', () => {
    const text = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: indexer
  namespace: search
---
apiVersion: v1
kind: Pod
metadata:
  name: indexer-once
  namespace: search
  labels:
    app: indexer
spec:
  serviceAccountName: indexer
  containers:
    - name: indexer
      image: registry.example.com/indexer:1.4.0
      env:
        - name: AZURE_CLIENT_ID
          value: 6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c
        - name: AZURE_CLIENT_SECRET
          valueFrom:
            secretKeyRef: { name: indexer-sp, key: secret }
`;
    const fix = wiFix('pod.yaml', text, 'credential/k8s-static-cloud-keys');
    expect(fix).toBeDefined();
    const fixed = apply('pod.yaml', text, fix!);
    expect(Object.keys(fixed.files)).toEqual([]); // nothing literal to move
    const [sa, pod] = YAML.parseAllDocuments(fixed.text).map((d) => d.toJS());
    expect(sa.metadata.annotations).toEqual({ 'azure.workload.identity/client-id': '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c' });
    expect(pod.metadata.labels).toEqual({ app: 'indexer', 'azure.workload.identity/use': 'true' });
    expect(pod.spec.containers[0].env).toEqual([{ name: 'AZURE_CLIENT_ID', value: '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c' }]);
  });

  it('offers nothing when the pod runs as a ServiceAccount declared elsewhere', () => {
    const text = deployment.replace('    spec:\n      containers:', '    spec:\n      serviceAccountName: shared-sync\n      containers:');
    expect(wiFix('deploy.yaml', text, 'credential/k8s-static-cloud-keys')).toBeUndefined();
  });
});

describe('GitHub Actions', () => {
  const workflow = (permissions: string) => `name: nightly
on:
  schedule:
    - cron: "0 2 * * *"
${permissions}jobs:
  export:
    runs-on: ubuntu-latest
    steps:
      - uses: google-github-actions/auth@v2
        with:
          credentials_json: \${{ secrets.GCP_EXPORT_KEY }}
      - run: bq extract reports.daily gs://exports/daily.csv
`;

  it('copies the workflow permissions into the job and adds only id-token: write', () => {
    const text = workflow('permissions:\n  contents: read\n  issues: write\n');
    const fix = wiFix('.github/workflows/nightly.yml', text, 'credential/ci-static-cloud-keys')!;
    const job = YAML.parse(apply('.github/workflows/nightly.yml', text, fix).text).jobs.export;
    expect(job.permissions).toEqual({ contents: 'read', issues: 'write', 'id-token': 'write' });
    expect(job.steps[0].with).toEqual({ workload_identity_provider: '${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}', service_account: '${{ vars.GCP_SERVICE_ACCOUNT }}' });
  });

  it('leaves write-all alone and offers nothing for read-all', () => {
    const writeAll = workflow('permissions: write-all\n');
    const fix = wiFix('.github/workflows/nightly.yml', writeAll, 'credential/ci-static-cloud-keys')!;
    expect(YAML.parse(apply('.github/workflows/nightly.yml', writeAll, fix).text).jobs.export.permissions).toBeUndefined();
    expect(wiFix('.github/workflows/nightly.yml', workflow('permissions: read-all\n'), 'credential/ci-static-cloud-keys')).toBeUndefined();
  });
});

describe('code', () => {
  it('boto3 literal keys go to the env file under the names the default chain reads', () => {
    const text = `import boto3


def archive_client():
    return boto3.client("s3", region_name="eu-west-1", aws_access_key_id="${KEY_ID}", aws_secret_access_key="${SECRET}")
`;
    const fix = wiFix('jobs/archive.py', text, 'credential/code-static-cloud-credentials')!;
    expect(fix).toBeDefined();
    const fixed = apply('jobs/archive.py', text, fix);
    expect(fixed.text).toContain('return boto3.client("s3", region_name="eu-west-1")\n');
    expect(fixed.files['.env.local']).toBe(`AWS_ACCESS_KEY_ID=${KEY_ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`);
    const again = analyze('jobs/archive.py', fixed.text, fixed.files);
    expect(again.findings.filter((f) => f.ruleId.startsWith('credential/'))).toEqual([]);
    expect(again.notes.filter((n) => n.kind === 'parse-error')).toEqual([]);
  });

  it('ClientSecretCredential → DefaultAzureCredential keeps the import when it is still used', () => {
    const text = `import { ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import { config } from './config';

export const legacy = new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret);
export function other(secret: string) {
  return new ClientSecretCredential(config.tenantId, config.clientId, secret);
}
`;
    const findings = analyze('src/azure.ts', text).findings.filter((f) => f.ruleId === 'credential/code-static-cloud-credentials');
    expect(findings).toHaveLength(2);
    const fix = findings[0].fixes[0];
    const fixed = apply('src/azure.ts', text, fix).text;
    expect(fixed).toContain("import { ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';");
    expect(fixed).toContain('export const legacy = new DefaultAzureCredential();');
  });
});
