/**
 * Assignment facts: every static string value with the name it is assigned to,
 * whatever the syntax. Source code, Terraform and TOML come from their
 * tree-sitter trees (source-strings.ts); YAML, JSON and key-value files from
 * their own parsers. Each extractor walks its tree once.
 */
import * as YAML from 'yaml';
import type * as jsonc from 'jsonc-parser';
import type { AssignmentFact, Range } from '../model';
import type { Extractor } from './index';
import { extractSourceAssignments } from './source-strings';
import { grammarOf } from '../documents/parse';
import { concatAll } from '../arrays';

const treeSitterAssignments: Extractor = {
  name: 'assignments/tree-sitter',
  produces: ['assignment'],
  applies: (doc) => grammarOf(doc) !== undefined,
  extract(doc) {
    if (doc.parsed?.kind !== 'tree-sitter') return [];
    return extractSourceAssignments(doc.parsed.tree.rootNode, doc.parsed.grammar, doc.deadline);
  },
};

const keyValueAssignments: Extractor = {
  name: 'assignments/key-value',
  produces: ['assignment'],
  applies: (doc) => doc.format === 'dotenv' || doc.format === 'ini' || doc.format === 'properties',
  extract(doc) {
    if (doc.parsed?.kind !== 'key-value') return [];
    const syntax: AssignmentFact['syntax'] = doc.format === 'dotenv' ? 'dotenv' : 'ini';
    return doc.parsed.entries.map((e) => ({
      kind: 'assignment' as const,
      key: e.key,
      keyPath: e.section ? `${e.section}.${e.key}` : e.key,
      value: e.value,
      valueRange: e.valueRange,
      literalRange: e.literalRange,
      keyRange: e.keyRange,
      syntax,
    }));
  },
};

// ---------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------

const yamlAssignments: Extractor = {
  name: 'assignments/yaml',
  produces: ['assignment'],
  applies: (doc) => doc.format === 'yaml',
  extract(doc) {
    if (doc.parsed?.kind !== 'yaml') return [];
    const { text } = doc;
    return concatAll(doc.parsed.documents.map((d) => yamlDocumentAssignments(d, text)));
  },
};

/**
 * An editor re-parses only the edited `---` document of a stream and hands back the
 * others' Document objects (documents/yaml-stream.ts): their facts are remembered
 * with the offset they were read at, and moved when the document moved. They are moved
 * in place (each distinct range once): assignment facts live for one analysis only — no
 * result, finding or link keeps one (fixes copy what they need when they are built).
 */
const assignmentsByDocument = new WeakMap<YAML.Document.Parsed, { at: number; facts: AssignmentFact[]; ranges?: Range[] }>();

function yamlDocumentAssignments(d: YAML.Document.Parsed, text: string): AssignmentFact[] {
  const at = d.range?.[0] ?? 0;
  const known = assignmentsByDocument.get(d);
  if (known) {
    if (known.at !== at) {
      const delta = at - known.at;
      for (const r of (known.ranges ??= distinctRanges(known.facts))) {
        r.start += delta;
        r.end += delta;
      }
      known.at = at;
    }
    return known.facts;
  }
  const facts: AssignmentFact[] = [];
  walkYaml(d.contents, undefined, '', undefined, text, facts, 0);
  assignmentsByDocument.set(d, { at, facts });
  return facts;
}

/** Facts share ranges (a plain scalar's value and literal; one key for a list's items): each once. */
function distinctRanges(facts: AssignmentFact[]): Range[] {
  const ranges = new Set<Range>();
  for (const f of facts) {
    ranges.add(f.valueRange);
    ranges.add(f.literalRange);
    if (f.keyRange) ranges.add(f.keyRange);
  }
  return [...ranges];
}

const MAX_DEPTH = 200;

function walkYaml(
  node: unknown,
  key: string | undefined,
  path: string,
  keyRange: Range | undefined,
  text: string,
  out: AssignmentFact[],
  depth: number,
): void {
  if (!node || depth > MAX_DEPTH) return;
  if (YAML.isScalar(node)) {
    const fact = yamlScalarFact(node, key, path, keyRange, text);
    if (fact) out.push(fact);
    return;
  }
  if (YAML.isMap(node)) {
    const named = nameValueKey(node);
    for (const pair of node.items) {
      const k = YAML.isScalar(pair.key) ? pair.key : undefined;
      const keyText = k !== undefined && k.value !== null && k.value !== undefined ? String(k.value) : undefined;
      if (keyText === undefined) continue;
      const childPath = path ? `${path}.${keyText}` : keyText;
      const childKeyRange = k?.range ? { start: k.range[0], end: k.range[1] } : undefined;
      // Kubernetes/ECS style `{ name: X, value: "…" }`: the value belongs to X.
      if (named && keyText === 'value') walkYaml(pair.value, named.name, childPath, named.range, text, out, depth + 1);
      else walkYaml(pair.value, keyText, childPath, childKeyRange, text, out, depth + 1);
    }
    return;
  }
  if (YAML.isSeq(node)) {
    node.items.forEach((item, i) => walkYaml(item, key, `${path}[${i}]`, keyRange, text, out, depth + 1));
  }
}

function nameValueKey(map: YAML.YAMLMap): { name: string; range?: Range } | undefined {
  let name: YAML.Scalar | undefined;
  let hasValue = false;
  for (const pair of map.items) {
    if (!YAML.isScalar(pair.key)) continue;
    if (pair.key.value === 'name' && YAML.isScalar(pair.value) && typeof pair.value.value === 'string') name = pair.value;
    if (pair.key.value === 'value') hasValue = true;
  }
  if (!name || !hasValue) return undefined;
  return { name: name.value as string, range: name.range ? { start: name.range[0], end: name.range[1] } : undefined };
}

function yamlScalarFact(node: YAML.Scalar, key: string | undefined, path: string, keyRange: Range | undefined, text: string): AssignmentFact | undefined {
  if (typeof node.value !== 'string' || !node.range) return undefined;
  const [start, valueEnd] = node.range;
  const literalRange = { start, end: valueEnd };
  let valueRange: Range;
  switch (node.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      valueRange = { start: start + 1, end: Math.max(start + 1, valueEnd - 1) };
      break;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      // Content starts on the line after the `|`/`>` header.
      const nl = text.indexOf('\n', start);
      let s = nl < 0 || nl >= valueEnd ? valueEnd : nl + 1;
      while (s < valueEnd && (text[s] === ' ' || text[s] === '\t')) s++;
      let e = valueEnd;
      while (e > s && /\s/.test(text[e - 1])) e--;
      valueRange = { start: s, end: e };
      break;
    }
    default:
      valueRange = literalRange;
  }
  return { kind: 'assignment', key, keyPath: path || undefined, value: node.value, valueRange, literalRange, keyRange, syntax: 'yaml-scalar' };
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

const jsonAssignments: Extractor = {
  name: 'assignments/json',
  produces: ['assignment'],
  applies: (doc) => doc.format === 'json' || doc.format === 'jsonc',
  extract(doc) {
    if (doc.parsed?.kind !== 'json' || !doc.parsed.root) return [];
    const out: AssignmentFact[] = [];
    walkJson(doc.parsed.root, undefined, '', undefined, out, 0);
    return out;
  },
};

function walkJson(node: jsonc.Node, key: string | undefined, path: string, keyRange: Range | undefined, out: AssignmentFact[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  switch (node.type) {
    case 'string':
      if (typeof node.value === 'string' && node.length >= 2) {
        out.push({
          kind: 'assignment',
          key,
          keyPath: path || undefined,
          value: node.value,
          valueRange: { start: node.offset + 1, end: node.offset + node.length - 1 },
          literalRange: { start: node.offset, end: node.offset + node.length },
          keyRange,
          syntax: 'json-string',
        });
      }
      return;
    case 'object': {
      const named = jsonNameValueKey(node);
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v || typeof k.value !== 'string') continue;
        const childPath = path ? `${path}.${k.value}` : k.value;
        if (named && k.value === 'value') walkJson(v, named.name, childPath, named.range, out, depth + 1);
        else walkJson(v, k.value, childPath, { start: k.offset, end: k.offset + k.length }, out, depth + 1);
      }
      return;
    }
    case 'array':
      (node.children ?? []).forEach((item, i) => walkJson(item, key, `${path}[${i}]`, keyRange, out, depth + 1));
      return;
    default:
      return;
  }
}

/** ECS task definitions and similar: `{ "name": "X", "value": "…" }`. */
function jsonNameValueKey(node: jsonc.Node): { name: string; range: Range } | undefined {
  let name: jsonc.Node | undefined;
  let hasValue = false;
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k?.value === 'name' && v?.type === 'string') name = v;
    if (k?.value === 'value') hasValue = true;
  }
  return name && hasValue ? { name: name.value as string, range: { start: name.offset, end: name.offset + name.length } } : undefined;
}

export const assignmentExtractors: Extractor[] = [treeSitterAssignments, yamlAssignments, jsonAssignments, keyValueAssignments];
