/**
 * Azure Resource Manager (ARM) JSON templates → RoleGrantFact for
 * `Microsoft.Authorization/roleAssignments`. The built-in role is read from the well-known
 * role definition GUID in `roleDefinitionId` (usually inside an ARM expression such as
 * `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3a…')]`), or from a
 * parameter's default value. The scope comes from the resource's `scope` property or, when
 * absent, from the deployment schema (subscription / management group / resource group).
 * Anything else (custom role ids, parameters without defaults) stays 'unknown'.
 */
import type * as jsonc from 'jsonc-parser';
import type { Fact, RoleGrantFact } from '../model';
import type { Extractor } from './index';
import { jsonToStatic, mapGet, type StaticValue } from './policy';

/** Built-in Azure role definition ids (the same in every tenant). */
const BUILT_IN_ROLES: Record<string, string> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
};
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const PARAMETER_REF = /^\[\s*parameters\(\s*'([^']{1,200})'\s*\)\s*\]$/;
const ROLE_ASSIGNMENT_TYPE = 'microsoft.authorization/roleassignments';

export const armExtractor: Extractor = {
  name: 'arm',
  produces: ['roleGrant', 'identity', 'link'],
  applies: (doc) =>
    (doc.format === 'json' || doc.format === 'jsonc') && /deploymentTemplate\.json/i.test(doc.text) && /Microsoft\.Authorization\/roleAssignments/i.test(doc.text),
  extract(doc) {
    if (doc.parsed?.kind !== 'json' || !doc.parsed.root) return [];
    const root = jsonToStatic(doc.parsed.root as jsonc.Node);
    if (root.type !== 'map') return [];
    const schema = mapGet(root, '$schema');
    const deploymentScope = scopeOfSchema(schema?.type === 'string' ? schema.value : '');
    const parameters = mapGet(root, 'parameters');
    const facts: Fact[] = [];
    const resources = mapGet(root, 'resources');
    // languageVersion 2.0 templates key resources by symbolic name.
    const list = resources?.type === 'list' ? resources.items : resources?.type === 'map' ? resources.entries.map((e) => e.value) : [];
    for (const resource of list) collect(resource, deploymentScope, parameters, facts, 0);
    return facts;
  },
};

function collect(resource: StaticValue, deploymentScope: RoleGrantFact['scopeKind'], parameters: StaticValue | undefined, facts: Fact[], depth: number): void {
  if (resource.type !== 'map' || depth > 8) return;
  const type = mapGet(resource, 'type');
  if (type?.type === 'string' && type.value.toLowerCase() === ROLE_ASSIGNMENT_TYPE) {
    const grant = roleAssignment(resource, deploymentScope, parameters);
    if (grant) facts.push(grant);
  }
  // Child resources (`resources: [...]` inside a resource) inherit the template's deployment scope.
  const children = mapGet(resource, 'resources');
  if (children?.type === 'list') for (const child of children.items) collect(child, deploymentScope, parameters, facts, depth + 1);
}

function scopeOfSchema(schema: string): RoleGrantFact['scopeKind'] {
  const s = schema.toLowerCase();
  if (s.includes('subscriptiondeploymenttemplate')) return 'subscription';
  if (s.includes('managementgroupdeploymenttemplate')) return 'management-group';
  if (s.includes('tenantdeploymenttemplate')) return 'organization';
  if (s.includes('deploymenttemplate')) return 'resource-group';
  return 'unknown';
}

function roleAssignment(resource: StaticValue, deploymentScope: RoleGrantFact['scopeKind'], parameters: StaticValue | undefined): RoleGrantFact | undefined {
  const properties = mapGet(resource, 'properties');
  const roleDefinition = mapGet(properties, 'roleDefinitionId');
  if (!roleDefinition) return undefined;
  const principalId = mapGet(properties, 'principalId');
  const principalType = mapGet(properties, 'principalType');
  const scopeValue = mapGet(resource, 'scope');
  const name = mapGet(resource, 'name');
  const condition = mapGet(properties, 'condition');
  const scope = scopeValue?.type === 'string' ? scopeValue.value : undefined;
  const grant: RoleGrantFact = {
    kind: 'roleGrant',
    cloud: 'azure',
    role: roleName(roleDefinition, parameters),
    member: principalId?.type === 'string' ? principalId.value : 'unknown',
    memberKind: memberKindOf(principalType, principalId),
    scopeKind: scopeValue === undefined ? deploymentScope : scope === undefined ? 'unknown' : scopeOfExpression(scope),
    source: name?.type === 'string' ? `roleAssignment ${name.value}` : 'roleAssignment',
    range: resource.range,
    roleRange: roleDefinition.range,
  };
  if (scope !== undefined) grant.scope = scope;
  if (principalId) grant.memberRange = principalId.range;
  if (condition?.type === 'string' && condition.value.trim() !== '') grant.conditional = true;
  return grant;
}

/** Built-in role name from the GUID in the id (directly or via a parameter's default value). */
function roleName(value: StaticValue, parameters: StaticValue | undefined): string {
  if (value.type !== 'string') return 'unknown';
  const direct = knownRole(value.value);
  if (direct) return direct;
  const parameter = PARAMETER_REF.exec(value.value.trim())?.[1];
  if (parameter) {
    const fallback = mapGet(mapGet(parameters, parameter), 'defaultValue');
    if (fallback?.type === 'string') return knownRole(fallback.value) ?? 'unknown';
  }
  return 'unknown';
}

function knownRole(text: string): string | undefined {
  for (const match of text.matchAll(GUID)) {
    const role = BUILT_IN_ROLES[match[0].toLowerCase()];
    if (role) return role;
  }
  return undefined;
}

function memberKindOf(principalType: StaticValue | undefined, principalId: StaticValue | undefined): RoleGrantFact['memberKind'] {
  const type = principalType?.type === 'string' ? principalType.value.toLowerCase() : undefined;
  // A managed identity's principal id is read from the identity resource.
  const id = principalId?.type === 'string' ? principalId.value.toLowerCase() : '';
  if (id.includes('microsoft.managedidentity') || /\.identity\.principalid/.test(id)) return 'managed-identity';
  if (type === 'serviceprincipal') return 'service-principal';
  if (type === 'user') return 'user';
  if (type === 'group' || type === 'foreigngroup') return 'group';
  return 'unknown';
}

/** Scope of a `scope` property: an ARM expression or a literal resource id. */
function scopeOfExpression(scope: string): RoleGrantFact['scopeKind'] {
  const s = scope.toLowerCase().replace(/\s+/g, '');
  if (s.includes('managementgroups') || s.includes('managementgroup()') || s.includes('tenantresourceid(')) return 'management-group';
  if (s.includes('resourcegroups') || s.includes('resourcegroup()')) return 'resource-group';
  if (s.includes('resourceid(') || s.includes('/providers/')) return 'resource';
  if (s.includes('subscription()') || /^\/?subscriptions\/[^/]+\/?$/.test(s) || /^\[?\/?subscriptions\//.test(s)) return 'subscription';
  return 'unknown';
}
