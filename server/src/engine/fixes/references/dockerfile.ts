/**
 * Dockerfile `ENV NAME=secret`: an image layer keeps the value for everyone
 * who pulls the image. The fix removes the line and saves the value to the
 * local env file; the container gets NAME at run time instead
 * (`docker run --env-file .env.local`, Compose `env_file:`), as the title says.
 *
 * Offered only when it cannot break the build: one `NAME=value` pair on a line
 * of its own (no continuation), no `RUN` after it (a build step may read NAME
 * without naming it: npm expands `${NAME}` in .npmrc) and no later line naming
 * `$NAME` / `${NAME}` (a build-time use would need a BuildKit secret mount,
 * which means rewriting a shell script: no fix then). `ARG`
 * gets no fix: build arguments exist only at build time, where the value is
 * needed and a run-time env file cannot supply it.
 */
import type { Fix } from '../../model';
import type { WorkspaceFiles } from '../env-file';
import { planEnvEntries } from './shared';
import type { EmbeddedSecretRequest } from './embedded';

export function dockerfileEnvFix(req: EmbeddedSecretRequest, files: WorkspaceFiles): Fix | undefined {
  const { ctx, range } = req;
  const doc = ctx.document;
  const text = doc.text;
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  const newline = text.indexOf('\n', range.end);
  const lineEnd = newline < 0 ? text.length : newline;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const m = /^[ \t]*ENV[ \t]+([A-Za-z_][A-Za-z0-9_]{0,127})(=|[ \t]+)(.*)$/i.exec(line);
  if (!m) return undefined;
  const [, name, separator, raw] = m;
  const previousLine = text.slice(text.lastIndexOf('\n', Math.max(0, lineStart - 2)) + 1, Math.max(0, lineStart - 1)).replace(/\r$/, '');
  if (raw.trimEnd().endsWith('\\') || previousLine.trimEnd().endsWith('\\')) return undefined;
  const value = envValue(raw.trim(), separator === '=');
  if (value === undefined) return undefined;
  const valueStart = lineStart + line.length - raw.length;
  if (range.start < valueStart || !value.includes(req.secret)) return undefined;
  // A later RUN may read NAME without naming it (npm expands `${NAME}` in .npmrc, CLIs read
  // their well-known variables): removing the ENV could break the build, so only an ENV after
  // the last RUN qualifies, and no later line may name it.
  const rest = text.slice(lineEnd);
  if (/^[ \t]*RUN\b/im.test(rest) || usedLater(rest, name)) return undefined;

  const plan = planEnvEntries(files, ctx.config.envFile, [{ name, value }]);
  // The image's users read NAME: it cannot be renamed (NAME_2) to dodge a different value already saved.
  if (!plan || plan.names[0] !== name) return undefined;
  const end = newline < 0 ? text.length : newline + 1;
  return {
    title: `Remove ENV ${name} from the image and save the ${req.what} to ${ctx.config.envFile}; pass it at run time (docker run --env-file ${ctx.config.envFile}, Compose env_file)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: { start: lineStart, end }, newText: '' }, ...plan.edits],
  };
}

/**
 * The value of `ENV NAME=value` / `ENV NAME value`: one pair only, either a
 * plain word or one quoted string without escapes or variables (we store it
 * exactly as the container would see it).
 */
export function envValue(raw: string, withEquals: boolean): string | undefined {
  if (raw === '' || raw.includes('$') || raw.includes('\\')) return undefined;
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length >= 2 && raw.endsWith(q)) {
    const inner = raw.slice(1, -1);
    return inner.includes(q) ? undefined : inner;
  }
  // `ENV A=1 B=2` sets two variables; the legacy `ENV NAME some words` form takes the rest of the line.
  if (withEquals && /\s/.test(raw)) return undefined;
  return /["']/.test(raw) ? undefined : raw;
}

/** `$NAME` or `${NAME…}` anywhere after the line. */
function usedLater(rest: string, name: string): boolean {
  let at = rest.indexOf('$');
  while (at >= 0) {
    const after = rest.startsWith('{', at + 1) ? at + 2 : at + 1;
    if (rest.startsWith(name, after) && !/[A-Za-z0-9_]/.test(rest[after + name.length] ?? '')) return true;
    at = rest.indexOf('$', at + 1);
  }
  return false;
}
