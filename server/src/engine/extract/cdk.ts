/**
 * AWS CDK apps (TypeScript / JavaScript / Python, from the tree-sitter trees) → facts:
 *  - PolicyStatementFact for `new iam.PolicyStatement({ effect, actions, resources, … })` /
 *    `iam.PolicyStatement(actions=[…], …)` wherever they sit (`addToPolicy`,
 *    `addToPrincipalPolicy`, `PolicyDocument({ statements })`, `inlinePolicies` …), and for
 *    `PolicyStatement.fromJson({...})` / `PolicyDocument.fromJson({...})`;
 *  - RoleGrantFact for `ManagedPolicy.fromAwsManagedPolicyName('…')` / `fromManagedPolicyArn`
 *    attached through `managedPolicies: [...]` of a Role/User/Group or `addManagedPolicy(...)`.
 * Statements built imperatively are followed through their variable within the same
 * function (or module): `const s = new iam.PolicyStatement(); s.addActions('s3:*');
 * s.addAllResources(); s.effect = iam.Effect.DENY;` / `stmt.add_actions("iam:*")`, with
 * addNotActions, addNotResources, addPrincipals and the add*Principal shorthands,
 * addCondition(s) and the add*Condition shorthands.
 * Only literals are read: variables, spreads, f-strings and template substitutions are
 * unknown, never wildcards. `grant*` helpers are not facts (they produce scoped statements).
 */
import type { Node } from 'web-tree-sitter';
import type { Fact, PolicyField, PolicyStatementFact, Range, RoleGrantFact } from '../model';
import type { GrammarName } from '../documents/tree-sitter';
import type { Extractor } from './index';
import { grammarOf } from '../documents/parse';
import { awsRoleMemberKind } from './cloudformation';
import { conditionKeysOf, mapGet, statementFromParts, statementsFromDocument, unknownAt, type MapEntry, type StaticValue } from './policy';

const LANGUAGES = new Set<GrammarName>(['typescript', 'tsx', 'javascript', 'python']);
const MENTIONS = /PolicyStatement|ManagedPolicy|PolicyDocument/;
const MAX_DEPTH = 48;

export const cdkExtractor: Extractor = {
  name: 'cdk',
  produces: ['policyStatement', 'roleGrant'],
  applies: (doc) => LANGUAGES.has(grammarOf(doc) ?? 'toml') && MENTIONS.test(doc.text),
  extract(doc) {
    if (doc.parsed?.kind !== 'tree-sitter') return [];
    const facts: Fact[] = [];
    const roles = new Map<string, Node>(); // variable name → `new iam.Role(...)` call
    const calls: Node[] = [];
    const stack: Node[] = [doc.parsed.tree.rootNode];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (isCall(node)) calls.push(node);
      const declared = declaredName(node);
      if (declared && isCall(declared.value) && constructKind(declared.value)) roles.set(declared.name, declared.value);
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
    const root = doc.parsed.tree.rootNode;
    const bindings = new Map<number, Binding>();
    for (const call of calls) {
      if (lastSegment(calleeOf(call)) !== 'PolicyStatement' || isFromJson(call)) continue;
      const binding = bindingOf(call);
      if (binding) bindings.set(call.id, binding);
    }
    const mentions = new Map<string, Mention[]>();
    for (const [name, nodes] of referencesTo(root, new Set([...bindings.values()].map((b) => b.name)))) mentions.set(name, mentionTable(nodes));
    for (const call of calls) {
      const name = lastSegment(calleeOf(call));
      if (name === 'PolicyStatement' && !isFromJson(call)) {
        const binding = bindings.get(call.id);
        const statement = statementFromCall(call, binding && imperativeChanges(binding, mentions.get(binding.name) ?? []));
        if (statement) facts.push(statement);
      } else if (name === 'fromJson' || name === 'from_json') {
        const owner = calleeOf(call)?.text ?? '';
        const arg = positionalArgs(call)[0];
        if (!arg) continue;
        const value = toStatic(arg, 0);
        if (/PolicyStatement\s*\.\s*from_?[jJ]son$/.test(owner)) {
          const document: StaticValue = { type: 'map', entries: [{ key: 'Statement', keyRange: value.range, value }], range: value.range };
          facts.push(...statementsFromDocument(document, { source: sourceOf(call) }));
        } else if (/PolicyDocument\s*\.\s*from_?[jJ]son$/.test(owner)) {
          facts.push(...statementsFromDocument(value, { source: sourceOf(call) }));
        }
      } else if (MANAGED_POLICY_FACTORIES.has(name)) {
        const grant = managedPolicyGrant(call, roles);
        if (grant) facts.push(grant);
      }
    }
    return facts;
  },
};

// ---------------------------------------------------------------------------
// Syntax helpers (JS/TS and Python trees)
// ---------------------------------------------------------------------------

function rangeOf(node: Node): Range {
  return { start: node.startIndex, end: node.endIndex };
}

function isCall(node: Node): boolean {
  return node.type === 'call' || node.type === 'call_expression' || node.type === 'new_expression';
}

function calleeOf(node: Node): Node | null {
  return node.childForFieldName('function') ?? node.childForFieldName('constructor');
}

function lastSegment(callee: Node | null): string {
  if (!callee) return '';
  const text = callee.text.replace(/<[^<>]*>$/, '');
  const dot = text.lastIndexOf('.');
  return (dot >= 0 ? text.slice(dot + 1) : text).trim();
}

/** `PolicyStatement.fromJson(...)`: the callee is a member of PolicyStatement, not the constructor. */
function isFromJson(call: Node): boolean {
  return call.type !== 'new_expression' && /from_?[jJ]son$/.test(calleeOf(call)?.text ?? '');
}

function argumentNodes(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args ? (args.namedChildren.filter((c) => c !== null && c.type !== 'comment') as Node[]) : [];
}

function positionalArgs(call: Node): Node[] {
  return argumentNodes(call).filter((a) => a.type !== 'keyword_argument');
}

/** Properties of a construct call: the last object-literal argument (JS) or the keyword arguments (Python), keys normalised. */
function propsOf(call: Node): StaticValue | undefined {
  const args = argumentNodes(call);
  const keywords = args.filter((a) => a.type === 'keyword_argument');
  if (keywords.length > 0) {
    const entries: MapEntry[] = [];
    for (const kw of keywords) {
      const name = kw.childForFieldName('name');
      const value = kw.childForFieldName('value');
      if (name && value) entries.push({ key: normaliseKey(name.text), keyRange: rangeOf(name), value: toStatic(value, 0) });
    }
    return { type: 'map', entries, range: rangeOf(call), hasUnknownKeys: args.some((a) => a.type === 'dictionary_splat' || a.type === 'list_splat') || undefined };
  }
  const object = [...args].reverse().find((a) => a.type === 'object');
  if (!object) return undefined;
  const value = toStatic(object, 0);
  if (value.type !== 'map') return value;
  return { ...value, entries: value.entries.map((e) => ({ ...e, key: normaliseKey(e.key) })) };
}

/** `not_actions` / `notActions` → `notactions`. */
function normaliseKey(key: string): string {
  return key.replace(/_/g, '').toLowerCase();
}

function unwrap(node: Node): Node {
  let current = node;
  for (let i = 0; i < 8; i++) {
    if ((current.type === 'parenthesized_expression' || current.type === 'as_expression' || current.type === 'satisfies_expression' || current.type === 'non_null_expression') && current.namedChild(0)) {
      current = current.namedChild(0)!;
    } else break;
  }
  return current;
}

/** A literal expression → StaticValue; anything computed is unknown. */
function toStatic(input: Node, depth: number): StaticValue {
  const node = unwrap(input);
  const range = rangeOf(node);
  if (depth > MAX_DEPTH) return unknownAt(range);
  switch (node.type) {
    case 'string': {
      const value = stringValue(node);
      return value === undefined ? unknownAt(range) : { type: 'string', value, range };
    }
    case 'template_string':
      return node.namedChildren.some((c) => c?.type === 'template_substitution') ? unknownAt(range) : { type: 'string', value: node.text.slice(1, -1), range };
    case 'array':
    case 'list':
    case 'tuple':
      return {
        type: 'list',
        items: node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').map((c) => toStatic(c, depth + 1)),
        range,
      };
    case 'object':
    case 'dictionary': {
      const entries: MapEntry[] = [];
      let hasUnknownKeys = false;
      for (const child of node.namedChildren) {
        if (!child || child.type === 'comment') continue;
        const key = child.type === 'pair' ? child.childForFieldName('key') : null;
        const value = child.type === 'pair' ? child.childForFieldName('value') : null;
        const keyText = key ? keyName(key) : undefined;
        if (!key || !value || keyText === undefined) {
          hasUnknownKeys = true;
          continue;
        }
        entries.push({ key: keyText, keyRange: rangeOf(key), value: toStatic(value, depth + 1) });
      }
      return { type: 'map', entries, range, hasUnknownKeys: hasUnknownKeys || undefined };
    }
    case 'member_expression':
    case 'attribute': {
      // iam.Effect.DENY / Effect.ALLOW
      const match = /(?:^|\.)Effect\s*\.\s*(ALLOW|DENY)$/.exec(node.text);
      return match ? { type: 'string', value: match[1] === 'DENY' ? 'Deny' : 'Allow', range } : unknownAt(range);
    }
    case 'true':
    case 'false':
      return { type: 'scalar', value: node.type === 'true', range };
    case 'new_expression':
    case 'call':
    case 'call_expression':
      return principalValue(node, depth) ?? unknownAt(range);
    default:
      return unknownAt(range);
  }
}

function keyName(key: Node): string | undefined {
  if (key.type === 'property_identifier' || key.type === 'identifier') return key.text;
  if (key.type === 'string') return stringValue(key);
  return undefined;
}

/** Value of a plain string literal; undefined for f-strings with interpolations or byte strings. */
function stringValue(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation' || c?.type === 'template_substitution')) return undefined;
  const start = node.namedChildren.find((c) => c?.type === 'string_start');
  if (start && /[bB]/.test(start.text)) return undefined;
  let value = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_fragment' || child.type === 'string_content') value += child.text;
    else if (child.type === 'escape_sequence') value += child.text.length === 2 ? child.text[1] : child.text;
  }
  return value;
}

// ---------------------------------------------------------------------------
// Principals (`principals: [...]`, `assumedBy`) as IAM writes them
// ---------------------------------------------------------------------------

const PRINCIPAL_TYPES: Record<string, string> = {
  ServicePrincipal: 'Service',
  ArnPrincipal: 'AWS',
  AccountPrincipal: 'AWS',
  FederatedPrincipal: 'Federated',
  WebIdentityPrincipal: 'Federated',
  OpenIdConnectPrincipal: 'Federated',
  SamlPrincipal: 'Federated',
  CanonicalUserPrincipal: 'CanonicalUser',
};

/** `new iam.ServicePrincipal('x')` → { Service: 'x' }; `AnyPrincipal()` → '*'; others → undefined (unknown). */
function principalValue(call: Node, depth: number): StaticValue | undefined {
  const name = lastSegment(calleeOf(call));
  const range = rangeOf(call);
  if (name === 'AnyPrincipal' || name === 'StarPrincipal') return { type: 'string', value: '*', range };
  if (name === 'CompositePrincipal') {
    const entries = positionalArgs(call).flatMap((a) => {
      const v = toStatic(a, depth + 1);
      return v.type === 'map' ? v.entries : [];
    });
    return { type: 'map', entries, range, hasUnknownKeys: entries.length < positionalArgs(call).length || undefined };
  }
  const type = PRINCIPAL_TYPES[name];
  if (!type) return undefined;
  const first = positionalArgs(call)[0];
  const value: StaticValue = first ? toStatic(first, depth + 1) : unknownAt(range);
  return { type: 'map', entries: [{ key: type, keyRange: range, value }], range };
}

// ---------------------------------------------------------------------------
// PolicyStatement
// ---------------------------------------------------------------------------

function statementFromCall(call: Node, changes?: StatementChanges): PolicyStatementFact | undefined {
  let props = propsOf(call);
  if (!props) {
    // `new iam.PolicyStatement()` not bound to a variable: nothing static to read.
    if (!changes) return undefined;
    // No argument: an empty statement filled in later; a non-literal argument: unknown props.
    props = { type: 'map', entries: [], range: rangeOf(call), hasUnknownKeys: argumentNodes(call).length > 0 || undefined };
  }
  if (props.type !== 'map') return undefined;
  const field = (key: string): StaticValue | undefined => (props.hasUnknownKeys && !mapGet(props, key) ? unknownAt(props.range) : mapGet(props, key));
  let conditions = mapGet(props, 'conditions');
  let principals = mapGet(props, 'principals');
  let effect = mapGet(props, 'effect');
  let actions = field('actions');
  let resources = field('resources');
  let notActions = mapGet(props, 'notactions');
  let notResources = mapGet(props, 'notresources');
  if (changes) {
    actions = withItems(actions, changes.actions, changes.unknown.has('actions'), props.range);
    resources = withItems(resources, changes.resources, changes.unknown.has('resources'), props.range);
    notActions = withItems(notActions, changes.notActions, changes.unknown.has('notActions') && notActions !== undefined, props.range);
    notResources = withItems(notResources, changes.notResources, changes.unknown.has('notResources') && notResources !== undefined, props.range);
    if (changes.principals.length > 0 || (changes.unknown.has('principals') && principals)) {
      principals = withItems(principals, changes.principals, changes.unknown.has('principals'), props.range);
    }
    conditions = withConditions(conditions, changes.conditions, changes.unknown.has('conditions'), props.range);
    if (changes.unknown.has('effect')) effect = unknownAt(props.range);
    else if (changes.effect) effect = changes.effect;
  }
  return statementFromParts(
    {
      range: rangeOf(call),
      effect,
      actions,
      notActions,
      resources,
      notResources,
      principals: principals ? mergePrincipals(principals) : undefined,
      hasCondition: conditions !== undefined && !(conditions.type === 'map' && conditions.entries.length === 0 && !conditions.hasUnknownKeys),
      conditionKeys: changes?.escaped ? undefined : conditions === undefined ? [] : conditionKeysOf(conditions),
    },
    // CDK statements default to Allow.
    { source: sourceOf(call), defaultEffect: props.hasUnknownKeys ? undefined : 'Allow' },
  );
}

/** A list of principal maps → one IAM-style Principal map (unknown items mark it partial). */
function mergePrincipals(value: StaticValue): StaticValue {
  if (value.type !== 'list') return value;
  if (value.items.some((i) => i.type === 'string' && i.value === '*')) return { type: 'string', value: '*', range: value.range };
  const entries = value.items.flatMap((i) => (i.type === 'map' ? i.entries : []));
  return { type: 'map', entries, range: value.range, hasUnknownKeys: value.items.some((i) => i.type !== 'map') || undefined };
}


/**
 * Where a statement lives, for messages and stable fingerprints: the receiver of
 * `x.addToPolicy(...)`, the variable it is assigned to, or the id of the enclosing construct.
 */
function sourceOf(node: Node): string {
  let current: Node | null = node.parent;
  for (let i = 0; current && i < 12; i++, current = current.parent) {
    const declared = declaredName(current);
    if (declared) return declared.name;
    if (isCall(current)) {
      const callee = calleeOf(current);
      const method = lastSegment(callee);
      if (/^(add_?[tT]o_?([pP]rincipal_?)?[pP]olicy|add_?[sS]tatements?|attach_?[iI]nline_?[pP]olicy)$/.test(method) && callee) {
        const receiver = callee.childForFieldName('object');
        if (receiver) return receiver.text;
      }
      const id = constructId(current);
      if (id) return id;
    }
  }
  return 'PolicyStatement';
}

/** Second positional argument of a construct call when it is a string: the construct id. */
function constructId(call: Node): string | undefined {
  const second = positionalArgs(call)[1];
  return second ? stringValue(unwrap(second)) : undefined;
}

/** `const x = …` / `x = …` / `this.x = …` → the name and value. */
function declaredName(node: Node): { name: string; value: Node } | undefined {
  if (node.type === 'variable_declarator') {
    const name = node.childForFieldName('name');
    const value = node.childForFieldName('value');
    if (name?.type === 'identifier' && value) return { name: name.text, value: unwrap(value) };
  }
  if (node.type === 'assignment' || node.type === 'assignment_expression') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left && right && (left.type === 'identifier' || left.type === 'member_expression' || left.type === 'attribute')) return { name: left.text, value: unwrap(right) };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Managed policies
// ---------------------------------------------------------------------------

const MANAGED_POLICY_FACTORIES = new Set(['fromAwsManagedPolicyName', 'from_aws_managed_policy_name', 'fromManagedPolicyArn', 'from_managed_policy_arn']);

function constructKind(call: Node): 'role' | 'user' | 'group' | undefined {
  const name = lastSegment(calleeOf(call));
  return name === 'Role' ? 'role' : name === 'User' ? 'user' : name === 'Group' ? 'group' : undefined;
}

function managedPolicyGrant(call: Node, roles: Map<string, Node>): RoleGrantFact | undefined {
  const factory = lastSegment(calleeOf(call));
  const byName = factory === 'fromAwsManagedPolicyName' || factory === 'from_aws_managed_policy_name';
  const args = positionalArgs(call);
  const arg = byName ? args[0] : args[2];
  if (!arg) return undefined;
  const literal = toStatic(arg, 0);
  const role = literal.type !== 'string' ? 'unknown' : byName ? `arn:aws:iam::aws:policy/${literal.value.replace(/^\/+/, '')}` : literal.value;
  const target = attachmentTarget(call, roles);
  if (!target) return undefined;
  return {
    kind: 'roleGrant',
    cloud: 'aws',
    role,
    member: target.member,
    memberKind: target.memberKind,
    source: target.member,
    range: rangeOf(call),
    roleRange: literal.range,
  };
}

/** The Role/User/Group the managed policy is attached to: `managedPolicies: [...]` of a construct, or `x.addManagedPolicy(...)`. */
function attachmentTarget(call: Node, roles: Map<string, Node>): { member: string; memberKind: RoleGrantFact['memberKind'] } | undefined {
  let current: Node | null = call.parent;
  for (let i = 0; current && i < 8; i++, current = current.parent) {
    if (isCall(current)) {
      const callee = calleeOf(current);
      if (/^add_?[mM]anaged_?[pP]olicy$/.test(lastSegment(callee))) {
        const receiver = callee?.childForFieldName('object');
        if (!receiver) return undefined;
        const construct = roles.get(receiver.text);
        if (construct) return describeConstruct(construct, receiver.text);
        return { member: receiver.text, memberKind: awsRoleMemberKind(receiver.text, []) };
      }
      if (constructKind(current)) return describeConstruct(current, constructId(current) ?? 'Role');
      return undefined;
    }
  }
  return undefined;
}

function describeConstruct(construct: Node, fallbackName: string): { member: string; memberKind: RoleGrantFact['memberKind'] } {
  const kind = constructKind(construct);
  const member = constructId(construct) ?? fallbackName;
  if (kind === 'user') return { member, memberKind: 'user' };
  if (kind === 'group') return { member, memberKind: 'group' };
  const assumedBy = mapGet(propsOf(construct), 'assumedby');
  if (!assumedBy) return { member, memberKind: awsRoleMemberKind(member, []) };
  const trust = trustFrom(assumedBy);
  // GitHub/GitLab OIDC roles name the issuer in the principal's conditions (second argument): read the written text.
  const written = construct.text.slice(assumedBy.range.start - construct.startIndex, assumedBy.range.end - construct.startIndex);
  const issuer = /token\.actions\.githubusercontent\.com|gitlab\.com|app\.terraform\.io/.exec(written);
  if (issuer && Array.isArray(trust.principals)) trust.principals = [...trust.principals, `Federated:${issuer[0]}`];
  return { member, memberKind: awsRoleMemberKind(member, [trust]) };
}

/** A synthetic trust statement for `assumedBy`, so the shared role classifier reads it like a CloudFormation trust policy. */
function trustFrom(assumedBy: StaticValue): PolicyStatementFact {
  const federated = assumedBy.type === 'map' && assumedBy.entries.some((e) => e.key === 'Federated');
  const statement = statementFromParts(
    { range: assumedBy.range, principals: assumedBy, actions: { type: 'string', value: federated ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole', range: assumedBy.range }, hasCondition: false },
    { source: 'assumedBy', trust: true, defaultEffect: 'Allow' },
  );
  // An OIDC principal whose provider ARN is not a literal still says "web identity": mark it so.
  if (federated && statement.principals === 'unknown') statement.principals = ['Federated:oidc'];
  return statement;
}

// ---------------------------------------------------------------------------
// Statements built imperatively: `s = new PolicyStatement(); s.addActions(…)`
// ---------------------------------------------------------------------------

/** A PolicyStatement construction assigned to a name, and the function (or module) it is followed in. */
interface Binding {
  /** `s`, `this.statement`, `self.statement` (whitespace removed). */
  name: string;
  /** Where the construction is assigned. */
  at: number;
  scope: Node;
}

/** What the calls on a statement's variable add to it; `unknown` lists the parts that something unseen may change. */
interface StatementChanges {
  actions: StaticValue[];
  notActions: StaticValue[];
  resources: StaticValue[];
  notResources: StaticValue[];
  principals: StaticValue[];
  conditions: MapEntry[];
  effect?: StaticValue;
  unknown: Set<PolicyField | 'conditions'>;
  /** Passed to code the file does not show (a helper, a return value, another method). */
  escaped?: boolean;
}

const FUNCTION_SCOPES = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'function', 'function_definition', 'lambda']);

function bindingOf(call: Node): Binding | undefined {
  let value = call;
  while (value.parent && ['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression'].includes(value.parent.type)) value = value.parent;
  const holder = value.parent;
  if (!holder) return undefined;
  const declared = declaredName(holder);
  if (!declared || declared.value.id !== call.id) return undefined;
  const target = holder.childForFieldName('name') ?? holder.childForFieldName('left');
  if (!target || !isReferenceShape(target)) return undefined;
  return { name: compact(target.text), at: holder.startIndex, scope: enclosingScope(holder) };
}

/** A plain variable or a field of `this` / `self`. */
function isReferenceShape(node: Node): boolean {
  if (node.type === 'identifier') return true;
  if (node.type !== 'member_expression' && node.type !== 'attribute') return false;
  const object = node.childForFieldName('object');
  return object?.type === 'this' || (object?.type === 'identifier' && object.text === 'self');
}

function enclosingScope(node: Node): Node {
  let current = node.parent;
  let last = node;
  for (; current; last = current, current = current.parent) {
    if (FUNCTION_SCOPES.has(current.type)) return current;
  }
  return last;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Every mention of the given names in the file: identifiers, `this.x` / `self.x`, `{ x }` shorthands. */
function referencesTo(root: Node, names: Set<string>): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  if (names.size === 0) return out;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const type = node.type;
    if (type === 'identifier' || type === 'shorthand_property_identifier' || ((type === 'member_expression' || type === 'attribute') && isReferenceShape(node))) {
      const text = type === 'identifier' || type === 'shorthand_property_identifier' ? node.text : compact(node.text);
      if (names.has(text) && !isNameOnly(node)) {
        const list = out.get(text);
        if (list) list.push(node);
        else out.set(text, [node]);
        continue;
      }
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return out;
}

/** Python identifiers that only name something: `obj.<name>`, `f(<name>=…)`, parameters. */
function isNameOnly(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) return true;
  if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) return true;
  return parent.type === 'parameters' || parent.type === 'default_parameter' || parent.type === 'typed_parameter';
}

/** Mutating methods of PolicyStatement (snake_case and camelCase, normalised) → the part they change. */
const MUTATORS: Record<string, PolicyField | 'conditions' | 'ignored'> = {
  addactions: 'actions',
  addnotactions: 'notActions',
  addresources: 'resources',
  addallresources: 'resources',
  addnotresources: 'notResources',
  addprincipals: 'principals',
  addanyprincipal: 'principals',
  addawsaccountprincipal: 'principals',
  addarnprincipal: 'principals',
  addserviceprincipal: 'principals',
  addfederatedprincipal: 'principals',
  addaccountrootprincipal: 'principals',
  addcanonicaluserprincipal: 'principals',
  addcondition: 'conditions',
  addconditions: 'conditions',
  addaccountcondition: 'conditions',
  addsourceaccountcondition: 'conditions',
  addsourcearncondition: 'conditions',
  // NotPrincipal is not part of the fact; the call changes nothing the rules read.
  addnotprincipals: 'ignored',
};

/** Methods that read a statement without changing it. */
const READERS = new Set(['tojson', 'tostatementjson', 'tostring', 'copy', 'validateforanypolicy', 'validateforidentitypolicy', 'validateforresourcepolicy']);

/** Calls that attach a statement to a policy (and do not change it). */
const SINK_METHOD = /^(?:addto[a-z]*policy|addstatements|addtoprincipalorresource)$/;
/** Properties / keyword arguments whose list holds statements: `statements: [s]`, `initialPolicy: [s]`. */
const SINK_PROPERTIES = new Set(['statements', 'initialpolicy', 'policystatements']);

function normaliseMethod(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/** The mentions of one name, in document order, read once: positions as plain numbers and what each does. */
interface Mention {
  start: number;
  end: number;
  /** Start of the assignment or declaration this mention is the target of. */
  assignedAt?: number;
  use?: Use;
}

function mentionTable(nodes: Node[]): Mention[] {
  return nodes.map((node) => {
    const target = assignmentTargetOf(node);
    return target ? { start: node.startIndex, end: node.endIndex, assignedAt: target.startIndex } : { start: node.startIndex, end: node.endIndex, use: classify(node) };
  });
}

/**
 * The changes the mentions of a bound statement make, attributed by position to the
 * assignment that reaches them. Plain-number work only: a file that reuses one name for
 * many statements costs (statements × mentions) comparisons, never tree walks.
 */
function imperativeChanges(binding: Binding, mentions: Mention[]): StatementChanges {
  const changes: StatementChanges = { actions: [], notActions: [], resources: [], notResources: [], principals: [], conditions: [], unknown: new Set() };
  const effects: StaticValue[] = [];
  const scopeStart = binding.scope.startIndex;
  const scopeEnd = binding.scope.endIndex;
  let reassigned = false;
  for (const mention of mentions) {
    const inScope = mention.start >= scopeStart && mention.end <= scopeEnd;
    if (!inScope) {
      // `this.x` used in another method: changes there are not followed.
      if (binding.name.includes('.')) markEscaped(changes);
      continue;
    }
    if (mention.start < binding.at) continue;
    if (mention.assignedAt !== undefined) {
      // A mention after another assignment to the same name may or may not reach this statement.
      if (mention.assignedAt !== binding.at) reassigned = true;
      continue;
    }
    const use = mention.use!;
    if (use.kind === 'harmless') continue;
    if (use.kind === 'escape') markEscaped(changes);
    else if (reassigned) changes.unknown.add(use.field);
    else if (use.kind === 'effect') effects.push(use.value);
    else applyMutation(changes, use.method, use.call);
  }
  if (effects.length > 0) {
    const values = new Set(effects.map((e) => (e.type === 'string' ? e.value : '?')));
    if (values.size === 1 && !values.has('?')) changes.effect = effects[effects.length - 1];
    else changes.unknown.add('effect');
  }
  return changes;
}

/**
 * Something unseen receives the statement and may add to it: every list becomes partly unknown
 * and the condition keys unknown. What is written here is still reported, so a condition
 * counts only where one is seen.
 */
function markEscaped(changes: StatementChanges): void {
  for (const field of ['actions', 'notActions', 'resources', 'notResources', 'principals'] as const) changes.unknown.add(field);
  changes.escaped = true;
}

/** The mention is the target of an assignment or declaration (`s = …`, `let s = …`). */
function assignmentTargetOf(mention: Node): Node | undefined {
  const parent = mention.parent;
  if (!parent) return undefined;
  if (parent.type === 'variable_declarator' && parent.childForFieldName('name')?.id === mention.id) return parent;
  if ((parent.type === 'assignment' || parent.type === 'assignment_expression' || parent.type === 'augmented_assignment') && parent.childForFieldName('left')?.id === mention.id) return parent;
  return undefined;
}

type Use =
  | { kind: 'harmless' }
  | { kind: 'escape' }
  | { kind: 'mutation'; field: PolicyField | 'conditions'; method: string; call: Node }
  | { kind: 'effect'; field: 'effect'; value: StaticValue };

function classify(mention: Node): Use {
  let node = mention;
  while (node.parent && ['parenthesized_expression', 'non_null_expression', 'as_expression'].includes(node.parent.type)) node = node.parent;
  const parent = node.parent;
  if (!parent) return { kind: 'escape' };
  // s.method(…), s.effect = …, s.actions (a read)
  if ((parent.type === 'member_expression' || parent.type === 'attribute') && parent.childForFieldName('object')?.id === node.id) {
    const property = (parent.childForFieldName('property') ?? parent.childForFieldName('attribute'))?.text ?? '';
    const grand = parent.parent;
    if (grand && isCall(grand) && calleeOf(grand)?.id === parent.id) {
      const method = normaliseMethod(property);
      const field = MUTATORS[method];
      if (field === 'ignored' || READERS.has(method)) return { kind: 'harmless' };
      return field ? { kind: 'mutation', field, method, call: grand } : { kind: 'escape' };
    }
    if (grand && (grand.type === 'assignment' || grand.type === 'assignment_expression') && grand.childForFieldName('left')?.id === parent.id) {
      if (property === 'effect') {
        const right = grand.childForFieldName('right');
        return { kind: 'effect', field: 'effect', value: right ? toStatic(right, 0) : unknownAt(rangeOf(grand)) };
      }
      return property === 'sid' ? { kind: 'harmless' } : { kind: 'escape' };
    }
    return { kind: 'harmless' };
  }
  // role.addToPolicy(s)
  if (parent.type === 'arguments' || parent.type === 'argument_list') {
    const call = parent.parent;
    return call && isCall(call) && SINK_METHOD.test(normaliseMethod(lastSegment(calleeOf(call)))) ? { kind: 'harmless' } : { kind: 'escape' };
  }
  // new iam.PolicyDocument({ statements: [s] }) / iam.PolicyDocument(statements=[s])
  if (parent.type === 'array' || parent.type === 'list') {
    const holder = parent.parent;
    const key = holder?.type === 'pair' ? holder.childForFieldName('key') : holder?.type === 'keyword_argument' ? holder.childForFieldName('name') : null;
    return key && SINK_PROPERTIES.has(normaliseMethod(key.text.replace(/^["']|["']$/g, ''))) ? { kind: 'harmless' } : { kind: 'escape' };
  }
  if (parent.type === 'expression_statement') return { kind: 'harmless' };
  return { kind: 'escape' };
}

function applyMutation(changes: StatementChanges, method: string, call: Node): void {
  const args = positionalArgs(call);
  const values = args.map((a) => toStatic(a, 0));
  const range = rangeOf(call);
  const principal = (type: string, value: StaticValue): StaticValue => ({ type: 'map', entries: [{ key: type, keyRange: range, value }], range });
  const condition = (operator: string, key: string, value: StaticValue | undefined): MapEntry => ({
    key: operator,
    keyRange: range,
    value: { type: 'map', entries: [{ key, keyRange: range, value: value ?? unknownAt(range) }], range },
  });
  switch (method) {
    case 'addactions':
      changes.actions.push(...values);
      break;
    case 'addnotactions':
      changes.notActions.push(...values);
      break;
    case 'addresources':
      changes.resources.push(...values);
      break;
    case 'addallresources':
      changes.resources.push({ type: 'string', value: '*', range });
      break;
    case 'addnotresources':
      changes.notResources.push(...values);
      break;
    case 'addprincipals':
      changes.principals.push(...values);
      break;
    case 'addanyprincipal':
      changes.principals.push({ type: 'string', value: '*', range });
      break;
    case 'addawsaccountprincipal':
    case 'addarnprincipal':
      changes.principals.push(principal('AWS', values[0] ?? unknownAt(range)));
      break;
    case 'addaccountrootprincipal':
      // The stack's own account: not known until synthesis.
      changes.principals.push(principal('AWS', unknownAt(range)));
      break;
    case 'addserviceprincipal':
      changes.principals.push(principal('Service', values[0] ?? unknownAt(range)));
      break;
    case 'addcanonicaluserprincipal':
      changes.principals.push(principal('CanonicalUser', values[0] ?? unknownAt(range)));
      break;
    case 'addfederatedprincipal': {
      changes.principals.push(principal('Federated', values[0] ?? unknownAt(range)));
      // The second argument holds the conditions of the trust (e.g. the OIDC `sub`).
      const conditions = values[1];
      if (conditions?.type === 'map' && !conditions.hasUnknownKeys) changes.conditions.push(...conditions.entries);
      else if (conditions) changes.unknown.add('conditions');
      break;
    }
    case 'addcondition': {
      const operator = values[0];
      if (operator?.type === 'string' && values[1]) changes.conditions.push({ key: operator.value, keyRange: operator.range, value: values[1] });
      else changes.unknown.add('conditions');
      break;
    }
    case 'addconditions': {
      const map = values[0];
      if (map?.type === 'map' && !map.hasUnknownKeys) changes.conditions.push(...map.entries);
      else changes.unknown.add('conditions');
      break;
    }
    case 'addaccountcondition':
      changes.conditions.push(condition('StringEquals', 'sts:ExternalId', values[0]));
      break;
    case 'addsourceaccountcondition':
      changes.conditions.push(condition('StringEquals', 'aws:SourceAccount', values[0]));
      break;
    case 'addsourcearncondition':
      changes.conditions.push(condition('ArnEquals', 'aws:SourceArn', values[0]));
      break;
  }
}

/** A list-valued part plus the items added later; `unknownMore` adds an unknown item (known items stay "contained"). */
function withItems(base: StaticValue | undefined, added: StaticValue[], unknownMore: boolean, range: Range): StaticValue | undefined {
  if (added.length === 0 && !unknownMore) return base;
  const items: StaticValue[] = base === undefined ? [] : base.type === 'list' ? [...base.items] : [base];
  items.push(...added);
  if (unknownMore) items.push(unknownAt(range));
  return { type: 'list', items, range: base?.range ?? range };
}

/** The `conditions` map with the operators added later (keys of one operator merge, as CDK does). */
function withConditions(base: StaticValue | undefined, added: MapEntry[], unknownMore: boolean, range: Range): StaticValue | undefined {
  if (added.length === 0 && !unknownMore) return base;
  const entries: MapEntry[] = base?.type === 'map' ? [...base.entries] : [];
  const hasUnknownKeys = unknownMore || (base !== undefined && (base.type !== 'map' || base.hasUnknownKeys === true));
  for (const entry of added) {
    const same = entries.findIndex((e) => e.key === entry.key);
    if (same >= 0 && entries[same].value.type === 'map' && entry.value.type === 'map') {
      const merged = entries[same].value as Extract<StaticValue, { type: 'map' }>;
      entries[same] = { ...entries[same], value: { ...merged, entries: [...merged.entries, ...entry.value.entries], hasUnknownKeys: merged.hasUnknownKeys || entry.value.hasUnknownKeys } };
    } else entries.push(entry);
  }
  return { type: 'map', entries, range: base?.range ?? range, hasUnknownKeys: hasUnknownKeys || undefined };
}
