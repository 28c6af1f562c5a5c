/**
 * Go: cloud SDK clients built with explicit static credentials.
 *
 * - AWS `credentials.NewStaticCredentialsProvider(id, secret, "")` (SDK v2),
 *   `credentials.NewStaticCredentials(id, secret, "")` (v1), and `aws.Credentials{AccessKeyID, SecretAccessKey}` /
 *   v1 `credentials.Value{…}` literals;
 * - Azure `azidentity.NewClientSecretCredential(tenant, client, secret, opts)`;
 * - GCP `option.WithCredentialsFile(path)`, `option.WithCredentialsJSON(data)`,
 *   `option.WithAuthCredentialsFile/JSON(option.ServiceAccount, …)`, `google.CredentialsFromJSON(…)`,
 *   `google.JWTConfigFromJSON(…)`.
 *
 * Functions are matched by name, not by package, because Go imports are often aliased
 * (`awscreds "github.com/aws/aws-sdk-go-v2/credentials"`). Not recorded: a session token that
 * is given and not empty (temporary credentials from STS), default chains
 * (`config.LoadDefaultConfig`, `NewDefaultAzureCredential`, `NewManagedIdentityCredential`,
 * `NewWorkloadIdentityCredential`, `google.FindDefaultCredentials`), and dummy literals.
 */
import type { Node } from 'web-tree-sitter';
import type { CredentialUseFact } from '../../model';
import { argumentList, compact, credentialFact, isDummyLiteral, isEmptyLiteral, lastSegment, rangeOf } from './shared';

const AWS_STATIC = new Set(['NewStaticCredentialsProvider', 'NewStaticCredentials']);
const GCP_KEY_OPTIONS = new Set(['WithCredentialsFile', 'WithCredentialsJSON', 'CredentialsFromJSON', 'CredentialsFromJSONWithParams', 'JWTConfigFromJSON']);
const GCP_AUTH_OPTIONS = new Set(['WithAuthCredentialsFile', 'WithAuthCredentialsJSON']);

export function goFact(node: Node): CredentialUseFact | undefined {
  if (node.type === 'composite_literal') return compositeFact(node);
  if (node.type !== 'call_expression') return undefined;
  const callee = node.childForFieldName('function');
  if (!callee || callee.type !== 'selector_expression') return undefined;
  const fn = callee.childForFieldName('field')?.text ?? '';
  const name = compact(callee.text);
  const args = argumentList(node);
  if (AWS_STATIC.has(fn)) {
    const [keyId, secret, session] = args;
    if (session && !isEmptyLiteral(session)) return undefined; // temporary credentials (STS)
    if (isDummyLiteral(keyId) && isDummyLiteral(secret)) return undefined;
    return credentialFact('aws-access-key', name, 'code:aws-sdk', rangeOf(node), rangeOf(callee));
  }
  if (fn === 'NewClientSecretCredential') {
    if (isDummyLiteral(args[2])) return undefined;
    return credentialFact('azure-client-secret', name, 'code:azure-identity', rangeOf(node), rangeOf(callee));
  }
  if (GCP_KEY_OPTIONS.has(fn)) {
    const source = fn === 'WithCredentialsFile' || fn === 'WithCredentialsJSON' || fn === 'JWTConfigFromJSON' ? args[0] : args[1];
    if (isEmptyLiteral(source)) return undefined;
    return credentialFact('gcp-service-account-key', name, 'code:google-auth', rangeOf(node), rangeOf(callee));
  }
  // The newer option API names the credential type; only service-account keys are long-lived secrets.
  if (GCP_AUTH_OPTIONS.has(fn) && lastSegment(args[0] ?? null) === 'ServiceAccount' && !isEmptyLiteral(args[1])) {
    return credentialFact('gcp-service-account-key', name, 'code:google-auth', rangeOf(node), rangeOf(callee));
  }
  return undefined;
}

/** `aws.Credentials{AccessKeyID: …, SecretAccessKey: …}` (and v1 `credentials.Value{…}`). */
function compositeFact(node: Node): CredentialUseFact | undefined {
  const body = node.childForFieldName('body');
  const type = node.childForFieldName('type');
  if (!body || !type) return undefined;
  const fields = new Map<string, { element: Node; value: Node | undefined }>();
  for (const element of body.namedChildren) {
    if (!element || element.type !== 'keyed_element') continue;
    const [key, value] = element.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map(elementValue);
    if (key && (key.type === 'field_identifier' || key.type === 'identifier')) fields.set(key.text, { element, value });
  }
  const keyId = fields.get('AccessKeyID');
  const secret = fields.get('SecretAccessKey');
  if (!keyId || !secret) return undefined;
  const session = fields.get('SessionToken');
  if (session && !isEmptyLiteral(session.value)) return undefined; // temporary credentials (STS)
  if (isDummyLiteral(keyId.value) && isDummyLiteral(secret.value)) return undefined;
  return credentialFact('aws-access-key', compact(type.text), 'code:aws-sdk', rangeOf(node), rangeOf(keyId.element));
}

/** Grammar versions differ: keys and values may be wrapped in `literal_element`. */
function elementValue(node: Node): Node {
  return node.type === 'literal_element' && node.namedChild(0) ? node.namedChild(0)! : node;
}
