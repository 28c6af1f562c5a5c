/**
 * One configuration schema, defined here in code. VS Code's
 * `contributes.configuration` is generated from it (scripts/gen-config.mjs) and
 * a test checks that package.json is up to date; `.nhi.yaml` uses the same keys
 * without the `nhi.` prefix.
 */

import type { Severity } from './model';

export type VaultProvider = 'env' | 'hashicorp-vault' | 'aws-secrets-manager' | 'gcp-secret-manager' | 'azure-key-vault' | '1password';
export type RuleSetting = Severity | 'off';

interface SettingBase<T> {
  default: T;
  description: string;
}
type Setting =
  | ({ type: 'boolean' } & SettingBase<boolean>)
  | ({ type: 'number'; minimum?: number; maximum?: number } & SettingBase<number>)
  | ({ type: 'string'; enum?: readonly string[]; enumDescriptions?: readonly string[] } & SettingBase<string>)
  | ({ type: 'array'; items: { type: 'string' } } & SettingBase<string[]>)
  | ({ type: 'object'; additionalProperties: { type: 'string'; enum: readonly string[] } } & SettingBase<Record<string, string>>);

export const configSchema = {
  enable: { type: 'boolean', default: true, description: 'Analyse files and report NHI Hygiene diagnostics.' },
  run: {
    type: 'string',
    enum: ['onType', 'onSave'],
    enumDescriptions: ['Analyse as you type (debounced).', 'Analyse when a file is opened or saved.'],
    default: 'onType',
    description: 'When open files are analysed.',
  },
  ownerTagKeys: {
    type: 'array',
    items: { type: 'string' },
    default: ['owner', 'team'],
    description: 'Tag or label keys that name the owner of an identity or secret. Case-insensitive; a key also matches as the last segment of a prefixed key (`owner` matches `Owner` and `acme.io/owner`).',
  },
  lifecycleTagKeys: {
    type: 'array',
    items: { type: 'string' },
    default: ['purpose', 'expiry|expires|expiration|ttl'],
    description: 'Lifecycle tags that `ownership/missing-lifecycle-tags` (off by default) requires on identities and secrets: each entry is one required tag, `|` separates accepted alternatives. Matched like `ownerTagKeys`.',
  },
  'owner.default': {
    type: 'string',
    default: '',
    description: 'Owner that the owner-tag quick fix writes when no `CODEOWNERS` entry (`.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`) covers the file, e.g. `team-platform`. Empty: the fix inserts a `TODO-owner` placeholder to fill in.',
  },
  'vault.provider': {
    type: 'string',
    enum: ['env', 'hashicorp-vault', 'aws-secrets-manager', 'gcp-secret-manager', 'azure-key-vault', '1password'],
    default: 'env',
    description: 'Where quick fixes move hard-coded secrets.',
  },
  'vault.pathTemplate': {
    type: 'string',
    default: 'kv/{service}/{name}',
    description: 'Path template for secret references in the vault provider ({service}, {name}).',
  },
  envFile: {
    type: 'string',
    default: '.env.local',
    description: 'Local, git-ignored file that receives secret values moved out of code by the env quick fix.',
  },
  rules: {
    type: 'object',
    additionalProperties: { type: 'string', enum: ['off', 'error', 'warning', 'info'] },
    default: {},
    description: 'Per-rule severity overrides, e.g. { "ownership/missing-owner-tag": "off" }.',
  },
  ignore: {
    type: 'array',
    items: { type: 'string' },
    default: [],
    description: 'Extra gitignore-style patterns of files not to analyse.',
  },
  maxFileSizeKb: {
    type: 'number',
    minimum: 1,
    default: 1024,
    description: 'Files larger than this are skipped (KiB).',
  },
  timeBudgetMs: {
    type: 'number',
    minimum: 10,
    default: 2000,
    description: 'Per-file analysis time budget in milliseconds; analysis stops with a note when exceeded.',
  },
  'secrets.testSeverity': {
    type: 'string',
    enum: ['off', 'error', 'warning', 'info'],
    enumDescriptions: [
      'Do not report secrets in test files.',
      'Report secrets in test files as errors, like anywhere else.',
      'Report secrets in test files as warnings.',
      'Report secrets in test files as information.',
    ],
    default: 'info',
    description: 'Severity of secret findings in test files and fixtures (see `secrets.testPaths`). Test secrets are still reported: a real key pasted into a test is as leaked as one in production code.',
  },
  'secrets.testPaths': {
    type: 'array',
    items: { type: 'string' },
    default: [
      '**/test/**', '**/tests/**', '**/__tests__/**', '**/spec/**', '**/fixtures/**', '**/__fixtures__/**', '**/testdata/**',
      '**/*.test.*', '**/*.spec.*', '**/*_test.go', '**/test_*.py', '**/*_test.py', '**/*_spec.rb',
    ],
    description: 'Gitignore-style patterns of test files, whose secret findings get `secrets.testSeverity`.',
  },
  'audit.showBaselined': {
    type: 'boolean',
    default: false,
    description: 'Show findings listed in `.nhi-baseline.json` in workspace audits ("NHI: Audit Workspace", the inventory and the report). By default an audit shows only findings that are new since the baseline.',
  },
  'trace.server': {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    description: 'Traces the communication between VS Code and the NHI Hygiene language server.',
  },
} as const satisfies Record<string, Setting>;

export type ConfigKey = keyof typeof configSchema;

export interface Config {
  enable: boolean;
  run: 'onType' | 'onSave';
  ownerTagKeys: string[];
  lifecycleTagKeys: string[];
  owner: { default: string };
  vault: { provider: VaultProvider; pathTemplate: string };
  envFile: string;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  maxFileSizeKb: number;
  timeBudgetMs: number;
  secrets: { testSeverity: RuleSetting; testPaths: string[] };
  audit: { showBaselined: boolean };
}

export function defaultConfig(): Config {
  return fromFlat({});
}

/** Builds a Config from flat dotted keys (`vault.provider`) or nested objects, validating each value. */
export function fromFlat(input: Record<string, unknown>, problems: string[] = []): Config {
  return build(validLayer(flatten(input), problems));
}

/**
 * Merges workspace file settings (`.nhi.yaml`) over editor settings: the repository's
 * file wins key by key. An invalid value in either layer is reported and ignored, so
 * a bad override falls back to the editor's value, not to the default. Per-rule
 * severities merge rule by rule.
 */
export function mergeConfig(base: Record<string, unknown>, override: Record<string, unknown>, problems: string[] = []): Config {
  const under = validLayer(flatten(base), problems);
  const over = validLayer(flatten(override), problems);
  const merged: Record<string, unknown> = { ...under, ...over };
  if (under.rules || over.rules) merged.rules = { ...(under.rules as object | undefined), ...(over.rules as object | undefined) };
  return build(merged);
}

/** Assembles a Config from already validated flat values, defaults for the rest. */
function build(flat: Record<string, unknown>): Config {
  const get = <K extends ConfigKey>(key: K): (typeof configSchema)[K]['default'] =>
    clone(Object.hasOwn(flat, key) ? flat[key] : configSchema[key].default) as never;
  return {
    enable: get('enable'),
    run: get('run') as Config['run'],
    ownerTagKeys: [...get('ownerTagKeys')],
    lifecycleTagKeys: [...get('lifecycleTagKeys')],
    owner: { default: get('owner.default').trim() },
    vault: { provider: get('vault.provider') as VaultProvider, pathTemplate: get('vault.pathTemplate') },
    envFile: get('envFile'),
    rules: { ...(get('rules') as Record<string, RuleSetting>) },
    ignore: [...get('ignore')],
    maxFileSizeKb: get('maxFileSizeKb'),
    timeBudgetMs: get('timeBudgetMs'),
    secrets: { testSeverity: get('secrets.testSeverity') as RuleSetting, testPaths: [...get('secrets.testPaths')] },
    audit: { showBaselined: get('audit.showBaselined') },
  };
}

/** Keeps the valid values of one settings layer; each invalid one becomes a problem message. */
function validLayer(flat: Record<string, unknown>, problems: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(configSchema) as ConfigKey[]) {
    if (!Object.hasOwn(flat, key)) continue;
    const value = flat[key];
    if (value === undefined || value === null) continue;
    const setting: Setting = configSchema[key];
    if (setting.type === 'object') {
      // Per-rule map: keep the valid entries, report the others.
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`Setting "${key}" must be an object of rule id → ${setting.additionalProperties.enum.join(' | ')}; ignored.`);
        continue;
      }
      const entries: Record<string, string> = {};
      for (const [id, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v === 'string' && setting.additionalProperties.enum.includes(v)) entries[id] = v;
        else problems.push(`Setting "${key}.${id}" must be one of ${setting.additionalProperties.enum.join(', ')}; ignored.`);
      }
      out[key] = entries;
      continue;
    }
    if (valid(setting, value)) out[key] = value;
    else problems.push(`Setting "${key}" has an invalid value (expected ${expected(setting)}); using the default.`);
  }
  return out;
}

function expected(setting: Setting): string {
  switch (setting.type) {
    case 'string':
      return setting.enum ? `one of ${setting.enum.join(', ')}` : 'a string';
    case 'number':
      return `a number${setting.minimum !== undefined ? ` ≥ ${setting.minimum}` : ''}${setting.maximum !== undefined ? ` ≤ ${setting.maximum}` : ''}`;
    case 'array':
      return 'a list of strings';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'an object';
  }
}

function flatten(input: Record<string, unknown>, prefix = '', out: Record<string, unknown> = Object.create(null) as Record<string, unknown>, depth = 0): Record<string, unknown> {
  if (!input || typeof input !== 'object' || depth > 4) return out;
  for (const [k, v] of Object.entries(input)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (Object.hasOwn(configSchema, key)) out[key] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out, depth + 1);
  }
  return out;
}

function valid(setting: Setting, value: unknown): boolean {
  switch (setting.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (setting.minimum === undefined || value >= setting.minimum) &&
        (setting.maximum === undefined || value <= setting.maximum)
      );
    case 'string':
      return typeof value === 'string' && (!setting.enum || setting.enum.includes(value));
    case 'array':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'object':
      return (
        !!value &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.values(value).every((v) => typeof v === 'string' && setting.additionalProperties.enum.includes(v))
      );
  }
}

function clone<T>(v: T): T {
  return Array.isArray(v) ? ([...v] as T) : v && typeof v === 'object' ? ({ ...v } as T) : v;
}

/** `contributes.configuration` for package.json, generated from the schema above. */
export function vscodeConfigurationContribution(): { title: string; properties: Record<string, unknown> } {
  const properties: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(configSchema) as [string, Setting][]) {
    const { description, ...rest } = setting;
    properties[`nhi.${key}`] = {
      ...rest,
      markdownDescription: description,
      scope: key === 'trace.server' ? 'window' : 'resource',
    };
  }
  return { title: 'NHI Hygiene', properties };
}
