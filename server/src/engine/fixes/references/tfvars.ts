/**
 * A committed `*.tfvars` file: values belong there, secrets do not. Terraform
 * reads `TF_VAR_<name>` from the environment, the same mechanism the `.tf`
 * fix uses (terraform.ts), so the `name = "secret"` line is removed and
 * `TF_VAR_name=secret` saved to the local env file. Removing the line matters:
 * a tfvars value would override the environment. Offered only for a top-level
 * `name = "value"` on a line of its own (a value inside a map or object cannot
 * come from its own variable). The variable name is fixed by the module's
 * `variable` block: when the env file already holds another value under it,
 * no fix.
 */
import type { Fix } from '../../model';
import { planEnvValue, type ReferenceRequest } from './shared';

export function tfvarsFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  if (doc.format !== 'terraform' || fact.syntax !== 'hcl-string' || !/\.tfvars$/i.test(doc.path)) return undefined;
  const text = doc.text;
  const lineStart = text.lastIndexOf('\n', fact.literalRange.start - 1) + 1;
  const newline = text.indexOf('\n', fact.literalRange.end);
  const lineEnd = newline < 0 ? text.length : newline;
  const head = text.slice(lineStart, fact.literalRange.start);
  const tail = text.slice(fact.literalRange.end, lineEnd).replace(/\r$/, '');
  // Top level: no indentation; nothing after the literal but a comment.
  const m = /^([A-Za-z_][A-Za-z0-9_-]{0,127})[ \t]*=[ \t]*$/.exec(head);
  if (!m || !/^[ \t]*(?:(?:#|\/\/).*)?$/.test(tail)) return undefined;
  if (/[$%]\{/.test(fact.value)) return undefined; // a template, not a plain value
  const name = `TF_VAR_${m[1]}`;
  const plan = planEnvValue(req, name, fact.value);
  if (!plan || plan.name !== name) return undefined;
  return {
    title: `Remove ${m[1]} from ${doc.path.slice(doc.path.lastIndexOf('/') + 1)} and save the ${req.what} to ${ctx.config.envFile} as ${name} (Terraform reads it from the environment)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: { start: lineStart, end: newline < 0 ? text.length : newline + 1 }, newText: '' }, ...plan.edits],
  };
}
