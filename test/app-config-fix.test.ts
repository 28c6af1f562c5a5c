/**
 * "Secret → reference" for application config files without interpolation
 * (issue 6): node-config (custom-environment-variables), .NET App.config /
 * Web.config (appSettings `file=`, connectionStrings `configSource`), TOML /
 * INI local override files, Maven settings.xml (`${env.X}`) and Composer
 * auth.json (COMPOSER_AUTH). Each case applies the fixes to an in-memory
 * workspace round by round and checks: the result parses, the finding is gone,
 * no new finding appears (in the edited file or the files the fix wrote), a
 * further round changes nothing, the value is recoverable from where it was
 * moved, and titles never show a value.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as jsonc from 'jsonc-parser';
import * as YAML from 'yaml';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import type { Finding, Fix } from '../server/src/engine/model';
import { parseKeyValue } from '../server/src/engine/documents/key-value';
import { parseWith } from '../server/src/engine/documents/tree-sitter';
import { rules } from '../rules';
import { applyFixTo, workspaceFiles, type Files } from './support/fix-workspace';

const ROOT = 'file:///ws';
const ENV = `${ROOT}/.env.local`;
const GITIGNORE = `${ROOT}/.gitignore`;
const GH_TOKEN = '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';
const SENDGRID = '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';
const STRIPE = 'sk_live_51Hc8kLmNoPqRsTuVwXyZ0aBcDeFgHiJkLmNoPqRsTuVwXyZ0aBcDe';
const PASSWORD = 'Hp4!Xc8#Vn2%Qe6';
const COMPOSER_PASSWORD = 'CMKBHwu3WINNrbrPE9bZ7H3z4asFZjpS';

beforeAll(async () => {
  await initEngine();
});


const workspace = (entries: Record<string, string>): Files => workspaceFiles(ROOT, entries);
const at = (files: Files, path: string): string => files.get(`${ROOT}/${path}`) ?? '';

function analyze(path: string, files: Files): { findings: Finding[]; parseErrors: number } {
  const uri = `${ROOT}/${path}`;
  const text = files.get(uri);
  if (text === undefined) throw new Error(`no file ${path}`);
  const result = analyzeText({ uri, path, text }, { config: defaultConfig(), rules, workspaceRoot: ROOT, readFile: (u) => files.get(u) });
  return { findings: result.findings.filter((f) => f.ruleId.startsWith('secret/')), parseErrors: result.notes.filter((n) => n.kind === 'parse-error').length };
}

const referenceFix = (f: Finding): Fix | undefined => f.fixes.find((x) => x.kind === 'vault-reference');

const applyFix = (fix: Fix, files: Files): void => applyFixTo(files, fix, ROOT);

/**
 * Fixes every fixable secret of `path`, one per round (re-analysing between, as a user
 * would), and checks the invariants. Returns the fixes applied.
 */
function fixAll(path: string, files: Files, secrets: string[]): Fix[] {
  const before = analyze(path, files);
  const applied: Fix[] = [];
  for (let round = 0; round < 20; round++) {
    const fixable = analyze(path, files).findings.filter((f) => referenceFix(f));
    if (fixable.length === 0) break;
    const fix = referenceFix(fixable[0])!;
    for (const s of secrets) expect(fix.title, 'titles show no value').not.toContain(s);
    applied.push(fix);
    applyFix(fix, files);
  }
  const after = analyze(path, files);
  expect(after.parseErrors, 'the result parses').toBeLessThanOrEqual(before.parseErrors);
  expect(after.findings.filter((f) => referenceFix(f)), 'nothing left to fix').toEqual([]);
  const beforeMessages = new Set(before.findings.map((f) => f.message));
  expect(after.findings.filter((f) => !beforeMessages.has(f.message)).map((f) => f.message), 'no new finding').toEqual([]);
  for (const s of secrets) expect(at(files, path), 'no value left in the file').not.toContain(s);
  // Every file the fixes wrote is free of findings of its own (a mapping file, an override file is data we wrote).
  for (const uri of new Set(applied.flatMap((f) => f.edits.map((e) => e.uri)))) {
    const rel = uri.slice(ROOT.length + 1);
    if (uri === ENV || uri === GITIGNORE || uri === `${ROOT}/${path}`) continue;
    const written = analyze(decodeURIComponent(rel), files).findings.filter((f) => !secrets.some((s) => f.message.includes(s)));
    // Moved secrets are still secrets where they went (a gitignored file): only *new* kinds of findings count.
    expect(written.filter((f) => !before.findings.some((b) => b.ruleId === f.ruleId)).map((f) => f.message), `no new finding in ${rel}`).toEqual([]);
  }
  return applied;
}

function envValues(files: Files): Map<string, string> {
  return new Map(parseKeyValue(files.get(ENV) ?? '', 'dotenv').map((e) => [e.key, e.value]));
}

/** Well-formed enough for a config loader: balanced elements, quoted attributes, one root (test input only). */
function wellFormedXml(text: string): void {
  const stack: string[] = [];
  let roots = 0;
  const body = text.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '');
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<|>/g)) {
    expect(m[2], `malformed markup at ${m.index}: ${body.slice(m.index, m.index + 40)}`).toBeDefined();
    if (m[1]) expect(stack.pop(), `closing </${m[2]}>`).toBe(m[2]);
    else {
      if (stack.length === 0) roots++;
      if (!m[4]) stack.push(m[2]);
    }
  }
  expect(stack, 'unclosed elements').toEqual([]);
  expect(roots, 'one root element').toBe(1);
}

function gitignored(files: Files, path: string): boolean {
  return (files.get(GITIGNORE) ?? '').split('\n').includes(path);
}

describe('node-config', () => {
  const defaultJson = [
    '{',
    '  "server": { "port": 8080 },',
    '  "github": {',
    '    "apiUrl": "https://api.github.com",',
    `    "token": "${GH_TOKEN}",`,
    '    "org": "kestrel"',
    '  },',
    '  "mail": {',
    '    "from": "ops@kestrel.dev",',
    `    "sendgridApiKey": "${SENDGRID}"`,
    '  }',
    '}',
    '',
  ].join('\n');

  it('removes the keys, maps them in custom-environment-variables.json and saves the values to .env.local', () => {
    const files = workspace({ 'api/config/default.json': defaultJson });
    const applied = fixAll('api/config/default.json', files, [GH_TOKEN, SENDGRID]);
    expect(applied).toHaveLength(2);
    expect(applied[0].title).toBe(
      'Remove github.token from default.json and map it to the environment variable GITHUB_TOKEN in api/config/custom-environment-variables.json (node-config reads it from the environment; value saved to .env.local)',
    );
    const config = jsonc.parse(at(files, 'api/config/default.json'));
    expect(config).toEqual({ server: { port: 8080 }, github: { apiUrl: 'https://api.github.com', org: 'kestrel' }, mail: { from: 'ops@kestrel.dev' } });
    const mapping = JSON.parse(at(files, 'api/config/custom-environment-variables.json'));
    expect(mapping).toEqual({ github: { token: 'GITHUB_TOKEN' }, mail: { sendgridApiKey: 'SENDGRID_API_KEY' } });
    // The value is recoverable under the mapped name.
    expect(envValues(files).get(mapping.github.token)).toBe(GH_TOKEN);
    expect(envValues(files).get(mapping.mail.sendgridApiKey)).toBe(SENDGRID);
    expect(gitignored(files, '.env.local')).toBe(true);
  });

  it('reuses an existing mapping of the path and never takes a name mapped to another path', () => {
    const files = workspace({
      'api/config/production.json': defaultJson,
      'api/config/custom-environment-variables.json': '{\n  "github": { "token": "KESTREL_GH_TOKEN" },\n  "legacy": { "key": "SENDGRID_API_KEY" }\n}\n',
    });
    fixAll('api/config/production.json', files, [GH_TOKEN, SENDGRID]);
    const mapping = JSON.parse(at(files, 'api/config/custom-environment-variables.json'));
    expect(mapping.github.token).toBe('KESTREL_GH_TOKEN');
    expect(mapping.legacy.key).toBe('SENDGRID_API_KEY');
    expect(mapping.mail.sendgridApiKey).toBe('SENDGRID_API_KEY_2');
    expect(envValues(files).get('KESTREL_GH_TOKEN')).toBe(GH_TOKEN);
    expect(envValues(files).get('SENDGRID_API_KEY_2')).toBe(SENDGRID);
  });

  it('merges into a YAML mapping file and edits YAML config files', () => {
    const files = workspace({
      'config/default.yaml': `server:\n  port: 8080\ngithub:\n  org: kestrel\n  token: ${GH_TOKEN} # CI bot\n`,
      'config/custom-environment-variables.yml': '# names only\nserver:\n  port: PORT\n',
    });
    fixAll('config/default.yaml', files, [GH_TOKEN]);
    expect(YAML.parse(at(files, 'config/default.yaml'))).toEqual({ server: { port: 8080 }, github: { org: 'kestrel' } });
    const mapping = at(files, 'config/custom-environment-variables.yml');
    expect(mapping).toContain('# names only');
    expect(YAML.parse(mapping)).toEqual({ server: { port: 'PORT' }, github: { token: 'GITHUB_TOKEN' } });
    expect(envValues(files).get('GITHUB_TOKEN')).toBe(GH_TOKEN);
  });

  it('offers no node-config fix outside a config/ folder, for other names, or when the local value differs', () => {
    for (const path of ['api/settings/default.json', 'api/config/appconfig.json']) {
      const files = workspace({ [path]: defaultJson });
      const titles = analyze(path, files).findings.flatMap((f) => f.fixes.map((x) => x.title));
      expect(titles.some((t) => t.includes('custom-environment-variables')), path).toBe(false);
    }
    // A YAML production file without node-config files beside it is some other loader's.
    const files = workspace({ 'config/production.yaml': `github:\n  org: kestrel\n  token: ${GH_TOKEN}\n` });
    expect(analyze('config/production.yaml', files).findings.flatMap((f) => f.fixes.map((x) => x.title)).some((t) => t.includes('custom-environment'))).toBe(false);
    // The mapped name already holds another value locally: the user decides.
    const clash = workspace({
      'config/default.json': defaultJson,
      'config/custom-environment-variables.json': '{ "github": { "token": "GH_TOKEN" } }\n',
      '.env.local': 'GH_TOKEN=ghp_someoneElsesTokenValue000000000000000\n',
    });
    const token = analyze('config/default.json', clash).findings.find((f) => f.ruleId === 'secret/github-token');
    expect(token).toBeDefined();
    expect(token!.fixes.filter((x) => x.kind === 'vault-reference')).toEqual([]);
  });
});

describe('.NET App.config / Web.config', () => {
  const appConfig = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<configuration>',
    '  <appSettings>',
    '    <add key="ServiceName" value="billing" />',
    `    <add key="StripeSecretKey" value="${STRIPE}" />`,
    `    <add key="SmtpPassword" value="${PASSWORD}" />`,
    '    <add key="ReportsPassword" value="#{ReportsPassword}#" />',
    '  </appSettings>',
    '</configuration>',
    '',
  ].join('\n');

  it('moves each <add> to App.secrets.config and adds file= once', () => {
    const files = workspace({ 'src/Billing/App.config': appConfig });
    const applied = fixAll('src/Billing/App.config', files, [STRIPE, PASSWORD]);
    expect(applied).toHaveLength(2);
    expect(applied[0].title).toContain('read through <appSettings file="App.secrets.config">');
    const main = at(files, 'src/Billing/App.config');
    wellFormedXml(main);
    expect(main.match(/file="App\.secrets\.config"/g)).toHaveLength(1);
    expect(main).toContain('<add key="ReportsPassword" value="#{ReportsPassword}#" />');
    const secrets = at(files, 'src/Billing/App.secrets.config');
    wellFormedXml(secrets);
    expect(secrets).toMatch(/<appSettings>[\s\S]*<\/appSettings>/);
    expect(secrets).toContain(`<add key="StripeSecretKey" value="${STRIPE}" />`);
    expect(secrets).toContain(`<add key="SmtpPassword" value="${PASSWORD}" />`);
    expect(gitignored(files, 'src/Billing/App.secrets.config')).toBe(true);
  });

  it('reuses a gitignored file= target and refuses one that is committed', () => {
    const withFile = appConfig.replace('<appSettings>', '<appSettings file="local.settings.config">');
    const ignored = workspace({
      'Web.config': withFile,
      'local.settings.config': '<appSettings>\n  <add key="Debug" value="true" />\n</appSettings>\n',
      '.gitignore': 'bin/\nlocal.settings.config\n',
    });
    fixAll('Web.config', ignored, [STRIPE, PASSWORD]);
    const target = at(ignored, 'local.settings.config');
    wellFormedXml(target);
    expect(target).toContain(`<add key="StripeSecretKey" value="${STRIPE}" />`);
    expect(target).toContain('<add key="Debug" value="true" />');
    expect(at(ignored, 'Web.config').match(/file=/g)).toHaveLength(1);

    const committed = workspace({ 'Web.config': withFile, 'local.settings.config': '<appSettings>\n</appSettings>\n', '.gitignore': 'bin/\n' });
    const findings = analyze('Web.config', committed).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.flatMap((f) => f.fixes).filter((x) => x.kind === 'vault-reference')).toEqual([]);
  });

  it('moves a <connectionStrings> section to a configSource file', () => {
    const webConfig = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<configuration>',
      '  <connectionStrings>',
      `    <add name="Orders" connectionString="Server=sql.kestrel.dev;Database=orders;User Id=orders_app;Password=${PASSWORD};" providerName="System.Data.SqlClient" />`,
      '  </connectionStrings>',
      '</configuration>',
      '',
    ].join('\n');
    const files = workspace({ 'Web.config': webConfig });
    fixAll('Web.config', files, [PASSWORD]);
    const main = at(files, 'Web.config');
    wellFormedXml(main);
    expect(main).toContain('<connectionStrings configSource="connectionStrings.secrets.config" />');
    const moved = at(files, 'connectionStrings.secrets.config');
    wellFormedXml(moved);
    expect(moved).toContain(`Password=${PASSWORD};`);
    expect(gitignored(files, 'connectionStrings.secrets.config')).toBe(true);
  });
});

describe('TOML / INI local override files', () => {
  it('moves a TOML key under the same table to config.local.toml', () => {
    const toml = `[service]\nname = "orders"\n\n[stripe]\napi_base = "https://api.stripe.com"\nsecret_key = "${STRIPE}" # live\n`;
    const files = workspace({ 'orders/config.toml': toml });
    const [fix] = fixAll('orders/config.toml', files, [STRIPE]);
    expect(fix.title).toContain('the app must read config.local.toml after config.toml');
    expect(at(files, 'orders/config.toml')).toBe('[service]\nname = "orders"\n\n[stripe]\napi_base = "https://api.stripe.com"\n');
    const local = at(files, 'orders/config.local.toml');
    const tree = parseWith('toml', local)!;
    expect(tree.rootNode.hasError).toBe(false);
    tree.delete();
    expect(local).toContain(`[stripe]\nsecret_key = "${STRIPE}" # live\n`);
    expect(gitignored(files, 'orders/config.local.toml')).toBe(true);
  });

  it('merges INI keys into the existing section of app.local.ini and reads back through configparser order', () => {
    const ini = `[DEFAULT]\nservice = billing\n\n[mail]\nhost = smtp.kestrel.dev\napi_key = ${SENDGRID}\n\n[db]\npassword = ${PASSWORD}\n`;
    const files = workspace({ 'billing/app.ini': ini, 'billing/app.local.ini': '[mail]\nhost = localhost\n', '.gitignore': '*.local.ini\n' });
    const applied = fixAll('billing/app.ini', files, [SENDGRID, PASSWORD]);
    expect(applied[0].title).toContain('configparser: read(["app.ini", "app.local.ini"])');
    const local = parseKeyValue(at(files, 'billing/app.local.ini'), 'ini');
    expect(local.map((e) => [e.section, e.key, e.value])).toEqual([
      ['mail', 'api_key', SENDGRID],
      ['mail', 'host', 'localhost'],
      ['db', 'password', PASSWORD],
    ]);
    expect(files.get(GITIGNORE)).toBe('*.local.ini\n');
  });

  it('offers no override when the override holds another value, for arrays of tables, or for single-file tools', () => {
    const files = workspace({ 'app.ini': `[db]\npassword = ${PASSWORD}\n`, 'app.local.ini': '[db]\npassword = Zt2%Nc6!Gv8#Lb4\n' });
    expect(analyze('app.ini', files).findings.flatMap((f) => f.fixes).filter((x) => x.kind === 'vault-reference')).toEqual([]);
    const runner = workspace({ 'config.toml': `[[runners]]\nname = "docker"\ntoken = "${STRIPE}"\n` });
    expect(analyze('config.toml', runner).findings.flatMap((f) => f.fixes).filter((x) => x.kind === 'vault-reference')).toEqual([]);
    const tox = workspace({ 'tox.ini': `[testenv]\npassword = ${PASSWORD}\n` });
    expect(analyze('tox.ini', tox).findings.flatMap((f) => f.fixes).filter((x) => x.kind === 'vault-reference')).toEqual([]);
  });
});

describe('Maven settings.xml', () => {
  it('reads ${env.X} named after the server id', () => {
    const settings = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0">',
      '  <servers>',
      '    <server>',
      '      <id>kestrel-releases</id>',
      '      <username>deployer</username>',
      '      <password>Mrp2oZq8Ut3VtyItbqLB</password>',
      '    </server>',
      '    <server>',
      '      <id>kestrel-thirdparty</id>',
      '      <password>${env.THIRDPARTY_PASSWORD}</password>',
      '    </server>',
      '  </servers>',
      '</settings>',
      '',
    ].join('\n');
    const files = workspace({ '.mvn/settings.xml': settings });
    const [fix] = fixAll('.mvn/settings.xml', files, ['Mrp2oZq8Ut3VtyItbqLB']);
    expect(fix.title).toContain('${env.KESTREL_RELEASES_PASSWORD}');
    const text = at(files, '.mvn/settings.xml');
    wellFormedXml(text);
    expect(text).toContain('<password>${env.KESTREL_RELEASES_PASSWORD}</password>');
    expect(text).toContain('<password>${env.THIRDPARTY_PASSWORD}</password>');
    expect(envValues(files).get('KESTREL_RELEASES_PASSWORD')).toBe('Mrp2oZq8Ut3VtyItbqLB');
  });
});

describe('Composer auth.json', () => {
  const auth = [
    '{',
    '    "http-basic": {',
    '        "repo.packagist.com": {',
    '            "username": "token",',
    `            "password": "${COMPOSER_PASSWORD}"`,
    '        },',
    '        "satis.kestrel.dev": {',
    '            "username": "ci",',
    '            "password": "${SATIS_PASSWORD}"',
    '        }',
    '    },',
    '    "github-oauth": {',
    '        "github.com": "584e5eb2f103b73db3f168990f976a39f9f429b6"',
    '    }',
    '}',
    '',
  ].join('\n');

  it('moves each host entry into the COMPOSER_AUTH JSON, merging', () => {
    const files = workspace({ 'auth.json': auth });
    const applied = fixAll('auth.json', files, [COMPOSER_PASSWORD, '584e5eb2f103b73db3f168990f976a39f9f429b6']);
    expect(applied).toHaveLength(2);
    expect(jsonc.parse(at(files, 'auth.json'))).toEqual({ 'http-basic': { 'satis.kestrel.dev': { username: 'ci', password: '${SATIS_PASSWORD}' } }, 'github-oauth': {} });
    const composerAuth = JSON.parse(envValues(files).get('COMPOSER_AUTH') ?? 'null');
    expect(composerAuth).toEqual({
      'http-basic': { 'repo.packagist.com': { username: 'token', password: COMPOSER_PASSWORD } },
      'github-oauth': { 'github.com': '584e5eb2f103b73db3f168990f976a39f9f429b6' },
    });
    // One variable, not COMPOSER_AUTH_2: Composer reads only COMPOSER_AUTH.
    expect([...envValues(files).keys()]).toEqual(['COMPOSER_AUTH']);
  });

  it('offers nothing when COMPOSER_AUTH is not JSON or already holds another credential for the host', () => {
    for (const env of ['COMPOSER_AUTH=not-json\n', `COMPOSER_AUTH='{"http-basic":{"repo.packagist.com":{"username":"x","password":"other-password-1"}}}'\n`]) {
      const files = workspace({ 'auth.json': auth, '.env.local': env });
      const finding = analyze('auth.json', files).findings.find((f) => f.message.includes('Composer http-basic'));
      expect(finding).toBeDefined();
      // (Another module may still offer to untrack the whole credentials file.)
      expect(finding!.fixes.filter((x) => x.title.includes('COMPOSER_AUTH'))).toEqual([]);
    }
  });
});
