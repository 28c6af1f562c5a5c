/**
 * CI pipelines → facts: GitHub Actions workflows (and composite actions) and GitLab CI.
 *
 * - `permissions:` at workflow and job level → CiPermissionsFact.
 * - Cloud logins → CredentialUseFact: `aws-actions/configure-aws-credentials`,
 *   `google-github-actions/auth`, `azure/login`, and `env:` / `variables:` blocks that
 *   hand static cloud keys to the job. OIDC logins are recorded too (mechanism 'oidc'),
 *   so the inventory knows how each pipeline authenticates.
 * - One IdentityFact per workflow ('ci-workflow').
 *
 * Keys that come from another step's output (`${{ steps.vault.outputs.key }}`) or come
 * with a session token are short-lived, and LocalStack-style dummies (`test`) are not
 * credentials: none of these is reported as a static key.
 */
import * as YAML from 'yaml';
import type { CiPermissionsFact, CredentialMechanism, CredentialUseFact, Document, Fact, IdentityFact, LinkFact, Range } from '../model';
import type { Extractor } from './index';

export const ciExtractor: Extractor = {
  name: 'ci',
  produces: ['ciPermissions', 'credentialUse', 'identity', 'link'],
  applies: (doc) =>
    doc.format === 'yaml' && (doc.flavors.includes('github-actions') || doc.flavors.includes('gitlab-ci')),
  extract(doc) {
    if (doc.parsed?.kind !== 'yaml') return [];
    const facts: Fact[] = [];
    for (const yamlDoc of doc.parsed.documents) {
      const root = yamlDoc.contents;
      if (!YAML.isMap(root)) continue;
      if (doc.flavors.includes('github-actions')) facts.push(...extractGithubActions(doc, root));
      else facts.push(...extractGitlabCi(doc, root));
    }
    return facts;
  },
};

// ---------------------------------------------------------------------------
// YAML helpers
// ---------------------------------------------------------------------------

type YamlMap = YAML.YAMLMap<unknown, unknown>;

function rangeOf(node: unknown): Range | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

function pairOf(map: YamlMap, key: string): YAML.Pair<unknown, unknown> | undefined {
  for (const item of map.items) {
    if (YAML.isScalar(item.key) && String(item.key.value) === key) return item;
  }
  return undefined;
}

function get(map: YamlMap, key: string): unknown {
  return pairOf(map, key)?.value ?? undefined;
}

function getMap(map: YamlMap, key: string): YamlMap | undefined {
  const v = get(map, key);
  return YAML.isMap(v) ? (v as YamlMap) : undefined;
}

function scalarString(node: unknown): string | undefined {
  if (!YAML.isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function entries(map: YamlMap): { key: string; keyNode: YAML.Scalar; value: unknown }[] {
  const out: { key: string; keyNode: YAML.Scalar; value: unknown }[] = [];
  for (const item of map.items) {
    if (YAML.isScalar(item.key)) out.push({ key: String(item.key.value), keyNode: item.key, value: item.value });
  }
  return out;
}

/** From the key to the end of the value: what a finding on a `key: value` line should cover. */
function pairRange(pair: YAML.Pair<unknown, unknown>): Range | undefined {
  const k = rangeOf(pair.key);
  const v = rangeOf(pair.value);
  if (!k) return v;
  return { start: k.start, end: v ? Math.max(v.end, k.end) : k.end };
}

// ---------------------------------------------------------------------------
// Where a credential value comes from
// ---------------------------------------------------------------------------

export type ValueSource = 'secret-store' | 'literal' | 'dynamic' | 'placeholder' | 'empty';

/** Dummy values used with LocalStack / MinIO / moto and doc samples: not credentials. */
const PLACEHOLDER = /^(?:test|testing|dummy|fake|foo|bar|foobar|mock|mocked|local|localstack|minio|minioadmin|none|null|changeme|placeholder|x+|\*+|your[-_a-z]*|<[^>]*>)$/i;

/**
 * Classifies a CI value: a secrets / vars / project-variable reference or a literal is a
 * stored long-lived value; a step / job output is minted during the run (e.g. by Vault).
 */
export function classifyCiValue(value: string | undefined): ValueSource {
  if (value === undefined) return 'dynamic';
  const v = value.trim();
  if (v === '') return 'empty';
  if (v.includes('${{')) {
    if (/\$\{\{\s*(?:secrets|vars)\./.test(v)) return 'secret-store';
    if (/\$\{\{\s*env\./.test(v)) return 'secret-store';
    return 'dynamic';
  }
  if (/^\$\{?[A-Za-z_]\w*\}?$/.test(v)) return 'secret-store'; // GitLab / shell variable reference
  if (PLACEHOLDER.test(v) || /example/i.test(v) || v.length < 12) return 'placeholder';
  return 'literal';
}

function isStored(source: ValueSource): boolean {
  return source === 'secret-store' || source === 'literal';
}

/** Environment variables that hand a static cloud credential to every tool in the job. */
const STATIC_ENV: Record<string, CredentialMechanism> = {
  AWS_ACCESS_KEY_ID: 'aws-access-key',
  AWS_SECRET_ACCESS_KEY: 'aws-access-key',
  AZURE_CLIENT_SECRET: 'azure-client-secret',
  ARM_CLIENT_SECRET: 'azure-client-secret',
  GOOGLE_CREDENTIALS: 'gcp-service-account-key',
  GOOGLE_APPLICATION_CREDENTIALS_JSON: 'gcp-service-account-key',
  GCP_SERVICE_ACCOUNT_KEY: 'gcp-service-account-key',
};

/** Session tokens make AWS keys temporary (e.g. from an earlier assume-role). */
const SESSION_KEYS = new Set(['AWS_SESSION_TOKEN', 'aws-session-token']);

/** One fact per mechanism per env/variables block, at the first key that sets it. */
function envCredentialFacts(
  env: YamlMap,
  name: string,
  resourceType: string,
  identity: string,
): CredentialUseFact[] {
  const list = entries(env);
  const hasSession = list.some((e) => SESSION_KEYS.has(e.key) && classifyCiValue(variableValue(e.value)) !== 'empty');
  const seen = new Set<CredentialMechanism>();
  const out: CredentialUseFact[] = [];
  for (const e of list) {
    const mechanism = STATIC_ENV[e.key];
    if (!mechanism || seen.has(mechanism)) continue;
    if (mechanism === 'aws-access-key' && hasSession) continue;
    if (!isStored(classifyCiValue(variableValue(e.value)))) continue;
    const keyRange = rangeOf(e.keyNode);
    const valueRange = rangeOf(e.value);
    if (!keyRange) continue;
    seen.add(mechanism);
    out.push({
      kind: 'credentialUse',
      mechanism,
      name: `${name}/${e.key}`,
      resourceType,
      range: { start: keyRange.start, end: valueRange?.end ?? keyRange.end },
      headerRange: keyRange,
      identity,
    });
  }
  return out;
}

/** GitLab allows `VAR: { value: "…", description: "…" }`. */
function variableValue(node: unknown): string | undefined {
  if (YAML.isMap(node)) return scalarString(get(node as YamlMap, 'value'));
  if (node === null || node === undefined) return '';
  if (YAML.isScalar(node) && (node.value === null || node.value === undefined)) return '';
  return scalarString(node);
}

// ---------------------------------------------------------------------------
// GitHub Actions
// ---------------------------------------------------------------------------

function permissionsFact(pair: YAML.Pair<unknown, unknown>, scope: 'workflow' | 'job', job?: string): CiPermissionsFact | undefined {
  const range = pairRange(pair);
  if (!range) return undefined;
  let value: CiPermissionsFact['value'];
  if (YAML.isMap(pair.value)) {
    const map: Record<string, string> = {};
    for (const e of entries(pair.value as YamlMap)) {
      const v = scalarString(e.value);
      if (v !== undefined) map[e.key] = v;
    }
    value = map;
  } else {
    const v = scalarString(pair.value);
    if (v === 'write-all' || v === 'read-all') value = v;
    else if (YAML.isScalar(pair.value) && (pair.value.value === null || v === '')) value = {};
    else return undefined; // an expression or something we cannot read: say nothing
  }
  return { kind: 'ciPermissions', platform: 'github-actions', scope, job, value, range };
}

function grantsIdToken(value: CiPermissionsFact['value'] | undefined): boolean {
  return value === 'write-all' || (typeof value === 'object' && value['id-token'] === 'write');
}

function extractGithubActions(doc: Document, root: YamlMap): Fact[] {
  const facts: Fact[] = [];
  const workflow = doc.path;
  const credentials: CredentialUseFact[] = [];

  const workflowPermissions = pairOf(root, 'permissions');
  const workflowPerm = workflowPermissions ? permissionsFact(workflowPermissions, 'workflow') : undefined;
  if (workflowPerm) facts.push(workflowPerm);

  const workflowEnv = getMap(root, 'env');
  if (workflowEnv) credentials.push(...envCredentialFacts(workflowEnv, 'env', 'github-actions:env', workflow));

  const jobs = getMap(root, 'jobs');
  for (const job of jobs ? entries(jobs) : []) {
    if (!YAML.isMap(job.value)) continue;
    const jobMap = job.value as YamlMap;
    const jobPermPair = pairOf(jobMap, 'permissions');
    const jobPerm = jobPermPair ? permissionsFact(jobPermPair, 'job', job.key) : undefined;
    if (jobPerm) facts.push(jobPerm);
    // A job's own permissions replace the workflow's entirely.
    const effective = jobPerm ? jobPerm.value : workflowPerm?.value;
    const jobEnv = getMap(jobMap, 'env');
    if (jobEnv) credentials.push(...envCredentialFacts(jobEnv, job.key, 'github-actions:env', workflow));
    const steps = get(jobMap, 'steps');
    if (YAML.isSeq(steps)) credentials.push(...stepFacts(steps, job.key, workflow, grantsIdToken(effective)));
  }

  // Composite action (action.yml): runs.steps.
  const runs = getMap(root, 'runs');
  const runSteps = runs ? get(runs, 'steps') : undefined;
  if (YAML.isSeq(runSteps)) credentials.push(...stepFacts(runSteps, 'action', workflow, false));

  facts.push(...credentials, ...ciLinks(doc, credentials));
  const identityRange = rangeOf(pairOf(root, 'name')?.value) ?? rangeOf(root) ?? { start: 0, end: 0 };
  const identity: IdentityFact = {
    kind: 'identity',
    identityKind: 'ci-workflow',
    name: workflow,
    cloud: 'github',
    range: identityRange,
    credential: summarise(credentials),
  };
  if (jobs || runs) facts.push(identity);
  return facts;
}

const SECRET_REFERENCE = /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const VARIABLE_REFERENCE = /:[ \t]*["']?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?["']?[ \t]*$/gm;
const ROLE_ARN = /arn:aws[\w-]*:iam::\d{12}:role\/([\w+=,.@/-]+)/g;

/**
 * Where a CI login or credential variable reads a stored secret (`secrets.NAME`, GitLab
 * `$NAME`) or names a role (`role-to-assume: arn:…:role/deploy`): links to the Terraform
 * that stores the key in that secret or defines the role (project/links.ts).
 */
function ciLinks(doc: Document, credentials: CredentialUseFact[]): LinkFact[] {
  const out: LinkFact[] = [];
  for (const c of credentials) {
    if (c.mechanism === 'unknown' || c.mechanism === 'workload-identity') continue;
    const text = doc.text.slice(c.range.start, c.range.end);
    const keys = new Set<string>();
    for (const m of text.matchAll(SECRET_REFERENCE)) keys.add(`ci-secret:${m[1]}`);
    if (c.resourceType.startsWith('gitlab-ci:')) for (const m of text.matchAll(VARIABLE_REFERENCE)) keys.add(`ci-secret:${m[1]}`);
    for (const m of text.matchAll(ROLE_ARN)) keys.add(`aws-role:${m[1].slice(m[1].lastIndexOf('/') + 1)}`);
    const how = c.mechanism === 'oidc' ? 'signs in to it with OIDC' : 'signs in with this long-lived credential';
    for (const key of keys) out.push({ kind: 'link', key, role: 'ci-use', label: `${doc.path} (${c.name}): a CI job that ${how}`, range: c.range });
  }
  return out;
}

/** The weakest mechanism wins: one static key makes the workflow a static-key workflow. */
function summarise(credentials: CredentialUseFact[]): CredentialMechanism | undefined {
  const statics = credentials.find((c) => c.mechanism === 'aws-access-key' || c.mechanism === 'gcp-service-account-key' || c.mechanism === 'azure-client-secret');
  if (statics) return statics.mechanism;
  return credentials.find((c) => c.mechanism === 'oidc')?.mechanism;
}

interface LoginAction {
  /** `uses:` without the `@ref`, lower-cased. */
  action: string;
  classify(withMap: YamlMap | undefined): { mechanism: CredentialMechanism; at?: string } | undefined;
}

function withValue(withMap: YamlMap | undefined, key: string): string | undefined {
  if (!withMap) return undefined;
  const pair = pairOf(withMap, key);
  if (!pair) return undefined;
  return variableValue(pair.value);
}

function present(withMap: YamlMap | undefined, key: string): boolean {
  const source = classifyCiValue(withValue(withMap, key));
  return withMap !== undefined && pairOf(withMap, key) !== undefined && source !== 'empty';
}

const LOGIN_ACTIONS: LoginAction[] = [
  {
    action: 'aws-actions/configure-aws-credentials',
    classify(w) {
      const keyId = classifyCiValue(withValue(w, 'aws-access-key-id'));
      const secret = classifyCiValue(withValue(w, 'aws-secret-access-key'));
      const hasKeys = (w && pairOf(w, 'aws-access-key-id')) || (w && pairOf(w, 'aws-secret-access-key'));
      if (hasKeys) {
        if (present(w, 'aws-session-token')) return { mechanism: 'unknown' };
        if (isStored(keyId) || isStored(secret)) return { mechanism: 'aws-access-key', at: pairOf(w!, 'aws-access-key-id') ? 'aws-access-key-id' : 'aws-secret-access-key' };
        return { mechanism: 'unknown' };
      }
      if (present(w, 'role-to-assume')) return { mechanism: 'oidc', at: 'role-to-assume' };
      return undefined;
    },
  },
  {
    action: 'google-github-actions/auth',
    classify(w) {
      if (present(w, 'credentials_json')) {
        return isStored(classifyCiValue(withValue(w, 'credentials_json'))) ? { mechanism: 'gcp-service-account-key', at: 'credentials_json' } : { mechanism: 'unknown' };
      }
      if (present(w, 'workload_identity_provider')) return { mechanism: 'oidc', at: 'workload_identity_provider' };
      return undefined;
    },
  },
  {
    action: 'azure/login',
    classify(w) {
      if (present(w, 'creds')) {
        return isStored(classifyCiValue(withValue(w, 'creds'))) ? { mechanism: 'azure-client-secret', at: 'creds' } : { mechanism: 'unknown' };
      }
      if (present(w, 'client-id') && present(w, 'tenant-id')) return { mechanism: 'oidc', at: 'client-id' };
      const authType = withValue(w, 'auth-type');
      if (authType && authType.toUpperCase() === 'IDENTITY') return { mechanism: 'workload-identity' };
      return undefined;
    },
  },
];

function stepFacts(steps: YAML.YAMLSeq<unknown>, job: string, workflow: string, idTokenGranted: boolean): CredentialUseFact[] {
  const out: CredentialUseFact[] = [];
  steps.items.forEach((step, index) => {
    if (!YAML.isMap(step)) return;
    const stepMap = step as YamlMap;
    const stepName = `${job}/${scalarString(get(stepMap, 'name')) ?? index + 1}`;
    const usesPair = pairOf(stepMap, 'uses');
    const uses = scalarString(usesPair?.value);
    const withMap = getMap(stepMap, 'with');
    if (uses && usesPair) {
      const action = uses.split('@')[0].trim().toLowerCase();
      const login = LOGIN_ACTIONS.find((l) => l.action === action);
      const result = login?.classify(withMap);
      const stepRange = rangeOf(stepMap);
      if (result && stepRange) {
        const atPair = result.at && withMap ? pairOf(withMap, result.at) : undefined;
        const header = (atPair && pairRange(atPair)) ?? rangeOf(usesPair.value) ?? stepRange;
        out.push({
          kind: 'credentialUse',
          mechanism: result.mechanism,
          name: stepName,
          resourceType: 'github-actions:step',
          range: stepRange,
          headerRange: header,
          identity: workflow,
          ...(result.mechanism === 'oidc' ? { oidcTokenGranted: idTokenGranted } : {}),
        });
      }
    }
    const env = getMap(stepMap, 'env');
    if (env) out.push(...envCredentialFacts(env, stepName, 'github-actions:env', workflow));
  });
  return out;
}

// ---------------------------------------------------------------------------
// GitLab CI
// ---------------------------------------------------------------------------

/** Top-level keys that are not jobs. */
const GITLAB_GLOBAL_KEYS = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'types']);

function extractGitlabCi(doc: Document, root: YamlMap): Fact[] {
  const facts: Fact[] = [];
  const pipeline = doc.path;
  const credentials: CredentialUseFact[] = [];
  const globalVars = getMap(root, 'variables');
  if (globalVars) credentials.push(...envCredentialFacts(globalVars, 'variables', 'gitlab-ci:variables', pipeline));
  let jobCount = 0;
  for (const entry of entries(root)) {
    if (GITLAB_GLOBAL_KEYS.has(entry.key) || !YAML.isMap(entry.value)) continue;
    const job = entry.value as YamlMap;
    jobCount++;
    const vars = getMap(job, 'variables');
    if (vars) credentials.push(...envCredentialFacts(vars, entry.key, 'gitlab-ci:variables', pipeline));
    const idTokensPair = pairOf(job, 'id_tokens');
    const idTokensRange = idTokensPair ? pairRange(idTokensPair) : undefined;
    if (idTokensPair && YAML.isMap(idTokensPair.value) && idTokensRange) {
      credentials.push({
        kind: 'credentialUse',
        mechanism: 'oidc',
        name: `${entry.key}/id_tokens`,
        resourceType: 'gitlab-ci:id_tokens',
        range: rangeOf(job) ?? idTokensRange,
        headerRange: idTokensRange,
        identity: pipeline,
      });
    }
  }
  const defaults = getMap(root, 'default');
  const defaultTokens = defaults ? pairOf(defaults, 'id_tokens') : undefined;
  const defaultTokensRange = defaultTokens ? pairRange(defaultTokens) : undefined;
  if (defaultTokensRange) {
    credentials.push({ kind: 'credentialUse', mechanism: 'oidc', name: 'default/id_tokens', resourceType: 'gitlab-ci:id_tokens', range: defaultTokensRange, headerRange: defaultTokensRange, identity: pipeline });
  }
  facts.push(...credentials, ...ciLinks(doc, credentials));
  if (jobCount > 0) {
    facts.push({
      kind: 'identity',
      identityKind: 'ci-workflow',
      name: pipeline,
      cloud: 'gitlab',
      range: rangeOf(root) ? { start: rangeOf(root)!.start, end: rangeOf(root)!.start } : { start: 0, end: 0 },
      credential: summarise(credentials),
    });
  }
  return facts;
}
