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
    default: ['owner', 'Owner', 'team', 'Team', 'owner-team', 'app.kubernetes.io/owner'],
    description: 'Tag or label keys that name the owner of an identity or secret.',
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
  vault: { provider: VaultProvider; pathTemplate: string };
  envFile: string;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  maxFileSizeKb: number;
  timeBudgetMs: number;
}

export function defaultConfig(): Config {
  return fromFlat({});
}

/** Builds a Config from flat dotted keys (`vault.provider`) or nested objects, validating each value. */
export function fromFlat(input: Record<string, unknown>, problems: string[] = []): Config {
  const flat = flatten(input);
  const get = <K extends ConfigKey>(key: K): (typeof configSchema)[K]['default'] => {
    const setting: Setting = configSchema[key];
    const value = flat[key];
    if (value === undefined || value === null) return clone(setting.default) as never;
    if (valid(setting, value)) return value as never;
    problems.push(`Setting "${key}" has an invalid value; using the default.`);
    return clone(setting.default) as never;
  };
  return {
    enable: get('enable'),
    run: get('run') as Config['run'],
    ownerTagKeys: [...get('ownerTagKeys')],
    vault: { provider: get('vault.provider') as VaultProvider, pathTemplate: get('vault.pathTemplate') },
    envFile: get('envFile'),
    rules: { ...(get('rules') as Record<string, RuleSetting>) },
    ignore: [...get('ignore')],
    maxFileSizeKb: get('maxFileSizeKb'),
    timeBudgetMs: get('timeBudgetMs'),
  };
}

/** Merges workspace file settings (`.nhi.yaml`) over editor settings: the repository's file wins. */
export function mergeConfig(base: Record<string, unknown>, override: Record<string, unknown>, problems: string[] = []): Config {
  const merged = { ...flatten(base), ...flatten(override) };
  return fromFlat(merged, problems);
}

function flatten(input: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(input ?? {})) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (key in configSchema) out[key] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
  }
  return out;
}

function valid(setting: Setting, value: unknown): boolean {
  switch (setting.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && (setting.minimum === undefined || value >= setting.minimum);
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
