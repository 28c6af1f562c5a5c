/**
 * AWS CDK apps (TypeScript / JavaScript / Python, from the tree-sitter trees) → facts:
 *  - PolicyStatementFact for `new iam.PolicyStatement({ effect, actions, resources, … })` /
 *    `iam.PolicyStatement(actions=[…], …)` wherever they sit (`addToPolicy`,
 *    `addToPrincipalPolicy`, `PolicyDocument({ statements })`, `inlinePolicies` …), and for
 *    `PolicyStatement.fromJson({...})` / `PolicyDocument.fromJson({...})`;
 *  - RoleGrantFact for `ManagedPolicy.fromAwsManagedPolicyName('…')` / `fromManagedPolicyArn`
 *    attached through `managedPolicies: [...]` of a Role/User/Group or `addManagedPolicy(...)`.
 * Only literals are read: variables, spreads, f-strings and template substitutions are
 * unknown, never wildcards. `grant*` helpers are not facts (they produce scoped statements).
 */
import type { Node } from 'web-tree-sitter';
import type { Fact, PolicyStatementFact, Range, RoleGrantFact } from '../model';
import type { GrammarName } from '../documents/tree-sitter';
import type { Extractor } from './index';
import { awsRoleMemberKind } from './cloudformation';
import { conditionKeysOf, mapGet, statementFromParts, statementsFromDocument, unknownAt, type MapEntry, type StaticValue } from './policy';

const LANGUAGES = new Set<GrammarName>(['typescript', 'tsx', 'javascript', 'python']);
const MENTIONS = /PolicyStatement|ManagedPolicy|PolicyDocument/;
const MAX_DEPTH = 48;

export const cdkExtractor: Extractor = {
  name: 'cdk',
  applies: (doc) => doc.parsed?.kind === 'tree-sitter' && LANGUAGES.has(doc.parsed.grammar) && MENTIONS.test(doc.text),
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
    for (const call of calls) {
      const name = lastSegment(calleeOf(call));
      if (name === 'PolicyStatement' && !isFromJson(call)) {
        const statement = statementFromCall(call);
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

function statementFromCall(call: Node): PolicyStatementFact | undefined {
  const props = propsOf(call);
  if (!props) {
    // `new iam.PolicyStatement()` filled by addActions(...) later: nothing static to read.
    return undefined;
  }
  if (props.type !== 'map') return undefined;
  const conditions = mapGet(props, 'conditions');
  const principals = mapGet(props, 'principals');
  return statementFromParts(
    {
      range: rangeOf(call),
      effect: mapGet(props, 'effect'),
      actions: props.hasUnknownKeys && !mapGet(props, 'actions') ? unknownAt(props.range) : mapGet(props, 'actions'),
      notActions: mapGet(props, 'notactions'),
      resources: props.hasUnknownKeys && !mapGet(props, 'resources') ? unknownAt(props.range) : mapGet(props, 'resources'),
      notResources: mapGet(props, 'notresources'),
      principals: principals ? mergePrincipals(principals) : undefined,
      hasCondition: conditions !== undefined && !(conditions.type === 'map' && conditions.entries.length === 0 && !conditions.hasUnknownKeys),
      conditionKeys: conditions === undefined ? [] : conditionKeysOf(conditions),
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
