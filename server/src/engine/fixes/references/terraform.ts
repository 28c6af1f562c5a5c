/**
 * Terraform: a secret literal in an attribute becomes a reference.
 *
 * - Default (`vault.provider` env or 1password): `var.<name>`, with
 *   `variable "<name>" { type = string, sensitive = true }` appended to
 *   `variables.tf` in the same directory when it exists (a second file in the
 *   same fix), else to this file. The value goes to the local env file as
 *   `TF_VAR_<name>=…`, which Terraform reads from the environment. Chosen over
 *   a `secrets.auto.tfvars` per directory: one gitignored file for every fix
 *   (code, Compose, Terraform alike) with the same collision handling and
 *   `.gitignore` upkeep, no risk of a new `*.tfvars` slipping past an ignore
 *   file that only lists `.env.local`, and CI systems inject `TF_VAR_*` the
 *   same way.
 * - With `vault.provider` set to a store Terraform can read
 *   (aws-secrets-manager, hashicorp-vault, gcp-secret-manager, azure-key-vault)
 *   the literal becomes that provider's data source instead, appended to this
 *   file; the value is saved to the env file and the title gives the store
 *   command reading stdin.
 *
 * Not offered inside `variable` (a default cannot reference anything),
 * `terraform` (backend settings cannot use variables) or `.tfvars` files
 * (which are where values belong).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../../model';
import { envNameFor, toScreamingSnake } from '../env-name';
import { nodeAt } from '../languages/shared';
import { workspaceUri } from '../env-file';
import { planEnvValue, remotePath, storeCommand, type ReferenceRequest } from './shared';

const NO_REFERENCES = new Set(['variable', 'terraform']);

export function terraformFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  if (doc.format !== 'terraform' || fact.syntax !== 'hcl-string' || doc.parsed?.kind !== 'tree-sitter') return undefined;
  if (!/\.tf$/i.test(doc.path)) return undefined;
  const literal = nodeAt(doc.parsed.tree.rootNode, fact.literalRange);
  if (!literal || literal.hasError) return undefined;
  const block = topLevelBlock(literal);
  if (!block || NO_REFERENCES.has(blockLabels(block)[0] ?? '')) return undefined;

  const labels = blockLabels(block);
  let baseName = envNameFor(fact.key, req.fallbackName).toLowerCase();
  const keyName = toScreamingSnake(fact.key ?? '').toLowerCase();
  // The attribute alone says too little: `provider "aws" { access_key }` → aws_access_key,
  // `resource "aws_db_instance" "orders" { password }` → orders_password.
  const owner = labels[0] === 'resource' || labels[0] === 'data' ? labels[2] : labels[0] === 'provider' || labels[0] === 'module' ? labels[1] : undefined;
  const prefix = owner?.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (prefix && /^[a-z]/.test(prefix)) {
    // With an owner to qualify it, the attribute's own name reads better than the provider's generic one.
    if (/^[a-z][a-z0-9_]{1,60}$/.test(keyName)) baseName = keyName;
    if (!baseName.startsWith(`${prefix}_`)) baseName = `${prefix}_${baseName}`;
  }
  const provider = ctx.config.vault.provider;
  if (provider === 'aws-secrets-manager' || provider === 'hashicorp-vault' || provider === 'gcp-secret-manager' || provider === 'azure-key-vault') {
    return dataSourceFix(req, provider, baseName, labels[labels.length - 1] ?? 'app');
  }
  return variableFix(req, baseName);
}

/** `resource "aws_iam_user" "ci"` → ['resource', 'aws_iam_user', 'ci']. */
function blockLabels(block: Node): string[] {
  return block.namedChildren
    .filter((c): c is Node => !!c && (c.type === 'identifier' || c.type === 'string_lit'))
    .map((c) => (c.type === 'string_lit' ? c.text.slice(1, -1) : c.text));
}

function topLevelBlock(node: Node): Node | undefined {
  let block: Node | undefined;
  for (let n: Node | null = node; n; n = n.parent) if (n.type === 'block') block = n;
  return block;
}

/** `variable "name"` / `data "type" "name"` declared in `text`. */
function declares(text: string, kind: 'variable' | 'data', name: string, type?: string): boolean {
  const head = kind === 'variable' ? `variable\\s+"${name}"` : `data\\s+"${type}"\\s+"${name}"`;
  return new RegExp(`^[ \\t]*${head}[ \\t]*\\{`, 'm').test(text);
}

/** Appends a block to a file's text, separated by a blank line. */
function appendBlock(uri: string, current: string, block: string): TextEdit {
  const sep = current.length === 0 ? '' : current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n';
  return { uri, range: { start: current.length, end: current.length }, newText: sep + block };
}

function variableFix(req: ReferenceRequest, baseName: string): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  const varsUri = doc.uri.replace(/[^/]*$/, 'variables.tf');
  const varsText = varsUri !== doc.uri && doc.uri.startsWith(req.files.workspaceRoot) ? req.files.readFile?.(varsUri) : undefined;
  const declared = (name: string) => declares(doc.text, 'variable', name) || (varsText !== undefined && declares(varsText, 'variable', name));

  const envUri = workspaceUri(req.files.workspaceRoot, ctx.config.envFile);
  for (let n = 1; n < 100; n++) {
    const wanted = n === 1 ? baseName : `${baseName}_${n}`;
    const plan = planEnvValue(req, `TF_VAR_${wanted}`, fact.value);
    if (!plan) return undefined;
    const name = plan.name.slice('TF_VAR_'.length);
    const reused = plan.edits.every((e) => e.uri !== envUri) && declared(name);
    if (declared(name) && !reused) continue;
    const edits: TextEdit[] = [{ uri: doc.uri, range: fact.literalRange, newText: `var.${name}` }];
    const block = `variable "${name}" {\n  type      = string\n  sensitive = true\n}\n`;
    // The same value already in the env file under a declared variable: that variable is ours from an earlier fix.
    if (!reused) edits.push(varsText !== undefined ? appendBlock(varsUri, varsText, block) : appendBlock(doc.uri, doc.text, block));
    const where = varsText !== undefined ? 'variables.tf' : doc.path.replace(/^.*\//, '');
    return {
      title: `Move the ${req.what} to ${ctx.config.envFile} as TF_VAR_${name} and read var.${name} (sensitive variable in ${where})`,
      kind: 'vault-reference',
      preferred: true,
      edits: [...edits, ...plan.edits],
    };
  }
  return undefined;
}

const DATA_SOURCES = {
  'aws-secrets-manager': { type: 'aws_secretsmanager_secret_version', attribute: 'secret_string' },
  'hashicorp-vault': { type: 'vault_kv_secret_v2', attribute: 'data["value"]' },
  'gcp-secret-manager': { type: 'google_secret_manager_secret_version', attribute: 'secret_data' },
  'azure-key-vault': { type: 'azurerm_key_vault_secret', attribute: 'value' },
} as const;

function dataSourceFix(req: ReferenceRequest, provider: keyof typeof DATA_SOURCES, baseName: string, service: string): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  const source = DATA_SOURCES[provider];
  const plan = planEnvValue(req, baseName.toUpperCase(), fact.value);
  if (!plan) return undefined;
  let label = plan.name.toLowerCase();
  for (let n = 2; declares(doc.text, 'data', label, source.type) && n < 100; n++) label = `${plan.name.toLowerCase()}_${n}`;
  const path = remotePath(ctx.config.vault.pathTemplate, provider, service, plan.name);

  let body: string;
  switch (provider) {
    case 'aws-secrets-manager':
      body = `  secret_id = "${path}"\n`;
      break;
    case 'hashicorp-vault': {
      const slash = path.indexOf('/');
      body = slash > 0 ? `  mount = "${path.slice(0, slash)}"\n  name  = "${path.slice(slash + 1)}"\n` : `  mount = "secret"\n  name  = "${path}"\n`;
      break;
    }
    case 'gcp-secret-manager':
      body = `  secret = "${path}"\n`;
      break;
    case 'azure-key-vault':
      body = `  name         = "${path}"\n  key_vault_id = var.key_vault_id\n`;
      break;
  }
  const blocks = [`data "${source.type}" "${label}" {\n${body}}\n`];
  if (provider === 'azure-key-vault' && !declares(doc.text, 'variable', 'key_vault_id')) blocks.push(`variable "key_vault_id" {\n  type = string\n}\n`);
  const reference = `data.${source.type}.${label}.${source.attribute}`;
  return {
    title: `Read the ${req.what} from ${provider} (${reference}); value saved to ${ctx.config.envFile} — store it with: ${storeCommand(provider, path)} < file-with-the-value`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: fact.literalRange, newText: reference }, appendBlock(doc.uri, doc.text, blocks.join('\n')), ...plan.edits],
  };
}
