/**
 * Key material, credential files and Kubernetes Secrets (issue 6):
 * - a file that *is* the credential (key files, .netrc, Docker config.json, kubeconfig)
 *   stops being committed: its anchored path goes to `.gitignore`, the file stays;
 * - a Secret with templated / referenced entries next to literal ones: the literals move
 *   to an ExternalSecret merged into the Secret, the rest stays;
 * - a `.tfvars` heredoc (PEM) and PEM blocks in code move whole to the env file, with
 *   line breaks escaped the way dotenv loaders read them back.
 * Each case applies the fix to an in-memory workspace and checks: the result parses, the
 * finding is gone (or the file is ignored), no new finding, a second round changes
 * nothing, the value is recoverable, titles carry no secret.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as crypto from 'node:crypto';
import * as YAML from 'yaml';
import ignore from 'ignore';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import type { AnalysisResult, Finding, Fix } from '../server/src/engine/model';
import { parseKeyValue } from '../server/src/engine/documents/key-value';
import { anchoredPattern } from '../server/src/engine/fixes/references/credential-files';
import { rules } from '../rules';
import { applyFixTo, workspaceFiles, type Files } from './support/fix-workspace';

const ROOT = 'file:///ws';
const ENV = `${ROOT}/.env.local`;
const GITIGNORE = `${ROOT}/.gitignore`;
const GITLAB = 'gldt-9KFIkoRx6POZHpDK7Om5';
const AWS_KEY = 'AKIAQKSFFOBFBCU4RGXC';


beforeAll(async () => {
  await initEngine();
});

/** A fresh EC private key in PEM (SEC1 or PKCS#8): the private-key rule decodes bodies, so samples must be real. */
function pemKey(type: 'sec1' | 'pkcs8' = 'sec1'): string {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return (privateKey.export({ type, format: 'pem' }) as string).trimEnd();
}

const workspace = (entries: Record<string, string>): Files => workspaceFiles(ROOT, entries);

function analyze(path: string, files: Files): AnalysisResult {
  const uri = `${ROOT}/${path}`;
  const text = files.get(uri);
  if (text === undefined) throw new Error(`no file ${path}`);
  return analyzeText({ uri, path, text }, { config: defaultConfig(), rules, workspaceRoot: ROOT, readFile: (u) => files.get(u), today: '2026-11-27' });
}

function secretFindings(path: string, files: Files): Finding[] {
  return analyze(path, files).findings.filter((f) => f.ruleId.startsWith('secret/'));
}

function fixOf(f: Finding | undefined): Fix {
  const fix = f?.fixes.find((x) => x.kind === 'vault-reference');
  if (!fix) throw new Error(`no fix for ${f?.ruleId ?? 'missing finding'}: ${f?.message ?? ''}`);
  return fix;
}

const applyFix = (fix: Fix, files: Files): void => applyFixTo(files, fix, ROOT);

/** A double-quoted dotenv value as node dotenv and python-dotenv read it (`\n` is a line break). */
function envValue(files: Files, name: string): string | undefined {
  const entry = parseKeyValue(files.get(ENV) ?? '', 'dotenv').find((e) => e.key === name);
  if (!entry) return undefined;
  const raw = files.get(ENV)!.slice(entry.literalRange.start, entry.literalRange.end);
  return raw.startsWith('"') ? entry.value.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\"/g, '"').replace(/\\\\/g, '\\') : entry.value;
}

function expectMaskedTitle(fix: Fix, secrets: string[]): void {
  for (const s of secrets) {
    expect(fix.title).not.toContain(s);
    // Not even a distinctive slice of it (a key's body line).
    for (const line of s.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) expect(fix.title).not.toContain(line.slice(0, 16));
  }
}

function isIgnored(files: Files, rel: string): boolean {
  return ignore().add(files.get(GITIGNORE) ?? '').ignores(rel);
}

describe('credential files: stop committing the file', () => {
  const cases: { name: string; path: string; text: () => string }[] = [
    { name: 'a PEM private key', path: 'deploy/tls/server.key', text: () => pemKey() + '\n' },
    { name: 'an SSH key named id_ed25519', path: 'ops/bastion/id_ed25519', text: () => pemKey('pkcs8') + '\n' },
    { name: '.netrc', path: 'tools/.netrc', text: () => 'machine git.acme-corp.net\n  login deploy\n  password Zq8vR2mW4tY7pL1sK9xN3cB6\n' },
    {
      name: 'a Docker config.json with auths',
      path: 'ci/.docker/config.json',
      text: () => `{\n  "auths": {\n    "https://index.docker.io/v1/": {\n      "auth": "${Buffer.from('acmedeploy:dckr_pat_u2fL-YdvWq0KRv93un_evAd1za1').toString('base64')}"\n    }\n  }\n}\n`,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: anchored .gitignore line, the file untouched, git rm --cached in the title`, () => {
      const text = c.text();
      const files = workspace({ [c.path]: text, '.gitignore': 'node_modules/\n.env.local' });
      const findings = secretFindings(c.path, files);
      expect(findings.length, 'the credential is found').toBeGreaterThan(0);
      const fix = fixOf(findings[0]);
      expect(fix.preferred).toBe(true);
      expect(fix.edits.map((e) => e.uri)).toEqual([GITIGNORE]);
      expect(fix.title).toContain(`git rm --cached ${c.path}`);
      expect(fix.title).toMatch(/rotate/);
      for (const f of findings) expectMaskedTitle(fixOf(f), [text]);
      applyFix(fix, files);
      // Appended on a line of its own after the unterminated last line; nothing else changed.
      expect(files.get(GITIGNORE)).toBe(`node_modules/\n.env.local\n/${c.path}\n`);
      expect(files.get(`${ROOT}/${c.path}`), 'the file stays on disk as it was').toBe(text);
      expect(isIgnored(files, c.path)).toBe(true);
      // Second round: the file is ignored, so nothing more to do (the same fix is no longer offered).
      for (const f of secretFindings(c.path, files)) expect(f.fixes.filter((x) => x.kind !== 'suppress')).toEqual([]);
    });
  }

  it('a kubeconfig with an embedded token is a credential file too', () => {
    const token = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IkJ4c3R1YjEifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50OmNpOmRlcGxveWVyIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1zaWduZWQtYnktdGhlLWNsdXN0ZXI';
    const text = `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://k8s.prod.acme.io:6443\n  name: prod\ncontexts:\n- context:\n    cluster: prod\n    user: deployer\n  name: prod\ncurrent-context: prod\nusers:\n- name: deployer\n  user:\n    token: ${token}\n`;
    const files = workspace({ 'deploy/kubeconfig': text });
    const findings = secretFindings('deploy/kubeconfig', files);
    expect(findings.length).toBeGreaterThan(0);
    const fix = fixOf(findings[0]);
    expect(fix.edits).toEqual([{ uri: GITIGNORE, range: { start: 0, end: 0 }, newText: '/deploy/kubeconfig\n', createIfMissing: true }]);
    expectMaskedTitle(fix, [token]);
  });

  it('a path with gitignore-special characters is escaped and still ignores exactly that file', () => {
    const rel = 'keys/[prod] #1 !old.pem';
    expect(anchoredPattern(rel)).toBe('/keys/\\[prod\\] \\#1 \\!old.pem');
    const ig = ignore().add(anchoredPattern(rel));
    expect(ig.ignores(rel)).toBe(true);
    expect(ig.ignores('keys/p #1 !old.pem')).toBe(false);
    expect(ig.ignores(`nested/${rel}`), 'anchored: only this path').toBe(false);
  });

  it('no fix when the file is already ignored, or a deeper .gitignore re-includes it', () => {
    const key = pemKey() + '\n';
    const ignored = workspace({ 'keys/signing.pem': key, '.gitignore': '*.pem\n' });
    for (const f of secretFindings('keys/signing.pem', ignored)) expect(f.fixes.filter((x) => x.kind !== 'suppress')).toEqual([]);
    // keys/.gitignore says `!signing.pem`: a root line cannot ignore it (git: the deepest opinion wins), so validation rejects the fix.
    const reincluded = workspace({ 'keys/signing.pem': key, 'keys/.gitignore': '!signing.pem\n' });
    for (const f of secretFindings('keys/signing.pem', reincluded)) expect(f.fixes.filter((x) => x.kind !== 'suppress')).toEqual([]);
  });

  it('hard negatives: a certificate, a public key, a config.json outside .docker get no finding or no file fix', () => {
    const { publicKey } = crypto.generateKeyPairSync('ed25519');
    const files = workspace({
      'keys/jwt_public.pem': (publicKey.export({ type: 'spki', format: 'pem' }) as string),
      'app/config.json': `{\n  "auths": { "registry.acme.io": { "auth": "${Buffer.from('ci:Zq8vR2mW4tY7pL1sK9xN3cB6').toString('base64')}" } }\n}\n`,
    });
    expect(secretFindings('keys/jwt_public.pem', files)).toEqual([]);
    for (const f of secretFindings('app/config.json', files)) for (const fix of f.fixes) expect(fix.edits.some((e) => e.uri === GITIGNORE && /config\.json/.test(e.newText))).toBe(false);
  });

  it('no workspace root: no fix (nothing is written outside a workspace)', () => {
    const text = pemKey() + '\n';
    const result = analyzeText({ uri: 'file:///tmp/server.key', path: 'server.key', text }, { config: defaultConfig(), rules });
    const findings = result.findings.filter((f) => f.ruleId === 'secret/private-key');
    expect(findings.length).toBe(1);
    expect(findings[0].fixes.filter((x) => x.kind !== 'suppress')).toEqual([]);
  });
});

describe('Kubernetes Secret with templated and referenced entries', () => {
  const mixed = (extra = '') =>
    [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: payments-secrets',
      '  namespace: prod',
      'type: Opaque',
      'stringData:',
      `  gitlab-deploy-token: ${GITLAB}`,
      '  npm-token: ${NPM_TOKEN}',
      '  sentry-dsn: "{{ .Values.sentryDsn }}"',
      '  aws-secret-access-key: { secretKeyRef: { name: db-credentials, key: aws-secret-access-key } }',
      extra,
      `  aws-access-key-id: ${AWS_KEY}`,
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: payments',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: ghcr.io/acme/payments:1.4.2',
      '',
    ]
      .filter((l, i) => i !== 11 || l !== '')
      .join('\n');

  it('moves only the literals to an ExternalSecret merged into the Secret; the rest stays verbatim', () => {
    const files = workspace({ 'deploy/k8s/payments.yaml': mixed() });
    const path = 'deploy/k8s/payments.yaml';
    const before = secretFindings(path, files);
    expect(before.map((f) => f.ruleId).sort()).toEqual(['secret/aws-access-key-id', 'secret/gitlab-token']);
    const fix = fixOf(before[0]);
    expect(fix.title).toMatch(/merged into it/);
    expectMaskedTitle(fix, [GITLAB, AWS_KEY]);
    applyFix(fix, files);
    const text = files.get(`${ROOT}/${path}`)!;
    expect(text).not.toContain(GITLAB);
    expect(text).not.toContain(AWS_KEY);
    const docs = YAML.parseAllDocuments(text);
    expect(docs.flatMap((d) => d.errors)).toEqual([]);
    const [secret, external, deployment] = docs.map((d) => d.toJS());
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'payments-secrets', namespace: 'prod' },
      type: 'Opaque',
      stringData: { 'npm-token': '${NPM_TOKEN}', 'sentry-dsn': '{{ .Values.sentryDsn }}', 'aws-secret-access-key': { secretKeyRef: { name: 'db-credentials', key: 'aws-secret-access-key' } } },
    });
    expect(external.kind).toBe('ExternalSecret');
    expect(external.metadata).toEqual({ name: 'payments-secrets', namespace: 'prod' });
    expect(external.spec.target).toEqual({ name: 'payments-secrets', creationPolicy: 'Merge' });
    expect(external.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['gitlab-deploy-token', 'aws-access-key-id']);
    expect(deployment.kind).toBe('Deployment');
    // Recoverable, under the names the ExternalSecret's remote keys are derived from.
    expect(envValue(files, 'GITLAB_DEPLOY_TOKEN')).toBe(GITLAB);
    expect(envValue(files, 'AWS_ACCESS_KEY_ID')).toBe(AWS_KEY);
    // Nothing left to fix, no new finding, and a second round is a no-op.
    const after = analyze(path, files);
    expect(after.notes.filter((n) => n.kind === 'parse-error')).toEqual([]);
    expect(after.findings.filter((f) => f.ruleId.startsWith('secret/'))).toEqual([]);
    const snapshot = new Map(files);
    for (const f of after.findings) for (const x of f.fixes.filter((y) => y.kind === 'vault-reference')) applyFix(x, files);
    expect(files).toEqual(snapshot);
  });

  it('a duplicated reference entry stays as it is (the YAML error was already there)', () => {
    const dup = '  aws-secret-access-key: { secretKeyRef: { name: db-credentials, key: aws-secret-access-key } }';
    const files = workspace({ 'deploy/k8s/payments.yaml': mixed(dup) });
    const path = 'deploy/k8s/payments.yaml';
    const problemsBefore = analyze(path, files).notes.filter((n) => n.kind === 'parse-error').length;
    applyFix(fixOf(secretFindings(path, files)[0]), files);
    const text = files.get(`${ROOT}/${path}`)!;
    expect(text.split(dup).length - 1, 'both duplicate lines kept').toBe(2);
    expect(text).not.toContain(GITLAB);
    expect(analyze(path, files).notes.filter((n) => n.kind === 'parse-error').length).toBeLessThanOrEqual(problemsBefore);
  });

  it('a duplicated literal key: no fix (which value is live depends on the parser)', () => {
    const files = workspace({ 'deploy/k8s/payments.yaml': mixed(`  aws-access-key-id: AKIAZ7TLXW2EXAMPLE7Q`) });
    for (const f of secretFindings('deploy/k8s/payments.yaml', files)) expect(f.fixes.filter((x) => x.kind === 'vault-reference')).toEqual([]);
  });

  it('a PEM in a block scalar moves with its entry (whole Secret → ExternalSecret)', () => {
    const key = pemKey();
    const text = ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: git-sync', 'type: kubernetes.io/ssh-auth', 'stringData:', '  ssh-privatekey: |', ...key.split('\n').map((l) => `    ${l}`), ''].join('\n');
    const files = workspace({ 'k8s/git-sync.yaml': text });
    const findings = secretFindings('k8s/git-sync.yaml', files);
    expect(findings.map((f) => f.ruleId)).toEqual(['secret/private-key']);
    applyFix(fixOf(findings[0]), files);
    const out = YAML.parse(files.get(`${ROOT}/k8s/git-sync.yaml`)!);
    expect(out.kind).toBe('ExternalSecret');
    expect(out.spec.target.template).toEqual({ type: 'kubernetes.io/ssh-auth' });
    expect(envValue(files, 'SSH_PRIVATEKEY')).toBe(key + '\n');
    expect(secretFindings('k8s/git-sync.yaml', files)).toEqual([]);
  });
});

describe('.tfvars', () => {
  it('a heredoc PEM: the attribute goes, TF_VAR_ gets the dedented value with its final line break', () => {
    const key = pemKey();
    const text = `region = "eu-west-1"\n\nsigning_key = <<-EOT\n${key.split('\n').map((l) => `    ${l}`).join('\n')}\n  EOT\n\nreplicas = 2\n`;
    const files = workspace({ 'infra/prod.tfvars': text });
    const findings = secretFindings('infra/prod.tfvars', files);
    expect(findings.map((f) => f.ruleId)).toEqual(['secret/private-key']);
    const fix = fixOf(findings[0]);
    expectMaskedTitle(fix, [key]);
    applyFix(fix, files);
    expect(files.get(`${ROOT}/infra/prod.tfvars`)).toBe('region = "eu-west-1"\n\nreplicas = 2\n');
    expect(envValue(files, 'TF_VAR_signing_key')).toBe(key + '\n');
    expect(files.get(ENV), 'one line per variable').toMatch(/^TF_VAR_signing_key="[^\n]*"\n$/);
    const after = analyze('infra/prod.tfvars', files);
    expect(after.notes.filter((n) => n.kind === 'parse-error')).toEqual([]);
    expect(after.findings.filter((f) => f.ruleId.startsWith('secret/'))).toEqual([]);
  });

  it('several secrets in one file are fixed one by one; a file with blocks (module code named .tfvars) gets none', () => {
    const files = workspace({ 'infra/prod.tfvars': `gitlab_token = "${GITLAB}"\naws_key_id   = "${AWS_KEY}" # ci user\n` });
    for (let round = 0; round < 3; round++) {
      const f = secretFindings('infra/prod.tfvars', files).find((x) => x.fixes.some((y) => y.kind === 'vault-reference'));
      if (f) applyFix(fixOf(f), files);
    }
    expect(files.get(`${ROOT}/infra/prod.tfvars`)).toBe('');
    expect(envValue(files, 'TF_VAR_gitlab_token')).toBe(GITLAB);
    expect(envValue(files, 'TF_VAR_aws_key_id')).toBe(AWS_KEY);

    const module = workspace({ 'infra/terraform.tfvars': `locals {\n  gitlab_token = "${GITLAB}"\n}\n` });
    for (const f of secretFindings('infra/terraform.tfvars', module)) expect(f.fixes.filter((x) => x.kind === 'vault-reference')).toEqual([]);
  });
});

describe('PEM blocks in code move whole to the env file', () => {
  const cases: { name: string; path: string; text: (pem: string) => string; expression: string }[] = [
    { name: 'Python triple-quoted', path: 'app/signing.py', text: (p) => `import os\n\nSIGNING_KEY = """${p}\n"""\n`, expression: 'os.environ["SIGNING_KEY"]' },
    { name: 'TypeScript template literal', path: 'src/signing.ts', text: (p) => `export const signingKey = \`${p}\n\`;\n`, expression: 'process.env.SIGNING_KEY' },
    { name: 'JavaScript with \\n escapes', path: 'src/signing.js', text: (p) => `const signingKey = "${p.replace(/\n/g, '\\n')}";\nmodule.exports = { signingKey };\n`, expression: 'process.env.SIGNING_KEY' },
    { name: 'Go raw string', path: 'internal/signing/key.go', text: (p) => `package signing\n\nvar SigningKey = \`${p}\n\`\n`, expression: 'os.Getenv("SIGNING_KEY")' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const key = pemKey();
      const files = workspace({ [c.path]: c.text(key) });
      const findings = secretFindings(c.path, files);
      expect(findings.map((f) => f.ruleId)).toEqual(['secret/private-key']);
      const fix = fixOf(findings[0]);
      expectMaskedTitle(fix, [key]);
      applyFix(fix, files);
      const text = files.get(`${ROOT}/${c.path}`)!;
      expect(text).toContain(c.expression);
      expect(text).not.toContain('PRIVATE KEY');
      const recovered = envValue(files, 'SIGNING_KEY');
      expect(recovered?.trimEnd()).toBe(key);
      const after = analyze(c.path, files);
      expect(after.notes.filter((n) => n.kind === 'parse-error')).toEqual([]);
      expect(after.findings.filter((f) => f.ruleId.startsWith('secret/'))).toEqual([]);
    });
  }
});
