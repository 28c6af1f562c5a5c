/**
 * The "secret → reference" fixes for secrets that no literal holds exactly, and
 * for config formats added for issue 6's coverage: Spring `${NAME}`, ASP.NET
 * Core appsettings → environment, `*.tfvars` → TF_VAR_, Dockerfile `ENV`,
 * documentation and comments → `<NAME>` placeholder, a URL's password in
 * code (whole URL to the environment). Each fix is applied: the finding is
 * gone, the value is recoverable from the env file, and a second analysis
 * offers nothing more to apply.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import type { Finding, Fix } from '../server/src/engine/model';
import { parseKeyValue } from '../server/src/engine/documents/key-value';
import { embeddedName } from '../server/src/engine/fixes/references/embedded';

const ROOT = 'file:///ws';
const TODAY = '2026-11-26';

beforeAll(async () => {
  await initEngine();
});

function analyse(path: string, text: string, files: Record<string, string> = {}) {
  return analyzeText(
    { uri: `${ROOT}/${path}`, path, text },
    { config: defaultConfig(), validateFixes: true, today: TODAY, workspaceRoot: ROOT, readFile: (uri) => files[uri.slice(ROOT.length + 1)] },
  );
}

function applyTo(text: string, uri: string, fix: Fix): string {
  const edits = fix.edits.filter((e) => e.uri === uri).sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

function secretFindings(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.ruleId.startsWith('secret/'));
}

/** Applies the first finding's preferred fix; returns the new text, the env file and the fix. */
function fixOnce(path: string, text: string, ruleId: string) {
  const finding = analyse(path, text).findings.find((f) => f.ruleId === ruleId);
  expect(finding, `${ruleId} in ${path}`).toBeDefined();
  const fix = finding!.fixes.find((x) => x.preferred && x.kind === 'vault-reference');
  expect(fix, `a vault-reference fix for ${ruleId} in ${path}`).toBeDefined();
  const fixed = applyTo(text, `${ROOT}/${path}`, fix!);
  const env = fix!.edits.filter((e) => e.uri === `${ROOT}/.env.local`).map((e) => e.newText).join('');
  const entries = new Map(parseKeyValue(env, 'dotenv').map((e) => [e.key, e.value]));
  return { fix: fix!, fixed, entries };
}

/** Applying the fix again (to the fixed text, with the env file written) finds nothing left for this rule there. */
function expectIdempotent(path: string, fixed: string, ruleId: string, env: Map<string, string>) {
  const envText = [...env].map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
  const again = analyse(path, fixed, { '.env.local': envText, '.gitignore': '.env.local\n' });
  expect(again.findings.filter((f) => f.ruleId === ruleId)).toEqual([]);
  expect(again.notes.filter((n) => n.kind === 'parse-error')).toEqual([]);
}

describe('Spring application*.properties / application*.yml', () => {
  it('a property value becomes ${NAME} after Spring relaxed binding, value saved', () => {
    const text = 'server.port=8080\napp.admin-password=dm7!Qx4tXZ9nCtDJ6aajGq\n';
    const { fixed, entries } = fixOnce('src/main/resources/application.properties', text, 'secret/generic-password');
    expect(fixed).toBe('server.port=8080\napp.admin-password=${APP_ADMIN_PASSWORD}\n');
    expect(entries.get('APP_ADMIN_PASSWORD')).toBe('dm7!Qx4tXZ9nCtDJ6aajGq');
    expectIdempotent('src/main/resources/application.properties', fixed, 'secret/generic-password', entries);
  });

  it("a URL's password becomes ${…_PASSWORD} inside the URL (the rest of the URL stays)", () => {
    const text = 'spring:\n  datasource:\n    url: postgresql://orders:Hq2pW8xZ4mK7vR1t@orders-db.internal.acme.io:5432/orders\n';
    const { fixed, entries } = fixOnce('config/application-prod.yml', text, 'secret/connection-string');
    expect(fixed).toContain('url: postgresql://orders:${SPRING_DATASOURCE_PASSWORD}@orders-db.internal.acme.io:5432/orders');
    expect(entries.get('SPRING_DATASOURCE_PASSWORD')).toBe('Hq2pW8xZ4mK7vR1t');
    expectIdempotent('config/application-prod.yml', fixed, 'secret/connection-string', entries);
  });

  it('a .properties file Spring does not load gets no reference (java.util.Properties takes ${…} literally)', () => {
    const r = analyse('conf/jobs.properties', 'jobs.admin-password=dm7!Qx4tXZ9nCtDJ6aajGq\n');
    const f = r.findings.find((x) => x.ruleId === 'secret/generic-password');
    expect(f).toBeDefined();
    expect(f!.fixes.filter((x) => x.kind !== 'suppress')).toEqual([]);
  });
});

describe('ASP.NET Core appsettings*.json', () => {
  it('the key is removed and the value saved as ConnectionStrings__Name (environment overrides appsettings)', () => {
    const text = '{\n  "ConnectionStrings": {\n    "Orders": "Server=tcp:orders.database.windows.net,1433;User ID=api;Password=Fv8qK3mX7tL2wR9z;Encrypt=True;",\n    "Cache": "redis.internal:6380"\n  }\n}\n';
    const { fixed, entries } = fixOnce('src/Api/appsettings.json', text, 'secret/connection-string');
    expect(JSON.parse(fixed)).toEqual({ ConnectionStrings: { Cache: 'redis.internal:6380' } });
    expect(entries.get('ConnectionStrings__Orders')).toContain('Password=Fv8qK3mX7tL2wR9z');
    expectIdempotent('src/Api/appsettings.json', fixed, 'secret/connection-string', entries);
  });

  it('another JSON config gets no fix (JSON has no interpolation)', () => {
    const r = analyse('config/database.json', '{\n  "orders": { "url": "postgres://orders:Hq2pW8xZ4mK7vR1t@orders-db.internal.acme.io/orders" }\n}\n');
    const f = r.findings.find((x) => x.ruleId === 'secret/connection-string');
    expect(f).toBeDefined();
    expect(f!.fixes.filter((x) => x.kind !== 'suppress')).toEqual([]);
  });
});

describe('terraform.tfvars', () => {
  it('the line is removed and the value saved as TF_VAR_<name>', () => {
    const text = 'region = "eu-west-1"\nstripe_secret_key = "sk_live_51Hq2pW8xZ4mK7vR1tAbCdEfGh"\n';
    const { fixed, entries } = fixOnce('infra/terraform.tfvars', text, 'secret/stripe');
    expect(fixed).toBe('region = "eu-west-1"\n');
    expect(entries.get('TF_VAR_stripe_secret_key')).toBe('sk_live_51Hq2pW8xZ4mK7vR1tAbCdEfGh');
  });
});

describe('Dockerfile ENV', () => {
  it('ENV NAME=secret is removed and the value saved under NAME', () => {
    const text = 'FROM node:20\nENV SMTP_PASSWORD=Pw7!kR2#vL9qZx4T\nCMD ["node", "server.js"]\n';
    const { fixed, entries } = fixOnce('Dockerfile', text, 'secret/generic-password');
    expect(fixed).toBe('FROM node:20\nCMD ["node", "server.js"]\n');
    expect(entries.get('SMTP_PASSWORD')).toBe('Pw7!kR2#vL9qZx4T');
  });

  it('a later RUN that reads the variable gets it from a BuildKit secret mount instead (fixes/commands/dockerfile.ts)', () => {
    const text = 'FROM node:20\nENV NPM_PASSWORD=Pw7!kR2#vL9qZx4T\nRUN echo "//npm.acme.io/:_password=${NPM_PASSWORD}" > .npmrc && npm ci\n';
    const { fixed, entries } = fixOnce('Dockerfile', text, 'secret/generic-password');
    expect(fixed).toBe('# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=secret,id=npm_password,env=NPM_PASSWORD echo "//npm.acme.io/:_password=${NPM_PASSWORD}" > .npmrc && npm ci\n');
    expect(entries.get('NPM_PASSWORD')).toBe('Pw7!kR2#vL9qZx4T');
    expect(fixed).not.toContain('Pw7!kR2#vL9qZx4T');
  });

  it('every later RUN of the stage gets the mount (a step may read NAME without naming it, e.g. npm and .npmrc)', () => {
    const text = 'FROM node:20\nENV NPM_PASSWORD=Pw7!kR2#vL9qZx4T\nRUN npm ci\nRUN npm run build\n';
    const { fixed, entries } = fixOnce('Dockerfile', text, 'secret/generic-password');
    expect(fixed.match(/--mount=type=secret,id=npm_password,env=NPM_PASSWORD/g)).toHaveLength(2);
    expect(fixed).not.toMatch(/^ENV /m);
    expect(entries.get('NPM_PASSWORD')).toBe('Pw7!kR2#vL9qZx4T');
  });

  it('no fix when a later non-RUN instruction uses the variable (a mount reaches only RUN)', () => {
    const text = 'FROM node:20\nENV API_TOKEN_PASSWORD=Pw7!kR2#vL9qZx4T\nRUN npm ci\nLABEL token=${API_TOKEN_PASSWORD}\n';
    const f = analyse('Dockerfile', text).findings.find((x) => x.ruleId === 'secret/generic-password');
    expect(f).toBeDefined();
    expect(f!.fixes.filter((x) => x.kind !== 'suppress')).toEqual([]);
  });

  it('no fix for a line with two variables or a continuation', () => {
    for (const line of ['ENV SMTP_PASSWORD=Pw7!kR2#vL9qZx4T SMTP_USER=app', 'ENV SMTP_PASSWORD=Pw7!kR2#vL9qZx4T \\\n    SMTP_USER=app']) {
      const f = analyse('Dockerfile', `FROM node:20\n${line}\n`).findings.find((x) => x.ruleId === 'secret/generic-password');
      if (f) expect(f.fixes.filter((x) => x.kind !== 'suppress'), line).toEqual([]);
    }
  });
});

describe('documentation and comments', () => {
  it('a key in a README becomes <NAME>; the value is saved under NAME', () => {
    const text = '# Deploy\n\n    export GITLAB_TOKEN=glpat-Xr7tQ2mLz9vK4wN8pJ3s\n    ./deploy.sh\n';
    const { fixed, entries } = fixOnce('README.md', text, 'secret/gitlab-token');
    expect(fixed).toContain('export GITLAB_TOKEN=<GITLAB_TOKEN>\n');
    expect(entries.get('GITLAB_TOKEN')).toBe('glpat-Xr7tQ2mLz9vK4wN8pJ3s');
    expectIdempotent('README.md', fixed, 'secret/gitlab-token', entries);
  });

  it('prose before a colon does not name the variable; a URL password is named as a password', () => {
    const text = 'settings:\n  # prod: postgres://orders:Hq2pW8xZ4mK7vR1t@orders-db.internal.acme.io/orders\n  pool: 5\n';
    const { fixed, entries } = fixOnce('config/settings.yaml', text, 'secret/connection-string');
    expect(fixed).toContain('postgres://orders:<DATABASE_PASSWORD>@orders-db');
    expect([...entries.keys()]).toEqual(['DATABASE_PASSWORD']);
  });
});

describe('a secret inside a larger literal in code', () => {
  it('Python: the whole URL moves to DATABASE_URL (code reads URLs whole)', () => {
    const text = "import os\n\nDATABASE_URL = 'postgresql://svc_app:kDKb5xi5bws6vX7F@db.acme-partner.com:5432/analytics'\n";
    const { fixed, entries } = fixOnce('app/settings.py', text, 'secret/connection-string');
    expect(fixed).toBe("import os\n\nDATABASE_URL = os.environ['DATABASE_URL']\n");
    expect(entries.get('DATABASE_URL')).toBe('postgresql://svc_app:kDKb5xi5bws6vX7F@db.acme-partner.com:5432/analytics');
  });

  it('shell: only the password becomes ${NAME} in a double-quoted value; a single-quoted one is not rewritten in place', () => {
    const dq = 'export DATABASE_URL="postgres://orders:h6KDWru8r5mr26QCEvuS@db.acme.io:5432/orders"\n';
    const { fixed } = fixOnce('scripts/seed.sh', dq, 'secret/connection-string');
    expect(fixed).toBe('export DATABASE_URL="postgres://orders:${DATABASE_PASSWORD}@db.acme.io:5432/orders"\n');
    const sq = "export DATABASE_URL='postgres://orders:h6KDWru8r5mr26QCEvuS@db.acme.io:5432/orders'\n";
    const f = analyse('scripts/seed.sh', sq).findings.find((x) => x.ruleId === 'secret/connection-string');
    for (const fix of f?.fixes ?? []) expect(applyTo(sq, `${ROOT}/scripts/seed.sh`, fix)).not.toContain("'postgres://orders:${");
  });

  it('a shell script inside a workflow is not moved whole into a secret', () => {
    const text = 'on: push\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          curl -fsSL -u etl_writer:RKKc4vaWjRmRqrfqX2 https://artifacts.acme.io/api/npm/auth\n';
    for (const f of secretFindings(analyse('.github/workflows/sync.yml', text).findings)) {
      for (const fix of f.fixes) for (const e of fix.edits) expect(e.newText).not.toContain('curl');
    }
  });

  it('files tools read literally (.netrc) get no reference: only the fix that stops committing the file', () => {
    const r = analyse('.netrc', 'machine artifacts.acme.io\n  login ci\n  password pMQzTxdQZmhXurVZc9Xx\n');
    for (const f of secretFindings(r.findings)) {
      const edits = f.fixes.filter((x) => x.kind !== 'suppress').flatMap((x) => x.edits);
      expect(edits.map((e) => [e.uri.replace(/^.*\//, ''), e.newText])).toEqual([['.gitignore', '/.netrc\n']]);
    }
  });
});

describe('names', () => {
  it("a URL's password is named after its key without the URL suffix", () => {
    expect(embeddedName('spring.datasource.url', 'DATABASE_URL')).toBe('SPRING_DATASOURCE_PASSWORD');
    expect(embeddedName(undefined, 'REDIS_URL')).toBe('REDIS_PASSWORD');
    expect(embeddedName('ledger', 'STRIPE_SECRET_KEY')).toBe('STRIPE_SECRET_KEY');
  });
});

describe('no fix leaks the secret into its title', () => {
  it('titles carry names, never values', () => {
    const text = 'spring:\n  datasource:\n    password: "w9NCbWs6ffaD3xQ"\n';
    for (const f of analyse('config/application.yml', text).findings) for (const fix of f.fixes) expect(fix.title).not.toContain('w9NCbWs6ffaD3xQ');
  });
});
