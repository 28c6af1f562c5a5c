/**
 * secret/generic-password and secret/generic-secret: name classification,
 * value judgement (placeholders, references, hashes, entropy), severities,
 * masking, and the test-path severity setting.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig, fromFlat } from '../server/src/engine/config';
import { secretNameKind } from '../server/src/engine/secrets/context';
import { isTestPath, secretSeverityAt, testSeverity } from '../server/src/engine/secrets/test-paths';
import { isGenericPlaceholder, isIdentifierLike, isNonSecretShape, isPasswordHashOrDigest, isSecretStoreReference, isTemplated } from '../server/src/engine/secrets/values';
import { judgePasswordValue, judgeSecretValue } from '../rules/secret/_generic';
import { genericSecretRules } from '../rules/secret/groups/generic';

beforeAll(async () => {
  await initEngine();
});

const config = defaultConfig();

function findings(path: string, text: string) {
  return analyzeText({ uri: `file:///w/${path}`, path, text }, { config, rules: genericSecretRules, validateFixes: false }).findings;
}

describe('secretNameKind', () => {
  it.each([
    ['DB_PASSWORD', 'password'], ['adminPassword', 'password'], ['spring.datasource.password', 'password'], ['DBPASSWORD', 'password'],
    ['SFTP_PWD', 'password'], ['RABBITMQ_DEFAULT_PASS', 'password'], ['bind-password', 'password'], ['passphrase', 'password'],
    ['client_secret', 'secret'], ['apiKey', 'secret'], ['X-API-KEY', 'secret'], ['SECRET_KEY_BASE', 'secret'], ['authToken', 'secret'],
    ['githubtoken', 'secret'], ['secret_id', 'secret'], ['ENCRYPTION_KEY', 'secret'], ['credentials', 'secret'], ['_auth', 'secret'],
  ])('%s is a %s name', (name, kind) => {
    expect(secretNameKind(name)).toBe(kind);
  });

  it.each([
    'password_length', 'PASSWORD_MIN_LENGTH', 'token_url', 'TOKEN_ENDPOINT', 'secret_name', 'passwordField', 'api_key_header', 'TOKEN_TYPE',
    'password_policy', 'secret_file', 'token_path', 'password_env', 'client_id', 'key_id', 'access_key_id', 'private_key_id', 'csrfToken',
    'max_tokens', 'pagination_token', 'password_hash', 'encryptedPassword', 'password_confirmation', 'key', 'cache_key', 'bypass',
    'api_key_sha256', 'AUTH_TOKEN_COOKIE', 'KEY_ALGORITHM', 'NEXT_PUBLIC_STRIPE_KEY', 'secretKeyRef', 'existingSecret', 'password-stdin',
  ])('%s is not a credential name', (name) => {
    expect(secretNameKind(name)).toBeUndefined();
  });
});

describe('value evidence', () => {
  it('recognises templates and secret-store references', () => {
    for (const v of ['${DB_PASSWORD}', '{{ .Values.password }}', '{% raw %}', '<%= ENV["X"] %>', '#{Password}#', '$(PartnerToken)', '%(db_pass)s', '@db.password@', '$DB_PASS', '$env:API_KEY']) {
      expect(isTemplated(v), v).toBe(true);
    }
    for (const v of ['op://Prod/db/password', 'vault:secret/data/x#y', '{{resolve:secretsmanager:prod/db:SecretString:pw}}', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x', 'projects/p/secrets/db/versions/latest', '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x/)', 'ENC[AES256_GCM,data:abc,iv:def]', 'ref+vault://secret/x#y', 'process.env.TOKEN', "os.environ['X']"]) {
      expect(isSecretStoreReference(v), v).toBe(true);
    }
    expect(isSecretStoreReference('hohKB2m4j5mj8SX5MmjyLDFH4yJNq2ZQ')).toBe(false);
  });

  it('recognises password hashes and digests', () => {
    for (const v of ['$2b$12$KIXQJZKZ6m8vX9y1cZ0H6uJp7sN4o5rQ2wE3tY8uI9oP0aS1dF2gH', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', 'pbkdf2_sha256$600000$salt$hash', '{SSHA}abcdef', 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC', `sha256:${'ab'.repeat(32)}`]) {
      expect(isPasswordHashOrDigest(v), v).toBe(true);
    }
  });

  it('recognises stand-ins, including leetspeak for passwords', () => {
    for (const v of ['<password>', '[your api key]', 'your-api-key-here', 'xxxxxxxx', '********', 'changeme', 'sk_live_…abcd']) expect(isGenericPlaceholder(v), v).toBe(true);
    expect(isGenericPlaceholder('P@ssw0rd123!', { leet: true })).toBe(true);
    expect(isGenericPlaceholder('s3cr3t-v4lu3', { leet: true })).toBe(true);
    expect(isGenericPlaceholder('Kestrel#2024!Q', { leet: true })).toBe(false);
  });

  it('recognises values that are not credentials by shape', () => {
    for (const v of ['3600', 'true', '30s', 'https://login.acme.io/token', '/run/secrets/db', './certs/key.pem', 'ops@acme.io', 'db.internal.svc', '10.0.0.1', 'config.db.password', 'getPassword()', 'data:image/png;base64,iVBORw0K']) {
      expect(isNonSecretShape(v), v).toBe(true);
    }
    expect(isNonSecretShape('Kq7.mZ2xVp9w')).toBe(false);
    expect(isIdentifierLike('AccessKeyRotationJob')).toBe(true);
    expect(isIdentifierLike('qdhrtYFqyWwSHTQFJSBrAGdAGLKf')).toBe(false);
  });

  it('judges passwords: generated, human-chosen, or not a password', () => {
    expect(judgePasswordValue('w**NCbWs6ffaD3')).toBe('random');
    expect(judgePasswordValue('Summer2024!')).toBe('human');
    for (const v of ['postgres', 'hunter2', '123456789', 'P@ssw0rd', 'demo1234', '', 'Enter your password', 'DB_PASSWORD', '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy']) {
      expect(judgePasswordValue(v), v).toBeUndefined();
    }
  });

  it('judges tokens: long and random only', () => {
    expect(judgeSecretValue('hohKB2m4j5mj8SX5MmjyLDFH4yJNq2ZQ')).toBe('random');
    expect(judgeSecretValue('8656d78118b7490fd1705a34ca35b558f65c13f6')).toBe('random');
    for (const v of ['someSecretValueHere', 'short1A', '3f1c2b7e-9a4d-4e8f-b6c2-1d5e7a9f0b3c', 'pk_live_51H8aQ2xZ7mK2pL8vN4wR6tY1uB5cD0eF', 'correcthorsebatterystaple', 'abcdefghijklmnop1234', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIbase']) {
      expect(judgeSecretValue(v), v).toBeUndefined();
    }
  });
});

describe('generic rules through the engine', () => {
  it('reports a generated password as an error and a chosen one as a warning, masked', () => {
    const text = 'db:\n  password: "w**NCbWs6ffaD3"\nadmin:\n  password: Summer2024!\n';
    const found = findings('config/app.yaml', text);
    expect(found.map((f) => [f.ruleId, f.severity])).toEqual([
      ['secret/generic-password', 'error'],
      ['secret/generic-password', 'warning'],
    ]);
    for (const f of found) {
      expect(f.message).not.toContain('w**NCbWs6ffaD3');
      expect(f.message).not.toContain('Summer2024!');
      expect(f.message).toContain('"password"');
    }
  });

  it('points at the value only', () => {
    const text = 'export API_TOKEN=hohKB2m4j5mj8SX5MmjyLDFH4yJNq2ZQ\n';
    const [f] = findings('Dockerfile', `FROM alpine\nRUN ${text}`);
    expect(f.ruleId).toBe('secret/generic-secret');
    expect(`FROM alpine\nRUN ${text}`.slice(f.range.start, f.range.end)).toBe('hohKB2m4j5mj8SX5MmjyLDFH4yJNq2ZQ');
  });

  it('reports only generated values in docs and example files', () => {
    const text = 'DB_PASSWORD=Summer2024!\nAPI_TOKEN=hohKB2m4j5mj8SX5MmjyLDFH4yJNq2ZQ\n';
    expect(findings('.env.example', text).map((f) => f.ruleId)).toEqual(['secret/generic-secret']);
    expect(findings('.env', text).map((f) => f.ruleId)).toEqual(['secret/generic-password', 'secret/generic-secret']);
  });

  it('skips lockfiles, minified bundles and very long lines', () => {
    const line = 'var password="w**NCbWs6ffaD3";';
    expect(findings('dist/app.min.js', line)).toEqual([]);
    expect(findings('src/app.js', `${'x'.repeat(1200)};${line}`)).toEqual([]);
    expect(findings('src/app.js', line).length).toBe(1);
  });

  it("in a YAML stream, what a document that parses yields does not depend on another document's parse errors", () => {
    // `metadata:x` breaks the first document; its password line is still scanned as text.
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:x\n  name: legacy-db\ndata:\n  DB_HOST: db.internal\n    password: "w**NCbWs6ffaD3"\n';
    // A document that parses, with a file embedded in a block scalar and a plain (non-secret) value.
    const valid = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: scripts\ndata:\n  region: eu-west-1\n  setup.conf: |\n    db_password: Kq7$mW2!pZr5vB\n';
    const values = (text: string) => findings('k8s/configmaps.yaml', text).map((f) => text.slice(f.range.start, f.range.end));
    expect(values(broken)).toEqual(['w**NCbWs6ffaD3']);
    expect(values(valid)).toEqual(['Kq7$mW2!pZr5vB']);
    expect(values(`${broken}---\n${valid}`)).toEqual([...values(broken), ...values(valid)]);
    expect(values(`${valid}---\n${broken}`)).toEqual([...values(valid), ...values(broken)]);
  });

  it('a stream with more parse errors than are listed still reads only its broken documents as text', () => {
    // A commented-out value in a document that parses is not read (a comment is no assignment) …
    const valid = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  region: eu-west-1\n  # password: Kq7$mW2!pZr5vB (rotated)\n';
    // … whatever the other documents' errors: a few, or more than a file lists (one summary problem for the rest).
    const broken = (n: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: legacy-${n}\ndata:x\n  host: db-${n}.internal\n  port: "5432"\n`;
    const stream = (brokenCount: number) => [valid, ...Array.from({ length: brokenCount }, (_, i) => broken(i))].join('---\n');
    const problems = (text: string) => analyzeText({ uri: 'file:///w/k8s/app.yaml', path: 'k8s/app.yaml', text }, { config, rules: genericSecretRules, validateFixes: false }).notes.filter((n) => n.kind === 'parse-error');
    expect(problems(stream(1)).some((n) => /more problems not shown/.test(n.message))).toBe(false);
    expect(problems(stream(8)).some((n) => /more problems not shown/.test(n.message))).toBe(true);
    for (const count of [0, 1, 8]) expect(findings('k8s/app.yaml', stream(count)), `${count} broken documents`).toEqual([]);
  });

  it('reads files embedded in YAML block scalars (ConfigMaps, Helm values) as text, with the usual judgement', () => {
    const configMap = (file: string, body: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  labels:\n    owner: payments\ndata:\n  ${file}: |\n${body.replace(/^/gm, '    ')}\n`;
    const values = (text: string) => findings('k8s/app-config.yaml', text).map((f) => [text.slice(f.range.start, f.range.end), f.message]);
    const props = values(configMap('application.properties', 'spring.datasource.url=jdbc:postgresql://db:5432/app\nspring.datasource.password=Kq7$mW2!pZr5vB'));
    expect(props).toEqual([['Kq7$mW2!pZr5vB', expect.stringContaining('"spring.datasource.password"')]]);
    expect(props[0][1]).not.toContain('Kq7$mW2!pZr5vB');
    expect(values(configMap('config.yaml', 'database:\n  host: db.internal\n  password: Kq7$mW2!pZr5vB')).map((v) => v[0])).toEqual(['Kq7$mW2!pZr5vB']);
    // References, templates, stand-ins and prose are not secrets here either.
    expect(values(configMap('config.yaml', 'database:\n  password: ${DB_PASSWORD}\n  token: "{{ .Values.token }}"\n  secret: changeme'))).toEqual([]);
    expect(values(configMap('README', 'password: set it in the vault; token: see the runbook'))).toEqual([]);
    const workflow = 'jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo "password: $DB_PASSWORD" > app.cfg\n';
    expect(findings('.github/workflows/deploy.yml', workflow)).toEqual([]);
  });

  it('decodes Kubernetes Secret data before judging it', () => {
    const secret = (pw: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${Buffer.from(pw).toString('base64')}\n`;
    expect(findings('k8s/secret.yaml', secret('GUyqYwjs57LS&P%P?')).length).toBe(1);
    expect(findings('k8s/secret.yaml', secret('changeme'))).toEqual([]);
  });
});

describe('test-path severity', () => {
  it('matches the default test paths', () => {
    for (const p of ['test/app.test.ts', 'src/__tests__/db.ts', 'pkg/db_test.go', 'tests/test_db.py', 'spec/models/user_spec.rb', 'rules/secret/fixtures/x/.env', 'internal/testdata/config.yaml', 'src/app.spec.ts']) {
      expect(isTestPath(p, config), p).toBe(true);
    }
    for (const p of ['src/app.ts', 'config/application.yml', 'latest/app.ts', 'contest/x.py', '../test/x.ts', '']) expect(isTestPath(p, config), p).toBe(false);
  });

  it('lowers, never raises, a secret finding in a test file; off drops it', () => {
    expect(testSeverity('error', config)).toBe('info');
    expect(secretSeverityAt('src/app.ts', 'error', config)).toBe('error');
    expect(secretSeverityAt('test/app.test.ts', 'error', config)).toBe('info');
    const warn = fromFlat({ secrets: { testSeverity: 'warning' } });
    expect(testSeverity('error', warn)).toBe('warning');
    expect(testSeverity('info', fromFlat({ secrets: { testSeverity: 'error' } }))).toBe('info');
    expect(testSeverity('error', fromFlat({ 'secrets.testSeverity': 'off' }))).toBe('off');
    const custom = fromFlat({ secrets: { testPaths: ['qa/**'] } });
    expect(isTestPath('qa/x.ts', custom)).toBe(true);
    expect(isTestPath('test/x.ts', custom)).toBe(false);
  });

  it('rejects invalid settings with a problem and keeps the default', () => {
    const problems: string[] = [];
    const c = fromFlat({ secrets: { testSeverity: 'loud', testPaths: 'test/**' } }, problems);
    expect(c.secrets).toEqual(defaultConfig().secrets);
    expect(problems.length).toBe(2);
  });
});
