/**
 * What every format's "secret → reference" fix shares: the request, the local
 * env file plan (several entries in one fix), where a value lives in a YAML
 * tree, remote secret paths from `vault.pathTemplate`, and the command that
 * stores a value in the configured provider reading it from stdin (a value is
 * never put on a command line, where shell history and `ps` would keep it).
 */
import * as YAML from 'yaml';
import { yamlDocumentAt } from '../../documents/parse';
import type { VaultProvider } from '../../config';
import type { Document, Fix, TextEdit } from '../../model';
import type { SecretToEnvRequest } from '../secret-to-env';
import { gitignoreEdits, planEnvEntry, workspaceUri, type WorkspaceFiles } from '../env-file';

export interface ReferenceRequest extends SecretToEnvRequest {
  files: WorkspaceFiles;
}

export type ReferenceFix = (req: ReferenceRequest) => Fix | undefined;

export interface EnvEntries {
  /** The names the values were stored under, in request order (suffixed `_2` … after a collision). */
  names: string[];
  /** One edit to the env file (none when every NAME=value is already there) plus the `.gitignore` line. */
  edits: TextEdit[];
}

/**
 * Plans several env-file entries at once: each later entry sees the earlier
 * ones, so two values wanting the same name get NAME and NAME_2, and the file
 * gets one append.
 */
export function planEnvEntries(files: WorkspaceFiles, envFile: string, wanted: { name: string; value: string }[]): EnvEntries | undefined {
  const uri = workspaceUri(files.workspaceRoot, envFile);
  if (!uri) return undefined;
  const original = files.readFile?.(uri);
  let current = original;
  const view: WorkspaceFiles = { workspaceRoot: files.workspaceRoot, readFile: (u) => (u === uri ? current : files.readFile?.(u)) };
  const names: string[] = [];
  for (const w of wanted) {
    const plan = planEnvEntry(view, envFile, w.name, w.value);
    if (!plan) return undefined;
    names.push(plan.name);
    // planEnvEntry only ever appends at the end (or creates the file).
    for (const e of plan.edits) current = (current ?? '') + e.newText;
  }
  const edits: TextEdit[] = [];
  if (current !== original && current !== undefined) {
    edits.push(
      original === undefined
        ? { uri, range: { start: 0, end: 0 }, newText: current, createIfMissing: true }
        : { uri, range: { start: original.length, end: original.length }, newText: current.slice(original.length) },
    );
  }
  return { names, edits: [...edits, ...gitignoreEdits(files, envFile)] };
}

/** One value: its name and the env-file + `.gitignore` edits. */
export function planEnvValue(req: ReferenceRequest, name: string, value: string): { name: string; edits: TextEdit[] } | undefined {
  const plan = planEnvEntries(req.files, req.ctx.config.envFile, [{ name, value }]);
  return plan ? { name: plan.names[0], edits: plan.edits } : undefined;
}

// ---------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------

/** A scalar in a YAML tree with the pairs and collections above it (innermost last). */
export interface YamlSite {
  document: YAML.Document.Parsed;
  scalar: YAML.Scalar;
  /** The pair whose value is the scalar (undefined for a sequence item). */
  pair?: YAML.Pair;
  /** The map or sequence holding the scalar. */
  parent: YAML.YAMLMap | YAML.YAMLSeq;
  /** Every collection from the document root down to `parent`. */
  ancestors: (YAML.YAMLMap | YAML.YAMLSeq)[];
}

const MAX_DEPTH = 200;

/** The scalar starting at `offset`, found by descending only into nodes whose range holds it. */
export function yamlSiteAt(doc: Document, offset: number): YamlSite | undefined {
  if (doc.parsed?.kind !== 'yaml') return undefined;
  for (const document of [yamlDocumentAt(doc, offset)]) {
    const root = document?.contents;
    if (!document || !root || !document.range || offset < document.range[0] || offset > document.range[2]) continue;
    const ancestors: (YAML.YAMLMap | YAML.YAMLSeq)[] = [];
    let node: unknown = root;
    for (let depth = 0; depth < MAX_DEPTH && node; depth++) {
      if (YAML.isMap(node) || YAML.isSeq(node)) {
        ancestors.push(node);
        let next: unknown;
        let pairOf: YAML.Pair | undefined;
        for (const item of node.items as unknown[]) {
          const value = YAML.isPair(item) ? item.value : item;
          const range = (value as YAML.Node | null | undefined)?.range;
          if (!range || offset < range[0] || offset > range[1]) continue;
          next = value;
          pairOf = YAML.isPair(item) ? item : undefined;
          break;
        }
        if (YAML.isScalar(next) && next.range?.[0] === offset) return { document, scalar: next, pair: pairOf, parent: node, ancestors };
        node = next;
      } else return undefined;
    }
  }
  return undefined;
}

/** The string value of `key` in a map, if it is a plain string scalar. */
export function yamlString(map: unknown, key: string): string | undefined {
  if (!YAML.isMap(map)) return undefined;
  const v = map.get(key, true);
  return YAML.isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
}

/** The pair for `key` in a map. */
export function yamlPair(map: YAML.YAMLMap, key: string): YAML.Pair | undefined {
  return map.items.find((p) => YAML.isScalar(p.key) && p.key.value === key) as YAML.Pair | undefined;
}

/** True for `|` / `>` block scalars, which span lines: replacing one would swallow the layout around it. */
export function isBlockScalar(scalar: YAML.Scalar): boolean {
  return scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED';
}

/** A YAML scalar holding `text`, in the quote style of the scalar it replaces (plain only where plain is safe). */
export function yamlScalarLike(original: YAML.Scalar, text: string, inFlow: boolean): string {
  if (original.type === 'QUOTE_SINGLE') return `'${text.replace(/'/g, "''")}'`;
  const plainSafe = !inFlow && /^[A-Za-z0-9_$/.-][^#:{}[\],&*!|>'"%@`]*$/.test(text) && !/\s$/.test(text);
  if (original.type === 'PLAIN' && plainSafe) return text;
  return JSON.stringify(text);
}

/** `\r\n` if the file uses it, else `\n`. */
const lineBreaks = new Map<string, string>();

/** The text's line break; remembered for the last text (fixes ask once per finding, on the same big file). */
export function lineBreakOf(text: string): string {
  let lb = lineBreaks.get(text);
  if (lb === undefined) {
    lb = text.includes('\r\n') ? '\r\n' : '\n';
    lineBreaks.clear();
    lineBreaks.set(text, lb);
  }
  return lb;
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return nl + 1;
}

/** Offset just past the line break ending the line that holds `offset` (or the text's end). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

// ---------------------------------------------------------------------------
// Remote secret stores
// ---------------------------------------------------------------------------

export type StoreProvider = Exclude<VaultProvider, 'env'>;

/**
 * `vault.pathTemplate` with `{service}` and `{name}` filled in. Providers whose
 * secret names allow no `/` (GCP: `[A-Za-z0-9_-]`, Azure Key Vault:
 * `[A-Za-z0-9-]`) get the separators replaced.
 */
export function remotePath(template: string, provider: VaultProvider, service: string, name: string): string {
  // Lower case, as secret paths conventionally are (`prod/api/db_password`); a mixed-case
  // path also reads like a random token to the generic secret rules.
  const filled = template.split('{service}').join(service.toLowerCase()).split('{name}').join(name.toLowerCase());
  const cleaned = trimChar(filled.replace(/[^A-Za-z0-9_./-]/g, '-'), '/') || name;
  if (provider === 'gcp-secret-manager') return cleaned.replace(/[^A-Za-z0-9_-]/g, '-');
  if (provider === 'azure-key-vault') return cleaned.replace(/[^A-Za-z0-9-]/g, '-');
  return cleaned;
}

/** The command that stores a value piped on stdin under `path`; undefined where the provider's CLI has no stdin form. */
export function storeCommand(provider: VaultProvider, path: string): string | undefined {
  switch (provider) {
    case 'aws-secrets-manager':
      return `aws secretsmanager create-secret --name ${path} --secret-string file:///dev/stdin`;
    case 'gcp-secret-manager':
      return `gcloud secrets create ${path} --data-file=-`;
    case 'azure-key-vault':
      return `az keyvault secret set --vault-name <vault> --name ${path} --file /dev/stdin`;
    case 'hashicorp-vault':
      // `key=-` makes the Vault CLI read that field from stdin.
      return `vault kv put ${path} value=-`;
    default:
      return undefined;
  }
}

/** Lower-case DNS label (Kubernetes names, input ids): `STRIPE_KEY` → `stripe-key`. */
export function dnsLabel(name: string, fallback: string): string {
  const label = trimChar(trimChar(name.toLowerCase().replace(/[^a-z0-9-]/g, '-'), '-').replace(/-{2,}/g, '-').slice(0, 63), '-');
  return label || fallback;
}

/** `s` without leading and trailing `c` (a loop: a `c+$` regex is quadratic on long runs of `c`). */
export function trimChar(s: string, c: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s[start] === c) start++;
  while (end > start && s[end - 1] === c) end--;
  return s.slice(start, end);
}
