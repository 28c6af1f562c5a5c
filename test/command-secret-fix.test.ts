/**
 * "Secret → reference" for secrets inside commands (server/src/engine/fixes/commands/):
 * shell scripts, Makefile recipes, GitHub Actions `run:`, GitLab `script:`,
 * Dockerfile `RUN` and `ENV` read by later `RUN` steps. Each case applies the
 * fixes one at a time to an in-memory workspace, as a user would, and checks:
 * the exact rewrite, the result still parses (YAML as YAML, every command as
 * bash with tree-sitter), the finding is gone and no new one appears, a second
 * round changes nothing, the value is recoverable from .env.local, and no
 * title shows the value.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import type { Finding, Fix } from '../server/src/engine/model';
import { parseKeyValue } from '../server/src/engine/documents/key-value';
import { parseWith } from '../server/src/engine/documents/tree-sitter';
import { planCommandSecret } from '../server/src/engine/fixes/commands/locate';
import { tokenize } from '../server/src/engine/fixes/commands/shell-words';
import { rules } from '../rules';
import { applyFixTo, workspaceFiles, type Files } from './support/fix-workspace';

const ROOT = 'file:///ws';
const ENV = `${ROOT}/.env.local`;

beforeAll(async () => {
  await initEngine();
});

const workspace = (entries: Record<string, string>): Files => workspaceFiles(ROOT, entries);

function analyze(path: string, files: Files): Finding[] {
  const text = files.get(`${ROOT}/${path}`)!;
  const result = analyzeText({ uri: `${ROOT}/${path}`, path, text }, { config: defaultConfig(), rules, workspaceRoot: ROOT, readFile: (u) => files.get(u) });
  expect(result.notes.filter((n) => n.kind === 'parse-error'), `${path} parses`).toEqual([]);
  return result.findings;
}

const applyFix = (fix: Fix, files: Files): void => applyFixTo(files, fix, ROOT);

const envValues = (files: Files) => new Map(parseKeyValue(files.get(ENV) ?? '', 'dotenv').map((e) => [e.key, e.value]));
const secretFindings = (fs: Finding[]) => fs.filter((f) => f.ruleId.startsWith('secret/'));
const key = (f: Finding) => `${f.ruleId} ${f.message}`;

/**
 * Applies every secret fix in `path`, one per round with re-analysis, and checks
 * the invariants. Returns the fixes applied and the final text.
 */
function fixAll(path: string, files: Files, secrets: string[]): { fixes: Fix[]; text: string } {
  const before = analyze(path, files);
  const fixes: Fix[] = [];
  for (let round = 0; round < 12; round++) {
    const fixable = secretFindings(analyze(path, files)).filter((f) => f.fixes.some((x) => x.kind === 'vault-reference'));
    if (fixable.length === 0) break;
    const fix = fixable[0].fixes.find((x) => x.kind === 'vault-reference')!;
    fixes.push(fix);
    applyFix(fix, files);
  }
  const text = files.get(`${ROOT}/${path}`)!;
  const after = analyze(path, files);
  for (const s of secrets) {
    expect(text.includes(s), 'no value left in the file').toBe(false);
    expect([...envValues(files).values()], 'the value is recoverable from .env.local').toContain(s);
    for (const fix of fixes) expect(fix.title.includes(s), 'titles never show the value').toBe(false);
  }
  expect(secretFindings(after), 'every secret finding is gone').toEqual([]);
  const known = new Set(before.map(key));
  expect(after.filter((f) => !known.has(key(f))).map(key), 'no new finding').toEqual([]);
  // A second application: nothing left to offer, so nothing changes.
  const snapshot = new Map(files);
  for (const f of after) for (const fix of f.fixes.filter((x) => x.kind === 'vault-reference')) applyFix(fix, files);
  expect(files).toEqual(snapshot);
  expect(files.get(`${ROOT}/.gitignore`)).toContain('.env.local');
  return { fixes, text };
}

function expectBash(script: string): void {
  const tree = parseWith('bash', script);
  expect(tree, 'tree-sitter-bash is loaded').toBeDefined();
  expect(tree!.rootNode.hasError, `parses as bash:\n${script}`).toBe(false);
  tree!.delete();
}

const REGISTRY = 'Vm3qX8tL2kR7wZ5nQe4';
const CURL = 'Rk4vX9mQ2tL7wZ3pHs8';
const BEARER = 'P3Ld3C4uGntv7A3SRASINLCLGB2ORVeD';
const DB = 'YqV7-DsxJ3dEpSQRXJ';
const basic = (user: string, pass: string) => Buffer.from(`${user}:${pass}`).toString('base64');
const BASIC_PASS = 'hSfA__N2.RYCp.UXTk77';

describe('shell scripts', () => {
  const script = [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    `docker login ghcr.io -u ci-bot -p ${REGISTRY}`,
    `curl -fsSL -u ci-bot:${CURL} https://nexus.acme-logistics.io/service/rest/v1/status`,
    `curl -X POST -H 'Authorization: Bearer ${BEARER}' https://deploy.acme-logistics.io/v2/sync`,
    `mysqldump -h db.internal -u app -p'${DB}' shop > /backup/dump.sql`,
    `curl -sS -H "Authorization: Basic ${basic('svc-reports', BASIC_PASS)}" https://reports.acme-logistics.io/api/v1/jobs`,
    // Hard negatives: references, stdin, placeholders.
    'echo "$REGISTRY_TOKEN" | docker login ghcr.io -u ci-bot --password-stdin',
    'curl -u "$NEXUS_USER:$NEXUS_PASSWORD" https://nexus.acme-logistics.io/service/rest/v1/status',
    "curl -H 'Authorization: Bearer <your-token>' https://deploy.acme-logistics.io/v2/sync",
    '',
  ].join('\n');

  it('rewrites each argument in its quoting and moves the values to .env.local', () => {
    const files = workspace({ 'scripts/release.sh': script });
    const { text, fixes } = fixAll('scripts/release.sh', files, [REGISTRY, CURL, BEARER, DB, BASIC_PASS]);
    expect(text).toContain(`printf '%s' "$REGISTRY_PASSWORD" | docker login ghcr.io -u ci-bot --password-stdin\n`);
    expect(text).toContain('curl -fsSL -u "ci-bot:${CURL_PASSWORD}" https://');
    expect(text).toContain(`curl -X POST -H "Authorization: Bearer \${API_TOKEN}" https://`);
    expect(text).toContain('mysqldump -h db.internal -u app -p"${APP_PASSWORD}" shop');
    expect(text).toContain('curl -sS -u "svc-reports:${BASIC_AUTH_PASSWORD}" https://reports');
    // The hard negatives are untouched.
    expect(text).toContain(script.split('\n').slice(7).join('\n'));
    expect(envValues(files).get('BASIC_AUTH_PASSWORD')).toBe(BASIC_PASS);
    expect(fixes.every((f) => f.title.includes('.env.local'))).toBe(true);
    expectBash(text);
  });

  it('closes and reopens single quotes when the rest of the string must stay literal', () => {
    const text = `curl -H 'X-Sig: $raw Bearer ${BEARER}' https://x.acme.io`;
    const start = text.indexOf(BEARER);
    const plan = planCommandSecret(text, { start: 0, end: text.length }, { start, end: start + BEARER.length }, 'API_TOKEN', { dollar: '$' });
    expect(plan?.edits[0].newText.replace(/\u0000NAME\u0000/g, 'API_TOKEN')).toBe(`'X-Sig: $raw Bearer '"\${API_TOKEN}"`);
  });

  it('leaves mysql -p <database> alone: mysql takes only an attached password', () => {
    const text = `mysql -h db.internal -u app -p ${DB}`;
    expect(planCommandSecret(text, { start: 0, end: text.length }, { start: text.length - DB.length, end: text.length }, 'APP_PASSWORD', { dollar: '$' })).toBeUndefined();
  });

  it('keeps a piped docker login on its pipe: the password stays an argument read from a variable', () => {
    const text = `cat motd | docker login -u ci -p ${REGISTRY} ghcr.io`;
    const start = text.indexOf(REGISTRY);
    const plan = planCommandSecret(text, { start: 0, end: text.length }, { start, end: start + REGISTRY.length }, 'REGISTRY_PASSWORD', { dollar: '$' });
    expect(plan?.how).toBe('argument');
  });

  it('reads no command out of unterminated quotes or substitutions', () => {
    expect(tokenize(`curl -u 'a:${CURL} https://x`, 0, 40)).toBeUndefined();
    const text = `curl -u "a:$(cat /run/pw)${CURL}" https://x`;
    const start = text.indexOf(CURL);
    expect(planCommandSecret(text, { start: 0, end: text.length }, { start, end: start + CURL.length }, 'P', { dollar: '$' })).toBeUndefined();
  });

  it('stays linear on hostile input', () => {
    const hostile = `curl ${'"$('.repeat(20000)} -u a:${CURL}`;
    const t0 = Date.now();
    planCommandSecret(hostile, { start: 0, end: hostile.length }, { start: hostile.length - CURL.length, end: hostile.length }, 'P', { dollar: '$' });
    tokenize("'a' ".repeat(16000), 0, 64000);
    expect(Date.now() - t0).toBeLessThan(500);
  });
});

describe('Makefile recipes', () => {
  const makefile = [
    'REGISTRY := registry.acme-logistics.io',
    '',
    'publish:',
    `\t@docker login $(REGISTRY) -u ci-pusher -p ${REGISTRY}`,
    `\tcurl -fsS -X POST -H 'Authorization: Bearer ${BEARER}' \\`,
    '\t  https://deploy.acme-logistics.io/api/v2/promote',
    '\techo "$$DEPLOY_TOKEN" | docker login $(REGISTRY) -u ci --password-stdin',
    '',
  ].join('\n');

  it('writes $$NAME so make hands $NAME to the shell (never $(NAME), which make would echo expanded)', () => {
    const files = workspace({ Makefile: makefile });
    const { text } = fixAll('Makefile', files, [REGISTRY, BEARER]);
    expect(text).toContain(`\t@printf '%s' "$$REGISTRY_PASSWORD" | docker login $(REGISTRY) -u ci-pusher --password-stdin\n`);
    expect(text).toContain('\tcurl -fsS -X POST -H "Authorization: Bearer $${API_TOKEN}" \\\n');
    // Each recipe is still shell once make has turned `$$` into `$` (and `$(REGISTRY)` into its value).
    const recipes = text
      .split('\n')
      .filter((l) => l.startsWith('\t'))
      .map((l) => l.slice(1).replace(/^@/, '').replace(/\$\$/g, '$').replace(/\$\(REGISTRY\)/g, 'registry.acme-logistics.io'))
      .join('\n');
    expectBash(recipes);
  });
});

describe('GitHub Actions run steps', () => {
  const workflow = [
    'name: deploy',
    'on: push',
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - name: Push',
    '        env:',
    '          IMAGE: ghcr.io/acme-logistics/api',
    '        run: |',
    `          docker login ghcr.io -u acme-ci -p ${REGISTRY}`,
    '          docker push "$IMAGE"',
    `      - run: curl -fsSL -u catalogue-sync:${CURL} https://partner.acme-freight.com/api/v1/catalogue`,
    '      - name: Safe already',
    '        env:',
    '          HOOK_TOKEN: ${{ secrets.HOOK_TOKEN }}',
    '        run: curl -fsS -u "hooks:$HOOK_TOKEN" https://hooks.acme-logistics.io/v1/nightly',
    '',
  ].join('\n');

  it('adds the secret to the step env (merged into an existing env:) and reads it in the script', () => {
    const files = workspace({ '.github/workflows/deploy.yml': workflow });
    const { text, fixes } = fixAll('.github/workflows/deploy.yml', files, [REGISTRY, CURL]);
    const doc = YAML.parse(text);
    const [, push, fetch, safe] = doc.jobs.deploy.steps;
    expect(push.env).toEqual({ IMAGE: 'ghcr.io/acme-logistics/api', REGISTRY_PASSWORD: '${{ secrets.REGISTRY_PASSWORD }}' });
    expect(push.run).toBe(`printf '%s' "$REGISTRY_PASSWORD" | docker login ghcr.io -u acme-ci --password-stdin\ndocker push "$IMAGE"\n`);
    expect(fetch).toEqual({ env: { CURL_PASSWORD: '${{ secrets.CURL_PASSWORD }}' }, run: 'curl -fsSL -u "catalogue-sync:${CURL_PASSWORD}" https://partner.acme-freight.com/api/v1/catalogue' });
    expect(safe.run).toBe('curl -fsS -u "hooks:$HOOK_TOKEN" https://hooks.acme-logistics.io/v1/nightly');
    for (const step of [push, fetch]) expectBash(step.run);
    expect(fixes.map((f) => f.title).join('\n')).toContain('gh secret set REGISTRY_PASSWORD < file-with-the-value');
  });

  it('offers nothing on a Windows runner, whose default shell is pwsh', () => {
    const files = workspace({ '.github/workflows/deploy.yml': workflow.replace('ubuntu-latest', 'windows-2022') });
    const findings = secretFindings(analyze('.github/workflows/deploy.yml', files));
    expect(findings.length).toBe(2);
    expect(findings.flatMap((f) => f.fixes.filter((x) => x.kind === 'vault-reference'))).toEqual([]);
  });
});

describe('GitLab CI scripts', () => {
  it('reads a masked CI/CD variable', () => {
    const ci = ['deploy:', '  stage: deploy', '  script:', `    - curl -fsS -u release-bot:${CURL} https://nexus.acme-logistics.io/service/rest/v1/deploy`, `    - docker login $CI_REGISTRY -u gitlab-ci -p ${REGISTRY}`, ''].join('\n');
    const files = workspace({ '.gitlab-ci.yml': ci });
    const { text, fixes } = fixAll('.gitlab-ci.yml', files, [CURL, REGISTRY]);
    const script: string[] = YAML.parse(text).deploy.script;
    expect(script).toEqual([
      'curl -fsS -u "release-bot:${CURL_PASSWORD}" https://nexus.acme-logistics.io/service/rest/v1/deploy',
      `printf '%s' "$REGISTRY_PASSWORD" | docker login $CI_REGISTRY -u gitlab-ci --password-stdin`,
    ]);
    expectBash(script.join('\n'));
    expect(fixes[0].title).toContain('glab variable set CURL_PASSWORD --masked');
  });
});

describe('Dockerfile', () => {
  const dockerfile = [
    'FROM python:3.12-slim',
    'WORKDIR /src',
    `ENV DB_PASSWORD=${DB}`,
    `RUN curl -fsSL -u wheels-ro:${CURL} https://pypi.acme-logistics.io/simple/ -o /tmp/index.html \\`,
    '    && pip install --no-cache-dir -r requirements.txt',
    'RUN --mount=type=secret,id=pypi_token,env=PYPI_TOKEN pip download acme-core',
    'CMD ["python", "-m", "acme_core"]',
    '',
  ].join('\n');

  it('turns RUN arguments and ENV read by later RUN steps into BuildKit secret mounts', () => {
    const files = workspace({ Dockerfile: dockerfile });
    const { text, fixes } = fixAll('Dockerfile', files, [DB, CURL]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('# syntax=docker/dockerfile:1');
    expect(text).not.toContain('ENV DB_PASSWORD');
    const curlRun = lines.find((l) => l.includes('curl -fsSL'))!;
    expect(curlRun).toMatch(/^RUN (?:--mount=type=secret,id=(?:db_password,env=DB_PASSWORD|curl_password,env=CURL_PASSWORD) ){2}curl -fsSL -u "wheels-ro:\$\{CURL_PASSWORD\}" https:/);
    expect(curlRun).toContain('env=DB_PASSWORD');
    expect(curlRun).toContain('env=CURL_PASSWORD');
    expect(text).toContain('RUN --mount=type=secret,id=db_password,env=DB_PASSWORD --mount=type=secret,id=pypi_token,env=PYPI_TOKEN pip download acme-core');
    expect(lines.filter((l) => l.startsWith('# syntax')).length).toBe(1);
    expect(fixes.map((f) => f.title).join('\n')).toContain('docker build --secret id=curl_password,env=CURL_PASSWORD');
    const run = /RUN (?:--\S+ )*([^]*?)\nRUN/.exec(text)![1];
    expectBash(run);
  });

  it('raises an old syntax pin and declines a custom frontend or escape directive', () => {
    const run = `RUN curl -fsSL -u wheels-ro:${CURL} https://pypi.acme-logistics.io/simple/\n`;
    const pinned = workspace({ Dockerfile: `# syntax=docker/dockerfile:1.4\nFROM alpine:3.20\n${run}` });
    expect(fixAll('Dockerfile', pinned, [CURL]).text.startsWith('# syntax=docker/dockerfile:1\nFROM')).toBe(true);
    for (const head of ['# syntax=example.com/custom-frontend:2\n', '# escape=`\n']) {
      const files = workspace({ Dockerfile: `${head}FROM alpine:3.20\n${run}` });
      const findings = secretFindings(analyze('Dockerfile', files));
      expect(findings.length).toBe(1);
      expect(findings[0].fixes.filter((x) => x.kind === 'vault-reference')).toEqual([]);
    }
  });

  it('keeps an ENV that a later instruction substitutes (a secret mount cannot feed COPY)', () => {
    const text = ['FROM alpine:3.20', `ENV DEPLOY_TOKEN=${BEARER}`, 'RUN apk add --no-cache curl', 'COPY ./conf/${DEPLOY_TOKEN}.json /etc/app/', ''].join('\n');
    const findings = secretFindings(analyze('Dockerfile', workspace({ Dockerfile: text })));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.flatMap((f) => f.fixes.filter((x) => x.kind === 'vault-reference'))).toEqual([]);
  });
});
