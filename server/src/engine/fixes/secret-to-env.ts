/**
 * Quick fix "move a hard-coded secret to the local env file": the string
 * literal becomes a read of the variable NAME — `process.env.NAME` (JS/TS),
 * `os.environ["NAME"]` (Python), `System.getenv("NAME")` (Java),
 * `Environment.GetEnvironmentVariable("NAME")` (C#), `os.Getenv("NAME")` (Go),
 * `ENV.fetch("NAME")` (Ruby), `getenv('NAME')` (PHP), `"$NAME"` (shell); see
 * languages/*.ts for each language's rules, config-formats.ts for `.env`
 * and Compose files, and references/ for the other config formats.
 * `NAME=value` is appended to `config.envFile` (default
 * `.env.local`) at the workspace root, and `.gitignore` gains a line for
 * that file if it does not ignore it yet. No workspace root → no fix (we never write outside it).
 */
import type { Node } from 'web-tree-sitter';
import type { AssignmentFact, Fix, Format, TextEdit } from '../model';
import type { RuleContext } from '../rule';
import { envNameFor } from './env-name';
import { referenceFix } from './references';
import { embeddedSecretFix, type EmbeddedSecretRequest } from './references/embedded';
import { credentialFileFix } from './references/credential-files';
import { kubernetesSecretEntryFix } from './references/kubernetes';
import { tfvarsEntryFix } from './references/tfvars';
import { keyLiteralFix } from './references/key-literal';
import { gitignoreEdits, planEnvEntry, type WorkspaceFiles } from './env-file';
import { nodeAt, quoteOf, type LiteralSite, type SourceEdits } from './languages/shared';
import { javaEdits } from './languages/java';
import { csharpEdits } from './languages/csharp';
import { goEdits } from './languages/go';
import { rubyEdits } from './languages/ruby';
import { phpEdits } from './languages/php';
import { shellEdits } from './languages/shell';

export interface SecretToEnvRequest {
  ctx: RuleContext;
  /** The literal that holds exactly the secret. */
  fact: AssignmentFact;
  /** The provider's conventional variable name (AWS_ACCESS_KEY_ID …), used when the key says nothing better. */
  fallbackName: string;
  /** What the secret is, for the fix title ("AWS access key id"). */
  what: string;
}

/** Parents where a literal cannot become an expression (string enums, literal types, module specifiers). */
const JS_UNFIXABLE = new Set(['enum_assignment', 'literal_type', 'import_statement', 'export_statement', 'import_require_clause', 'subscript_expression', 'expression_statement', 'pair_pattern']);

/** Parents where `a ?? b` needs no parentheses. */
const JS_NO_PARENS = new Set([
  'variable_declarator', 'pair', 'arguments', 'array', 'assignment_expression', 'augmented_assignment_expression',
  'public_field_definition', 'field_definition', 'required_parameter', 'optional_parameter', 'assignment_pattern',
  'return_statement', 'parenthesized_expression', 'jsx_expression', 'arrow_function', 'spread_element',
]);

/** The other languages: one module each under languages/. */
const LANGUAGE_EDITS: Partial<Record<Format, (site: LiteralSite) => SourceEdits | undefined>> = {
  java: javaEdits,
  csharp: csharpEdits,
  go: goEdits,
  ruby: rubyEdits,
  php: phpEdits,
  shell: shellEdits,
};

export function secretToEnvFix(req: SecretToEnvRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  if (!ctx.workspaceRoot) return undefined;
  // Config formats (dotenv, Compose, Kubernetes, Terraform, CloudFormation, CI, .npmrc, MCP): references/index.ts.
  if (fact.syntax !== 'string-literal' && fact.syntax !== 'other') return referenceFix({ ...req, files: { workspaceRoot: ctx.workspaceRoot, readFile: ctx.readFile } });
  if (doc.parsed?.kind !== 'tree-sitter') return undefined;
  // Shell values may be bare words (`TOKEN=ghp_…`), which the extractor records as 'other'.
  if (fact.syntax !== 'string-literal' && !(doc.format === 'shell' && fact.syntax === 'other')) return undefined;
  const isJs = doc.format === 'typescript' || doc.format === 'tsx' || doc.format === 'javascript';
  const languageEdits = LANGUAGE_EDITS[doc.format];
  if (!isJs && doc.format !== 'python' && !languageEdits) return undefined;
  const root = doc.parsed.tree.rootNode;
  const literal = nodeAt(root, fact.literalRange);
  if (!literal || literal.hasError) return undefined;

  const files: WorkspaceFiles = { workspaceRoot: ctx.workspaceRoot, readFile: ctx.readFile };
  const envFile = ctx.config.envFile;
  const plan = planEnvEntry(files, envFile, envNameFor(fact.key, req.fallbackName), fact.value);
  if (!plan) return undefined;

  const source = isJs
    ? jsEdits(doc.uri, literal, plan.name, doc.format === 'javascript')
    : languageEdits
      ? languageEdits({ uri: doc.uri, root, literal, name: plan.name })
      : pythonEdits(doc.uri, root, literal, plan.name);
  if (!source) return undefined;
  return {
    title: `Move the ${req.what} to ${envFile} and read ${source.expression}`,
    kind: 'vault-reference',
    preferred: true,
    edits: [...source.edits, ...plan.edits, ...gitignoreEdits(files, envFile)],
  };
}

/**
 * The fallback for a secret that no literal holds exactly (a URL's password, a
 * key in a README, comment or Dockerfile `ENV`): references/embedded.ts.
 */
export function secretInTextFix(req: EmbeddedSecretRequest): Fix | undefined {
  // A PEM block in a Secret entry or a tfvars heredoc moves with its entry; a key file or .netrc has no value
  // to move: the file itself stops being committed.
  return (
    embeddedSecretFix(req, secretToEnvFix) ??
    keyLiteralFix(req.ctx, req.range, req.secret, req.fallbackName, req.what, secretToEnvFix) ??
    kubernetesSecretEntryFix(req.ctx, req.range) ??
    tfvarsEntryFix(req.ctx, req.range, req.what) ??
    credentialFileFix(req.ctx, req.what)
  );
}

function jsEdits(uri: string, literal: Node, name: string, plainJs: boolean): { edits: TextEdit[]; expression: string } | undefined {
  const parent = literal.parent;
  if (!parent || JS_UNFIXABLE.has(parent.type)) return undefined;
  const q = quoteOf(literal.text);
  // TypeScript types process.env.X as `string | undefined`; the literal was a
  // `string`, so `?? ""` keeps every `string`-typed use compiling without the
  // `!` lie. JavaScript has no types to keep: the plain reference is clearer.
  let expression = plainJs ? `process.env.${name}` : `process.env.${name} ?? ${q}${q}`;
  let newText = expression;
  if (parent.type === 'jsx_attribute') newText = `{${expression}}`;
  else if (!plainJs && !JS_NO_PARENS.has(parent.type)) newText = `(${expression})`;
  if (parent.type === 'jsx_attribute') expression = newText;
  return { edits: [{ uri, range: { start: literal.startIndex, end: literal.endIndex }, newText }], expression };
}

function pythonEdits(uri: string, root: Node, literal: Node, name: string): { edits: TextEdit[]; expression: string } | undefined {
  // bytes literals would change type (str from os.environ); leave those alone.
  if (/^[a-zA-Z]*[bB]/.test(literal.text)) return undefined;
  const parent = literal.parent;
  if (!parent || parent.type === 'concatenated_string' || parent.type === 'expression_statement') return undefined;
  const q = quoteOf(literal.text);
  const expression = `os.environ[${q}${name}${q}]`;
  const replace: TextEdit = { uri, range: { start: literal.startIndex, end: literal.endIndex }, newText: expression };
  if (hasModuleImportOs(root)) return { edits: [replace], expression };

  const anchor = importAnchor(root);
  if (!anchor) return undefined;
  const isImport = anchor.type === 'import_statement' || anchor.type === 'import_from_statement';
  const prefix = isImport ? 'import os\n' : 'import os\n\n';
  // `import os` goes in as a replacement of the anchor statement rather than a
  // bare insertion, so two fixes applied together (key id and secret key)
  // produce the same edit once instead of importing twice.
  const start = anchor.startIndex;
  const end = anchor.endIndex;
  if (literal.startIndex >= start && literal.endIndex <= end) {
    const text = anchor.text;
    const inner = text.slice(0, literal.startIndex - start) + expression + text.slice(literal.endIndex - start);
    return { edits: [{ uri, range: { start, end }, newText: prefix + inner }], expression };
  }
  return { edits: [replace, { uri, range: { start, end }, newText: prefix + anchor.text }], expression };
}

function hasModuleImportOs(root: Node): boolean {
  for (const stmt of root.namedChildren) {
    if (stmt?.type !== 'import_statement') continue;
    // `import os` and `import os.path` both bind `os`; `import os as o` (aliased_import) does not.
    if (stmt.namedChildren.some((c) => c?.type === 'dotted_name' && (c.text === 'os' || c.text.startsWith('os.')))) return true;
  }
  return false;
}

/** The first module-level statement after comments, the docstring and `from __future__` imports. */
function importAnchor(root: Node): Node | undefined {
  let first = true;
  for (const stmt of root.namedChildren) {
    if (!stmt || stmt.type === 'comment') continue;
    if (first && stmt.type === 'expression_statement' && stmt.namedChildCount === 1 && stmt.namedChildren[0]?.type === 'string') {
      first = false;
      continue;
    }
    first = false;
    if (stmt.type === 'future_import_statement') continue;
    return stmt;
  }
  return undefined;
}
