/**
 * Java: cloud SDK clients built with explicit static credentials.
 *
 * - AWS SDK v2 `AwsBasicCredentials.create(id, secret)` / `AwsBasicCredentials.builder()…build()`
 *   (usually wrapped in `StaticCredentialsProvider.create`), SDK v1 `new BasicAWSCredentials(id, secret)`;
 * - Azure `new ClientSecretCredentialBuilder()….clientSecret(x)….build()`;
 * - GCP `GoogleCredentials.fromStream(…)`, `ServiceAccountCredentials.fromStream/fromPkcs8(…)`.
 *
 * Not recorded: `AwsSessionCredentials` / `BasicSessionCredentials` (temporary), the default
 * chains (`DefaultCredentialsProvider`, `ProfileCredentialsProvider`, `WebIdentityTokenFileCredentialsProvider`,
 * `DefaultAzureCredentialBuilder`, `ManagedIdentityCredentialBuilder`, `WorkloadIdentityCredentialBuilder`,
 * `GoogleCredentials.getApplicationDefault()`), and dummy literals used against LocalStack.
 */
import type { Node } from 'web-tree-sitter';
import type { CredentialUseFact } from '../../model';
import { argumentList, compact, credentialFact, isDummyLiteral, lastSegmentOf, rangeOf } from './shared';

const GCP_KEY_LOADERS = new Set(['GoogleCredentials.fromStream', 'ServiceAccountCredentials.fromStream', 'ServiceAccountCredentials.fromPkcs8', 'ServiceAccountJwtAccessCredentials.fromStream', 'GoogleCredential.fromStream']);

export function javaFact(node: Node): CredentialUseFact | undefined {
  if (node.type === 'object_creation_expression') return constructorFact(node);
  if (node.type === 'method_invocation') return staticCallFact(node);
  return undefined;
}

function constructorFact(node: Node): CredentialUseFact | undefined {
  const type = node.childForFieldName('type');
  if (!type) return undefined;
  const name = compact(type.text).replace(/<[^<>]*>$/, '');
  const last = lastSegmentOf(name);
  if (last === 'BasicAWSCredentials') {
    const [keyId, secret] = argumentList(node);
    if (isDummyLiteral(keyId) && isDummyLiteral(secret)) return undefined;
    return credentialFact('aws-access-key', last, 'code:aws-sdk', rangeOf(node), rangeOf(type));
  }
  if (last === 'ClientSecretCredentialBuilder') {
    if (isDummyLiteral(builderArguments(node).get('clientSecret'))) return undefined;
    return credentialFact('azure-client-secret', last, 'code:azure-identity', rangeOf(builderEnd(node)), rangeOf(type));
  }
  return undefined;
}

/** `Owner.method(…)` where Owner is a (possibly fully qualified) class name. */
function staticCallFact(node: Node): CredentialUseFact | undefined {
  const owner = node.childForFieldName('object');
  const method = node.childForFieldName('name');
  if (!owner || !method || (owner.type !== 'identifier' && owner.type !== 'field_access')) return undefined;
  const qualified = `${lastSegmentOf(compact(owner.text))}.${method.text}`;
  const header = { start: owner.startIndex, end: method.endIndex };
  if (qualified === 'AwsBasicCredentials.create') {
    const [keyId, secret] = argumentList(node);
    if (isDummyLiteral(keyId) && isDummyLiteral(secret)) return undefined;
    return credentialFact('aws-access-key', qualified, 'code:aws-sdk', rangeOf(node), header);
  }
  if (qualified === 'AwsBasicCredentials.builder') {
    const chain = builderArguments(node);
    if (!chain.has('accessKeyId') && !chain.has('secretAccessKey')) return undefined;
    if (isDummyLiteral(chain.get('accessKeyId')) && isDummyLiteral(chain.get('secretAccessKey'))) return undefined;
    return credentialFact('aws-access-key', qualified, 'code:aws-sdk', rangeOf(builderEnd(node)), header);
  }
  if (GCP_KEY_LOADERS.has(qualified)) return credentialFact('gcp-service-account-key', qualified, 'code:google-auth', rangeOf(node), header);
  return undefined;
}

/** The calls chained on a builder (`new X().a(1).b(2).build()`): method name → first argument. */
function builderArguments(start: Node): Map<string, Node | undefined> {
  const calls = new Map<string, Node | undefined>();
  let current = start;
  for (let depth = 0; depth < 32; depth++) {
    const parent = current.parent;
    if (!parent || parent.type !== 'method_invocation' || parent.childForFieldName('object')?.id !== current.id) break;
    const method = parent.childForFieldName('name');
    if (method) calls.set(method.text, argumentList(parent)[0]);
    current = parent;
  }
  return calls;
}

/** The outermost call of a builder chain (the whole `new X()….build()` expression). */
function builderEnd(start: Node): Node {
  let current = start;
  for (let depth = 0; depth < 32; depth++) {
    const parent = current.parent;
    if (!parent || parent.type !== 'method_invocation' || parent.childForFieldName('object')?.id !== current.id) break;
    current = parent;
  }
  return current;
}
