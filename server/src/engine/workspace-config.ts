/**
 * `.nhi.yaml` at the workspace root: the same keys as the settings schema
 * (config.ts) without the `nhi.` prefix, flat (`vault.provider: env`) or nested
 * (`vault: { provider: env }`). A file that does not parse, is not a mapping, has
 * unknown keys or invalid values is an error with a message that names the file,
 * the key and (for syntax errors) the line: the CLI exits 2 on it rather than
 * silently auditing with settings the user did not ask for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { configSchema, fromFlat, mergeConfig, type Config } from './config';
import { allRuleMeta } from '../../../rules';

export const WORKSPACE_CONFIG_FILE = '.nhi.yaml';

export class WorkspaceConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'WorkspaceConfigError';
  }
}

export interface LoadedWorkspaceConfig {
  config: Config;
  /** Absolute path of the file that was read; undefined when there is none (defaults apply). */
  file?: string;
  /** Not fatal: e.g. a rule id in `rules:` that no rule has (a rule from a newer version). */
  warnings: string[];
}

/**
 * Reads `.nhi.yaml` from `root` (or the explicit `file`) and merges it over `base`
 * (editor settings, flat or nested). Throws WorkspaceConfigError for a broken file;
 * a missing `.nhi.yaml` at the root is not an error, a missing explicit file is.
 */
export function loadWorkspaceConfig(root: string, options: { file?: string; base?: Record<string, unknown> } = {}): LoadedWorkspaceConfig {
  const file = path.resolve(root, options.file ?? WORKSPACE_CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!options.file && (code === 'ENOENT' || code === 'ENOTDIR')) {
      return { config: options.base ? mergeConfig(options.base, {}) : fromFlat({}), warnings: [] };
    }
    throw new WorkspaceConfigError(file, [code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`]);
  }
  const { settings, warnings } = parseWorkspaceConfig(text, file);
  const problems: string[] = [];
  const config = mergeConfig(options.base ?? {}, settings, problems);
  if (problems.length > 0) throw new WorkspaceConfigError(file, problems);
  return { config, file, warnings };
}

/** Parses and validates the text of a `.nhi.yaml`; returns the settings as a nested object. */
export function parseWorkspaceConfig(text: string, file = WORKSPACE_CONFIG_FILE): { settings: Record<string, unknown>; warnings: string[] } {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new WorkspaceConfigError(
      file,
      doc.errors.slice(0, 5).map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return `line ${line}, column ${col}: ${e.message.split('\n')[0]}`;
      }),
    );
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined) return { settings: {}, warnings: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new WorkspaceConfigError(file, ['the top level must be a mapping of settings, e.g. "maxFileSizeKb: 512"']);
  }
  const settings = value as Record<string, unknown>;
  const problems: string[] = [];
  const warnings: string[] = [];
  checkKeys(settings, '', problems);
  const flat = flattenKnown(settings);
  for (const [key, v] of Object.entries(flat)) {
    const single: string[] = [];
    fromFlat({ [key]: v }, single);
    if (single.length > 0) problems.push(`"${key}": ${describeExpected(key as keyof typeof configSchema)}, got ${JSON.stringify(v)}`);
  }
  const ruleSettings = flat['rules'];
  if (ruleSettings && typeof ruleSettings === 'object' && !Array.isArray(ruleSettings)) {
    const known = new Set(allRuleMeta().map((r) => r.id));
    for (const id of Object.keys(ruleSettings)) {
      if (!known.has(id)) warnings.push(`${file}: "rules" names an unknown rule "${id}"; it has no effect.`);
    }
  }
  if (problems.length > 0) throw new WorkspaceConfigError(file, problems);
  return { settings, warnings };
}

/** Every key must be a schema key or a prefix of one (`vault` for `vault.provider`). */
function checkKeys(input: Record<string, unknown>, prefix: string, problems: string[]): void {
  for (const [k, v] of Object.entries(input)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (key in configSchema) continue;
    const isPrefix = Object.keys(configSchema).some((s) => s.startsWith(`${key}.`));
    if (isPrefix && v && typeof v === 'object' && !Array.isArray(v)) {
      checkKeys(v as Record<string, unknown>, key, problems);
    } else if (key.startsWith('nhi.') || key === 'nhi') {
      problems.push(`unknown key "${key}": write the settings without the "nhi." prefix (e.g. "maxFileSizeKb", not "nhi.maxFileSizeKb")`);
    } else {
      problems.push(`unknown key "${key}" (known keys: ${Object.keys(configSchema).join(', ')})`);
    }
  }
}

function flattenKnown(input: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(input)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (key in configSchema) out[key] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) flattenKnown(v as Record<string, unknown>, key, out);
  }
  return out;
}

function describeExpected(key: keyof typeof configSchema): string {
  const s = configSchema[key] as { type: string; enum?: readonly string[]; minimum?: number; additionalProperties?: { enum: readonly string[] } };
  if (s.enum) return `expected one of ${s.enum.join(', ')}`;
  if (s.type === 'number') return `expected a number${s.minimum !== undefined ? ` ≥ ${s.minimum}` : ''}`;
  if (s.type === 'array') return 'expected a list of strings';
  if (s.type === 'object' && s.additionalProperties) return `expected a mapping of rule id to one of ${s.additionalProperties.enum.join(', ')}`;
  return `expected a ${s.type}`;
}
