/**
 * Java: static credentials → the SDKs' default chains.
 *
 * - SDK v2 `StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret))`
 *   → `DefaultCredentialsProvider.create()`; SDK v1 `new AWSStaticCredentialsProvider(new BasicAWSCredentials(id, secret))`
 *   → `DefaultAWSCredentialsProviderChain.getInstance()`. The credentials may sit in a
 *   local variable read only by the provider: its declaration goes too.
 * - `new ClientSecretCredentialBuilder().tenantId(…).clientId(…).clientSecret(…).build()`
 *   → `new DefaultAzureCredentialBuilder().build()` (other builder calls → no fix).
 * - `GoogleCredentials.fromStream(…)` / `ServiceAccountCredentials.fromStream(…)` →
 *   `GoogleCredentials.getApplicationDefault()`. A stream opened just for it in a
 *   try-with-resources (no catch/finally) is unwrapped, so the key file is not opened.
 * Imports: the new class is imported unless the package is imported with `*`; imports
 * nothing uses any more are removed. Literal arguments move to the env file first.
 */
import type { Node } from 'web-tree-sitter';
import type { CredentialUseFact, TextEdit } from '../../model';
import type { RuleContext } from '../../rule';
import { lineBreakOf, lineStartOf, nextLineStart } from '../references/shared';
import { applyLocal, AWS_ARGS, AZURE_ARGS, consumerOf, countWord, literalsOf, namedArgs, statementLines, type Plan } from './code-shared';

const DECLARATIONS = new Set(['local_variable_declaration']);
const AZURE_BUILDER: Record<string, string | undefined> = { tenantId: 'AZURE_TENANT_ID', clientId: 'AZURE_CLIENT_ID', clientSecret: 'AZURE_CLIENT_SECRET', build: undefined };
const AWS_BUILDER: Record<string, string | undefined> = { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY', build: undefined };

export function javaPlan(ctx: RuleContext, use: CredentialUseFact, node: Node): Plan | undefined {
  const uri = ctx.document.uri;
  const text = ctx.document.text;
  const root = (ctx.document.parsed as { tree: { rootNode: Node } }).tree.rootNode;
  let plan: Plan | undefined;
  let imports: { add: string; drop: string[] } | undefined;

  if (use.mechanism === 'aws-access-key') {
    const literals = awsLiterals(node);
    if (!literals) return undefined;
    const consumer = consumerOf(node, DECLARATIONS);
    if (!consumer) return undefined;
    const provider = providerAround(consumer.use);
    if (!provider) return undefined;
    const edits: TextEdit[] = [{ uri, range: { start: provider.node.startIndex, end: provider.node.endIndex }, newText: provider.v2 ? 'DefaultCredentialsProvider.create()' : 'DefaultAWSCredentialsProviderChain.getInstance()' }];
    if (consumer.declaration) {
      const lines = statementLines(text, consumer.declaration);
      if (!lines) return undefined;
      edits.push({ uri, range: lines, newText: '' });
    }
    plan = { edits, literals, title: 'Use the default AWS credential chain instead of static access keys (IRSA / task role / instance profile in production)' };
    imports = provider.v2
      ? { add: 'software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider', drop: ['StaticCredentialsProvider', 'AwsBasicCredentials'] }
      : { add: 'com.amazonaws.auth.DefaultAWSCredentialsProviderChain', drop: ['AWSStaticCredentialsProvider', 'BasicAWSCredentials'] };
  } else if (use.mechanism === 'azure-client-secret' && node.type === 'method_invocation') {
    const calls = builderCalls(node);
    if (!calls || calls.start.type !== 'object_creation_expression' || !/(^|\.)ClientSecretCredentialBuilder$/.test(calls.start.childForFieldName('type')?.text ?? '')) return undefined;
    if (calls.calls.some((c) => !(c.method in AZURE_BUILDER))) return undefined; // settings we would silently drop
    const literals = literalsOf(calls.calls.map((c) => c.arg), calls.calls.map((c) => AZURE_BUILDER[c.method]));
    if (!literals) return undefined;
    plan = { edits: [{ uri, range: { start: node.startIndex, end: node.endIndex }, newText: 'new DefaultAzureCredentialBuilder().build()' }], literals, title: 'Use DefaultAzureCredential (managed identity / workload identity) instead of a client secret' };
    imports = { add: 'com.azure.identity.DefaultAzureCredentialBuilder', drop: ['ClientSecretCredentialBuilder'] };
  } else if (use.mechanism === 'gcp-service-account-key' && node.type === 'method_invocation') {
    if (node.childForFieldName('name')?.text !== 'fromStream') return undefined;
    const edits: TextEdit[] = [{ uri, range: { start: node.startIndex, end: node.endIndex }, newText: 'GoogleCredentials.getApplicationDefault()' }];
    const [stream] = namedArgs(node);
    if (stream?.type === 'identifier') {
      const unwrap = unwrapTryResource(text, uri, stream, edits[0]);
      if (!unwrap) return undefined; // the key file would still be opened (and fail) without it
      edits.splice(0, 1, ...unwrap);
    } else if (stream && stream.type !== 'object_creation_expression') return undefined;
    plan = { edits, literals: [], title: 'Use Application Default Credentials (GoogleCredentials.getApplicationDefault()) instead of a service-account key file' };
    imports = { add: 'com.google.auth.oauth2.GoogleCredentials', drop: ['ServiceAccountCredentials', 'FileInputStream'] };
  }
  if (!plan || !imports) return undefined;
  const importEdits = javaImports(uri, text, root, plan.edits, imports.add, imports.drop);
  if (!importEdits) return undefined;
  plan.edits.push(...importEdits);
  return plan;
}

function awsLiterals(node: Node): Plan['literals'] | undefined {
  if (node.type === 'object_creation_expression' || node.childForFieldName('name')?.text === 'create') return literalsOf(namedArgs(node), AWS_ARGS);
  const calls = builderCalls(node);
  if (!calls || calls.calls.some((c) => !(c.method in AWS_BUILDER))) return undefined;
  return literalsOf(calls.calls.map((c) => c.arg), calls.calls.map((c) => AWS_BUILDER[c.method]));
}

/** The static provider wrapping the credentials: `StaticCredentialsProvider.create(x)` (v2) or `new AWSStaticCredentialsProvider(x)` (v1). */
function providerAround(credentials: Node): { node: Node; v2: boolean } | undefined {
  const list = credentials.parent;
  const call = list?.parent;
  if (list?.type !== 'argument_list' || !call || namedArgs(call).length !== 1) return undefined;
  if (call.type === 'method_invocation' && call.childForFieldName('name')?.text === 'create' && /(^|\.)StaticCredentialsProvider$/.test(call.childForFieldName('object')?.text ?? '')) return { node: call, v2: true };
  if (call.type === 'object_creation_expression' && /(^|\.)AWSStaticCredentialsProvider$/.test(call.childForFieldName('type')?.text ?? '')) return { node: call, v2: false };
  return undefined;
}

/** `start.a(x).b(y).build()` read from its outermost call: the innermost receiver and each call's first argument. */
function builderCalls(end: Node): { start: Node; calls: { method: string; arg: Node | undefined }[] } | undefined {
  const calls: { method: string; arg: Node | undefined }[] = [];
  let current: Node = end;
  for (let depth = 0; depth < 32 && current.type === 'method_invocation'; depth++) {
    const method = current.childForFieldName('name')?.text;
    const object = current.childForFieldName('object');
    if (!method || !object) return undefined;
    calls.unshift({ method, arg: namedArgs(current)[0] });
    current = object;
  }
  return { start: current, calls };
}

/**
 * `try (FileInputStream key = new FileInputStream(…)) { … fromStream(key) … }` with no
 * catch or finally: the try goes, its body stays (one indent level less).
 */
function unwrapTryResource(text: string, uri: string, stream: Node, replacement: TextEdit): TextEdit[] | undefined {
  let resource: Node | null = null;
  for (let p = stream.parent; p; p = p.parent) {
    if (p.type === 'try_with_resources_statement') {
      const spec = p.childForFieldName('resources');
      const resources = spec?.namedChildren.filter((c): c is Node => c?.type === 'resource') ?? [];
      if (resources.length === 1 && resources[0].childForFieldName('name')?.text === stream.text) resource = p;
      break;
    }
  }
  const body = resource?.childForFieldName('body');
  if (!resource || !body || resource.namedChildren.some((c) => c?.type === 'catch_clause' || c?.type === 'finally_clause')) return undefined;
  if (body.descendantsOfType('identifier').filter((id) => id?.text === stream.text).length !== 1) return undefined;
  const outer = lineStartOf(text, resource.startIndex);
  const tryIndent = text.slice(outer, resource.startIndex);
  if (!/^[ \t]*$/.test(tryIndent)) return undefined;
  const innerStart = nextLineStart(text, body.startIndex);
  const closeLine = lineStartOf(text, body.endIndex - 1);
  if (innerStart > closeLine || !/^[ \t]*$/.test(text.slice(closeLine, body.endIndex - 1))) return undefined;
  const inner = applyLocal(text.slice(innerStart, closeLine), [{ range: { start: replacement.range.start - innerStart, end: replacement.range.end - innerStart }, newText: replacement.newText }]);
  const lines = inner.split(/(?<=\n)/);
  const innerIndent = /^[ \t]*/.exec(lines.find((l) => l.trim() !== '') ?? '')?.[0] ?? '';
  if (!innerIndent.startsWith(tryIndent) || innerIndent === tryIndent) return undefined;
  const step = innerIndent.length - tryIndent.length;
  const dedented = lines.map((l) => (l.slice(0, step).trim() === '' ? l.slice(Math.min(step, /^[ \t]*/.exec(l)![0].length)) : l)).join('');
  return [{ uri, range: { start: outer, end: nextLineStart(text, body.endIndex - 1) }, newText: dedented }];
}

/** The import of `add` (unless present or covered by `pkg.*`), and removal of imports of `drop` names nothing else uses. */
function javaImports(uri: string, text: string, root: Node, edits: TextEdit[], add: string, drop: string[]): TextEdit[] | undefined {
  const imports = root.namedChildren.filter((c): c is Node => c?.type === 'import_declaration');
  const after = applyLocal(text, edits);
  const out: TextEdit[] = [];
  const pkg = add.slice(0, add.lastIndexOf('.'));
  const nl = lineBreakOf(text);
  const has = imports.some((i) => i.text.replace(/\s+/g, ' ') === `import ${add};` || i.text.replace(/\s+/g, '') === `import${pkg}.*;`);
  if (!has) {
    const next = imports.find((i) => i.text.slice(7).trim() > add);
    if (next) out.push({ uri, range: { start: lineStartOf(text, next.startIndex), end: lineStartOf(text, next.startIndex) }, newText: `import ${add};${nl}` });
    else if (imports.length > 0) {
      const last = imports[imports.length - 1];
      out.push({ uri, range: { start: nextLineStart(text, last.endIndex), end: nextLineStart(text, last.endIndex) }, newText: `import ${add};${nl}` });
    } else return undefined;
  }
  for (const name of drop) {
    const decl = imports.find((i) => new RegExp(`\\.${name};$`).test(i.text.replace(/\s+/g, '')));
    if (!decl || countWord(after, name) !== 1) continue; // still used (or not imported by name)
    const lines = statementLines(text, decl);
    if (lines) out.push({ uri, range: lines, newText: '' });
  }
  return out;
}
