/**
 * A PEM (or other armoured) key that is the whole value of a literal: a Python
 * `"""…"""`, a JS template or `"…\n…"` string, a Go raw string, a Terraform
 * heredoc. The detector reports the block itself, which differs from the
 * literal's value by the line break after it or by escapes, so no literal
 * "holds exactly the secret" and embedded.ts does not move multi-line values
 * (a script or a sentence is not a configuration value). A key is: when the
 * literal's value is the block and nothing else, the whole literal moves with
 * the ordinary per-language fix (`os.environ["SIGNING_KEY"]`, `process.env…`,
 * `var.signing_key` …); the env file gets the value with its line breaks
 * escaped inside double quotes, which dotenv loaders (node dotenv,
 * python-dotenv) turn back into line breaks.
 */
import type { Fix, Range } from '../../model';
import type { RuleContext } from '../../rule';
import type { WholeValueFix } from './embedded';

/** Text without whitespace and without `\n` / `\r` escapes: the block compared whatever its quoting. */
function compact(s: string): string {
  return s.replace(/\\[nr]|\s/g, '');
}

export function keyLiteralFix(ctx: RuleContext, range: Range, secret: string, fallbackName: string, what: string, wholeValueFix: WholeValueFix): Fix | undefined {
  if (!/^-----BEGIN [A-Z0-9 ]{1,40}-----/.test(secret)) return undefined;
  const holder = ctx.facts('assignment').find((f) => f.valueRange.start <= range.start && range.end <= f.valueRange.end);
  if (!holder || compact(holder.value) !== compact(secret)) return undefined;
  return wholeValueFix({ ctx, fact: holder, fallbackName, what });
}
