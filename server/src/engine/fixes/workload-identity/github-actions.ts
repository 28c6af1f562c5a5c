/**
 * GitHub Actions: a cloud login step with a stored long-lived secret becomes an
 * OIDC login, and the job gets the `id-token: write` permission the login needs.
 *
 * - aws-actions/configure-aws-credentials: `aws-access-key-id` /
 *   `aws-secret-access-key` → `role-to-assume: ${{ vars.AWS_ROLE_ARN }}`.
 * - google-github-actions/auth: `credentials_json` → `workload_identity_provider`
 *   + `service_account` (`vars.GCP_WORKLOAD_IDENTITY_PROVIDER`, `vars.GCP_SERVICE_ACCOUNT`).
 * - azure/login: `creds` → `client-id` / `tenant-id` / `subscription-id`
 *   (`vars.AZURE_CLIENT_ID` …; ids, not secrets).
 *
 * The values are repository variables rather than guessed ARNs: valid YAML that
 * tells the user exactly what to set. Permissions: the job's own map gains
 * `id-token: write` (and `contents: read` when it has no `contents` entry, as
 * actions/checkout needs it); a job without its own map gets one that copies the
 * workflow's map (a job map replaces the workflow's entirely) plus those two. No
 * other scope is granted. `read-all` and expressions are left alone (no fix: we
 * cannot keep them while adding a scope). Keys handed to the job through `env:`
 * have no fix: which tool reads them is the job's business.
 */
import * as YAML from 'yaml';
import type { CredentialUseFact, Fix, TextEdit } from '../../model';
import type { RuleContext } from '../../rule';
import { addToMap, afterPair, blockLines, columnOf, mapAt, nodeRange, pairLines, pairOf, startsLine, yamlDocumentAt, type YamlMap } from './shared';

interface LoginRewrite {
  /** Keys of the `with:` map that go away. */
  remove: string[];
  /** Keys that take their place (at the first removed key's line). */
  add: [string, string][];
  title: string;
}

const REWRITES: Record<string, LoginRewrite> = {
  'aws-access-key': {
    remove: ['aws-access-key-id', 'aws-secret-access-key'],
    add: [['role-to-assume', '${{ vars.AWS_ROLE_ARN }}']],
    title: 'Sign in to AWS with OIDC: role-to-assume ${{ vars.AWS_ROLE_ARN }} and id-token: write (set the AWS_ROLE_ARN variable to a role trusting this repository, then delete the access key)',
  },
  'gcp-service-account-key': {
    remove: ['credentials_json'],
    add: [
      ['workload_identity_provider', '${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}'],
      ['service_account', '${{ vars.GCP_SERVICE_ACCOUNT }}'],
    ],
    title: 'Sign in to Google Cloud with Workload Identity Federation and id-token: write (set GCP_WORKLOAD_IDENTITY_PROVIDER and GCP_SERVICE_ACCOUNT variables, then delete the key)',
  },
  'azure-client-secret': {
    remove: ['creds'],
    add: [
      ['client-id', '${{ vars.AZURE_CLIENT_ID }}'],
      ['tenant-id', '${{ vars.AZURE_TENANT_ID }}'],
      ['subscription-id', '${{ vars.AZURE_SUBSCRIPTION_ID }}'],
    ],
    title: 'Sign in to Azure with OIDC: client-id / tenant-id / subscription-id variables and id-token: write (add a federated credential for this repository, then remove the secret)',
  },
};

export function githubActionsWorkloadIdentityFix(ctx: RuleContext, use: CredentialUseFact): Fix | undefined {
  const doc = ctx.document;
  if (use.resourceType !== 'github-actions:step' || !doc.flavors.includes('github-actions')) return undefined;
  const rewrite = REWRITES[use.mechanism];
  if (!rewrite) return undefined;
  const yamlDoc = yamlDocumentAt(doc, use.range.start);
  const root = yamlDoc?.contents;
  if (!YAML.isMap(root)) return undefined;
  const jobs = mapAt(root as YamlMap, 'jobs');
  const jobName = use.name.slice(0, use.name.indexOf('/'));
  const job = jobs ? mapAt(jobs, jobName) : undefined;
  const steps = job ? pairOf(job, 'steps')?.value : undefined;
  if (!job || job.flow || !YAML.isSeq(steps)) return undefined;
  const step = steps.items.find((s) => YAML.isMap(s) && nodeRange(s)?.start === use.range.start) as YamlMap | undefined;
  const withMap = step ? mapAt(step, 'with') : undefined;
  if (!withMap || withMap.flow) return undefined;

  const text = doc.text;
  const removed = rewrite.remove.map((k) => pairOf(withMap, k)).filter((p): p is YAML.Pair<unknown, unknown> => p !== undefined);
  if (removed.length === 0) return undefined;
  // A login that already names the OIDC inputs would end up with two of them.
  if (rewrite.add.some(([k]) => pairOf(withMap, k))) return undefined;
  const edits: TextEdit[] = [];
  let indent: number | undefined;
  for (const pair of removed) {
    const lines = pairLines(text, pair);
    if (!lines) return undefined;
    indent ??= columnOf(text, nodeRange(pair.key)!.start);
    edits.push({ uri: doc.uri, range: lines, newText: edits.length === 0 ? blockLines(doc, indent, rewrite.add.map(([k, v]) => `${k}: ${v}`)) : '' });
  }

  const permissions = permissionEdits(ctx, root as YamlMap, job);
  if (!permissions) return undefined;
  return { title: rewrite.title, kind: 'workload-identity', preferred: true, edits: [...edits, ...permissions] };
}

const ID_TOKEN: [string, string] = ['id-token', 'write'];
const CONTENTS: [string, string] = ['contents', 'read'];

/** Edits that grant the job `id-token: write`, keeping every permission it has; undefined when we cannot. */
function permissionEdits(ctx: RuleContext, root: YamlMap, job: YamlMap): TextEdit[] | undefined {
  const doc = ctx.document;
  const text = doc.text;
  const own = pairOf(job, 'permissions');
  if (own) return grantOn(ctx, own);

  const inherited = pairOf(root, 'permissions');
  let entries: [string, string][] = [CONTENTS, ID_TOKEN];
  if (inherited) {
    const v = inherited.value;
    if (YAML.isScalar(v) && v.value === 'write-all') return [];
    if (!YAML.isMap(v)) return undefined; // read-all, an expression: nothing we can copy and extend
    const copied: [string, string][] = [];
    for (const p of (v as YamlMap).items) {
      if (!YAML.isScalar(p.key) || !YAML.isScalar(p.value)) return undefined;
      copied.push([String(p.key.value), String(p.value.value)]);
    }
    if (copied.some(([k, val]) => k === 'id-token' && val === 'write')) return [];
    entries = copied.filter(([k]) => k !== 'id-token');
    if (!entries.some(([k]) => k === 'contents')) entries.unshift(CONTENTS);
    entries.push(ID_TOKEN);
  }
  // After `runs-on:` (where readers look for it), else before the job's first key.
  const anchor = pairOf(job, 'runs-on');
  const firstKey = nodeRange(job.items[0]?.key);
  if (!firstKey || !startsLine(text, firstKey.start)) return undefined;
  const indent = columnOf(text, firstKey.start);
  const at = anchor ? afterPair(text, anchor) : firstKey.start - indent;
  if (at === undefined) return undefined;
  const block = blockLines(doc, indent, ['permissions:']) + blockLines(doc, indent + 2, entries.map(([k, v]) => `${k}: ${v}`));
  return [{ uri: doc.uri, range: { start: at, end: at }, newText: block }];
}

/** The job's own `permissions:` map gains `id-token: write` (and `contents: read` if it says nothing about contents). */
function grantOn(ctx: RuleContext, pair: YAML.Pair<unknown, unknown>): TextEdit[] | undefined {
  const doc = ctx.document;
  const v = pair.value;
  if (YAML.isScalar(v) && v.value === 'write-all') return [];
  if (!YAML.isMap(v)) return undefined;
  const map = v as YamlMap;
  const idToken = pairOf(map, 'id-token');
  if (idToken) {
    if (YAML.isScalar(idToken.value) && idToken.value.value === 'write') return [];
    const r = nodeRange(idToken.value);
    if (!r || !YAML.isScalar(idToken.value)) return undefined;
    const rest = addToMap(doc, map, [CONTENTS]);
    return rest ? [{ uri: doc.uri, range: r, newText: 'write' }, ...rest] : undefined;
  }
  return addToMap(doc, map, pairOf(map, 'contents') ? [ID_TOKEN] : [CONTENTS, ID_TOKEN]);
}
