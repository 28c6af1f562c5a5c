/**
 * Terraform (HCL via tree-sitter) → facts:
 *  - PolicyStatementFact from `jsonencode({...})` and heredoc JSON in the policy attributes
 *    of the IAM resources, and from `data "aws_iam_policy_document"` statement blocks;
 *  - TaggedResourceFact for identity-like resources, with provider `default_tags` of the module;
 *  - CredentialUseFact for `aws_iam_access_key`;
 *  - IdentityFact for `aws_iam_role` / `aws_iam_user`.
 * Only what is statically known in this file and the module's other files (project/terraform-module.ts)
 * is used; the rest is 'unknown', never a guess.
 */
import { ownerFromTags } from '../owner-keys';
import * as jsonc from 'jsonc-parser';
import type { Node } from 'web-tree-sitter';
import type { CredentialMechanism, CredentialUseFact, Document, Fact, IdentityFact, PolicyStatementFact, Range, RoleGrantFact, TaggedResourceFact } from '../model';
import { awsRoleMemberKind } from './cloudformation';
import { terraformLinks } from './terraform-links';
import type { Extractor } from './index';
import {
  attributeValue,
  attributesOf,
  blocksOf,
  buildScope,
  evaluate,
  heredocJson,
  INTERPOLATION_MARK,
  rangeOf,
  type EvalOptions,
  type HclBlock,
  type HclScope,
} from './hcl';
import { accessKeyUsers, defaultTagsByProvider, iamUserNames, moduleAccessKeyUsers, moduleIamUsers, moduleProviderTags, moduleValuesFor, terraformModuleOf, type InheritedTags, type TerraformModule } from '../project/terraform-module';
import { jsonToStatic, statementFromParts, statementsFromDocument, type MapEntry, type PolicyOrigin, type StaticValue } from './policy';

/** Policy-bearing attributes per resource type; `trust` marks assume-role policies. */
const POLICY_ATTRIBUTES: Record<string, { attribute: string; trust?: boolean }[]> = {
  aws_iam_policy: [{ attribute: 'policy' }],
  aws_iam_role_policy: [{ attribute: 'policy' }],
  aws_iam_user_policy: [{ attribute: 'policy' }],
  aws_iam_group_policy: [{ attribute: 'policy' }],
  aws_iam_role: [{ attribute: 'assume_role_policy', trust: true }],
};

/** Resources that can carry an owner tag and represent (or guard) a non-human identity. */
const TAGGABLE_IDENTITY_RESOURCES = new Set([
  'aws_iam_role',
  'aws_iam_user',
  'aws_iam_policy',
  'aws_iam_instance_profile',
  'aws_iam_openid_connect_provider',
  'aws_secretsmanager_secret',
]);

const IDENTITY_KINDS: Record<string, IdentityFact['identityKind']> = {
  aws_iam_role: 'aws-iam-role',
  aws_iam_user: 'aws-iam-user',
};


const POLICY_EVAL: EvalOptions = { useVariableDefaults: true };
const TAGS_EVAL: EvalOptions = { useVariableDefaults: false };

export const terraformExtractor: Extractor = {
  name: 'terraform',
  produces: ['policyStatement', 'taggedResource', 'credentialUse', 'identity', 'roleGrant', 'link'],
  applies(doc) {
    return doc.format === 'terraform';
  },
  // Every fact comes from a resource or data source of these types (here and in terraform-links.ts).
  mentions: /aws_iam_|aws_secretsmanager_secret|google_|azuread_|github_actions_|gitlab_(?:project|group)_variable/,
  extract(doc, env) {
    if (doc.parsed?.kind !== 'tree-sitter' || doc.parsed.grammar !== 'hcl') return [];
    return extractTerraform(doc, doc.parsed.tree.rootNode, terraformModuleOf(doc, env?.project));
  },
};

export function extractTerraform(doc: Document, root: Node, module?: TerraformModule): Fact[] {
  const scope = buildScope(root, moduleValuesFor(module, doc.uri));
  const blocks = blocksOf(root);
  const resources = blocks.filter((b) => b.type === 'resource' && b.labels.length >= 2);
  const facts: Fact[] = [];

  for (const block of resources) {
    const [type, name] = block.labels;
    const address = `${type}.${name}`;
    const attrs = attributesOf(block.body);
    for (const { attribute, trust } of POLICY_ATTRIBUTES[type] ?? []) {
      facts.push(...policyFromAttribute(doc, attrs.get(attribute), scope, { source: address, trust }));
    }
    if (type === 'aws_iam_role') {
      for (const inline of blocksOf(block.body, 'inline_policy')) {
        facts.push(...policyFromAttribute(doc, attributesOf(inline.body).get('policy'), scope, { source: address }));
      }
    }
  }

  for (const block of blocks) {
    if (block.type === 'data' && block.labels[0] === 'aws_iam_policy_document' && block.labels[1]) {
      facts.push(...policyDocumentDataSource(block, scope, `data.aws_iam_policy_document.${block.labels[1]}`));
    }
  }

  // Users with access keys are machine users (people sign in with passwords and SSO).
  const machineUsers = new Set([...moduleAccessKeyUsers(module, doc.uri), ...accessKeyUsers(blocks, scope)]);
  const userAddresses = new Map([...moduleIamUsers(module, doc.uri), ...iamUserNames(blocks, scope)]);
  facts.push(...managedPolicyAttachments(resources, scope, facts, machineUsers, userAddresses));

  const providerTags = new Map([...moduleProviderTags(module, doc.uri), ...defaultTagsByProvider(blocks, scope)]);
  const userNames = new Map<string, string>(); // IAM user name → address, to link access keys given by literal name
  for (const block of resources) {
    if (block.labels[0] !== 'aws_iam_user') continue;
    const n = evaluate(attributeValue(attributesOf(block.body).get('name')), scope, POLICY_EVAL);
    if (n.type === 'string') userNames.set(n.value, `aws_iam_user.${block.labels[1]}`);
  }

  const credentials: CredentialUseFact[] = [];
  for (const block of resources) {
    if (block.labels[0] === 'aws_iam_access_key') credentials.push(accessKeyFact(block, scope, userNames));
  }
  facts.push(...credentials);

  for (const block of resources) {
    const [type, name] = block.labels;
    if (!TAGGABLE_IDENTITY_RESOURCES.has(type)) continue;
    const { fact: tagged, inheritedValues } = taggedResourceFact(doc, block, scope, providerTags);
    facts.push(tagged);
    const identityKind = IDENTITY_KINDS[type];
    if (identityKind) {
      // Resource tags override default_tags of the same key.
      const owner = ownerFromTags({ ...inheritedValues, ...tagged.tagValues });
      facts.push(identityFact(block, `${type}.${name}`, identityKind, owner, credentials, facts));
    }
  }
  facts.push(...terraformLinks(doc, blocks, scope));
  return facts;
}

// ---------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------

function policyFromAttribute(doc: Document, attribute: Node | undefined, scope: HclScope, origin: PolicyOrigin, depth = 0): PolicyStatementFact[] {
  const expression = attributeValue(attribute);
  return expression ? policyFromExpression(doc, expression, scope, origin, depth) : [];
}

/** jsonencode({...}), heredoc JSON, or a `local.x` holding either. file()/templatefile()/data references yield nothing here. */
function policyFromExpression(doc: Document, expression: Node, scope: HclScope, origin: PolicyOrigin, depth: number): PolicyStatementFact[] {
  if (depth > 4) return [];
  const parts = expression.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const [primary, ...postfix] = parts;
  if (!primary) return [];
  if (primary.type === 'expression' && postfix.length === 0) return policyFromExpression(doc, primary, scope, origin, depth + 1);
  if (primary.type === 'variable_expr' && primary.text === 'local' && postfix.length === 1 && postfix[0].type === 'get_attr') {
    const local = scope.locals.get(postfix[0].namedChildren.find((c) => c?.type === 'identifier')?.text ?? '');
    return local ? policyFromExpression(doc, local, scope, origin, depth + 1) : [];
  }
  if (postfix.length > 0) return [];
  if (primary.type === 'function_call') {
    const fn = primary.namedChildren.find((c) => c?.type === 'identifier')?.text;
    if (fn !== 'jsonencode') return [];
    const args = primary.namedChildren.find((c) => c?.type === 'function_arguments');
    const arg = args?.namedChildren.find((c) => c?.type === 'expression');
    return arg ? statementsFromDocument(evaluate(arg, scope, POLICY_EVAL), origin) : [];
  }
  if (primary.type === 'template_expr') {
    const heredoc = primary.namedChildren[0];
    const json = heredoc ? heredocJson(heredoc, doc.text) : undefined;
    if (!json) return [];
    const root = jsonc.parseTree(json.body, [], { allowTrailingComma: true });
    if (!root) return [];
    const value = jsonToStatic(root, json.offset, (s) => s.includes(INTERPOLATION_MARK));
    return statementsFromDocument(value, origin);
  }
  return [];
}

/** `data "aws_iam_policy_document"`: statement blocks with snake_case attributes; effect defaults to Allow. */
function policyDocumentDataSource(block: HclBlock, scope: HclScope, source: string): PolicyStatementFact[] {
  const out: PolicyStatementFact[] = [];
  for (const statement of blocksOf(block.body, 'statement')) {
    const attrs = attributesOf(statement.body);
    const value = (name: string): StaticValue | undefined => {
      const expr = attributeValue(attrs.get(name));
      return expr ? evaluate(expr, scope, POLICY_EVAL) : undefined;
    };
    const principalBlocks = blocksOf(statement.body, 'principals');
    out.push(
      statementFromParts(
        {
          range: statement.range,
          effect: value('effect'),
          actions: value('actions'),
          notActions: value('not_actions'),
          resources: value('resources'),
          notResources: value('not_resources'),
          principals: principalBlocks.length > 0 ? principalsValue(principalBlocks, scope, statement.range) : undefined,
          hasCondition: blocksOf(statement.body, 'condition').length > 0,
          conditionKeys: conditionVariables(blocksOf(statement.body, 'condition'), scope),
        },
        { source, defaultEffect: 'Allow' },
      ),
    );
  }
  return out;
}

/** condition { variable = "…" } blocks → lower-cased condition keys; undefined when one is not static. */
function conditionVariables(blocks: HclBlock[], scope: HclScope): string[] | undefined {
  const keys: string[] = [];
  for (const condition of blocks) {
    const variable = evaluate(attributeValue(attributesOf(condition.body).get('variable')), scope, POLICY_EVAL);
    if (variable.type !== 'string') return undefined;
    keys.push(variable.value.toLowerCase());
  }
  return keys;
}

function isWildcardOnly(value: StaticValue): boolean {
  if (value.type === 'string') return value.value === '*';
  return value.type === 'list' && value.items.length > 0 && value.items.every((i) => i.type === 'string' && i.value === '*');
}

/** principals { type = "Service" identifiers = [...] } blocks → the IAM map form { Service: [...] }. */
function principalsValue(blocks: HclBlock[], scope: HclScope, range: Range): StaticValue {
  const entries: MapEntry[] = [];
  let hasUnknownKeys = false;
  for (const p of blocks) {
    const attrs = attributesOf(p.body);
    const type = evaluate(attributeValue(attrs.get('type')), scope, POLICY_EVAL);
    if (type.type !== 'string') {
      hasUnknownKeys = true;
      continue;
    }
    const identifiers = evaluate(attributeValue(attrs.get('identifiers')), scope, POLICY_EVAL);
    // `type = "*"` with `identifiers = ["*"]` is how Terraform writes `"Principal": "*"` (everyone).
    if (type.value === '*' && isWildcardOnly(identifiers)) return { type: 'string', value: '*', range };
    entries.push({ key: type.value, keyRange: type.range, value: identifiers });
  }
  return { type: 'map', entries, range, hasUnknownKeys: hasUnknownKeys || undefined };
}

// ---------------------------------------------------------------------------
// Managed policy attachments → RoleGrantFact
// ---------------------------------------------------------------------------

/** Attachment resources: the attribute(s) naming the member, and what kind of member it is. */
const ATTACHMENTS: Record<string, { attribute: string; member: 'role' | 'user' | 'group' }[]> = {
  aws_iam_role_policy_attachment: [{ attribute: 'role', member: 'role' }],
  aws_iam_user_policy_attachment: [{ attribute: 'user', member: 'user' }],
  aws_iam_group_policy_attachment: [{ attribute: 'group', member: 'group' }],
  aws_iam_policy_attachment: [
    { attribute: 'roles', member: 'role' },
    { attribute: 'users', member: 'user' },
    { attribute: 'groups', member: 'group' },
  ],
};

function managedPolicyAttachments(
  resources: HclBlock[],
  scope: HclScope,
  policyFacts: Fact[],
  machineUsers: Set<string>,
  userAddresses: Map<string, string>,
): RoleGrantFact[] {
  // By IAM name too: a key created for `aws_iam_user.ci` marks attachments naming "ci-deployer".
  const isMachineUser = (member: string) => machineUsers.has(member) || machineUsers.has(userAddresses.get(member) ?? '\u0000');
  // Roles of this file by address and by literal name, with their trust statements.
  const roles = new Map<string, string>(); // name or address → address
  for (const block of resources) {
    if (block.labels[0] !== 'aws_iam_role') continue;
    const address = `aws_iam_role.${block.labels[1]}`;
    roles.set(address, address);
    const n = evaluate(attributeValue(attributesOf(block.body).get('name')), scope, POLICY_EVAL);
    if (n.type === 'string') roles.set(n.value, address);
  }
  const roleKind = (member: string): RoleGrantFact['memberKind'] => {
    const address = roles.get(member);
    if (!address) return awsRoleMemberKind(member, []);
    const block = resources.find((b) => `${b.labels[0]}.${b.labels[1]}` === address);
    const ref = /^data\.aws_iam_policy_document\.([A-Za-z_][\w-]*)\.json$/.exec(attributeValue(attributesOf(block?.body).get('assume_role_policy'))?.text.trim() ?? '');
    const sources = new Set([address, ...(ref ? [`data.aws_iam_policy_document.${ref[1]}`] : [])]);
    const trust = policyFacts.filter((f): f is PolicyStatementFact => f.kind === 'policyStatement' && sources.has(f.source) && (f.trust === true || f.principals !== undefined));
    const name = evaluate(attributeValue(attributesOf(block?.body).get('name')), scope, POLICY_EVAL);
    return awsRoleMemberKind(`${block?.labels[1] ?? ''} ${name.type === 'string' ? name.value : ''}`, trust);
  };

  const grants: RoleGrantFact[] = [];
  const push = (block: HclBlock, roleValue: StaticValue, member: string, memberKind: RoleGrantFact['memberKind'], memberRange?: Range) => {
    const grant: RoleGrantFact = {
      kind: 'roleGrant',
      cloud: 'aws',
      role: roleValue.type === 'string' ? roleValue.value : 'unknown',
      member,
      memberKind,
      source: `${block.labels[0]}.${block.labels[1]}`,
      range: block.range,
      roleRange: roleValue.type === 'unknown' ? block.headerRange : roleValue.range,
    };
    if (memberRange) grant.memberRange = memberRange;
    grants.push(grant);
  };

  for (const block of resources) {
    const [type] = block.labels;
    const attrs = attributesOf(block.body);
    if (type === 'aws_iam_role') {
      const arns = attrs.get('managed_policy_arns');
      if (!arns) continue;
      const value = evaluate(attributeValue(arns), scope, POLICY_EVAL);
      const address = `aws_iam_role.${block.labels[1]}`;
      const items = value.type === 'list' ? value.items : [value];
      for (const item of items) push(block, item, address, roleKind(address));
      continue;
    }
    const spec = ATTACHMENTS[type];
    if (!spec) continue;
    const policyArn = evaluate(attributeValue(attrs.get('policy_arn')), scope, POLICY_EVAL);
    for (const { attribute, member } of spec) {
      const expression = attributeValue(attrs.get(attribute));
      if (!expression) continue;
      for (const { name, range } of memberReferences(expression, member, scope)) {
        const kind = member === 'role' ? roleKind(name) : member === 'user' && isMachineUser(name) ? 'service-account' : member;
        push(block, policyArn, name, kind, range);
      }
    }
  }
  return grants;
}

/** `aws_iam_role.ci.name` → 'aws_iam_role.ci'; a literal → itself; a list of either; anything else 'unknown'. */
function memberReferences(expression: Node, member: 'role' | 'user' | 'group', scope: HclScope): { name: string; range?: Range }[] {
  const resourceType = `aws_iam_${member}`;
  const reference = (text: string): string | undefined => {
    const m = /^(aws_iam_(?:role|user|group))\.([A-Za-z_][\w-]*)(?:\.[A-Za-z_]\w*)?$/.exec(text.trim());
    return m && m[1] === resourceType ? `${m[1]}.${m[2]}` : undefined;
  };
  const direct = reference(expression.text);
  if (direct) return [{ name: direct, range: rangeOf(expression) }];
  const value = evaluate(expression, scope, POLICY_EVAL);
  if (value.type === 'string') return [{ name: value.value, range: value.range }];
  const tupleItems = expression.namedChildren[0]?.type === 'collection_value' ? (expression.namedChildren[0].namedChildren[0]?.namedChildren ?? []) : [];
  if (tupleItems.length > 0) {
    return tupleItems
      .filter((n): n is Node => n !== null && n.type === 'expression')
      .map((n) => {
        const ref = reference(n.text);
        if (ref) return { name: ref, range: rangeOf(n) };
        const v = evaluate(n, scope, POLICY_EVAL);
        return { name: v.type === 'string' ? v.value : 'unknown', range: rangeOf(n) };
      });
  }
  return [{ name: 'unknown' }];
}

// ---------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------

function taggedResourceFact(
  doc: Document,
  block: HclBlock,
  scope: HclScope,
  providerTags: Map<string, InheritedTags>,
): { fact: TaggedResourceFact; inheritedValues: Record<string, string | undefined> } {
  const [type, name] = block.labels;
  const attrs = attributesOf(block.body);
  const fact: TaggedResourceFact = { kind: 'taggedResource', resourceType: type, name, range: block.range, headerRange: block.headerRange };

  const tagsAttr = attrs.get('tags');
  if (!tagsAttr) {
    fact.tagKeys = [];
    fact.tagValues = {};
  } else {
    const expression = attributeValue(tagsAttr);
    const tags = evaluate(expression, scope, TAGS_EVAL);
    if (tags.type === 'map' && !tags.hasUnknownKeys) {
      fact.tagKeys = tags.entries.map((e) => e.key);
      fact.tagValues = Object.fromEntries(tags.entries.map((e) => [e.key, e.value.type === 'string' ? e.value.value : undefined]));
    }
    const literal = expression?.namedChildren[0]?.type === 'collection_value' ? expression.namedChildren[0].namedChildren[0] : undefined;
    if (literal?.type === 'object') fact.tagsRange = rangeOf(literal);
  }

  const providerRef = providerReference(attrs.get('provider'));
  let inheritedValues: Record<string, string | undefined> = {};
  if (providerRef === undefined) {
    fact.inheritedTagsUnknown = true;
  } else {
    const inherited = providerTags.get(providerRef);
    if (inherited) {
      if (inherited.keys.length > 0) fact.inheritedTagKeys = inherited.keys;
      if (inherited.unknown) fact.inheritedTagsUnknown = true;
      inheritedValues = inherited.values;
    }
  }

  const insertAt = insertionPoint(doc, block);
  if (insertAt) fact.insertAt = insertAt;
  return { fact, inheritedValues };
}

/** 'aws' without a provider attribute; 'aws.west' for `provider = aws.west`; undefined when not a plain reference. */
function providerReference(attribute: Node | undefined): string | undefined {
  if (!attribute) return 'aws';
  const text = attributeValue(attribute)?.text.trim() ?? '';
  return /^aws(\.[A-Za-z_][\w-]*)?$/.test(text) ? text : undefined;
}

/** Start of the line holding the block's closing brace, with the body's indentation; none for one-line blocks. */
function insertionPoint(doc: Document, block: HclBlock): { offset: number; indent: string } | undefined {
  const close = block.range.end - 1;
  if (doc.text[close] !== '}') return undefined;
  const { line } = doc.lines.positionAt(close);
  const lineStart = doc.lines.lineStart(line);
  if (doc.text.slice(lineStart, close).trim() !== '' || lineStart <= block.range.start) return undefined;
  const first = block.body?.namedChildren.find((c) => c !== null && c.type !== 'comment');
  let indent: string;
  if (first) {
    const firstLine = doc.lines.positionAt(first.startIndex).line;
    indent = doc.text.slice(doc.lines.lineStart(firstLine), first.startIndex);
    if (indent.trim() !== '') indent = '  ';
  } else {
    indent = doc.text.slice(lineStart, close) + '  ';
  }
  return { offset: lineStart, indent };
}

// ---------------------------------------------------------------------------
// Credentials and identities
// ---------------------------------------------------------------------------

function accessKeyFact(block: HclBlock, scope: HclScope, userNames: Map<string, string>): CredentialUseFact {
  const [type, name] = block.labels;
  const attrs = attributesOf(block.body);
  const fact: CredentialUseFact = {
    kind: 'credentialUse',
    mechanism: 'aws-access-key',
    name: `${type}.${name}`,
    resourceType: type,
    range: block.range,
    headerRange: block.headerRange,
  };
  const identity = userOf(attributeValue(attrs.get('user')), scope, userNames);
  if (identity) fact.identity = identity;
  const status = evaluate(attributeValue(attrs.get('status')), scope, POLICY_EVAL);
  if (status.type === 'string' && status.value.toLowerCase() === 'inactive') fact.inactive = true;
  return fact;
}

/** `aws_iam_user.ci.name` → 'aws_iam_user.ci'; a literal user name → the user declared with it here, else the name itself. */
function userOf(expression: Node | undefined, scope: HclScope, userNames: Map<string, string>): string | undefined {
  if (!expression) return undefined;
  const reference = /^aws_iam_user\.([A-Za-z_][\w-]*)(?:\.[A-Za-z_]\w*|\[[^\]\n]*\])*$/.exec(expression.text.trim());
  if (reference) return `aws_iam_user.${reference[1]}`;
  const value = evaluate(expression, scope, POLICY_EVAL);
  if (value.type !== 'string' || value.value === '') return undefined;
  return userNames.get(value.value) ?? value.value;
}

function identityFact(
  block: HclBlock,
  address: string,
  identityKind: IdentityFact['identityKind'],
  owner: string | undefined,
  credentials: CredentialUseFact[],
  facts: Fact[],
): IdentityFact {
  const fact: IdentityFact = { kind: 'identity', identityKind, name: address, cloud: 'aws', range: block.range };
  if (owner) fact.owner = owner;
  let credential: CredentialMechanism | undefined;
  if (identityKind === 'aws-iam-user' && credentials.some((c) => c.identity === address && !c.inactive)) credential = 'aws-access-key';
  if (identityKind === 'aws-iam-role') {
    // The trust policy is inline or a `data.aws_iam_policy_document.<name>.json` reference in this file.
    const ref = /^data\.aws_iam_policy_document\.([A-Za-z_][\w-]*)\.json$/.exec(attributeValue(attributesOf(block.body).get('assume_role_policy'))?.text.trim() ?? '');
    const trustSources = new Set([address, ...(ref ? [`data.aws_iam_policy_document.${ref[1]}`] : [])]);
    // AssumeRoleWithWebIdentity is what an OIDC-federated workload (GitHub Actions, IRSA) calls.
    const federated = facts.some(
      (f) =>
        f.kind === 'policyStatement' &&
        f.trust &&
        f.effect === 'Allow' &&
        trustSources.has(f.source) &&
        Array.isArray(f.actions) &&
        f.actions.some((a) => a.toLowerCase() === 'sts:assumerolewithwebidentity'),
    );
    if (federated) credential = 'oidc';
  }
  if (credential) fact.credential = credential;
  return fact;
}


