import { describe, expect, it } from 'vitest';
import { configSchema, defaultConfig, fromFlat, mergeConfig, vscodeConfigurationContribution } from '../server/src/engine/config';

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
