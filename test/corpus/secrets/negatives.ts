/**
 * Hard negatives: values that sit where secrets sit, often under secret-like
 * names, but are not secrets (issue 4, "Precision: what is not a secret").
 * Any finding on one of them is a false positive.
 */
import { ALPHA, type Rng } from './rng';
import { pem } from './positives';
import { ASSIGN_HOSTS, LINE_HOSTS, type Entry, type HostName, type Lit, type NegativeKind, type Seg } from './types';

const CODE_HOSTS = ['python', 'javascript', 'typescript', 'go', 'java', 'csharp', 'ruby', 'php'] as const;
const CONFIG_HOSTS = ['dotenv', 'yaml-compose', 'yaml-k8s', 'yaml-app', 'json', 'toml', 'ini', 'properties', 'hcl', 'xml', 'shell', 'dockerfile', 'markdown'] as const;

const SECRET_NAMES = ['API_KEY', 'DB_PASSWORD', 'STRIPE_SECRET_KEY', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'SLACK_BOT_TOKEN', 'OPENAI_API_KEY', 'CLIENT_SECRET', 'SENDGRID_API_KEY', 'DATADOG_API_KEY', 'ADMIN_PASSWORD', 'JWT_SECRET', 'TWILIO_AUTH_TOKEN', 'NPM_TOKEN', 'ANTHROPIC_API_KEY'];

const v = (value: string): Lit => ({ pre: '', secret: value, post: '' });
const raw = (value: string): Lit => ({ pre: '', secret: value, post: '', raw: true });

function assign(kind: string, name: string, value: Lit): Entry {
  return { t: 'assign', name, value, label: { kind, positive: false } };
}

function neg(kind: string, hosts: readonly HostName[], count: number, gen: (r: Rng, host: HostName) => Entry | undefined): NegativeKind {
  return { kind, hosts, count, gen };
}

/** Simple value negatives under a secret-like name, any assignment host. */
function valueNeg(kind: string, count: number, names: readonly string[], value: (r: Rng, name: string) => string, hosts: readonly HostName[] = ASSIGN_HOSTS): NegativeKind {
  return neg(kind, hosts, count, (r) => {
    const name = r.pick(names);
    return assign(kind, name, v(value(r, name)));
  });
}

/** How each language reads an environment variable (or a secret store): a reference, not a value. */
function envReference(host: HostName, name: string, r: Rng): string | undefined {
  switch (host) {
    case 'javascript': case 'typescript': return r.pick([`process.env.${name}`, `process.env['${name}']`, `process.env.${name} ?? ''`]);
    case 'python': return r.pick([`os.environ["${name}"]`, `os.environ.get("${name}")`, `os.getenv("${name}", "")`]);
    case 'ruby': return r.pick([`ENV.fetch("${name}")`, `ENV["${name}"]`, `Rails.application.credentials.dig(:${name.toLowerCase()})`]);
    case 'go': return `os.Getenv("${name}")`;
    case 'java': return r.pick([`System.getenv("${name}")`, `System.getProperty("${name.toLowerCase().replace(/_/g, '.')}")`]);
    case 'csharp': return r.pick([`Environment.GetEnvironmentVariable("${name}")`, `configuration["${name.replace(/_/g, ':')}"]`]);
    case 'php': return r.pick([`getenv('${name}')`, `$_ENV['${name}']`, `env('${name}')`]);
    default: return undefined;
  }
}

function interpolation(host: HostName, name: string, r: Rng): string | undefined {
  switch (host) {
    case 'dotenv': case 'shell': case 'yaml-compose': case 'dockerfile': case 'markdown': return r.pick([`\${${name}}`, `\${${name}:?missing}`, `$${name}`]);
    case 'yaml-actions': return `\${{ secrets.${name} }}`;
    case 'yaml-k8s': case 'yaml-app': return r.pick([`{{ .Values.${camel(name)} }}`, `\${${name}}`, `{{ vault "secret/data/app" "${name.toLowerCase()}" }}`]);
    case 'hcl': return r.pick([`\${var.${name.toLowerCase()}}`, `\${data.aws_ssm_parameter.${name.toLowerCase()}.value}`]);
    case 'properties': case 'xml': return `\${${name.toLowerCase().replace(/_/g, '.')}}`;
    case 'ini': return `%(${name.toLowerCase()})s`;
    case 'json': case 'toml': return `\${${name}}`;
    case 'python': return `"%(${name.toLowerCase()})s"`;
    case 'javascript': case 'typescript': return `\`\${${camel(name)}}\``;
    case 'ruby': return `"#{${name.toLowerCase()}}"`;
    default: return undefined;
  }
}

function camel(name: string): string {
  return name.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const placeholders = [
  '<YOUR_API_KEY>', '<your-token-here>', 'your-api-key-here', 'your_secret_here', 'YOUR_STRIPE_SECRET_KEY', 'changeme', 'CHANGEME', 'change-me-please',
  'xxxxxxxxxxxxxxxxxxxxxxxx', 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', '********', 'REPLACE_ME', 'replace-with-real-key', 'TODO', 'TBD', '<redacted>', '[REDACTED]',
  'insert-token-here', 'put-your-key-here', 'none', '',
];

const prefixedPlaceholders = [
  'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'xoxb-your-bot-token', 'AKIAXXXXXXXXXXXXXXXX', 'sk-proj-...', 'sk-ant-api03-xxxxxxxx',
  'glpat-xxxxxxxxxxxxxxxxxxxx', 'npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'dop_v1_<token>', 'shpat_<access-token>', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'pypi-<token>', 'AIzaSy...your-key', 'whsec_...',
];

const docSamples = [
  'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIAI44QH8DHBEXAMPLE', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'ghp_exampleExampleExampleExample123456', 'xoxb-123456789012-1234567890123-EXAMPLEexampleEXAMPLEex',
];

const testDummies = ['password', 'secret', 'test', 'test123', 'dummy-token', 'fake-api-key', 'not-a-real-secret', 'foo', 'foobar', 'pass', 'admin', 'root', 'guest', 'mysecretpassword', 'example-secret'];

export const negativeKinds: NegativeKind[] = [
  valueNeg('placeholder', 140, SECRET_NAMES, (r) => r.pick(placeholders)),
  valueNeg('prefixed-placeholder', 60, SECRET_NAMES, (r) => r.pick(prefixedPlaceholders)),
  valueNeg('doc-sample', 50, ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'JWT', 'STRIPE_KEY', 'GITHUB_TOKEN', 'SLACK_TOKEN'], (r) => r.pick(docSamples)),
  valueNeg('test-dummy', 60, ['password', 'DB_PASSWORD', 'secret', 'API_TOKEN', 'api_key', 'ADMIN_PASSWORD', 'POSTGRES_PASSWORD'], (r) => r.pick(testDummies)),
  neg('env-reference-code', CODE_HOSTS, 90, (r, host) => {
    const name = r.pick(SECRET_NAMES);
    const ref = envReference(host, name, r);
    return ref ? assign('env-reference-code', name, raw(ref)) : undefined;
  }),
  neg('interpolation', [...CONFIG_HOSTS, 'yaml-actions', 'python', 'javascript', 'typescript', 'ruby'], 110, (r, host) => {
    const name = r.pick(SECRET_NAMES);
    const ref = interpolation(host, name, r);
    if (!ref) return undefined;
    return assign('interpolation', name, ref.startsWith('"') || ref.startsWith('`') ? raw(ref) : v(ref));
  }),
  valueNeg('secret-manager-reference', 80, SECRET_NAMES, (r, name) => r.pick([
    `{{resolve:secretsmanager:prod/${name.toLowerCase()}:SecretString:value}}`,
    `{{resolve:ssm-secure:/prod/app/${name.toLowerCase()}:3}}`,
    `op://Production/${camel(name)}/credential`,
    `vault:secret/data/payments#${name.toLowerCase()}`,
    `arn:aws:secretsmanager:eu-west-1:${r.digits(12)}:secret:prod/${name.toLowerCase()}-${r.alnum(6)}`,
    `projects/acme-prod/secrets/${name.toLowerCase().replace(/_/g, '-')}/versions/latest`,
    `@Microsoft.KeyVault(SecretUri=https://acme-kv.vault.azure.net/secrets/${name.toLowerCase().replace(/_/g, '-')}/)`,
    `sm://${name.toLowerCase()}`,
    `ENC[AES256_GCM,data:${r.base64Bytes(24)},iv:${r.base64Bytes(32)},tag:${r.base64Bytes(16)},type:str]`,
  ]), [...CONFIG_HOSTS, 'python', 'javascript', 'typescript', 'go', 'java', 'csharp', 'ruby', 'php']),
  neg('k8s-secret-key-ref', ['yaml-k8s'], 30, (r) => {
    const name = r.pick(SECRET_NAMES);
    return assign('k8s-secret-key-ref', name, raw(`{ secretKeyRef: { name: ${r.pick(['app-secrets', 'db-credentials'])}, key: ${name.toLowerCase().replace(/_/g, '-')} } }`));
  }),
  valueNeg('hash-digest', 80, ['checksum', 'sha256', 'etag', 'digest', 'content_hash', 'password_hash', 'api_key_sha256', 'token_fingerprint', 'build_hash'], (r) => r.pick([r.hex(32), r.hex(40), r.hex(64), `sha256:${r.hex(64)}`])),
  valueNeg('bcrypt-hash', 30, ['admin_password_hash', 'PASSWORD_HASH', 'htpasswd_hash'], (r) => `$2b$12$${r.str(ALPHA.b64.replace('+', '.'), 53)}`, ['yaml-app', 'json', 'toml', 'ini', 'hcl', 'python', 'ruby', 'go', 'java', 'typescript']),
  valueNeg('sri-integrity', 30, ['integrity'], (r) => `sha384-${r.base64Bytes(48)}`, ['json', 'javascript', 'typescript', 'yaml-app']),
  valueNeg('git-sha', 50, ['commit', 'GIT_SHA', 'revision', 'ref', 'BUILD_COMMIT', 'base_sha'], (r) => r.hex(40)),
  valueNeg('uuid-identifier', 70, ['REQUEST_ID', 'tenant_id', 'client_id', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'subscription_id', 'workspace_id', 'trace_id', 'installation_id'], (r) => r.uuid()),
  valueNeg('public-identifier', 60, ['AWS_ACCOUNT_ID', 'role_arn', 'GOOGLE_CLIENT_ID', 'SLACK_CHANNEL_ID', 'TWILIO_ACCOUNT_SID', 'STRIPE_PRICE_ID', 'GITHUB_APP_ID', 'image', 'KMS_KEY_ID'], (r, name) => {
    switch (name) {
      case 'AWS_ACCOUNT_ID': return r.digits(12);
      case 'role_arn': return `arn:aws:iam::${r.digits(12)}:role/${r.pick(['deployer', 'ci-readonly'])}`;
      case 'GOOGLE_CLIENT_ID': return `${r.digits(12)}-${r.str(ALPHA.lowerAlnum, 32)}.apps.googleusercontent.com`;
      case 'SLACK_CHANNEL_ID': return 'C' + r.str(ALPHA.upperAlnum, 10);
      case 'TWILIO_ACCOUNT_SID': return 'AC' + r.hex(32);
      case 'STRIPE_PRICE_ID': return 'price_' + r.alnum(24);
      case 'GITHUB_APP_ID': return r.digits(6);
      case 'KMS_KEY_ID': return r.uuid();
      default: return `ghcr.io/acme/api@sha256:${r.hex(64)}`;
    }
  }),
  valueNeg('stripe-publishable-key', 40, ['STRIPE_PUBLISHABLE_KEY', 'NEXT_PUBLIC_STRIPE_KEY', 'stripePublicKey', 'VITE_STRIPE_PK'], (r) => `pk_${r.pick(['live', 'test'])}_${r.alnum(r.pick([24, 99]))}`),
  neg('firebase-web-config', ['javascript', 'typescript'], 30, (r) => ({
    t: 'line',
    segs: [
      `const firebaseConfig = {\n  apiKey: "`, { text: 'AIzaSy' + r.str(ALPHA.b64url, 33), label: { kind: 'firebase-web-config', positive: false } },
      `",\n  authDomain: "${r.pick(['acme-shop', 'kestrel-app'])}.firebaseapp.com",\n  projectId: "acme-shop-${r.digits(4)}",\n  storageBucket: "acme-shop.appspot.com",\n  messagingSenderId: "${r.digits(12)}",\n  appId: "1:${r.digits(12)}:web:${r.hex(22)}"\n};\n`,
    ],
  })),
  // Sentry documents DSNs (public key only) as safe to expose: they only allow submitting events.
  valueNeg('sentry-public-dsn', 20, ['SENTRY_DSN', 'NEXT_PUBLIC_SENTRY_DSN', 'sentryDsn'], (r) => `https://${r.hex(32)}@o${r.digits(6)}.ingest.${r.pick(['', 'us.', 'de.'])}sentry.io/${r.digits(7)}`),
  valueNeg('algolia-search-only-key', 20, ['ALGOLIA_SEARCH_KEY', 'NEXT_PUBLIC_ALGOLIA_SEARCH_API_KEY', 'algoliaSearchOnlyKey'], (r) => r.hex(32)),
  valueNeg('public-key-material', 40, ['SSH_PUBLIC_KEY', 'authorized_key', 'DEPLOY_KEY_PUB', 'signing_public_key'], (r) => r.pick([
    `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.base64Bytes(32).replace(/=+$/, '')} ${r.pick(['deploy@ci', 'ops@bastion'])}`,
    `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${r.base64Bytes(255).replace(/=+$/, '')} ${r.pick(['jenkins@build', 'admin@laptop'])}`,
    `ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB${r.base64Bytes(64).replace(/=+$/, '')}`,
  ])),
  neg('public-key-pem', ['pem-file', 'yaml-app', 'python', 'javascript', 'go', 'json', 'dotenv'], 40, (r) => assign('public-key-pem', r.pick(['PUBLIC_KEY', 'JWT_PUBLIC_KEY', 'CA_CERT', 'TLS_CERT']), v(r.chance(0.5)
    ? pem(r, 'PUBLIC KEY', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', 260)
    : pem(r, 'CERTIFICATE', 'MIIDdzCCAl+gAwIBAgIE', 860)))),
  valueNeg('base64-image', 30, ['logo', 'icon', 'avatar_placeholder', 'favicon'], (r) => `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${r.base64Bytes(r.int(90, 200))}`, ['json', 'javascript', 'typescript', 'yaml-app', 'python', 'markdown']),
  valueNeg('config-not-secret', 90, ['PASSWORD_MIN_LENGTH', 'TOKEN_TTL_SECONDS', 'SECRET_ROTATION_DAYS', 'PASSWORD_RESET_TIMEOUT', 'API_KEY_HEADER', 'TOKEN_ENDPOINT', 'SECRET_NAME', 'PASSWORD_FIELD', 'AUTH_TOKEN_COOKIE', 'KEY_ALGORITHM'], (r, name) => {
    switch (name) {
      case 'PASSWORD_MIN_LENGTH': return String(r.int(8, 16));
      case 'TOKEN_TTL_SECONDS': return String(r.pick([900, 3600, 86400]));
      case 'SECRET_ROTATION_DAYS': return String(r.pick([30, 90]));
      case 'PASSWORD_RESET_TIMEOUT': return '3600';
      case 'API_KEY_HEADER': return 'X-Api-Key';
      case 'TOKEN_ENDPOINT': return `https://login.${r.pick(['acme', 'kestrel'])}.io/oauth2/v2.0/token`;
      case 'SECRET_NAME': return `prod/${r.pick(['payments', 'orders'])}/db-credentials`;
      case 'PASSWORD_FIELD': return 'user_password';
      case 'AUTH_TOKEN_COOKIE': return '__Host-session';
      default: return r.pick(['RS256', 'ES256', 'HS512']);
    }
  }),
  valueNeg('masked-or-truncated', 40, SECRET_NAMES, (r) => r.pick([`sk_live_…${r.alnum(4)}`, `ghp_${r.alnum(6)}`, `AKIA…${r.str(ALPHA.base32, 4)}`, `${r.alnum(4)}****************${r.alnum(4)}`, `xoxb-…`, 'glpat-', `sk-…${r.alnum(4)}`])),
  valueNeg('lookalike-identifier', 40, ['feature_flag', 'QUEUE_NAME', 'handler', 'MODULE', 'route'], (r) => r.pick([
    'task_live_migration_enabled', 'risk_live_scoring_v2', 'desk_test_queue', 'ask_live_agent', 'ghp_prefix_validator', 'github_pat_checker',
    `org.acme.${r.pick(['payments', 'auth'])}.TokenRefresher`, 'AccessKeyRotationJob', 'SecretKeyFactory.getInstance', 'xoxb_scopes_docs',
  ])),
  neg('secret-lookup-call', CODE_HOSTS, 60, (r, host) => {
    const name = r.pick(SECRET_NAMES);
    const call: Partial<Record<HostName, string>> = {
      python: r.pick([`get_secret("prod/${name.toLowerCase()}")`, `getpass.getpass("Password: ")`, `keyring.get_password("acme", "${name.toLowerCase()}")`]),
      javascript: `await secrets.get('${name.toLowerCase()}')`,
      typescript: `await secretClient.getSecret('${name.toLowerCase().replace(/_/g, '-')}')`,
      go: `mustSecret(ctx, "${name.toLowerCase()}")`,
      java: `secretsManager.getSecretValue("${name.toLowerCase()}")`,
      csharp: `(await client.GetSecretAsync("${name.replace(/_/g, '-')}")).Value.Value`,
      ruby: `Rails.application.credentials.${name.toLowerCase()}`,
      php: `$vault->read('secret/${name.toLowerCase()}')`,
    };
    const expr = call[host];
    return expr ? assign('secret-lookup-call', name, raw(expr)) : undefined;
  }),
  neg('url-without-credentials', ASSIGN_HOSTS, 60, (r) => {
    const name = r.pick(['DATABASE_URL', 'REDIS_URL', 'MONGO_URL', 'AMQP_URL', 'REPO_URL']);
    const host = r.pick(['db.internal', 'cache.internal', 'mq.acme.io', 'git.acme-corp.net']);
    return assign('url-without-credentials', name, v(r.pick([
      `postgres://${host}:5432/orders`,
      `postgres://app@${host}:5432/orders`,
      `postgres://app:\${DB_PASSWORD}@${host}:5432/orders`,
      `mongodb://admin:<password>@${host}:27017/app`,
      `redis://${host}:6379/0`,
      `amqp://guest:guest@localhost:5672/`,
      `https://${host}/acme/infra.git`,
      `mysql://root:password@localhost:3306/dev`,
    ])));
  }),
  neg('i18n-or-ui-string', ['json', 'yaml-app', 'javascript', 'typescript', 'python', 'ruby', 'properties'], 50, (r) => {
    const [name, text] = r.pick([
      ['password', 'Password'], ['password_hint', 'At least 12 characters, one number'], ['token_expired', 'Your session token has expired, please sign in again'],
      ['api_key_label', 'API key'], ['secret_question', 'What was the name of your first pet?'], ['forgot_password', 'Forgot your password?'],
      ['invalid_token', 'Invalid or expired token'], ['api_key_help', 'Create an API key in Settings, then paste it here'],
    ] as const);
    return assign('i18n-or-ui-string', name, v(text));
  }),
  neg('empty-or-null', ASSIGN_HOSTS, 40, (r, host) => {
    const name = r.pick(SECRET_NAMES);
    const nullish: Partial<Record<HostName, string>> = { python: 'None', javascript: 'undefined', typescript: 'null', go: '""', java: 'null', csharp: 'string.Empty', ruby: 'nil', php: 'null', json: 'null', hcl: 'null' };
    const expr = nullish[host];
    return expr ? assign('empty-or-null', name, raw(expr)) : assign('empty-or-null', name, v(''));
  }),
  neg('regex-pattern', ['python', 'javascript', 'typescript', 'go', 'java', 'ruby'], 30, (r) => assign('regex-pattern', r.pick(['TOKEN_PATTERN', 'KEY_REGEX', 'SECRET_FORMAT']), v(r.pick([
    '^sk_live_[0-9a-zA-Z]{24,99}$', 'ghp_[A-Za-z0-9]{36}', '(?:AKIA|ASIA)[A-Z2-7]{16}', 'xox[baprs]-[0-9A-Za-z-]{10,72}', '^glpat-[\\w-]{20}$', 'AIza[0-9A-Za-z_-]{35}',
  ])))),
  neg('docs-command-placeholder', LINE_HOSTS, 50, (r) => ({
    t: 'line',
    segs: r.pick<Seg[]>([
      ['curl -H "Authorization: Bearer ', lblNeg('$API_TOKEN'), '" https://api.acme.io/v1/me'],
      ['curl -u ', lblNeg('"$USER:$PASSWORD"'), ' https://repo.acme.io/api/storage'],
      ['docker login -u "$REGISTRY_USER" --password-stdin ', lblNeg('< /run/secrets/registry_password'), ''],
      ['echo "$DOCKER_PASSWORD" | docker login -u ci ', lblNeg('--password-stdin'), ' registry.acme.io'],
      ['mysql -h db.internal -u app ', lblNeg('-p'), ' orders'],
      ['./bin/migrate --password=', lblNeg('"$(cat /run/secrets/db_password)"'), ''],
      ['psql "postgres://app:', lblNeg('${PGPASSWORD}'), '@db.internal/orders" -c "select 1"'],
      ['curl -H "Authorization: Basic ', lblNeg('$(echo -n "$USER:$PASS" | base64)'), '" https://ci.acme.io/api/json'],
      ['gh auth login --with-token ', lblNeg('< token.txt'), ''],
    ]),
  })),
  neg('npmrc-env-reference', ['npmrc'], 12, (r) => assign('npmrc-env-reference', '_authToken', v(r.pick(['${NPM_TOKEN}', '${NODE_AUTH_TOKEN}', '${GITHUB_PACKAGES_TOKEN}'])))),
  neg('maven-settings-reference', ['maven-settings'], 12, (r) => assign('maven-settings-reference', 'password', v(r.pick(['${env.MAVEN_PASSWORD}', '${env.ARTIFACTORY_TOKEN}', `{${r.base64Bytes(24)}}`])))),
  neg('minified-bundle', ['javascript'], 25, (r) => {
    const chunk = (): Seg => ({ text: r.str(ALPHA.b64, r.int(40, 120)), label: { kind: 'minified-bundle', positive: false } });
    return {
      t: 'line',
      segs: [
        `!function(e,t){"use strict";var n=${r.int(10, 99)},o="`, chunk(), `",i=function(e){return e.replace(/[A-Z]/g,function(e){return"-"+e.toLowerCase()})};`,
        `t.exports={h:"`, { text: r.hex(64), label: { kind: 'minified-bundle', positive: false } }, `",f:"data:font/woff2;base64,`, chunk(), `",n:n,o:o,i:i}}(window,module);\n`,
      ],
    };
  }),
];

function lblNeg(text: string): Seg {
  return { text, label: { kind: 'docs-command-placeholder', positive: false } };
}
