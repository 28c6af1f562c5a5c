/**
 * A committed `*.tfvars` file: values belong there, secrets do not. Terraform
 * reads `TF_VAR_<name>` from the environment, the same mechanism the `.tf`
 * fix uses (terraform.ts), so the `name = …` attribute is removed and
 * `TF_VAR_name=secret` saved to the local env file. Removing the attribute
 * matters: a tfvars value would override the environment. Offered only for a
 * top-level attribute whose whole value is a plain string — quoted on one line,
 * or a heredoc (`<<EOT` / `<<-EOT`, a PEM key typically), whose value is taken
 * as Terraform reads it (`<<-` strips the common indentation; the value ends
 * with a line break) and written to the env file with escaped line breaks, as
 * dotenv loaders read them. A value inside a map or object cannot come from its
 * own variable, and a file holding blocks (`locals { … }`) is module code
 * named `.tfvars`, which Terraform rejects as a variables file: no fix there.
 * The variable name is fixed by the module's `variable` block: when the env
 * file already holds another value under it, no fix.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, Range } from '../../model';
import type { RuleContext } from '../../rule';
import { planEnvValue, type ReferenceRequest } from './shared';

export function tfvarsFix(req: ReferenceRequest): Fix | undefined {
  if (req.fact.syntax !== 'hcl-string') return undefined;
  return tfvarsEntryFix(req.ctx, req.fact.literalRange, req.what);
}

/** The fix for a secret anywhere inside a top-level tfvars attribute's value (also called for PEM blocks in heredocs). */
export function tfvarsEntryFix(ctx: RuleContext, range: Range, what: string): Fix | undefined {
  const doc = ctx.document;
  if (!ctx.workspaceRoot || doc.format !== 'terraform' || !/\.tfvars$/i.test(doc.path) || doc.parsed?.kind !== 'tree-sitter') return undefined;
  const body = doc.parsed.tree.rootNode.namedChildren.find((c) => c?.type === 'body');
  if (!body || body.namedChildren.some((c) => c?.type === 'block')) return undefined;
  const attribute = body.namedChildren.find((c) => c?.type === 'attribute' && c.startIndex <= range.start && range.end <= c.endIndex);
  if (!attribute || attribute.hasError) return undefined;
  const name = attribute.namedChildren.find((c) => c?.type === 'identifier')?.text;
  const expression = attribute.namedChildren.find((c) => c?.type === 'expression');
  if (!name || !/^[A-Za-z_][A-Za-z0-9_-]{0,127}$/.test(name) || !expression) return undefined;
  const value = plainValue(expression, doc.text);
  if (value === undefined) return undefined;

  const text = doc.text;
  const lineStart = text.lastIndexOf('\n', attribute.startIndex - 1) + 1;
  const newline = text.indexOf('\n', attribute.endIndex);
  const lineEnd = newline < 0 ? text.length : newline;
  // The attribute alone on its lines: no indentation, nothing after it but a comment.
  if (lineStart !== attribute.startIndex) return undefined;
  if (!/^[ \t]*(?:(?:#|\/\/).*)?$/.test(text.slice(attribute.endIndex, lineEnd).replace(/\r$/, ''))) return undefined;

  let end = newline < 0 ? text.length : newline + 1;
  // Between two blank lines, the blank line after goes too: no double gap left behind.
  const blankAfter = /^[ \t]*\r?\n/.exec(text.slice(end));
  const previousLine = text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart);
  if (blankAfter && lineStart > 0 && previousLine.trim() === '') end += blankAfter[0].length;

  const envName = `TF_VAR_${name}`;
  const plan = planEnvValue({ ctx, files: { workspaceRoot: ctx.workspaceRoot, readFile: ctx.readFile } } as ReferenceRequest, envName, value);
  if (!plan || plan.name !== envName) return undefined;
  return {
    title: `Remove ${name} from ${doc.path.slice(doc.path.lastIndexOf('/') + 1)} and save the ${what} to ${ctx.config.envFile} as ${envName} (Terraform reads it from the environment)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: { start: lineStart, end }, newText: '' }, ...plan.edits],
  };
}

/** The string an expression evaluates to when it is one plain string (no `${…}` / `%{…}`); undefined otherwise. */
function plainValue(expression: Node, text: string): string | undefined {
  const inner = expression.namedChildren[0];
  if (expression.namedChildCount !== 1 || !inner) return undefined;
  if (inner.type === 'literal_value') {
    const lit = inner.namedChildren[0];
    if (lit?.type !== 'string_lit') return undefined;
    const parts = lit.namedChildren.filter((c) => c?.type === 'template_literal');
    if (lit.namedChildCount > 3 || parts.length > 1) return undefined;
    return decodeQuoted(parts[0]?.text ?? '');
  }
  if (inner.type === 'template_expr') {
    const heredoc = inner.namedChildren[0];
    if (inner.namedChildCount !== 1 || heredoc?.type !== 'heredoc_template') return undefined;
    // Only literal text between the markers: an interpolation makes it a template.
    if (heredoc.namedChildren.some((c) => c?.type !== 'heredoc_start' && c?.type !== 'heredoc_identifier' && c?.type !== 'template_literal')) return undefined;
    return heredocValue(heredoc, text);
  }
  return undefined;
}

/** HCL quoted-string escapes; undefined for a template sequence (`${`, `%{`), which makes it no plain value. */
function decodeQuoted(raw: string): string | undefined {
  if (/(?<!\$)\$\{|(?<!%)%\{/.test(raw)) return undefined;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '$' && raw[i + 1] === '$' && raw[i + 2] === '{') {
      out += '${';
      i += 2;
    } else if (c === '%' && raw[i + 1] === '%' && raw[i + 2] === '{') {
      out += '%{';
      i += 2;
    } else if (c !== '\\') out += c;
    else {
      const n = raw[++i];
      if (n === 'n') out += '\n';
      else if (n === 'r') out += '\r';
      else if (n === 't') out += '\t';
      else if (n === '"' || n === '\\') out += n;
      else return undefined; // \u escapes and the rest: not worth guessing
    }
  }
  return out;
}

/** A heredoc's value as Terraform reads it: its body lines, `<<-` dedented by the least indentation, ending with a line break. */
function heredocValue(heredoc: Node, text: string): string | undefined {
  const start = heredoc.namedChildren.find((c) => c?.type === 'heredoc_start');
  const markers = heredoc.namedChildren.filter((c) => c?.type === 'heredoc_identifier');
  if (!start || markers.length !== 2) return undefined;
  const bodyStart = text.indexOf('\n', markers[0]!.endIndex) + 1;
  const closingLine = text.lastIndexOf('\n', markers[1]!.startIndex - 1) + 1;
  if (bodyStart <= 0 || closingLine < bodyStart) return undefined;
  const lines = text.slice(bodyStart, closingLine).replace(/\r\n/g, '\n').split('\n');
  lines.pop(); // the empty string after the body's last line break
  if (lines.length === 0) return undefined;
  if (start.text.includes('-')) {
    const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
    const cut = indents.length ? Math.min(...indents) : 0;
    return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join('\n') + '\n';
  }
  return lines.join('\n') + '\n';
}
