/**
 * The IAM actions one source file's AWS SDK calls need, read off its syntax tree:
 * - Python boto3: clients (`boto3.client('s3')`, `session.client(service_name='sqs')`) bound
 *   to a name or `self.x`, their method calls (`s3.get_object` → s3:GetObject), paginators
 *   and presigned URLs by operation name, and the DynamoDB `Table` / S3 `Bucket` / `Object`
 *   resources;
 * - JavaScript / TypeScript SDK v3: the `…Command` classes and `paginate…` functions imported
 *   from `@aws-sdk/client-<service>` (and `@aws-sdk/lib-dynamodb`, `@aws-sdk/lib-storage`);
 *   SDK v2: clients `new AWS.S3()` bound to a name and their method calls;
 * - Go SDK v1 / v2: the `<service>.<Operation>Input` types and `New<Operation>Paginator`
 *   functions of the imported service packages, and the S3 transfer manager.
 *
 * Anything that hides which operations run makes the whole file 'unknown': a service named
 * by a variable, an operation not in the table, a client handed to other code (argument,
 * return value, container), an aggregated v3 client (`new S3()`), waiters, a package that
 * calls AWS on its own (Powertools parameters, awswrangler …). Local imports are reported
 * so that the caller reads those files too.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { initTreeSitter, isLoaded, parseWith, type GrammarName } from '../../../documents/tree-sitter';
import { actionsFor, BOTO3_HELPERS, iamPrefixOf, pascalFromCamel, pascalFromSnake, type Sdk } from './table';

export interface FileNeeds {
  /** IAM actions the file's SDK calls need (`s3:GetObject`). */
  actions: Set<string>;
  /** Why the file's needs cannot be known (empty when they are). */
  unknown: string[];
  /** Local modules imported: Python dotted names (`lib.db`, `.models` relative) or JS relative specifiers (`./db`). */
  localImports: string[];
  /** Go: non-standard import paths (the caller decides which are local packages). */
  goImports: string[];
}

export type CodeLanguage = 'python' | 'javascript' | 'typescript' | 'go';

export function languageOfPath(path: string): CodeLanguage | undefined {
  if (/\.py$/.test(path)) return 'python';
  if (/\.(?:js|mjs|cjs)$/.test(path)) return 'javascript';
  if (/\.(?:ts|mts|cts)$/.test(path) && !path.endsWith('.d.ts')) return 'typescript';
  if (/\.go$/.test(path) && !path.endsWith('_test.go')) return 'go';
  return undefined;
}

const GRAMMAR: Record<CodeLanguage, GrammarName> = { python: 'python', javascript: 'javascript', typescript: 'typescript', go: 'go' };

/** Nodes visited per file: beyond it the file is 'unknown' rather than half read. */
const MAX_NODES = 300_000;

export function sdkNeedsOf(path: string, text: string): FileNeeds {
  const needs: FileNeeds = { actions: new Set(), unknown: [], localImports: [], goImports: [] };
  const language = languageOfPath(path);
  if (!language) {
    needs.unknown.push(`${path}: not a language whose SDK calls are read`);
    return needs;
  }
  if (!isLoaded(GRAMMAR[language])) {
    // An editor that opened only serverless.yml has not loaded the code's grammar: load it for the next analysis.
    initTreeSitter([GRAMMAR[language]]).catch(() => undefined);
    needs.unknown.push(`${path}: the ${GRAMMAR[language]} grammar is not loaded yet`);
    return needs;
  }
  let tree: Tree | undefined;
  try {
    tree = parseWith(GRAMMAR[language], text);
  } catch {
    tree = undefined;
  }
  if (!tree) {
    needs.unknown.push(`${path}: could not be parsed`);
    return needs;
  }
  try {
    const nodes = flatten(tree.rootNode);
    if (!nodes) needs.unknown.push(`${path}: too large to read`);
    else if (tree.rootNode.hasError) needs.unknown.push(`${path}: has syntax errors`);
    else if (language === 'python') pythonNeeds(nodes, needs, path);
    else if (language === 'go') goNeeds(nodes, needs, path);
    else jsNeeds(nodes, needs, path);
  } finally {
    tree.delete();
  }
  return needs;
}

function flatten(root: Node): Node[] | undefined {
  const out: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    if (out.length > MAX_NODES) return undefined;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return out;
}

function add(needs: FileNeeds, actions: string[] | undefined, what: string): void {
  if (!actions) needs.unknown.push(what);
  else for (const a of actions) needs.actions.add(a);
}

function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string' || node.type === 'interpreted_string_literal' || node.type === 'raw_string_literal') {
    const raw = node.text;
    // Python prefixes (r, b, u) are harmless here; f-strings and concatenations are not literals.
    const m = /^[rRbBuU]?(["'`])([^"'`\\{}$]*)\1$/.exec(raw);
    return m ? m[2] : undefined;
  }
  return undefined;
}

const line = (path: string, node: Node): string => `${path}:${node.startPosition.row + 1}`;

// ---------------------------------------------------------------------------
// Python / boto3
// ---------------------------------------------------------------------------

/** Python packages that call AWS APIs on the role's behalf in ways not visible as client calls. */
const PY_AWS_CALLERS = /^(?:awswrangler|aws_lambda_powertools\.utilities\.(?:parameters|idempotency|feature_flags|batch|streaming)|aws_lambda_powertools\.utilities$|s3fs|smart_open|pynamodb|aioboto3|aiobotocore|boto$|boto\.|moto|aws_xray_sdk|awscli|sagemaker|botocore\.session)/;

type PyBinding =
  | { kind: 'client'; prefix: string }
  | { kind: 'dynamodb'; what: 'resource' | 'table' }
  | { kind: 's3'; what: 'resource' | 'bucket' | 'object' | 'objects' };

const DYNAMO_TABLE_METHODS: Record<string, string[]> = {
  put_item: ['PutItem'],
  get_item: ['GetItem'],
  update_item: ['UpdateItem'],
  delete_item: ['DeleteItem'],
  query: ['Query'],
  scan: ['Scan'],
  batch_writer: ['BatchWriteItem'],
  load: ['DescribeTable'],
  reload: ['DescribeTable'],
};
const S3_BUCKET_METHODS: Record<string, string[]> = {
  upload_file: ['PutObject'],
  upload_fileobj: ['PutObject'],
  download_file: ['GetObject'],
  download_fileobj: ['GetObject'],
  put_object: ['PutObject'],
  delete_objects: ['DeleteObject'],
  copy: ['GetObject', 'PutObject'],
};
const S3_OBJECT_METHODS: Record<string, string[]> = {
  get: ['GetObject'],
  put: ['PutObject'],
  delete: ['DeleteObject'],
  load: ['GetObject'],
  reload: ['GetObject'],
  upload_file: ['PutObject'],
  upload_fileobj: ['PutObject'],
  download_file: ['GetObject'],
  download_fileobj: ['GetObject'],
  copy_from: ['GetObject', 'PutObject'],
};
/** `bucket.objects.all()` / `.filter(Prefix=…)` / `.delete()`. */
const S3_OBJECTS_METHODS: Record<string, string[]> = { all: ['ListBucket'], filter: ['ListBucket'], limit: ['ListBucket'], page_size: ['ListBucket'], delete: ['ListBucket', 'DeleteObject'] };

function pythonNeeds(nodes: Node[], needs: FileNeeds, path: string): void {
  let importsBoto3 = false;
  for (const node of nodes) {
    if (node.type === 'import_statement') {
      for (const name of node.namedChildren) {
        const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
        if (dotted) pyImport(dotted, needs, path, node);
        if (dotted === 'boto3' || dotted?.startsWith('boto3.')) importsBoto3 = true;
      }
    } else if (node.type === 'import_from_statement') {
      const module = node.childForFieldName('module_name');
      const text = module?.text ?? '';
      if (text === 'boto3' || text.startsWith('boto3.')) importsBoto3 = true;
      // `from boto3 import client`: creations no longer read as `<x>.client(…)`.
      if (text === 'boto3' && node.childrenForFieldName('name').some((n) => !/^Session(?:\s+as\s+\w+)?$/.test(n?.text ?? ''))) needs.unknown.push(`${line(path, node)}: ${node.text} is not followed`);
      if (module?.type === 'relative_import') {
        // `from . import x` names modules; `from .models import x` names one.
        const base = text;
        const names = node.childrenForFieldName('name').map((n) => (n?.type === 'aliased_import' ? n.childForFieldName('name')?.text : n?.text)).filter((n): n is string => !!n);
        if (/^\.+$/.test(base)) for (const n of names) needs.localImports.push(`${base}${n}`);
        else needs.localImports.push(base);
      } else if (text) {
        pyImport(text, needs, path, node);
        if (/^(?:boto3|botocore)(?:\.|$)/.test(text)) continue;
        for (const n of node.childrenForFieldName('name')) {
          const name = n?.type === 'aliased_import' ? n.childForFieldName('name')?.text : n?.text;
          if (name) needs.localImports.push(`${text}.${name}?`); // `from pkg import mod`: a module if such a file exists
        }
      }
    }
  }

  const bindings = new Map<string, PyBinding>();
  /** Creation calls already accounted for (bound or chained). */
  const handled = new Set<number>();

  const bindingOfValue = (value: Node | null): PyBinding | 'unknown' | undefined => {
    if (!value || value.type !== 'call') return undefined;
    const fn = value.childForFieldName('function');
    if (!fn || fn.type !== 'attribute') return undefined;
    const method = fn.childForFieldName('attribute')?.text;
    const receiver = fn.childForFieldName('object');
    if (!receiver) return undefined;
    if ((method === 'client' || method === 'resource') && importsBoto3) {
      const args = value.childForFieldName('arguments');
      const first = args?.namedChildren[0];
      let nameNode: Node | null | undefined = first?.type === 'keyword_argument' ? undefined : first;
      for (const a of args?.namedChildren ?? []) if (a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'service_name') nameNode = a.childForFieldName('value');
      const service = stringValue(nameNode);
      if (service === undefined) return 'unknown';
      const prefix = iamPrefixOf('boto3', service);
      if (!prefix) return 'unknown';
      if (method === 'client') return { kind: 'client', prefix };
      if (prefix === 'dynamodb' && service === 'dynamodb') return { kind: 'dynamodb', what: 'resource' };
      if (prefix === 's3') return { kind: 's3', what: 'resource' };
      return 'unknown';
    }
    // Resource sub-objects: `dynamodb.Table(name)`, `s3.Bucket(name)`, `s3.Object(b, k)`, `bucket.Object(k)`.
    const parent = bindingOf(receiver);
    if (!parent || parent === 'unknown') return undefined;
    if (parent.kind === 'dynamodb' && parent.what === 'resource' && method === 'Table') return { kind: 'dynamodb', what: 'table' };
    if (parent.kind === 's3' && parent.what === 'resource' && method === 'Bucket') return { kind: 's3', what: 'bucket' };
    if (parent.kind === 's3' && (parent.what === 'resource' || parent.what === 'bucket') && method === 'Object') return { kind: 's3', what: 'object' };
    return undefined;
  };

  const bindingOf = (node: Node): PyBinding | 'unknown' | undefined => {
    if (node.type === 'identifier' || node.type === 'attribute') {
      const bound = bindings.get(node.text);
      if (bound) return bound;
      // `bucket.objects`
      if (node.type === 'attribute' && node.childForFieldName('attribute')?.text === 'objects') {
        const owner = bindingOf(node.childForFieldName('object')!);
        if (owner && owner !== 'unknown' && owner.kind === 's3' && owner.what === 'bucket') return { kind: 's3', what: 'objects' };
      }
      // `s3_resource.meta.client`
      if (node.type === 'attribute' && node.childForFieldName('attribute')?.text === 'client') {
        const meta = node.childForFieldName('object');
        if (meta?.type === 'attribute' && meta.childForFieldName('attribute')?.text === 'meta') {
          const owner = bindingOf(meta.childForFieldName('object')!);
          if (owner && owner !== 'unknown' && (owner.kind === 'dynamodb' || owner.kind === 's3') && owner.what === 'resource') return { kind: 'client', prefix: owner.kind };
        }
      }
      return undefined;
    }
    if (node.type === 'call') return bindingOfValue(node);
    return undefined;
  };

  // Bindings: `name = <creation>` / `self.name = <creation>` (two passes: resources before their tables).
  for (let pass = 0; pass < 2; pass++) {
    for (const node of nodes) {
      if (node.type !== 'assignment') continue;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right || right.type !== 'call') continue;
      const b = bindingOfValue(right);
      if (!b) continue;
      handled.add(right.id);
      if (b === 'unknown') {
        if (pass === 0) needs.unknown.push(`${line(path, right)}: AWS client for a service that is not named or not mapped`);
        continue;
      }
      if (left.type !== 'identifier' && !(left.type === 'attribute' && left.childForFieldName('object')?.type === 'identifier')) {
        if (pass === 0) needs.unknown.push(`${line(path, left)}: AWS client stored where its uses cannot be followed`);
        continue;
      }
      const previous = bindings.get(left.text);
      if (previous && JSON.stringify(previous) !== JSON.stringify(b)) needs.unknown.push(`${line(path, left)}: ${left.text} names different AWS clients`);
      bindings.set(left.text, b);
    }
  }
  // `with table.batch_writer() as batch:` — the batch's put_item/delete_item are BatchWriteItem, already counted.

  for (const node of nodes) {
    // Client / resource creation that is not bound to a name: only chained calls are readable.
    if (node.type === 'call' && !handled.has(node.id)) {
      const b = bindingOfValue(node);
      if (b === 'unknown') {
        needs.unknown.push(`${line(path, node)}: AWS client for a service that is not named or not mapped`);
        continue;
      }
      if (b) {
        const parent = node.parent;
        if (!(parent?.type === 'attribute' && parent.childForFieldName('object')?.id === node.id)) needs.unknown.push(`${line(path, node)}: AWS client used where its calls cannot be followed`);
      }
    }
    // Uses of bound names and of chained creations.
    const isUse =
      (node.type === 'identifier' && bindings.has(node.text) && !(node.parent?.type === 'attribute' && node.parent.childForFieldName('attribute')?.id === node.id)) ||
      (node.type === 'attribute' && bindings.has(node.text)) ||
      (node.type === 'call' && !handled.has(node.id) && bindingOfValue(node) !== undefined && bindingOfValue(node) !== 'unknown');
    if (!isUse) continue;
    const binding = bindingOf(node);
    if (!binding || binding === 'unknown') continue;
    pyUse(node, binding, needs, path, bindingOf);
  }
}

function pyImport(dotted: string, needs: FileNeeds, path: string, node: Node): void {
  if (PY_AWS_CALLERS.test(dotted)) needs.unknown.push(`${line(path, node)}: imports ${dotted}, which calls AWS on its own`);
  else if (dotted !== 'boto3' && !dotted.startsWith('boto3.') && dotted !== 'botocore' && !dotted.startsWith('botocore.')) needs.localImports.push(`${dotted}?`);
}

function pyUse(node: Node, binding: PyBinding, needs: FileNeeds, path: string, bindingOf: (n: Node) => PyBinding | 'unknown' | undefined): void {
  const parent = node.parent;
  if (!parent) return;
  // The binding's own assignment target.
  if (parent.type === 'assignment' && parent.childForFieldName('left')?.id === node.id) return;
  // `if client is None`, `client = client or …`: comparisons read nothing.
  if (parent.type === 'comparison_operator' || parent.type === 'not_operator' || parent.type === 'boolean_operator') return;
  if (parent.type !== 'attribute' || parent.childForFieldName('object')?.id !== node.id) {
    needs.unknown.push(`${line(path, node)}: ${node.type === 'call' ? 'an AWS client' : node.text} is handed to other code`);
    return;
  }
  const method = parent.childForFieldName('attribute')?.text ?? '';
  const call = parent.parent?.type === 'call' && parent.parent.childForFieldName('function')?.id === parent.id ? parent.parent : undefined;
  if (binding.kind === 'client') {
    if (method === 'exceptions' || method === 'meta') return; // `client.exceptions.NoSuchKey`, `client.meta.region_name`
    if (!call) {
      needs.unknown.push(`${line(path, parent)}: ${parent.text} is not called`);
      return;
    }
    if (method === 'close' || method === 'can_paginate') return;
    const firstArg = call.childForFieldName('arguments')?.namedChildren[0];
    const keyword = (name: string): Node | null | undefined => call.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value');
    if (method === 'get_paginator' || method === 'generate_presigned_url') {
      const opName = stringValue(firstArg?.type === 'keyword_argument' ? keyword(method === 'get_paginator' ? 'operation_name' : 'ClientMethod') : firstArg);
      const op = opName && pascalFromSnake(opName);
      add(needs, op ? actionsFor(binding.prefix, op) : undefined, `${line(path, call)}: ${method} of an operation that is not named or not mapped`);
      return;
    }
    if (method === 'generate_presigned_post' && binding.prefix === 's3') return add(needs, ['s3:PutObject'], '');
    const helper = BOTO3_HELPERS[binding.prefix]?.[method];
    if (helper) {
      for (const op of helper) add(needs, actionsFor(binding.prefix, op), `${line(path, call)}: ${method}`);
      return;
    }
    const op = pascalFromSnake(method);
    add(needs, op ? actionsFor(binding.prefix, op) : undefined, `${line(path, call)}: ${binding.prefix} operation ${method} is not mapped to IAM actions`);
    return;
  }
  if (!call) {
    // `bucket.objects.all()` is read through the `objects` binding; `table.name`, `obj.key` read attributes.
    if (binding.kind === 's3' && binding.what === 'bucket' && method === 'objects') {
      const objects = bindingOf(parent);
      if (objects && objects !== 'unknown') pyUse(parent, objects, needs, path, bindingOf);
      return;
    }
    if (binding.kind === 's3' && binding.what === 'resource' && method === 'meta') {
      const client = parent.parent?.type === 'attribute' ? bindingOf(parent.parent) : undefined;
      if (client && client !== 'unknown') pyUse(parent.parent!, client, needs, path, bindingOf);
      else needs.unknown.push(`${line(path, parent)}: ${parent.text} is not followed`);
      return;
    }
    if (['name', 'key', 'bucket_name', 'table_name', 'meta'].includes(method)) return;
    needs.unknown.push(`${line(path, parent)}: ${parent.text} is not followed`);
    return;
  }
  if (binding.kind === 'dynamodb') {
    if (binding.what === 'resource') {
      if (method === 'Table') return; // the table's calls are read at its binding
      if (method === 'batch_get_item' || method === 'batch_write_item') return add(needs, [`dynamodb:${pascalFromSnake(method)}`], '');
      needs.unknown.push(`${line(path, call)}: dynamodb resource method ${method} is not mapped`);
      return;
    }
    const ops = DYNAMO_TABLE_METHODS[method];
    add(needs, ops?.map((o) => `dynamodb:${o}`), `${line(path, call)}: dynamodb Table method ${method} is not mapped`);
    return;
  }
  const table = binding.what === 'resource' ? undefined : binding.what === 'bucket' ? S3_BUCKET_METHODS : binding.what === 'object' ? S3_OBJECT_METHODS : S3_OBJECTS_METHODS;
  if (binding.what === 'resource' && (method === 'Bucket' || method === 'Object')) return;
  if (binding.what === 'bucket' && method === 'Object') return;
  const ops = table?.[method];
  add(needs, ops?.map((o) => `s3:${o}`), `${line(path, call)}: s3 resource method ${method} is not mapped`);
}

// ---------------------------------------------------------------------------
// JavaScript / TypeScript
// ---------------------------------------------------------------------------

/** SDK packages that make no API call of their own. */
const JS_NO_CALL = /^(?:@aws-sdk\/(?:s3-request-presigner|util-dynamodb|types|smithy-client|node-http-handler|protocol-http|util-arn-parser)|@smithy\/|@aws-lambda-powertools\/(?:logger|metrics|commons)$|@types\/|aws-lambda$)/;
/** Packages that call AWS in ways not visible as commands. */
const JS_AWS_CALLERS = /^(?:@aws-sdk\/|@aws-lambda-powertools\/|@middy\/(?:ssm|secrets-manager|s3|dynamodb|sqs|sts|rds-signer)|dynamoose|aws-sdk-|@aws\/|aws-xray-sdk|s3-|@aws-crypto\/)/;

const LIB_DYNAMODB: Record<string, string> = {
  PutCommand: 'PutItem',
  GetCommand: 'GetItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactGetCommand: 'TransactGetItems',
  TransactWriteCommand: 'TransactWriteItems',
  paginateQuery: 'Query',
  paginateScan: 'Scan',
};

const DOCUMENT_CLIENT_V2: Record<string, string> = {
  get: 'GetItem',
  put: 'PutItem',
  update: 'UpdateItem',
  delete: 'DeleteItem',
  query: 'Query',
  scan: 'Scan',
  batchGet: 'BatchGetItem',
  batchWrite: 'BatchWriteItem',
  transactGet: 'TransactGetItems',
  transactWrite: 'TransactWriteItems',
};

/** What an imported name from an SDK package means. */
function jsImportedName(pkg: string, name: string): { actions?: string[]; unknown?: string; inert?: true; v2Class?: string } {
  const client = /^@aws-sdk\/client-([a-z0-9-]+)$/.exec(pkg);
  if (client) {
    const prefix = iamPrefixOf('jsV3', client[1]);
    if (!prefix) return { unknown: `${pkg} is not mapped to an IAM prefix` };
    const command = /^([A-Z][A-Za-z0-9]*)Command$/.exec(name);
    const paginate = /^paginate([A-Z][A-Za-z0-9]*)$/.exec(name);
    const waiter = /^waitUntil/.exec(name);
    if (command || paginate) {
      const op = (command ?? paginate)![1];
      const actions = actionsFor(prefix, op);
      return actions ? { actions } : { unknown: `${pkg} ${name} is not mapped to IAM actions` };
    }
    if (waiter) return { unknown: `${pkg} ${name}: waiters are not mapped` };
    // `S3`, `DynamoDB`, `SecretsManager`: the aggregated client, whose method calls are not followed.
    if (name === '*' || name.toLowerCase() !== client[1].split('-').join('')) return { inert: true };
    return { unknown: `${pkg} ${name}: aggregated clients are not followed (use …Command classes)` };
  }
  if (pkg === '@aws-sdk/lib-dynamodb') {
    const op = LIB_DYNAMODB[name];
    if (op) return { actions: [`dynamodb:${op}`] };
    if (name === 'DynamoDBDocumentClient' || /^[a-z]/.test(name) || /Input$|Output$/.test(name)) return { inert: true };
    return { unknown: `${pkg} ${name} is not followed` };
  }
  if (pkg === '@aws-sdk/lib-storage') return name === 'Upload' ? { actions: ['s3:PutObject', 's3:AbortMultipartUpload'] } : { unknown: `${pkg} ${name} is not followed` };
  if (pkg === 'aws-sdk') return name === 'default' || name === '*' || name === 'AWS' ? { v2Class: '*' } : { v2Class: name };
  const v2Client = /^aws-sdk\/clients\/([a-z0-9]+)$/.exec(pkg);
  if (v2Client) return { v2Class: `clients/${v2Client[1]}` };
  if (JS_NO_CALL.test(pkg)) return { inert: true };
  if (JS_AWS_CALLERS.test(pkg)) return { unknown: `imports ${pkg}, which calls AWS on its own` };
  return { inert: true };
}

function jsNeeds(nodes: Node[], needs: FileNeeds, path: string): void {
  /** Local names bound to the aws-sdk v2 module (`AWS`) or a v2 service class (`S3`). */
  const v2Module = new Set<string>();
  const v2Classes = new Map<string, string>();
  /** Namespace imports of v3 packages: `import * as s3 from '@aws-sdk/client-s3'`. */
  const namespaces = new Map<string, string>();

  const imported = (pkg: string, name: string, local: string, node: Node): void => {
    const meaning = jsImportedName(pkg, name);
    if (meaning.actions) for (const a of meaning.actions) needs.actions.add(a);
    if (meaning.unknown) needs.unknown.push(`${line(path, node)}: ${meaning.unknown}`);
    if (meaning.v2Class === '*') v2Module.add(local);
    else if (meaning.v2Class?.startsWith('clients/')) v2Classes.set(local, meaning.v2Class.slice('clients/'.length));
    else if (meaning.v2Class) v2Classes.set(local, meaning.v2Class);
  };

  const moduleOf = (pkg: string, node: Node): boolean => {
    if (pkg.startsWith('.')) {
      needs.localImports.push(pkg);
      return false;
    }
    return true;
  };

  for (const node of nodes) {
    // `export … from './impl'` brings in code like an import.
    if (node.type === 'export_statement' && node.childForFieldName('source')) {
      const pkg = stringValue(node.childForFieldName('source'));
      if (pkg === undefined) needs.unknown.push(`${line(path, node)}: re-export of a module that is not named`);
      else if (moduleOf(pkg, node) && (JS_AWS_CALLERS.test(pkg) || pkg === 'aws-sdk')) needs.unknown.push(`${line(path, node)}: re-exports ${pkg}`);
      continue;
    }
    if (node.type === 'import_statement') {
      const pkg = stringValue(node.childForFieldName('source'));
      if (pkg === undefined || !moduleOf(pkg, node)) continue;
      const clause = node.namedChildren.find((c) => c?.type === 'import_clause');
      if (!clause) continue;
      for (const part of clause.namedChildren) {
        if (!part) continue;
        if (part.type === 'identifier') imported(pkg, 'default', part.text, part);
        else if (part.type === 'namespace_import') {
          const local = part.namedChildren.find((c) => c?.type === 'identifier')?.text;
          if (local) namespace(pkg, local, part);
        } else if (part.type === 'named_imports') {
          for (const spec of part.namedChildren) {
            if (spec?.type !== 'import_specifier') continue;
            const name = spec.childForFieldName('name')?.text;
            const alias = spec.childForFieldName('alias')?.text ?? name;
            if (name && alias) imported(pkg, name, alias, spec);
          }
        }
      }
    } else if (node.type === 'call_expression' && node.childForFieldName('function')?.text === 'require') {
      const pkg = stringValue(node.childForFieldName('arguments')?.namedChildren[0]);
      if (pkg === undefined) {
        needs.unknown.push(`${line(path, node)}: require of a module that is not named`);
        continue;
      }
      if (!moduleOf(pkg, node)) continue;
      const parent = node.parent;
      const target = parent?.type === 'variable_declarator' ? parent.childForFieldName('name') : undefined;
      if (target?.type === 'identifier') namespace(pkg, target.text, node);
      else if (target?.type === 'object_pattern') {
        for (const p of target.namedChildren) {
          if (p?.type === 'shorthand_property_identifier_pattern') imported(pkg, p.text, p.text, p);
          else if (p?.type === 'pair_pattern') {
            const key = p.childForFieldName('key')?.text;
            const value = p.childForFieldName('value')?.text;
            if (key && value) imported(pkg, key, value, p);
          }
        }
      } else if (parent?.type === 'member_expression') {
        const name = parent.childForFieldName('property')?.text;
        const declared = parent.parent?.type === 'variable_declarator' ? parent.parent.childForFieldName('name')?.text : undefined;
        if (name && declared) imported(pkg, name, declared, node);
        else if (name) imported(pkg, name, name, node);
      } else if (pkg.startsWith('@aws-sdk/') || pkg === 'aws-sdk') needs.unknown.push(`${line(path, node)}: ${pkg} required where its use cannot be followed`);
    } else if (node.type === 'call_expression' && node.childForFieldName('function')?.type === 'import') {
      const pkg = stringValue(node.childForFieldName('arguments')?.namedChildren[0]);
      if (pkg === undefined) needs.unknown.push(`${line(path, node)}: dynamic import of a module that is not named`);
      else if (moduleOf(pkg, node) && (JS_AWS_CALLERS.test(pkg) || pkg === 'aws-sdk')) needs.unknown.push(`${line(path, node)}: dynamic import of ${pkg}`);
    }
  }

  function namespace(pkg: string, local: string, node: Node): void {
    const meaning = jsImportedName(pkg, '*');
    if (meaning.v2Class === '*') v2Module.add(local);
    else if (meaning.v2Class?.startsWith('clients/')) v2Classes.set(local, meaning.v2Class.slice('clients/'.length));
    else if (/^@aws-sdk\/(?:client-|lib-)/.test(pkg)) namespaces.set(local, pkg);
    else if (meaning.unknown) needs.unknown.push(`${line(path, node)}: ${meaning.unknown}`);
  }

  // Namespace members: `s3.GetObjectCommand`.
  if (namespaces.size > 0) {
    for (const node of nodes) {
      if (node.type !== 'member_expression') continue;
      const object = node.childForFieldName('object');
      const pkg = object?.type === 'identifier' ? namespaces.get(object.text) : undefined;
      const property = node.childForFieldName('property')?.text;
      if (pkg && property) imported(pkg, property, property, node);
    }
  }

  if (v2Module.size === 0 && v2Classes.size === 0) return;
  // SDK v2: `const s3 = new AWS.S3()` / `new AWS.DynamoDB.DocumentClient()` / `new S3()`; then `s3.getObject(…)`.
  const clients = new Map<string, { prefix: string; documentClient: boolean }>();
  for (const node of nodes) {
    if (node.type !== 'new_expression') continue;
    const ctor = node.childForFieldName('constructor');
    if (!ctor) continue;
    let className: string | undefined;
    let documentClient = false;
    if (ctor.type === 'identifier' && v2Classes.has(ctor.text)) className = v2Classes.get(ctor.text);
    else if (ctor.type === 'member_expression') {
      const object = ctor.childForFieldName('object');
      const property = ctor.childForFieldName('property')?.text;
      if (object?.type === 'identifier' && v2Module.has(object.text)) className = property;
      else if (property === 'DocumentClient' && object?.type === 'member_expression' && v2Module.has(object.childForFieldName('object')?.text ?? '') && object.childForFieldName('property')?.text === 'DynamoDB') {
        className = 'DynamoDB';
        documentClient = true;
      } else if (property === 'DocumentClient' && object?.type === 'identifier' && v2Classes.get(object.text)?.toLowerCase() === 'dynamodb') {
        className = 'DynamoDB';
        documentClient = true;
      }
    }
    if (!className) continue;
    if (/^(?:Config|Credentials|SharedIniFileCredentials|EnvironmentCredentials|Endpoint)$/.test(className)) continue;
    const prefix = iamPrefixOf('jsV2', className) ?? SERVICES_BY_LOWER(className);
    const parent = node.parent;
    const target = parent?.type === 'variable_declarator' ? parent.childForFieldName('name') : parent?.type === 'assignment_expression' ? parent.childForFieldName('left') : undefined;
    if (!prefix) {
      needs.unknown.push(`${line(path, node)}: AWS SDK v2 client ${className} is not mapped`);
      continue;
    }
    if (!target || (target.type !== 'identifier' && target.type !== 'member_expression')) {
      needs.unknown.push(`${line(path, node)}: AWS SDK v2 client used where its calls cannot be followed`);
      continue;
    }
    clients.set(target.text, { prefix, documentClient });
  }
  for (const node of nodes) {
    // `{ s3 }`: the client leaves in an object.
    if (node.type === 'shorthand_property_identifier' && clients.has(node.text)) {
      needs.unknown.push(`${line(path, node)}: ${node.text} is handed to other code`);
      continue;
    }
    if ((node.type !== 'identifier' && node.type !== 'member_expression') || !clients.has(node.text)) continue;
    const parent = node.parent;
    if (!parent) continue;
    if (parent.type === 'variable_declarator' && parent.childForFieldName('name')?.id === node.id) continue;
    if (parent.type === 'assignment_expression' && parent.childForFieldName('left')?.id === node.id) continue;
    if (parent.type === 'member_expression' && parent.childForFieldName('property')?.id === node.id) continue;
    const client = clients.get(node.text)!;
    if (parent.type !== 'member_expression' || parent.childForFieldName('object')?.id !== node.id || parent.parent?.type !== 'call_expression') {
      needs.unknown.push(`${line(path, node)}: ${node.text} is handed to other code`);
      continue;
    }
    const method = parent.childForFieldName('property')?.text ?? '';
    if (client.documentClient) {
      const op = DOCUMENT_CLIENT_V2[method];
      add(needs, op ? [`dynamodb:${op}`] : undefined, `${line(path, parent)}: DocumentClient.${method} is not mapped`);
      continue;
    }
    if (client.prefix === 's3' && (method === 'upload' || method === 'getSignedUrl' || method === 'getSignedUrlPromise')) {
      if (method === 'upload') add(needs, ['s3:PutObject', 's3:AbortMultipartUpload'], '');
      else {
        const op = stringValue(parent.parent.childForFieldName('arguments')?.namedChildren[0]);
        const pascal = op && pascalFromCamel(op);
        add(needs, pascal ? actionsFor('s3', pascal) : undefined, `${line(path, parent)}: ${method} of an operation that is not named`);
      }
      continue;
    }
    const op = pascalFromCamel(method);
    add(needs, op ? actionsFor(client.prefix, op) : undefined, `${line(path, parent)}: ${client.prefix} operation ${method} is not mapped to IAM actions`);
  }
}

/** `aws-sdk/clients/s3` names the class in lower case. */
function SERVICES_BY_LOWER(name: string): string | undefined {
  for (const candidate of ['S3', 'DynamoDB', 'SQS', 'SNS', 'Lambda', 'SecretsManager', 'SSM', 'KMS', 'STS', 'EventBridge', 'StepFunctions', 'Kinesis', 'Firehose', 'CloudWatchLogs', 'CloudWatch', 'ECR', 'SES']) {
    if (candidate.toLowerCase() === name.toLowerCase()) return iamPrefixOf('jsV2', candidate);
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Go
// ---------------------------------------------------------------------------

const GO_SERVICE = /^github\.com\/aws\/aws-sdk-go(?:-v2)?\/service\/([a-z0-9]+)$/;
const GO_INERT = /^github\.com\/aws\/(?:aws-sdk-go-v2\/(?:aws|config|credentials|feature\/dynamodb\/(?:attributevalue|expression)|service\/[a-z0-9]+\/types)|aws-sdk-go\/(?:aws|aws\/session|aws\/awserr|service\/dynamodb\/dynamodbattribute|service\/dynamodb\/expression)|aws-lambda-go\/.*|smithy-go(?:\/.*)?)$/;

function goNeeds(nodes: Node[], needs: FileNeeds, path: string): void {
  const services = new Map<string, string>();
  let manager: string | undefined;
  for (const node of nodes) {
    if (node.type !== 'import_spec') continue;
    const importPath = stringValue(node.childForFieldName('path'));
    if (importPath === undefined) continue;
    const alias = node.childForFieldName('name')?.text;
    const service = GO_SERVICE.exec(importPath);
    const local = alias ?? importPath.slice(importPath.lastIndexOf('/') + 1);
    if (alias === '_' || alias === '.') {
      if (service) needs.unknown.push(`${line(path, node)}: ${importPath} imported as ${alias}`);
      continue;
    }
    if (service) {
      const prefix = iamPrefixOf('go', service[1]);
      if (!prefix) needs.unknown.push(`${line(path, node)}: ${importPath} is not mapped to an IAM prefix`);
      else services.set(local, prefix);
    } else if (importPath === 'github.com/aws/aws-sdk-go-v2/feature/s3/manager' || importPath === 'github.com/aws/aws-sdk-go/service/s3/s3manager') manager = local;
    else if (GO_INERT.test(importPath)) continue;
    else if (importPath.startsWith('github.com/aws/')) needs.unknown.push(`${line(path, node)}: ${importPath} is not followed`);
    else if (importPath.split('/')[0].includes('.')) needs.goImports.push(importPath);
  }
  if (services.size === 0 && manager === undefined) return;
  for (const node of nodes) {
    if (node.type === 'selector_expression' || node.type === 'qualified_type') {
      const operand = node.type === 'selector_expression' ? node.childForFieldName('operand') : node.childForFieldName('package');
      const field = node.type === 'selector_expression' ? node.childForFieldName('field')?.text : node.childForFieldName('name')?.text;
      if (!operand || !field || operand.type !== (node.type === 'selector_expression' ? 'identifier' : 'package_identifier')) continue;
      if (operand.text === manager) {
        const actions = field === 'NewUploader' || field === 'Upload' ? ['s3:PutObject', 's3:AbortMultipartUpload'] : field === 'NewDownloader' || field === 'Download' ? ['s3:GetObject'] : /^[A-Z]/.test(field) && !/^(?:Uploader|Downloader|UploadInput|UploadOutput|Upload|Download)$/.test(field) ? undefined : [];
        add(needs, actions, `${line(path, node)}: ${operand.text}.${field} is not mapped`);
        continue;
      }
      const prefix = services.get(operand.text);
      if (!prefix) continue;
      const input = /^([A-Z][A-Za-z0-9]*)Input$/.exec(field);
      const paginator = /^New([A-Z][A-Za-z0-9]*)Paginator$/.exec(field);
      const op = (input ?? paginator)?.[1];
      if (op) add(needs, actionsFor(prefix, op), `${line(path, node)}: ${prefix} operation ${op} is not mapped to IAM actions`);
      else if (/^New[A-Z][A-Za-z0-9]*Waiter$/.test(field)) needs.unknown.push(`${line(path, node)}: waiters are not mapped`);
    } else if (node.type === 'call_expression') {
      // `client.ListBuckets(ctx, nil)`: an operation whose input type is never named.
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      const fn = node.childForFieldName('function');
      if (fn?.type === 'selector_expression' && args.length >= 2 && args[1]?.type === 'nil' && /^[A-Z]/.test(fn.childForFieldName('field')?.text ?? '')) {
        needs.unknown.push(`${line(path, node)}: ${fn.text} called with a nil input`);
      }
    }
  }
}
