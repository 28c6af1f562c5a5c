/**
 * Assignment facts from tree-sitter trees (source code, Terraform/HCL, TOML):
 * every static string literal with the name it is assigned to. One query for
 * the string node types of the grammar, then a short climb from each literal
 * to its assignment context; literals with interpolation (`${x}`, f"{x}",
 * "#{x}", "$X") are not static and are skipped.
 */
import type { Node } from 'web-tree-sitter';
import type { AssignmentFact, Range } from '../model';
import type { GrammarName } from '../documents/tree-sitter';

/** Where a literal sits: the name it is assigned to, or `skip` for literals that are not values (keys, imports, types). */
type Naming = { key?: string; keyPath?: string; keyRange?: Range } | 'skip';

type EscapeMode = 'c' | 'raw' | 'single' | 'verbatim';

interface LanguageSpec {
  strings: string[];
  /** Child node types that make a literal dynamic. */
  dynamic: ReadonlySet<string>;
  /** Cheap text test: could this literal hold an interpolation? (false skips the tree check) */
  mayInterpolate(literalText: string): boolean;
  /** Wrappers between a literal and its assignment context. */
  transparent: ReadonlySet<string>;
  name(context: Node, child: Node): Naming;
  escapes(literalText: string): EscapeMode;
}

const NO_NAME: Naming = {};

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

function same(a: Node | null | undefined, b: Node): boolean {
  return !!a && a.id === b.id;
}

function rangeOf(node: Node): Range {
  return { start: node.startIndex, end: node.endIndex };
}

function named(node: Node | null | undefined, keyPath?: string): Naming {
  if (!node) return NO_NAME;
  return { key: node.text, keyPath: keyPath ?? node.text, keyRange: rangeOf(node) };
}

/** The static text of a string-literal key node (`"k"`, `'k'`), or undefined. */
function literalKey(node: Node, spec: LanguageSpec): string | undefined {
  if (!spec.strings.includes(node.type)) return undefined;
  const parts = splitLiteral(node.text);
  return parts ? node.text.slice(parts.open, node.text.length - parts.close) : undefined;
}

/** Name from an assignment target: identifier, `a.b.c` (→ c), `x["k"]` (→ k), `@ivar`, `$var`. */
function targetName(target: Node, spec: LanguageSpec): Naming {
  switch (target.type) {
    case 'member_expression':
    case 'attribute':
    case 'selector_expression':
    case 'field_access':
    case 'member_access_expression': {
      const prop =
        target.childForFieldName('property') ??
        target.childForFieldName('attribute') ??
        target.childForFieldName('field') ??
        target.childForFieldName('name');
      return prop ? { key: prop.text, keyPath: target.text, keyRange: rangeOf(prop) } : NO_NAME;
    }
    case 'subscript_expression':
    case 'subscript':
    case 'index_expression':
    case 'element_access_expression': {
      const index = target.childForFieldName('index') ?? target.childForFieldName('subscript') ?? target.namedChildren[1];
      const key = index ? literalKey(index, spec) : undefined;
      return key !== undefined && index ? { key, keyPath: target.text, keyRange: rangeOf(index) } : NO_NAME;
    }
    case 'instance_variable':
    case 'class_variable':
    case 'global_variable':
      return { key: target.text.replace(/^[@$]+/, ''), keyPath: target.text, keyRange: rangeOf(target) };
    case 'variable_name': {
      // PHP `$key`: the child `name` node holds the bare name.
      const inner = target.namedChildren.find((c) => c?.type === 'name');
      return inner ? { key: inner.text, keyPath: target.text, keyRange: rangeOf(inner) } : named(target);
    }
    case 'identifier':
    case 'constant':
    case 'property_identifier':
    case 'field_identifier':
    case 'shorthand_property_identifier':
      return named(target);
    default:
      return NO_NAME;
  }
}

/**
 * `getenv("NAME", "default")`, `map.put("k", "v")`, `define('K', 'v')`,
 * `config.set("aws_secret", "…")`: a two-argument call whose first argument
 * is a name-like string names the second.
 */
function secondArgumentName(args: Node, child: Node, spec: LanguageSpec): Naming {
  const list = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (list.length !== 2 || !same(list[1], child)) return NO_NAME;
  let first: Node = list[0];
  if (first.type === 'argument' && first.namedChildCount === 1 && first.namedChildren[0]) first = first.namedChildren[0];
  const key = literalKey(first, spec);
  if (key === undefined || !/^[A-Za-z_][\w.-]{0,99}$/.test(key)) return NO_NAME;
  return { key, keyPath: key, keyRange: rangeOf(first) };
}

/** Index of `child` among the named children of a list node (Go expression_list and the like). */
function indexIn(list: Node | null, child: Node): number {
  if (!list) return -1;
  const items = list.namedChildren;
  for (let i = 0; i < items.length; i++) if (same(items[i], child)) return i;
  return -1;
}

// ---------------------------------------------------------------------------
// Languages
// ---------------------------------------------------------------------------

const JS_TRANSPARENT = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'array', 'jsx_expression']);

const javascriptLike: LanguageSpec = {
  strings: ['string', 'template_string'],
  dynamic: new Set(['template_substitution']),
  mayInterpolate: (t) => t.startsWith('`') && t.includes('${'),
  transparent: JS_TRANSPARENT,
  escapes: () => 'c',
  name(ctx, child) {
    switch (ctx.type) {
      case 'variable_declarator':
        return same(ctx.childForFieldName('value'), child) ? targetName(ctx.childForFieldName('name')!, javascriptLike) : 'skip';
      case 'pair': {
        if (same(ctx.childForFieldName('key'), child)) return 'skip';
        const key = ctx.childForFieldName('key');
        if (!key || key.type === 'computed_property_name') return NO_NAME;
        const text = literalKey(key, javascriptLike) ?? key.text;
        return { key: text, keyPath: text, keyRange: rangeOf(key) };
      }
      case 'assignment_expression':
      case 'augmented_assignment_expression':
        return same(ctx.childForFieldName('right'), child) ? targetName(ctx.childForFieldName('left')!, javascriptLike) : 'skip';
      case 'public_field_definition':
      case 'field_definition':
      case 'enum_assignment':
        return named(ctx.childForFieldName('name') ?? ctx.childForFieldName('property'));
      case 'required_parameter':
      case 'optional_parameter':
        return named(ctx.childForFieldName('pattern'));
      case 'assignment_pattern':
        return named(ctx.childForFieldName('left'));
      case 'jsx_attribute':
        return named(ctx.namedChildren[0]);
      case 'binary_expression': {
        // process.env.NAME ?? "default" / || "default"
        const left = ctx.childForFieldName('left');
        if (left && same(ctx.childForFieldName('right'), child) && left.type === 'member_expression' && /^process\.env\./.test(left.text)) {
          return targetName(left, javascriptLike);
        }
        return NO_NAME;
      }
      case 'arguments':
        return secondArgumentName(ctx, child, javascriptLike);
      case 'import_statement':
      case 'export_statement':
      case 'import_require_clause':
      case 'literal_type':
      case 'subscript_expression':
      case 'pair_pattern':
      case 'expression_statement':
        // Module specifiers, literal types, index keys, destructuring keys, directives: not values.
        return 'skip';
      default:
        return NO_NAME;
    }
  },
};

const python: LanguageSpec = {
  strings: ['string'],
  dynamic: new Set(['interpolation']),
  mayInterpolate: (t) => /^[a-zA-Z]{0,2}['"]/.test(t) && t.slice(0, Math.max(0, t.search(/['"]/))).toLowerCase().includes('f') && t.includes('{'),
  transparent: new Set(['concatenated_string', 'parenthesized_expression', 'list', 'tuple', 'set', 'expression_list']),
  escapes: (text) => (/^[a-zA-Z]*[rR]/.test(text) ? 'raw' : 'c'),
  name(ctx, child) {
    switch (ctx.type) {
      case 'assignment':
      case 'augmented_assignment':
        return same(ctx.childForFieldName('right'), child) ? targetName(ctx.childForFieldName('left')!, python) : NO_NAME;
      case 'keyword_argument':
        return same(ctx.childForFieldName('value'), child) ? named(ctx.childForFieldName('name')) : 'skip';
      case 'pair': {
        const key = ctx.childForFieldName('key');
        if (!key || same(key, child)) return 'skip';
        const text = literalKey(key, python);
        return text !== undefined ? { key: text, keyPath: text, keyRange: rangeOf(key) } : NO_NAME;
      }
      case 'default_parameter':
      case 'typed_default_parameter':
        return named(ctx.childForFieldName('name'));
      case 'argument_list':
        return secondArgumentName(ctx, child, python);
      case 'subscript':
      case 'expression_statement':
      case 'import_from_statement':
        // Index keys and docstrings are not values.
        return 'skip';
      default:
        return NO_NAME;
    }
  },
};

const go: LanguageSpec = {
  strings: ['interpreted_string_literal', 'raw_string_literal'],
  dynamic: new Set(),
  mayInterpolate: () => false,
  transparent: new Set(['parenthesized_expression', 'literal_element']),
  escapes: (text) => (text.startsWith('`') ? 'raw' : 'c'),
  name(ctx, child) {
    switch (ctx.type) {
      case 'expression_list': {
        // `a, b := "x", "y"` / `var A, B = "x", "y"`: match by position.
        const owner = ctx.parent;
        const i = indexIn(ctx, child);
        if (!owner || i < 0) return NO_NAME;
        if (owner.type === 'short_var_declaration' || owner.type === 'assignment_statement') {
          if (!same(owner.childForFieldName('right'), ctx)) return 'skip';
          const target = owner.childForFieldName('left')?.namedChildren[i];
          return target ? targetName(target, go) : NO_NAME;
        }
        if (owner.type === 'const_spec' || owner.type === 'var_spec') {
          const names = owner.namedChildren.filter((c): c is Node => !!c && c.type === 'identifier');
          return named(names[i] ?? names[0]);
        }
        return NO_NAME;
      }
      case 'keyed_element': {
        const elements = ctx.namedChildren.filter((c): c is Node => !!c);
        if (elements.length !== 2 || same(elements[0], child)) return 'skip';
        const keyNode = elements[0].type === 'literal_element' ? elements[0].namedChildren[0] ?? elements[0] : elements[0];
        const text = literalKey(keyNode, go) ?? keyNode.text;
        return { key: text, keyPath: text, keyRange: rangeOf(keyNode) };
      }
      case 'argument_list':
        return secondArgumentName(ctx, child, go);
      case 'field_declaration':
      case 'import_spec':
        return 'skip';
      default:
        return NO_NAME;
    }
  },
};

const java: LanguageSpec = {
  strings: ['string_literal', 'text_block'],
  dynamic: new Set(),
  mayInterpolate: () => false,
  transparent: new Set(['parenthesized_expression', 'array_initializer', 'element_value_pair_value']),
  escapes: () => 'c',
  name(ctx, child) {
    switch (ctx.type) {
      case 'variable_declarator':
        return named(ctx.childForFieldName('name'));
      case 'assignment_expression':
        return same(ctx.childForFieldName('right'), child) ? targetName(ctx.childForFieldName('left')!, java) : NO_NAME;
      case 'element_value_pair':
        return named(ctx.childForFieldName('key'));
      case 'argument_list':
        return secondArgumentName(ctx, child, java);
      default:
        return NO_NAME;
    }
  },
};

const csharp: LanguageSpec = {
  strings: ['string_literal', 'verbatim_string_literal', 'raw_string_literal'],
  dynamic: new Set(['interpolation']),
  mayInterpolate: (t) => /^@?\$/.test(t),
  transparent: new Set(['parenthesized_expression', 'equals_value_clause', 'argument', 'initializer_expression']),
  escapes: (text) => (text.startsWith('@') ? 'verbatim' : text.startsWith('"""') ? 'raw' : 'c'),
  name(ctx, child) {
    switch (ctx.type) {
      case 'variable_declarator':
        return named(ctx.namedChildren.find((c) => c?.type === 'identifier'));
      case 'property_declaration':
        return named(ctx.childForFieldName('name'));
      case 'assignment_expression':
        return same(ctx.childForFieldName('right'), child) ? targetName(ctx.childForFieldName('left')!, csharp) : NO_NAME;
      case 'argument_list':
        return secondArgumentName(ctx, child, csharp);
      default:
        return NO_NAME;
    }
  },
};

const ruby: LanguageSpec = {
  strings: ['string'],
  dynamic: new Set(['interpolation']),
  mayInterpolate: (t) => t.includes('#{'),
  transparent: new Set(['parenthesized_statements', 'array']),
  escapes: (text) => (text.startsWith("'") ? 'single' : 'c'),
  name(ctx, child) {
    switch (ctx.type) {
      case 'assignment':
      case 'operator_assignment':
        return same(ctx.childForFieldName('right'), child) ? targetName(ctx.childForFieldName('left')!, ruby) : NO_NAME;
      case 'pair': {
        const key = ctx.childForFieldName('key');
        if (!key || same(key, child)) return 'skip';
        const text = literalKey(key, ruby) ?? key.text.replace(/^:/, '').replace(/:$/, '');
        return { key: text, keyPath: text, keyRange: rangeOf(key) };
      }
      case 'argument_list':
        return secondArgumentName(ctx, child, ruby);
      default:
        return NO_NAME;
    }
  },
};

const php: LanguageSpec = {
  strings: ['string', 'encapsed_string'],
  dynamic: new Set(['variable_name', 'simple_variable', 'complex_variable', 'member_access_expression', 'subscript_expression']),
  mayInterpolate: (t) => !t.startsWith("'") && t.includes('$'),
  transparent: new Set(['parenthesized_expression']),
  escapes: (text) => (text.startsWith("'") ? 'single' : 'c'),
  name(ctx, child) {
    switch (ctx.type) {
      case 'argument': {
        // Named argument `f(key: "…")`, else positional.
        const name = ctx.childForFieldName('name');
        if (name) return named(name);
        return ctx.parent?.type === 'arguments' ? secondArgumentName(ctx.parent, ctx, php) : NO_NAME;
      }
      case 'assignment_expression':
        return same(ctx.childForFieldName('right'), child) ? targetName(ctx.childForFieldName('left')!, php) : NO_NAME;
      case 'array_element_initializer': {
        const parts = ctx.namedChildren.filter((c): c is Node => !!c);
        if (parts.length !== 2) return NO_NAME;
        if (same(parts[0], child)) return 'skip';
        const text = literalKey(parts[0], php);
        return text !== undefined ? { key: text, keyPath: text, keyRange: rangeOf(parts[0]) } : NO_NAME;
      }
      case 'const_element':
      case 'property_element':
      case 'property_initializer':
        return named(ctx.namedChildren.find((c) => c?.type === 'name' || c?.type === 'variable_name'));
      default:
        return NO_NAME;
    }
  },
};

const bash: LanguageSpec = {
  strings: ['string', 'raw_string'],
  dynamic: new Set(['simple_expansion', 'expansion', 'command_substitution', 'arithmetic_expansion', 'process_substitution']),
  mayInterpolate: (t) => !t.startsWith("'") && (t.includes('$') || t.includes('`')),
  transparent: new Set(['concatenation']),
  escapes: (text) => (text.startsWith("'") ? 'raw' : 'c'),
  name(ctx, child) {
    switch (ctx.type) {
      case 'variable_assignment':
        return named(ctx.childForFieldName('name'));
      case 'command': {
        // `aws configure set aws_secret_access_key "…"`, `--password "…"`: the previous word names the value.
        const prev = child.previousNamedSibling;
        if (!prev || prev.type !== 'word') return NO_NAME;
        const text = prev.text.replace(/^-+/, '').replace(/=$/, '');
        return /^[A-Za-z_][\w.-]*$/.test(text) ? { key: text, keyPath: text, keyRange: rangeOf(prev) } : NO_NAME;
      }
      default:
        return NO_NAME;
    }
  },
};

/** Terraform/HCL: `name = "…"`, object `{ key = "…" }`; keyPath through blocks: `provider.aws.access_key`. */
const hcl: LanguageSpec = {
  strings: ['string_lit'],
  dynamic: new Set(['template_interpolation', 'template_directive']),
  mayInterpolate: (t) => t.includes('${') || t.includes('%{'),
  transparent: new Set(['literal_value', 'expression', 'tuple', 'collection_value', 'template_expr']),
  escapes: () => 'c',
  name(ctx, child) {
    switch (ctx.type) {
      case 'attribute': {
        const id = ctx.namedChildren[0];
        return id ? { key: id.text, keyPath: hclPath(ctx, id.text), keyRange: rangeOf(id) } : NO_NAME;
      }
      case 'object_elem': {
        const key = ctx.childForFieldName('key');
        if (!key || same(key, child)) return 'skip';
        const inner = key.namedChildren[0];
        const text = inner?.type === 'literal_value' ? literalKey(inner.namedChildren[0] ?? inner, hcl) ?? key.text : key.text;
        return { key: text, keyPath: hclPath(ctx, text), keyRange: rangeOf(key) };
      }
      case 'block':
        // Block labels: `resource "aws_iam_user" "ci"`.
        return 'skip';
      default:
        return NO_NAME;
    }
  },
};

/**
 * `node.parent` walks down from the root, so climbing k levels costs k × depth: on
 * hostile nesting (thousands of levels) that is quadratic per string. Transparent
 * wrappers are climbed at most this far; key paths use ancestorsOf (one walk down).
 */
const MAX_ANCESTORS = 64;

/** Ancestors of `node`, nearest first, found in one walk down from the root. */
function ancestorsOf(node: Node): Node[] {
  const chain: Node[] = [];
  for (let n: Node | null = node.tree.rootNode; n && !same(n, node); n = n.childWithDescendant(node)) chain.push(n);
  return chain.reverse();
}

function hclPath(node: Node, leaf: string): string {
  const parts: string[] = [leaf];
  for (const p of ancestorsOf(node)) {
    if (p.type === 'block') {
      const labels = p.namedChildren
        .filter((c): c is Node => !!c && (c.type === 'identifier' || c.type === 'string_lit'))
        .map((c) => (c.type === 'string_lit' ? c.text.slice(1, -1) : c.text));
      parts.unshift(...labels);
    } else if (p.type === 'object_elem' || p.type === 'attribute') {
      const key = p.type === 'attribute' ? p.namedChildren[0] : p.childForFieldName('key');
      if (key) parts.unshift(key.text.replace(/^"|"$/g, ''));
    }
  }
  return parts.join('.');
}

/** TOML: `key = "…"` with keyPath through tables, dotted keys and inline tables. */
const toml: LanguageSpec = {
  strings: ['string'],
  dynamic: new Set(),
  mayInterpolate: () => false,
  transparent: new Set(['array']),
  escapes: (text) => (text.startsWith("'") ? 'raw' : 'c'),
  name(ctx, child) {
    if (ctx.type !== 'pair') return NO_NAME;
    const key = ctx.namedChildren[0];
    if (!key || same(key, child)) return 'skip';
    const segments = tomlKeySegments(key);
    const path: string[] = [];
    for (const p of ancestorsOf(ctx)) {
      if (p.type === 'table' || p.type === 'table_array_element') {
        const header = p.namedChildren[0];
        if (header) path.unshift(...tomlKeySegments(header));
      } else if (p.type === 'pair') {
        const k = p.namedChildren[0];
        if (k) path.unshift(...tomlKeySegments(k));
      }
    }
    const last = segments[segments.length - 1] ?? key.text;
    const lastNode = key.type === 'dotted_key' ? key.namedChildren[key.namedChildCount - 1] ?? key : key;
    return { key: last, keyPath: [...path, ...segments].join('.'), keyRange: rangeOf(lastNode) };
  },
};

function tomlKeySegments(key: Node): string[] {
  if (key.type === 'dotted_key') return key.namedChildren.flatMap((c) => (c ? tomlKeySegments(c) : []));
  if (key.type === 'quoted_key') return [key.text.slice(1, -1)];
  return [key.text];
}

export const LANGUAGES: Partial<Record<GrammarName, LanguageSpec>> = {
  typescript: javascriptLike,
  tsx: javascriptLike,
  javascript: javascriptLike,
  python,
  go,
  java,
  c_sharp: csharp,
  ruby,
  php,
  bash,
  hcl,
  toml,
};

// ---------------------------------------------------------------------------
// Literal text → value
// ---------------------------------------------------------------------------

/** Lengths of the opening (prefix + quote) and closing delimiters of a literal, or undefined if it is not a quoted literal. */
export function splitLiteral(text: string): { open: number; close: number } | undefined {
  let i = 0;
  // String prefixes: Python r/b/f/u, C# @ and $, PHP b.
  while (i < text.length && i < 3 && /[a-zA-Z@$]/.test(text[i])) i++;
  const q = text[i];
  if (q !== '"' && q !== "'" && q !== '`') return undefined;
  let run = 1;
  if (text.startsWith(q.repeat(3), i) && text.length - i >= 6 && text.endsWith(q.repeat(3))) run = 3;
  const open = i + run;
  if (text.length < open + run || !text.endsWith(q.repeat(run))) return undefined;
  return { open, close: run };
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v' };

/** Decodes common escapes in one pass; unknown escapes keep the escaped character. */
export function decodeEscapes(raw: string, mode: EscapeMode): string {
  if (mode === 'raw') return raw;
  if (mode === 'verbatim') return raw.split('""').join('"');
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\' || i + 1 >= raw.length) {
      out += c;
      continue;
    }
    const n = raw[++i];
    if (mode === 'single') {
      out += n === '\\' || n === "'" ? n : '\\' + n;
      continue;
    }
    if (SIMPLE_ESCAPES[n] !== undefined) out += SIMPLE_ESCAPES[n];
    else if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (n === '\n') {
      // Line continuation.
    } else out += n;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------

function isStatic(node: Node, text: string, spec: LanguageSpec): boolean {
  if (!spec.mayInterpolate(text) || node.namedChildCount === 0) return true;
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (spec.dynamic.has(c.type)) return false;
      if (c.namedChildCount > 0) stack.push(c);
    }
  }
  return true;
}

/**
 * `deadline` (Date.now() value): stop early with the facts so far. A flat error node
 * with thousands of children makes each `parent` lookup scan them, so hostile files
 * can be quadratic here; the engine reports the spent budget.
 */
export function extractSourceAssignments(root: Node, grammar: GrammarName, deadline = Infinity): AssignmentFact[] {
  const spec = LANGUAGES[grammar];
  if (!spec) return [];
  const syntax: AssignmentFact['syntax'] = grammar === 'hcl' ? 'hcl-string' : grammar === 'toml' ? 'toml-string' : 'string-literal';
  const facts: AssignmentFact[] = [];
  if (root.namedChildCount < MEMO_MIN_STATEMENTS) {
    literalFacts(root, spec, syntax, deadline, facts);
  } else {
    // A big file is mostly unchanged between keystrokes: a top-level statement with the
    // same text (and grammar) yields the same facts, shifted to where it now starts.
    const memo = statementMemo(grammar);
    for (const statement of root.namedChildren) {
      if (!statement) continue;
      if (Date.now() > deadline) break;
      const start = statement.startIndex;
      const text = statement.hasError ? undefined : statement.text;
      let relative = text === undefined ? undefined : memo.get(text);
      if (!relative) {
        const own: AssignmentFact[] = [];
        literalFacts(statement, spec, syntax, deadline, own);
        relative = own.map((f) => shiftFact(f, -start));
        if (text !== undefined) memo.set(text, relative);
      }
      for (const f of relative) facts.push(shiftFact(f, start));
    }
  }
  if (grammar === 'bash') {
    facts.push(...bashBareWords(root));
    facts.sort((a, b) => a.literalRange.start - b.literalRange.start);
  }
  return facts;
}

/** Files with fewer top-level statements are analysed whole (memoising them would not pay). */
const MEMO_MIN_STATEMENTS = 64;
/** Characters of statement text the memo may hold per grammar before it starts over. */
const MEMO_MAX_CHARS = 4 * 1024 * 1024;
const memos = new Map<GrammarName, { map: Map<string, AssignmentFact[]>; chars: number }>();

function statementMemo(grammar: GrammarName): { get(text: string): AssignmentFact[] | undefined; set(text: string, facts: AssignmentFact[]): void } {
  let memo = memos.get(grammar);
  if (!memo) memos.set(grammar, (memo = { map: new Map(), chars: 0 }));
  const m = memo;
  return {
    get: (text) => m.map.get(text),
    set(text, facts) {
      if (m.chars + text.length > MEMO_MAX_CHARS) {
        m.map.clear();
        m.chars = 0;
      }
      m.map.set(text, facts);
      m.chars += text.length;
    },
  };
}

function shiftFact(f: AssignmentFact, delta: number): AssignmentFact {
  const shift = (r: { start: number; end: number }) => ({ start: r.start + delta, end: r.end + delta });
  return { ...f, valueRange: shift(f.valueRange), literalRange: shift(f.literalRange), ...(f.keyRange ? { keyRange: shift(f.keyRange) } : {}) };
}

/** The assignment facts of the string literals under `scope` (itself included). */
function literalFacts(scope: Node, spec: LanguageSpec, syntax: AssignmentFact['syntax'], deadline: number, facts: AssignmentFact[]): void {
  let seen = 0;
  const literals = spec.strings.includes(scope.type) ? [scope] : scope.descendantsOfType(spec.strings);
  for (const literal of literals) {
    if (!literal) continue;
    if ((++seen & 63) === 0 && Date.now() > deadline) break;
    const text = literal.text;
    const parts = splitLiteral(text);
    if (!parts || literal.hasError) continue;
    const parent = literal.parent;
    // A string node nested in another literal (PHP/Bash pieces) is part of that literal.
    if (parent && spec.strings.includes(parent.type)) continue;
    if (!isStatic(literal, text, spec)) continue;

    let child: Node = literal;
    let ctx = parent;
    let steps = 0;
    while (ctx && spec.transparent.has(ctx.type)) {
      child = ctx;
      ctx = ++steps < MAX_ANCESTORS ? ctx.parent : null;
    }
    const naming = ctx ? spec.name(ctx, child) : NO_NAME;
    if (naming === 'skip') continue;

    const start = literal.startIndex;
    const end = literal.endIndex;
    const rawValue = text.slice(parts.open, text.length - parts.close);
    facts.push({
      kind: 'assignment',
      key: naming.key,
      keyPath: naming.keyPath,
      value: decodeEscapes(rawValue, spec.escapes(text)),
      valueRange: { start: start + parts.open, end: end - parts.close },
      literalRange: { start, end },
      keyRange: naming.keyRange,
      syntax,
    });
  }
}

/** Shell `KEY=value` without quotes: the value is a `word`. */
function bashBareWords(root: Node): AssignmentFact[] {
  const out: AssignmentFact[] = [];
  for (const assignment of root.descendantsOfType('variable_assignment')) {
    const value = assignment?.childForFieldName('value');
    const name = assignment?.childForFieldName('name');
    if (!value || !name || value.type !== 'word') continue;
    const range = rangeOf(value);
    out.push({
      kind: 'assignment',
      key: name.text,
      keyPath: name.text,
      value: decodeEscapes(value.text, 'c'),
      valueRange: range,
      literalRange: range,
      keyRange: rangeOf(name),
      syntax: 'other',
    });
  }
  return out;
}
