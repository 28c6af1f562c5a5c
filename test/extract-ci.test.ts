/**
 * CI extractor: GitHub Actions permissions, cloud login steps (static keys vs OIDC),
 * env blocks, GitLab CI variables and id_tokens, and what must stay unreported.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { parseDocument } from '../server/src/engine/documents/parse';
import { ciExtractor, classifyCiValue } from '../server/src/engine/extract/ci';
import type { CiPermissionsFact, CredentialUseFact, Fact, IdentityFact } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine([]);
});

function extract(text: string, path = '.github/workflows/deploy.yml'): Fact[] {
  const d = parseDocument({ uri: `file:///ws/${path}`, path, text });
  if (!ciExtractor.applies(d)) return [];
  return ciExtractor.extract(d);
}
const creds = (facts: Fact[]) => facts.filter((f): f is CredentialUseFact => f.kind === 'credentialUse');
const perms = (facts: Fact[]) => facts.filter((f): f is CiPermissionsFact => f.kind === 'ciPermissions');

describe('ci extractor: GitHub Actions', () => {
  it('reads workflow and job permissions', () => {
    const text = [
      'name: release',
      'on: push',
      'permissions: write-all',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    permissions:',
      '      contents: read',
      '      id-token: write',
      '    steps: []',
      '  lint:',
      '    runs-on: ubuntu-latest',
      '    permissions: read-all',
      '    steps: []',
      '',
    ].join('\n');
    const p = perms(extract(text));
    expect(p.map((f) => [f.scope, f.job, f.value])).toEqual([
      ['workflow', undefined, 'write-all'],
      ['job', 'build', { contents: 'read', 'id-token': 'write' }],
      ['job', 'lint', 'read-all'],
    ]);
    expect(text.slice(p[0].range.start, p[0].range.end)).toBe('permissions: write-all');
  });

  it('tells static AWS keys from OIDC and notes id-token: write', () => {
    const text = [
      'on: push',
      'jobs:',
      '  legacy:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - name: Configure AWS',
      '        uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      '          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}',
      '          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}',
      '          aws-region: eu-west-1',
      '  modern:',
      '    runs-on: ubuntu-latest',
      '    permissions:',
      '      id-token: write',
      '      contents: read',
      '    steps:',
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      '          role-to-assume: arn:aws:iam::123456789012:role/deploy',
      '          aws-region: eu-west-1',
      '',
    ].join('\n');
    const facts = extract(text);
    const c = creds(facts);
    expect(c.map((f) => [f.name, f.mechanism, f.resourceType])).toEqual([
      ['legacy/Configure AWS', 'aws-access-key', 'github-actions:step'],
      ['modern/1', 'oidc', 'github-actions:step'],
    ]);
    expect(text.slice(c[0].headerRange.start, c[0].headerRange.end)).toBe('aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}');
    expect(c[1].oidcTokenGranted).toBe(true);
    const identity = facts.find((f): f is IdentityFact => f.kind === 'identity');
    expect(identity).toMatchObject({ identityKind: 'ci-workflow', name: '.github/workflows/deploy.yml', cloud: 'github', credential: 'aws-access-key' });
  });

  it('classifies google and azure logins', () => {
    const text = [
      'on: push',
      'jobs:',
      '  gcp:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: google-github-actions/auth@v2',
      '        with:',
      '          credentials_json: ${{ secrets.GCP_SA_KEY }}',
      '      - uses: google-github-actions/auth@v2',
      '        with:',
      '          workload_identity_provider: projects/1/locations/global/workloadIdentityPools/gh/providers/gh',
      '      - uses: azure/login@v2',
      '        with:',
      '          creds: ${{ secrets.AZURE_CREDENTIALS }}',
      '      - uses: Azure/login@v2',
      '        with:',
      '          client-id: ${{ secrets.AZURE_CLIENT_ID }}',
      '          tenant-id: ${{ secrets.AZURE_TENANT_ID }}',
      '          subscription-id: ${{ secrets.AZURE_SUBSCRIPTION_ID }}',
      '',
    ].join('\n');
    expect(creds(extract(text)).map((f) => f.mechanism)).toEqual(['gcp-service-account-key', 'oidc', 'azure-client-secret', 'oidc']);
  });

  it('reports env blocks with static keys once per block, not session credentials or step outputs', () => {
    const text = [
      'on: push',
      'env:',
      '  AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}',
      '  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      AWS_ACCESS_KEY_ID: ${{ steps.vault.outputs.access_key }}',
      '      AWS_SECRET_ACCESS_KEY: ${{ steps.vault.outputs.secret_key }}',
      '    steps:',
      '      - run: make deploy',
      '        env:',
      '          AWS_ACCESS_KEY_ID: ${{ secrets.KEY }}',
      '          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}',
      '          AWS_SESSION_TOKEN: ${{ secrets.TOKEN }}',
      '      - run: make it',
      '        env:',
      '          AWS_ACCESS_KEY_ID: test',
      '          AWS_SECRET_ACCESS_KEY: test',
      '',
    ].join('\n');
    const c = creds(extract(text));
    expect(c.map((f) => [f.name, f.mechanism, f.resourceType])).toEqual([['env/AWS_ACCESS_KEY_ID', 'aws-access-key', 'github-actions:env']]);
  });

  it('leaves odd and non-workflow YAML alone', () => {
    expect(extract('jobs: [1, 2]\n')).toEqual([]);
    expect(extract('- a\n- b\n')).toEqual([]);
    expect(extract('permissions: ${{ inputs.perms }}\njobs: {}\n').filter((f) => f.kind === 'ciPermissions')).toEqual([]);
    expect(extract('jobs:\n  a:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n', 'k8s/deploy.yml')).toEqual([]);
  });

  it('classifies values', () => {
    expect(classifyCiValue('${{ secrets.X }}')).toBe('secret-store');
    expect(classifyCiValue('${{ vars.X }}')).toBe('secret-store');
    expect(classifyCiValue('$AWS_KEY')).toBe('secret-store');
    expect(classifyCiValue('${{ steps.a.outputs.b }}')).toBe('dynamic');
    expect(classifyCiValue('AKIAIOSFODNN7EXAMPLE')).toBe('placeholder');
    expect(classifyCiValue('test')).toBe('placeholder');
    expect(classifyCiValue('')).toBe('empty');
  });
});

describe('ci extractor: GitLab CI', () => {
  it('reports static key variables and records id_tokens as OIDC', () => {
    const text = [
      'stages: [deploy]',
      'variables:',
      '  AWS_DEFAULT_REGION: eu-west-1',
      'deploy:',
      '  stage: deploy',
      '  variables:',
      '    AWS_ACCESS_KEY_ID: $PROD_AWS_ACCESS_KEY_ID',
      '    AWS_SECRET_ACCESS_KEY: $PROD_AWS_SECRET_ACCESS_KEY',
      '  script: [aws s3 sync dist s3://bucket]',
      'deploy-oidc:',
      '  id_tokens:',
      '    AWS_ID_TOKEN:',
      '      aud: https://gitlab.example.com',
      '  variables:',
      '    ROLE_ARN: arn:aws:iam::123456789012:role/gitlab',
      '  script: [./assume.sh]',
      '',
    ].join('\n');
    const facts = extract(text, '.gitlab-ci.yml');
    expect(creds(facts).map((f) => [f.name, f.mechanism, f.resourceType])).toEqual([
      ['deploy/AWS_ACCESS_KEY_ID', 'aws-access-key', 'gitlab-ci:variables'],
      ['deploy-oidc/id_tokens', 'oidc', 'gitlab-ci:id_tokens'],
    ]);
    expect(facts.find((f) => f.kind === 'identity')).toMatchObject({ cloud: 'gitlab', credential: 'aws-access-key' });
  });
});
