/**
 * Terraform (HCL via tree-sitter) → GCP and Azure identity facts:
 *  - RoleGrantFact for GCP `google_{project,folder,organization}_iam_{member,binding,policy}`
 *    (policy_data from a `data "google_iam_policy"` in the same file), other `google_*_iam_member`
 *    / `_binding` resources at resource scope, and Azure `azurerm_role_assignment`;
 *  - IdentityFact for `google_service_account` and `azurerm_user_assigned_identity`
 *    (the latter also a TaggedResourceFact);
 *  - CredentialUseFact for `google_service_account_key` and Azure AD application /
 *    service principal passwords.
 * Like terraform.ts, only what is statically known in this file is used: an unresolvable
 * role, member or scope is 'unknown', never a guess.
 */
import { ownerFromTags } from '../owner-keys';
import type { Node } from 'web-tree-sitter';
import type { CredentialUseFact, Document, Fact, IdentityFact, Range, RoleGrantFact, TaggedResourceFact } from '../model';
import type { Extractor } from './index';
import { moduleValuesFor, terraformModuleOf, type TerraformModule } from '../project/terraform-module';
import { attributeValue, attributesOf, blocksOf, buildScope, evaluate, rangeOf, type EvalOptions, type HclBlock, type HclScope } from './hcl';
import type { StaticValue } from './policy';

/** Like policies: what the module grants by default, so `var.x` resolves to its default. */
const GRANT_EVAL: EvalOptions = { useVariableDefaults: true };
/** Tags: callers usually pass values, so a variable default says nothing about the deployed tags. */
const TAGS_EVAL: EvalOptions = { useVariableDefaults: false };

const GCP_SCOPES: Record<string, { kind: NonNullable<RoleGrantFact['scopeKind']>; attribute: string }> = {
  project: { kind: 'project', attribute: 'project' },
  folder: { kind: 'folder', attribute: 'folder' },
  organization: { kind: 'organization', attribute: 'org_id' },
};

const GCP_IAM_RESOURCE = /^google_([a-z0-9_]+?)_iam_(member|binding|policy)$/;

/** Built-in Azure role definition ids (the same GUID in every tenant) → role name. */
export const AZURE_BUILTIN_ROLE_IDS: ReadonlyMap<string, string> = new Map([
  ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'Owner'],
  ['b24988ac-6180-42a0-ab88-20f7382dd24c', 'Contributor'],
  ['18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'User Access Administrator'],
  ['acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader'],
]);


export const terraformGcpAzureExtractor: Extractor = {
  name: 'terraform-gcp-azure',
  produces: ['roleGrant', 'taggedResource', 'credentialUse', 'identity', 'link'],
  applies(doc) {
    return doc.format === 'terraform';
  },
  mentions: /\b(?:google|azurerm|azuread)_/,
  extract(doc, env) {
    if (doc.parsed?.kind !== 'tree-sitter' || doc.parsed.grammar !== 'hcl') return [];
    return extractGcpAzure(doc, doc.parsed.tree.rootNode, terraformModuleOf(doc, env?.project));
  },
};

export function extractGcpAzure(doc: Document, root: Node, module?: TerraformModule): Fact[] {
  const scope = buildScope(root, moduleValuesFor(module, doc.uri));
  const blocks = blocksOf(root);
  const resources = blocks.filter((b) => b.type === 'resource' && b.labels.length >= 2);
  const policyData = new Map<string, HclBlock>();
  const roleDefinitions = new Map<string, HclBlock>();
  for (const block of blocks) {
    if (block.type !== 'data' || block.labels.length < 2) continue;
    if (block.labels[0] === 'google_iam_policy') policyData.set(block.labels[1], block);
    if (block.labels[0] === 'azurerm_role_definition') roleDefinitions.set(block.labels[1], block);
  }

  const facts: Fact[] = [];
  const credentials: CredentialUseFact[] = [];
  for (const block of resources) {
    const type = block.labels[0];
    if (type === 'azurerm_role_assignment') facts.push(azureRoleAssignment(block, scope, roleDefinitions));
    else if (GCP_IAM_RESOURCE.test(type)) facts.push(...gcpGrants(block, scope, policyData));
    else if (type === 'google_service_account_key') credentials.push(credentialFact(block, 'gcp-service-account-key', identityReference(block, ['service_account_id'], scope)));
    else if (type === 'azuread_application_password' || type === 'azuread_service_principal_password') {
      credentials.push(credentialFact(block, 'azure-client-secret', identityReference(block, ['application_id', 'application_object_id', 'service_principal_id'], scope)));
    }
  }
  facts.push(...credentials);

  for (const block of resources) {
    const [type, name] = block.labels;
    const address = `${type}.${name}`;
    if (type === 'google_service_account') {
      const identity: IdentityFact = { kind: 'identity', identityKind: 'gcp-service-account', name: address, cloud: 'gcp', range: block.range };
      if (credentials.some((c) => c.identity === address)) identity.credential = 'gcp-service-account-key';
      facts.push(identity);
    } else if (type === 'azurerm_user_assigned_identity') {
      const tagged = taggedFact(block, scope);
      facts.push(tagged);
      const identity: IdentityFact = { kind: 'identity', identityKind: 'azure-identity', name: address, cloud: 'azure', range: block.range, credential: 'workload-identity' };
      const owner = ownerFromTags(tagged.tagValues);
      if (owner) identity.owner = owner;
      facts.push(identity);
    }
  }
  return facts;
}

// ---------------------------------------------------------------------------
// GCP IAM
// ---------------------------------------------------------------------------

function gcpGrants(block: HclBlock, scope: HclScope, policyData: Map<string, HclBlock>): RoleGrantFact[] {
  const [type, name] = block.labels;
  const match = GCP_IAM_RESOURCE.exec(type);
  if (!match) return [];
  const [, target, variant] = match;
  const attrs = attributesOf(block.body);
  const source = `${type}.${name}`;
  const known = GCP_SCOPES[target];
  const base: Pick<RoleGrantFact, 'kind' | 'cloud' | 'source' | 'scopeKind' | 'scope'> = {
    kind: 'roleGrant',
    cloud: 'gcp',
    source,
    scopeKind: known ? known.kind : 'resource',
  };
  if (known) {
    const value = evaluate(attributeValue(attrs.get(known.attribute)), scope, GRANT_EVAL);
    if (value.type === 'string') base.scope = value.value;
  }

  if (variant === 'policy') {
    // policy_data = data.google_iam_policy.<name>.policy_data: the bindings of that data source.
    const ref = /^data\.google_iam_policy\.([A-Za-z_][\w-]*)\.policy_data$/.exec(attributeValue(attrs.get('policy_data'))?.text.trim() ?? '');
    const data = ref ? policyData.get(ref[1]) : undefined;
    if (!data) return [];
    return blocksOf(data.body, 'binding').flatMap((binding) => bindingGrants(binding, scope, base, 'members'));
  }
  return bindingGrants(block, scope, base, variant === 'member' ? 'member' : 'members');
}

/** One fact per member of a `*_iam_member` / `*_iam_binding` resource or a `binding {}` block. */
function bindingGrants(block: HclBlock, scope: HclScope, base: Pick<RoleGrantFact, 'kind' | 'cloud' | 'source' | 'scopeKind' | 'scope'>, memberAttribute: 'member' | 'members'): RoleGrantFact[] {
  const attrs = attributesOf(block.body);
  const roleExpression = attributeValue(attrs.get('role'));
  const role = evaluate(roleExpression, scope, GRANT_EVAL);
  const roleRange = role.type === 'string' ? role.range : roleExpression ? rangeOf(roleExpression) : block.headerRange;
  const conditional = blocksOf(block.body, 'condition').length > 0;
  const members = memberExpressions(attrs.get(memberAttribute), memberAttribute, scope);
  return members.map(({ member, memberKind, range }) => {
    const fact: RoleGrantFact = {
      ...base,
      role: role.type === 'string' ? role.value : 'unknown',
      member,
      memberKind,
      range: block.range,
      roleRange,
    };
    if (range) fact.memberRange = range;
    if (conditional) fact.conditional = true;
    return fact;
  });
}

interface Member {
  member: string;
  memberKind: RoleGrantFact['memberKind'];
  range?: Range;
}

function memberExpressions(attribute: Node | undefined, memberAttribute: 'member' | 'members', scope: HclScope): Member[] {
  const expression = attributeValue(attribute);
  if (!expression) return [];
  if (memberAttribute === 'member') return [gcpMember(expression, scope)];
  const value = evaluate(expression, scope, GRANT_EVAL);
  if (value.type === 'list') {
    // Items that are not static (`"serviceAccount:${google_service_account.ci.email}"`) are read from their source.
    const items = tupleItems(expression);
    return value.items.map((item, i) => (item.type === 'string' ? memberFromString(item.value, item.range) : items && items[i] ? gcpMember(items[i], scope) : { member: 'unknown', memberKind: 'unknown', range: item.range }));
  }
  return [{ member: 'unknown', memberKind: 'unknown', range: rangeOf(expression) }];
}

/** The item expressions of a literal tuple `[a, b]`, aligned with the evaluated list; undefined otherwise. */
function tupleItems(expression: Node): Node[] | undefined {
  let node: Node | null | undefined = expression;
  while (node && node.type !== 'tuple') {
    const children: Node[] = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    if (children.length !== 1) return undefined;
    node = children[0];
  }
  return node ? node.namedChildren.filter((c): c is Node => c !== null && c.type === 'expression') : undefined;
}

function gcpMember(expression: Node, scope: HclScope): Member {
  const range = rangeOf(expression);
  const value = evaluate(expression, scope, GRANT_EVAL);
  if (value.type === 'string') return memberFromString(value.value, value.range);
  const text = expression.text.trim();
  // `google_service_account.ci.member` is "serviceAccount:<email>".
  const memberAttr = /^(?:data\.)?google_service_account\.([A-Za-z_][\w-]*)\.member$/.exec(text);
  if (memberAttr) return { member: `google_service_account.${memberAttr[1]}`, memberKind: 'service-account', range };
  // "serviceAccount:${google_service_account.ci.email}": the literal prefix says what kind of member it is.
  const template = /^"([A-Za-z]+:)\$\{([^{}"]*)\}"$/.exec(text);
  if (template) {
    const kind = memberKindOf(template[1]);
    const reference = /^(?:data\.)?google_service_account\.([A-Za-z_][\w-]*)\.email$/.exec(template[2].trim());
    return { member: reference && kind === 'service-account' ? `google_service_account.${reference[1]}` : text.slice(1, -1), memberKind: kind, range };
  }
  return { member: 'unknown', memberKind: 'unknown', range };
}

function memberFromString(member: string, range: Range): Member {
  return { member, memberKind: memberKindOf(member), range };
}

function memberKindOf(member: string): RoleGrantFact['memberKind'] {
  const m = member.trim();
  if (m === 'allUsers' || m === 'allAuthenticatedUsers') return 'public';
  const prefix = m.slice(0, m.indexOf(':') + 1).toLowerCase();
  switch (prefix) {
    case 'serviceaccount:':
      return 'service-account';
    case 'user:':
      return 'user';
    case 'group:':
    case 'domain:':
      return 'group';
    case 'principal:':
    case 'principalset:':
      // Workload identity federation: an external workload (CI job, other cloud).
      return 'workload-role';
    default:
      return 'unknown';
  }
}

// ---------------------------------------------------------------------------
// Azure role assignments
// ---------------------------------------------------------------------------

function azureRoleAssignment(block: HclBlock, scope: HclScope, roleDefinitions: Map<string, HclBlock>): RoleGrantFact {
  const [type, name] = block.labels;
  const attrs = attributesOf(block.body);
  const role = azureRole(attrs, scope, roleDefinitions, block.headerRange);
  const principal = azurePrincipal(attrs, scope);
  const target = azureScope(attributeValue(attrs.get('scope')), scope);
  const fact: RoleGrantFact = {
    kind: 'roleGrant',
    cloud: 'azure',
    role: role.role,
    member: principal.member,
    memberKind: principal.memberKind,
    scopeKind: target.kind,
    source: `${type}.${name}`,
    range: block.range,
    roleRange: role.range,
  };
  if (target.scope) fact.scope = target.scope;
  if (principal.range) fact.memberRange = principal.range;
  if (attrs.has('condition')) fact.conditional = true;
  return fact;
}

function azureRole(attrs: Map<string, Node>, scope: HclScope, roleDefinitions: Map<string, HclBlock>, fallback: Range): { role: string; range: Range } {
  const byName = attributeValue(attrs.get('role_definition_name'));
  if (byName) {
    const value = evaluate(byName, scope, GRANT_EVAL);
    return { role: value.type === 'string' ? value.value : 'unknown', range: rangeOf(byName) };
  }
  const byId = attributeValue(attrs.get('role_definition_id'));
  if (!byId) return { role: 'unknown', range: fallback };
  const range = rangeOf(byId);
  const value = evaluate(byId, scope, GRANT_EVAL);
  const text = value.type === 'string' ? value.value : byId.text;
  // The role definition GUID is the last path segment (also of `/subscriptions/${var.id}/providers/…/roleDefinitions/<guid>`).
  const lastSegment = text.slice(text.lastIndexOf('/') + 1).replace(/"$/, '').trim().toLowerCase();
  const builtin = AZURE_BUILTIN_ROLE_IDS.get(lastSegment);
  if (builtin) return { role: builtin, range };
  // data.azurerm_role_definition.<x>.id (or .role_definition_id) with a static `name`.
  const ref = /^data\.azurerm_role_definition\.([A-Za-z_][\w-]*)\.(?:id|role_definition_id)$/.exec(byId.text.trim());
  const data = ref ? roleDefinitions.get(ref[1]) : undefined;
  if (data) {
    const dataName = evaluate(attributeValue(attributesOf(data.body).get('name')), scope, GRANT_EVAL);
    if (dataName.type === 'string') return { role: dataName.value, range };
  }
  return { role: value.type === 'string' ? value.value : 'unknown', range };
}

const PRINCIPAL_REFERENCES: { pattern: RegExp; kind: RoleGrantFact['memberKind'] }[] = [
  { pattern: /^((?:data\.)?azurerm_user_assigned_identity\.[A-Za-z_][\w-]*)\.principal_id$/, kind: 'managed-identity' },
  // System-assigned identity of a VM, app, function …: <resource>.identity[0].principal_id
  { pattern: /^((?:data\.)?azurerm_[a-z0-9_]+\.[A-Za-z_][\w-]*)\.identity\[0\]\.principal_id$/, kind: 'managed-identity' },
  { pattern: /^((?:data\.)?azuread_service_principal\.[A-Za-z_][\w-]*)\.(?:object_id|id)$/, kind: 'service-principal' },
  { pattern: /^((?:data\.)?azuread_group\.[A-Za-z_][\w-]*)\.(?:object_id|id)$/, kind: 'group' },
  { pattern: /^((?:data\.)?azuread_user\.[A-Za-z_][\w-]*)\.(?:object_id|id)$/, kind: 'user' },
];

function azurePrincipal(attrs: Map<string, Node>, scope: HclScope): Member {
  const expression = attributeValue(attrs.get('principal_id'));
  if (!expression) return { member: 'unknown', memberKind: 'unknown' };
  const range = rangeOf(expression);
  const text = expression.text.trim();
  for (const { pattern, kind } of PRINCIPAL_REFERENCES) {
    const m = pattern.exec(text);
    if (m) return { member: m[1], memberKind: kind, range };
  }
  const value = evaluate(expression, scope, GRANT_EVAL);
  const principalType = evaluate(attributeValue(attrs.get('principal_type')), scope, GRANT_EVAL);
  const typeKind: RoleGrantFact['memberKind'] =
    principalType.type !== 'string' ? 'unknown' : principalType.value === 'ServicePrincipal' ? 'service-principal' : principalType.value === 'User' ? 'user' : principalType.value === 'Group' ? 'group' : 'unknown';
  return { member: value.type === 'string' ? value.value : text, memberKind: typeKind, range };
}

const SCOPE_REFERENCES: { pattern: RegExp; path: string }[] = [
  { pattern: /^data\.azurerm_subscription\.[A-Za-z_][\w-]*\.id$/, path: '/subscriptions/{}' },
  { pattern: /^(?:data\.)?azurerm_management_group\.[A-Za-z_][\w-]*\.id$/, path: '/providers/Microsoft.Management/managementGroups/{}' },
  { pattern: /^(?:data\.)?azurerm_resource_group\.[A-Za-z_][\w-]*\.id$/, path: '/subscriptions/{}/resourceGroups/{}' },
];

/**
 * The scope path with every unresolvable part written as `{}`, then classified by its shape:
 * `/subscriptions/{}` is a subscription whatever the id, `{}` alone is unknown.
 */
function azureScope(expression: Node | undefined, scope: HclScope): { kind: NonNullable<RoleGrantFact['scopeKind']>; scope?: string } {
  if (!expression) return { kind: 'unknown' };
  const value = evaluate(expression, scope, GRANT_EVAL);
  if (value.type === 'string') return { kind: classifyAzureScope(value.value), scope: value.value };
  const path = scopePath(expression, scope);
  return path === undefined ? { kind: 'unknown' } : { kind: classifyAzureScope(path), scope: expression.text.trim().replace(/^"|"$/g, '') };
}

function scopePath(expression: Node, scope: HclScope): string | undefined {
  const text = expression.text.trim();
  const reference = SCOPE_REFERENCES.find((r) => r.pattern.test(text));
  if (reference) return reference.path;
  // "/subscriptions/${var.subscription_id}/resourceGroups/${azurerm_resource_group.app.name}"
  if (!text.startsWith('"') || !text.endsWith('"') || text.includes('%{')) return undefined;
  let out = '';
  const inner = text.slice(1, -1);
  const holes = /\$\{([^{}"]*)\}/g;
  let last = 0;
  for (let m = holes.exec(inner); m; m = holes.exec(inner)) {
    out += inner.slice(last, m.index);
    const ref = m[1].trim();
    const known = SCOPE_REFERENCES.find((r) => r.pattern.test(ref));
    if (known) out += known.path;
    else {
      const resolved = /^(?:var|local)\.[A-Za-z_][\w-]*$/.test(ref) ? resolveSimple(ref, scope) : undefined;
      out += resolved ?? '{}';
    }
    last = m.index + m[0].length;
  }
  if (inner.slice(last).includes('${')) return undefined;
  return out + inner.slice(last);
}

/** `var.x` / `local.x` inside an interpolation: its static value when it is one path segment. */
function resolveSimple(ref: string, scope: HclScope): string | undefined {
  const [root, name] = ref.split('.');
  const node = root === 'local' ? scope.locals.get(name) : scope.variableDefaults.get(name);
  if (!node) return undefined;
  const value: StaticValue = evaluate(node, scope, GRANT_EVAL);
  return value.type === 'string' && !value.value.includes('/') ? value.value : undefined;
}

export function classifyAzureScope(path: string): NonNullable<RoleGrantFact['scopeKind']> {
  let trimmed = path.trim();
  while (trimmed.length > 1 && trimmed.endsWith('/')) trimmed = trimmed.slice(0, -1);
  const segments = trimmed.split('/');
  if (path.trim() === '/') return 'management-group'; // the tenant root: above every management group
  if (segments[0] !== '' || segments.length < 3) return 'unknown';
  const [, first, , third, , fifth] = segments;
  if (first.toLowerCase() === 'subscriptions') {
    if (segments.length === 3) return 'subscription';
    if (third?.toLowerCase() === 'resourcegroups') return segments.length === 5 ? 'resource-group' : fifth?.toLowerCase() === 'providers' ? 'resource' : 'unknown';
    if (third?.toLowerCase() === 'providers') return 'resource';
    return 'unknown';
  }
  if (first.toLowerCase() === 'providers' && segments[2]?.toLowerCase() === 'microsoft.management' && third?.toLowerCase() === 'managementgroups' && segments.length === 5) {
    return 'management-group';
  }
  return 'unknown';
}

// ---------------------------------------------------------------------------
// Credentials, identities, tags
// ---------------------------------------------------------------------------

function credentialFact(block: HclBlock, mechanism: CredentialUseFact['mechanism'], identity: string | undefined): CredentialUseFact {
  const [type, name] = block.labels;
  const fact: CredentialUseFact = { kind: 'credentialUse', mechanism, name: `${type}.${name}`, resourceType: type, range: block.range, headerRange: block.headerRange };
  if (identity) fact.identity = identity;
  return fact;
}

/** `google_service_account.ci.name` → 'google_service_account.ci'; a static value → itself. */
function identityReference(block: HclBlock, attributes: string[], scope: HclScope): string | undefined {
  const attrs = attributesOf(block.body);
  for (const attribute of attributes) {
    const expression = attributeValue(attrs.get(attribute));
    if (!expression) continue;
    const ref = /^((?:data\.)?(?:google_service_account|azuread_application|azuread_service_principal)\.[A-Za-z_][\w-]*)\.[a-z_]+$/.exec(expression.text.trim());
    if (ref) return ref[1].replace(/^data\./, '');
    const value = evaluate(expression, scope, GRANT_EVAL);
    if (value.type === 'string' && value.value !== '') return value.value;
  }
  return undefined;
}

function taggedFact(block: HclBlock, scope: HclScope): TaggedResourceFact {
  const [type, name] = block.labels;
  // azurerm has no provider-level default tags: a resource's tags are all it has.
  const fact: TaggedResourceFact = { kind: 'taggedResource', resourceType: type, name, range: block.range, headerRange: block.headerRange };
  const expression = attributeValue(attributesOf(block.body).get('tags'));
  if (!expression) {
    fact.tagKeys = [];
    fact.tagValues = {};
    return fact;
  }
  const tags = evaluate(expression, scope, TAGS_EVAL);
  if (tags.type === 'map' && !tags.hasUnknownKeys) {
    fact.tagKeys = tags.entries.map((e) => e.key);
    fact.tagValues = Object.fromEntries(tags.entries.map((e) => [e.key, e.value.type === 'string' ? e.value.value : undefined]));
  }
  return fact;
}

