/**
 * HCL helpers over the tree-sitter HCL grammar: blocks and attributes, and a small
 * static evaluator that turns an expression into a StaticValue. It resolves literals,
 * `local.x` and (when asked) `var.x` defaults declared in the same file, `merge`,
 * `concat` and the `to*` conversions of known values; everything else (resources,
 * data sources, `for`, conditionals, other functions, interpolation of unknowns) is
 * 'unknown'. It never executes anything.
 */
import type { Node } from 'web-tree-sitter';
import type { Range } from '../model';
import { relocate, unknownAt, type MapEntry, type StaticValue } from './policy';

export interface HclBlock {
  node: Node;
  /** First identifier: 'resource', 'data', 'locals', 'statement' … */
  type: string;
  /** Label values ('aws_iam_role', 'deploy'). */
  labels: string[];
  body: Node | undefined;
  /** From the block type to its last label: where a finding about the block points. */
  headerRange: Range;
  range: Range;
}

export function rangeOf(node: Node): Range {
  return { start: node.startIndex, end: node.endIndex };
}

function named(node: Node | null | undefined): Node[] {
  if (!node) return [];
  return node.namedChildren.filter((c): c is Node => c !== null);
}

function all(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

/** Blocks directly inside a body (or the config_file's top-level body). */
export function blocksOf(body: Node | undefined, type?: string): HclBlock[] {
  if (!body) return [];
  const container = body.type === 'config_file' ? named(body).find((c) => c.type === 'body') : body;
  const out: HclBlock[] = [];
  for (const child of named(container)) {
    if (child.type !== 'block') continue;
    const block = toBlock(child);
    if (block && (type === undefined || block.type === type)) out.push(block);
  }
  return out;
}

function toBlock(node: Node): HclBlock | undefined {
  const children = named(node);
  const head = children[0];
  if (!head || head.type !== 'identifier') return undefined;
  const labels: string[] = [];
  let headerEnd = head.endIndex;
  let body: Node | undefined;
  for (const c of children.slice(1)) {
    if (c.type === 'string_lit') {
      labels.push(decodeHclString(templateText(c)));
      headerEnd = c.endIndex;
    } else if (c.type === 'identifier') {
      labels.push(c.text);
      headerEnd = c.endIndex;
    } else if (c.type === 'body') body = c;
  }
  return { node, type: head.text, labels, body, headerRange: { start: node.startIndex, end: headerEnd }, range: rangeOf(node) };
}

function templateText(stringLit: Node): string {
  return named(stringLit)
    .filter((c) => c.type === 'template_literal')
    .map((c) => c.text)
    .join('');
}

/** Attributes of a body: name → the attribute node (the value is its `expression` child). */
export function attributesOf(body: Node | undefined): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const child of named(body)) {
    if (child.type !== 'attribute') continue;
    const name = named(child).find((c) => c.type === 'identifier');
    if (name && !out.has(name.text)) out.set(name.text, child);
  }
  return out;
}

export function attributeValue(attribute: Node | undefined): Node | undefined {
  return named(attribute).find((c) => c.type === 'expression');
}

/** Decodes HCL quoted-string escapes (\" \\ \n \t \r \uXXXX \UXXXXXXXX) and the template escapes $${ and %%{. */
export function decodeHclString(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (m, esc: string | undefined) => {
    if (m === '$${') return '${';
    if (m === '%%{') return '%{';
    if (esc === undefined) return m;
    switch (esc[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'u':
      case 'U': {
        const cp = parseInt(esc.slice(1), 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      }
      default: return esc;
    }
  });
}

// ---------------------------------------------------------------------------
// Static evaluation
// ---------------------------------------------------------------------------

export interface HclScope {
  /** `locals { name = <expression> }` of the file. */
  locals: Map<string, Node>;
  /** `variable "name" { default = <expression> }` of the file. */
  variableDefaults: Map<string, Node>;
  /** Values of references already evaluated ('local.x' / 'var.x' per option set); undefined while in progress (a cycle). */
  resolved: Map<string, StaticValue | undefined>;
  /** Evaluation steps left for this file (one per syntax node visited): a hostile file cannot make evaluation slow. */
  budget: { steps: number };
  /** Value nodes that resolving references may still copy (values built from repeated references grow exponentially). */
  copyBudget: { steps: number };
  /** Locals and variable defaults declared in the module's other files (already evaluated). */
  module?: ModuleValues;
}

/** What the other `.tf` files of the same directory (one Terraform module) declare. */
export interface ModuleValues {
  local(name: string, options: EvalOptions): StaticValue | undefined;
  variableDefault(name: string): StaticValue | undefined;
}

/** Generous for real modules, small enough to stay well inside the per-file time budget. */
const EVALUATION_STEPS_PER_FILE = 200_000;
const COPY_STEPS_PER_FILE = 20_000;

export interface EvalOptions {
  /**
   * Resolve `var.x` to its default. Right for "what does this module grant by default"
   * (policies); wrong for "is this attribute set" (tags), since callers usually pass values.
   */
  useVariableDefaults: boolean;
}

// Bounds both nesting and reference chains (`local.a = local.b …`, cycles included).
const MAX_DEPTH = 100;

export function buildScope(roots: Node | readonly Node[], module?: ModuleValues): HclScope {
  const locals = new Map<string, Node>();
  const variableDefaults = new Map<string, Node>();
  for (const block of (Array.isArray(roots) ? roots : [roots]).flatMap((root: Node) => blocksOf(root))) {
    if (block.type === 'locals') {
      for (const [name, attr] of attributesOf(block.body)) {
        const value = attributeValue(attr);
        if (value) locals.set(name, value);
      }
    } else if (block.type === 'variable' && block.labels[0]) {
      const value = attributeValue(attributesOf(block.body).get('default'));
      if (value) variableDefaults.set(block.labels[0], value);
    }
  }
  return { locals, variableDefaults, resolved: new Map(), budget: { steps: EVALUATION_STEPS_PER_FILE }, copyBudget: { steps: COPY_STEPS_PER_FILE }, module };
}

export function evaluate(node: Node | undefined, scope: HclScope, options: EvalOptions, depth = 0): StaticValue {
  if (!node) return unknownAt({ start: 0, end: 0 });
  const range = rangeOf(node);
  if (depth > MAX_DEPTH || scope.budget.steps-- <= 0) return unknownAt(range);
  switch (node.type) {
    case 'expression':
      return evaluateExpression(node, scope, options, depth);
    case 'literal_value':
      return evaluate(named(node)[0], scope, options, depth + 1);
    case 'string_lit':
      return { type: 'string', value: decodeHclString(templateText(node)), range };
    case 'numeric_lit': {
      const n = Number(node.text);
      return Number.isFinite(n) ? { type: 'scalar', value: n, range } : unknownAt(range);
    }
    case 'bool_lit':
      return { type: 'scalar', value: node.text === 'true', range };
    case 'null_lit':
      return { type: 'scalar', value: null, range };
    case 'collection_value':
      return evaluate(named(node)[0], scope, options, depth + 1);
    case 'tuple':
      return { type: 'list', items: named(node).filter((c) => c.type === 'expression').map((c) => evaluate(c, scope, options, depth + 1)), range };
    case 'object':
      return evaluateObject(node, scope, options, depth);
    case 'template_expr':
      return evaluateTemplate(named(node)[0], scope, options, depth + 1);
    case 'function_call':
      return evaluateCall(node, scope, options, depth);
    default:
      return unknownAt(range);
  }
}

function evaluateExpression(node: Node, scope: HclScope, options: EvalOptions, depth: number): StaticValue {
  const range = rangeOf(node);
  const children = all(node);
  if (children[0]?.type === '(') return evaluate(children.find((c) => c.type === 'expression'), scope, options, depth + 1);
  const parts = named(node).filter((c) => c.type !== 'comment');
  const [primary, ...postfix] = parts;
  if (!primary) return unknownAt(range);
  if (primary.type === 'variable_expr') return resolveReference(primary.text, postfix, range, scope, options, depth);
  if (postfix.length > 0) return unknownAt(range);
  return evaluate(primary, scope, options, depth + 1);
}

/** `local.x`, `var.x` with optional `.attr` / `[n]` / `["key"]` accessors; anything else is unknown. */
function resolveReference(root: string, postfix: Node[], range: Range, scope: HclScope, options: EvalOptions, depth: number): StaticValue {
  const first = postfix[0];
  if (!first || first.type !== 'get_attr') return unknownAt(range);
  const name = named(first).find((c) => c.type === 'identifier')?.text;
  if (!name) return unknownAt(range);
  let target: Node | undefined;
  if (root === 'local') target = scope.locals.get(name);
  else if (root === 'var' && options.useVariableDefaults) target = scope.variableDefaults.get(name);
  let value: StaticValue | undefined;
  if (!target) {
    // Declared in another file of the module (Terraform forbids duplicates, so no shadowing).
    if (root === 'local') value = scope.module?.local(name, options);
    else if (root === 'var' && options.useVariableDefaults) value = scope.module?.variableDefault(name);
    if (!value) return unknownAt(range);
  } else {
    const cacheKey = `${root}.${name}/${options.useVariableDefaults ? 'defaults' : 'locals'}`;
    if (scope.resolved.has(cacheKey) && scope.resolved.get(cacheKey) === undefined) return unknownAt(range); // a reference cycle
    value = scope.resolved.get(cacheKey);
    if (!value) {
      scope.resolved.set(cacheKey, undefined);
      value = evaluate(target, scope, options, depth + 1);
      scope.resolved.set(cacheKey, value);
    }
  }
  for (const access of postfix.slice(1)) {
    value = access1(value, access, scope, options, depth);
    if (value.type === 'unknown') break;
  }
  return relocate(value, range, scope.copyBudget);
}

function access1(value: StaticValue, access: Node, scope: HclScope, options: EvalOptions, depth: number): StaticValue {
  const range = value.range;
  if (access.type === 'get_attr') {
    const key = named(access).find((c) => c.type === 'identifier')?.text;
    return value.type === 'map' && key !== undefined ? (value.entries.find((e) => e.key === key)?.value ?? unknownAt(range)) : unknownAt(range);
  }
  if (access.type === 'index') {
    const inner = named(access)[0];
    if (inner?.type !== 'new_index') return unknownAt(range);
    const key = evaluate(named(inner).find((c) => c.type === 'expression'), scope, options, depth + 1);
    if (value.type === 'list' && key.type === 'scalar' && typeof key.value === 'number') return value.items[key.value] ?? unknownAt(range);
    if (value.type === 'map' && key.type === 'string') return value.entries.find((e) => e.key === key.value)?.value ?? unknownAt(range);
  }
  return unknownAt(range);
}

function evaluateObject(node: Node, scope: HclScope, options: EvalOptions, depth: number): StaticValue {
  const entries: MapEntry[] = [];
  let hasUnknownKeys = false;
  for (const elem of named(node)) {
    if (elem.type !== 'object_elem') continue;
    const keyNode = elem.childForFieldName('key');
    const valNode = elem.childForFieldName('val');
    const key = keyNode ? objectKey(keyNode, scope, options, depth) : undefined;
    if (key === undefined || !keyNode) {
      hasUnknownKeys = true;
      continue;
    }
    entries.push({ key, keyRange: rangeOf(keyNode), value: evaluate(valNode ?? undefined, scope, options, depth + 1) });
  }
  return { type: 'map', entries, range: rangeOf(node), hasUnknownKeys: hasUnknownKeys || undefined };
}

/** A bare identifier key is its own name (`owner = …`); a quoted key is its string; `(expr)` keys are evaluated. */
function objectKey(keyNode: Node, scope: HclScope, options: EvalOptions, depth: number): string | undefined {
  const parts = named(keyNode);
  if (keyNode.type === 'expression' && parts.length === 1 && parts[0].type === 'variable_expr') return parts[0].text;
  const value = evaluate(keyNode, scope, options, depth + 1);
  return value.type === 'string' ? value.value : undefined;
}

function evaluateTemplate(node: Node | undefined, scope: HclScope, options: EvalOptions, depth: number): StaticValue {
  if (!node) return unknownAt({ start: 0, end: 0 });
  const range = rangeOf(node);
  let value = '';
  const heredoc = node.type === 'heredoc_template';
  for (const part of named(node)) {
    if (part.type === 'template_literal') value += heredoc ? part.text : decodeHclString(part.text);
    else if (part.type === 'template_interpolation') {
      const inner = evaluate(named(part).find((c) => c.type === 'expression'), scope, options, depth + 1);
      if (inner.type === 'string') value += inner.value;
      else if (inner.type === 'scalar' && inner.value !== null) value += String(inner.value);
      else return unknownAt(range);
    } else if (part.type === 'template_directive') return unknownAt(range);
  }
  return { type: 'string', value, range };
}

function evaluateCall(node: Node, scope: HclScope, options: EvalOptions, depth: number): StaticValue {
  const range = rangeOf(node);
  const name = named(node).find((c) => c.type === 'identifier')?.text;
  const argsNode = named(node).find((c) => c.type === 'function_arguments');
  // An expanded final argument (`merge(var.list...)`) is not statically known.
  if (argsNode && named(argsNode).some((c) => c.type === 'ellipsis')) return unknownAt(range);
  const args = named(argsNode).filter((c) => c.type === 'expression');
  switch (name) {
    case 'tolist':
    case 'toset':
    case 'tomap':
    case 'tostring':
      return args.length === 1 ? relocate(evaluate(args[0], scope, options, depth + 1), range, scope.copyBudget) : unknownAt(range);
    case 'merge': {
      const entries = new Map<string, MapEntry>();
      for (const arg of args) {
        const v = evaluate(arg, scope, options, depth + 1);
        if (v.type !== 'map' || v.hasUnknownKeys) return unknownAt(range);
        for (const e of v.entries) entries.set(e.key, e);
      }
      return { type: 'map', entries: [...entries.values()], range };
    }
    case 'concat': {
      const items: StaticValue[] = [];
      for (const arg of args) {
        const v = evaluate(arg, scope, options, depth + 1);
        if (v.type !== 'list') return unknownAt(range);
        items.push(...v.items);
      }
      return { type: 'list', items, range };
    }
    default:
      return unknownAt(range);
  }
}

// ---------------------------------------------------------------------------
// Heredoc JSON
// ---------------------------------------------------------------------------

/** Marks characters that stood for an interpolation inside a JSON string (a private-use code point). */
export const INTERPOLATION_MARK = '\uE000';

/**
 * The body of a heredoc as JSON text at its original offsets: `${…}` and `%{…}` parts are
 * blanked with text of the same length (inside a JSON string: marker characters that make
 * the string 'unknown'; elsewhere: `0` and spaces, a number that is never a valid action).
 */
export function heredocJson(heredoc: Node, text: string): { body: string; offset: number } | undefined {
  if (heredoc.type !== 'heredoc_template') return undefined;
  const idents = named(heredoc).filter((c) => c.type === 'heredoc_identifier');
  if (idents.length < 2) return undefined;
  const start = idents[0].endIndex;
  const end = idents[idents.length - 1].startIndex;
  const holes = named(heredoc)
    .filter((c) => c.type === 'template_interpolation' || c.type === 'template_directive')
    .map(rangeOf);
  let body = '';
  let inString = false;
  let pos = start;
  for (const hole of holes) {
    const literal = text.slice(pos, hole.start);
    inString = scanJsonStringState(literal, inString);
    body += literal;
    const length = hole.end - hole.start;
    body += inString ? INTERPOLATION_MARK.repeat(length) : '0' + ' '.repeat(Math.max(0, length - 1));
    pos = hole.end;
  }
  body += text.slice(pos, end);
  return { body, offset: start };
}

/** Whether a JSON scan that starts inside/outside a string ends inside one (linear; honours backslash escapes). */
function scanJsonStringState(chunk: string, inString: boolean): boolean {
  let escaped = false;
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92 /* \ */) escaped = true;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
  }
  return inString;
}
