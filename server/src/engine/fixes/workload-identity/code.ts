/**
 * Application code: a cloud SDK client built from explicit static credentials
 * is built from the default credential chain instead, which picks up workload
 * identity (IRSA / EKS Pod Identity, GKE / Azure workload identity, instance
 * roles) in production and the developer's own login locally.
 *
 * - Python boto3 `client/resource/Session(…, aws_access_key_id=…, aws_secret_access_key=…)`:
 *   the two keyword arguments are removed.
 * - JavaScript / TypeScript `credentials: { accessKeyId, secretAccessKey }`: the
 *   `credentials` property is removed (SDK v3); a bare `{ accessKeyId, secretAccessKey, … }`
 *   config object (SDK v2 `AWS.config.update`) loses those two properties; Google
 *   client options lose `keyFilename` / `keyFile`.
 * - `ClientSecretCredential(…)` → `DefaultAzureCredential()` (Python, JS/TS), the
 *   import gains DefaultAzureCredential and drops ClientSecretCredential when
 *   nothing else uses it.
 * - Python `…Credentials.from_service_account_file(…)` → `google.auth.default()`
 *   (`import google.auth` added); `Client.from_service_account_json(…)` → `Client()`.
 *
 * Never lose data: a removed argument that is a string literal is moved to the
 * local env file under the variable the default chain reads (AWS_ACCESS_KEY_ID,
 * AZURE_CLIENT_SECRET …), so the value stays recoverable and local runs keep
 * working. A literal we cannot read exactly → no fix. Key file paths are not
 * secrets (the key lives in the file) and are simply dropped.
 */
import type { Node } from 'web-tree-sitter';
import type { CredentialUseFact, Fix, TextEdit } from '../../model';
import type { RuleContext } from '../../rule';
import { nodeAt } from '../languages/shared';
import { planEnvEntries } from '../references/shared';
import { lineStartOf } from '../references/shared';
import { removeListItems, type Plan } from './code-shared';
import { csharpPlan } from './code-csharp';
import { goPlan } from './code-go';
import { javaPlan } from './code-java';


export function codeWorkloadIdentityFix(ctx: RuleContext, use: CredentialUseFact): Fix | undefined {
  const doc = ctx.document;
  if (doc.parsed?.kind !== 'tree-sitter' || !ctx.workspaceRoot) return undefined;
  const node = nodeAt(doc.parsed.tree.rootNode, use.range);
  if (!node || node.hasError) return undefined;
  const isJs = doc.format === 'typescript' || doc.format === 'tsx' || doc.format === 'javascript';
  let plan: Plan | undefined;
  if (doc.format === 'python') plan = pythonPlan(ctx, use, node);
  else if (isJs) plan = jsPlan(ctx, use, node);
  else if (doc.format === 'csharp') plan = csharpPlan(ctx, use, node);
  else if (doc.format === 'java') plan = javaPlan(ctx, use, node);
  else if (doc.format === 'go') plan = goPlan(ctx, use, node);
  if (!plan || plan.edits.length === 0) return undefined;

  const edits = [...plan.edits];
  if (plan.literals.length > 0) {
    const values: { name: string; value: string }[] = [];
    for (const l of plan.literals) {
      const fact = ctx.facts('assignment').find((a) => a.literalRange.start === l.node.startIndex && a.literalRange.end === l.node.endIndex);
      if (!fact) return undefined; // a literal we cannot read exactly is not removed
      values.push({ name: l.name, value: fact.value });
    }
    const env = planEnvEntries({ workspaceRoot: ctx.workspaceRoot, readFile: ctx.readFile }, ctx.config.envFile, values);
    if (!env) return undefined;
    edits.push(...env.edits);
  }
  const moved = plan.literals.length > 0 ? ` (the literal values move to ${ctx.config.envFile})` : '';
  return { title: plan.title + moved, kind: 'workload-identity', preferred: true, edits };
}

// ---------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------

const BOTO_KEYS: Record<string, string> = { aws_access_key_id: 'AWS_ACCESS_KEY_ID', aws_secret_access_key: 'AWS_SECRET_ACCESS_KEY' };
const AZURE_ARGS = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'];
const AZURE_KEYWORDS: Record<string, string> = { tenant_id: 'AZURE_TENANT_ID', client_id: 'AZURE_CLIENT_ID', client_secret: 'AZURE_CLIENT_SECRET' };

function pythonPlan(ctx: RuleContext, use: CredentialUseFact, call: Node): Plan | undefined {
  if (call.type !== 'call') return undefined;
  const uri = ctx.document.uri;
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  if (!callee || !args || args.type !== 'argument_list') return undefined;
  const items = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const last = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee.text;

  if (use.mechanism === 'aws-access-key') {
    const removed = items.filter((a) => a.type === 'keyword_argument' && BOTO_KEYS[a.childForFieldName('name')?.text ?? ''] !== undefined);
    if (removed.length === 0) return undefined;
    const literals = removed.flatMap((a) => literalOf(a.childForFieldName('value'), BOTO_KEYS[a.childForFieldName('name')!.text]));
    if (literals === undefined) return undefined;
    const edits = removeListItems(ctx.document.text, uri, args, items, removed);
    return edits && { edits, literals, title: `Use the default AWS credential chain: drop the explicit keys from ${callee.text}(…) (IRSA / task role / instance profile in production)` };
  }

  if (use.mechanism === 'azure-client-secret' && last === 'ClientSecretCredential') {
    const literals: Plan['literals'] = [];
    let positional = 0;
    for (const a of items) {
      const name = a.type === 'keyword_argument' ? AZURE_KEYWORDS[a.childForFieldName('name')?.text ?? ''] : AZURE_ARGS[positional++];
      const value = a.type === 'keyword_argument' ? a.childForFieldName('value') : a;
      if (value && isStringLiteral(value)) {
        if (!name) return undefined;
        literals.push({ node: value, name });
      }
    }
    const imports = pythonAzureImports(ctx, callee);
    if (!imports) return undefined;
    const replacement = callee.type === 'attribute' ? `${callee.childForFieldName('object')!.text}.DefaultAzureCredential()` : 'DefaultAzureCredential()';
    return { edits: [{ uri, range: { start: call.startIndex, end: call.endIndex }, newText: replacement }, ...imports], literals, title: 'Use DefaultAzureCredential (managed identity / workload identity) instead of a client secret' };
  }

  if (use.mechanism === 'gcp-service-account-key' && callee.type === 'attribute') {
    const owner = callee.childForFieldName('object');
    if (!owner) return undefined;
    if (last === 'from_service_account_file' && /(^|\.)Credentials$/.test(owner.text)) {
      const parent = call.parent;
      const assignment = parent?.type === 'assignment' && parent.childForFieldName('right')?.equals(call) ? parent : undefined;
      const left = assignment?.childForFieldName('left');
      const edits: TextEdit[] = [];
      if (left?.type === 'identifier' && assignment) edits.push({ uri, range: { start: assignment.startIndex, end: assignment.endIndex }, newText: `${left.text}, _ = google.auth.default()` });
      else edits.push({ uri, range: { start: call.startIndex, end: call.endIndex }, newText: 'google.auth.default()[0]' });
      const imp = pythonImportGoogleAuth(ctx);
      if (!imp) return undefined;
      return { edits: [...edits, ...imp], literals: [], title: 'Use Application Default Credentials (google.auth.default()) instead of a service-account key file' };
    }
    if (last === 'from_service_account_json' && !/Credentials$/.test(owner.text)) {
      return { edits: [{ uri, range: { start: call.startIndex, end: call.endIndex }, newText: `${owner.text}()` }], literals: [], title: `Use Application Default Credentials: ${owner.text}() without a key file` };
    }
  }
  return undefined;
}

function isStringLiteral(node: Node): boolean {
  if (node.type === 'string') return !node.namedChildren.some((c) => c?.type === 'interpolation');
  if (node.type === 'template_string') return !node.namedChildren.some((c) => c?.type === 'template_substitution');
  return false;
}

/** The literal to move for a removed value (none when it is not a literal). */
function literalOf(value: Node | null, name: string): Plan['literals'] {
  return value && isStringLiteral(value) ? [{ node: value, name }] : [];
}

/** `from azure.identity import …` gains DefaultAzureCredential and drops ClientSecretCredential when unused elsewhere. */
function pythonAzureImports(ctx: RuleContext, callee: Node): TextEdit[] | undefined {
  if (callee.type === 'attribute') return []; // `identity.ClientSecretCredential(…)`: the module import covers both
  const root = (ctx.document.parsed as { tree: { rootNode: Node } }).tree.rootNode;
  const stmt = root.namedChildren.find((s) => s?.type === 'import_from_statement' && s.childForFieldName('module_name')?.text === 'azure.identity' && / import [^(]*$/.test(s.text) && !s.text.includes('\n'));
  if (!stmt) return undefined;
  const names = stmt.text.slice(stmt.text.indexOf(' import ') + 8).split(',').map((n) => n.trim());
  if (names.some((n) => /\sas\s/.test(n))) return undefined;
  const next = adjustNames(ctx.document.text, names);
  if (!next) return undefined;
  return [{ uri: ctx.document.uri, range: { start: stmt.startIndex, end: stmt.endIndex }, newText: `from azure.identity import ${next.join(', ')}` }];
}

/** Import names after the switch: DefaultAzureCredential present, ClientSecretCredential gone if this was its only use. */
function adjustNames(text: string, names: string[]): string[] | undefined {
  if (!names.includes('ClientSecretCredential')) return undefined;
  const uses = text.split(/\bClientSecretCredential\b/).length - 1;
  let next = uses <= 2 ? names.filter((n) => n !== 'ClientSecretCredential') : [...names];
  if (!next.includes('DefaultAzureCredential')) next = [...next, 'DefaultAzureCredential'];
  return next;
}

function pythonImportGoogleAuth(ctx: RuleContext): TextEdit[] | undefined {
  const root = (ctx.document.parsed as { tree: { rootNode: Node } }).tree.rootNode;
  const imports = root.namedChildren.filter((s): s is Node => !!s && (s.type === 'import_statement' || s.type === 'import_from_statement'));
  if (imports.some((s) => s.type === 'import_statement' && s.namedChildren.some((c) => c?.type === 'dotted_name' && (c.text === 'google.auth' || c.text === 'google')))) return [];
  const anchor = imports[0];
  if (!anchor) return undefined;
  const at = lineStartOf(ctx.document.text, anchor.startIndex);
  return [{ uri: ctx.document.uri, range: { start: at, end: at }, newText: 'import google.auth\n' }];
}

// ---------------------------------------------------------------------------
// JavaScript / TypeScript
// ---------------------------------------------------------------------------

const JS_KEYS: Record<string, string> = { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY' };

function propertyName(pair: Node): string | undefined {
  if (pair.type === 'shorthand_property_identifier') return pair.text;
  if (pair.type !== 'pair') return undefined;
  return pair.childForFieldName('key')?.text.replace(/^["']|["']$/g, '');
}

function jsPlan(ctx: RuleContext, use: CredentialUseFact, node: Node): Plan | undefined {
  const uri = ctx.document.uri;
  const text = ctx.document.text;
  if (use.mechanism === 'aws-access-key' && node.type === 'object') {
    const holder = node.parent;
    const props = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const literals = props.flatMap((p) => (p.type === 'pair' && JS_KEYS[propertyName(p) ?? ''] ? literalOf(p.childForFieldName('value'), JS_KEYS[propertyName(p)!]) : []));
    if (holder?.type === 'pair' && propertyName(holder) === 'credentials' && holder.parent?.type === 'object') {
      // Everything in a static credentials object goes with it: only the two keys may be literals worth keeping.
      if (props.some((p) => !JS_KEYS[propertyName(p) ?? ''])) return undefined;
      const outer = holder.parent;
      const siblings = outer.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
      const edits = removeListItems(text, uri, outer, siblings, [holder]);
      return edits && { edits, literals, title: 'Use the default AWS credential chain: remove the static `credentials` (IRSA / task role / instance profile in production)' };
    }
    const removed = props.filter((p) => JS_KEYS[propertyName(p) ?? '']);
    const edits = removeListItems(text, uri, node, props, removed);
    return edits && { edits, literals, title: 'Use the default AWS credential chain: remove accessKeyId / secretAccessKey' };
  }
  if (use.mechanism === 'gcp-service-account-key' && node.type === 'new_expression') {
    const options = node.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'object');
    if (!options) return undefined;
    const props = options.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const removed = props.filter((p) => propertyName(p) === 'keyFilename' || propertyName(p) === 'keyFile');
    if (removed.length === 0) return undefined;
    const edits = removeListItems(text, uri, options, props, removed);
    return edits && { edits, literals: [], title: 'Use Application Default Credentials: remove the key file option' };
  }
  if (use.mechanism === 'azure-client-secret' && (node.type === 'new_expression' || node.type === 'call_expression')) {
    const callee = node.childForFieldName('constructor') ?? node.childForFieldName('function');
    if (!callee || callee.type !== 'identifier' || callee.text !== 'ClientSecretCredential') return undefined;
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
    const literals: Plan['literals'] = [];
    for (let i = 0; i < args.length; i++) {
      if (!isStringLiteral(args[i])) continue;
      if (!AZURE_ARGS[i]) return undefined;
      literals.push({ node: args[i], name: AZURE_ARGS[i] });
    }
    const imports = jsAzureImports(ctx);
    if (!imports) return undefined;
    return { edits: [{ uri, range: { start: node.startIndex, end: node.endIndex }, newText: 'new DefaultAzureCredential()' }, ...imports], literals, title: 'Use DefaultAzureCredential (managed identity / workload identity) instead of a client secret' };
  }
  return undefined;
}

function jsAzureImports(ctx: RuleContext): TextEdit[] | undefined {
  const root = (ctx.document.parsed as { tree: { rootNode: Node } }).tree.rootNode;
  const stmt = root.namedChildren.find((s) => s?.type === 'import_statement' && /from\s+['"]@azure\/identity['"]/.test(s.text));
  const clause = stmt?.descendantsOfType('named_imports')[0];
  if (!stmt || !clause) return undefined;
  const names = clause.text.slice(1, -1).split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names.some((n) => /\sas\s/.test(n))) return undefined;
  const next = adjustNames(ctx.document.text, names);
  if (!next) return undefined;
  return [{ uri: ctx.document.uri, range: { start: clause.startIndex, end: clause.endIndex }, newText: `{ ${next.join(', ')} }` }];
}
