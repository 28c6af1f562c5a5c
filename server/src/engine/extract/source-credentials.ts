/**
 * Application code → CredentialUseFact for cloud SDK clients built with explicit static
 * credentials, from the tree-sitter trees: Python, JavaScript/TypeScript and C# here,
 * Java and Go in source-credentials/java.ts and go.ts (same precision rules):
 *
 * - AWS: boto3 `client/resource/Session(..., aws_access_key_id=…, aws_secret_access_key=…)`;
 *   JS object literals `{ accessKeyId, secretAccessKey }` (SDK v3 `credentials:`, v2 config);
 *   v2 `new AWS.Credentials(id, secret)`; C# `new BasicAWSCredentials(id, secret)`.
 * - Azure: `ClientSecretCredential(...)` in every language.
 * - GCP: `from_service_account_file/info/json`, JS `keyFilename` / `keyFile` options and
 *   `{ client_email, private_key }` credentials, C# `GoogleCredential.FromFile/FromJson/FromStream`.
 *
 * Not recorded: default credential chains (`boto3.client("s3")`, `new S3Client({ region })`,
 * `DefaultAzureCredential`, `google.auth.default()`), keys that come with a session token
 * (temporary credentials from STS), `fromTemporaryCredentials` / `fromWebToken`, `None`
 * and dummy literals (`"test"`, `AKIAIOSFODNN7EXAMPLE`) used against LocalStack or moto.
 */
import type { Node } from 'web-tree-sitter';
import type { CredentialUseFact, Fact } from '../model';
import type { GrammarName } from '../documents/tree-sitter';
import type { Extractor } from './index';
import { grammarOf } from '../documents/parse';
import { goFact } from './source-credentials/go';
import { javaFact } from './source-credentials/java';
import { argumentList, compact, credentialFact, isDummyLiteral, isEmptyLiteral, lastSegment, rangeOf } from './source-credentials/shared';

const LANGUAGES = new Set<GrammarName>(['python', 'typescript', 'tsx', 'javascript', 'c_sharp', 'java', 'go']);

/** Cheap prefilter: the file must mention one of these before its tree is walked. */
const MENTIONS = /aws_access_key_id|aws_secret_access_key|accessKeyId|secretAccessKey|ClientSecretCredential|from_service_account_|keyFilename|keyFile|private_key|BasicAWSCredentials|GoogleCredential|ServiceAccountCredential|Credentials\(|AwsBasicCredentials|NewStaticCredentials|AccessKeyID|WithCredentialsFile|WithCredentialsJSON|WithAuthCredentials|CredentialsFromJSON|JWTConfigFromJSON/;

export const sourceCredentialsExtractor: Extractor = {
  name: 'source-credentials',
  produces: ['credentialUse'],
  applies: (doc) => LANGUAGES.has(grammarOf(doc) ?? 'toml') && MENTIONS.test(doc.text),
  extract(doc) {
    if (doc.parsed?.kind !== 'tree-sitter') return [];
    const read = READERS[doc.parsed.grammar] ?? jsFact;
    const facts: Fact[] = [];
    const stack: Node[] = [doc.parsed.tree.rootNode];
    while (stack.length > 0) {
      const node = stack.pop()!;
      // Everything inside these helpers is about minting temporary credentials.
      if (isCall(node) && TEMPORARY_PROVIDERS.has(lastSegment(calleeOf(node)))) continue;
      const fact = read(node);
      if (fact) facts.push(fact);
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
    return facts;
  },
};

const READERS: Partial<Record<GrammarName, (node: Node) => CredentialUseFact | undefined>> = {
  python: pythonFact,
  c_sharp: csharpFact,
  java: javaFact,
  go: goFact,
};

const TEMPORARY_PROVIDERS = new Set(['fromTemporaryCredentials', 'fromWebToken', 'fromTokenFile', 'fromContainerMetadata', 'fromInstanceMetadata']);

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

function isCall(node: Node): boolean {
  return node.type === 'call' || node.type === 'call_expression' || node.type === 'new_expression' || node.type === 'invocation_expression' || node.type === 'object_creation_expression';
}

function calleeOf(node: Node): Node | null {
  return node.childForFieldName('function') ?? node.childForFieldName('constructor') ?? node.childForFieldName('type');
}

// ---------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------

const GCP_KEY_LOADERS = new Set(['from_service_account_file', 'from_service_account_info', 'from_service_account_json']);

function pythonFact(node: Node): CredentialUseFact | undefined {
  if (node.type !== 'call') return undefined;
  const callee = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!callee || !args || args.type !== 'argument_list') return undefined;
  const name = compact(callee.text);
  const last = lastSegment(callee);
  const keywords = new Map<string, Node>();
  const positional: Node[] = [];
  for (const arg of args.namedChildren) {
    if (!arg) continue;
    if (arg.type === 'keyword_argument') {
      const k = arg.childForFieldName('name');
      const v = arg.childForFieldName('value');
      if (k && v) keywords.set(k.text, v);
    } else if (arg.type !== 'comment') positional.push(arg);
  }
  if (GCP_KEY_LOADERS.has(last)) return credentialFact('gcp-service-account-key', name, 'code:google-auth', rangeOf(node), rangeOf(callee));
  if (last === 'ClientSecretCredential') {
    const secret = keywords.get('client_secret') ?? positional[2];
    if (isDummyLiteral(secret)) return undefined;
    return credentialFact('azure-client-secret', name, 'code:azure-identity', rangeOf(node), rangeOf(callee));
  }
  const keyId = keywords.get('aws_access_key_id');
  const secret = keywords.get('aws_secret_access_key');
  if (!keyId && !secret) return undefined;
  const session = keywords.get('aws_session_token');
  if (session && session.type !== 'none') return undefined; // temporary credentials (STS)
  if ((!keyId || isDummyLiteral(keyId)) && (!secret || isDummyLiteral(secret))) return undefined;
  const at = (keyId ?? secret)!.parent ?? callee;
  return credentialFact('aws-access-key', name, 'code:aws-sdk', rangeOf(node), rangeOf(at));
}

// ---------------------------------------------------------------------------
// JavaScript / TypeScript
// ---------------------------------------------------------------------------

function objectProperties(object: Node): Map<string, { key: Node; value: Node | null }> {
  const props = new Map<string, { key: Node; value: Node | null }>();
  for (const child of object.namedChildren) {
    if (!child) continue;
    if (child.type === 'shorthand_property_identifier') props.set(child.text, { key: child, value: null });
    else if (child.type === 'pair') {
      const key = child.childForFieldName('key');
      if (!key) continue;
      const k = key.text.replace(/^["']|["']$/g, '');
      props.set(k, { key, value: child.childForFieldName('value') });
    }
  }
  return props;
}

function jsFact(node: Node): CredentialUseFact | undefined {
  if (node.type === 'object') return jsObjectFact(node);
  if (node.type !== 'new_expression' && node.type !== 'call_expression') return undefined;
  const callee = calleeOf(node);
  if (!callee) return undefined;
  const last = lastSegment(callee);
  const name = compact(callee.text);
  const args = argumentList(node);
  if (last === 'ClientSecretCredential') {
    if (isDummyLiteral(args[2])) return undefined;
    return credentialFact('azure-client-secret', name, 'code:azure-identity', rangeOf(node), rangeOf(callee));
  }
  // AWS SDK v2: new AWS.Credentials(accessKeyId, secretAccessKey[, sessionToken])
  if (node.type === 'new_expression' && name === 'AWS.Credentials' && args.length === 2 && args[0].type !== 'object') {
    if (isDummyLiteral(args[0]) && isDummyLiteral(args[1])) return undefined;
    return credentialFact('aws-access-key', name, 'code:aws-sdk', rangeOf(node), rangeOf(callee));
  }
  // Google client libraries: new Storage({ keyFilename }) / new GoogleAuth({ keyFile })
  if (node.type === 'new_expression') {
    const options = args.find((a) => a.type === 'object');
    if (options) {
      const props = objectProperties(options);
      const keyFile = props.get('keyFilename') ?? props.get('keyFile');
      if (keyFile && !isEmptyLiteral(keyFile.value)) return credentialFact('gcp-service-account-key', name, 'code:google-auth', rangeOf(node), rangeOf(keyFile.key.parent ?? keyFile.key));
    }
  }
  return undefined;
}

function jsObjectFact(object: Node): CredentialUseFact | undefined {
  const props = objectProperties(object);
  const keyId = props.get('accessKeyId');
  const secret = props.get('secretAccessKey');
  if (keyId && secret) {
    const session = props.get('sessionToken');
    if (session && !(session.value && isDummyLiteral(session.value))) return undefined; // temporary credentials
    if (isDummyLiteral(keyId.value) && isDummyLiteral(secret.value)) return undefined;
    const at = keyId.key.type === 'shorthand_property_identifier' ? keyId.key : (keyId.key.parent ?? keyId.key);
    return credentialFact('aws-access-key', enclosingCallName(object) ?? 'credentials', 'code:aws-sdk', rangeOf(object), rangeOf(at));
  }
  const email = props.get('client_email');
  const privateKey = props.get('private_key');
  if (email && privateKey && !isDummyLiteral(privateKey.value)) {
    const at = privateKey.key.type === 'shorthand_property_identifier' ? privateKey.key : (privateKey.key.parent ?? privateKey.key);
    return credentialFact('gcp-service-account-key', enclosingCallName(object) ?? 'credentials', 'code:google-auth', rangeOf(object), rangeOf(at));
  }
  return undefined;
}

/** Name of the call/constructor an object literal is passed to, for messages ("S3Client"). */
function enclosingCallName(node: Node): string | undefined {
  let current: Node | null = node.parent;
  for (let depth = 0; current && depth < 6; depth++, current = current.parent) {
    if (current.type === 'new_expression' || current.type === 'call_expression') {
      const callee = calleeOf(current);
      return callee ? compact(callee.text) : undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// C#
// ---------------------------------------------------------------------------

const CSHARP_GCP_LOADERS = new Set(['GoogleCredential.FromFile', 'GoogleCredential.FromJson', 'GoogleCredential.FromStream', 'GoogleCredential.FromFileAsync', 'GoogleCredential.FromStreamAsync', 'ServiceAccountCredential.FromServiceAccountData', 'CredentialFactory.FromFile', 'CredentialFactory.FromJson']);

function csharpFact(node: Node): CredentialUseFact | undefined {
  if (node.type === 'object_creation_expression') {
    const type = node.childForFieldName('type');
    if (!type) return undefined;
    const last = lastSegment(type);
    const args = argumentList(node).map((a) => (a.type === 'argument' ? (a.namedChildren.at(-1) ?? a) : a));
    if (last === 'ClientSecretCredential') {
      if (isDummyLiteral(args[2])) return undefined;
      return credentialFact('azure-client-secret', compact(type.text), 'code:azure-identity', rangeOf(node), rangeOf(type));
    }
    if (last === 'BasicAWSCredentials') {
      if (isDummyLiteral(args[0]) && isDummyLiteral(args[1])) return undefined;
      return credentialFact('aws-access-key', compact(type.text), 'code:aws-sdk', rangeOf(node), rangeOf(type));
    }
    return undefined;
  }
  if (node.type === 'invocation_expression') {
    const callee = node.childForFieldName('function');
    if (!callee) return undefined;
    const name = compact(callee.text).replace(/<[^<>]*>$/, '');
    const qualified = name.split('.').slice(-2).join('.');
    if (CSHARP_GCP_LOADERS.has(qualified)) return credentialFact('gcp-service-account-key', name, 'code:google-auth', rangeOf(node), rangeOf(callee));
  }
  return undefined;
}
