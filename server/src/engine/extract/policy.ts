/**
 * One normaliser for IAM policy documents, whatever syntax they were written in:
 * JSON files, Terraform `jsonencode({...})`, heredoc JSON, `aws_iam_policy_document`.
 * Each syntax is first turned into a StaticValue (a JSON-like tree whose leaves carry
 * offsets into the document and whose unresolvable parts are explicitly 'unknown'),
 * then into PolicyStatementFact[]. An unknown value is never read as a wildcard.
 */
import type * as jsonc from 'jsonc-parser';
import type { PolicyField, PolicyStatementFact, PolicyValue, Range } from '../model';

export type StaticValue =
  | { type: 'string'; value: string; range: Range }
  | { type: 'list'; items: StaticValue[]; range: Range }
  | { type: 'map'; entries: MapEntry[]; range: Range; hasUnknownKeys?: boolean }
  | { type: 'scalar'; value: number | boolean | null; range: Range }
  | { type: 'unknown'; range: Range };

export interface MapEntry {
  key: string;
  keyRange: Range;
  value: StaticValue;
}

export function unknownAt(range: Range): StaticValue {
  return { type: 'unknown', range };
}

/** Entry of a map by key: exact spelling first, then case-insensitive (IAM element names are conventionally PascalCase). */
export function mapGet(map: StaticValue | undefined, key: string): StaticValue | undefined {
  if (!map || map.type !== 'map') return undefined;
  const exact = map.entries.find((e) => e.key === key);
  if (exact) return exact.value;
  const lower = key.toLowerCase();
  return map.entries.find((e) => e.key.toLowerCase() === lower)?.value;
}

/**
 * Re-anchors a value resolved from elsewhere (a local, a variable default) at the place that
 * references it. `budget.steps` bounds the work: values built from repeated references can be
 * exponentially large, and what does not fit becomes 'unknown'.
 */
export function relocate(value: StaticValue, range: Range, budget?: { steps: number }): StaticValue {
  if (budget && budget.steps-- <= 0) return unknownAt(range);
  switch (value.type) {
    case 'list':
      return { type: 'list', items: value.items.map((i) => relocate(i, range, budget)), range };
    case 'map':
      return {
        type: 'map',
        entries: value.entries.map((e) => ({ key: e.key, keyRange: range, value: relocate(e.value, range, budget) })),
        range,
        hasUnknownKeys: value.hasUnknownKeys,
      };
    default:
      return { ...value, range };
  }
}

// ---------------------------------------------------------------------------
// JSON (jsonc-parser nodes) → StaticValue
// ---------------------------------------------------------------------------

/**
 * Converts a jsonc-parser node. `base` is added to every offset (for JSON embedded in
 * another document, e.g. a heredoc); a string for which `isUnknownString` holds (it
 * contained a template interpolation) becomes 'unknown'.
 */
export function jsonToStatic(
  node: jsonc.Node,
  base = 0,
  isUnknownString?: (value: string) => boolean,
  depth = 0,
  /** Stops converting (the rest is 'unknown') once the file's deadline has passed; checked every 1,024 nodes. */
  budget?: { deadline: number; steps: number },
): StaticValue {
  const range = { start: base + node.offset, end: base + node.offset + node.length };
  if (depth > 64) return unknownAt(range);
  if (budget && (++budget.steps & 1023) === 0 && Date.now() > budget.deadline) budget.deadline = -Infinity;
  if (budget && budget.deadline === -Infinity) return unknownAt(range);
  switch (node.type) {
    case 'string': {
      const value = typeof node.value === 'string' ? node.value : '';
      return isUnknownString?.(value) ? unknownAt(range) : { type: 'string', value, range };
    }
    case 'number':
    case 'boolean':
    case 'null':
      return { type: 'scalar', value: (node.value ?? null) as number | boolean | null, range };
    case 'array':
      return { type: 'list', items: (node.children ?? []).map((c) => jsonToStatic(c, base, isUnknownString, depth + 1, budget)), range };
    case 'object': {
      const entries: MapEntry[] = [];
      let hasUnknownKeys = false;
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || typeof keyNode.value !== 'string' || isUnknownString?.(keyNode.value)) {
          hasUnknownKeys = true;
          continue;
        }
        entries.push({
          key: keyNode.value,
          keyRange: { start: base + keyNode.offset, end: base + keyNode.offset + keyNode.length },
          value: valueNode ? jsonToStatic(valueNode, base, isUnknownString, depth + 1, budget) : unknownAt(range),
        });
      }
      return { type: 'map', entries, range, hasUnknownKeys: hasUnknownKeys || undefined };
    }
    default:
      return unknownAt(range);
  }
}

// ---------------------------------------------------------------------------
// StaticValue → PolicyStatementFact
// ---------------------------------------------------------------------------

export interface PolicyOrigin {
  /** Where the policy lives, for messages: 'aws_iam_policy.deploy', 'policies/ci.json'. */
  source: string;
  /** The whole document is an assume-role (trust) policy (e.g. `assume_role_policy`). */
  trust?: boolean;
  /** Effect when the statement has none (the Terraform data source defaults to Allow; raw IAM requires one). */
  defaultEffect?: 'Allow';
}

/** The syntax-neutral parts of one statement. */
export interface StatementParts {
  range: Range;
  effect?: StaticValue;
  actions?: StaticValue;
  notActions?: StaticValue;
  resources?: StaticValue;
  notResources?: StaticValue;
  /** Principal as IAM writes it: "*" or a map { AWS: …, Service: …, Federated: … }. */
  principals?: StaticValue;
  hasCondition: boolean;
  /** Lower-cased condition keys; undefined when not statically known. */
  conditionKeys?: string[];
}

/** Statements of a policy document value ({ Version, Statement: {…} | [{…}] }). */
export function statementsFromDocument(document: StaticValue, origin: PolicyOrigin): PolicyStatementFact[] {
  const statement = mapGet(document, 'Statement');
  if (!statement) return [];
  const list = statement.type === 'list' ? statement.items : [statement];
  const out: PolicyStatementFact[] = [];
  for (const item of list) {
    if (item.type !== 'map') continue; // an unknown statement (e.g. a `for` expression) yields nothing, not a guess
    const condition = mapGet(item, 'Condition');
    out.push(
      statementFromParts(
        {
          range: item.range,
          effect: mapGet(item, 'Effect'),
          actions: mapGet(item, 'Action'),
          notActions: mapGet(item, 'NotAction'),
          resources: mapGet(item, 'Resource'),
          notResources: mapGet(item, 'NotResource'),
          principals: mapGet(item, 'Principal'),
          hasCondition: condition !== undefined && !(condition.type === 'map' && condition.entries.length === 0 && !condition.hasUnknownKeys),
          conditionKeys: condition === undefined ? [] : conditionKeysOf(condition),
        },
        origin,
      ),
    );
  }
  return out;
}

const ASSUME_ROLE = /^sts:assumerole/i;

/** { StringEquals: { "k": v }, … } → lower-cased keys; undefined when any part is not a static map. */
export function conditionKeysOf(condition: StaticValue): string[] | undefined {
  if (condition.type !== 'map' || condition.hasUnknownKeys) return undefined;
  const keys: string[] = [];
  for (const operator of condition.entries) {
    if (operator.value.type !== 'map' || operator.value.hasUnknownKeys) return undefined;
    for (const entry of operator.value.entries) keys.push(entry.key.toLowerCase());
  }
  return keys;
}

export function statementFromParts(parts: StatementParts, origin: PolicyOrigin): PolicyStatementFact {
  const unresolved: PolicyField[] = [];
  const list = (field: PolicyField, value: StaticValue | undefined): { value: PolicyValue; items: { value: string; range: Range }[] } => {
    const r = stringList(value);
    if (r.unresolved) unresolved.push(field);
    return { value: r.items.length === 0 && r.unresolved ? 'unknown' : r.items.map((i) => i.value), items: r.items };
  };
  const actions = list('actions', parts.actions);
  const fact: PolicyStatementFact = {
    kind: 'policyStatement',
    effect: effectOf(parts.effect, origin.defaultEffect),
    actions: actions.value,
    resources: list('resources', parts.resources).value,
    hasCondition: parts.hasCondition,
    range: parts.range,
    actionRanges: actions.items,
    source: origin.source,
  };
  if (fact.effect === 'unknown') unresolved.push('effect');
  if (parts.notActions) {
    const notActions = list('notActions', parts.notActions);
    fact.notActions = notActions.value;
    fact.notActionRanges = notActions.items;
  }
  if (parts.notResources) {
    const notResources = list('notResources', parts.notResources);
    fact.notResources = notResources.value;
    fact.notResourceRanges = notResources.items;
  }
  if (parts.principals) {
    fact.principals = principalList(parts.principals, unresolved);
    fact.principalRange = parts.principals.range;
  }
  if (parts.conditionKeys) fact.conditionKeys = parts.conditionKeys;
  const assumeRole = Array.isArray(fact.actions) && fact.actions.some((a) => ASSUME_ROLE.test(a));
  if (origin.trust || (fact.principals !== undefined && assumeRole)) fact.trust = true;
  if (unresolved.length > 0) fact.unresolved = unresolved;
  return fact;
}

function effectOf(value: StaticValue | undefined, fallback: 'Allow' | undefined): PolicyStatementFact['effect'] {
  if (value === undefined) return fallback ?? 'unknown';
  if (value.type !== 'string') return 'unknown';
  const v = value.value.trim().toLowerCase();
  return v === 'allow' ? 'Allow' : v === 'deny' ? 'Deny' : 'unknown';
}

/** A string or list of strings; anything not statically a string marks the list unresolved. */
export function stringList(value: StaticValue | undefined): { items: { value: string; range: Range }[]; unresolved: boolean } {
  if (value === undefined) return { items: [], unresolved: false };
  if (value.type === 'string') return { items: [{ value: value.value, range: value.range }], unresolved: false };
  if (value.type === 'list') {
    const items: { value: string; range: Range }[] = [];
    let unresolved = false;
    for (const item of value.items) {
      if (item.type === 'string') items.push({ value: item.value, range: item.range });
      else unresolved = true;
    }
    return { items, unresolved };
  }
  return { items: [], unresolved: true };
}

/** "*" stays "*"; a map becomes "<Type>:<identifier>" entries, e.g. "Service:ec2.amazonaws.com", "AWS:*". */
function principalList(value: StaticValue, unresolved: PolicyField[]): PolicyValue {
  if (value.type === 'string') return [value.value];
  if (value.type !== 'map') {
    unresolved.push('principals');
    return 'unknown';
  }
  const out: string[] = [];
  let partial = value.hasUnknownKeys === true;
  for (const entry of value.entries) {
    const ids = stringList(entry.value);
    if (ids.unresolved) partial = true;
    for (const id of ids.items) out.push(`${entry.key}:${id.value}`);
  }
  if (partial) unresolved.push('principals');
  return out.length === 0 && partial ? 'unknown' : out;
}

/** Does an IAM action pattern (with `*` / `?` wildcards, case-insensitive) match the action? Linear, no regex. */
export function actionMatches(pattern: string, action: string): boolean {
  const p = pattern.trim().toLowerCase();
  const a = action.toLowerCase();
  // Iterative glob match with single backtrack point: O(len(p) * len(a)) worst case.
  let pi = 0;
  let ai = 0;
  let star = -1;
  let mark = 0;
  while (ai < a.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === a[ai])) {
      pi++;
      ai++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ai;
    } else if (star >= 0) {
      pi = star + 1;
      ai = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
