/**
 * "Secret → reference" quick fixes for config formats (server/src/engine/fixes/references/):
 * Kubernetes env values and Secrets, Terraform, CloudFormation, GitHub Actions,
 * GitLab CI, .npmrc and MCP configs. Each case applies the fix to an in-memory
 * workspace and checks: the exact reference written, the value recoverable
 * from the env file, no value left in the file, the result parses, nothing is
 * left to fix, and a second round changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig, type Config, type VaultProvider } from '../server/src/engine/config';
import type { Finding, Fix } from '../server/src/engine/model';
import { parseKeyValue } from '../server/src/engine/documents/key-value';
import { rules } from '../rules';
import { applyFixTo, workspaceFiles, type Files } from './support/fix-workspace';

const ROOT = 'file:///ws';
const ENV = `${ROOT}/.env.local`;
const GITIGNORE = `${ROOT}/.gitignore`;
const GH_TOKEN = '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';
const AWS_KEY = 'AKIAQKSFFOBFBCU4RGXC';
const SENDGRID = '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';
const NPM = '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';

beforeAll(async () => {
  await initEngine();
});


function configWith(provider: VaultProvider = 'env', extra: Partial<Config> = {}): Config {
  const base = defaultConfig();
  return { ...base, vault: { ...base.vault, provider }, ...extra };
}

function analyze(path: string, files: Files, config = configWith()): Finding[] {
  const uri = `${ROOT}/${path}`;
  const text = files.get(uri);
  if (text === undefined) throw new Error(`no file ${path}`);
  const result = analyzeText({ uri, path, text }, { config, rules, workspaceRoot: ROOT, readFile: (u) => files.get(u) });
  return result.findings.filter((f) => f.ruleId.startsWith('secret/'));
}

function referenceFixOf(f: Finding | undefined): Fix {
  const fix = f?.fixes.find((x) => x.kind === 'vault-reference');
  if (!fix) throw new Error(`no vault-reference fix for ${f?.ruleId ?? 'missing finding'}: ${f?.message ?? ''}`);
  return fix;
}

/** Applies a fix like an editor would (creating files only where allowed). */
const applyFix = (fix: Fix, files: Files): void => applyFixTo(files, fix, ROOT);

function envValues(files: Files): Map<string, string> {
  return new Map(parseKeyValue(files.get(ENV) ?? '', 'dotenv').map((e) => [e.key, e.value]));
}

const workspace = (entries: Record<string, string>): Files => workspaceFiles(ROOT, entries);

/**
 * Fixes every secret finding in `path` one at a time (re-analysing between, as
 * a user would), then checks the invariants every reference fix must keep.
 */
function fixAll(path: string, files: Files, secrets: string[], config = configWith()): Fix[] {
  const applied: Fix[] = [];
  for (let round = 0; round < 10; round++) {
    const fixable = analyze(path, files, config).filter((f) => f.fixes.some((x) => x.kind === 'vault-reference'));
    if (fixable.length === 0) break;
    const fix = referenceFixOf(fixable[0]);
    applied.push(fix);
    applyFix(fix, files);
  }
  const text = files.get(`${ROOT}/${path}`) ?? '';
  const env = [...envValues(files).values()];
  for (const s of secrets) {
    expect(text.includes(s), 'no value left in the file').toBe(false);
    expect(env.some((v) => v.includes(s)), 'the value is recoverable from the env file').toBe(true);
  }
  const again = analyzeText({ uri: `${ROOT}/${path}`, path, text }, { config, rules, workspaceRoot: ROOT, readFile: (u) => files.get(u) });
  expect(again.notes.filter((n) => n.kind === 'parse-error'), 'the result parses').toEqual([]);
  expect(again.findings.filter((f) => f.ruleId.startsWith('secret/') && f.fixes.some((x) => x.kind === 'vault-reference'))).toEqual([]);
  expect(files.get(GITIGNORE)).toContain('.env.local');
  return applied;
}

describe('Kubernetes', () => {
  const deployment = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: report-exporter',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: exporter',
    '          image: ghcr.io/kestrel/report-exporter:2.1.0',
    '          env:',
    '            - name: AWS_REGION',
    '              value: eu-west-1',
    '            - name: AWS_ACCESS_KEY_ID',
    `              value: "${AWS_KEY}" # rotated 2026-10`,
    '            - { name: RELEASE_TOKEN, value: ' + GH_TOKEN + ' }',
    '',
  ].join('\n');

  it('turns env[].value into valueFrom.secretKeyRef, block and flow style, keeping the name', () => {
    const files = workspace({ 'k8s/deployment.yaml': deployment });
    const [fix] = fixAll('k8s/deployment.yaml', files, [AWS_KEY, GH_TOKEN]);
    expect(fix.title).toContain('kubectl create secret generic report-exporter-secrets --from-env-file=.env.local');
    const text = files.get(`${ROOT}/k8s/deployment.yaml`)!;
    expect(text).toContain(
      [
        '            - name: AWS_ACCESS_KEY_ID',
        '              valueFrom:',
        '                secretKeyRef:',
        '                  name: report-exporter-secrets',
        '                  key: AWS_ACCESS_KEY_ID # rotated 2026-10',
      ].join('\n'),
    );
    expect(text).toContain('- { name: RELEASE_TOKEN, valueFrom: { secretKeyRef: { name: report-exporter-secrets, key: RELEASE_TOKEN } } }');
    const env = YAML.parse(text).spec.template.spec.containers[0].env;
    expect(env[1]).toEqual({ name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'report-exporter-secrets', key: 'AWS_ACCESS_KEY_ID' } } });
    expect(envValues(files).get('AWS_ACCESS_KEY_ID')).toBe(AWS_KEY);
    expect(envValues(files).get('RELEASE_TOKEN')).toBe(GH_TOKEN);
  });

  const secret = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: mailer',
    '  namespace: shop',
    '  labels:',
    '    owner: team-mail',
    'type: Opaque',
    'data:',
    `  SMTP_USER: ${Buffer.from('mailer@kestrel.io').toString('base64')}`,
    'stringData:',
    `  SENDGRID_API_KEY: ${SENDGRID}`,
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: mailer-config',
    'data:',
    '  FROM: noreply@kestrel.io',
    '',
  ].join('\n');

  it('replaces a literal Secret with an ExternalSecret, moving every value (base64 decoded) to the env file first', () => {
    const files = workspace({ 'k8s/mailer.yaml': secret });
    const [fix] = fixAll('k8s/mailer.yaml', files, [SENDGRID]);
    expect(fix.title).toMatch(/^Replace Secret mailer with an ExternalSecret \(replace-with-your-secret-store\); its 2 values are saved to \.env\.local/);
    const docs = YAML.parseAllDocuments(files.get(`${ROOT}/k8s/mailer.yaml`)!).map((d) => d.toJS());
    expect(docs[0]).toEqual({
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name: 'mailer', namespace: 'shop', labels: { owner: 'team-mail' } },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'replace-with-your-secret-store' },
        target: { name: 'mailer', creationPolicy: 'Owner' },
        data: [
          { secretKey: 'SMTP_USER', remoteRef: { key: 'kv/mailer/smtp_user' } },
          { secretKey: 'SENDGRID_API_KEY', remoteRef: { key: 'kv/mailer/sendgrid_api_key' } },
        ],
      },
    });
    expect(docs[1].kind).toBe('ConfigMap');
    expect(envValues(files).get('SMTP_USER')).toBe('mailer@kestrel.io');
    expect(envValues(files).get('SENDGRID_API_KEY')).toBe(SENDGRID);
  });

  it('uses the configured provider as the store, with its stdin store command', () => {
    const files = workspace({ 'k8s/mailer.yaml': secret });
    const [fix] = fixAll('k8s/mailer.yaml', files, [SENDGRID], configWith('hashicorp-vault'));
    expect(fix.title).toContain('store each with: vault kv put kv/mailer/<key> value=-');
    const es = YAML.parseAllDocuments(files.get(`${ROOT}/k8s/mailer.yaml`)!)[0].toJS();
    expect(es.spec.secretStoreRef.name).toBe('hashicorp-vault');
    expect(es.spec.data[1]).toEqual({ secretKey: 'SENDGRID_API_KEY', remoteRef: { key: 'kv/mailer/sendgrid_api_key', property: 'value' } });
  });

  it('offers nothing for Secrets holding binary data', () => {
    const binary = secret.replace(/SMTP_USER: \S+/, `KEYSTORE: ${Buffer.from([0xff, 0xfe, 0x00, 0x81]).toString('base64')}`);
    const files = workspace({ 'k8s/mailer.yaml': binary });
    const finding = analyze('k8s/mailer.yaml', files).find((f) => f.ruleId === 'secret/sendgrid');
    expect(finding).toBeDefined();
    expect(finding!.fixes.filter((f) => f.kind === 'vault-reference')).toEqual([]);
  });
});

describe('Terraform', () => {
  const main = [
    'provider "aws" {',
    '  region     = "eu-west-1"',
    `  access_key = "${AWS_KEY}"`,
    '}',
    '',
  ].join('\n');

  it('replaces the literal with var.x and declares a sensitive variable in this file; TF_VAR_x in the env file', () => {
    const files = workspace({ 'infra/main.tf': main });
    const [fix] = fixAll('infra/main.tf', files, [AWS_KEY]);
    expect(fix.title).toBe('Move the AWS access key id to .env.local as TF_VAR_aws_access_key and read var.aws_access_key (sensitive variable in main.tf)');
    expect(files.get(`${ROOT}/infra/main.tf`)).toBe(
      main.replace(`"${AWS_KEY}"`, 'var.aws_access_key') + '\nvariable "aws_access_key" {\n  type      = string\n  sensitive = true\n}\n',
    );
    expect(envValues(files).get('TF_VAR_aws_access_key')).toBe(AWS_KEY);
  });

  it('declares the variable in variables.tf of the same directory when there is one, avoiding a taken name', () => {
    const vars = 'variable "aws_access_key" {\n  type = string\n}\n';
    const files = workspace({ 'infra/main.tf': main, 'infra/variables.tf': vars });
    const [fix] = fixAll('infra/main.tf', files, [AWS_KEY]);
    expect(fix.edits.map((e) => e.uri)).toContain(`${ROOT}/infra/variables.tf`);
    expect(files.get(`${ROOT}/infra/main.tf`)).toBe(main.replace(`"${AWS_KEY}"`, 'var.aws_access_key_2'));
    expect(files.get(`${ROOT}/infra/variables.tf`)).toBe(vars + '\nvariable "aws_access_key_2" {\n  type      = string\n  sensitive = true\n}\n');
    expect(envValues(files).get('TF_VAR_aws_access_key_2')).toBe(AWS_KEY);
  });

  it('with a secret store configured, reads a data source instead and prints the stdin store command', () => {
    const files = workspace({ 'infra/main.tf': main });
    const [fix] = fixAll('infra/main.tf', files, [AWS_KEY], configWith('aws-secrets-manager'));
    expect(fix.title).toContain('aws secretsmanager create-secret --name kv/aws/aws_access_key --secret-string file:///dev/stdin');
    expect(files.get(`${ROOT}/infra/main.tf`)).toBe(
      main.replace(`"${AWS_KEY}"`, 'data.aws_secretsmanager_secret_version.aws_access_key.secret_string') +
        '\ndata "aws_secretsmanager_secret_version" "aws_access_key" {\n  secret_id = "kv/aws/aws_access_key"\n}\n',
    );
  });

  // A .tfvars value now moves to TF_VAR_<name> (references/tfvars.ts; test/secret-fix-coverage.test.ts).
  it('offers nothing in a variable default', () => {
    const withDefault = `variable "key" {\n  default = "${AWS_KEY}"\n}\n`;
    const files = workspace({ 'infra/vars.tf': withDefault });
    for (const path of ['infra/vars.tf']) {
      const [f] = analyze(path, files);
      expect(f?.ruleId).toBe('secret/aws-access-key-id');
      expect(f.fixes.filter((x) => x.kind === 'vault-reference')).toEqual([]);
    }
  });
});

describe('CloudFormation', () => {
  it('YAML: a resource property becomes a Secrets Manager dynamic reference', () => {
    const template = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  Mailer:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Environment:',
      '        Variables:',
      `          SENDGRID_API_KEY: ${SENDGRID}`,
      '',
    ].join('\n');
    const files = workspace({ 'cfn/mailer.yaml': template });
    const [fix] = fixAll('cfn/mailer.yaml', files, [SENDGRID]);
    expect(files.get(`${ROOT}/cfn/mailer.yaml`)).toBe(template.replace(SENDGRID, '"{{resolve:secretsmanager:kv/mailer/sendgrid_api_key}}"'));
    expect(fix.title).toContain('aws secretsmanager create-secret --name kv/mailer/sendgrid_api_key --secret-string file:///dev/stdin');
  });

  it('JSON: same reference, as a JSON string', () => {
    const template = JSON.stringify(
      { AWSTemplateFormatVersion: '2010-09-09', Resources: { Mailer: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { SENDGRID_API_KEY: SENDGRID } } } } } },
      null,
      2,
    );
    const files = workspace({ 'cfn/mailer.json': template });
    fixAll('cfn/mailer.json', files, [SENDGRID]);
    expect(JSON.parse(files.get(`${ROOT}/cfn/mailer.json`)!).Resources.Mailer.Properties.Environment.Variables.SENDGRID_API_KEY).toBe(
      '{{resolve:secretsmanager:kv/mailer/sendgrid_api_key}}',
    );
  });
});

describe('CI', () => {
  it('GitHub Actions: step env / with become ${{ secrets.NAME }}; GITHUB_ names become GH_', () => {
    const workflow = [
      'name: release',
      'on: [push]',
      'jobs:',
      '  publish:',
      '    runs-on: ubuntu-24.04',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - run: ./release.sh',
      '        env:',
      `          GITHUB_TOKEN: ${GH_TOKEN}`,
      '          AWS_REGION: eu-west-1',
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      `          aws-access-key-id: '${AWS_KEY}'`,
      '',
    ].join('\n');
    const files = workspace({ '.github/workflows/release.yml': workflow });
    const fixes = fixAll('.github/workflows/release.yml', files, [GH_TOKEN, AWS_KEY]);
    expect(fixes[0].title).toContain('gh secret set GH_TOKEN < ');
    const text = files.get(`${ROOT}/.github/workflows/release.yml`)!;
    expect(text).toContain('          GITHUB_TOKEN: ${{ secrets.GH_TOKEN }}\n');
    expect(text).toContain("          aws-access-key-id: '${{ secrets.AWS_ACCESS_KEY_ID }}'\n");
    expect(envValues(files).get('GH_TOKEN')).toBe(GH_TOKEN);
  });

  it('GitLab CI: variables become $NAME CI/CD variables', () => {
    const pipeline = ['variables:', `  RELEASE_TOKEN: "${GH_TOKEN}"`, 'release:', '  script: ["./release.sh"]', ''].join('\n');
    const files = workspace({ '.gitlab-ci.yml': pipeline });
    const [fix] = fixAll('.gitlab-ci.yml', files, [GH_TOKEN]);
    expect(fix.title).toContain('masked GitLab CI/CD variable RELEASE_TOKEN');
    expect(files.get(`${ROOT}/.gitlab-ci.yml`)).toBe(pipeline.replace(`"${GH_TOKEN}"`, '"$RELEASE_TOKEN"'));
  });
});

describe('.npmrc and MCP configs', () => {
  it('.npmrc: ${NPM_TOKEN}, which npm expands', () => {
    const npmrc = `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM}\n`;
    const files = workspace({ '.npmrc': npmrc });
    fixAll('.npmrc', files, [NPM]);
    expect(files.get(`${ROOT}/.npmrc`)).toBe('registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n');
  });

  const server = (key: string) => ({ github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: key } } });

  it('Claude Code .mcp.json: ${NAME}; Cursor: ${env:NAME}', () => {
    const claude = JSON.stringify({ mcpServers: server(GH_TOKEN) }, null, 2) + '\n';
    const files = workspace({ '.mcp.json': claude, '.cursor/mcp.json': claude });
    fixAll('.mcp.json', files, [GH_TOKEN]);
    fixAll('.cursor/mcp.json', files, [GH_TOKEN]);
    expect(JSON.parse(files.get(`${ROOT}/.mcp.json`)!).mcpServers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN).toBe('${GITHUB_PERSONAL_ACCESS_TOKEN}');
    expect(JSON.parse(files.get(`${ROOT}/.cursor/mcp.json`)!).mcpServers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN).toBe('${env:GITHUB_PERSONAL_ACCESS_TOKEN}');
    // Same value, same name: the env file holds it once.
    expect((files.get(ENV) ?? '').split(GH_TOKEN).length - 1).toBe(1);
  });

  it('VS Code .vscode/mcp.json: ${input:id} with a password prompt added to inputs', () => {
    const vscode = JSON.stringify({ servers: server(GH_TOKEN) }, null, 2) + '\n';
    const files = workspace({ '.vscode/mcp.json': vscode });
    fixAll('.vscode/mcp.json', files, [GH_TOKEN]);
    const parsed = JSON.parse(files.get(`${ROOT}/.vscode/mcp.json`)!);
    expect(parsed.servers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN).toBe('${input:github-personal-access-token}');
    expect(parsed.inputs).toEqual([{ type: 'promptString', id: 'github-personal-access-token', description: 'GitHub personal access token (classic) (saved in .env.local)', password: true }]);
  });

  it('Claude Desktop config: no fix (it passes values literally)', () => {
    const files = workspace({ 'claude_desktop_config.json': JSON.stringify({ mcpServers: server(GH_TOKEN) }, null, 2) });
    const [f] = analyze('claude_desktop_config.json', files);
    expect(f?.ruleId).toBe('secret/github-token');
    expect(f.fixes.filter((x) => x.kind === 'vault-reference')).toEqual([]);
  });
});

describe('env file', () => {
  it('a taken name gets a suffix; the same value is not written twice; applying again changes nothing', () => {
    const files = workspace({
      '.env.local': 'RELEASE_TOKEN=something-else\n',
      '.gitignore': 'node_modules/\n.env.local\n',
      '.gitlab-ci.yml': `variables:\n  RELEASE_TOKEN: ${GH_TOKEN}\n`,
    });
    const [fix] = fixAll('.gitlab-ci.yml', files, [GH_TOKEN]);
    expect(fix.edits.some((e) => e.uri === GITIGNORE)).toBe(false);
    expect(files.get(`${ROOT}/.gitlab-ci.yml`)).toBe('variables:\n  RELEASE_TOKEN: $RELEASE_TOKEN_2\n');
    expect(files.get(ENV)).toBe(`RELEASE_TOKEN=something-else\nRELEASE_TOKEN_2=${GH_TOKEN}\n`);
    // Re-applying the same fix to the env file and .gitignore: the entries are there already.
    const before = new Map(files);
    const second = analyze('.gitlab-ci.yml', files);
    expect(second.flatMap((f) => f.fixes)).toEqual([]);
    expect(files).toEqual(before);
  });

  it('no workspace root → no fix', () => {
    const text = `variables:\n  RELEASE_TOKEN: ${GH_TOKEN}\n`;
    const result = analyzeText({ uri: 'untitled:1', path: '.gitlab-ci.yml', text }, { config: configWith(), rules });
    const f = result.findings.find((x) => x.ruleId === 'secret/github-token');
    expect(f).toBeDefined();
    expect(f!.fixes.filter((x) => x.kind === 'vault-reference')).toEqual([]);
  });
});

describe('more formats and edge cases', () => {
  it('generic passwords in Terraform resources get var.<resource>_<attribute>', () => {
    const tf = 'resource "aws_db_instance" "orders" {\n  engine   = "postgres"\n  password = "Xh_J?5tBbp4oYu="\n}\n';
    const files = workspace({ 'db/main.tf': tf });
    const [fix] = fixAll('db/main.tf', files, ['Xh_J?5tBbp4oYu=']);
    expect(fix.title).toContain('TF_VAR_orders_password');
    expect(files.get(`${ROOT}/db/main.tf`)).toContain('  password = var.orders_password\n');
  });

  it('a Kubernetes Secret with only base64 data (generic password) becomes an ExternalSecret; Helm templates are left alone', () => {
    const password = 't8J#qW2v@Zr5Lm!X';
    const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ledger-db\ndata:\n  password: ${Buffer.from(password).toString('base64')}\n`;
    const files = workspace({ 'k8s/db.yaml': manifest });
    fixAll('k8s/db.yaml', files, []);
    expect(YAML.parse(files.get(`${ROOT}/k8s/db.yaml`)!).kind).toBe('ExternalSecret');
    expect(envValues(files).get('PASSWORD')).toBe(password);

    const helm = manifest.replace('data:', 'stringData:\n  root: "{{ .Values.rootPassword }}"\ndata:');
    const helmFiles = workspace({ 'k8s/db.yaml': helm });
    const f = analyze('k8s/db.yaml', helmFiles).find((x) => x.ruleId === 'secret/generic-password');
    expect(f).toBeDefined();
    expect(f!.fixes.filter((x) => x.kind === 'vault-reference')).toEqual([]);
  });

  it('the ExternalSecret and every edit keep CRLF line ends', () => {
    const manifest = ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: mailer', 'stringData:', `  SENDGRID_API_KEY: ${SENDGRID}`, ''].join('\r\n');
    const files = workspace({ 'k8s/mailer.yaml': manifest });
    fixAll('k8s/mailer.yaml', files, [SENDGRID]);
    expect(files.get(`${ROOT}/k8s/mailer.yaml`)!.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('GitHub Actions: no fix in composite actions or a reusable-workflow call`s with:', () => {
    const action = `name: publish\nruns:\n  using: composite\n  steps:\n    - run: ./publish.sh\n      shell: bash\n      env:\n        GH_TOKEN: ${GH_TOKEN}\n`;
    const call = `on: [push]\njobs:\n  release:\n    uses: kestrel/ci/.github/workflows/release.yml@v3\n    with:\n      token: ${GH_TOKEN}\n`;
    const files = workspace({ 'action.yml': action, '.github/workflows/call.yml': call });
    for (const path of ['action.yml', '.github/workflows/call.yml']) {
      const f = analyze(path, files).find((x) => x.ruleId === 'secret/github-token');
      expect(f, path).toBeDefined();
      expect(f!.fixes.filter((x) => x.kind === 'vault-reference'), path).toEqual([]);
    }
  });

  it('.npmrc: a private registry gets a name from its host, and .pypirc gets no fix', () => {
    const npmrc = `//npm.kestrel.dev/repository/npm-private/:_authToken=${NPM}\n`;
    const pypirc = '[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJDU3OTM5NmQ4LWY0ZjQtNDJlMS1hYjc1LTM1NjJmNzU5YjI4NAACKlszLCJiYzNiYjNmZC0xMzYxLTRhZGUtOGE1Ni1lNTQzOGUxYWIxZjgiXQAABiDFfixaFbNmU8RPkg6EJ6fSv0XhO5rg4xYsZ85rUWQpCw\n';
    const files = workspace({ '.npmrc': npmrc, '.pypirc': pypirc });
    fixAll('.npmrc', files, [NPM]);
    expect(files.get(`${ROOT}/.npmrc`)).toBe('//npm.kestrel.dev/repository/npm-private/:_authToken=${KESTREL_NPM_PRIVATE_AUTH_TOKEN}\n');
    const f = analyze('.pypirc', files).find((x) => x.ruleId === 'secret/pypi');
    expect(f, 'pypi token in .pypirc is reported').toBeDefined();
    // No reference (twine reads the file literally); the credential-file fix stops committing it instead (key-material-fix.test.ts).
    expect(f!.fixes.flatMap((x) => x.edits).filter((e) => e.uri !== `${ROOT}/.gitignore`)).toEqual([]);
    expect(f!.fixes.flatMap((x) => x.edits).map((e) => e.newText)).toEqual(['/.pypirc\n']);
  });

  it('a Dockerfile ENV secret read by a later RUN becomes a BuildKit secret mount on that RUN (fixes/commands/dockerfile.ts)', () => {
    const dockerfile = `FROM node:20-alpine\nENV GITHUB_TOKEN=${GH_TOKEN}\nRUN npm ci\n`;
    const files = workspace({ Dockerfile: dockerfile });
    fixAll('Dockerfile', files, [GH_TOKEN]);
    expect(files.get(`${ROOT}/Dockerfile`)).toBe('# syntax=docker/dockerfile:1\nFROM node:20-alpine\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN npm ci\n');
  });

  it('messages never show the value; titles never show it either', () => {
    const files = workspace({ 'k8s/deployment.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      env:\n        - name: TOKEN\n          value: ${GH_TOKEN}\n` });
    for (const f of analyze('k8s/deployment.yaml', files)) {
      expect(f.message).not.toContain(GH_TOKEN);
      for (const fix of f.fixes) expect(fix.title).not.toContain(GH_TOKEN);
    }
  });
});

describe('rule docs', () => {
  it('every secret rule page has one Rotate section with a revocation link', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = path.join(__dirname, '..', 'docs', 'rules', 'secret');
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      expect(text.match(/^## Rotate$/gm)?.length, name).toBe(1);
      const section = text.slice(text.indexOf('## Rotate'), text.indexOf('## How to fix'));
      expect(section, name).toMatch(/\]\(https:\/\/[^)\s]+\)/);
    }
  });
});
