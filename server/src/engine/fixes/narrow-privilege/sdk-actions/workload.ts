/**
 * Which code runs with the permissions of a policy statement, where the workspace shows it:
 * - Serverless Framework: `provider.iam.role.statements` / `provider.iamRoleStatements` serve
 *   every function of the service (`handler: src/orders.main` → `src/orders.py|js|ts`);
 *   `functions.<f>.iamRoleStatements` (serverless-iam-roles-per-function) serve that one;
 * - AWS SAM: an `AWS::Serverless::Function`'s own `Policies` statements (`CodeUri` + `Handler`);
 *   an `AWS::IAM::Role`'s inline `Policies` when only SAM functions use the role (`Role: !GetAtt R.Arn`);
 * - Terraform: `aws_iam_role_policy` (or a role's `inline_policy`, or an
 *   `aws_iam_policy_document` only such a policy uses) of a role that only `aws_lambda_function`s
 *   use, whose code is packaged by `data "archive_file"` from a directory or file of the workspace;
 * - AWS CDK: a statement added with `fn.addToRolePolicy(…)` to a `lambda.Function` whose code is
 *   `Code.fromAsset(<dir>)` (relative to the app's cdk.json, or `path.join(__dirname, …)`), or a
 *   `NodejsFunction` with a static `entry`, and whose role is the one CDK creates for it.
 *
 * Everything else — a role also used by something else, a container image, a function whose
 * code is in S3, a Go binary without its package — is 'unknown'. So is anything a Lambda
 * configuration adds to what the role must allow (a VPC, a dead-letter queue, X-Ray tracing,
 * an event source mapping) in Terraform, where nothing adds those permissions for the user.
 */
import * as YAML from 'yaml';
import * as jsonc from 'jsonc-parser';
import type { Node } from 'web-tree-sitter';
import type { Document, PolicyStatementFact } from '../../../model';
import type { RuleContext } from '../../../rule';
import { parseWith } from '../../../documents/tree-sitter';
import { attributesOf, attributeValue, blocksOf, decodeHclString, type HclBlock } from '../../../extract/hcl';
import { cdkAttachOf } from '../cdk-edit';
import { dirOf, joinUri, type CodeEntry } from './code';
import type { CodeLanguage } from './extract';

export interface Workload {
  entries: CodeEntry[];
  /** Actions the platform needs the role to hold beyond the code (Lambda logging when nothing else grants it). */
  platformActions: string[];
  /** What runs with the role, for titles: "functions orders, refunds". */
  label: string;
}

export type WorkloadResult = Workload | { unknown: string };

// ---------------------------------------------------------------------------
// A small read-only view over YAML and JSON trees
// ---------------------------------------------------------------------------

interface View {
  range: [number, number];
  get(key: string): View | undefined;
  entries(): [string, View][];
  items(): View[];
  /** Plain string scalar; undefined for anything else (intrinsics, numbers, maps). */
  str(): string | undefined;
  /** `!GetAtt X.Arn`, `{ "Fn::GetAtt": ["X", "Arn"] }`, `!Ref X` → X. */
  refTarget(): string | undefined;
}

function yamlView(node: unknown): View | undefined {
  if (!YAML.isNode(node) || !node.range) return undefined;
  const range: [number, number] = [node.range[0], node.range[1]];
  return {
    range,
    get: (key) => (YAML.isMap(node) ? yamlView(node.items.find((p) => YAML.isScalar(p.key) && p.key.value === key)?.value) : undefined),
    entries: () => (YAML.isMap(node) ? node.items.flatMap((p) => (YAML.isScalar(p.key) && typeof p.key.value === 'string' && yamlView(p.value) ? [[p.key.value, yamlView(p.value)!] as [string, View]] : [])) : []),
    items: () => (YAML.isSeq(node) ? node.items.map(yamlView).filter((v): v is View => v !== undefined) : []),
    str: () => (YAML.isScalar(node) && typeof node.value === 'string' && !node.tag ? node.value : undefined),
    refTarget: () => {
      if (YAML.isScalar(node) && typeof node.value === 'string' && (node.tag === '!GetAtt' || node.tag === '!Ref')) return node.value.split('.')[0];
      if (YAML.isSeq(node) && node.tag === '!GetAtt') {
        const first = node.items[0];
        return YAML.isScalar(first) && typeof first.value === 'string' ? first.value : undefined;
      }
      if (YAML.isMap(node) && node.items.length === 1) {
        const pair = node.items[0];
        const key = YAML.isScalar(pair.key) ? pair.key.value : undefined;
        const v = yamlView(pair.value);
        if (key === 'Ref') return v?.str();
        if (key === 'Fn::GetAtt') return v?.str()?.split('.')[0] ?? v?.items()[0]?.str();
      }
      return undefined;
    },
  };
}

function jsonView(node: jsonc.Node | undefined): View | undefined {
  if (!node) return undefined;
  const range: [number, number] = [node.offset, node.offset + node.length];
  const props = (): [string, jsonc.Node][] => (node.type === 'object' ? (node.children ?? []).flatMap((p) => (p.children?.[0] && p.children[1] ? [[String(p.children[0].value), p.children[1]] as [string, jsonc.Node]] : [])) : []);
  const view: View = {
    range,
    get: (key) => jsonView(props().find(([k]) => k === key)?.[1]),
    entries: () => props().map(([k, v]) => [k, jsonView(v)!]),
    items: () => (node.type === 'array' ? (node.children ?? []).map((c) => jsonView(c)!) : []),
    str: () => (node.type === 'string' ? String(node.value) : undefined),
    refTarget: () => {
      const ps = props();
      if (ps.length !== 1) return undefined;
      const [key, value] = ps[0];
      const v = jsonView(value);
      if (key === 'Ref') return v?.str();
      if (key === 'Fn::GetAtt') return v?.str()?.split('.')[0] ?? v?.items()[0]?.str();
      return undefined;
    },
  };
  return view;
}

function rootView(doc: Document, offset: number): View | undefined {
  if (doc.parsed?.kind === 'yaml') {
    const document = doc.parsed.documents.find((d) => d.contents?.range && d.contents.range[0] <= offset && offset <= d.contents.range[2]);
    return document ? yamlView(document.contents) : undefined;
  }
  if (doc.parsed?.kind === 'json') return jsonView(doc.parsed.root);
  return undefined;
}

const within = (v: View | undefined, offset: number): boolean => v !== undefined && v.range[0] <= offset && offset < v.range[1];

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/** The code that runs with this statement's permissions, or why it is not known. */
export function workloadOf(ctx: RuleContext, statement: PolicyStatementFact): WorkloadResult {
  const doc = ctx.document;
  if (!ctx.project) return { unknown: 'other workspace files are not available' };
  if (statement.trust) return { unknown: 'a trust policy' };
  if (doc.format === 'terraform') return terraformWorkload(ctx, statement.range);
  if (doc.flavors.includes('serverless')) return serverlessWorkload(doc, statement.range.start);
  if (doc.flavors.includes('cloudformation')) return samWorkload(doc, statement.range.start);
  if (doc.parsed?.kind === 'tree-sitter' && ['typescript', 'javascript', 'python'].includes(doc.parsed.grammar)) return cdkWorkload(ctx, statement);
  return { unknown: 'the policy is not attached where the workspace shows the code' };
}

/** The code that runs as the role a managed-policy grant (at `range`) attaches to: SAM function `Policies`, IAM role `ManagedPolicyArns`, Terraform attachments. */
export function workloadOfGrant(ctx: RuleContext, range: { start: number; end: number }): WorkloadResult {
  const doc = ctx.document;
  if (!ctx.project) return { unknown: 'other workspace files are not available' };
  if (doc.format === 'terraform') return terraformWorkload(ctx, range);
  if (doc.flavors.includes('cloudformation') && !doc.flavors.includes('serverless')) return samWorkload(doc, range.start);
  return { unknown: 'the grant is not attached where the workspace shows the code' };
}

// ---------------------------------------------------------------------------
// Serverless Framework
// ---------------------------------------------------------------------------

function serverlessWorkload(doc: Document, offset: number): WorkloadResult {
  const root = rootView(doc, offset);
  const provider = root?.get('provider');
  const functions = root?.get('functions');
  if (!root || !provider || !functions) return { unknown: 'no functions in serverless.yml' };
  const fns = functions.entries();
  const perFunction = fns.filter(([, f]) => f.get('iamRoleStatements') !== undefined);
  let served: [string, View][];
  const own = fns.find(([, f]) => within(f.get('iamRoleStatements'), offset));
  if (own) served = [own];
  else if (within(provider.get('iam')?.get('role')?.get('statements'), offset) || within(provider.get('iamRoleStatements'), offset)) {
    // With serverless-iam-roles-per-function, functions that have their own statements get their own role.
    served = fns.filter(([name]) => !perFunction.some(([n]) => n === name));
  } else return { unknown: 'the statement is not a function role statement' };
  if (served.length === 0) return { unknown: 'no function uses the role' };
  const serviceDir = dirOf(doc.uri);
  const entries: CodeEntry[] = [];
  for (const [name, fn] of served) {
    if (fn.get('image')) return { unknown: `function ${name} runs a container image` };
    const runtime = fn.get('runtime')?.str() ?? provider.get('runtime')?.str();
    const handler = fn.get('handler')?.str();
    if (!runtime || !handler) return { unknown: `function ${name}: runtime or handler not known` };
    const entry = handlerEntry(serviceDir, runtime, handler, serviceDir);
    if ('unknown' in entry) return { unknown: `function ${name}: ${entry.unknown}` };
    entries.push(...entry.entries);
  }
  // The framework adds the logging (and event source) permissions to the role itself.
  return { entries, platformActions: [], label: `function${served.length > 1 ? 's' : ''} ${served.map(([n]) => n).join(', ')}` };
}

/** Candidate entry files of a `module.function` handler under `codeDir`. */
function handlerEntry(codeDir: string, runtime: string, handler: string, workspaceDir: string): { entries: CodeEntry[] } | { unknown: string } {
  const language = languageOfRuntime(runtime);
  if (!language) return { unknown: `runtime ${runtime} is not read` };
  if (language === 'go') {
    return { unknown: 'Go handlers name a binary; its package is not known' };
  }
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || handler.includes('${')) return { unknown: `handler ${handler} is not a static module.function` };
  const modulePath = handler.slice(0, dot);
  const uris = language === 'python' ? [`${modulePath}.py`] : [`${modulePath}.js`, `${modulePath}.ts`, `${modulePath}.mjs`, `${modulePath}.cjs`];
  const candidates = uris.map((u) => joinUri(codeDir, u, workspaceDir)).filter((u): u is string => u !== undefined);
  if (candidates.length === 0) return { unknown: `handler ${handler} is outside the service` };
  // Which of the candidates exists is decided when the code is read (the first found).
  return { entries: [{ uri: candidates[0], language: language === 'python' ? 'python' : candidates[0].endsWith('.ts') ? 'typescript' : 'javascript', rootUri: codeDir, alternatives: candidates.slice(1) }] };
}

function languageOfRuntime(runtime: string): 'python' | 'node' | 'go' | undefined {
  if (/^python3\.\d+$/.test(runtime)) return 'python';
  if (/^nodejs\d+\.x$/.test(runtime)) return 'node';
  if (runtime === 'go1.x' || /^provided(?:\.al2(?:023)?)?$/.test(runtime)) return 'go';
  return undefined;
}

// ---------------------------------------------------------------------------
// AWS SAM / CloudFormation
// ---------------------------------------------------------------------------

function samWorkload(doc: Document, offset: number): WorkloadResult {
  const root = rootView(doc, offset);
  const resources = root?.get('Resources');
  if (!root || !resources) return { unknown: 'no Resources' };
  const globals = root.get('Globals')?.get('Function');
  const all = resources.entries();
  const holder = all.find(([, r]) => within(r, offset));
  if (!holder) return { unknown: 'the statement is not in a resource' };
  const [holderId, holderResource] = holder;
  const type = holderResource.get('Type')?.str();
  let functions: [string, View][];
  if (type === 'AWS::Serverless::Function') {
    if (!within(holderResource.get('Properties')?.get('Policies'), offset)) return { unknown: 'not a function policy' };
    functions = [holder];
  } else if (type === 'AWS::IAM::Role') {
    const props = holderResource.get('Properties');
    if (!within(props?.get('Policies'), offset) && !within(props?.get('ManagedPolicyArns'), offset)) return { unknown: 'not a role policy' };
    // Every reference to the role must be a SAM function's Role.
    functions = [];
    for (const [id, r] of all) {
      if (id === holderId) continue;
      const role = r.get('Properties')?.get('Role');
      const usesAsRole = role?.refTarget() === holderId;
      if (usesAsRole && r.get('Type')?.str() === 'AWS::Serverless::Function') functions.push([id, r]);
      else if (mentions(doc.text, r.range, holderId)) return { unknown: `${id} also refers to role ${holderId}` };
    }
    if (root.get('Outputs') && mentions(doc.text, root.get('Outputs')!.range, holderId)) return { unknown: `role ${holderId} is exported` };
  } else return { unknown: `statement of a ${type ?? 'resource'} is not followed` };
  if (functions.length === 0) return { unknown: 'no function uses the role' };
  const templateDir = dirOf(doc.uri);
  const entries: CodeEntry[] = [];
  for (const [id, fn] of functions) {
    const props = fn.get('Properties');
    if (props?.get('PackageType')?.str() === 'Image' || props?.get('ImageUri')) return { unknown: `${id} runs a container image` };
    const codeUri = props?.get('CodeUri')?.str() ?? globals?.get('CodeUri')?.str() ?? (props?.get('CodeUri') || globals?.get('CodeUri') ? undefined : '.');
    const runtime = props?.get('Runtime')?.str() ?? globals?.get('Runtime')?.str();
    const handler = props?.get('Handler')?.str() ?? globals?.get('Handler')?.str();
    if (codeUri === undefined || !runtime || !handler) return { unknown: `${id}: CodeUri, Runtime or Handler not static` };
    if (/^s3:\/\//.test(codeUri)) return { unknown: `${id}: code in S3` };
    const codeDir = joinUri(templateDir, codeUri, templateDir);
    if (!codeDir) return { unknown: `${id}: CodeUri outside the template's folder` };
    if (languageOfRuntime(runtime) === 'go') {
      entries.push({ uri: codeDir, language: 'go', rootUri: codeDir });
      continue;
    }
    const entry = handlerEntry(codeDir, runtime, handler, codeDir);
    if ('unknown' in entry) return { unknown: `${id}: ${entry.unknown}` };
    entries.push(...entry.entries);
  }
  // SAM gives every function it creates a role with AWSLambdaBasicExecutionRole; an explicit role needs logging from its policies.
  const platformActions = type === 'AWS::IAM::Role' ? LAMBDA_LOGGING : [];
  return { entries, platformActions, label: `function${functions.length > 1 ? 's' : ''} ${functions.map(([id]) => id).join(', ')}` };
}

/** Does the text in range name the logical id as a word? */
function mentions(text: string, range: [number, number], id: string): boolean {
  const body = text.slice(range[0], range[1]);
  for (let at = body.indexOf(id); at >= 0; at = body.indexOf(id, at + 1)) {
    const before = body[at - 1] ?? ' ';
    const after = body[at + id.length] ?? ' ';
    if (!/[A-Za-z0-9_]/.test(before) && !/[A-Za-z0-9_]/.test(after)) return true;
  }
  return false;
}

/** What AWSLambdaBasicExecutionRole grants: a function's logs. */
export const LAMBDA_LOGGING = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];

// ---------------------------------------------------------------------------
// Terraform
// ---------------------------------------------------------------------------

interface TfFile {
  uri: string;
  text: string;
  blocks: HclBlock[];
}

function terraformWorkload(ctx: RuleContext, range: { start: number; end: number }): WorkloadResult {
  const doc = ctx.document;
  const listing = ctx.project?.directory(doc.uri, '.tf');
  const loaded = listing?.load();
  if (!loaded) return { unknown: 'module files not available' };
  const files: TfFile[] = [];
  const trees: { delete(): void }[] = [];
  try {
    for (const f of loaded) {
      const text = f.uri === doc.uri ? doc.text : f.text;
      const tree = parseWith('hcl', text);
      if (!tree) return { unknown: `${f.uri} could not be parsed` };
      trees.push(tree);
      if (tree.rootNode.hasError) return { unknown: `${f.uri} has syntax errors` };
      files.push({ uri: f.uri, text, blocks: blocksOf(tree.rootNode) });
    }
    if (!files.some((f) => f.uri === doc.uri)) {
      const tree = parseWith('hcl', doc.text);
      if (!tree) return { unknown: 'not parsed' };
      trees.push(tree);
      files.push({ uri: doc.uri, text: doc.text, blocks: blocksOf(tree.rootNode) });
    }
    return terraformWorkloadIn(files, doc, range, ctx.workspaceRoot);
  } finally {
    for (const t of trees) t.delete();
  }
}

const address = (b: HclBlock): string => (b.type === 'data' ? `data.${b.labels[0]}.${b.labels[1]}` : `${b.labels[0]}.${b.labels[1]}`);

/** References `type.name` / `data.type.name` in an expression's text. */
function referencesIn(expr: string): string[] {
  return [...expr.matchAll(/\b(data\.[a-z0-9_]+\.[A-Za-z0-9_-]+|aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)/g)].map((m) => m[1]);
}

function terraformWorkloadIn(files: TfFile[], doc: Document, range: { start: number; end: number }, workspaceRoot: string | undefined): WorkloadResult {
  const all = files.flatMap((f) => f.blocks.filter((b) => (b.type === 'resource' || b.type === 'data') && b.labels.length === 2).map((b) => ({ file: f, block: b })));
  const own = files.find((f) => f.uri === doc.uri)!;
  const holder = own.blocks.find((b) => b.range.start <= range.start && range.end <= b.range.end);
  if (!holder || holder.labels.length !== 2) return { unknown: 'the statement is not in a resource' };
  const holderAddress = address(holder);
  const attr = (b: HclBlock, name: string): string | undefined => attributeValue(attributesOf(b.body).get(name))?.text;
  const usersOf = (addr: string) => all.filter(({ block }) => address(block) !== addr && mentionsAddress(block.node.text, addr));

  // The role(s) the statement's policy applies to.
  let roles: string[] = [];
  const rolesOfPolicy = (policyAddr: string): string[] | { unknown: string } => {
    const out: string[] = [];
    for (const { block } of usersOf(policyAddr)) {
      const type = block.labels[0];
      if (type === 'aws_iam_role_policy_attachment' && referencesIn(attr(block, 'policy_arn') ?? '').includes(policyAddr)) {
        const role = referencesIn(attr(block, 'role') ?? '').find((r) => r.startsWith('aws_iam_role.'));
        if (!role) return { unknown: `${address(block)} attaches it to a role not declared here` };
        out.push(role);
      } else if (type === 'aws_iam_role_policy' && referencesIn(attr(block, 'policy') ?? '').includes(policyAddr)) {
        const nested = rolesOfPolicy(address(block));
        if ('unknown' in nested) return nested;
        out.push(...nested);
      } else if (type === 'aws_iam_role_policy' && !policyAddr.startsWith('data.')) {
        continue;
      } else if (type === 'aws_iam_policy' && policyAddr.startsWith('data.') && referencesIn(attr(block, 'policy') ?? '').includes(policyAddr)) {
        const nested = rolesOfPolicy(address(block));
        if ('unknown' in nested) return nested;
        out.push(...nested);
      } else return { unknown: `${address(block)} also uses ${policyAddr}` };
    }
    if (policyAddr.startsWith('aws_iam_role_policy.')) {
      const block = all.find(({ block: b }) => address(b) === policyAddr)?.block;
      const role = block && referencesIn(attr(block, 'role') ?? '').find((r) => r.startsWith('aws_iam_role.'));
      if (!role) return { unknown: `${policyAddr}: role not declared in this module` };
      out.push(role);
    }
    return out;
  };
  const type = holder.labels[0];
  if (type === 'aws_iam_role') {
    roles = [holderAddress];
  } else if (type === 'aws_iam_role_policy_attachment') {
    const role = referencesIn(attr(holder, 'role') ?? '').find((r) => r.startsWith('aws_iam_role.'));
    if (!role) return { unknown: `${holderAddress}: role not declared in this module` };
    roles = [role];
  } else if (type === 'aws_iam_role_policy' || type === 'aws_iam_policy' || (holder.type === 'data' && type === 'aws_iam_policy_document')) {
    const r = rolesOfPolicy(holderAddress);
    if ('unknown' in r) return r;
    roles = [...new Set(r)];
  } else return { unknown: `statement of ${holderAddress} is not followed` };
  if (roles.length === 0) return { unknown: 'the policy is attached to no role of this module' };

  // The functions that run as the roles; any other use of a role is unknown.
  const functions: HclBlock[] = [];
  for (const role of roles) {
    const roleBlock = all.find(({ block }) => address(block) === role)?.block;
    if (!roleBlock) return { unknown: `${role} is not declared in this module` };
    for (const { block } of usersOf(role)) {
      const t = block.labels[0];
      if (t === 'aws_lambda_function' && referencesIn(attr(block, 'role') ?? '').includes(role)) functions.push(block);
      else if (t === 'aws_iam_role_policy' || t === 'aws_iam_role_policy_attachment') continue;
      else return { unknown: `${address(block)} also uses ${role}` };
    }
  }
  if (functions.length === 0) return { unknown: 'no Lambda function of this module runs as the role' };
  const moduleDir = dirOf(doc.uri);
  const entries: CodeEntry[] = [];
  for (const fn of functions) {
    const fnAddr = address(fn);
    const attrs = attributesOf(fn.body);
    for (const extra of ['image_uri', 'kms_key_arn', 's3_bucket']) if (attrs.has(extra)) return { unknown: `${fnAddr} sets ${extra}` };
    for (const b of blocksOf(fn.body)) {
      if (b.type === 'vpc_config' || b.type === 'dead_letter_config' || b.type === 'file_system_config') return { unknown: `${fnAddr} has ${b.type}, which needs permissions of its own` };
      if (b.type === 'tracing_config' && /Active/.test(b.node.text)) return { unknown: `${fnAddr} has active tracing` };
    }
    const mapping = usersOf(fnAddr).find(({ block }) => block.labels[0] === 'aws_lambda_event_source_mapping');
    if (mapping) return { unknown: `${address(mapping.block)} reads events with the role` };
    const runtime = stringOf(attrs.get('runtime'));
    const handler = stringOf(attrs.get('handler'));
    const filename = attr(fn, 'filename') ?? '';
    const archive = referencesIn(filename).find((r) => r.startsWith('data.archive_file.'));
    if (!runtime || !handler || !archive) return { unknown: `${fnAddr}: runtime, handler or archive_file package not static` };
    const archiveBlock = all.find(({ block }) => address(block) === archive)?.block;
    if (!archiveBlock) return { unknown: `${archive} not declared` };
    const sourceDir = modulePath(attributeValue(attributesOf(archiveBlock.body).get('source_dir')));
    const sourceFile = modulePath(attributeValue(attributesOf(archiveBlock.body).get('source_file')));
    const language = languageOfRuntime(runtime);
    if (sourceDir !== undefined) {
      const codeDir = joinUri(moduleDir, sourceDir, workspaceRoot);
      if (!codeDir) return { unknown: `${archive}: source outside the workspace` };
      if (language === 'go') entries.push({ uri: codeDir, language: 'go', rootUri: codeDir });
      else {
        const entry = handlerEntry(codeDir, runtime, handler, workspaceRoot ?? codeDir);
        if ('unknown' in entry) return { unknown: `${fnAddr}: ${entry.unknown}` };
        entries.push(...entry.entries);
      }
    } else if (sourceFile !== undefined) {
      const fileUri = joinUri(moduleDir, sourceFile, workspaceRoot);
      if (!fileUri) return { unknown: `${archive}: source outside the workspace` };
      const lang: CodeLanguage | undefined = language === 'python' && fileUri.endsWith('.py') ? 'python' : language === 'node' && /\.(?:m|c)?js$/.test(fileUri) ? 'javascript' : undefined;
      if (!lang) return { unknown: `${archive}: source_file does not match the runtime` };
      entries.push({ uri: fileUri, language: lang, rootUri: dirOf(fileUri) });
    } else return { unknown: `${archive}: neither source_dir nor source_file is static` };
  }
  // A role Terraform declares gets nothing implicitly: logging comes from its policies.
  return { entries, platformActions: LAMBDA_LOGGING, label: `${functions.map(address).join(', ')}` };
}

function mentionsAddress(text: string, addr: string): boolean {
  for (let at = text.indexOf(addr); at >= 0; at = text.indexOf(addr, at + 1)) {
    const after = text[at + addr.length] ?? ' ';
    const before = text[at - 1] ?? ' ';
    if (!/[A-Za-z0-9_-]/.test(after) && !/[A-Za-z0-9_.]/.test(before)) return true;
  }
  return false;
}

/** A static string attribute (`"python3.12"`). */
function stringOf(attribute: Node | undefined): string | undefined {
  const value = attributeValue(attribute);
  const m = value && /^"([^"\\$%]*)"$/.exec(value.text);
  return m ? m[1] : undefined;
}

/** `"${path.module}/../src/orders"`, `"src/orders"` → a path relative to the module; undefined when not static. */
function modulePath(value: Node | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^"(?:\$\{path\.module\}\/)?([^"\\$%]*)"$/.exec(value.text);
  if (!m) return undefined;
  return decodeHclString(m[1]) || '.';
}

// ---------------------------------------------------------------------------
// AWS CDK
// ---------------------------------------------------------------------------

const ROLE_POLICY_METHODS = new Set(['addToRolePolicy', 'add_to_role_policy']);

function cdkWorkload(ctx: RuleContext, statement: PolicyStatementFact): WorkloadResult {
  const doc = ctx.document;
  if (doc.parsed?.kind !== 'tree-sitter') return { unknown: 'not parsed' };
  const python = doc.parsed.grammar === 'python';
  const attach = cdkAttachOf(doc, statement);
  if (!attach || !ROLE_POLICY_METHODS.has(attach.method)) return { unknown: 'not added with addToRolePolicy' };
  // The function construct bound to the receiver.
  let construct: Node | undefined;
  const stack: Node[] = [doc.parsed.tree.rootNode];
  let bindings = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'variable_declarator' && n.childForFieldName('name')?.text === attach.receiver) {
      bindings++;
      construct = n.childForFieldName('value') ?? undefined;
    } else if ((n.type === 'assignment' || n.type === 'assignment_expression') && n.childForFieldName('left')?.text === attach.receiver) {
      bindings++;
      construct = n.childForFieldName('right') ?? undefined;
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  if (bindings !== 1 || !construct || !(construct.type === 'new_expression' || construct.type === 'call')) return { unknown: `${attach.receiver} is not one function construct` };
  const callee = (construct.childForFieldName('constructor') ?? construct.childForFieldName('function'))?.text ?? '';
  const kind = /(?:^|\.)(Function|NodejsFunction)$/.exec(callee)?.[1];
  if (!kind) return { unknown: `${attach.receiver} is a ${callee}` };
  const args = (construct.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');
  const props = new Map<string, Node>();
  if (python) {
    for (const a of args) if (a.type === 'keyword_argument') props.set(a.childForFieldName('name')!.text, a.childForFieldName('value')!);
  } else {
    const object = args[args.length - 1];
    if (object?.type !== 'object') return { unknown: 'function props not literal' };
    for (const p of object.namedChildren) {
      if (p?.type === 'pair') props.set(p.childForFieldName('key')!.text.replace(/^['"]|['"]$/g, ''), p.childForFieldName('value')!);
      else if (p?.type === 'spread_element') return { unknown: 'function props spread' };
      else if (p?.type === 'shorthand_property_identifier') props.set(p.text, p);
    }
  }
  if (args.some((a) => a.type === 'dictionary_splat' || a.type === 'spread_element')) return { unknown: 'function props spread' };
  if (props.has('role')) return { unknown: 'the function runs with a role declared elsewhere' };
  const id = args.find((a) => a.type === 'string')?.text.slice(1, -1) ?? attach.receiver;
  const docDir = dirOf(doc.uri);
  const root = ctx.workspaceRoot;
  if (kind === 'NodejsFunction') {
    const entry = props.get('entry');
    const rel = entry && assetPath(ctx, entry, docDir, python);
    if (!rel) return { unknown: `${id}: entry not static` };
    const lang: CodeLanguage | undefined = /\.ts$/.test(rel) ? 'typescript' : /\.(?:m|c)?js$/.test(rel) ? 'javascript' : undefined;
    if (!lang) return { unknown: `${id}: entry is not a .ts/.js file` };
    return { entries: [{ uri: rel, language: lang, rootUri: dirOf(rel) }], platformActions: [], label: `function ${id}` };
  }
  const runtime = props.get('runtime')?.text ?? '';
  const handler = props.get('handler');
  const code = props.get('code');
  const handlerText = handler?.type === 'string' && /^['"][^'"\\$`]*['"]$/.test(handler.text) ? handler.text.slice(1, -1) : undefined;
  const codeCall = code && (code.type === 'call' || code.type === 'call_expression') ? code : undefined;
  const codeCallee = codeCall && (codeCall.childForFieldName('function')?.text ?? '');
  if (!codeCall || !codeCallee || !/Code\.from_?[aA]sset$/.test(codeCallee)) return { unknown: `${id}: code is not Code.fromAsset` };
  const assetArg = (codeCall.childForFieldName('arguments')?.namedChildren ?? []).find((c) => c && c.type !== 'comment');
  const codeDir = assetArg ? assetPath(ctx, assetArg, docDir, python) : undefined;
  if (!codeDir) return { unknown: `${id}: asset path not static` };
  if (root && codeDir !== root && !codeDir.startsWith(`${root}/`)) return { unknown: `${id}: asset outside the workspace` };
  const language = /Runtime\.PYTHON_3_\d+$/.test(runtime) ? 'python3.x' : /Runtime\.NODEJS_\d+_X$/.test(runtime) ? 'nodejs20.x' : /Runtime\.(?:PROVIDED_AL2023|PROVIDED_AL2|GO_1_X)$/.test(runtime) ? 'go' : undefined;
  if (!language) return { unknown: `${id}: runtime ${runtime} is not read` };
  if (language === 'go') return { entries: [{ uri: codeDir, language: 'go', rootUri: codeDir }], platformActions: [], label: `function ${id}` };
  if (!handlerText) return { unknown: `${id}: handler not static` };
  const entry = handlerEntry(codeDir, language === 'python3.x' ? 'python3.12' : 'nodejs20.x', handlerText, codeDir);
  if ('unknown' in entry) return { unknown: `${id}: ${entry.unknown}` };
  // CDK gives the role it creates for a function AWSLambdaBasicExecutionRole (and the VPC / DLQ / tracing permissions it configures).
  return { entries: entry.entries, platformActions: [], label: `function ${id}` };
}

/** A CDK asset path: a literal (relative to the app's cdk.json) or `path.join(__dirname, …)` / `os.path.join(os.path.dirname(__file__), …)`. */
function assetPath(ctx: RuleContext, node: Node, docDir: string, python: boolean): string | undefined {
  const literal = (n: Node | null | undefined): string | undefined => (n && n.type === 'string' && /^['"][^'"\\$`{}]*['"]$/.test(n.text) ? n.text.slice(1, -1) : undefined);
  const direct = literal(node);
  if (direct !== undefined) {
    const appDir = cdkAppDir(ctx, docDir);
    return appDir ? joinUri(appDir, direct, ctx.workspaceRoot) : undefined;
  }
  if (node.type !== 'call' && node.type !== 'call_expression') return undefined;
  const fn = node.childForFieldName('function')?.text;
  if (fn !== 'path.join' && fn !== 'path.resolve' && fn !== 'os.path.join') return undefined;
  const parts = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');
  const first = parts[0]?.text;
  const here = python ? first === 'os.path.dirname(__file__)' || first === 'os.path.dirname(os.path.abspath(__file__))' : first === '__dirname';
  if (!here) return undefined;
  const rest = parts.slice(1).map(literal);
  if (rest.some((r) => r === undefined)) return undefined;
  return joinUri(docDir, rest.join('/') || '.', ctx.workspaceRoot);
}

/** The directory of the nearest cdk.json at or above the stack file, inside the workspace. */
function cdkAppDir(ctx: RuleContext, docDir: string): string | undefined {
  let dir = docDir;
  for (let i = 0; i < 8; i++) {
    const listing = ctx.project?.directory(`${dir}/cdk.json`, '.json');
    if (listing?.load().some((f) => f.uri.endsWith('/cdk.json'))) return dir;
    if (!ctx.workspaceRoot || dir === ctx.workspaceRoot || !dir.startsWith(ctx.workspaceRoot)) return undefined;
    dir = dirOf(dir);
  }
  return undefined;
}
