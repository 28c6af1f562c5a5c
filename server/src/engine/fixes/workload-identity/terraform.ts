/**
 * Terraform: a long-lived key resource is replaced by the workload-identity
 * resources that make it unnecessary for GitHub Actions, in one edit (the key
 * is removed only together with its replacement).
 *
 * - `aws_iam_access_key` → an `aws_iam_role` trusting GitHub's OIDC provider
 *   (`sts:AssumeRoleWithWebIdentity`, `aud = sts.amazonaws.com`, `sub` limited to
 *   `repo:<owner>/<repo>:*`), in the key's place. The module's
 *   `aws_iam_openid_connect_provider` for token.actions.githubusercontent.com
 *   (resource or data source) is reused, else one is added. The user's policy
 *   attachments and inline policies in this file move to the role; grants
 *   elsewhere stay on the user and the title says so.
 * - `google_service_account_key` → `google_service_account_iam_member` granting
 *   `roles/iam.workloadIdentityUser` to the repository's principal set, with a
 *   `google_iam_workload_identity_pool` + GitHub OIDC provider (attribute
 *   condition on the repository) unless the module has one mapping
 *   `attribute.repository`.
 * - `azuread_application_password` / `azuread_service_principal_password` →
 *   an `azuread_application_federated_identity_credential` of the application
 *   for the repository's main branch (or nothing new, when the module already
 *   has a GitHub credential for that application).
 *
 * The repository comes from the workspace's `.git/config` remote (read, never
 * run); unknown, it is `var.github_repository` with a variable block added.
 * Anything that uses the key's attributes is a reason for no fix, except what
 * only existed to hand the key out: an output of one of its attributes and a
 * `github_actions_secret` holding it are removed in the same edit (named in the
 * title). New AWS resources carry the user's tags (or the CODEOWNERS /
 * `owner.default` owner); when no owner is known the fix is not preferred.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { CredentialUseFact, Fix, Range, TextEdit } from '../../model';
import type { RuleContext } from '../../rule';
import { parseWith } from '../../documents/tree-sitter';
import { attributeValue, attributesOf, blocksOf, type HclBlock } from '../../extract/hcl';
import { isOwnerKey } from '../../owner-keys';
import { workspaceUri } from '../env-file';
import { ownerKeyFor, ownerValueFor } from '../owner-tag';
import { lineBreakOf, lineStartOf, nextLineStart } from '../references/shared';

const GITHUB_HOST = 'token.actions.githubusercontent.com';
const REPOSITORY_VARIABLE = 'github_repository';
/** Resources that only hold a key for a CI system: removed with the key. */
const CI_SECRET_RESOURCES = new Set(['github_actions_secret', 'github_actions_environment_secret', 'github_actions_organization_secret']);
/** User grants that have a role counterpart with the same arguments (but `role` for `user`). */
const USER_TO_ROLE: Record<string, string> = {
  aws_iam_user_policy_attachment: 'aws_iam_role_policy_attachment',
  aws_iam_user_policy: 'aws_iam_role_policy',
};
const OTHER_USER_GRANTS = new Set(['aws_iam_user_group_membership', 'aws_iam_group_membership', 'aws_iam_policy_attachment']);
const MAX_MODULE_FILES = 200;

interface ModuleFile {
  uri: string;
  text: string;
  blocks: HclBlock[];
  root: Node;
}

/** This file and the other `.tf` files of its directory, parsed. */
interface ModuleView {
  self: ModuleFile;
  siblings: ModuleFile[];
  all: ModuleFile[];
}

interface Plan {
  /** Text that takes the key block's place ('' removes it). */
  replacement: string;
  /** Blocks appended at the end of the file; identical for every key of one file, so `nhi fix` shares them. */
  appendix: string[];
  edits: TextEdit[];
  title: string;
  preferred: boolean;
}

export function terraformWorkloadIdentityFix(ctx: RuleContext, use: CredentialUseFact): Fix | undefined {
  const doc = ctx.document;
  if (doc.format !== 'terraform' || doc.parsed?.kind !== 'tree-sitter' || !/\.tf$/i.test(doc.path)) return undefined;
  const root = doc.parsed.tree.rootNode;
  if (root.hasError) return undefined;
  const trees: Tree[] = [];
  try {
    const view = moduleView(ctx, root, trees);
    if (!view) return undefined;
    const key = view.self.blocks.find((b) => b.range.start === use.range.start && b.range.end === use.range.end);
    if (!key || key.type !== 'resource' || key.labels.length < 2) return undefined;
    const dependents = removableDependents(view, key);
    if (!dependents) return undefined;
    let plan: Plan | undefined;
    if (key.labels[0] === 'aws_iam_access_key') plan = awsPlan(ctx, view, key);
    else if (key.labels[0] === 'google_service_account_key') plan = gcpPlan(ctx, view, key);
    else if (key.labels[0] === 'azuread_application_password' || key.labels[0] === 'azuread_service_principal_password') plan = azurePlan(ctx, view, key);
    if (!plan) return undefined;
    return assemble(ctx, key, plan, dependents);
  } catch {
    return undefined; // an unexpected tree shape: no fix rather than a broken one
  } finally {
    for (const t of trees) t.delete();
  }
}

function moduleView(ctx: RuleContext, root: Node, trees: Tree[]): ModuleView | undefined {
  const doc = ctx.document;
  const self: ModuleFile = { uri: doc.uri, text: doc.text, blocks: blocksOf(root), root };
  const siblings: ModuleFile[] = [];
  const listing = ctx.project?.directory(doc.uri, '.tf');
  for (const file of listing?.load().slice(0, MAX_MODULE_FILES) ?? []) {
    if (file.uri === doc.uri) continue;
    const tree = parseWith('hcl', file.text);
    if (!tree) return undefined; // a sibling we cannot read could use the key
    trees.push(tree);
    siblings.push({ uri: file.uri, text: file.text, blocks: blocksOf(tree.rootNode), root: tree.rootNode });
  }
  return { self, siblings, all: [self, ...siblings] };
}

// ---------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------

/** `type.name…` expressions (outside string literals) in a tree. */
function referencesTo(file: ModuleFile, type: string, name: string): Node[] {
  if (!file.text.includes(type)) return [];
  const out: Node[] = [];
  const stack: Node[] = [file.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'variable_expr') {
      const next = node.nextNamedSibling;
      const attr = next?.type === 'get_attr' ? next.namedChildren.find((c) => c?.type === 'identifier') : undefined;
      if (node.text === type && attr?.text === name) out.push(node);
      continue;
    }
    for (const c of node.namedChildren) if (c) stack.push(c);
  }
  return out;
}

/** A `data.type.name` reference: `data` then `.type` then `.name`. */
function dataReferencesTo(file: ModuleFile, type: string, name: string): Node[] {
  return referencesTo(file, 'data', type).filter((n) => {
    const second = n.nextNamedSibling?.nextNamedSibling;
    return second?.type === 'get_attr' && second.namedChildren.find((c) => c?.type === 'identifier')?.text === name;
  });
}

function inside(node: Node, range: Range): boolean {
  return node.startIndex >= range.start && node.endIndex <= range.end;
}

function topBlock(file: ModuleFile, node: Node): HclBlock | undefined {
  return file.blocks.find((b) => inside(node, b.range));
}

function addressOf(block: HclBlock): string {
  if (block.type === 'data') return `data.${block.labels[0]}.${block.labels[1]}`;
  return block.type === 'resource' ? `${block.labels[0]}.${block.labels[1]}` : `${block.type}.${block.labels[0]}`;
}

function isReferenced(view: ModuleView, block: HclBlock, except: Range[] = []): boolean {
  return view.all.some((file) => {
    const refs = block.type === 'data' ? dataReferencesTo(file, block.labels[0], block.labels[1]) : referencesTo(file, block.labels[0], block.labels[1]);
    return refs.some((r) => !(file === view.self && (inside(r, block.range) || except.some((e) => inside(r, e)))));
  });
}

/**
 * What uses the key besides itself, if all of it can go with the key: outputs of
 * one of its attributes and CI secrets holding it. Undefined when anything else
 * (in this file or another file of the module) uses it.
 */
function removableDependents(view: ModuleView, key: HclBlock): HclBlock[] | undefined {
  const [type, name] = key.labels;
  const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pure = new RegExp(`^${escape(type)}\\.${escape(name)}(?:\\.[A-Za-z_][\\w-]*|\\[[0-9]{1,4}\\])*$`);
  const out: HclBlock[] = [];
  for (const file of view.all) {
    for (const ref of referencesTo(file, type, name)) {
      if (file === view.self && inside(ref, key.range)) continue;
      if (file !== view.self) return undefined;
      const block = topBlock(file, ref);
      if (!block) return undefined;
      if (out.includes(block)) continue;
      const value = attributeValue(attributesOf(block.body).get('value'));
      const plaintext = attributeValue(attributesOf(block.body).get('plaintext_value'));
      const ok =
        (block.type === 'output' && value !== undefined && pure.test(value.text.trim()) && referencesTo({ ...file, root: block.node }, type, name).length === 1) ||
        (block.type === 'resource' && CI_SECRET_RESOURCES.has(block.labels[0]) && plaintext !== undefined && inside(ref, { start: plaintext.startIndex, end: plaintext.endIndex }));
      if (!ok) return undefined;
      out.push(block);
    }
  }
  // What we remove must not be used in turn (an output is only read from outside the module).
  if (out.some((b) => b.type === 'resource' && isReferenced(view, b))) return undefined;
  return out;
}

// ---------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------

/** `owner/repo` of the workspace's GitHub remote (`origin` first), from `.git/config`. */
export function githubRepository(ctx: RuleContext): string | undefined {
  if (!ctx.workspaceRoot || !ctx.readFile) return undefined;
  const uri = workspaceUri(ctx.workspaceRoot, '.git/config');
  const text = uri ? ctx.readFile(uri) : undefined;
  return text === undefined ? undefined : repositoryFromGitConfig(text);
}

export function repositoryFromGitConfig(text: string): string | undefined {
  let section = '';
  const urls: { remote: string; url: string }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*remote\s+"([^"\n]*)"\s*\]$/.exec(line);
    if (header) section = header[1];
    else if (line.startsWith('[')) section = '';
    else if (section) {
      const url = /^url\s*=\s*(\S+)$/.exec(line);
      if (url) urls.push({ remote: section, url: url[1] });
    }
  }
  urls.sort((a, b) => Number(b.remote === 'origin') - Number(a.remote === 'origin'));
  for (const { url } of urls) {
    const m = /github\.com[:/]+([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})\/?$/.exec(url);
    if (!m) continue;
    const repo = m[2].endsWith('.git') ? m[2].slice(0, -4) : m[2];
    if (repo !== '' && m[1] !== '.' && m[1] !== '..' && repo !== '.' && repo !== '..') return `${m[1]}/${repo}`;
  }
  return undefined;
}

interface Repository {
  /** Text for inside an HCL string: `acme/shop` or `${var.github_repository}`. */
  interpolated: string;
  /** For titles. */
  shown: string;
  /** The variable block to add, when the repository is a variable not declared yet. */
  variable?: string;
}

function repositoryOf(ctx: RuleContext, view: ModuleView): Repository {
  const known = githubRepository(ctx);
  if (known) return { interpolated: known, shown: known };
  const declared = view.all.some((f) => f.blocks.some((b) => b.type === 'variable' && b.labels[0] === REPOSITORY_VARIABLE));
  return {
    interpolated: `\${var.${REPOSITORY_VARIABLE}}`,
    shown: `var.${REPOSITORY_VARIABLE}`,
    variable: declared
      ? undefined
      : `variable "${REPOSITORY_VARIABLE}" {\n  description = "GitHub repository (owner/name) whose Actions workflows may use the workload identity"\n  type        = string\n}\n`,
  };
}

/** A label for a new resource of `type` that no file of the module uses yet. */
function freeLabel(view: ModuleView, type: string, wanted: string): string {
  const taken = (label: string) => view.all.some((f) => f.blocks.some((b) => b.labels[0] === type && b.labels[1] === label));
  const base = wanted.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^[^A-Za-z_]/, '_$&');
  for (let n = 1; n < 100; n++) {
    const label = n === 1 ? base : `${base}_${n}`;
    if (!taken(label)) return label;
  }
  return `${base}_${Date.now()}`;
}

function resourceIn(file: ModuleFile, type: string, label: string): HclBlock | undefined {
  return file.blocks.find((b) => b.type === 'resource' && b.labels[0] === type && b.labels[1] === label);
}

/** `aws_iam_user.ci.name` → ['aws_iam_user', 'ci', 'name']; undefined for anything but a plain reference. */
function plainReference(expression: Node | undefined): string[] | undefined {
  const text = expression?.text.trim();
  if (!text || !/^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*){1,3}$/.test(text)) return undefined;
  return text.split('.');
}

/** The value of a plain string literal without interpolation. */
function plainString(expression: Node | undefined): string | undefined {
  const m = /^"([^"\\$%\n]*)"$/.exec(expression?.text.trim() ?? '');
  return m?.[1];
}

const attribute = (block: HclBlock | undefined, name: string): Node | undefined => (block ? attributeValue(attributesOf(block.body).get(name)) : undefined);

/**
 * Whole lines of a block being removed, with the comment lines directly above it (they describe it),
 * plus one adjoining blank line so no double gap is left.
 */
function removedLines(text: string, range: Range): Range {
  let start = lineStartOf(text, range.start);
  if (text.slice(start, range.start).trim() !== '') start = range.start; // something precedes it on its first line
  for (let above = lineStartOf(text, Math.max(0, start - 1)); start > 0 && /^\s*(?:#|\/\/)/.test(text.slice(above, start)); above = lineStartOf(text, Math.max(0, above - 1))) {
    start = above;
    if (above === 0) break;
  }
  let end = nextLineStart(text, range.end);
  if (text.slice(range.end, end).trim() !== '') end = range.end; // something follows on its last line
  const blankAbove = start === 0 || text.slice(lineStartOf(text, start - 1), start).trim() === '';
  if (end > range.end && blankAbove) {
    if (text.slice(end).trim() === '') start = start === 0 ? 0 : lineStartOf(text, start - 1); // last in the file: the gap before it goes
    else if (text.slice(end, nextLineStart(text, end)).trim() === '') end = nextLineStart(text, end);
  }
  return { start, end };
}

function assemble(ctx: RuleContext, key: HclBlock, plan: Plan, dependents: HclBlock[]): Fix {
  const doc = ctx.document;
  const nl = lineBreakOf(doc.text);
  const eol = (s: string) => s.replace(/\r?\n/g, nl);
  const edits: TextEdit[] = [];
  edits.push(plan.replacement === '' ? { uri: doc.uri, range: removedLines(doc.text, key.range), newText: '' } : { uri: doc.uri, range: key.range, newText: eol(plan.replacement) });
  for (const d of dependents) edits.push({ uri: doc.uri, range: removedLines(doc.text, d.range), newText: '' });
  edits.push(...plan.edits);
  if (plan.appendix.length > 0) {
    const end = doc.text.length;
    const sep = doc.text.endsWith('\n\n') ? '' : doc.text.endsWith('\n') ? nl : nl + nl;
    edits.push({ uri: doc.uri, range: { start: end, end }, newText: eol(sep + plan.appendix.join('\n')) });
  }
  const removed = dependents.map((d) => addressOf(d).replace(/^output\./, 'output '));
  const title = removed.length > 0 ? `${plan.title}; also removes ${removed.join(', ')}, which handed the key out` : plan.title;
  return { title, kind: 'workload-identity', preferred: plan.preferred, edits };
}

// ---------------------------------------------------------------------------
// AWS
// ---------------------------------------------------------------------------

interface Tags {
  /** `tags = …` lines for a new resource (indented by two), or '' when none are needed. */
  text: string;
  /** Whether the new resources have an owner (else the fix waits for the user's answer). */
  owned: boolean;
}

/** The user's own `tags` attribute, copied; else the workspace owner; nothing when provider default tags name an owner. */
function tagsFor(ctx: RuleContext, user: HclBlock | undefined): Tags {
  const ownerKey = (k: string) => isOwnerKey(k, ctx.config.ownerTagKeys);
  const inherited = ctx.facts('taggedResource').some((f) => f.resourceType.startsWith('aws_') && (f.inheritedTagsUnknown || (f.inheritedTagKeys ?? []).some(ownerKey)));
  const own = user ? attributesOf(user.body).get('tags') : undefined;
  if (own) {
    // Tags that are not statically known are the user's business; known ones must name an owner.
    const fact = ctx.facts('taggedResource').find((f) => f.resourceType === 'aws_iam_user' && f.name === user!.labels[1]);
    return { text: `  ${own.text.trim()}\n`, owned: inherited || fact?.tagKeys === undefined || fact.tagKeys.some(ownerKey) };
  }
  if (inherited) return { text: '', owned: true };
  const owner = ownerValueFor(ctx);
  const key = ownerKeyFor(ctx);
  if (owner.source === 'placeholder' || !key) return { text: '', owned: false };
  return { text: `  tags = {\n    ${/^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key)} = ${JSON.stringify(owner.value)}\n  }\n`, owned: true };
}

function userBlockOf(view: ModuleView, key: HclBlock): HclBlock | undefined {
  const user = attribute(key, 'user');
  const ref = plainReference(user);
  if (ref && ref[0] === 'aws_iam_user' && ref.length === 3) return resourceIn(view.self, 'aws_iam_user', ref[1]);
  const name = plainString(user);
  return name === undefined ? undefined : view.self.blocks.find((b) => b.type === 'resource' && b.labels[0] === 'aws_iam_user' && plainString(attribute(b, 'name')) === name);
}

/** Does this `user = …` expression name the given user block? */
function namesUser(expression: Node | undefined, user: HclBlock): boolean {
  const ref = plainReference(expression);
  if (ref) return ref.length === 3 && ref[0] === 'aws_iam_user' && ref[1] === user.labels[1] && (ref[2] === 'name' || ref[2] === 'id');
  const name = plainString(expression);
  return name !== undefined && name === plainString(attribute(user, 'name'));
}

function githubOidcProvider(view: ModuleView): string | undefined {
  for (const file of view.all) {
    for (const b of file.blocks) {
      if ((b.type === 'resource' || b.type === 'data') && b.labels[0] === 'aws_iam_openid_connect_provider' && attribute(b, 'url')?.text.includes(GITHUB_HOST)) return addressOf(b);
    }
  }
  return undefined;
}

function awsPlan(ctx: RuleContext, view: ModuleView, key: HclBlock): Plan | undefined {
  const doc = ctx.document;
  const repo = repositoryOf(ctx, view);
  const user = userBlockOf(view, key);
  const tags = tagsFor(ctx, user);
  const appendix: string[] = [];

  let provider = githubOidcProvider(view);
  if (!provider) {
    // The provider is shared by every key of the file: its tags come from the first key's user, so each fix appends the same text.
    const firstKey = view.self.blocks.find((b) => b.type === 'resource' && b.labels[0] === 'aws_iam_access_key');
    const providerTags = tagsFor(ctx, firstKey ? userBlockOf(view, firstKey) : undefined);
    const label = freeLabel(view, 'aws_iam_openid_connect_provider', 'github_actions');
    provider = `aws_iam_openid_connect_provider.${label}`;
    appendix.push(
      `# GitHub Actions' OIDC token issuer: workflows exchange their token for short-lived role credentials.\n` +
        `resource "aws_iam_openid_connect_provider" "${label}" {\n  url            = "https://${GITHUB_HOST}"\n  client_id_list = ["sts.amazonaws.com"]\n${providerTags.text ? `\n${providerTags.text}` : ''}}\n`,
    );
  }
  if (repo.variable) appendix.push(repo.variable);

  const roleLabel = freeLabel(view, 'aws_iam_role', `${key.labels[1]}_github`);
  const role = `aws_iam_role.${roleLabel}`;
  const userName = user ? plainString(attribute(user, 'name')) : undefined;
  const roleName = userName ? `${userName}-github`.slice(0, 64) : undefined;
  const replacement =
    `resource "aws_iam_role" "${roleLabel}" {\n` +
    (roleName ? `  name = "${roleName}"\n` : '') +
    `  # Assumed by GitHub Actions workflows of ${repo.shown} through OIDC (aws-actions/configure-aws-credentials role-to-assume); replaces ${addressOf(key)}.\n` +
    `  assume_role_policy = jsonencode({\n` +
    `    Version = "2012-10-17"\n` +
    `    Statement = [{\n` +
    `      Effect    = "Allow"\n` +
    `      Action    = "sts:AssumeRoleWithWebIdentity"\n` +
    `      Principal = { Federated = ${provider}.arn }\n` +
    `      Condition = {\n` +
    `        StringEquals = { "${GITHUB_HOST}:aud" = "sts.amazonaws.com" }\n` +
    `        StringLike   = { "${GITHUB_HOST}:sub" = "repo:${repo.interpolated}:*" }\n` +
    `      }\n` +
    `    }]\n` +
    `  })\n` +
    (tags.text ? `\n${tags.text}` : '') +
    `}`;

  // The user's grants in this file move to the role, unless another active key of the same user still needs them.
  const edits: TextEdit[] = [];
  const moved: string[] = [];
  let leftBehind = 0;
  const otherKeys = user
    ? view.self.blocks.filter((b) => b !== key && b.type === 'resource' && b.labels[0] === 'aws_iam_access_key' && namesUser(attribute(b, 'user'), user) && plainString(attribute(b, 'status'))?.toLowerCase() !== 'inactive')
    : [];
  if (user) {
    for (const file of view.all) {
      for (const b of file.blocks) {
        if (b.type !== 'resource') continue;
        const userAttr = attributesOf(b.body).get('user');
        const target = USER_TO_ROLE[b.labels[0]];
        if (target && namesUser(attributeValue(userAttr), user)) {
          const typeLabel = b.node.namedChildren[1];
          if (file !== view.self || otherKeys.length > 0 || !userAttr || !typeLabel || typeLabel.type !== 'string_lit' || isReferenced(view, b)) {
            leftBehind++;
            continue;
          }
          const name = userAttr.namedChildren.find((c) => c?.type === 'identifier');
          const value = attributeValue(userAttr);
          if (!name || !value) {
            leftBehind++;
            continue;
          }
          edits.push({ uri: doc.uri, range: { start: typeLabel.startIndex, end: typeLabel.endIndex }, newText: `"${target}"` });
          edits.push({ uri: doc.uri, range: { start: name.startIndex, end: name.endIndex }, newText: 'role' });
          edits.push({ uri: doc.uri, range: { start: value.startIndex, end: value.endIndex }, newText: `${role}.name` });
          moved.push(b.labels[1]);
        } else if (OTHER_USER_GRANTS.has(b.labels[0]) && referencesTo({ ...file, root: b.node }, 'aws_iam_user', user.labels[1]).length > 0) {
          leftBehind++;
        }
      }
    }
  }
  const grants = !user
    ? `; give it the permissions of ${key.labels[1] ? `the key's user` : 'the user'} (not declared in this module)`
    : (moved.length > 0 ? `, with ${moved.length === 1 ? 'the policy' : `${moved.length} policies`} of ${addressOf(user)} (${moved.join(', ')}) moved to it` : '') +
      (leftBehind > 0 ? `; ${leftBehind} other grant${leftBehind === 1 ? '' : 's'} of ${addressOf(user)} stay on the user: give the role what it needs` : '');
  return {
    replacement,
    appendix,
    edits,
    preferred: tags.owned,
    title:
      `Replace the access key with GitHub Actions OIDC: ${role} trusting ${repo.shown} through ${provider}${appendix.some((a) => a.includes('aws_iam_openid_connect_provider')) ? ' (added)' : ''}${grants}` +
      (tags.owned ? '' : '; add an owner tag to the new resources'),
  };
}

// ---------------------------------------------------------------------------
// GCP
// ---------------------------------------------------------------------------

/** The pool of a GitHub provider in the module that maps `attribute.repository`, as `google_iam_workload_identity_pool.x`. */
function githubPool(view: ModuleView): string | undefined {
  for (const file of view.all) {
    for (const b of file.blocks) {
      if (b.type !== 'resource' || b.labels[0] !== 'google_iam_workload_identity_pool_provider') continue;
      if (!b.node.text.includes(GITHUB_HOST) || !attribute(b, 'attribute_mapping')?.text.includes('"attribute.repository"')) continue;
      const ref = plainReference(attribute(b, 'workload_identity_pool_id'));
      if (ref?.length === 3 && ref[0] === 'google_iam_workload_identity_pool' && ref[2] === 'workload_identity_pool_id' && view.all.some((f) => resourceIn(f, ref[0], ref[1]))) {
        return `google_iam_workload_identity_pool.${ref[1]}`;
      }
    }
  }
  return undefined;
}

function gcpPlan(ctx: RuleContext, view: ModuleView, key: HclBlock): Plan | undefined {
  const account = attribute(key, 'service_account_id');
  if (!account || account.text.includes('\n')) return undefined;
  const repo = repositoryOf(ctx, view);
  const appendix: string[] = [];
  let pool = githubPool(view);
  if (!pool) {
    // Shared by every key of the file: the project (if any) comes from the first key's service account.
    const firstKey = view.self.blocks.find((b) => b.type === 'resource' && b.labels[0] === 'google_service_account_key');
    const ref = plainReference(attribute(firstKey, 'service_account_id'));
    const accountBlock = ref?.[0] === 'google_service_account' ? resourceIn(view.self, 'google_service_account', ref[1]) : undefined;
    const project = attribute(accountBlock, 'project');
    const projectLine = (width: number) => (project && !project.text.includes('\n') ? `  ${'project'.padEnd(width)} = ${project.text.trim()}\n` : '');
    const poolLabel = freeLabel(view, 'google_iam_workload_identity_pool', 'github_actions');
    const providerLabel = freeLabel(view, 'google_iam_workload_identity_pool_provider', 'github_actions');
    pool = `google_iam_workload_identity_pool.${poolLabel}`;
    appendix.push(
      `# Workload identity federation for GitHub Actions: workflows of ${repo.shown} get short-lived tokens, no key.\n` +
        `resource "google_iam_workload_identity_pool" "${poolLabel}" {\n${projectLine(25)}  workload_identity_pool_id = "github-actions"\n}\n`,
      `resource "google_iam_workload_identity_pool_provider" "${providerLabel}" {\n` +
        projectLine(34) +
        `  workload_identity_pool_id          = ${pool}.workload_identity_pool_id\n` +
        `  workload_identity_pool_provider_id = "github-actions"\n` +
        `  attribute_mapping = {\n    "google.subject"       = "assertion.sub"\n    "attribute.repository" = "assertion.repository"\n  }\n` +
        `  attribute_condition = "assertion.repository == '${repo.interpolated}'"\n` +
        `  oidc {\n    issuer_uri = "https://${GITHUB_HOST}"\n  }\n}\n`,
    );
  }
  if (repo.variable) appendix.push(repo.variable);
  const label = freeLabel(view, 'google_service_account_iam_member', `${key.labels[1]}_github`);
  const replacement =
    `# GitHub Actions workflows of ${repo.shown} act as this service account through workload identity federation\n` +
    `# (google-github-actions/auth workload_identity_provider + service_account); replaces ${addressOf(key)}.\n` +
    `resource "google_service_account_iam_member" "${label}" {\n` +
    `  service_account_id = ${account.text.trim()}\n` +
    `  role               = "roles/iam.workloadIdentityUser"\n` +
    `  member             = "principalSet://iam.googleapis.com/\${${pool}.name}/attribute.repository/${repo.interpolated}"\n` +
    `}`;
  return {
    replacement,
    appendix,
    edits: [],
    preferred: true,
    title: `Replace the service account key with workload identity federation: ${repo.shown} may act as the account through ${pool}${appendix.some((a) => a.includes('google_iam_workload_identity_pool"')) ? ' (added with a GitHub OIDC provider)' : ''}`,
  };
}

// ---------------------------------------------------------------------------
// Azure
// ---------------------------------------------------------------------------

/** The application of a password: the attribute a federated credential takes and its value. */
function applicationOf(view: ModuleView, key: HclBlock): { attribute: string; value: string; app?: string } | undefined {
  if (key.labels[0] === 'azuread_application_password') {
    for (const name of ['application_id', 'application_object_id']) {
      const v = attribute(key, name);
      if (v && !v.text.includes('\n')) {
        const ref = plainReference(v);
        return { attribute: name, value: v.text.trim(), app: ref?.[0] === 'azuread_application' ? ref[1] : undefined };
      }
    }
    return undefined;
  }
  // A service principal's password: its application, through the service principal declared here.
  const ref = plainReference(attribute(key, 'service_principal_id'));
  if (ref?.length !== 3 || ref[0] !== 'azuread_service_principal') return undefined;
  const sp = resourceIn(view.self, 'azuread_service_principal', ref[1]);
  const client = plainReference(attribute(sp, 'client_id'));
  if (client?.length === 3 && client[0] === 'azuread_application' && client[2] === 'client_id') return { attribute: 'application_id', value: `azuread_application.${client[1]}.id`, app: client[1] };
  const legacy = plainReference(attribute(sp, 'application_id'));
  if (legacy?.length === 3 && legacy[0] === 'azuread_application' && legacy[2] === 'application_id') return { attribute: 'application_object_id', value: `azuread_application.${legacy[1]}.object_id`, app: legacy[1] };
  return undefined;
}

function azurePlan(ctx: RuleContext, view: ModuleView, key: HclBlock): Plan | undefined {
  const application = applicationOf(view, key);
  if (!application) return undefined;
  const existing = view.all
    .flatMap((f) => f.blocks)
    .find((b) => {
      if (b.type !== 'resource' || b.labels[0] !== 'azuread_application_federated_identity_credential' || !attribute(b, 'issuer')?.text.includes(GITHUB_HOST)) return false;
      const app = plainReference(attribute(b, 'application_id') ?? attribute(b, 'application_object_id'));
      return app !== undefined && application.app !== undefined && app[0] === 'azuread_application' && app[1] === application.app;
    });
  const what = key.labels[0] === 'azuread_application_password' ? 'client secret' : 'service principal password';
  if (existing) {
    return {
      replacement: '',
      appendix: [],
      edits: [],
      preferred: true,
      title: `Remove the ${what}: GitHub Actions signs in with the federated credential ${addressOf(existing)} (azure/login client-id, tenant-id, subscription-id)`,
    };
  }
  const repo = repositoryOf(ctx, view);
  // Keyed by application, so a client secret and a service principal password of one application share one credential.
  const label = freeLabel(view, 'azuread_application_federated_identity_credential', `${application.app ?? key.labels[1]}_github`);
  const width = Math.max(application.attribute.length, 'display_name'.length);
  const line = (name: string, value: string) => `  ${name.padEnd(width)} = ${value}\n`;
  const credential =
    `# GitHub Actions workflows of ${repo.shown} sign in as the application with an OIDC token (azure/login client-id), no secret.\n` +
    `resource "azuread_application_federated_identity_credential" "${label}" {\n` +
    line(application.attribute, application.value) +
    line('display_name', '"github-actions-main"') +
    line('audiences', '["api://AzureADTokenExchange"]') +
    line('issuer', `"https://${GITHUB_HOST}"`) +
    line('subject', `"repo:${repo.interpolated}:ref:refs/heads/main"`) +
    `}\n`;
  return {
    replacement: '',
    appendix: [credential, ...(repo.variable ? [repo.variable] : [])],
    edits: [],
    preferred: true,
    title: `Replace the ${what} with a federated identity credential for GitHub Actions (${repo.shown}, main branch): azuread_application_federated_identity_credential.${label}`,
  };
}

