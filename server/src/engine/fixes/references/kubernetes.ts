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
 *   anyone wants. With `vault.provider: env` (the default) the store reference
 *   is a ClusterSecretStore named `replace-with-your-secret-store`: clearly a
 *   placeholder, and an ExternalSecret pointing at a missing store fails loudly
 *   rather than silently. (A SealedSecret is not offered: sealing needs the
 *   cluster's public key, which a text edit does not have.)
 */
import * as YAML from 'yaml';
import type { Fix, TextEdit } from '../../model';
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
  if (!site || isBlockScalar(site.scalar)) return undefined;
  const root = site.document.contents;
  if (yamlString(root, 'kind') === 'Secret' && /^(data|stringData)\.[^.]+$/.test(req.fact.keyPath ?? '')) return secretToExternalSecret(req, site);
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

function secretToExternalSecret(req: ReferenceRequest, site: YamlSite): Fix | undefined {
  const { ctx } = req;
  const doc = ctx.document;
  const text = doc.text;
  const root = site.document.contents;
  if (!YAML.isMap(root) || root.flow) return undefined;
  if (root.items.some((p) => !YAML.isScalar(p.key) || !SECRET_KEYS.has(String(p.key.value)))) return undefined;
  const metadata = root.get('metadata', true);
  const name = yamlString(metadata, 'name');
  if (!name) return undefined;

  // Every value of the Secret, decoded, in file order.
  const values: { key: string; value: string }[] = [];
  for (const section of ['data', 'stringData']) {
    const map = root.get(section, true);
    if (map === undefined || map === null) continue;
    if (!YAML.isMap(map)) return undefined;
    for (const p of map.items) {
      if (!YAML.isScalar(p.key) || !YAML.isScalar(p.value)) return undefined;
      const key = String(p.key.value);
      const raw = p.value.value === null ? '' : String(p.value.value);
      const value = section === 'data' ? decodeBase64Text(raw) : raw;
      if (value === undefined) return undefined; // binary data (keystores …) cannot live in a dotenv file
      if (value.includes('{{')) return undefined; // a Helm/Go template, not a value: the chart renders it
      // stringData wins over data for the same key, as in the API server.
      const at = values.findIndex((v) => v.key === key);
      if (at >= 0) values.splice(at, 1);
      values.push({ key, value });
    }
  }
  if (values.length === 0) return undefined;

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
  const lines = ['spec:', `${i1}refreshInterval: 1h`, `${i1}secretStoreRef:`, `${i2}kind: ClusterSecretStore`, `${i2}name: ${store}`, `${i1}target:`, `${i2}name: ${name}`, `${i2}creationPolicy: Owner`];
  if (secretType && secretType !== 'Opaque') lines.push(`${i2}template:`, `${i3}type: ${secretType}`);
  lines.push(`${i1}data:`);
  const paths: string[] = [];
  values.forEach((v, i) => {
    const path = remotePath(ctx.config.vault.pathTemplate, provider, name, plan.names[i]);
    paths.push(path);
    lines.push(`${i2}- secretKey: ${YAML.stringify(v.key).trimEnd()}`, `${i3}remoteRef:`, `${i3}${indentUnit}key: ${path}`);
    // `vault kv put <path> value=-` stores the value in the field `value`.
    if (provider === 'hashicorp-vault') lines.push(`${i3}${indentUnit}property: value`);
  });
  const spec = lines.join(nl) + nl;

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
  if (!specPlaced) return undefined;

  const command = storeCommand(provider, remotePath(ctx.config.vault.pathTemplate, provider, name, 'each_key'))?.replace('each_key', '<key>');
  const how = command ? `store each with: ${command}` : provider === 'env' ? 'point secretStoreRef at your store' : `store each in ${provider} under its remoteRef key`;
  return {
    title: `Replace Secret ${name} with an ExternalSecret (${store}); its ${values.length === 1 ? 'value is' : `${values.length} values are`} saved to ${envFile} — ${how}`,
    kind: 'vault-reference',
    preferred: true,
    edits: [...edits, ...plan.edits],
  };
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
