/**
 * Kubernetes manifests.
 *
 * - A container `env[].value` becomes `valueFrom.secretKeyRef` to a Secret named
 *   after the workload (`<workload>-secrets`, key = the variable name). The
 *   value goes to the local env file, from which
 *   `kubectl create secret generic <name> --from-env-file=.env.local` creates
 *   that Secret (the title says so). The env item keeps its `name`.
 * - A literal `kind: Secret` becomes an `ExternalSecret`
 *   (external-secrets.io/v1beta1) that recreates the same Secret from the
 *   configured store, so workloads that mount or reference it keep working.
 *   Every `data` (base64-decoded) and `stringData` value of that Secret moves
 *   to the local env file first, not only the one that was flagged: the fix
 *   must not lose any of them, and a Secret half-converted is not a state
 *   anyone wants. Entries that are not values stay in the Secret — templates
 *   (`{{ .Values.x }}`, `${X}`) and mappings (a misplaced `secretKeyRef`) — and
 *   the ExternalSecret then goes next to it with `creationPolicy: Merge`
 *   (see secretToExternalSecret). With `vault.provider: env` (the default) the store reference
 *   is a ClusterSecretStore named `replace-with-your-secret-store`: clearly a
 *   placeholder, and an ExternalSecret pointing at a missing store fails loudly
 *   rather than silently. (A SealedSecret is not offered: sealing needs the
 *   cluster's public key, which a text edit does not have.)
 */
import * as YAML from 'yaml';
import type { Fix, Range, TextEdit } from '../../model';
import type { RuleContext } from '../../rule';
import { yamlDocumentAt } from '../../documents/parse';
import { envNameFor, toScreamingSnake } from '../env-name';
import {
  dnsLabel,
  isBlockScalar,
  lineBreakOf,
  lineStartOf,
  nextLineStart,
  planEnvEntries,
  planEnvValue,
  remotePath,
  storeCommand,
  yamlPair,
  yamlSiteAt,
  yamlString,
  type ReferenceRequest,
  type YamlSite,
} from './shared';

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

export function kubernetesFix(req: ReferenceRequest): Fix | undefined {
  const doc = req.ctx.document;
  if (!doc.flavors.includes('kubernetes') || req.fact.syntax !== 'yaml-scalar') return undefined;
  const site = yamlSiteAt(doc, req.fact.literalRange.start);
  if (!site) return undefined;
  const root = site.document.contents;
  // A Secret's entries go whole lines at a time, so a `|` block value is fine there.
  if (yamlString(root, 'kind') === 'Secret' && /^(data|stringData)\.[^.]+$/.test(req.fact.keyPath ?? '')) return secretToExternalSecret(req, site.document);
  if (isBlockScalar(site.scalar)) return undefined;
  if (/(^|\.)env\[\d+\]\.value$/.test(req.fact.keyPath ?? '')) return envValueToSecretKeyRef(req, site);
  return undefined;
}

function envValueToSecretKeyRef(req: ReferenceRequest, site: YamlSite): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  const item = site.parent;
  const pair = site.pair;
  if (!YAML.isMap(item) || !pair || !YAML.isScalar(pair.key) || pair.key.value !== 'value' || !pair.key.range) return undefined;
  const envName = yamlString(item, 'name');
  if (!envName || yamlPair(item, 'valueFrom')) return undefined;
  // env: is a list under a container.
  const envList = site.ancestors[site.ancestors.length - 2];
  const container = site.ancestors[site.ancestors.length - 3];
  const containerList = site.ancestors[site.ancestors.length - 4];
  const podSpec = site.ancestors[site.ancestors.length - 5];
  if (!YAML.isSeq(envList) || !YAML.isMap(container) || !YAML.isSeq(containerList) || !YAML.isMap(podSpec)) return undefined;
  const listPair = podSpec.items.find((p) => p.value === containerList);
  if (!listPair || !YAML.isScalar(listPair.key) || !CONTAINER_LISTS.has(String(listPair.key.value))) return undefined;

  const workload = yamlString(YAML.isMap(site.document.contents) ? site.document.contents.get('metadata', true) : undefined, 'name');
  const secretName = `${dnsLabel(workload ?? '', 'app')}-secrets`;
  const plan = planEnvValue(req, envNameFor(envName, req.fallbackName), fact.value);
  if (!plan) return undefined;

  const keyStart = pair.key.range[0];
  const end = fact.literalRange.end;
  let newText: string;
  if (item.flow) newText = `valueFrom: { secretKeyRef: { name: ${secretName}, key: ${plan.name} } }`;
  else {
    const indent = ' '.repeat(doc.lines.positionAt(keyStart).character);
    const nl = lineBreakOf(doc.text);
    newText = ['valueFrom:', `${indent}  secretKeyRef:`, `${indent}    name: ${secretName}`, `${indent}    key: ${plan.name}`].join(nl);
  }
  const envFile = ctx.config.envFile;
  return {
    title: `Move the ${req.what} to ${envFile} and read it from Secret ${secretName} key ${plan.name} (kubectl create secret generic ${secretName} --from-env-file=${envFile})`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: { start: keyStart, end }, newText }, ...plan.edits],
  };
}

/** Top-level keys of a Secret that the ExternalSecret replaces or keeps; anything else (immutable …) → no fix. */
const SECRET_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'type', 'data', 'stringData']);

/** What the Secret conversion needs: it moves every entry, whichever was flagged. */
type SecretRequest = Pick<ReferenceRequest, 'ctx' | 'files'>;

/**
 * For a secret that is not a whole literal of its own inside a Secret entry (a `|` block
 * holding a PEM, a `FlyV1 fm2_…` value): the entry is what moves, like every other of the
 * Secret's literal entries. Called by secretInTextFix after embedded.ts found nothing.
 */
export function kubernetesSecretEntryFix(ctx: RuleContext, range: Range): Fix | undefined {
  const doc = ctx.document;
  if (!ctx.workspaceRoot || !doc.flavors.includes('kubernetes') || doc.parsed?.kind !== 'yaml') return undefined;
  const document = yamlDocumentAt(doc, range.start);
  const root = document?.contents;
  if (!document || !YAML.isMap(root) || yamlString(root, 'kind') !== 'Secret') return undefined;
  const inEntry = ['data', 'stringData'].some((section) => {
    const map = root.get(section, true);
    return YAML.isMap(map) && map.items.some((p) => YAML.isScalar(p.value) && p.value.range && p.value.range[0] <= range.start && range.end <= p.value.range[1]);
  });
  if (!inEntry) return undefined;
  return secretToExternalSecret({ ctx, files: { workspaceRoot: ctx.workspaceRoot, readFile: ctx.readFile } }, document);
}

/** One `data` / `stringData` entry of a Secret. */
interface SecretEntry {
  section: 'data' | 'stringData';
  pair: YAML.Pair;
  key: string;
  /** The decoded value of a literal entry; undefined for one that stays (a template or a reference). */
  value?: string;
}

/**
 * An entry whose value is not a value: a Helm / Go / envsubst template the chart or
 * pipeline renders (`{{ .Values.x }}`, `${X}`), or a mapping someone put there (a
 * `secretKeyRef` belongs in a pod, not in a Secret). It stays in the Secret as it is:
 * whoever renders it keeps doing so, and a text edit cannot know what it becomes.
 */
function isKeptEntry(value: unknown): boolean {
  if (YAML.isScalar(value)) return typeof value.value === 'string' && /\{\{|\$\{/.test(value.value);
  return YAML.isMap(value) || YAML.isSeq(value);
}

/**
 * The Secret becomes (or gains) an ExternalSecret. Every literal entry moves, not only the
 * flagged one: a Secret half-converted is not a state anyone wants.
 * - Only literals: the Secret document becomes the ExternalSecret (`creationPolicy: Owner`),
 *   which recreates the same Secret.
 * - Literals next to entries that stay (templates, references): the Secret keeps those, the
 *   literal entries leave it, and a new ExternalSecret document right after it merges the
 *   moved keys back into that Secret (`creationPolicy: Merge`, which needs the Secret to
 *   exist: it is applied with the same file).
 * A key twice in one map is a YAML error the file already has (which value wins depends on
 * the parser): with a literal among the duplicates there is no telling which value to move,
 * so no fix; duplicated templates or references stay as they are.
 */
function secretToExternalSecret(req: SecretRequest, document: YAML.Document.Parsed): Fix | undefined {
  const { ctx } = req;
  const doc = ctx.document;
  const text = doc.text;
  const root = document.contents;
  if (!YAML.isMap(root) || root.flow) return undefined;
  if (root.items.some((p) => !YAML.isScalar(p.key) || !SECRET_KEYS.has(String(p.key.value)))) return undefined;
  const metadata = root.get('metadata', true);
  const name = yamlString(metadata, 'name');
  if (!name) return undefined;

  const entries: SecretEntry[] = [];
  for (const section of ['data', 'stringData'] as const) {
    const map = root.get(section, true);
    if (map === undefined || map === null) continue;
    if (!YAML.isMap(map) || map.flow) return undefined;
    for (const p of map.items) {
      if (!YAML.isScalar(p.key) || !p.key.range) return undefined;
      const key = String(p.key.value);
      if (isKeptEntry(p.value)) {
        entries.push({ section, pair: p, key });
        continue;
      }
      if (p.value !== null && !YAML.isScalar(p.value)) return undefined;
      const raw = p.value === null || p.value.value === null ? '' : String(p.value.value);
      const value = section === 'data' ? decodeBase64Text(raw) : raw;
      if (value === undefined) return undefined; // binary data (keystores …) cannot live in a dotenv file
      entries.push({ section, pair: p, key, value });
    }
  }
  const moved = entries.filter((e) => e.value !== undefined);
  if (moved.length === 0) return undefined;
  for (const e of moved) if (entries.some((o) => o !== e && o.section === e.section && o.key === e.key)) return undefined;
  // stringData wins over data for the same key, as in the API server: the data value is dropped (it is overridden).
  const values: { key: string; value: string }[] = [];
  for (const e of moved) {
    const at = values.findIndex((v) => v.key === e.key);
    if (at >= 0) values.splice(at, 1);
    values.push({ key: e.key, value: e.value as string });
  }
  const kept = entries.filter((e) => e.value === undefined);
  // A kept entry that a moved one would override (or the reverse) would make the merge order matter.
  if (kept.some((k) => values.some((v) => v.key === k.key))) return undefined;

  const envFile = ctx.config.envFile;
  const plan = planEnvEntries(req.files, envFile, values.map((v) => ({ name: envNameFor(v.key, toScreamingSnake(v.key) || 'SECRET_VALUE'), value: v.value })));
  if (!plan) return undefined;

  const provider = ctx.config.vault.provider;
  const store = provider === 'env' ? 'replace-with-your-secret-store' : provider;
  const secretType = yamlString(root, 'type');
  const indentUnit = ' '.repeat(Math.max(2, metadataIndent(doc.lines, metadata)));
  const i1 = indentUnit;
  const i2 = i1 + indentUnit;
  const i3 = i2 + indentUnit;
  const nl = lineBreakOf(text);
  const merge = kept.length > 0;
  const lines = ['spec:', `${i1}refreshInterval: 1h`, `${i1}secretStoreRef:`, `${i2}kind: ClusterSecretStore`, `${i2}name: ${store}`, `${i1}target:`, `${i2}name: ${name}`, `${i2}creationPolicy: ${merge ? 'Merge' : 'Owner'}`];
  if (!merge && secretType && secretType !== 'Opaque') lines.push(`${i2}template:`, `${i3}type: ${secretType}`);
  lines.push(`${i1}data:`);
  values.forEach((v, i) => {
    const path = remotePath(ctx.config.vault.pathTemplate, provider, name, plan.names[i]);
    lines.push(`${i2}- secretKey: ${YAML.stringify(v.key).trimEnd()}`, `${i3}remoteRef:`, `${i3}${indentUnit}key: ${path}`);
    // `vault kv put <path> value=-` stores the value in the field `value`.
    if (provider === 'hashicorp-vault') lines.push(`${i3}${indentUnit}property: value`);
  });
  const spec = lines.join(nl) + nl;

  const edits = merge ? mergeEdits(req, root, entries, name, spec, nl) : replaceEdits(req, root, spec);
  if (!edits) return undefined;

  const command = storeCommand(provider, remotePath(ctx.config.vault.pathTemplate, provider, name, 'each_key'))?.replace('each_key', '<key>');
  const how = command ? `store each with: ${command}` : provider === 'env' ? 'point secretStoreRef at your store' : `store each in ${provider} under its remoteRef key`;
  const count = values.length === 1 ? 'value is' : `${values.length} values are`;
  const title = merge
    ? `Move the literal values of Secret ${name} to an ExternalSecret merged into it (${store}); its ${kept.length === 1 ? 'templated or referenced entry stays' : `${kept.length} templated or referenced entries stay`}, the ${count} saved to ${envFile} — ${how}`
    : `Replace Secret ${name} with an ExternalSecret (${store}); its ${count} saved to ${envFile} — ${how}`;
  return { title, kind: 'vault-reference', preferred: true, edits: [...edits, ...plan.edits] };
}

/** The Secret document becomes the ExternalSecret: apiVersion, kind, and `type` / `data` / `stringData` replaced by the spec. */
function replaceEdits(req: SecretRequest, root: YAML.YAMLMap, spec: string): TextEdit[] | undefined {
  const doc = req.ctx.document;
  const text = doc.text;
  const edits: TextEdit[] = [];
  const apiVersion = root.get('apiVersion', true);
  const kind = root.get('kind', true);
  if (!YAML.isScalar(apiVersion) || !YAML.isScalar(kind) || !apiVersion.range || !kind.range) return undefined;
  edits.push({ uri: doc.uri, range: { start: apiVersion.range[0], end: apiVersion.range[1] }, newText: 'external-secrets.io/v1beta1' });
  edits.push({ uri: doc.uri, range: { start: kind.range[0], end: kind.range[1] }, newText: 'ExternalSecret' });
  let specPlaced = false;
  for (const key of ['type', 'data', 'stringData']) {
    const pair = yamlPair(root, key);
    const keyNode = pair?.key as YAML.Scalar | undefined;
    const valueNode = pair?.value as YAML.Node | null | undefined;
    if (!pair || !keyNode?.range) continue;
    const start = lineStartOf(text, keyNode.range[0]);
    const end = nextLineStart(text, Math.max(keyNode.range[1], valueNode?.range?.[1] ?? 0) - 1);
    const replacement = key !== 'type' && !specPlaced ? spec : '';
    if (replacement) specPlaced = true;
    edits.push({ uri: doc.uri, range: { start, end }, newText: replacement });
  }
  return specPlaced ? edits : undefined;
}

/**
 * The Secret stays with its kept entries; each moved entry's lines go (a section left
 * empty goes whole), and the ExternalSecret document is inserted after the Secret's.
 */
function mergeEdits(req: SecretRequest, root: YAML.YAMLMap, entries: SecretEntry[], name: string, spec: string, nl: string): TextEdit[] | undefined {
  const doc = req.ctx.document;
  const text = doc.text;
  const edits: TextEdit[] = [];
  const lineSpan = (from: YAML.Node, to: YAML.Node | null | undefined): TextEdit | undefined => {
    if (!from.range) return undefined;
    const start = lineStartOf(text, from.range[0]);
    // Only whole lines: something else before the key on its line (a flow map) means no clean cut.
    if (text.slice(start, from.range[0]).trim() !== '') return undefined;
    const end = nextLineStart(text, Math.max(from.range[1], to?.range?.[1] ?? 0) - 1);
    return { uri: doc.uri, range: { start, end }, newText: '' };
  };
  for (const section of ['data', 'stringData'] as const) {
    const inSection = entries.filter((e) => e.section === section);
    if (inSection.length === 0 || inSection.some((e) => e.value === undefined)) {
      for (const e of inSection.filter((x) => x.value !== undefined)) {
        const edit = lineSpan(e.pair.key as YAML.Node, e.pair.value as YAML.Node | null);
        if (!edit) return undefined;
        edits.push(edit);
      }
      continue;
    }
    const pair = yamlPair(root, section);
    const edit = pair && lineSpan(pair.key as YAML.Node, pair.value as YAML.Node | null);
    if (!edit) return undefined;
    edits.push(edit);
  }
  // After the Secret's last line (before a following `---`, if any).
  if (!root.range) return undefined;
  const after = nextLineStart(text, Math.max(root.range[1], 1) - 1);
  const needsBreak = after === text.length && text.length > 0 && !text.endsWith('\n');
  const namespace = yamlString(root.get('metadata', true), 'namespace');
  const indentUnit = ' '.repeat(Math.max(2, metadataIndent(doc.lines, root.get('metadata', true))));
  const header = ['---', 'apiVersion: external-secrets.io/v1beta1', 'kind: ExternalSecret', 'metadata:', `${indentUnit}name: ${YAML.stringify(name).trimEnd()}`];
  if (namespace) header.push(`${indentUnit}namespace: ${YAML.stringify(namespace).trimEnd()}`);
  edits.push({ uri: doc.uri, range: { start: after, end: after }, newText: (needsBreak ? nl : '') + header.join(nl) + nl + spec });
  return edits;
}

/** Indentation of the metadata block's children (the file's indent unit). */
function metadataIndent(lines: { positionAt(offset: number): { character: number } }, metadata: unknown): number {
  if (!YAML.isMap(metadata) || metadata.flow) return 2;
  const first = metadata.items[0]?.key as YAML.Node | undefined;
  return first?.range ? lines.positionAt(first.range[0]).character : 2;
}

/** Base64 that decodes to text which round-trips; undefined for anything else (binary, malformed). */
function decodeBase64Text(raw: string): string | undefined {
  const compact = raw.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes) || text.includes('\0')) return undefined;
  return text;
}
