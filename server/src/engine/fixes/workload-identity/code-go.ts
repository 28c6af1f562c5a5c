/**
 * Go: static credentials → the SDKs' default chains.
 *
 * - `config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(…))` as an
 *   option of `config.LoadDefaultConfig(ctx, …)` → the option is removed (the default chain).
 *   A provider built elsewhere (`s3.Options{Credentials: …}`, a bare value) gets no fix:
 *   without it those clients would have no credentials at all.
 * - `azidentity.NewClientSecretCredential(t, c, s, nil)` → `azidentity.NewDefaultAzureCredential(nil)`
 *   (options of the client-secret type do not fit the default credential → no fix).
 * - `option.WithCredentialsFile(path)` / `option.WithCredentialsJSON(data)` given to a client
 *   constructor → the option is removed (Application Default Credentials).
 * - `google.CredentialsFromJSON(ctx, json, scopes…)` → `google.FindDefaultCredentials(ctx, scopes…)`.
 * Key JSON written as a literal gets no fix (a key, not a setting the chain reads). Literal
 * keys move to the env file; imports nothing uses any more are removed (Go rejects them).
 */
import type { Node } from 'web-tree-sitter';
import type { CredentialUseFact, TextEdit } from '../../model';
import type { RuleContext } from '../../rule';
import { applyLocal, AWS_ARGS, AZURE_ARGS, isPlainStringLiteral, literalsOf, namedArgs, removeListItems, statementLines, type Plan } from './code-shared';

export function goPlan(ctx: RuleContext, use: CredentialUseFact, node: Node): Plan | undefined {
  const uri = ctx.document.uri;
  const text = ctx.document.text;
  const root = (ctx.document.parsed as { tree: { rootNode: Node } }).tree.rootNode;
  if (node.type !== 'call_expression') return undefined;
  const callee = node.childForFieldName('function');
  if (callee?.type !== 'selector_expression') return undefined;
  const pkg = callee.childForFieldName('operand')?.text;
  const fn = callee.childForFieldName('field')?.text;
  const args = namedArgs(node);
  let plan: Plan | undefined;

  if (use.mechanism === 'aws-access-key' && fn === 'NewStaticCredentialsProvider') {
    const literals = literalsOf(args.slice(0, 2), AWS_ARGS);
    const option = node.parent?.type === 'argument_list' ? node.parent.parent : undefined;
    const optionFn = option?.type === 'call_expression' ? option.childForFieldName('function') : undefined;
    if (!literals || !option || optionFn?.type !== 'selector_expression' || optionFn.childForFieldName('field')?.text !== 'WithCredentialsProvider') return undefined;
    const removed = removeOption(text, uri, option, 'LoadDefaultConfig');
    if (!removed) return undefined;
    plan = { edits: removed, literals, title: 'Use the default AWS credential chain: drop the static credentials provider from LoadDefaultConfig (IRSA / task role / instance profile in production)' };
  } else if (use.mechanism === 'azure-client-secret' && fn === 'NewClientSecretCredential') {
    if (args.length !== 4 || args[3].type !== 'nil') return undefined;
    const literals = literalsOf(args.slice(0, 3), AZURE_ARGS);
    if (!literals) return undefined;
    plan = { edits: [{ uri, range: { start: node.startIndex, end: node.endIndex }, newText: `${pkg}.NewDefaultAzureCredential(nil)` }], literals, title: 'Use DefaultAzureCredential (managed identity / workload identity) instead of a client secret' };
  } else if (use.mechanism === 'gcp-service-account-key' && (fn === 'WithCredentialsFile' || fn === 'WithCredentialsJSON')) {
    if (fn === 'WithCredentialsJSON' && args.some(isPlainStringLiteral)) return undefined;
    const removed = removeOption(text, uri, node);
    if (!removed) return undefined;
    plan = { edits: removed, literals: [], title: `Use Application Default Credentials: remove ${pkg}.${fn}(…) (GKE workload identity in production)` };
  } else if (use.mechanism === 'gcp-service-account-key' && fn === 'CredentialsFromJSON') {
    if (args.length < 2 || isPlainStringLiteral(args[1])) return undefined;
    const rest = [args[0], ...args.slice(2)].map((a) => a.text).join(', ');
    plan = { edits: [{ uri, range: { start: node.startIndex, end: node.endIndex }, newText: `${pkg}.FindDefaultCredentials(${rest})` }], literals: [], title: 'Use Application Default Credentials (google.FindDefaultCredentials) instead of a service-account key' };
  }
  if (!plan) return undefined;
  const imports = unusedImports(uri, text, root, plan.edits);
  if (!imports) return undefined;
  plan.edits.push(...imports);
  return plan;
}

/** Removes an option call from the argument list of the call it is passed to (optionally only when that call is `fnName`). */
function removeOption(text: string, uri: string, option: Node, fnName?: string): TextEdit[] | undefined {
  const list = option.parent;
  const call = list?.parent;
  if (list?.type !== 'argument_list' || call?.type !== 'call_expression') return undefined;
  if (fnName && call.childForFieldName('function')?.childForFieldName('field')?.text !== fnName) return undefined;
  const items = namedArgs(call);
  if (items.length < 2) return undefined; // a constructor's first argument is the context, never the option alone
  return removeListItems(text, uri, list, items, [option]);
}

/** Removal of import specs whose package name no code uses once `edits` are applied. */
function unusedImports(uri: string, text: string, root: Node, edits: TextEdit[]): TextEdit[] | undefined {
  const after = applyLocal(text, edits);
  const out: TextEdit[] = [];
  for (const decl of root.namedChildren.filter((c): c is Node => c?.type === 'import_declaration')) {
    const specs = decl.descendantsOfType('import_spec').filter((s): s is Node => !!s);
    for (const spec of specs) {
      const path = spec.childForFieldName('path')?.text.slice(1, -1) ?? '';
      const alias = spec.childForFieldName('name');
      if (alias && alias.type !== 'package_identifier') continue; // `_` / `.` imports are kept
      const name = alias?.text ?? path.slice(path.lastIndexOf('/') + 1);
      if (!/^[A-Za-z_]\w*$/.test(name)) continue;
      const used = (s: string): boolean => new RegExp(`\\b${name}\\.`).test(s);
      // Only imports this edit made unused: it used them before and nothing does after.
      if (!used(withoutImports(text, root)) || used(withoutImports(after, root))) continue;
      if (specs.length === 1 && decl.namedChildren.every((c) => c?.type !== 'import_spec_list')) {
        const lines = statementLines(text, decl);
        if (!lines) return undefined;
        out.push({ uri, range: lines, newText: '' });
      } else {
        const lines = statementLines(text, spec);
        if (!lines) return undefined;
        out.push({ uri, range: lines, newText: '' });
      }
    }
  }
  return out;
}

/** The code after the import declarations (the fixes edit only code below them, so offsets up to there agree). */
function withoutImports(text: string, root: Node): string {
  const decls = root.namedChildren.filter((c): c is Node => c?.type === 'import_declaration');
  const last = decls[decls.length - 1];
  return last ? text.slice(last.endIndex) : text;
}
