/**
 * `.nhi.yaml` at the workspace root: the same keys as the settings schema
 * (config.ts) without the `nhi.` prefix, flat (`vault.provider: env`) or nested
 * (`vault: { provider: env }`).
 *
 * Every problem — a syntax error, an unknown key, a value of the wrong type, a
 * pattern that can never match, a path that leaves the workspace — is reported
 * with the file, the 1-based line and column, and the key. Only the offending key
 * falls back (to the editor's value or the default); the other keys still apply.
 * readWorkspaceConfig() never throws (the language server keeps working and shows
 * the problems on the file); loadWorkspaceConfig() throws them as one
 * WorkspaceConfigError (the CLI exits 2 rather than audit with settings the user
 * did not ask for).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import ignore from 'ignore';
import { configSchema, fromFlat, mergeConfig, type Config, type ConfigKey } from './config';
import { withoutQuotedSource, YAML_MAX_ALIAS_COUNT } from './documents/parse';
import { allRuleMeta } from '../../../rules';

export const WORKSPACE_CONFIG_FILE = '.nhi.yaml';

/** Settings whose value is a file path inside the workspace (a fix writes there). */
const WORKSPACE_PATH_SETTINGS: readonly ConfigKey[] = ['envFile'];
/** Settings whose entries are gitignore-style patterns matched against workspace-relative paths. */
const PATTERN_SETTINGS: readonly ConfigKey[] = ['ignore', 'secrets.testPaths'];
/** More syntax errors than this are summarised: a binary file saved as .nhi.yaml is not worth 1,000 lines. */
const MAX_SYNTAX_PROBLEMS = 10;

export interface ConfigProblem {
  /** Absolute (or as given) path of the settings file. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Offsets into the file (end exclusive), and where the end is (1-based), for editors. */
  start: number;
  end: number;
  endLine: number;
  endColumn: number;
  /** The setting concerned (`vault.provider`, `rules.secret/x`), when there is one. */
  key?: string;
  /** What is wrong, without the location. */
  message: string;
  /** `syntax`: the YAML does not parse there; `setting`: a key or value is not acceptable. */
  kind: 'syntax' | 'setting' | 'file';
}

/** `file:line:column: message` — the form compilers and editors link. */
export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

export class WorkspaceConfigError extends Error {
  /** The problems' messages without locations (kept for callers that match on them). */
  readonly problems: string[];

  constructor(
    readonly file: string,
    readonly details: ConfigProblem[],
  ) {
    super(`Invalid configuration ${file}:\n${details.map((p) => `  - ${p.line > 0 ? `line ${p.line}, column ${p.column}: ` : ''}${p.message}`).join('\n')}`);
    this.name = 'WorkspaceConfigError';
    // Syntax errors carried their location in this list before; settings problems did not.
    this.problems = details.map((p) => (p.kind === 'syntax' ? `line ${p.line}, column ${p.column}: ${p.message}` : p.message));
  }
}

export interface LoadedWorkspaceConfig {
  config: Config;
  /** Absolute path of the file that was read; undefined when there is none (defaults apply). */
  file?: string;
  /** Not fatal: e.g. a rule id in `rules:` that no rule has (a rule from a newer version). */
  warnings: string[];
}

export interface CheckedWorkspaceConfig extends LoadedWorkspaceConfig {
  /** Errors; the keys concerned fell back to the editor's value or the default. */
  problems: ConfigProblem[];
}

/**
 * Reads `.nhi.yaml` from `root` (or the explicit `file`) and merges its valid keys
 * over `base` (editor settings, flat or nested). Never throws: a missing `.nhi.yaml`
 * at the root means defaults; every other problem is returned with its location.
 */
export function readWorkspaceConfig(root: string, options: { file?: string; base?: Record<string, unknown> } = {}): CheckedWorkspaceConfig {
  const file = path.resolve(root, options.file ?? WORKSPACE_CONFIG_FILE);
  const base = options.base ?? {};
  const baseProblems: string[] = [];
  const fallback = (): Config => mergeConfig(withoutEscapingPaths(base, root, baseProblems), {});
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!options.file && (code === 'ENOENT' || code === 'ENOTDIR')) return { config: fallback(), warnings: baseProblems, problems: [] };
    const message = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`;
    return { config: fallback(), file, warnings: baseProblems, problems: [{ file, line: 0, column: 0, start: 0, end: 0, endLine: 0, endColumn: 0, message, kind: 'file' }] };
  }
  const checked = checkWorkspaceConfig(text, file, root);
  const config = mergeConfig(withoutEscapingPaths(base, root, baseProblems), checked.settings);
  return { config, file, warnings: [...checked.warnings, ...baseProblems], problems: checked.problems };
}

/**
 * Like readWorkspaceConfig, but a file with problems is an error (thrown as one
 * WorkspaceConfigError listing all of them); a missing explicit file too.
 */
export function loadWorkspaceConfig(root: string, options: { file?: string; base?: Record<string, unknown> } = {}): LoadedWorkspaceConfig {
  const read = readWorkspaceConfig(root, options);
  if (read.problems.length > 0) throw new WorkspaceConfigError(read.file ?? path.resolve(root, options.file ?? WORKSPACE_CONFIG_FILE), read.problems);
  return read.file ? { config: read.config, file: read.file, warnings: read.warnings } : { config: read.config, warnings: read.warnings };
}

/** Parses and validates the text of a `.nhi.yaml`; throws WorkspaceConfigError if anything is wrong. */
export function parseWorkspaceConfig(text: string, file = WORKSPACE_CONFIG_FILE): { settings: Record<string, unknown>; warnings: string[] } {
  const checked = checkWorkspaceConfig(text, file);
  if (checked.problems.length > 0) throw new WorkspaceConfigError(file, checked.problems);
  return { settings: checked.settings, warnings: checked.warnings };
}

/**
 * Validates the text of a `.nhi.yaml` key by key. `settings` holds only the valid
 * keys (flat, dotted); each invalid one is a problem at its own line. With `root`,
 * path settings are also checked on disk (a symbolic link must not lead outside).
 */
export function checkWorkspaceConfig(text: string, file = WORKSPACE_CONFIG_FILE, root?: string): { settings: Record<string, unknown>; problems: ConfigProblem[]; warnings: string[] } {
  const lineCounter = new YAML.LineCounter();
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  const settings: Record<string, unknown> = {};
  const at = (start: number, end: number, message: string, key?: string, kind: ConfigProblem['kind'] = 'setting'): ConfigProblem => {
    const s = Math.max(0, Math.min(start, text.length));
    const e = Math.min(text.length, Math.max(s, end));
    const { line, col } = lineCounter.linePos(s);
    const last = lineCounter.linePos(e);
    return { file, line, column: col, start: s, end: e, endLine: last.line, endColumn: last.col, ...(key !== undefined ? { key } : {}), message, kind };
  };

  let doc: YAML.Document.Parsed;
  try {
    doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    return { settings, problems: [at(0, 0, `cannot parse the file: ${withoutQuotedSource(err instanceof Error ? err.message.split('\n')[0] : String(err))}`, undefined, 'syntax')], warnings };
  }

  const top = doc.contents;
  const pairs = YAML.isMap(top) ? top.items : [];
  // Keys touched by a syntax error are not used: what the parser recovered there is a guess.
  const tainted = new Set<YAML.Pair>();
  doc.errors.forEach((e, i) => {
    const pos = e.pos[0];
    let hit = pairs.filter((p) => {
      const span = pairSpan(p);
      return span !== undefined && span.start <= pos && pos <= span.end;
    });
    if (hit.length === 0) {
      const before = pairs.filter((p) => (pairSpan(p)?.start ?? Infinity) <= pos);
      hit = before.length > 0 ? [before[before.length - 1]] : [];
    }
    for (const p of hit) tainted.add(p);
    if (i >= MAX_SYNTAX_PROBLEMS) return;
    const key = hit.length > 0 ? scalarKey(hit[0]) : undefined;
    const ignored = key !== undefined ? `; "${key}" is ignored` : '';
    problems.push(at(e.pos[0], e.pos[1], `${withoutQuotedSource(e.message.split('\n')[0])}${ignored}`, key, 'syntax'));
  });
  if (doc.errors.length > MAX_SYNTAX_PROBLEMS) problems.push(at(0, 0, `${doc.errors.length - MAX_SYNTAX_PROBLEMS} more syntax errors not shown`, undefined, 'syntax'));

  if (top === null || top === undefined || (YAML.isScalar(top) && (top.value === null || top.value === undefined))) return { settings, problems, warnings };
  if (!YAML.isMap(top)) {
    if (doc.errors.length === 0) {
      const r = top.range ?? [0, 0];
      problems.push(at(r[0], r[1], 'the top level must be a mapping of settings, e.g. "maxFileSizeKb: 512"; the file is ignored'));
    }
    return { settings, problems, warnings };
  }

  const knownRules = new Set(allRuleMeta().map((r) => r.id));
  const visit = (map: YAML.YAMLMap, prefix: string): void => {
    for (const pair of map.items) {
      if (tainted.has(pair)) continue;
      const name = scalarKey(pair);
      const keyRange = nodeRange(pair.key) ?? nodeRange(pair.value) ?? { start: 0, end: 0 };
      if (name === undefined) {
        problems.push(at(keyRange.start, keyRange.end, 'keys must be plain names, e.g. "maxFileSizeKb"'));
        continue;
      }
      const key = prefix ? `${prefix}.${name}` : name;
      const valueRange = nodeRange(pair.value) ?? keyRange;
      if (Object.hasOwn(configSchema, key)) {
        const value = toPlain(pair.value, doc);
        if (!value.ok) {
          problems.push(at(valueRange.start, valueRange.end, `"${key}": ${value.error}`, key));
          continue;
        }
        if (key === 'rules' && YAML.isMap(pair.value)) {
          settings.rules = checkRules(pair.value, value.value as Record<string, unknown>, knownRules, (r, message, k) => problems.push(at(r.start, r.end, message, k)), (w) => warnings.push(`${file}: ${w}`));
          continue;
        }
        const problem = valueProblem(key as ConfigKey, value.value, root);
        if (problem) problems.push(at(valueRange.start, valueRange.end, `"${key}": ${problem}`, key));
        else settings[key] = value.value;
        continue;
      }
      const isPrefix = Object.keys(configSchema).some((s) => s.startsWith(`${key}.`));
      if (isPrefix && YAML.isMap(pair.value)) visit(pair.value, key);
      else if (key === 'nhi' || key.startsWith('nhi.')) {
        problems.push(at(keyRange.start, keyRange.end, `unknown key "${key}": write the settings without the "nhi." prefix (e.g. "maxFileSizeKb", not "nhi.maxFileSizeKb")`, key));
      } else {
        problems.push(at(keyRange.start, keyRange.end, `unknown key "${key}" (known keys: ${Object.keys(configSchema).join(', ')})`, key));
      }
    }
  };
  visit(top, '');
  return { settings, problems, warnings };
}

/** Per-rule severities: valid entries are kept, each invalid one is a problem at its line. */
function checkRules(
  map: YAML.YAMLMap,
  value: Record<string, unknown>,
  knownRules: Set<string>,
  report: (range: { start: number; end: number }, message: string, key: string) => void,
  warn: (message: string) => void,
): Record<string, string> {
  const allowed = configSchema.rules.additionalProperties.enum as readonly string[];
  const out: Record<string, string> = {};
  for (const pair of map.items) {
    const id = scalarKey(pair);
    const range = nodeRange(pair.value) ?? nodeRange(pair.key) ?? { start: 0, end: 0 };
    if (id === undefined) {
      report(range, `"rules": expected a mapping of rule id to one of ${allowed.join(', ')}; an entry without a rule id is ignored`, 'rules');
      continue;
    }
    const severity = value[id];
    if (typeof severity !== 'string' || !allowed.includes(severity)) {
      report(range, `"rules": expected a mapping of rule id to one of ${allowed.join(', ')}, got ${shortJson(severity)} for "${id}"; that rule keeps its severity`, `rules.${id}`);
      continue;
    }
    out[id] = severity;
    if (!knownRules.has(id)) warn(`"rules" names an unknown rule "${id}"; it has no effect.`);
  }
  return out;
}

/** Why `value` is not acceptable for `key`, or undefined when it is. */
function valueProblem(key: ConfigKey, value: unknown, root?: string): string | undefined {
  const single: string[] = [];
  fromFlat({ [key]: value }, single);
  if (single.length > 0) return `${describeExpected(key)}, got ${shortJson(value)}`;
  if (WORKSPACE_PATH_SETTINGS.includes(key) && typeof value === 'string') return escapingPathProblem(value, root);
  if (PATTERN_SETTINGS.includes(key) && Array.isArray(value)) {
    for (const pattern of value as string[]) {
      const problem = patternProblem(pattern);
      if (problem) return `pattern ${shortJson(pattern)} ${problem}`;
    }
  }
  return undefined;
}

/**
 * A path setting must stay inside the workspace, trusted or not: relative, no `..`
 * segment, no drive letter or NUL, and (when the workspace is on disk) no symbolic
 * link on the way that leads outside. Returns the problem, or undefined.
 */
export function escapingPathProblem(value: string, root?: string): string | undefined {
  const rel = value.replace(/\\/g, '/');
  const expected = 'expected a path inside the workspace, relative to its root (e.g. ".env.local")';
  if (rel.trim() === '' || rel.includes('\0')) return `${expected}, got ${shortJson(value)}`;
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.startsWith('~')) return `${expected}, got the absolute path ${shortJson(value)}`;
  if (rel.split('/').some((s) => s === '..')) return `${expected}, got ${shortJson(value)} which climbs out with ".."`;
  if (root) {
    const outside = realPathOutside(root, rel);
    if (outside) return `${expected}, got ${shortJson(value)} which leads outside the workspace through the symbolic link "${outside}"`;
  }
  return undefined;
}

/** The first existing part of root/rel whose real path is outside root's real path (a symbolic link), if any. */
function realPathOutside(root: string, rel: string): string | undefined {
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return undefined;
  }
  let current = root;
  for (const segment of rel.split('/').filter((s) => s !== '' && s !== '.')) {
    current = path.join(current, segment);
    let real: string;
    try {
      real = fs.realpathSync(current);
    } catch {
      return undefined; // does not exist (yet): nothing further can be a link
    }
    const inside = path.relative(realRoot, real);
    if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return path.relative(root, current).split(path.sep).join('/');
  }
  return undefined;
}

/** Editor settings are checked for escaping paths too; an escaping value is dropped with a warning. */
function withoutEscapingPaths(base: Record<string, unknown>, root: string, warnings: string[]): Record<string, unknown> {
  let out = base;
  for (const key of WORKSPACE_PATH_SETTINGS) {
    const value = base[key];
    if (typeof value !== 'string') continue;
    const problem = escapingPathProblem(value, root);
    if (!problem) continue;
    warnings.push(`Editor setting "nhi.${key}": ${problem}; using the default.`);
    out = { ...out, [key]: undefined };
  }
  return out;
}

/** Patterns are gitignore syntax over workspace-relative paths; some can never match. */
function patternProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'is empty';
  if (pattern.replace(/\\/g, '/').split('/').some((s) => s === '..')) return 'climbs out with ".." and can never match a workspace file';
  if (/^[A-Za-z]:[\\/]/.test(pattern)) return 'is an absolute path; patterns are relative to the workspace root';
  try {
    ignore().add(pattern).ignores('probe');
  } catch (err) {
    return `is not a valid pattern (${err instanceof Error ? err.message.split('\n')[0].slice(0, 80) : 'invalid'})`;
  }
  return undefined;
}

function toPlain(node: unknown, doc: YAML.Document.Parsed): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    const value = YAML.isNode(node) ? node.toJS(doc, { maxAliasCount: YAML_MAX_ALIAS_COUNT }) : node;
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: withoutQuotedSource(err instanceof Error ? err.message.split('\n')[0] : String(err)).slice(0, 160) };
  }
}

function scalarKey(pair: YAML.Pair): string | undefined {
  const k = pair.key;
  if (YAML.isScalar(k) && k.value !== null && k.value !== undefined && typeof k.value !== 'object') return String(k.value);
  return undefined;
}

function nodeRange(node: unknown): { start: number; end: number } | undefined {
  const r = YAML.isNode(node) ? node.range : undefined;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** From the key to the end of the value (inclusive offsets: an error at the boundary counts). */
function pairSpan(pair: YAML.Pair): { start: number; end: number } | undefined {
  const k = nodeRange(pair.key);
  const v = nodeRange(pair.value);
  if (!k && !v) return undefined;
  return { start: (k ?? v)!.start, end: (v ?? k)!.end };
}

function shortJson(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function describeExpected(key: ConfigKey): string {
  const s = configSchema[key] as { type: string; enum?: readonly string[]; minimum?: number; additionalProperties?: { enum: readonly string[] } };
  if (s.enum) return `expected one of ${s.enum.join(', ')}`;
  if (s.type === 'number') return `expected a number${s.minimum !== undefined ? ` ≥ ${s.minimum}` : ''}`;
  if (s.type === 'array') return 'expected a list of strings';
  if (s.type === 'object' && s.additionalProperties) return `expected a mapping of rule id to one of ${s.additionalProperties.enum.join(', ')}`;
  return `expected a ${s.type}`;
}
