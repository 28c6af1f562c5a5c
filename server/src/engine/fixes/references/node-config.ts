/**
 * node-config (the `config` npm package): `config/default.json`,
 * `config/production.yaml` … have no interpolation, but node-config's
 * documented way to take a value from the environment is
 * `config/custom-environment-variables.json`: the same key path, with the
 * variable's name as the value. So the key leaves the committed file (which
 * stays valid JSON / YAML / TOML), the path → NAME mapping is merged into the
 * mapping file (created when missing; an existing mapping of that path is
 * reused, a name mapped to another path is never taken) and the value is saved
 * to the local env file. node-config does not read `.env.local` itself: the
 * title says the variable must be set in the environment.
 *
 * Only files in a `config/` folder named as node-config names them
 * (`default`, a deployment such as `production`, optionally `-<instance>`).
 * YAML and TOML files other than `default.*` also need a sibling `default.*`
 * or mapping file as evidence: those names are common outside node-config.
 */
import * as jsonc from 'jsonc-parser';
import * as YAML from 'yaml';
import type { Document, Fix, TextEdit } from '../../model';
import { basename } from '../../documents/format';
import { envNameFor } from '../env-name';
import { gitignoreEdits, planEnvEntry, workspaceUri, type WorkspaceFiles } from '../env-file';
import { propertyAt, propertyRemovalRange } from './json-property';
import { tomlEntrySite } from './entry-lines';
import { isBlockScalar, lineBreakOf, lineStartOf, nextLineStart, yamlSiteAt, type ReferenceRequest } from './shared';

const DEPLOYMENTS = 'default|production|development|staging|stage|test|testing|qa|uat|prod|dev|preprod|sandbox|demo|ci|integration|e2e';
const NODE_CONFIG_FILE = new RegExp(`^(${DEPLOYMENTS})(?:-[A-Za-z0-9_]{1,40})?\\.(json|ya?ml|toml)$`);
const MAPPING_STEM = 'custom-environment-variables';
/** Mapping files we can merge into, in node-config's reading order. */
const MERGEABLE = ['json', 'yaml', 'yml'] as const;
/** Mapping files in formats we do not edit: their presence means no fix (two mapping files would be a guess). */
const OTHER_MAPPINGS = ['json5', 'hjson', 'toml', 'js', 'cjs', 'mjs', 'ts', 'coffee', 'cson', 'properties', 'xml'];

/** Named and placed like a node-config file (`config/default.json`, `config/production-2.yaml`), whatever else the workspace holds. */
export function isNodeConfigPath(path: string): boolean {
  return /(?:^|\/)config\/[^/]+$/.test(path) && NODE_CONFIG_FILE.test(basename(path));
}

/** The `config/` folder path (with trailing slash) and file kind when `doc` is a node-config file. */
export function nodeConfigFile(doc: Document, readFile?: (uri: string) => string | undefined, root?: string): { dir: string; ext: string } | undefined {
  const path = doc.path;
  const slash = path.lastIndexOf('/');
  const dir = slash >= 0 ? path.slice(0, slash + 1) : '';
  if (!/(?:^|\/)config\/$/.test(dir)) return undefined;
  const m = NODE_CONFIG_FILE.exec(basename(path));
  if (!m) return undefined;
  const ext = m[2];
  if (ext === 'json' || m[1] === 'default') return { dir, ext };
  // production.yaml / test.toml: only with another node-config file beside it.
  if (!readFile || !root) return undefined;
  const sibling = ['default.json', 'default.yaml', 'default.yml', 'default.toml', ...MERGEABLE.map((e) => `${MAPPING_STEM}.${e}`)].some((n) => {
    const uri = workspaceUri(root, dir + n);
    return uri !== undefined && readFile(uri) !== undefined;
  });
  return sibling ? { dir, ext } : undefined;
}

interface Removal {
  /** The key path in the config tree. */
  path: string[];
  range: { start: number; end: number };
}

export function nodeConfigFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  const root = ctx.workspaceRoot;
  if (!root) return undefined;
  const file = nodeConfigFile(doc, ctx.readFile, root);
  if (!file) return undefined;

  let removal: Removal | undefined;
  if (fact.syntax === 'json-string' && (doc.format === 'json' || doc.format === 'jsonc')) removal = jsonRemoval(doc, fact.literalRange.start);
  else if (fact.syntax === 'yaml-scalar' && doc.format === 'yaml') removal = yamlRemoval(doc, fact.literalRange.start);
  else if (fact.syntax === 'toml-string' && doc.format === 'toml') {
    const site = tomlEntrySite(doc, fact.literalRange);
    if (site) removal = { path: [...(site.section ?? []), ...site.key], range: site.lines };
  }
  if (!removal || removal.path.some((p) => !/^[^\u0000-\u001f"\\]{1,100}$/.test(p))) return undefined;

  const mapping = mappingFile(root, file.dir, file.ext, ctx.readFile);
  if (!mapping) return undefined;
  const files: WorkspaceFiles = { workspaceRoot: root, readFile: ctx.readFile };
  const envFile = ctx.config.envFile;
  const existing = mapping.lookup(removal.path);
  if (existing === 'conflict') return undefined;

  let name: string | undefined;
  let envEdits: TextEdit[] = [];
  const wanted = existing ?? envNameFor(fact.key, req.fallbackName);
  for (let n = 1; n < 100 && !name; n++) {
    const candidate = n === 1 ? wanted : `${wanted}_${n}`;
    if (!existing && mapping.usedNames.has(candidate)) continue;
    const plan = planEnvEntry(files, envFile, candidate, fact.value);
    if (plan?.name === candidate) {
      name = candidate;
      envEdits = plan.edits;
    } else if (existing) return undefined; // the mapped name holds another value locally: the user must decide
  }
  if (!name) return undefined;
  const mappingEdits = existing ? [] : mapping.add(removal.path, name);
  if (!mappingEdits) return undefined;
  const dotted = removal.path.join('.');
  return {
    title: `Remove ${dotted} from ${basename(doc.path)} and map it to the environment variable ${name} in ${mapping.path} (node-config reads it from the environment; value saved to ${envFile})`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: removal.range, newText: '' }, ...mappingEdits, ...envEdits, ...gitignoreEdits(files, envFile)],
  };
}

function jsonRemoval(doc: Document, offset: number): Removal | undefined {
  if (doc.parsed?.kind !== 'json') return undefined;
  const at = propertyAt(doc.parsed.root, offset);
  // With a duplicated key only the last occurrence is the value node-config reads.
  if (!at || !at.last || at.property.children?.[1]?.type !== 'string') return undefined;
  const range = propertyRemovalRange(doc.text, at.property);
  return range ? { path: at.path, range } : undefined;
}

/** A block-map entry on lines of its own, in a single-document file, whose map keeps other entries. */
function yamlRemoval(doc: Document, offset: number): Removal | undefined {
  if (doc.parsed?.kind !== 'yaml' || doc.parsed.documents.length !== 1) return undefined;
  const site = yamlSiteAt(doc, offset);
  if (!site?.pair || isBlockScalar(site.scalar) || !YAML.isMap(site.parent) || site.parent.flow || site.parent.items.length < 2) return undefined;
  const path: string[] = [];
  const chain = [...site.ancestors];
  for (let i = 0; i < chain.length; i++) {
    const map = chain[i];
    if (!YAML.isMap(map)) return undefined;
    const child = i + 1 < chain.length ? chain[i + 1] : site.scalar;
    const pair = map.items.find((p) => p.value === child);
    if (!pair || !YAML.isScalar(pair.key) || typeof pair.key.value !== 'string') return undefined;
    path.push(pair.key.value);
  }
  const keyStart = (site.pair.key as YAML.Scalar).range?.[0];
  const valueEnd = site.scalar.range?.[1];
  if (keyStart === undefined || valueEnd === undefined) return undefined;
  const text = doc.text;
  const lineStart = lineStartOf(text, keyStart);
  const end = nextLineStart(text, valueEnd);
  const rest = text.slice(valueEnd, end).trim();
  if (!/^[ \t]*$/.test(text.slice(lineStart, keyStart)) || (rest !== '' && !rest.startsWith('#'))) return undefined;
  return { path, range: { start: lineStart, end } };
}

// ---------------------------------------------------------------------------
// custom-environment-variables.*
// ---------------------------------------------------------------------------

interface MappingFile {
  /** Workspace-relative path, for the title. */
  path: string;
  /** Names mapped anywhere in the file. */
  usedNames: Set<string>;
  /** The name already mapped to `path`, undefined when free, 'conflict' when the path is taken by something else. */
  lookup(path: string[]): string | undefined | 'conflict';
  /** Edits that map `path` to `name`; undefined when the file cannot be edited safely. */
  add(path: string[], name: string): TextEdit[] | undefined;
}

function mappingFile(root: string, dir: string, sourceExt: string, readFile?: (uri: string) => string | undefined): MappingFile | undefined {
  for (const ext of OTHER_MAPPINGS) {
    const uri = workspaceUri(root, `${dir}${MAPPING_STEM}.${ext}`);
    if (uri && readFile?.(uri) !== undefined) return undefined;
  }
  for (const ext of MERGEABLE) {
    const path = `${dir}${MAPPING_STEM}.${ext}`;
    const uri = workspaceUri(root, path);
    const text = uri ? readFile?.(uri) : undefined;
    if (uri && text !== undefined) return ext === 'json' ? jsonMapping(uri, path, text) : yamlMapping(uri, path, text);
  }
  const ext = sourceExt === 'yaml' || sourceExt === 'yml' ? sourceExt : 'json';
  const path = `${dir}${MAPPING_STEM}.${ext}`;
  const uri = workspaceUri(root, path);
  if (!uri) return undefined;
  return ext === 'json' ? jsonMapping(uri, path, undefined) : yamlMapping(uri, path, undefined);
}

/** A mapping leaf: a name, or `{ "__name": NAME, "__format": … }`. */
function leafName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as Record<string, unknown>).__name === 'string') return (value as Record<string, string>).__name;
  return undefined;
}

function namesIn(value: unknown, out: Set<string>, depth = 0): Set<string> {
  const leaf = leafName(value);
  if (leaf !== undefined) out.add(leaf);
  else if (value && typeof value === 'object' && depth < 100) for (const v of Object.values(value)) namesIn(v, out, depth + 1);
  return out;
}

function lookupIn(tree: unknown, path: string[]): string | undefined | 'conflict' {
  let node = tree;
  for (let i = 0; i < path.length; i++) {
    if (node === undefined || node === null) return undefined;
    if (typeof node !== 'object' || Array.isArray(node) || leafName(node) !== undefined) return 'conflict';
    node = Object.hasOwn(node, path[i]) ? (node as Record<string, unknown>)[path[i]] : undefined;
  }
  if (node === undefined) return undefined;
  return leafName(node) ?? 'conflict';
}

function nested(path: string[], name: string): Record<string, unknown> {
  let value: unknown = name;
  for (let i = path.length - 1; i >= 0; i--) value = { [path[i]]: value };
  return value as Record<string, unknown>;
}

function jsonMapping(uri: string, path: string, text: string | undefined): MappingFile | undefined {
  let tree: unknown = {};
  if (text !== undefined) {
    const errors: jsonc.ParseError[] = [];
    tree = jsonc.parse(text, errors, { allowTrailingComma: true });
    if (errors.length > 0 || !tree || typeof tree !== 'object' || Array.isArray(tree)) return undefined;
  }
  return {
    path,
    usedNames: namesIn(tree, new Set()),
    lookup: (p) => lookupIn(tree, p),
    add(p, name) {
      if (text === undefined) return [{ uri, range: { start: 0, end: 0 }, newText: JSON.stringify(nested(p, name), null, 2) + '\n', createIfMissing: true }];
      const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
      const formattingOptions: jsonc.FormattingOptions = { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: lineBreakOf(text) };
      // The mapping file holds variable names only, so jsonc.modify's re-rendering of neighbours shows no value.
      return jsonc.modify(text, p, name, { formattingOptions }).map((e) => ({ uri, range: { start: e.offset, end: e.offset + e.length }, newText: e.content }));
    },
  };
}

function yamlMapping(uri: string, path: string, text: string | undefined): MappingFile | undefined {
  const document = YAML.parseDocument(text ?? '');
  if (document.errors.length > 0) return undefined;
  const tree: unknown = text === undefined ? {} : (document.toJS() ?? {});
  if (typeof tree !== 'object' || Array.isArray(tree)) return undefined;
  return {
    path,
    usedNames: namesIn(tree, new Set()),
    lookup: (p) => lookupIn(tree, p),
    add(p, name) {
      if (text === undefined) return [{ uri, range: { start: 0, end: 0 }, newText: YAML.stringify(nested(p, name)), createIfMissing: true }];
      if (!YAML.isMap(document.contents) && document.contents !== null) return undefined;
      document.setIn(p, name);
      // The whole file re-rendered (it holds names only); comments and order are kept by the yaml library.
      return [{ uri, range: { start: 0, end: text.length }, newText: document.toString() }];
    },
  };
}
