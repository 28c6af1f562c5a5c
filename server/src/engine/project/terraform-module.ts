/**
 * A Terraform module is every `.tf` file of one directory: `locals`, variable
 * defaults and `provider "aws" { default_tags }` declared in `locals.tf`,
 * `variables.tf` or `providers.tf` apply to the resources of `iam.tf`. This
 * evaluates what the module's files declare, once per version of the directory,
 * so each file's extractor can resolve what lives next door.
 *
 * Each value remembers the file that declared it: the file being analysed uses
 * its own (live, possibly unsaved) declarations, never the other copy of itself.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Document } from '../model';
import { parseWith } from '../documents/tree-sitter';
import { attributeValue, attributesOf, blocksOf, buildScope, evaluate, type EvalOptions, type HclBlock, type HclScope, type ModuleValues } from '../extract/hcl';
import type { StaticValue } from '../extract/policy';
import { sameFile, type ProjectFiles } from './files';

export interface InheritedTags {
  keys: string[];
  values: Record<string, string | undefined>;
  unknown: boolean;
}

interface Declared<T> {
  uri: string;
  value: T;
}

export interface TerraformModule {
  locals: Map<string, Declared<{ withDefaults: StaticValue; withoutDefaults: StaticValue }>>;
  variableDefaults: Map<string, Declared<StaticValue>>;
  /** Provider reference ('aws', 'aws.west') → default tags, per declaring file. */
  providerTags: Map<string, Declared<InheritedTags>>;
  /** Users that `aws_iam_access_key` resources are created for ('aws_iam_user.ci' or an IAM user name). */
  accessKeyUsers: Declared<string>[];
  /** IAM user name → `aws_iam_user` address, for attachments that name users by their IAM name. */
  iamUsers: Map<string, Declared<string>>;
}

const TAGS_EVAL: EvalOptions = { useVariableDefaults: false };
const POLICY_EVAL: EvalOptions = { useVariableDefaults: true };
/** A module's files are parsed once per version; keep the modules of a few directories. */
const CACHE_SIZE = 32;
const MAX_MODULE_BYTES = 8 * 1024 * 1024;
const cache = new Map<string, TerraformModule>();
/**
 * A file adds to its module only through these blocks (locals, variables, AWS providers, IAM
 * users and their access keys): a file naming none of them is not parsed for the module.
 */
const CONTRIBUTES = /\b(?:locals|variable|provider|aws_iam_user|aws_iam_access_key)\b/;

/** The module around `doc`, or undefined when the host gives no view of other files. */
export function terraformModuleOf(doc: Document, project: ProjectFiles | undefined): TerraformModule | undefined {
  const listing = project?.directory(doc.uri, '.tf');
  if (!listing) return undefined;
  let module = cache.get(listing.key);
  if (module) {
    cache.delete(listing.key); // most recently used last
  } else {
    module = buildModule(listing.load());
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(listing.key, module);
  return module;
}

/** The values the analysed file (`uri`) may use from its module's other files. */
export function moduleValuesFor(module: TerraformModule | undefined, uri: string): ModuleValues | undefined {
  if (!module) return undefined;
  return {
    local(name, options) {
      const declared = module.locals.get(name);
      if (!declared || sameFile(declared.uri, uri)) return undefined;
      return options.useVariableDefaults ? declared.value.withDefaults : declared.value.withoutDefaults;
    },
    variableDefault(name) {
      const declared = module.variableDefaults.get(name);
      return declared && !sameFile(declared.uri, uri) ? declared.value : undefined;
    },
  };
}

/** Provider default tags declared by the module's other files (the analysed file adds its own). */
export function moduleProviderTags(module: TerraformModule | undefined, uri: string): Map<string, InheritedTags> {
  const out = new Map<string, InheritedTags>();
  for (const [ref, declared] of module?.providerTags ?? []) if (!sameFile(declared.uri, uri)) out.set(ref, declared.value);
  return out;
}

function buildModule(files: { uri: string; text: string }[]): TerraformModule {
  const module: TerraformModule = { locals: new Map(), variableDefaults: new Map(), providerTags: new Map(), accessKeyUsers: [], iamUsers: new Map() };
  const trees: Tree[] = [];
  try {
    let bytes = 0;
    const parsed: { uri: string; root: Node }[] = [];
    for (const file of files) {
      bytes += file.text.length;
      if (bytes > MAX_MODULE_BYTES) break;
      if (!CONTRIBUTES.test(file.text)) continue;
      const tree = parseWith('hcl', file.text);
      if (!tree) continue;
      trees.push(tree);
      parsed.push({ uri: file.uri, root: tree.rootNode });
    }
    // One scope over all files: a local in locals.tf may use a variable default from variables.tf.
    const scope = buildScope(parsed.map((p) => p.root));
    for (const { uri, root } of parsed) {
      const blocks = blocksOf(root);
      for (const block of blocks) {
        if (block.type === 'locals') {
          for (const name of attributesOf(block.body).keys()) {
            const reference = scope.locals.get(name);
            if (!reference) continue;
            module.locals.set(name, {
              uri,
              value: { withDefaults: evaluate(reference, scope, POLICY_EVAL), withoutDefaults: evaluate(reference, scope, TAGS_EVAL) },
            });
          }
        } else if (block.type === 'variable' && block.labels[0]) {
          const node = scope.variableDefaults.get(block.labels[0]);
          if (node) module.variableDefaults.set(block.labels[0], { uri, value: evaluate(node, scope, POLICY_EVAL) });
        }
      }
      for (const [ref, tags] of defaultTagsByProvider(blocks, scope)) module.providerTags.set(ref, { uri, value: tags });
      for (const user of accessKeyUsers(blocks, scope)) module.accessKeyUsers.push({ uri, value: user });
      for (const [name, address] of iamUserNames(blocks, scope)) module.iamUsers.set(name, { uri, value: address });
    }
  } finally {
    for (const tree of trees) tree.delete();
  }
  return module;
}

/** The analysed file's module siblings' access-key users (the file adds its own). */
export function moduleAccessKeyUsers(module: TerraformModule | undefined, uri: string): string[] {
  return (module?.accessKeyUsers ?? []).filter((d) => !sameFile(d.uri, uri)).map((d) => d.value);
}

/** The module siblings' IAM user names → addresses (the file adds its own). */
export function moduleIamUsers(module: TerraformModule | undefined, uri: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, d] of module?.iamUsers ?? []) if (!sameFile(d.uri, uri)) out.set(name, d.value);
  return out;
}

/** `resource "aws_iam_user" "ci" { name = "ci-deployer" }` → 'ci-deployer' → 'aws_iam_user.ci'. */
export function iamUserNames(blocks: HclBlock[], scope: HclScope): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of blocks) {
    if (block.type !== 'resource' || block.labels[0] !== 'aws_iam_user' || !block.labels[1]) continue;
    const n = evaluate(attributeValue(attributesOf(block.body).get('name')), scope, POLICY_EVAL);
    if (n.type === 'string') out.set(n.value, `aws_iam_user.${block.labels[1]}`);
  }
  return out;
}

/** `resource "aws_iam_access_key" { user = aws_iam_user.ci.name }` → 'aws_iam_user.ci'; a static name → that name. */
export function accessKeyUsers(blocks: HclBlock[], scope: HclScope): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    if (block.type !== 'resource' || block.labels[0] !== 'aws_iam_access_key') continue;
    const user = attributeValue(attributesOf(block.body).get('user'));
    if (!user) continue;
    const reference = /^aws_iam_user\.([A-Za-z_][\w-]*)\.(?:name|id)$/.exec(user.text.trim());
    if (reference) out.push(`aws_iam_user.${reference[1]}`);
    else {
      const value = evaluate(user, scope, POLICY_EVAL);
      if (value.type === 'string') out.push(value.value);
    }
  }
  return out;
}

/** provider "aws" { alias = "x" default_tags { tags = {...} } } → tags per provider reference ('aws', 'aws.x'). */
export function defaultTagsByProvider(blocks: HclBlock[], scope: HclScope): Map<string, InheritedTags> {
  const out = new Map<string, InheritedTags>();
  for (const block of blocks) {
    if (block.type !== 'provider' || block.labels[0] !== 'aws') continue;
    const attrs = attributesOf(block.body);
    const alias = evaluate(attributeValue(attrs.get('alias')), scope, TAGS_EVAL);
    const ref = alias.type === 'string' ? `aws.${alias.value}` : attrs.has('alias') ? undefined : 'aws';
    if (!ref) continue;
    const inherited: InheritedTags = { keys: [], values: {}, unknown: false };
    for (const defaults of blocksOf(block.body, 'default_tags')) {
      const tagsAttr = attributesOf(defaults.body).get('tags');
      if (!tagsAttr) continue;
      const tags = evaluate(attributeValue(tagsAttr), scope, TAGS_EVAL);
      if (tags.type === 'map' && !tags.hasUnknownKeys) {
        for (const e of tags.entries) {
          inherited.keys.push(e.key);
          inherited.values[e.key] = e.value.type === 'string' ? e.value.value : undefined;
        }
      } else inherited.unknown = true;
    }
    out.set(ref, inherited);
  }
  return out;
}
