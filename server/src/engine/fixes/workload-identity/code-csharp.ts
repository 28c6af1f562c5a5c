/**
 * C#: static credentials → the SDKs' default chains.
 *
 * - `new BasicAWSCredentials(id, secret)` passed to an `Amazon…Client` constructor
 *   (directly, or through a local variable read only there) → the argument is
 *   removed: `new AmazonS3Client(RegionEndpoint.EUWest1)` uses the default chain.
 * - `new ClientSecretCredential(tenant, client, secret)` → `new DefaultAzureCredential()`
 *   (same namespace, so the `using Azure.Identity;` that resolved one resolves the other).
 * - `GoogleCredential.FromFile(path)` / `FromFileAsync(path)` / `FromJson(json)` (json not a
 *   literal) → `GoogleCredential.GetApplicationDefault()` / `GetApplicationDefaultAsync()`.
 * Literal arguments move to the env file under the variables the chains read.
 */
import type { Node } from 'web-tree-sitter';
import type { CredentialUseFact } from '../../model';
import type { RuleContext } from '../../rule';
import { AWS_ARGS, AZURE_ARGS, consumerOf, isPlainStringLiteral, literalsOf, namedArgs, removeListItems, statementLines, type Plan } from './code-shared';

const AZURE_NAMED: Record<string, string> = { tenantId: 'AZURE_TENANT_ID', clientId: 'AZURE_CLIENT_ID', clientSecret: 'AZURE_CLIENT_SECRET' };
const AWS_NAMED: Record<string, string> = { accessKey: 'AWS_ACCESS_KEY_ID', secretKey: 'AWS_SECRET_ACCESS_KEY' };
const DECLARATIONS = new Set(['local_declaration_statement']);

/** An argument's expression and its name (`name: value`), if named. */
function argumentParts(arg: Node): { value: Node; name?: string } {
  if (arg.type !== 'argument') return { value: arg };
  const value = arg.namedChildren.at(-1) ?? arg;
  const nameNode = arg.childForFieldName('name') ?? (arg.namedChildren.length > 1 ? arg.namedChildren[0] : null);
  return { value, name: nameNode && !nameNode.equals(value) ? nameNode.text : undefined };
}

function literalsByPosition(args: Node[], positional: string[], named: Record<string, string>): Plan['literals'] | undefined {
  const parts = args.map(argumentParts);
  return literalsOf(
    parts.map((p) => p.value),
    parts.map((p, i) => (p.name ? named[p.name] : positional[i])),
  );
}

export function csharpPlan(ctx: RuleContext, use: CredentialUseFact, node: Node): Plan | undefined {
  const uri = ctx.document.uri;
  const text = ctx.document.text;
  const args = namedArgs(node);

  if (use.mechanism === 'azure-client-secret' && node.type === 'object_creation_expression') {
    const type = node.childForFieldName('type');
    if (!type || !/(^|\.)ClientSecretCredential$/.test(type.text)) return undefined;
    if (args.length > 3) return undefined; // options we would silently drop
    const literals = literalsByPosition(args, AZURE_ARGS, AZURE_NAMED);
    if (!literals) return undefined;
    const prefix = type.text.slice(0, type.text.length - 'ClientSecretCredential'.length);
    return { edits: [{ uri, range: { start: node.startIndex, end: node.endIndex }, newText: `new ${prefix}DefaultAzureCredential()` }], literals, title: 'Use DefaultAzureCredential (managed identity / workload identity) instead of a client secret' };
  }

  if (use.mechanism === 'aws-access-key' && node.type === 'object_creation_expression') {
    const literals = literalsByPosition(args, AWS_ARGS, AWS_NAMED);
    if (!literals) return undefined;
    const consumer = consumerOf(node, DECLARATIONS);
    if (!consumer) return undefined;
    // The credentials must be an argument of an AWS client constructor, which has an overload without them.
    const argument = consumer.use.parent;
    const list = argument?.parent;
    const client = list?.parent;
    if (argument?.type !== 'argument' || list?.type !== 'argument_list' || client?.type !== 'object_creation_expression') return undefined;
    const clientType = client.childForFieldName('type')?.text ?? '';
    if (!/(^|\.)Amazon\w*Client$/.test(clientType)) return undefined;
    const items = list.namedChildren.filter((c): c is Node => !!c && c.type === 'argument');
    const edits = removeListItems(text, uri, list, items, [argument]);
    if (!edits) return undefined;
    if (consumer.declaration) {
      const lines = statementLines(text, consumer.declaration);
      if (!lines) return undefined;
      edits.push({ uri, range: lines, newText: '' });
    }
    return { edits, literals, title: `Use the default AWS credential chain: build ${clientType} without BasicAWSCredentials (IRSA / task role / instance profile in production)` };
  }

  if (use.mechanism === 'gcp-service-account-key' && node.type === 'invocation_expression') {
    const callee = node.childForFieldName('function');
    if (callee?.type !== 'member_access_expression') return undefined;
    const owner = callee.childForFieldName('expression');
    const method = callee.childForFieldName('name')?.text;
    if (!owner || !/(^|\.)GoogleCredential$/.test(owner.text)) return undefined;
    const replacement = method === 'FromFile' ? 'GetApplicationDefault' : method === 'FromFileAsync' ? 'GetApplicationDefaultAsync' : method === 'FromJson' ? 'GetApplicationDefault' : undefined;
    if (!replacement) return undefined;
    // Key JSON written into the code is a secret the default chain cannot take over from a variable.
    if (method === 'FromJson' && args.some((a) => isPlainStringLiteral(argumentParts(a).value))) return undefined;
    return { edits: [{ uri, range: { start: node.startIndex, end: node.endIndex }, newText: `${owner.text}.${replacement}()` }], literals: [], title: `Use Application Default Credentials (GoogleCredential.${replacement}()) instead of a service-account key` };
  }
  return undefined;
}
