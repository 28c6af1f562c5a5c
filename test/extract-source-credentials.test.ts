/**
 * Source credentials extractor: SDK clients built with static keys / client secrets /
 * key files in Python, TypeScript/JavaScript, C#, Java and Go, and the default chains,
 * temporary credentials and test dummies it must not report.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { disposeDocument, parseDocument } from '../server/src/engine/documents/parse';
import { sourceCredentialsExtractor } from '../server/src/engine/extract/source-credentials';
import type { CredentialUseFact } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine(['a.py', 'a.ts', 'a.js', 'a.cs', 'A.java', 'a.go']);
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

describe('source-credentials extractor: Java', () => {
  it('reports AWS SDK v2/v1 static keys, not session credentials or the provider chains', () => {
    const text = [
      'package com.acme.billing;',
      'class S3Config {',
      '  S3Client s3() {',
      '    return S3Client.builder()',
      '        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(props.getAccessKeyId(), props.getSecretAccessKey())))',
      '        .build();',
      '  }',
      '  AmazonS3 legacy() {',
      '    return AmazonS3ClientBuilder.standard().withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY")))).build();',
      '  }',
      '  AwsCredentials qualified() { return software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(keyId, secret); }',
      '  AwsCredentials built() { return AwsBasicCredentials.builder().accessKeyId(keyId).secretAccessKey(secret).build(); }',
      '  AwsCredentials session() { return AwsSessionCredentials.create(keyId, secret, token); }',
      '  AwsCredentialsProvider chain() { return DefaultCredentialsProvider.create(); }',
      '  AwsCredentialsProvider profile() { return ProfileCredentialsProvider.create("billing"); }',
      '  AwsCredentialsProvider web() { return WebIdentityTokenFileCredentialsProvider.create(); }',
      '  AwsCredentials local() { return AwsBasicCredentials.create("test", "test"); }',
      '  AwsCredentials sample() { return AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"); }',
      '}',
      '',
    ].join('\n');
    const { facts, at } = extract(text, 'src/main/java/com/acme/billing/S3Config.java');
    expect(facts.map((f) => [f.name, f.mechanism, f.resourceType])).toEqual([
      ['AwsBasicCredentials.create', 'aws-access-key', 'code:aws-sdk'],
      ['BasicAWSCredentials', 'aws-access-key', 'code:aws-sdk'],
      ['AwsBasicCredentials.create', 'aws-access-key', 'code:aws-sdk'],
      ['AwsBasicCredentials.builder', 'aws-access-key', 'code:aws-sdk'],
    ]);
    expect(at).toEqual(['AwsBasicCredentials.create', 'BasicAWSCredentials', 'software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create', 'AwsBasicCredentials.builder']);
  });

  it('reports the Azure client-secret builder and GCP key streams, not default or workload identity', () => {
    const text = [
      'class Clients {',
      '  void build() throws IOException {',
      '    TokenCredential a = new ClientSecretCredentialBuilder()',
      '        .tenantId(tenantId)',
      '        .clientId(clientId)',
      '        .clientSecret(System.getenv("AZURE_CLIENT_SECRET"))',
      '        .build();',
      '    TokenCredential b = new DefaultAzureCredentialBuilder().build();',
      '    TokenCredential c = new WorkloadIdentityCredentialBuilder().clientId(clientId).build();',
      '    TokenCredential d = new ManagedIdentityCredentialBuilder().build();',
      '    TokenCredential e = new ClientSecretCredentialBuilder().tenantId("t").clientId("c").clientSecret("dummy").build();',
      '    GoogleCredentials f = GoogleCredentials.fromStream(new FileInputStream("/etc/billing/sa.json"));',
      '    GoogleCredentials g = ServiceAccountCredentials.fromStream(getClass().getResourceAsStream("/key.json"));',
      '    GoogleCredentials h = GoogleCredentials.getApplicationDefault();',
      '  }',
      '}',
      '',
    ].join('\n');
    const { facts, at } = extract(text, 'src/main/java/com/acme/Clients.java');
    expect(facts.map((f) => [f.name, f.mechanism])).toEqual([
      ['ClientSecretCredentialBuilder', 'azure-client-secret'],
      ['GoogleCredentials.fromStream', 'gcp-service-account-key'],
      ['ServiceAccountCredentials.fromStream', 'gcp-service-account-key'],
    ]);
    expect(at[0]).toBe('ClientSecretCredentialBuilder');
    // The fact spans the whole builder chain, up to build().
    expect(text.slice(facts[0].range.start, facts[0].range.end)).toMatch(/^new ClientSecretCredentialBuilder\(\)[\s\S]*\.build\(\)$/);
  });
});

describe('source-credentials extractor: Go', () => {
  it('reports static AWS providers and credential literals, not session tokens or dummies', () => {
    const text = [
      'package storage',
      '',
      'func newClients(ctx context.Context, cfg Config) {',
      '\tv2, _ := config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), "")))',
      '\tv1 := session.Must(session.NewSession(&aws.Config{Credentials: credentials.NewStaticCredentials(cfg.KeyID, cfg.Secret, ``)}))',
      '\tlit := aws.Credentials{AccessKeyID: cfg.KeyID, SecretAccessKey: cfg.Secret}',
      '\taliased := awscreds.NewStaticCredentialsProvider(cfg.KeyID, cfg.Secret, "")',
      '\ttmp := credentials.NewStaticCredentialsProvider(out.AccessKeyId, out.SecretAccessKey, "FwoGZXIvYXdzEJr//////////wEaDAbcdef")',
      '\ttmpVar := credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)',
      '\ttmpLit := aws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken}',
      '\tlocal := credentials.NewStaticCredentialsProvider("test", "test", "")',
      '\tdef, _ := config.LoadDefaultConfig(ctx)',
      '}',
      '',
    ].join('\n');
    const { facts, at } = extract(text, 'internal/storage/client.go');
    expect(facts.map((f) => [f.name, f.mechanism])).toEqual([
      ['credentials.NewStaticCredentialsProvider', 'aws-access-key'],
      ['credentials.NewStaticCredentials', 'aws-access-key'],
      ['aws.Credentials', 'aws-access-key'],
      ['awscreds.NewStaticCredentialsProvider', 'aws-access-key'],
    ]);
    expect(at[2]).toBe('AccessKeyID: cfg.KeyID');
  });

  it('reports Azure client secrets and GCP key files / key JSON, not default or workload identity', () => {
    const text = [
      'package clients',
      '',
      'func build(ctx context.Context, keyJSON []byte) {',
      '\ta, _ := azidentity.NewClientSecretCredential(tenantID, clientID, os.Getenv("AZURE_CLIENT_SECRET"), nil)',
      '\tb, _ := azidentity.NewDefaultAzureCredential(nil)',
      '\tc, _ := azidentity.NewWorkloadIdentityCredential(nil)',
      '\td, _ := azidentity.NewManagedIdentityCredential(nil)',
      '\te, _ := storage.NewClient(ctx, option.WithCredentialsFile("/etc/clients/key.json"))',
      '\tf, _ := google.CredentialsFromJSON(ctx, keyJSON, storage.ScopeReadOnly)',
      '\tg, _ := pubsub.NewClient(ctx, "acme", option.WithCredentialsJSON(keyJSON))',
      '\th, _ := google.FindDefaultCredentials(ctx, storage.ScopeReadOnly)',
      '\ti, _ := storage.NewClient(ctx, option.WithCredentialsFile(""))',
      '\tj, _ := storage.NewClient(ctx, option.WithAuthCredentialsFile(option.ServiceAccount, "/etc/clients/key.json"))',
      '\tk, _ := storage.NewClient(ctx, option.WithAuthCredentialsFile(option.ExternalAccount, "/etc/clients/wif.json"))',
      '\tl, _ := azidentity.NewClientSecretCredential("tenant", "client", "fake", nil)',
      '}',
      '',
    ].join('\n');
    expect(extract(text, 'internal/clients/clients.go').facts.map((f) => [f.name, f.mechanism])).toEqual([
      ['azidentity.NewClientSecretCredential', 'azure-client-secret'],
      ['option.WithCredentialsFile', 'gcp-service-account-key'],
      ['google.CredentialsFromJSON', 'gcp-service-account-key'],
      ['option.WithCredentialsJSON', 'gcp-service-account-key'],
      ['option.WithAuthCredentialsFile', 'gcp-service-account-key'],
    ]);
  });

  it('does not walk files that mention no credential API', () => {
    const d = parseDocument({ uri: 'file:///ws/main.go', path: 'main.go', text: 'package main\n\nfunc main() { cfg, _ := config.LoadDefaultConfig(ctx); _ = cfg }\n' });
    expect(sourceCredentialsExtractor.applies(d)).toBe(false);
    disposeDocument(d);
  });
});

describe('source-credentials extractor: half-written code', () => {
  it('never throws on any prefix of a Java or Go file being typed', () => {
    const java = 'class A { void f() { var c = new ClientSecretCredentialBuilder().clientSecret(System.getenv("S")).build(); var k = AwsBasicCredentials.builder().accessKeyId(a).secretAccessKey(b).build(); } }\n';
    const go = 'package a\nfunc f() { p := aws.Credentials{AccessKeyID: k, SecretAccessKey: s, SessionToken: ""}; c, _ := azidentity.NewClientSecretCredential(t, c, s, nil) }\n';
    for (const [text, path] of [[java, 'A.java'], [go, 'a.go']] as const) {
      for (let n = 0; n <= text.length; n += 3) expect(() => extract(text.slice(0, n), path)).not.toThrow();
    }
    // The complete files are read.
    expect(extract(java, 'A.java').facts).toHaveLength(2);
    expect(extract(go, 'a.go').facts).toHaveLength(2);
  });
});
