/**
 * Node-by-node comparison of two parses of the same YAML text (the lean parser's and the
 * `yaml` library's): classes, values, scalar types, sources and formats, flow flags and
 * every range. Comments are not compared (the lean parser does not attach them).
 */
import * as YAML from 'yaml';

/** The first difference as a path and a description; undefined when the parses agree. */
export function yamlDifference(actual: YAML.Document.Parsed[], expected: YAML.Document.Parsed[]): string | undefined {
  if (actual.length !== expected.length) return `${actual.length} documents, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const at = `doc ${i}`;
    const problems = problemsDifference(a, e, at);
    if (problems) return problems;
    if (!sameRange(a.range, e.range)) return `${at}: range ${JSON.stringify(a.range)}, expected ${JSON.stringify(e.range)}`;
    const d = nodeDifference(a.contents, e.contents, `${at}/`);
    if (d) return d;
  }
  return undefined;
}

/** Errors and warnings: the same classes, codes, messages and positions, in the same order. */
function problemsDifference(a: YAML.Document.Parsed, e: YAML.Document.Parsed, at: string): string | undefined {
  const list = (d: YAML.Document.Parsed) => [...d.errors.map((x) => ['error', x] as const), ...d.warnings.map((x) => ['warning', x] as const)];
  const show = (p: readonly [string, YAML.YAMLError] | undefined) => (p ? `${p[0]} ${p[1].name} ${p[1].code} ${JSON.stringify(p[1].pos)} ${JSON.stringify(p[1].linePos)} ${JSON.stringify(p[1].message)}` : 'none');
  const actual = list(a);
  const expected = list(e);
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    if (show(actual[i]) !== show(expected[i])) return `${at}: problem ${i}: ${show(actual[i])}, expected ${show(expected[i])}`;
  }
  return undefined;
}

function sameRange(a: readonly number[] | null | undefined, b: readonly number[] | null | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function nodeDifference(a: unknown, e: unknown, at: string): string | undefined {
  const kind = (n: unknown) => (n === null || n === undefined ? String(n) : (n as object).constructor.name);
  if (kind(a) !== kind(e)) return `${at}: ${kind(a)}, expected ${kind(e)}`;
  if (YAML.isPair(a) && YAML.isPair(e)) return nodeDifference(a.key, e.key, `${at}key`) ?? nodeDifference(a.value, e.value, `${at}value`);
  if (YAML.isAlias(a) && YAML.isAlias(e)) return a.source === e.source && sameRange(a.range, e.range) ? undefined : `${at}: alias ${a.source}, expected ${e.source}`;
  if (!YAML.isNode(a) || !YAML.isNode(e)) return a === e ? undefined : `${at}: ${String(a)}, expected ${String(e)}`;
  if (!sameRange(a.range, e.range)) return `${at}: range ${JSON.stringify(a.range)}, expected ${JSON.stringify(e.range)}`;
  if (a.tag !== e.tag) return `${at}: tag ${a.tag}, expected ${e.tag}`;
  if (YAML.isScalar(a) && YAML.isScalar(e)) {
    const same = Object.is(a.value, e.value) || (typeof a.value === 'bigint' && a.value === e.value);
    if (!same) return `${at}: value ${JSON.stringify(String(a.value))} (${typeof a.value}), expected ${JSON.stringify(String(e.value))} (${typeof e.value})`;
    if (a.type !== e.type) return `${at}: type ${a.type}, expected ${e.type}`;
    if (a.source !== e.source) return `${at}: source ${JSON.stringify(a.source)}, expected ${JSON.stringify(e.source)}`;
    if (a.format !== e.format) return `${at}: format ${a.format}, expected ${e.format}`;
    return undefined;
  }
  if (YAML.isCollection(a) && YAML.isCollection(e)) {
    if (!!a.flow !== !!e.flow) return `${at}: flow ${a.flow}, expected ${e.flow}`;
    if (a.items.length !== e.items.length) return `${at}: ${a.items.length} items, expected ${e.items.length}`;
    for (let i = 0; i < a.items.length; i++) {
      const d = nodeDifference(a.items[i], e.items[i], `${at}${i}/`);
      if (d) return d;
    }
    return undefined;
  }
  return `${at}: cannot compare ${kind(a)}`;
}
