/**
 * Kubernetes: a pod template that gets static cloud keys through `env` runs as
 * a ServiceAccount with the cloud's workload-identity annotation instead.
 *
 * - The key's env items are removed from every container (AWS: both key
 *   variables; GCP: GOOGLE_APPLICATION_CREDENTIALS; Azure: AZURE_CLIENT_SECRET).
 *   Literal values go to the local env file first (never lose data); a
 *   GOOGLE_APPLICATION_CREDENTIALS path is not data (the key file is in the
 *   mounted Secret, which stays) and would break local tools from a dotenv file.
 * - The pod runs as its `serviceAccountName`, or, when it has none, as a new
 *   ServiceAccount named after the workload (`serviceAccountName` added, and a
 *   ServiceAccount document appended unless the file already has one of that name).
 * - That ServiceAccount gets the annotation: `eks.amazonaws.com/role-arn` (IRSA),
 *   `iam.gke.io/gcp-service-account` (GKE), `azure.workload.identity/client-id`
 *   (plus the pod label `azure.workload.identity/use: "true"`). Values reuse what
 *   the file shows (its account id, GCP project, AZURE_CLIENT_ID) and otherwise
 *   are upper-case placeholders a reviewer cannot miss.
 * A pod that names a ServiceAccount not declared in this file gets no fix: we
 * could not annotate it, and removing the keys alone would leave it without access.
 */
import * as jsonc from 'jsonc-parser';
import * as YAML from 'yaml';
import type { CredentialUseFact, Document, Fix, TextEdit } from '../../model';
import type { RuleContext } from '../../rule';
import { WORKLOAD_POD_SPEC } from '../../extract/kubernetes';
import { planEnvEntries } from '../references/shared';
import { lineBreakOf, lineStartOf, nextLineStart } from '../references/shared';
import { addToMap, blockLines, columnOf, mapAt, nodeRange, pairLines, pairOf, startsLine, stringAt, type YamlMap } from './shared';

interface Target {
  envNames: string[];
  annotation: string;
  label: string;
  value(doc: Document, name: string, env: Map<string, string>): string;
}

const TARGETS: Record<string, Target> = {
  'aws-access-key': {
    envNames: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
    annotation: 'eks.amazonaws.com/role-arn',
    label: 'IRSA',
    value: (doc, name) => `arn:aws:iam::${/arn:aws:iam::(\d{12}):/.exec(doc.text)?.[1] ?? 'ACCOUNT_ID'}:role/${name}`,
  },
  'gcp-service-account-key': {
    envNames: ['GOOGLE_APPLICATION_CREDENTIALS'],
    annotation: 'iam.gke.io/gcp-service-account',
    label: 'GKE Workload Identity',
    value: (doc, name) => `${name}@${/@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com/.exec(doc.text)?.[1] ?? 'PROJECT_ID'}.iam.gserviceaccount.com`,
  },
  'azure-client-secret': {
    envNames: ['AZURE_CLIENT_SECRET'],
    annotation: 'azure.workload.identity/client-id',
    label: 'Azure Workload Identity',
    value: (_doc, _name, env) => env.get('AZURE_CLIENT_ID') ?? 'REPLACE-WITH-CLIENT-ID',
  },
};

const AZURE_USE_LABEL: [string, string] = ['azure.workload.identity/use', '"true"'];

export function kubernetesWorkloadIdentityFix(ctx: RuleContext, use: CredentialUseFact): Fix | undefined {
  const doc = ctx.document;
  const target = TARGETS[use.mechanism];
  const kind = use.resourceType.replace(/^k8s:/, '');
  if (!target || !WORKLOAD_POD_SPEC[kind] || !ctx.workspaceRoot) return undefined;
  if (doc.parsed?.kind === 'json') return jsonWorkloadIdentityFix(ctx, use, target, kind);
  if (doc.parsed?.kind !== 'yaml') return undefined;
  const located = yamlManifests(doc).find((m) => nodeRange(m.manifest)?.start === use.range.start);
  const manifest = located?.manifest;
  if (!located || !manifest || manifest.flow) return undefined;
  let podSpec: YamlMap | undefined = manifest as YamlMap;
  let podTemplate: YamlMap | undefined = manifest as YamlMap;
  for (const key of WORKLOAD_POD_SPEC[kind]) {
    podTemplate = podSpec;
    podSpec = podSpec ? mapAt(podSpec, key) : undefined;
  }
  if (!podSpec || podSpec.flow || !podTemplate) return undefined;
  const text = doc.text;
  const edits: TextEdit[] = [];

  // 1. The key variables leave every container; literal values go to the env file.
  const literals: { name: string; value: string }[] = [];
  const otherEnv = new Map<string, string>();
  for (const list of ['initContainers', 'containers']) {
    const containers = pairOf(podSpec, list)?.value;
    if (!YAML.isSeq(containers)) continue;
    for (const container of containers.items) {
      if (!YAML.isMap(container)) continue;
      const envPair = pairOf(container as YamlMap, 'env');
      if (!envPair || !YAML.isSeq(envPair.value)) continue;
      const env = envPair.value;
      if (env.flow) return undefined;
      const removed = env.items.filter((item) => YAML.isMap(item) && target.envNames.includes(stringAt(item, 'name') ?? ''));
      for (const item of env.items) {
        const n = stringAt(item, 'name');
        const v = stringAt(item, 'value');
        if (n && v !== undefined && !removed.includes(item)) otherEnv.set(n, v);
      }
      if (removed.length === 0) continue;
      for (const item of removed) {
        const n = stringAt(item, 'name')!;
        const valuePair = pairOf(item as YamlMap, 'value');
        if (valuePair) {
          const v = stringAt(item, 'value');
          if (v === undefined) return undefined; // a multi-line or odd value: not something we move blindly
          if (n !== 'GOOGLE_APPLICATION_CREDENTIALS' && v.trim() !== '') literals.push({ name: n, value: v });
        }
      }
      if (removed.length === env.items.length) {
        const lines = pairLines(text, envPair);
        if (!lines) return undefined;
        edits.push({ uri: doc.uri, range: lines, newText: '' });
      } else {
        for (const item of removed) {
          const lines = seqItemLines(text, item);
          if (!lines) return undefined;
          edits.push({ uri: doc.uri, range: lines, newText: '' });
        }
      }
    }
  }
  if (edits.length === 0) return undefined;

  // 2. The ServiceAccount the pod runs as, with the annotation.
  const workload = stringAt(mapAt(manifest as YamlMap, 'metadata'), 'name');
  const namespace = stringAt(mapAt(manifest as YamlMap, 'metadata'), 'namespace');
  const named = stringAt(podSpec, 'serviceAccountName') ?? stringAt(podSpec, 'serviceAccount');
  const saName = named ?? workload;
  if (!saName) return undefined;
  const existing = yamlManifests(doc).find((m) => isServiceAccount(m.manifest, saName, namespace))?.manifest;
  if (named && !existing) return undefined;
  const annotationValue = target.value(doc, saName, otherEnv);
  if (existing) {
    const annotate = annotationEdits(doc, existing, target.annotation, annotationValue);
    if (!annotate) return undefined;
    edits.push(...annotate);
  } else {
    const nl = lineBreakOf(text);
    const lines = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${saName}`];
    if (namespace) lines.push(`  namespace: ${namespace}`);
    lines.push('  annotations:', `    ${target.annotation}: ${annotationValue}`);
    if (located.list) {
      // Inside a `kind: List`: the ServiceAccount becomes the list's next item, laid out like the last one.
      const added = appendListItem(doc, located.list, lines);
      if (!added) return undefined;
      edits.push(added);
    } else {
      const lead = text.length > 0 && !text.endsWith('\n') ? nl : '';
      edits.push({ uri: doc.uri, range: { start: text.length, end: text.length }, newText: lead + ['---', ...lines].join(nl) + nl });
    }
  }
  if (!named) {
    const firstKey = nodeRange(podSpec.items[0]?.key);
    if (!firstKey || !startsLine(text, firstKey.start)) return undefined;
    const at = lineStartOf(text, firstKey.start);
    edits.push({ uri: doc.uri, range: { start: at, end: at }, newText: blockLines(doc, columnOf(text, firstKey.start), [`serviceAccountName: ${saName}`]) });
  }

  // 3. Azure Workload Identity injects its token only into pods with this label.
  if (use.mechanism === 'azure-client-secret') {
    const metadata = mapAt(podTemplate, 'metadata');
    const added = metadata ? nestedMapEdits(doc, metadata, 'labels', AZURE_USE_LABEL[0], AZURE_USE_LABEL[1]) : undefined;
    if (!added) return undefined;
    edits.push(...added);
  }

  const envFile = ctx.config.envFile;
  if (literals.length > 0) {
    const plan = planEnvEntries({ workspaceRoot: ctx.workspaceRoot, readFile: ctx.readFile }, envFile, literals);
    if (!plan) return undefined;
    edits.push(...plan.edits);
  }
  const moved = literals.length > 0 ? `, move the values to ${envFile}` : '';
  return {
    title: `Use ${target.label}: remove ${target.envNames.join(' / ')}${moved} and run as ServiceAccount ${saName} with ${target.annotation}`,
    kind: 'workload-identity',
    preferred: true,
    edits,
  };
}

/** The lines of a block sequence item (`- name: …` and its continuation lines). */
function seqItemLines(text: string, item: unknown): { start: number; end: number } | undefined {
  const r = nodeRange(item);
  if (!r) return undefined;
  const start = lineStartOf(text, r.start);
  if (!/^ *- *$/.test(text.slice(start, r.start))) return undefined;
  return { start, end: nextLineStart(text, Math.max(r.end - 1, r.start)) };
}

interface YamlManifest {
  manifest: YamlMap;
  /** The `items` sequence of the `kind: List` document holding it. */
  list?: YAML.YAMLSeq;
}

/** Every manifest of the stream, with `kind: List` documents unpacked (as the extractor does). */
function yamlManifests(doc: Document): YamlManifest[] {
  if (doc.parsed?.kind !== 'yaml') return [];
  const out: YamlManifest[] = [];
  for (const d of doc.parsed.documents) {
    const m = d.contents;
    if (d.errors.length > 0 || !YAML.isMap(m)) continue;
    const items = pairOf(m as YamlMap, 'items')?.value;
    if (/List$/.test(stringAt(m, 'kind') ?? '') && YAML.isSeq(items)) {
      for (const item of items.items) if (YAML.isMap(item)) out.push({ manifest: item as YamlMap, list: items });
    } else out.push({ manifest: m as YamlMap });
  }
  return out;
}

function isServiceAccount(m: YamlMap, name: string, namespace: string | undefined): boolean {
  if (stringAt(m, 'kind') !== 'ServiceAccount') return false;
  const meta = mapAt(m, 'metadata');
  if (stringAt(meta, 'name') !== name) return false;
  const ns = stringAt(meta, 'namespace');
  return ns === undefined || namespace === undefined || ns === namespace;
}

/** A new block item (`lines` are the map's lines) after the last item of a block sequence of maps. */
function appendListItem(doc: Document, list: YAML.YAMLSeq, lines: string[]): TextEdit | undefined {
  const text = doc.text;
  const last = list.items[list.items.length - 1];
  const lastRange = nodeRange(last);
  const firstKey = YAML.isMap(last) ? nodeRange((last as YamlMap).items[0]?.key) : undefined;
  if (list.flow || !lastRange || !firstKey) return undefined;
  const lineStart = lineStartOf(text, firstKey.start);
  const dash = /^( *)- +$/.exec(text.slice(lineStart, firstKey.start));
  if (!dash) return undefined;
  const keyIndent = ' '.repeat(columnOf(text, firstKey.start));
  const nl = lineBreakOf(text);
  const at = nextLineStart(text, Math.max(lastRange.end - 1, lastRange.start));
  const lead = at === text.length && text.length > 0 && !text.endsWith('\n') ? nl : '';
  const body = lines.map((l, i) => (i === 0 ? `${dash[1]}- ${l}` : keyIndent + l) + nl).join('');
  return { uri: doc.uri, range: { start: at, end: at }, newText: lead + body };
}

/** The annotation on a ServiceAccount (kept as it is when it already has one with that key). */
function annotationEdits(doc: Document, sa: YamlMap, key: string, value: string): TextEdit[] | undefined {
  const meta = mapAt(sa, 'metadata');
  if (!meta || meta.flow) return undefined;
  return nestedMapEdits(doc, meta, 'annotations', key, value);
}

/** `key: value` in the map under `mapKey` of `parent` (`labels`, `annotations`), the map created when missing. */
function nestedMapEdits(doc: Document, parent: YamlMap, mapKey: string, key: string, value: string): TextEdit[] | undefined {
  const inner = mapAt(parent, mapKey);
  if (inner) return addToMap(doc, inner, [[key, value]]);
  if (pairOf(parent, mapKey) || parent.flow) return undefined; // `labels:` with something we cannot edit
  const text = doc.text;
  const first = nodeRange(parent.items[0]?.key);
  const last = parent.items[parent.items.length - 1];
  const at = last ? pairLines(text, last)?.end : undefined;
  if (!first || at === undefined || !startsLine(text, first.start)) return undefined;
  const indent = columnOf(text, first.start);
  return [{ uri: doc.uri, range: { start: at, end: at }, newText: blockLines(doc, indent, [`${mapKey}:`]) + blockLines(doc, indent + 2, [`${key}: ${value}`]) }];
}

// ---------------------------------------------------------------------------
// JSON manifests (one object, or a `kind: List` of them)
// ---------------------------------------------------------------------------

interface JsonManifest {
  path: jsonc.JSONPath;
  node: jsonc.Node;
  value: Record<string, unknown>;
}

type JsonOp = { path: jsonc.JSONPath; value: unknown; insert?: boolean };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

function jsonManifests(root: jsonc.Node): JsonManifest[] {
  const value = jsonc.getNodeValue(root) as unknown;
  if (root.type !== 'object' || !isObject(value)) return [];
  const items = jsonc.findNodeAtLocation(root, ['items']);
  if (/List$/.test(str(value.kind) ?? '') && items?.type === 'array') {
    return (items.children ?? []).flatMap((node, i) => (node.type === 'object' ? [{ path: ['items', i], node, value: jsonc.getNodeValue(node) as Record<string, unknown> }] : []));
  }
  return [{ path: [], node: root, value }];
}

/** The JSON edition of the fix: the same changes, made with jsonc-parser edits in the file's own indentation. */
function jsonWorkloadIdentityFix(ctx: RuleContext, use: CredentialUseFact, target: Target, kind: string): Fix | undefined {
  const doc = ctx.document;
  if (doc.parsed?.kind !== 'json' || !doc.parsed.root || !ctx.workspaceRoot) return undefined;
  const all = jsonManifests(doc.parsed.root);
  const here = all.find((m) => m.node.offset === use.range.start);
  if (!here) return undefined;
  const specKeys = WORKLOAD_POD_SPEC[kind];
  const podSpecPath = [...here.path, ...specKeys];
  const podTemplatePath = podSpecPath.slice(0, -1);
  let podSpec: unknown = here.value;
  for (const k of specKeys) podSpec = isObject(podSpec) ? podSpec[k] : undefined;
  if (!isObject(podSpec)) return undefined;

  // 1. The key variables leave every container (highest index first, so earlier paths stay valid).
  const ops: JsonOp[] = [];
  const literals: { name: string; value: string }[] = [];
  const otherEnv = new Map<string, string>();
  for (const list of ['initContainers', 'containers']) {
    const containers = podSpec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container: unknown, ci) => {
      const env = isObject(container) ? container.env : undefined;
      if (!Array.isArray(env)) return;
      const removed: number[] = [];
      env.forEach((item: unknown, i) => {
        const name = isObject(item) ? str(item.name) : undefined;
        if (!name || !isObject(item)) return;
        if (!target.envNames.includes(name)) {
          if (str(item.value) !== undefined) otherEnv.set(name, str(item.value)!);
          return;
        }
        removed.push(i);
        if ('value' in item) {
          const v = str(item.value);
          if (v === undefined) literals.push({ name, value: '\u0000' }); // marks a value we do not move blindly
          else if (name !== 'GOOGLE_APPLICATION_CREDENTIALS' && v.trim() !== '') literals.push({ name, value: v });
        }
      });
      if (removed.length === 0) return;
      const envPath = [...podSpecPath, list, ci, 'env'];
      if (removed.length === env.length) ops.push({ path: envPath, value: undefined });
      else for (const i of removed.reverse()) ops.push({ path: [...envPath, i], value: undefined });
    });
  }
  if (ops.length === 0 || literals.some((l) => l.value === '\u0000')) return undefined;

  // 2. The ServiceAccount, annotated; a new one only fits in a List (a JSON file holds one value).
  const metadata = isObject(here.value.metadata) ? here.value.metadata : {};
  const workload = str(metadata.name);
  const namespace = str(metadata.namespace);
  const named = str(podSpec.serviceAccountName) ?? str(podSpec.serviceAccount);
  const saName = named ?? workload;
  if (!saName) return undefined;
  const existing = all.find((m) => {
    const meta = isObject(m.value.metadata) ? m.value.metadata : {};
    const ns = str(meta.namespace);
    return str(m.value.kind) === 'ServiceAccount' && str(meta.name) === saName && (ns === undefined || namespace === undefined || ns === namespace);
  });
  const annotationValue = target.value(doc, saName, otherEnv);
  if (existing) {
    const annotations = isObject(existing.value.metadata) && isObject(existing.value.metadata.annotations) ? existing.value.metadata.annotations : undefined;
    if (annotations?.[target.annotation] === undefined) ops.push({ path: [...existing.path, 'metadata', 'annotations', target.annotation], value: annotationValue });
  } else {
    if (named || here.path.length === 0) return undefined;
    const saMeta: Record<string, unknown> = { name: saName };
    if (namespace) saMeta.namespace = namespace;
    saMeta.annotations = { [target.annotation]: annotationValue };
    ops.push({ path: ['items', -1], value: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: saMeta }, insert: true });
  }
  if (!named) ops.push({ path: [...podSpecPath, 'serviceAccountName'], value: saName });

  // 3. Azure Workload Identity's pod label.
  if (use.mechanism === 'azure-client-secret') {
    let template: unknown = here.value;
    for (const k of specKeys.slice(0, -1)) template = isObject(template) ? template[k] : undefined;
    const labels = isObject(template) && isObject(template.metadata) && isObject(template.metadata.labels) ? template.metadata.labels : undefined;
    if (labels?.[AZURE_USE_LABEL[0]] === undefined) ops.push({ path: [...podTemplatePath, 'metadata', 'labels', AZURE_USE_LABEL[0]], value: 'true' });
  }

  const edit = applyJsonOps(doc, ops);
  if (!edit) return undefined;
  const edits: TextEdit[] = [edit];
  const envFile = ctx.config.envFile;
  if (literals.length > 0) {
    const plan = planEnvEntries({ workspaceRoot: ctx.workspaceRoot, readFile: ctx.readFile }, envFile, literals);
    if (!plan) return undefined;
    edits.push(...plan.edits);
  }
  const moved = literals.length > 0 ? `, move the values to ${envFile}` : '';
  return {
    title: `Use ${target.label}: remove ${target.envNames.join(' / ')}${moved} and run as ServiceAccount ${saName} with ${target.annotation}`,
    kind: 'workload-identity',
    preferred: true,
    edits,
  };
}

/** Applies the operations in order and returns one edit spanning what changed. */
function applyJsonOps(doc: Document, ops: JsonOp[]): TextEdit | undefined {
  const original = doc.text;
  const indent = /\n([ \t]+)\S/.exec(original)?.[1] ?? '  ';
  const formattingOptions: jsonc.FormattingOptions = { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: lineBreakOf(original) };
  let text = original;
  for (const op of ops) {
    const edits = jsonc.modify(text, op.path, op.value, { formattingOptions, isArrayInsertion: op.insert });
    if (edits.length === 0) return undefined;
    text = jsonc.applyEdits(text, edits);
  }
  if (text === original) return undefined;
  let start = 0;
  while (start < original.length && start < text.length && original[start] === text[start]) start++;
  let end = 0;
  while (end < original.length - start && end < text.length - start && original[original.length - 1 - end] === text[text.length - 1 - end]) end++;
  return { uri: doc.uri, range: { start, end: original.length - end }, newText: text.slice(start, text.length - end) };
}
