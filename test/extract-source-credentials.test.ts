/**
 * Source credentials extractor: SDK clients built with static keys / client secrets /
 * key files in Python, TypeScript/JavaScript and C#, and the default chains,
 * temporary credentials and test dummies it must not report.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { disposeDocument, parseDocument } from '../server/src/engine/documents/parse';
import { sourceCredentialsExtractor } from '../server/src/engine/extract/source-credentials';
import type { CredentialUseFact } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine(['a.py', 'a.ts', 'a.js', 'a.cs']);
});

function extract(text: string, path: string): { facts: CredentialUseFact[]; at: string[] } {
  const d = parseDocument({ uri: `file:///ws/${path}`, path, text });
  try {
    const facts = sourceCredentialsExtractor.applies(d) ? (sourceCredentialsExtractor.extract(d) as CredentialUseFact[]) : [];
    return { facts, at: facts.map((f) => text.slice(f.headerRange.start, f.headerRange.end)) };
  } finally {
    disposeDocument(d);
  }
}

describe('source-credentials extractor: Python', () => {
  it('reports boto3 clients and sessions with explicit keys', () => {
    const text = [
      'import boto3, os',
      's3 = boto3.client("s3", aws_access_key_id=os.environ["KEY"], aws_secret_access_key=os.environ["SECRET"])',
      'session = boto3.Session(aws_access_key_id=cfg.key_id, aws_secret_access_key=cfg.secret)',
      'default = boto3.client("s3")',
      'sts_creds = sts.assume_role(RoleArn=arn, RoleSessionName="x")["Credentials"]',
      'tmp = boto3.client("s3", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])',
      'local = boto3.client("s3", endpoint_url="http://localhost:4566", aws_access_key_id="test", aws_secret_access_key="test")',
      'none = boto3.client("s3", aws_access_key_id=None, aws_secret_access_key=None)',
      '',
    ].join('\n');
    const { facts, at } = extract(text, 'app/storage.py');
    expect(facts.map((f) => [f.name, f.mechanism, f.resourceType])).toEqual([
      ['boto3.client', 'aws-access-key', 'code:aws-sdk'],
      ['boto3.Session', 'aws-access-key', 'code:aws-sdk'],
    ]);
    expect(at[0]).toBe('aws_access_key_id=os.environ["KEY"]');
  });

  it('reports Azure client secrets and GCP key files, not default credentials', () => {
    const text = [
      'from azure.identity import ClientSecretCredential, DefaultAzureCredential',
      'from google.oauth2 import service_account',
      'import google.auth',
      'cred = ClientSecretCredential(tenant_id, client_id, os.environ["AZURE_CLIENT_SECRET"])',
      'ok = DefaultAzureCredential()',
      'sa = service_account.Credentials.from_service_account_file("sa.json")',
      'client = storage.Client.from_service_account_json(path)',
      'creds, project = google.auth.default()',
      'fake = ClientSecretCredential("tenant", "client", client_secret="dummy")',
      '',
    ].join('\n');
    expect(extract(text, 'app/clients.py').facts.map((f) => [f.name, f.mechanism])).toEqual([
      ['ClientSecretCredential', 'azure-client-secret'],
      ['service_account.Credentials.from_service_account_file', 'gcp-service-account-key'],
      ['storage.Client.from_service_account_json', 'gcp-service-account-key'],
    ]);
  });
});

describe('source-credentials extractor: TypeScript / JavaScript', () => {
  it('reports static credentials objects and Azure/GCP secrets, not default chains', () => {
    const text = [
      "import { S3Client } from '@aws-sdk/client-s3';",
      "import { fromTemporaryCredentials, fromWebToken } from '@aws-sdk/credential-providers';",
      'const a = new S3Client({ region, credentials: { accessKeyId: process.env.KEY!, secretAccessKey: process.env.SECRET! } });',
      'const b = new S3Client({ region });',
      'const c = new S3Client({ credentials: fromTemporaryCredentials({ params: { RoleArn: arn } }) });',
      'const d = new S3Client({ credentials: { accessKeyId, secretAccessKey, sessionToken } });',
      "const e = new S3Client({ endpoint: 'http://localhost:4566', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });",
      'const f = new ClientSecretCredential(tenantId, clientId, process.env.AZURE_CLIENT_SECRET!);',
      'const g = new DefaultAzureCredential();',
      "const h = new Storage({ keyFilename: './sa.json' });",
      'const i = new Storage();',
      '',
    ].join('\n');
    const { facts, at } = extract(text, 'src/clients.ts');
    expect(facts.map((f) => [f.name, f.mechanism])).toEqual([
      ['S3Client', 'aws-access-key'],
      ['ClientSecretCredential', 'azure-client-secret'],
      ['Storage', 'gcp-service-account-key'],
    ]);
    expect(at[0]).toBe('accessKeyId: process.env.KEY!');
  });

  it('reads plain JavaScript too', () => {
    const text = "const AWS = require('aws-sdk');\nAWS.config.update({ accessKeyId: cfg.id, secretAccessKey: cfg.secret });\nconst c = new AWS.Credentials(cfg.id, cfg.secret);\n";
    expect(extract(text, 'lib/aws.js').facts.map((f) => f.mechanism)).toEqual(['aws-access-key', 'aws-access-key']);
  });
});

describe('source-credentials extractor: C#', () => {
  it('reports ClientSecretCredential, BasicAWSCredentials and GoogleCredential.FromFile', () => {
    const text = [
      'using Azure.Identity;',
      'class Clients {',
      '  void Build() {',
      '    var a = new ClientSecretCredential(tenantId, clientId, config["Azure:ClientSecret"]);',
      '    var b = new DefaultAzureCredential();',
      '    var c = new BasicAWSCredentials(config["Aws:KeyId"], config["Aws:Secret"]);',
      '    var d = new SessionAWSCredentials(k, s, t);',
      '    var e = GoogleCredential.FromFile("sa.json");',
      '    var f = GoogleCredential.GetApplicationDefault();',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(extract(text, 'src/Clients.cs').facts.map((f) => [f.name, f.mechanism])).toEqual([
      ['ClientSecretCredential', 'azure-client-secret'],
      ['BasicAWSCredentials', 'aws-access-key'],
      ['GoogleCredential.FromFile', 'gcp-service-account-key'],
    ]);
  });
});
