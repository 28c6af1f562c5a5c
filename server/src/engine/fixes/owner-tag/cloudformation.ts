/**
 * Owner tag for a CloudFormation resource (YAML, block or flow style, and JSON): a
 * `{ Key: owner, Value: … }` item appended to `Properties.Tags`, the `Tags` list or
 * the `Properties` map created when missing, or the placeholder value of an existing
 * owner tag replaced. `Tags` that are not a literal list (`!If`, `!Ref`) are left alone.
 */
import * as YAML from 'yaml';
import type * as jsonc from 'jsonc-parser';
import type { Document, TaggedResourceFact } from '../../model';
import { addJsonMember, jsonPropertyWithKeyAt, jsonRoot, jsonValueOf } from './json-edit';
import type { OwnerEdit, OwnerProblem } from './types';
import { addToMap, addToSeq, pairOf, replaceScalar, yamlPairWithKeyAt, yamlScalar, type Insertion } from './yaml-edit';

export function cloudFormationOwnerEdit(doc: Document, resource: TaggedResourceFact, problem: OwnerProblem, key: string, value: string): OwnerEdit | undefined {
  const edit = doc.parsed?.kind === 'yaml' ? yamlEdit(doc, resource, problem, key, value) : doc.parsed?.kind === 'json' ? jsonEdit(doc, resource, problem, key, value) : undefined;
  return edit ? { edits: [edit], noun: 'tag' } : undefined;
}

function yamlEdit(doc: Document, resource: TaggedResourceFact, problem: OwnerProblem, key: string, value: string): Insertion | undefined {
  const site = yamlPairWithKeyAt(doc, resource.headerRange.start);
  const resourceMap = site?.pair.value;
  if (!YAML.isMap(resourceMap)) return undefined;
  const text = doc.text;
  const item = (inFlow: boolean) => ({ k: yamlScalar(key, inFlow), v: yamlScalar(value, inFlow) });
  const propertiesPair = pairOf(resourceMap, 'Properties');
  if (!propertiesPair) {
    const b = item(false);
    const f = item(true);
    return addToMap(
      text,
      resourceMap,
      'Properties',
      (indent, eol) => `${eol}${indent}  Tags:${eol}${indent}    - Key: ${b.k}${eol}${indent}      Value: ${b.v}${eol}`,
      `{ Tags: [{ Key: ${f.k}, Value: ${f.v} }] }`,
    );
  }
  const properties = propertiesPair.value;
  if (!YAML.isMap(properties)) return undefined;
  const tagsPair = pairOf(properties, 'Tags');
  if (!tagsPair) {
    const b = item(false);
    const f = item(true);
    return addToMap(text, properties, 'Tags', (indent, eol) => `${eol}${indent}  - Key: ${b.k}${eol}${indent}    Value: ${b.v}${eol}`, `[{ Key: ${f.k}, Value: ${f.v} }]`);
  }
  const tags = tagsPair.value;
  if (!YAML.isSeq(tags) || tags.tag) return undefined;
  if (problem.kind === 'placeholder') {
    for (const entry of tags.items) {
      if (!YAML.isMap(entry)) continue;
      const k = entry.get('Key', true);
      const v = entry.get('Value', true);
      if (YAML.isScalar(k) && k.value === problem.key && YAML.isScalar(v)) return replaceScalar(v, value, entry.flow === true || tags.flow === true);
    }
  }
  const b = item(false);
  const f = item(true);
  return addToSeq(text, tags, (indent, eol) => `Key: ${b.k}${eol}${indent}Value: ${b.v}${eol}`, `{ Key: ${f.k}, Value: ${f.v} }`);
}

function jsonEdit(doc: Document, resource: TaggedResourceFact, problem: OwnerProblem, key: string, value: string): Insertion | undefined {
  const root = jsonRoot(doc);
  const property = root ? jsonPropertyWithKeyAt(root, resource.headerRange.start) : undefined;
  const resourceObject = property?.children?.[1];
  if (resourceObject?.type !== 'object') return undefined;
  const text = doc.text;
  const item = `{ "Key": ${JSON.stringify(key)}, "Value": ${JSON.stringify(value)} }`;
  const properties = jsonValueOf(resourceObject, 'Properties');
  if (!properties) return addJsonMember(text, resourceObject, `"Properties": { "Tags": [${item}] }`);
  if (properties.type !== 'object') return undefined;
  const tags = jsonValueOf(properties, 'Tags');
  if (!tags) return addJsonMember(text, properties, `"Tags": [${item}]`);
  if (tags.type !== 'array') return undefined;
  if (problem.kind === 'placeholder') {
    for (const entry of tags.children ?? []) {
      const v: jsonc.Node | undefined = jsonValueOf(entry, 'Value');
      if (jsonValueOf(entry, 'Key')?.value === problem.key && v?.type === 'string') {
        return { range: { start: v.offset, end: v.offset + v.length }, newText: JSON.stringify(value) };
      }
    }
  }
  return addJsonMember(text, tags, item);
}
