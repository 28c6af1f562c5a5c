/**
 * CloudFormation templates (YAML with short-form intrinsic tags, or JSON) and Serverless
 * Framework files → facts:
 *  - PolicyStatementFact from `AWS::IAM::Role` (Policies, AssumeRolePolicyDocument as trust),
 *    `AWS::IAM::User` / `Group` Policies, `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`, and
 *    Serverless `provider.iam.role.statements` / legacy `provider.iamRoleStatements`;
 *  - RoleGrantFact for `ManagedPolicyArns` (and Serverless `managedPolicies`);
 *  - TaggedResourceFact, IdentityFact and CredentialUseFact (`AWS::IAM::AccessKey`).
 * Intrinsic functions are resolved only where static: `!Join` of literals, `!Sub` whose only
 * placeholders are `${AWS::Partition}` / `${AWS::URLSuffix}` or its own literal variables.
 * `!Ref`, `!GetAtt`, `!If`, `!ImportValue` … are unknown, never read as wildcards.
 */
import { ownerFromTags } from '../owner-keys';
import * as YAML from 'yaml';
import type { CredentialUseFact, Fact, IdentityFact, LinkFact, LinkRole, PolicyStatementFact, Range, RoleGrantFact, TaggedResourceFact } from '../model';
import type { Extractor } from './index';
import { jsonToStatic, mapGet, statementsFromDocument, unknownAt, type MapEntry, type StaticValue } from './policy';

const MAX_DEPTH = 64;

/** Unknown values produced by `Ref`, with the logical id they reference (to link access keys to users). */
type RefTargets = WeakMap<StaticValue, string>;

export const cloudformationExtractor: Extractor = {
  name: 'cloudformation',
  produces: ['policyStatement', 'taggedResource', 'credentialUse', 'identity', 'roleGrant', 'link'],
  applies(doc) {
    return (doc.flavors.includes('cloudformation') || doc.flavors.includes('serverless')) && (doc.format === 'yaml' || doc.format === 'json' || doc.format === 'jsonc');
  },
  extract(doc) {
    const refs: RefTargets = new WeakMap();
    const serverless = doc.flavors.includes('serverless');
    const roots: StaticValue[] = [];
    if (doc.parsed?.kind === 'yaml') {
      // Serverless `${self:…}` / `${env:…}` variables are resolved at deploy time: unknown here.
      const isUnknownString = serverless ? (s: string) => s.includes('${') : undefined;
      for (const document of doc.parsed.documents) {
        if (document.contents) roots.push(yamlToStatic(document.contents, refs, isUnknownString, 0));
      }
    } else if (doc.parsed?.kind === 'json' && doc.parsed.root) {
      roots.push(resolveIntrinsics(jsonToStatic(doc.parsed.root), refs, 0));
    }
    const facts: Fact[] = [];
    for (const root of roots) {
      if (root.type !== 'map') continue;
      if (serverless) facts.push(...serverlessFacts(root, refs));
      else {
        facts.push(...templateFacts(mapGet(root, 'Resources'), refs));
        facts.push(...templateLinks(doc.path, resourcesOf(mapGet(root, 'Resources')), refs));
      }
    }
    return facts;
  },
};

// ---------------------------------------------------------------------------
// YAML nodes → StaticValue (short-form tags are intrinsic functions)
// ---------------------------------------------------------------------------

function nodeRange(node: { range?: [number, number, number] | null }): Range {
  const r = node.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

function yamlToStatic(node: unknown, refs: RefTargets, isUnknownString: ((s: string) => boolean) | undefined, depth: number): StaticValue {
  const range = YAML.isNode(node) ? nodeRange(node) : { start: 0, end: 0 };
  if (depth > MAX_DEPTH || !YAML.isNode(node) || YAML.isAlias(node)) return unknownAt(range);
  let value: StaticValue;
  if (YAML.isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') value = isUnknownString?.(v) ? unknownAt(range) : { type: 'string', value: v, range };
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) value = { type: 'scalar', value: v, range };
    else value = unknownAt(range);
  } else if (YAML.isSeq(node)) {
    value = { type: 'list', items: node.items.map((i) => yamlToStatic(i, refs, isUnknownString, depth + 1)), range };
  } else if (YAML.isMap(node)) {
    const entries: MapEntry[] = [];
    let hasUnknownKeys = false;
    for (const pair of node.items) {
      const key = pair.key;
      if (!YAML.isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
        hasUnknownKeys = true;
        continue;
      }
      entries.push({
        key: String(key.value),
        keyRange: nodeRange(key),
        value: pair.value === null || pair.value === undefined ? unknownAt(nodeRange(key)) : yamlToStatic(pair.value, refs, isUnknownString, depth + 1),
      });
    }
    value = { type: 'map', entries, range, hasUnknownKeys: hasUnknownKeys || undefined };
  } else {
    return unknownAt(range);
  }
  const tag = node.tag;
  if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
    const name = tag === '!Ref' ? 'Ref' : tag === '!Condition' ? 'Condition' : `Fn::${tag.slice(1)}`;
    return intrinsic(name, value, range, refs);
  }
  return resolveIntrinsics(value, refs, depth, true);
}

/** Long-form intrinsics ({ "Ref": … }, { "Fn::Sub": … }) anywhere in a value. `shallow` when children are already resolved. */
function resolveIntrinsics(value: StaticValue, refs: RefTargets, depth: number, shallow = false): StaticValue {
  if (depth > MAX_DEPTH) return unknownAt(value.range);
  if (value.type === 'list' && !shallow) return { ...value, items: value.items.map((i) => resolveIntrinsics(i, refs, depth + 1)) };
  if (value.type !== 'map') return value;
  if (value.entries.length === 1 && !value.hasUnknownKeys) {
    const [only] = value.entries;
    if (only.key === 'Ref' || only.key.startsWith('Fn::')) {
      const arg = shallow ? only.value : resolveIntrinsics(only.value, refs, depth + 1);
      return intrinsic(only.key, arg, value.range, refs);
    }
  }
  if (shallow) return value;
  return { ...value, entries: value.entries.map((e) => ({ ...e, value: resolveIntrinsics(e.value, refs, depth + 1) })) };
}

/** Pseudo parameters whose value does not matter for privilege analysis (partition `aws`, `aws-cn` … all read alike). */
const PSEUDO_PARAMETERS: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };
const SUB_PLACEHOLDER = /\$\{([^}]*)\}/g;

function intrinsic(name: string, arg: StaticValue, range: Range, refs: RefTargets): StaticValue {
  switch (name) {
    case 'Ref': {
      if (arg.type === 'string' && PSEUDO_PARAMETERS[arg.value] !== undefined) return { type: 'string', value: PSEUDO_PARAMETERS[arg.value], range };
      const unknown = unknownAt(range);
      if (arg.type === 'string') refs.set(unknown, arg.value);
      return unknown;
    }
    case 'Fn::Sub': {
      const template = arg.type === 'list' ? arg.items[0] : arg;
      const variables = arg.type === 'list' ? arg.items[1] : undefined;
      if (template?.type !== 'string') return unknownAt(range);
      let unresolved = false;
      const text = template.value.replace(SUB_PLACEHOLDER, (whole, inner: string) => {
        if (inner.startsWith('!')) return `\${${inner.slice(1)}}`; // ${!Literal} is an escaped literal
        const variable = mapGet(variables, inner.trim());
        if (variable?.type === 'string') return variable.value;
        const pseudo = PSEUDO_PARAMETERS[inner.trim()];
        if (pseudo !== undefined) return pseudo;
        unresolved = true;
        return whole;
      });
      return unresolved ? unknownAt(range) : { type: 'string', value: text, range };
    }
    case 'Fn::Join': {
      if (arg.type !== 'list' || arg.items.length !== 2) return unknownAt(range);
      const [delimiter, parts] = arg.items;
      if (delimiter.type !== 'string' || parts.type !== 'list' || !parts.items.every((p) => p.type === 'string')) return unknownAt(range);
      return { type: 'string', value: parts.items.map((p) => (p as { value: string }).value).join(delimiter.value), range };
    }
    default:
      return unknownAt(range);
  }
}

// ---------------------------------------------------------------------------
// Template resources → facts
// ---------------------------------------------------------------------------

interface TemplateResource {
  logicalId: string;
  type: string;
  properties: StaticValue | undefined;
  keyRange: Range;
  range: Range;
}

const TAGGABLE_RESOURCES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::SecretsManager::Secret', 'AWS::IAM::OIDCProvider']);

function resourcesOf(resources: StaticValue | undefined): TemplateResource[] {
  if (!resources || resources.type !== 'map') return [];
  const out: TemplateResource[] = [];
  for (const entry of resources.entries) {
    const type = mapGet(entry.value, 'Type');
    if (type?.type !== 'string') continue;
    out.push({
      logicalId: entry.key,
      type: type.value,
      properties: mapGet(entry.value, 'Properties'),
      keyRange: entry.keyRange,
      range: { start: entry.keyRange.start, end: entry.value.range.end },
    });
  }
  return out;
}

function templateFacts(resourcesValue: StaticValue | undefined, refs: RefTargets, inherited?: TagSet): Fact[] {
  const resources = resourcesOf(resourcesValue);
  const facts: Fact[] = [];
  const trustBySource = new Map<string, PolicyStatementFact[]>();

  for (const r of resources) {
    const props = r.properties;
    if (r.type === 'AWS::IAM::Role') {
      const trustDocument = mapGet(props, 'AssumeRolePolicyDocument');
      const trust = trustDocument ? statementsFromDocument(trustDocument, { source: r.logicalId, trust: true }) : [];
      trustBySource.set(r.logicalId, trust);
      facts.push(...trust);
    }
    if (['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].includes(r.type)) {
      const policies = mapGet(props, 'Policies');
      if (policies?.type === 'list') {
        for (const policy of policies.items) {
          const document = mapGet(policy, 'PolicyDocument');
          if (document) facts.push(...statementsFromDocument(document, { source: r.logicalId }));
        }
      }
    }
    if (r.type === 'AWS::Serverless::Function' || r.type === 'AWS::Serverless::StateMachine') facts.push(...samPolicyFacts(r));
    if (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') {
      const document = mapGet(props, 'PolicyDocument');
      if (document) facts.push(...statementsFromDocument(document, { source: r.logicalId }));
    }
  }

  const userIds = new Map<string, string>(); // UserName literal → logical id
  for (const r of resources) {
    if (r.type !== 'AWS::IAM::User') continue;
    const userName = mapGet(r.properties, 'UserName');
    if (userName?.type === 'string') userIds.set(userName.value, r.logicalId);
  }
  const credentials: CredentialUseFact[] = [];
  for (const r of resources) {
    if (r.type !== 'AWS::IAM::AccessKey') continue;
    const fact: CredentialUseFact = {
      kind: 'credentialUse',
      mechanism: 'aws-access-key',
      name: r.logicalId,
      resourceType: r.type,
      range: r.range,
      headerRange: r.keyRange,
    };
    const userName = mapGet(r.properties, 'UserName');
    const identity = userName?.type === 'string' ? (userIds.get(userName.value) ?? userName.value) : userName ? refs.get(userName) : undefined;
    if (identity) fact.identity = identity;
    const status = mapGet(r.properties, 'Status');
    if (status?.type === 'string' && status.value.toLowerCase() === 'inactive') fact.inactive = true;
    credentials.push(fact);
  }
  facts.push(...credentials);

  for (const r of resources) {
    const memberKind = r.type === 'AWS::IAM::Role' ? awsRoleMemberKind(r.logicalId, trustBySource.get(r.logicalId) ?? []) : r.type === 'AWS::IAM::User' ? 'user' : 'group';
    if (['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].includes(r.type)) {
      facts.push(...managedPolicyGrants(mapGet(r.properties, 'ManagedPolicyArns'), r.logicalId, memberKind, r.range));
    }
    if (!TAGGABLE_RESOURCES.has(r.type)) continue;
    const tags = tagSet(mapGet(r.properties, 'Tags'));
    const tagged: TaggedResourceFact = { kind: 'taggedResource', resourceType: r.type, name: r.logicalId, range: r.range, headerRange: r.keyRange };
    if (tags) {
      tagged.tagKeys = tags.keys;
      tagged.tagValues = tags.values;
      if (tags.range) tagged.tagsRange = tags.range;
    }
    if (inherited) {
      if (inherited.keys.length > 0) tagged.inheritedTagKeys = inherited.keys;
    }
    facts.push(tagged);
    if (r.type === 'AWS::IAM::Role' || r.type === 'AWS::IAM::User') {
      const identity: IdentityFact = { kind: 'identity', identityKind: r.type === 'AWS::IAM::Role' ? 'aws-iam-role' : 'aws-iam-user', name: r.logicalId, cloud: 'aws', range: r.range };
      const owner = ownerFromTags({ ...inherited?.values, ...tags?.values });
      if (owner) identity.owner = owner;
      if (r.type === 'AWS::IAM::User' && credentials.some((c) => c.identity === r.logicalId && !c.inactive)) identity.credential = 'aws-access-key';
      const trust = trustBySource.get(r.logicalId) ?? [];
      if (trust.some((s) => s.effect === 'Allow' && Array.isArray(s.actions) && s.actions.some((a) => a.toLowerCase() === 'sts:assumerolewithwebidentity'))) identity.credential = 'oidc';
      facts.push(identity);
    }
  }
  return facts;
}

// ---------------------------------------------------------------------------
// Identity links (project/links.ts): a template's users, roles and groups, their access keys
// and the policies attached to them, keyed like Terraform's (a stack-scoped key per logical
// id, the IAM name as an alias that other files may use).
// ---------------------------------------------------------------------------

const IAM_IDENTITIES: Record<string, { nameProperty: string; prefix: string; what: string }> = {
  'AWS::IAM::User': { nameProperty: 'UserName', prefix: 'aws-user', what: 'IAM user' },
  'AWS::IAM::Role': { nameProperty: 'RoleName', prefix: 'aws-role', what: 'IAM role' },
  'AWS::IAM::Group': { nameProperty: 'GroupName', prefix: 'aws-group', what: 'IAM group' },
};

/** Policy properties naming the identities a policy is attached to, and the kind each names. */
const POLICY_TARGETS: [property: string, type: string][] = [
  ['Users', 'AWS::IAM::User'],
  ['Roles', 'AWS::IAM::Role'],
  ['Groups', 'AWS::IAM::Group'],
];

function templateLinks(path: string, resources: TemplateResource[], refs: RefTargets): LinkFact[] {
  const stackKey = (logicalId: string) => `cfn:${path}:${logicalId}`;
  const byLogicalId = new Map(resources.map((r) => [r.logicalId, r]));
  // An identity's key from a reference to it: `!Ref Resource` (its logical id, in this template), or a name.
  const identityKey = (value: StaticValue | undefined, type: string): string | undefined => {
    if (!value) return undefined;
    const target = refs.get(value);
    if (target !== undefined) return byLogicalId.get(target)?.type === type ? stackKey(target) : undefined;
    if (value.type !== 'string' || value.value === '') return undefined;
    // A name this template declares is that resource; another is the IAM name (roles may be given by ARN).
    const declared = resources.find((r) => r.type === type && stringProperty(r, IAM_IDENTITIES[type].nameProperty) === value.value);
    if (declared) return stackKey(declared.logicalId);
    const name = value.value.startsWith('arn:') ? value.value.slice(value.value.lastIndexOf('/') + 1) : value.value;
    return `${IAM_IDENTITIES[type].prefix}:${name}`;
  };
  const links: LinkFact[] = [];
  const push = (key: string, role: LinkRole, label: string, r: TemplateResource, aliases: string[] = []) => {
    links.push({ kind: 'link', key, role, label, range: r.range, ...(aliases.length > 0 ? { aliases } : {}) });
  };
  for (const r of resources) {
    const identity = IAM_IDENTITIES[r.type];
    if (identity) {
      const name = stringProperty(r, identity.nameProperty);
      push(stackKey(r.logicalId), 'declaration', `${r.logicalId} (${r.type}): the ${identity.what}${name ? ` "${name}"` : ''}`, r, name ? [`${identity.prefix}:${name}`] : []);
    } else if (r.type === 'AWS::IAM::AccessKey') {
      const owner = identityKey(mapGet(r.properties, 'UserName'), 'AWS::IAM::User');
      push(stackKey(r.logicalId), 'credential', `${r.logicalId} (${r.type}): a long-lived access key of this user`, r, owner ? [owner] : []);
    } else if (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') {
      for (const [property, type] of POLICY_TARGETS) {
        const targets = mapGet(r.properties, property);
        for (const target of targets?.type === 'list' ? targets.items : []) {
          const key = identityKey(target, type);
          if (key) push(key, 'policy', `${r.logicalId} (${r.type}): a policy attached to this identity`, r);
        }
      }
    }
  }
  return links;
}

function stringProperty(r: TemplateResource, name: string): string | undefined {
  const value = mapGet(r.properties, name);
  return value?.type === 'string' && value.value !== '' ? value.value : undefined;
}

function managedPolicyGrants(arns: StaticValue | undefined, member: string, memberKind: RoleGrantFact['memberKind'], range: Range): RoleGrantFact[] {
  if (!arns) return [];
  const items = arns.type === 'list' ? arns.items : [arns];
  return items.map((item) => ({
    kind: 'roleGrant',
    cloud: 'aws',
    role: item.type === 'string' ? item.value : 'unknown',
    member,
    memberKind,
    source: member,
    range,
    roleRange: item.range,
  }));
}

/**
 * SAM `Policies` of a function / state machine (its generated execution role, a workload role):
 * a managed policy name or ARN, an inline policy document, or a SAM policy template
 * (`S3CrudPolicy: {…}`, scoped by design: no fact). Ignored by SAM when `Role` is set.
 */
function samPolicyFacts(r: TemplateResource): Fact[] {
  const policies = mapGet(r.properties, 'Policies');
  if (!policies || mapGet(r.properties, 'Role')) return [];
  const facts: Fact[] = [];
  for (const item of policies.type === 'list' ? policies.items : [policies]) {
    if (item.type === 'map' && mapGet(item, 'Statement')) facts.push(...statementsFromDocument(item, { source: r.logicalId }));
    else if (item.type === 'string') {
      const role = item.value.startsWith('arn:') ? item.value : `arn:aws:iam::aws:policy/${item.value}`;
      facts.push({ kind: 'roleGrant', cloud: 'aws', role, member: r.logicalId, memberKind: 'workload-role', source: r.logicalId, range: r.range, roleRange: item.range });
    }
  }
  return facts;
}

interface TagSet {
  keys: string[];
  values: Record<string, string | undefined>;
  range?: Range;
}

/** CloudFormation `Tags: [{ Key, Value }]`; an absent list is no tags, anything not static is undefined (unknown). */
function tagSet(tags: StaticValue | undefined): TagSet | undefined {
  if (tags === undefined) return { keys: [], values: {} };
  if (tags.type !== 'list') return undefined;
  const out: TagSet = { keys: [], values: {}, range: tags.range };
  for (const item of tags.items) {
    const key = mapGet(item, 'Key');
    if (key?.type !== 'string') return undefined;
    const value = mapGet(item, 'Value');
    out.keys.push(key.value);
    out.values[key.value] = value?.type === 'string' ? value.value : undefined;
  }
  return out;
}

/** Serverless `provider.stackTags` / `tags` maps. */
function tagMap(tags: StaticValue | undefined): TagSet | undefined {
  if (tags === undefined) return { keys: [], values: {} };
  if (tags.type !== 'map' || tags.hasUnknownKeys) return undefined;
  return { keys: tags.entries.map((e) => e.key), values: Object.fromEntries(tags.entries.map((e) => [e.key, e.value.type === 'string' ? e.value.value : undefined])) };
}


// ---------------------------------------------------------------------------
// Serverless Framework
// ---------------------------------------------------------------------------

function serverlessFacts(root: StaticValue, refs: RefTargets): Fact[] {
  const provider = mapGet(root, 'provider');
  const facts: Fact[] = [];
  const role = mapGet(mapGet(provider, 'iam'), 'role');
  const source = 'serverless provider role';
  for (const statements of [mapGet(role, 'statements'), mapGet(provider, 'iamRoleStatements')]) {
    if (!statements) continue;
    const document: StaticValue = { type: 'map', entries: [{ key: 'Statement', keyRange: statements.range, value: statements }], range: statements.range };
    facts.push(...statementsFromDocument(document, { source }));
  }
  for (const managed of [mapGet(role, 'managedPolicies'), mapGet(provider, 'iamManagedPolicies')]) {
    // The provider role is the Lambda execution role: a workload role.
    facts.push(...managedPolicyGrants(managed, source, 'workload-role', managed?.range ?? { start: 0, end: 0 }));
  }
  const stackTags = tagMap(mapGet(provider, 'stackTags'));
  facts.push(...templateFacts(mapGet(mapGet(root, 'resources'), 'Resources'), refs, stackTags));
  return facts;
}

// ---------------------------------------------------------------------------
// Who a role serves (shared with the Terraform extractor)
// ---------------------------------------------------------------------------

/** OIDC issuers of CI systems: a role they may assume is a CI role. */
const CI_OIDC_ISSUERS = ['token.actions.githubusercontent.com', 'gitlab.com', 'gitlab', 'app.terraform.io', 'oidc.circleci.com', 'api.bitbucket.org', 'vstoken.dev.azure.com', 'buildkite.com'];
const CI_NAME_WORDS = new Set(['ci', 'cd', 'cicd', 'deploy', 'deployer', 'deployment', 'pipeline', 'github', 'gitlab', 'jenkins', 'buildkite', 'circleci', 'codebuild', 'codepipeline', 'terraform', 'atlantis']);

/**
 * 'ci-role' when the trust policy lets a CI OIDC issuer in or the name says ci/deploy;
 * 'workload-role' when it trusts a service or another OIDC issuer (EKS); 'user' for SAML
 * (people); 'unknown' otherwise (e.g. only account principals: could be people or automation).
 */
export function awsRoleMemberKind(name: string, trust: PolicyStatementFact[]): RoleGrantFact['memberKind'] {
  const principals = trust.filter((s) => s.effect === 'Allow' && Array.isArray(s.principals)).flatMap((s) => s.principals as string[]);
  const lower = principals.map((p) => p.toLowerCase());
  if (lower.some((p) => p.startsWith('federated:') && CI_OIDC_ISSUERS.some((issuer) => p.includes(issuer)))) return 'ci-role';
  // The provider ARN is often built with !Sub / a resource reference; the condition keys still name the issuer.
  const webIdentity = trust.filter((s) => s.effect === 'Allow' && Array.isArray(s.actions) && s.actions.some((a) => a.toLowerCase() === 'sts:assumerolewithwebidentity'));
  const conditionKeys = webIdentity.flatMap((s) => s.conditionKeys ?? []);
  if (conditionKeys.some((k) => CI_OIDC_ISSUERS.some((issuer) => k.startsWith(issuer)))) return 'ci-role';
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  if (words.some((w) => CI_NAME_WORDS.has(w))) return 'ci-role';
  if (webIdentity.length > 0 || lower.some((p) => p.startsWith('service:') || (p.startsWith('federated:') && p.includes('oidc')))) return 'workload-role';
  if (lower.some((p) => p.startsWith('federated:') && p.includes('saml'))) return 'user';
  return 'unknown';
}

