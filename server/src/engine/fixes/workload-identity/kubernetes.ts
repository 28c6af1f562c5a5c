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
  if (!target || !WORKLOAD_POD_SPEC[kind] || doc.parsed?.kind !== 'yaml' || !ctx.workspaceRoot) return undefined;
  const yamlDoc = doc.parsed.documents.find((d) => nodeRange(d.contents)?.start === use.range.start);
  const manifest = yamlDoc?.contents;
  if (!YAML.isMap(manifest) || manifest.flow) return undefined;
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
  const existing = serviceAccountIn(doc, saName, namespace);
  if (named && !existing) return undefined;
  const annotationValue = target.value(doc, saName, otherEnv);
  if (existing) {
    const annotate = annotationEdits(doc, existing, target.annotation, annotationValue);
    if (!annotate) return undefined;
    edits.push(...annotate);
  } else {
    const nl = lineBreakOf(text);
    const lines = ['---', 'apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${saName}`];
    if (namespace) lines.push(`  namespace: ${namespace}`);
    lines.push('  annotations:', `    ${target.annotation}: ${annotationValue}`);
    const lead = text.length > 0 && !text.endsWith('\n') ? nl : '';
    edits.push({ uri: doc.uri, range: { start: text.length, end: text.length }, newText: lead + lines.join(nl) + nl });
  }
  if (!named) {
    const firstKey = nodeRange(podSpec.items[0]?.key);
    if (!firstKey || !startsLine(text, firstKey.start)) return undefined;
    const at = lineStartOf(text, firstKey.start);
    edits.push({ uri: doc.uri, range: { start: at, end: at }, newText: blockLines(doc, columnOf(text, firstKey.start), [`serviceAccountName: ${saName}`]) });
  }

  // 3. Azure Workload Identity injects its token only into pods with this label.
  if (use.mechanism === 'azure-client-secret') {
    const labels = mapAt(mapAt(podTemplate, 'metadata') ?? new YAML.YAMLMap(), 'labels');
    const added = labels ? addToMap(doc, labels, [AZURE_USE_LABEL]) : undefined;
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

function serviceAccountIn(doc: Document, name: string, namespace: string | undefined): YamlMap | undefined {
  if (doc.parsed?.kind !== 'yaml') return undefined;
  for (const d of doc.parsed.documents) {
    const m = d.contents;
    if (!YAML.isMap(m) || stringAt(m, 'kind') !== 'ServiceAccount') continue;
    const meta = mapAt(m as YamlMap, 'metadata');
    if (stringAt(meta, 'name') !== name) continue;
    const ns = stringAt(meta, 'namespace');
    if (ns !== undefined && namespace !== undefined && ns !== namespace) continue;
    return m as YamlMap;
  }
  return undefined;
}

/** The annotation on a ServiceAccount (kept as it is when it already has one with that key). */
function annotationEdits(doc: Document, sa: YamlMap, key: string, value: string): TextEdit[] | undefined {
  const meta = mapAt(sa, 'metadata');
  if (!meta || meta.flow) return undefined;
  const annotations = mapAt(meta, 'annotations');
  if (annotations) return addToMap(doc, annotations, [[key, value]]);
  if (pairOf(meta, 'annotations')) return undefined; // `annotations:` with something we cannot edit
  const text = doc.text;
  const first = nodeRange(meta.items[0]?.key);
  const last = meta.items[meta.items.length - 1];
  const at = last ? pairLines(text, last)?.end : undefined;
  if (!first || at === undefined) return undefined;
  const indent = columnOf(text, first.start);
  return [{ uri: doc.uri, range: { start: at, end: at }, newText: blockLines(doc, indent, ['annotations:']) + blockLines(doc, indent + 2, [`${key}: ${value}`]) }];
}
