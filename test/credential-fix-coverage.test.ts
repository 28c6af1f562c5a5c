/**
 * Workload-identity fixes added for the credential category's fix coverage
 * (issue 6): C#, Java and Go SDK clients → default credential chains, and
 * Kubernetes `kind: List` / JSON manifests → a ServiceAccount with the cloud's
 * workload-identity annotation. Each test applies the fix and checks that the
 * result still parses, the finding is gone, literal keys moved to the env file
 * (never lost, never shown), a second run has nothing left to do, and that the
 * cases where a fix would break the program get none.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as jsonc from 'jsonc-parser';
import * as YAML from 'yaml';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { applyFixToText } from './support/fix-workspace';
import type { Fix } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine(['a.cs', 'a.java', 'a.go']);
});

const ROOT = 'file:///ws';
const RULE = 'credential/code-static-cloud-credentials';
const K8S_RULE = 'credential/k8s-static-cloud-keys';

// Random fake credentials (never real keys).
const KEY_ID = 'AKIAQ3EGVS7TWNZUHK4P';
const SECRET = 'h7Lq2VxR9tWm4pKc8ZbN3yFd6GsJ1aUe5TiOo0Xr';

function analyze(path: string, text: string) {
  return analyzeText({ uri: `${ROOT}/${path}`, path, text }, { config: defaultConfig(), workspaceRoot: ROOT, validateFixes: true, readFile: () => undefined });
}

function fixOf(path: string, text: string, ruleId = RULE): Fix | undefined {
  const finding = analyze(path, text).findings.find((f) => f.ruleId === ruleId);
  expect(finding, `a ${ruleId} finding in ${path}`).toBeDefined();
  return finding!.fixes.find((f) => f.kind === 'workload-identity');
}

const apply = (path: string, text: string, fix: Fix) => applyFixToText(ROOT, path, text, fix);

/** Fix, apply, and check the invariants every fix here must keep. */
function fixed(path: string, text: string, ruleId = RULE): { text: string; files: Record<string, string>; fix: Fix } {
  const fix = fixOf(path, text, ruleId);
  expect(fix, `a workload-identity fix in ${path}`).toBeDefined();
  expect(fix!.preferred).toBe(true);
  const result = apply(path, text, fix!);
  const again = analyze(path, result.text);
  expect(again.notes.filter((n) => n.kind === 'parse-error')).toEqual([]);
  expect(again.findings.filter((f) => f.ruleId === ruleId && f.fixes.some((x) => x.kind !== 'suppress'))).toEqual([]);
  // Never lost, never shown: the title masks nothing because it holds no value at all.
  expect(fix!.title).not.toContain(SECRET);
  return { ...result, fix: fix! };
}

describe('C#', () => {
  const header = 'using Amazon.Runtime;\nusing Amazon.S3;\nusing Azure.Identity;\nusing Google.Apis.Auth.OAuth2;\n\nnamespace Acme.Export;\n\npublic static class Clients\n{\n';

  it('BasicAWSCredentials passed to the client → the client without them; literal keys move to .env.local', () => {
    const text = `${header}    public static AmazonS3Client S3() => new AmazonS3Client(new BasicAWSCredentials("${KEY_ID}", "${SECRET}"), Amazon.RegionEndpoint.EUWest1);\n}\n`;
    const r = fixed('src/Clients.cs', text);
    expect(r.text).toContain('new AmazonS3Client(Amazon.RegionEndpoint.EUWest1)');
    expect(r.text).not.toContain(SECRET);
    expect(r.files['.env.local']).toContain(`AWS_ACCESS_KEY_ID=${KEY_ID}`);
    expect(r.files['.env.local']).toContain(`AWS_SECRET_ACCESS_KEY=${SECRET}`);
    expect(r.files['.gitignore']).toContain('.env.local');
  });

  it('credentials in a local variable read once: the declaration goes too', () => {
    const text = `${header}    public static AmazonS3Client S3(IConfiguration c)\n    {\n        var creds = new BasicAWSCredentials(c["Aws:Id"], c["Aws:Secret"]);\n        return new AmazonS3Client(creds);\n    }\n}\n`;
    const r = fixed('src/Clients.cs', text);
    expect(r.text).not.toContain('creds');
    expect(r.text).toContain('return new AmazonS3Client();');
  });

  it('credentials used twice, or given to something that is not an AWS client: no fix', () => {
    const twice = `${header}    public static object S3(IConfiguration c)\n    {\n        var creds = new BasicAWSCredentials(c["Aws:Id"], c["Aws:Secret"]);\n        Log(creds);\n        return new AmazonS3Client(creds);\n    }\n}\n`;
    expect(fixOf('src/Clients.cs', twice)).toBeUndefined();
    const other = `${header}    public static object S3(IConfiguration c) => new CredentialCache(new BasicAWSCredentials(c["Aws:Id"], c["Aws:Secret"]));\n}\n`;
    expect(fixOf('src/Clients.cs', other)).toBeUndefined();
  });

  it('ClientSecretCredential → DefaultAzureCredential; GoogleCredential.FromFile → GetApplicationDefault', () => {
    const azure = fixed('src/Azure.cs', `${header}    public static object Make(string t, string c, string s) => new ClientSecretCredential(t, c, s);\n}\n`);
    expect(azure.text).toContain('=> new DefaultAzureCredential();');
    const gcp = fixed('src/Gcp.cs', `${header}    public static object Make() => GoogleCredential.FromFile("/etc/export/sa.json");\n}\n`);
    expect(gcp.text).toContain('=> GoogleCredential.GetApplicationDefault();');
  });
});

describe('Java', () => {
  const imports = (extra: string) => `package com.acme.export;\n\n${extra}import software.amazon.awssdk.regions.Region;\nimport software.amazon.awssdk.services.s3.S3Client;\n\n`;

  it('StaticCredentialsProvider.create(AwsBasicCredentials.create(…)) → DefaultCredentialsProvider.create(); imports follow', () => {
    const text = `${imports('import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;\nimport software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;\n')}public class S3 {\n    S3Client s3() {\n        return S3Client.builder().region(Region.EU_WEST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("${KEY_ID}", "${SECRET}"))).build();\n    }\n}\n`;
    const r = fixed('src/main/java/com/acme/export/S3.java', text);
    expect(r.text).toContain('.credentialsProvider(DefaultCredentialsProvider.create())');
    expect(r.text).toContain('import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;');
    expect(r.text).not.toContain('import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;');
    expect(r.text).not.toContain('AwsBasicCredentials');
    expect(r.files['.env.local']).toContain(`AWS_SECRET_ACCESS_KEY=${SECRET}`);
    // Idempotent: applying the same fix to the result has nothing to do.
    expect(analyze('src/main/java/com/acme/export/S3.java', r.text).findings.filter((f) => f.ruleId === RULE)).toEqual([]);
  });

  it('a key stream opened in try-with-resources for fromStream: the try is unwrapped', () => {
    const text = `package com.acme.export;\n\nimport com.google.auth.oauth2.GoogleCredentials;\nimport java.io.FileInputStream;\nimport java.io.IOException;\n\npublic class Gcs {\n    GoogleCredentials creds() throws IOException {\n        try (FileInputStream key = new FileInputStream("/etc/export/sa.json")) {\n            return GoogleCredentials.fromStream(key);\n        }\n    }\n}\n`;
    const r = fixed('src/main/java/com/acme/export/Gcs.java', text);
    expect(r.text).toContain('    GoogleCredentials creds() throws IOException {\n        return GoogleCredentials.getApplicationDefault();\n    }\n');
    expect(r.text).not.toContain('FileInputStream');
  });

  it('a stream with a catch clause keeps the key file opened: no fix', () => {
    const text = `package com.acme.export;\n\nimport com.google.auth.oauth2.GoogleCredentials;\nimport java.io.FileInputStream;\n\npublic class Gcs {\n    GoogleCredentials creds() {\n        try (FileInputStream key = new FileInputStream("/etc/export/sa.json")) {\n            return GoogleCredentials.fromStream(key);\n        } catch (Exception e) {\n            return null;\n        }\n    }\n}\n`;
    expect(fixOf('src/main/java/com/acme/export/Gcs.java', text)).toBeUndefined();
  });

  it('ClientSecretCredentialBuilder with extra settings is left alone (they would be dropped silently)', () => {
    const text = `package com.acme.export;\n\nimport com.azure.identity.ClientSecretCredentialBuilder;\n\npublic class Az {\n    Object cred(P p) {\n        return new ClientSecretCredentialBuilder().tenantId(p.t()).clientId(p.c()).clientSecret(p.s()).authorityHost(p.h()).build();\n    }\n}\n`;
    expect(fixOf('src/main/java/com/acme/export/Az.java', text)).toBeUndefined();
  });
});

describe('Go', () => {
  const file = (body: string, imports: string[]) => `package export\n\nimport (\n${imports.map((i) => `\t"${i}"\n`).join('')})\n\n${body}`;

  it('WithCredentialsProvider(NewStaticCredentialsProvider(…)) leaves LoadDefaultConfig; the unused import goes', () => {
    const text = file(`func Load(ctx context.Context) (aws.Config, error) {\n\treturn config.LoadDefaultConfig(ctx,\n\t\tconfig.WithRegion("eu-west-1"),\n\t\tconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("${KEY_ID}", "${SECRET}", "")),\n\t)\n}\n`, ['context', 'github.com/aws/aws-sdk-go-v2/aws', 'github.com/aws/aws-sdk-go-v2/config', 'github.com/aws/aws-sdk-go-v2/credentials']);
    const r = fixed('internal/export/aws.go', text);
    expect(r.text).toContain('\treturn config.LoadDefaultConfig(ctx,\n\t\tconfig.WithRegion("eu-west-1"),\n\t)\n');
    expect(r.text).not.toContain('"github.com/aws/aws-sdk-go-v2/credentials"');
    expect(r.files['.env.local']).toContain(`AWS_ACCESS_KEY_ID=${KEY_ID}`);
  });

  it('NewClientSecretCredential(…, nil) → NewDefaultAzureCredential(nil); "os" goes when nothing else reads it', () => {
    const text = file('func Cred() (*azidentity.DefaultAzureCredential, error) {\n\treturn azidentity.NewClientSecretCredential(os.Getenv("T"), os.Getenv("C"), os.Getenv("S"), nil)\n}\n', ['os', 'github.com/Azure/azure-sdk-for-go/sdk/azidentity']);
    const r = fixed('internal/export/az.go', text);
    expect(r.text).toContain('return azidentity.NewDefaultAzureCredential(nil)');
    expect(r.text).not.toContain('"os"');
  });

  it('option.WithCredentialsFile is removed from the constructor; CredentialsFromJSON → FindDefaultCredentials', () => {
    const imports = ['context', 'cloud.google.com/go/storage', 'golang.org/x/oauth2/google', 'google.golang.org/api/option'];
    const keyFile = fixed('internal/export/gcs.go', file('func New(ctx context.Context) {\n\tstorage.NewClient(ctx, option.WithCredentialsFile("/etc/sa.json"))\n\t_ = google.Endpoint\n}\n', imports));
    expect(keyFile.text).toContain('\tstorage.NewClient(ctx)\n');
    expect(keyFile.text).not.toContain('"google.golang.org/api/option"');
    const fromJson = fixed('internal/export/gcp.go', file('func New(ctx context.Context, key []byte) {\n\tstorage.NewClient(ctx, option.WithScopes("s"))\n\tgoogle.CredentialsFromJSON(ctx, key, "scope")\n}\n', imports));
    expect(fromJson.text).toContain('\tgoogle.FindDefaultCredentials(ctx, "scope")\n');
    expect(fromJson.text).toContain('"google.golang.org/api/option"');
  });

  it('a static provider in s3.Options (no default chain there) or client-secret options: no fix', () => {
    const options = file(`func New() *s3.Client {\n\treturn s3.New(s3.Options{Credentials: credentials.NewStaticCredentialsProvider(k, s, "")})\n}\n`, ['github.com/aws/aws-sdk-go-v2/credentials', 'github.com/aws/aws-sdk-go-v2/service/s3']);
    expect(fixOf('internal/export/s3.go', options)).toBeUndefined();
    const opts = file('func Cred(o *azidentity.ClientSecretCredentialOptions) {\n\tazidentity.NewClientSecretCredential(t, c, s, o)\n}\n', ['github.com/Azure/azure-sdk-for-go/sdk/azidentity']);
    expect(fixOf('internal/export/az.go', opts)).toBeUndefined();
  });
});

describe('Kubernetes List and JSON manifests', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'exporter', namespace: 'billing' },
    spec: {
      selector: { matchLabels: { app: 'exporter' } },
      template: {
        metadata: { labels: { app: 'exporter' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/exporter:1.0.0',
              env: [
                { name: 'AWS_ACCESS_KEY_ID', value: KEY_ID },
                { name: 'AWS_SECRET_ACCESS_KEY', value: SECRET },
                { name: 'LOG_LEVEL', value: 'info' },
              ],
            },
          ],
        },
      },
    },
  };

  it('JSON List: keys removed, values moved, a ServiceAccount item added with IRSA', () => {
    const text = `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [deployment] }, null, 2)}\n`;
    const r = fixed('k8s/exporter.json', text, K8S_RULE);
    const out = JSON.parse(r.text);
    const sa = out.items.find((i: { kind: string }) => i.kind === 'ServiceAccount');
    expect(sa.metadata).toEqual({ name: 'exporter', namespace: 'billing', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::ACCOUNT_ID:role/exporter' } });
    expect(out.items[0].spec.template.spec.serviceAccountName).toBe('exporter');
    expect(out.items[0].spec.template.spec.containers[0].env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
    expect(r.files['.env.local']).toContain(`AWS_SECRET_ACCESS_KEY=${SECRET}`);
    // Indentation and the untouched lines are kept as they were.
    expect(r.text.startsWith('{\n  "apiVersion": "v1",\n  "kind": "List",\n')).toBe(true);
    expect(jsonc.parseTree(r.text)).toBeDefined();
  });

  it('a single JSON manifest without a ServiceAccount in the file gets no fix (a JSON file holds one object)', () => {
    expect(fixOf('k8s/exporter.json', `${JSON.stringify(deployment, null, 2)}\n`, K8S_RULE)).toBeUndefined();
  });

  it('YAML List: the new ServiceAccount becomes the next list item, in the list\'s layout', () => {
    const text = YAML.stringify({ apiVersion: 'v1', kind: 'List', items: [deployment] });
    const r = fixed('k8s/exporter.yaml', text, K8S_RULE);
    const out = YAML.parse(r.text);
    expect(out.kind).toBe('List');
    expect(out.items).toHaveLength(2);
    expect(out.items[1]).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'exporter', namespace: 'billing', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::ACCOUNT_ID:role/exporter' } } });
    expect(r.text).not.toContain(SECRET);
  });

  it('Azure on a Pod without labels: metadata gains the azure.workload.identity/use label', () => {
    const text = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: worker\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: worker\nspec:\n  serviceAccountName: worker\n  containers:\n    - name: app\n      image: registry.example.com/worker:1.0.0\n      env:\n        - name: AZURE_CLIENT_ID\n          value: 3f1c2a9e-7b4d-4e1a-9c6f-2d8e5b7a1c40\n        - name: AZURE_CLIENT_SECRET\n          valueFrom:\n            secretKeyRef: { name: worker-azure, key: secret }\n`;
    const r = fixed('k8s/worker.yaml', text, K8S_RULE);
    const [sa, pod] = YAML.parseAllDocuments(r.text).map((d) => d.toJS());
    expect(pod.metadata.labels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(sa.metadata.annotations).toEqual({ 'azure.workload.identity/client-id': '3f1c2a9e-7b4d-4e1a-9c6f-2d8e5b7a1c40' });
  });
});
