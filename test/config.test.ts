import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../server/src/cli/main';
import { configSchema, defaultConfig, fromFlat, mergeConfig, vscodeConfigurationContribution } from '../server/src/engine/config';
import { workspaceUri } from '../server/src/engine/fixes/env-file';
import { formatConfigProblem, loadWorkspaceConfig, readWorkspaceConfig, WorkspaceConfigError } from '../server/src/engine/workspace-config';

describe('config', () => {
  it('defaults come from the schema', () => {
    const c = defaultConfig();
    expect(c.enable).toBe(true);
    expect(c.run).toBe('onType');
    expect(c.ownerTagKeys).toEqual(configSchema.ownerTagKeys.default);
    expect(c.vault).toEqual({ provider: 'env', pathTemplate: 'kv/{service}/{name}' });
    expect(c.envFile).toBe('.env.local');
    expect(c.rules).toEqual({});
    expect(c.ignore).toEqual([]);
    expect(c.maxFileSizeKb).toBe(1024);
    expect(c.timeBudgetMs).toBe(2000);
  });

  it('hands out copies: changing one config does not change the defaults', () => {
    const a = defaultConfig();
    a.ownerTagKeys.push('x');
    a.rules['secret/x'] = 'off';
    const b = defaultConfig();
    expect(b.ownerTagKeys).not.toContain('x');
    expect(b.rules).toEqual({});
    expect(configSchema.rules.default).toEqual({});
  });

  it('accepts valid values', () => {
    const problems: string[] = [];
    const c = fromFlat(
      { enable: false, run: 'onSave', ownerTagKeys: ['team'], envFile: '.env.dev', maxFileSizeKb: 10, timeBudgetMs: 500, ignore: ['gen/**'] },
      problems,
    );
    expect(problems).toEqual([]);
    expect(c).toMatchObject({ enable: false, run: 'onSave', ownerTagKeys: ['team'], envFile: '.env.dev', maxFileSizeKb: 10, timeBudgetMs: 500, ignore: ['gen/**'] });
  });

  it.each([
    ['enable', 'yes'],
    ['run', 'sometimes'],
    ['ownerTagKeys', 'owner'],
    ['ownerTagKeys', ['owner', 3]],
    ['vault.provider', 'keepass'],
    ['maxFileSizeKb', 0],
    ['timeBudgetMs', Number.NaN],
    ['timeBudgetMs', '500'],
    ['rules', ['secret/x']],
  ])('invalid %s = %j falls back to the default with a problem message', (key, value) => {
    const problems: string[] = [];
    const c = fromFlat({ [key]: value }, problems);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`"${key}"`);
    expect(c).toEqual(defaultConfig());
  });

  it('keeps the valid per-rule severities and reports the invalid ones', () => {
    const problems: string[] = [];
    const c = fromFlat({ rules: { 'secret/a': 'off', 'secret/b': 'fatal', 'secret/c': 'info' } }, problems);
    expect(c.rules).toEqual({ 'secret/a': 'off', 'secret/c': 'info' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('secret/b');
  });

  it('reads nested and dotted keys alike', () => {
    const dotted = fromFlat({ 'vault.provider': 'hashicorp-vault', 'vault.pathTemplate': 'secret/{name}' });
    const nested = fromFlat({ vault: { provider: 'hashicorp-vault', pathTemplate: 'secret/{name}' } });
    expect(dotted.vault).toEqual({ provider: 'hashicorp-vault', pathTemplate: 'secret/{name}' });
    expect(nested).toEqual(dotted);
  });

  it('accepts a whole `nhi` section as VS Code hands it over', () => {
    const c = fromFlat({ enable: false, vault: { provider: 'aws-secrets-manager' }, trace: { server: 'verbose' } });
    expect(c.enable).toBe(false);
    expect(c.vault.provider).toBe('aws-secrets-manager');
  });

  it('ignores unknown keys and inherited property names', () => {
    const problems: string[] = [];
    const poisoned = JSON.parse('{"__proto__": {"enable": false}, "toString": 3, "constructor": {"x": 1}, "unknown": true}') as Record<string, unknown>;
    const c = fromFlat(poisoned, problems);
    expect(c).toEqual(defaultConfig());
    expect(problems).toEqual([]);
  });

  describe('mergeConfig', () => {
    it('lets the workspace file win over editor settings, key by key', () => {
      const editor = { enable: true, envFile: '.env.editor', timeBudgetMs: 5000 };
      const workspace = { envFile: '.env.repo', vault: { provider: 'gcp-secret-manager' } };
      const c = mergeConfig(editor, workspace);
      expect(c.envFile).toBe('.env.repo');
      expect(c.vault.provider).toBe('gcp-secret-manager');
      expect(c.timeBudgetMs).toBe(5000);
      expect(c.enable).toBe(true);
    });

    it('falls back to the editor value, not the default, when the override is invalid', () => {
      const problems: string[] = [];
      const c = mergeConfig({ timeBudgetMs: 5000 }, { timeBudgetMs: 'fast' }, problems);
      expect(c.timeBudgetMs).toBe(5000);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('timeBudgetMs');
    });

    it('merges per-rule severities rule by rule', () => {
      const c = mergeConfig({ rules: { 'secret/a': 'off', 'secret/b': 'info' } }, { rules: { 'secret/b': 'error' } });
      expect(c.rules).toEqual({ 'secret/a': 'off', 'secret/b': 'error' });
    });

    it('mixes nested and dotted spellings across layers', () => {
      const c = mergeConfig({ vault: { provider: 'env', pathTemplate: 'a/{name}' } }, { 'vault.provider': '1password' });
      expect(c.vault).toEqual({ provider: '1password', pathTemplate: 'a/{name}' });
    });
  });

  describe('vscodeConfigurationContribution', () => {
    const contribution = vscodeConfigurationContribution();

    it('has one nhi.* property per schema key, titled NHI Hygiene', () => {
      expect(contribution.title).toBe('NHI Hygiene');
      expect(Object.keys(contribution.properties).sort()).toEqual(Object.keys(configSchema).map((k) => `nhi.${k}`).sort());
    });

    it('describes each property as VS Code expects', () => {
      for (const [key, setting] of Object.entries(configSchema)) {
        const p = contribution.properties[`nhi.${key}`] as Record<string, unknown>;
        expect(['boolean', 'number', 'string', 'array', 'object']).toContain(p.type);
        expect(p.type).toBe(setting.type);
        expect(p.default).toEqual(setting.default);
        expect(typeof p.markdownDescription).toBe('string');
        expect((p.markdownDescription as string).length).toBeGreaterThan(10);
        expect(p).not.toHaveProperty('description');
        expect(['window', 'resource', 'application', 'machine', 'machine-overridable', 'language-overridable']).toContain(p.scope);
        if ('enum' in setting) expect(p.enum).toEqual(setting.enum);
        if (setting.type === 'array') expect(p.items).toEqual({ type: 'string' });
      }
      expect((contribution.properties['nhi.trace.server'] as { scope: string }).scope).toBe('window');
    });

    it('round-trips: the contributed defaults form a valid config without problems', () => {
      const problems: string[] = [];
      const flat = Object.fromEntries(
        Object.entries(contribution.properties).map(([k, v]) => [k.slice('nhi.'.length), (v as { default: unknown }).default]),
      );
      expect(fromFlat(flat, problems)).toEqual(defaultConfig());
      expect(problems).toEqual([]);
    });

    it('is plain JSON (serialisable into package.json)', () => {
      expect(JSON.parse(JSON.stringify(contribution))).toEqual(contribution);
    });
  });
});

// ---------------------------------------------------------------------------
// .nhi.yaml: every problem names the file, the 1-based line and the key; only
// the bad key falls back, the others apply; paths never leave the workspace.
// ---------------------------------------------------------------------------

describe('.nhi.yaml problems', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });
  function workspaceWith(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-config-'));
    roots.push(root);
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    return root;
  }
  const read = (text: string, base?: Record<string, unknown>) => {
    const root = workspaceWith({ '.nhi.yaml': text });
    return { root, ...readWorkspaceConfig(root, { base }) };
  };

  it('wrong types and unknown keys: one problem each at its own line, naming the key; the other keys apply', () => {
    const { config, problems, root } = read(
      [
        'maxFileSizeKb: "big"', // 1
        'ownerTagKeys: [owner, squad]', // 2
        'vault:', // 3
        '  provider: s3', // 4
        '  pathTemplate: "secret/{name}"', // 5
        'timeBudgetMs: 500', // 6
        'colour: blue', // 7
        'rules:', // 8
        '  secret/aws-access-key-id: loud', // 9
        '  secret/github-token: "off"', // 10
        '',
      ].join('\n'),
    );
    const file = path.join(root, '.nhi.yaml');
    expect(problems.map((p) => [p.line, p.key])).toEqual([
      [1, 'maxFileSizeKb'],
      [4, 'vault.provider'],
      [7, 'colour'],
      [9, 'rules.secret/aws-access-key-id'],
    ]);
    for (const p of problems) {
      expect(p.file).toBe(file);
      expect(p.column).toBeGreaterThanOrEqual(1);
      expect(p.message).toContain(`"${p.key!.split('.')[0] === 'rules' ? 'rules' : p.key}"`);
    }
    expect(problems[0].message).toBe('"maxFileSizeKb": expected a number ≥ 1, got "big"');
    expect(problems[3].message).toContain('"loud" for "secret/aws-access-key-id"');
    expect(formatConfigProblem(problems[0])).toBe(`${file}:1:16: "maxFileSizeKb": expected a number ≥ 1, got "big"`);
    // Defaults (or the editor's value) for the bad keys, the rest as written.
    expect(config.maxFileSizeKb).toBe(1024);
    expect(config.vault).toEqual({ provider: 'env', pathTemplate: 'secret/{name}' });
    expect(config.ownerTagKeys).toEqual(['owner', 'squad']);
    expect(config.timeBudgetMs).toBe(500);
    expect(config.rules).toEqual({ 'secret/github-token': 'off' });
  });

  it('a bad key falls back to the editor setting, not the default', () => {
    const { config, problems } = read('maxFileSizeKb: -3\nenvFile: .env.dev\n', { maxFileSizeKb: 300, envFile: '.env.editor' });
    expect(problems.map((p) => p.key)).toEqual(['maxFileSizeKb']);
    expect(config.maxFileSizeKb).toBe(300);
    expect(config.envFile).toBe('.env.dev');
  });

  it('broken YAML: the error names the line and the key it breaks; keys before it still apply', () => {
    const { config, problems } = read('maxFileSizeKb: 512\ntimeBudgetMs: 700\nignore: [dist/**, build/**\nenvFile: .env.dev\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ kind: 'syntax', line: 4, key: 'ignore' });
    expect(problems[0].message).toMatch(/Flow sequence .*; "ignore" is ignored$/);
    expect(config.maxFileSizeKb).toBe(512);
    expect(config.timeBudgetMs).toBe(700);
    expect(config.ignore).toEqual([]);
  });

  it('the CLI-facing error lists every problem with its line', () => {
    const root = workspaceWith({ '.nhi.yaml': 'enable: maybe\nmaxFileSizeKb: 10\nnhi.run: onSave\n' });
    let error: unknown;
    try {
      loadWorkspaceConfig(root);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkspaceConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toEqual([
      `Invalid configuration ${path.join(root, '.nhi.yaml')}:`,
      '  - line 1, column 9: "enable": expected a boolean, got "maybe"',
      expect.stringMatching(/^ {2}- line 3, column 1: unknown key "nhi\.run": write the settings without the "nhi\." prefix/),
    ]);
    expect((error as WorkspaceConfigError).details.map((d) => d.key)).toEqual(['enable', 'nhi.run']);
  });

  it('the CLI prints configuration problems to stderr, audits with the rest and exits 2, also in JSON mode', async () => {
    const root = workspaceWith({ '.nhi.yaml': 'maxFileSizeKb: big\nenvFile: ../../etc/x\n', 'app.py': 'x = 1\n' });
    let stdout = '';
    let stderr = '';
    const code = await main(['audit', root, '--format', 'json'], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      cwd: root,
      env: {},
      stdoutIsTTY: false,
      stderrIsTTY: false,
    });
    expect(code).toBe(2);
    // The report is still written (bad keys fell back to their defaults); the problems go to stderr only.
    expect(JSON.parse(stdout).summary.filesScanned).toBeGreaterThanOrEqual(1);
    expect(stdout).not.toContain('maxFileSizeKb');
    expect(stderr).toContain(path.join(root, '.nhi.yaml'));
    expect(stderr).toMatch(/line 1, column 16: "maxFileSizeKb": expected a number/);
    expect(stderr).toMatch(/line 2, column 10: "envFile": expected a path inside the workspace/);
  });

  it('an alias bomb, a non-mapping top level, binary junk: problems, never a throw', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`), 'ignore: *i', 'timeBudgetMs: 900'].join('\n');
    const bombed = read(bomb);
    expect(bombed.problems.find((p) => p.key === 'ignore')?.message).toMatch(/^"ignore": /);
    expect(bombed.config.timeBudgetMs).toBe(900);
    expect(read('- a\n- b\n').problems[0].message).toMatch(/top level must be a mapping/);
    expect(read('just a string\n').problems).toHaveLength(1);
    expect(read('').problems).toEqual([]);
    const junk = read(Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)).toString('latin1'));
    expect(junk.problems.length).toBeLessThanOrEqual(11);
    expect(junk.config).toEqual(defaultConfig());
  });

  it('random text as .nhi.yaml: readWorkspaceConfig never throws and every problem has a line inside the file', () => {
    const tokens = ['maxFileSizeKb', 'envFile', 'rules', 'ignore', 'vault', 'provider', ':', ' ', '  ', '\n', '- ', '[', ']', '{', '}', '"', "'", '&a', '*a', '#', '../', '/etc/passwd', '12', 'true', 'secret/x', '\t', '\u0000', '---\n'];
    const root = workspaceWith({});
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        fs.writeFileSync(path.join(root, '.nhi.yaml'), text);
        const result = readWorkspaceConfig(root);
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const p of result.problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lines + 1);
          expect(p.message.length).toBeLessThan(600);
        }
        expect(typeof result.config.maxFileSizeKb).toBe('number');
      }),
      { seed: 0xc0f16, numRuns: 300 },
    );
  });

  describe('path settings stay inside the workspace', () => {
    it.each([
      ['../../etc/x', /climbs out with "\.\."/],
      ['config/../../x', /climbs out with "\.\."/],
      ['/etc/passwd', /absolute path/],
      ['C:\\Windows\\x', /absolute path/],
      ['~/.env', /absolute path/],
      ['..\\..\\x', /climbs out/],
      ['', /expected a path inside the workspace/],
    ])('envFile %j is rejected with a clear message and the default is used', (value, reason) => {
      const { config, problems } = read(`envFile: ${JSON.stringify(value)}\nmaxFileSizeKb: 64\n`);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ key: 'envFile', line: 1 });
      expect(problems[0].message).toMatch(/^"envFile": expected a path inside the workspace, relative to its root/);
      expect(problems[0].message).toMatch(reason);
      expect(config.envFile).toBe('.env.local');
      expect(config.maxFileSizeKb).toBe(64);
    });

    it('accepts paths inside the workspace', () => {
      for (const value of ['.env.local', 'config/.env.dev', './secrets/.env']) {
        const { config, problems } = read(`envFile: ${value}\n`);
        expect(problems).toEqual([]);
        expect(config.envFile).toBe(value);
      }
    });

    it('rejects a path that leaves the workspace through a symbolic link', () => {
      const outside = workspaceWith({ 'stolen/.keep': '' });
      const root = workspaceWith({ '.nhi.yaml': 'envFile: linked/.env.local\n' });
      fs.symlinkSync(path.join(outside, 'stolen'), path.join(root, 'linked'));
      const { config, problems } = readWorkspaceConfig(root);
      expect(problems).toHaveLength(1);
      expect(problems[0].message).toMatch(/leads outside the workspace through the symbolic link "linked"/);
      expect(config.envFile).toBe('.env.local');
    });

    it('an escaping editor setting is dropped with a warning too (trusted or not, the rule is the same)', () => {
      const root = workspaceWith({});
      const { config, warnings, problems } = readWorkspaceConfig(root, { base: { envFile: '/tmp/elsewhere/.env' } });
      expect(problems).toEqual([]);
      expect(config.envFile).toBe('.env.local');
      expect(warnings).toEqual([expect.stringMatching(/^Editor setting "nhi\.envFile": expected a path inside the workspace.*absolute path/)]);
    });

    it('the env-file fix never targets a path outside the workspace', () => {
      expect(workspaceUri('file:///w', '../x')).toBeUndefined();
      expect(workspaceUri('file:///w', '/etc/x')).toBeUndefined();
      expect(workspaceUri('file:///w', 'a/../../x')).toBeUndefined();
      expect(workspaceUri('file:///w', 'C:/x')).toBeUndefined();
      expect(workspaceUri('file:///w', '.env.local')).toBe('file:///w/.env.local');
    });
  });

  it('pattern settings that can never match are problems; valid ones apply', () => {
    const { config, problems } = read('ignore: ["dist/**", "../outside/**"]\nsecrets.testPaths: ["**/spec/**"]\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: 'ignore', line: 1 });
    expect(problems[0].message).toMatch(/pattern "\.\.\/outside\/\*\*" climbs out/);
    expect(config.ignore).toEqual([]);
    expect(config.secrets.testPaths).toEqual(['**/spec/**']);
  });
});
