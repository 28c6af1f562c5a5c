/**
 * Owner for a Kubernetes ServiceAccount (YAML or JSON manifests): `metadata.labels.<key>`
 * when the owner is a valid label value, else `metadata.annotations.<key>`.
 *
 * Why an annotation rather than a sanitised label: label values allow only 63
 * characters of `[A-Za-z0-9._-]`, so a CODEOWNERS owner such as `@acme/payments` or
 * `payments@acme.example` would have to be rewritten into something nobody can look
 * up. The rule accepts an owner in labels or annotations alike, so the exact value
 * goes into an annotation instead. `labels:` / `annotations:` are created when missing.
 */
import * as YAML from 'yaml';
import type * as jsonc from 'jsonc-parser';
import type { Document, TaggedResourceFact } from '../../model';
import { addJsonMember, jsonObjectAt, jsonRoot, jsonValueOf } from './json-edit';
import type { OwnerEdit, OwnerProblem } from './types';
import { addToMap, pairOf, replaceScalar, yamlMapAt, yamlScalar, type Insertion } from './yaml-edit';

const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const LABEL_KEY = /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** Whether `key: value` can be a label (else it becomes an annotation). */
export function isLabel(key: string, value: string): boolean {
  return LABEL_KEY.test(key) && LABEL_VALUE.test(value);
}

type Where = 'labels' | 'annotations';

export function kubernetesOwnerEdit(doc: Document, resource: TaggedResourceFact, problem: OwnerProblem, key: string, value: string): OwnerEdit | undefined {
  const where: Where = isLabel(key, value) ? 'labels' : 'annotations';
  const edit = doc.parsed?.kind === 'yaml' ? yamlEdit(doc, resource, problem, key, value, where) : doc.parsed?.kind === 'json' ? jsonEdit(doc, resource, problem, key, value, where) : undefined;
  return edit ? { edits: [edit.insertion], noun: edit.where === 'labels' ? 'label' : 'annotation' } : undefined;
}

function yamlEdit(doc: Document, resource: TaggedResourceFact, problem: OwnerProblem, key: string, value: string, where: Where): { insertion: Insertion; where: Where } | undefined {
  const manifest = yamlMapAt(doc, resource.range.start);
  const metadata = manifest ? pairOf(manifest, 'metadata')?.value : undefined;
  if (!YAML.isMap(metadata)) return undefined;
  if (problem.kind === 'placeholder') {
    // Replace the placeholder where it is, if the owner may stand there.
    for (const place of ['labels', 'annotations'] as const) {
      if (place === 'labels' && where !== 'labels') continue;
      const map = pairOf(metadata, place)?.value;
      const existing = YAML.isMap(map) ? pairOf(map, problem.key)?.value : undefined;
      if (YAML.isMap(map) && YAML.isScalar(existing)) {
        const insertion = replaceScalar(existing, value, map.flow === true);
        return insertion ? { insertion, where: place } : undefined;
      }
    }
  }
  const text = doc.text;
  const targetPair = pairOf(metadata, where);
  if (targetPair) {
    const target = targetPair.value;
    if (!YAML.isMap(target) || target.items.length === 0 && !target.flow) return undefined;
    const k = yamlScalar(key, target.flow === true);
    const v = yamlScalar(value, target.flow === true);
    const insertion = addToMap(text, target, k, (_indent, eol) => ` ${v}${eol}`, v);
    return insertion ? { insertion, where } : undefined;
  }
  const bk = yamlScalar(key, false);
  const bv = yamlScalar(value, false);
  const insertion = addToMap(
    text,
    metadata,
    where,
    (indent, eol) => `${eol}${indent}  ${bk}: ${bv}${eol}`,
    `{ ${yamlScalar(key, true)}: ${yamlScalar(value, true)} }`,
  );
  return insertion ? { insertion, where } : undefined;
}

function jsonEdit(doc: Document, resource: TaggedResourceFact, problem: OwnerProblem, key: string, value: string, where: Where): { insertion: Insertion; where: Where } | undefined {
  const root = jsonRoot(doc);
  const manifest = root ? jsonObjectAt(root, resource.range.start) : undefined;
  const metadata = jsonValueOf(manifest, 'metadata');
  if (metadata?.type !== 'object') return undefined;
  if (problem.kind === 'placeholder') {
    for (const place of ['labels', 'annotations'] as const) {
      if (place === 'labels' && where !== 'labels') continue;
      const existing: jsonc.Node | undefined = jsonValueOf(jsonValueOf(metadata, place), problem.key);
      if (existing?.type === 'string') return { insertion: { range: { start: existing.offset, end: existing.offset + existing.length }, newText: JSON.stringify(value) }, where: place };
    }
  }
  const member = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  const target = jsonValueOf(metadata, where);
  const insertion = target ? (target.type === 'object' ? addJsonMember(doc.text, target, member) : undefined) : addJsonMember(doc.text, metadata, `"${where}": { ${member} }`);
  return insertion ? { insertion, where } : undefined;
}
