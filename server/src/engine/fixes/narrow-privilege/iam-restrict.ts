/**
 * IAM fixes that restrict without guessing what the workload needs (kind `narrow-privilege`):
 * - an OIDC trust without a `sub` condition → the subject limited to this repository
 *   (GitHub `repo:<owner>/<repo>:*`, GitLab `project_path:<group>/<project>:*`, Terraform Cloud
 *   `organization:<org>:*`) plus GitHub's `aud`; the repository comes from `.git/config`, else
 *   from a Terraform variable / CloudFormation parameter the fix declares;
 * - `Principal: "*"` without a restricting condition → an `aws:PrincipalOrgID` condition whose
 *   value the user supplies (never preferred: only they know their organization);
 * - `iam:PassRole` on `*` (any policy syntax, AWS CDK code included: cdk-edit.ts) → `iam:PassedToService` for the one service the statement's other
 *   actions show (lambda:CreateFunction → lambda.amazonaws.com …), PassRole moved into a
 *   statement of its own so the other actions are not conditioned on a key they never carry;
 * - a self-service escalation action (`iam:CreateAccessKey`, `iam:*LoginProfile`) on `*` → the
 *   caller's own user only (`arn:aws:iam::*:user/${aws:username}`), never preferred.
 */
import type { Document, Fix, PolicyStatementFact, Range } from '../../model';
import type { RuleContext } from '../../rule';
import { githubRepository } from '../workload-identity/terraform';
import { cdkSplitAction } from './cdk-edit';
import { addConditions, declareParams, dialectOf, paramsOf, replaceResource, splitAction, type ConditionEntry, type ParamSpec, type PolicyEdit, type PolicyValueSpec } from './policy-edit';

const GITHUB_HOST = 'token.actions.githubusercontent.com';

interface OidcSubject {
  host: string;
  /** Who the subject names, for titles. */
  noun: string;
  param: ParamSpec;
  /** The subject value when the workspace shows it (GitHub remote in .git/config). */
  known?: string;
}

function oidcHost(statement: PolicyStatementFact): string | undefined {
  const principals = Array.isArray(statement.principals) ? statement.principals : [];
  for (const p of principals) {
    const at = p.indexOf('oidc-provider/');
    if (at >= 0) return p.slice(at + 'oidc-provider/'.length).trim().toLowerCase();
    if (p.toLowerCase().includes(GITHUB_HOST)) return GITHUB_HOST;
  }
  return undefined;
}

function subjectFor(ctx: RuleContext, host: string): OidcSubject | undefined {
  if (host === GITHUB_HOST) {
    const repo = githubRepository(ctx);
    return {
      host,
      noun: repo ? `GitHub repository ${repo}` : 'one GitHub repository',
      param: { template: 'repo:{}:*', tfVar: 'github_repository', cfnParam: 'GitHubRepository', description: 'GitHub repository (owner/name) whose workflows may assume this role', placeholder: 'OWNER/REPO' },
      known: repo ? `repo:${repo}:*` : undefined,
    };
  }
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) {
    return { host, noun: 'one GitLab project', param: { template: 'project_path:{}:*', tfVar: 'gitlab_project_path', cfnParam: 'GitLabProjectPath', description: 'GitLab project path (group/project) whose pipelines may assume this role', placeholder: 'GROUP/PROJECT' } };
  }
  if (host === 'app.terraform.io') {
    return { host, noun: 'one Terraform Cloud organization', param: { template: 'organization:{}:*', tfVar: 'tfc_organization', cfnParam: 'TfcOrganization', description: 'Terraform Cloud organization whose runs may assume this role', placeholder: 'ORGANIZATION' } };
  }
  return undefined;
}

const ORGANIZATION: ParamSpec = { template: '{}', tfVar: 'aws_organization_id', cfnParam: 'OrganizationId', description: 'AWS Organizations id (o-…) whose principals may assume this role', placeholder: 'o-exampleorgid' };

/** Where a value the user must supply comes from, for titles. */
function supplied(doc: Document, statement: PolicyStatementFact, param: ParamSpec): string {
  const dialect = dialectOf(doc, statement);
  if (dialect === 'iam-json') return `fill in ${param.placeholder}`;
  if (dialect === 'cfn-json' || dialect === 'cfn-yaml') return `new parameter ${param.cfnParam}`;
  return `new variable ${param.tfVar}`;
}

/** Fixes for privilege/iam-open-trust. */
export function openTrustFixes(ctx: RuleContext, statement: PolicyStatementFact): Fix[] {
  const doc = ctx.document;
  const keys = statement.conditionKeys ?? [];
  const principals = Array.isArray(statement.principals) ? statement.principals : [];
  const everyone = principals.some((p) => p.trim() === '*' || /^aws:\s*\*$/i.test(p.trim()));
  if (everyone) {
    const entries: ConditionEntry[] = [{ operator: 'StringEquals', key: 'aws:PrincipalOrgID', value: ORGANIZATION }];
    const fix = build(doc, statement, addConditions(doc, statement, entries), entries, ctx);
    return fix ? [{ ...fix, title: `Allow only principals of your AWS organization (aws:PrincipalOrgID; ${supplied(doc, statement, ORGANIZATION)})`, preferred: false }] : [];
  }
  const host = oidcHost(statement);
  const subject = host && subjectFor(ctx, host);
  if (!subject) return [];
  const entries: ConditionEntry[] = [{ operator: 'StringLike', key: `${subject.host}:sub`, value: subject.known ?? subject.param }];
  if (subject.host === GITHUB_HOST && !keys.includes(`${GITHUB_HOST}:aud`)) entries.unshift({ operator: 'StringEquals', key: `${GITHUB_HOST}:aud`, value: 'sts.amazonaws.com' });
  const fix = build(doc, statement, addConditions(doc, statement, entries), entries, ctx);
  if (!fix) return [];
  const how = subject.known ? '' : `; ${supplied(doc, statement, subject.param)}`;
  return [{ ...fix, title: `Restrict the trust to ${subject.noun} (${subject.host}:sub${how})`, preferred: subject.known !== undefined }];
}

/** Service that receives the passed role, from the statement's other actions. */
const PASSED_TO: [prefix: string, actions: string[] | '*', service: string][] = [
  ['lambda', '*', 'lambda.amazonaws.com'],
  ['ecs', ['runtask', 'starttask', 'registertaskdefinition', 'createservice', 'updateservice'], 'ecs-tasks.amazonaws.com'],
  ['ec2', ['runinstances', 'associateiaminstanceprofile', 'replaceiaminstanceprofileassociation', 'createlaunchtemplate'], 'ec2.amazonaws.com'],
  ['glue', '*', 'glue.amazonaws.com'],
  ['cloudformation', '*', 'cloudformation.amazonaws.com'],
  ['sagemaker', '*', 'sagemaker.amazonaws.com'],
  ['codebuild', '*', 'codebuild.amazonaws.com'],
  ['datapipeline', '*', 'datapipeline.amazonaws.com'],
  ['states', '*', 'states.amazonaws.com'],
];

/** The one service the statement's non-IAM actions pass roles to, or undefined when none or several. */
export function passedToService(statement: PolicyStatementFact): string | undefined {
  const services = new Set<string>();
  for (const a of statement.actionRanges) {
    const value = a.value.trim().toLowerCase();
    const colon = value.indexOf(':');
    if (colon < 0) return undefined;
    const prefix = value.slice(0, colon);
    const name = value.slice(colon + 1);
    if (prefix === 'iam' || prefix === 'sts') continue;
    const known = PASSED_TO.find(([p, actions]) => p === prefix && (actions === '*' || actions.includes(name)));
    if (!known) return undefined; // an action we cannot place: do not guess
    services.add(known[2]);
  }
  return services.size === 1 ? [...services][0] : undefined;
}

/** privilege/iam-pass-role-wildcard: PassRole limited to the service the statement shows. */
export function passRoleFix(ctx: RuleContext, statement: PolicyStatementFact, action: { value: string; range: Range }): Fix | undefined {
  const doc = ctx.document;
  const service = passedToService(statement);
  if (!service || !Array.isArray(statement.actions) || statement.unresolved?.includes('actions')) return undefined;
  const entries: ConditionEntry[] = [{ operator: 'StringEquals', key: 'iam:PassedToService', value: service }];
  const alone = statement.actionRanges.length === 1;
  const edit = alone ? addConditions(doc, statement, entries) : split(doc, statement, action, ['*'], entries);
  const fix = build(doc, statement, edit, entries, ctx);
  return fix && { ...fix, title: `Allow ${action.value} only to ${service} (iam:PassedToService condition${alone ? '' : ', in a statement of its own'})`, preferred: true };
}

/** The statement of the same policy that grants PassRole on `*` without a condition, if exactly one. */
export function passRoleStatementOf(statements: PolicyStatementFact[], source: string, matches: (pattern: string) => boolean): { statement: PolicyStatementFact; action: { value: string; range: Range } } | undefined {
  const found = statements.flatMap((s) => (s.source === source ? s.actionRanges.filter((a) => matches(a.value)).map((action) => ({ statement: s, action })) : []));
  return found.length === 1 ? found[0] : undefined;
}

/** Escalation actions that are harmless when a user may only apply them to itself. */
const SELF_SERVICE = new Set(['iam:createaccesskey', 'iam:createloginprofile', 'iam:updateloginprofile']);
const OWN_USER = 'arn:aws:iam::*:user/${aws:username}';

/** privilege/iam-privilege-escalation: a self-service action limited to the caller's own IAM user. */
export function selfServiceFix(ctx: RuleContext, statement: PolicyStatementFact, action: { value: string; range: Range }): Fix | undefined {
  if (!SELF_SERVICE.has(action.value.trim().toLowerCase())) return undefined;
  if (!Array.isArray(statement.resources) || statement.resources.length !== 1 || statement.unresolved?.length) return undefined;
  const doc = ctx.document;
  const alone = statement.actionRanges.length === 1;
  const edit = alone ? replaceResource(doc, statement, [OWN_USER]) : split(doc, statement, action, [OWN_USER], []);
  const fix = build(doc, statement, edit, [], ctx);
  return fix && { ...fix, title: `Limit ${action.value.trim()} to the caller's own IAM user (self-service, ${OWN_USER}) — roles lose it`, preferred: false };
}

/** splitAction for every policy syntax, AWS CDK code included (literal values only there). */
function split(doc: Document, statement: PolicyStatementFact, action: { value: string; range: Range }, resources: string[], entries: ConditionEntry[]): PolicyEdit | undefined {
  if (dialectOf(doc, statement)) return splitAction(doc, statement, action, resources, entries);
  const literal = entries.flatMap((e) => (typeof e.value === 'string' ? [{ operator: e.operator, key: e.key, value: e.value }] : []));
  if (literal.length !== entries.length) return undefined;
  try {
    const edits = cdkSplitAction(doc, statement, action, resources, literal);
    return edits && { edits };
  } catch {
    return undefined; // an unexpected tree shape: no fix rather than a failed rule
  }
}

/** Adds the declarations the condition values need and the placeholder, as one fix. */
function build(doc: Document, statement: PolicyStatementFact, edit: PolicyEdit | undefined, entries: ConditionEntry[], ctx: RuleContext): Omit<Fix, 'title'> | undefined {
  if (!edit) return undefined;
  const params = paramsOf(entries.map((e) => e.value as PolicyValueSpec));
  const dialect = dialectOf(doc, statement);
  const declarations = dialect === 'iam-json' ? [] : declareParams(doc, statement, params, moduleText(ctx));
  if (!declarations) return undefined;
  // A declaration inserted where a statement edit inserts too (both at the end of the file): one edit, statement text first.
  const all = [...edit.edits];
  for (const d of declarations) {
    const same = all.findIndex((e) => e.uri === d.uri && e.range.start === d.range.start && e.range.end === d.range.start && d.range.end === d.range.start);
    if (same >= 0) all[same] = { ...all[same], newText: all[same].newText + d.newText };
    else all.push(d);
  }
  // Declarations inserted before the placeholder shift it.
  let placeholder = edit.placeholder;
  if (placeholder) {
    const shift = declarations.filter((d) => d.range.start <= placeholder!.start).reduce((n, d) => n + d.newText.length - (d.range.end - d.range.start), 0);
    placeholder = { start: placeholder.start + shift, end: placeholder.end + shift };
  }
  return { kind: 'narrow-privilege', edits: all, ...(placeholder ? { placeholder: { uri: doc.uri, range: placeholder } } : {}) };
}

/** Text of the other Terraform files of the document's module (to see variables declared there). */
function moduleText(ctx: RuleContext): string | undefined {
  if (ctx.document.format !== 'terraform' || !ctx.project) return undefined;
  try {
    const listing = ctx.project.directory(ctx.document.uri, '.tf');
    return listing?.load().filter((f) => f.uri !== ctx.document.uri).map((f) => f.text).join('\n');
  } catch {
    return undefined;
  }
}
