/**
 * Dockerfile secrets needed at build time become BuildKit secret mounts:
 * `RUN --mount=type=secret,id=name,env=NAME …` sets NAME for that one step
 * and never stores it in a layer or the image history. `env=` needs the
 * Dockerfile frontend 1.10 or later, so the fix adds (or raises to)
 * `# syntax=docker/dockerfile:1`. The value goes to the local env file and the
 * title gives the build command (`docker build --secret id=name,env=NAME`).
 *
 * - A secret in a `RUN` command: the command reads `"$NAME"` (see locate.ts).
 * - `ENV NAME=secret` followed by `RUN` steps that may read it (the case
 *   references/dockerfile.ts leaves alone): the line goes, every later `RUN` of
 *   the stage gets the mount, and the container gets NAME at run time from the
 *   env file. Not offered when a later non-RUN instruction names `$NAME`
 *   (Dockerfile substitution there cannot read a mount) or a later stage builds
 *   on this one (it would inherit the ENV).
 */
import type { Fix, Range, TextEdit } from '../../model';
import type { WorkspaceFiles } from '../env-file';
import { envValue } from '../references/dockerfile';
import type { EmbeddedSecretRequest } from '../references/embedded';
import { planEnvEntries } from '../references/shared';
import { logicalLine } from './shell-words';
import { planCommandSecret } from './locate';
import { commandFix, decodeBasic, readsAs } from './shared';

const RUN_LINE = /^[ \t]*RUN(?=[ \t])/i;

export function dockerfileRunFix(req: EmbeddedSecretRequest, files: WorkspaceFiles): Fix | undefined {
  const doc = req.ctx.document;
  const text = doc.text;
  if (hasEscapeDirective(text)) return undefined;
  const line = logicalLine(text, 0, text.length, req.range.start);
  const head = RUN_LINE.exec(text.slice(line.start, line.end));
  if (!head) return undefined;
  const runEnd = line.start + head[0].length;
  const commandStart = afterFlags(text, runEnd, line.end);
  const command = text.slice(commandStart, line.end);
  // Exec form (JSON array), heredocs, and comment lines inside continuations are not plain shell.
  if (command.startsWith('[') || command.includes('<<') || /\n[ \t]*#/.test(command)) return undefined;
  const plan = planCommandSecret(text, { start: commandStart, end: line.end }, req.range, req.fallbackName, { dollar: '$' }, decodeBasic);
  if (!plan) return undefined;
  const syntax = syntaxEdits(doc.uri, text);
  if (!syntax) return undefined;
  const envFile = req.ctx.config.envFile;
  return commandFix(req, files, {
    plan,
    name: plan.name,
    hostEdits: (name) => [{ uri: doc.uri, range: { start: runEnd, end: runEnd }, newText: ` ${mountFlag(name)}` }, ...syntax],
    title: (name) =>
      `Pass the ${req.what} as a BuildKit secret and ${readsAs(plan, name)} in RUN (value saved to ${envFile}; docker build --secret id=${secretId(name)},env=${name})`,
  });
}

export function dockerfileEnvMountFix(req: EmbeddedSecretRequest, files: WorkspaceFiles): Fix | undefined {
  const doc = req.ctx.document;
  const text = doc.text;
  if (hasEscapeDirective(text)) return undefined;
  const lineStart = text.lastIndexOf('\n', req.range.start - 1) + 1;
  const newline = text.indexOf('\n', req.range.end);
  const lineEnd = newline < 0 ? text.length : newline;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const m = /^[ \t]*ENV[ \t]+([A-Za-z_][A-Za-z0-9_]{0,127})(=|[ \t]+)(.*)$/i.exec(line);
  if (!m) return undefined;
  const [, name, separator, raw] = m;
  if (raw.trimEnd().endsWith('\\') || (lineStart > 0 && /\\\r?\n$/.test(text.slice(Math.max(0, lineStart - 3), lineStart)))) return undefined;
  const value = envValue(raw.trim(), separator === '=');
  if (value === undefined || !value.includes(req.secret)) return undefined;

  const rest = text.slice(newline < 0 ? text.length : newline + 1);
  const restOffset = newline < 0 ? text.length : newline + 1;
  const stageName = currentStageName(text.slice(0, lineStart));
  const runs: number[] = [];
  for (const instruction of instructions(rest, restOffset)) {
    if (/^FROM$/i.test(instruction.keyword)) {
      // A later stage built on this one inherits the ENV: not ours to change.
      if (laterStageReferences(rest.slice(instruction.start - restOffset), stageName)) return undefined;
      break;
    }
    if (/^RUN$/i.test(instruction.keyword)) {
      if (!new RegExp(`env=${name}(?:[,\\s]|$)`).test(instruction.text)) runs.push(instruction.start + instruction.keywordEnd);
    } else if (namesVariable(instruction.text, name) && !/^(?:CMD|ENTRYPOINT|HEALTHCHECK)$/i.test(instruction.keyword)) return undefined;
  }
  if (runs.length === 0) return undefined;
  const syntax = syntaxEdits(doc.uri, text);
  if (!syntax) return undefined;

  const plan = planEnvEntries(files, req.ctx.config.envFile, [{ name, value }]);
  // Build steps and the running container read NAME: it cannot be renamed to dodge a different saved value.
  if (!plan || plan.names[0] !== name) return undefined;
  const envFile = req.ctx.config.envFile;
  const end = newline < 0 ? text.length : newline + 1;
  const mounts: TextEdit[] = runs.map((at) => ({ uri: doc.uri, range: { start: at, end: at }, newText: ` ${mountFlag(name)}` }));
  return {
    title: `Remove ENV ${name} from the image: later RUN steps get it as a BuildKit secret (docker build --secret id=${secretId(name)},env=${name}) and the container at run time (docker run --env-file ${envFile}); value saved to ${envFile}`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: { start: lineStart, end }, newText: '' }, ...mounts, ...syntax, ...plan.edits],
  };
}

function mountFlag(name: string): string {
  return `--mount=type=secret,id=${secretId(name)},env=${name}`;
}

/** Secret ids in the lower-case style of Docker's own examples (`aws_key_id`). */
function secretId(name: string): string {
  return name.toLowerCase();
}

/** Past the `--mount=…` / `--network=…` flags after `RUN`. */
function afterFlags(text: string, from: number, end: number): number {
  let i = from;
  for (let guard = 0; guard < 32; guard++) {
    while (i < end && (text[i] === ' ' || text[i] === '\t' || (text[i] === '\\' && /^\\\r?\n/.test(text.slice(i, i + 3))) || text[i] === '\n' || text[i] === '\r')) i++;
    if (!text.startsWith('--', i)) break;
    while (i < end && !/\s/.test(text[i])) i++;
  }
  return i;
}

/**
 * The parser directives at the top of the file (`# syntax=…`, `# escape=…`,
 * `# check=…`): lines of `# key=value` before anything else.
 */
function directives(text: string): { key: string; value: string; valueRange: Range }[] {
  const out: { key: string; value: string; valueRange: Range }[] = [];
  const re = /^#[ \t]*([A-Za-z]+)[ \t]*=[ \t]*([^\s]*)[ \t]*\r?$/;
  let at = 0;
  while (at < text.length && out.length < 8) {
    const nl = text.indexOf('\n', at);
    const line = text.slice(at, nl < 0 ? text.length : nl);
    const m = re.exec(line);
    if (!m) break;
    const valueStart = at + line.indexOf(m[2], line.indexOf('=') + 1);
    out.push({ key: m[1].toLowerCase(), value: m[2], valueRange: { start: valueStart, end: valueStart + m[2].length } });
    if (nl < 0) break;
    at = nl + 1;
  }
  return out;
}

function hasEscapeDirective(text: string): boolean {
  return directives(text).some((d) => d.key === 'escape');
}

/**
 * Edits that make the frontend ≥ 1.10 (`env=` on secret mounts): none when the
 * syntax line already asks for it, raise `docker/dockerfile:1.N` (N < 10) to
 * `:1`, add the line when there is none; undefined for a custom frontend.
 */
function syntaxEdits(uri: string, text: string): TextEdit[] | undefined {
  const syntax = directives(text).find((d) => d.key === 'syntax');
  if (!syntax) {
    const lb = text.includes('\r\n') ? '\r\n' : '\n';
    return [{ uri, range: { start: 0, end: 0 }, newText: `# syntax=docker/dockerfile:1${lb}` }];
  }
  const m = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:([^@\s]+)(@sha256:[0-9a-f]+)?$/.exec(syntax.value);
  if (!m) return undefined;
  const tag = m[1];
  if (/^(?:1|latest|labs|1-labs)$/.test(tag)) return [];
  const minor = /^1\.(\d+)(?:\.\d+)?(?:-labs)?$/.exec(tag);
  if (!minor) return undefined;
  if (Number(minor[1]) >= 10) return [];
  // A pinned digest belongs to the old version: the new tag goes without it.
  return [{ uri, range: syntax.valueRange, newText: 'docker/dockerfile:1' }];
}

interface Instruction {
  keyword: string;
  /** Offset of the instruction in the document. */
  start: number;
  /** Length of the leading whitespace and keyword. */
  keywordEnd: number;
  text: string;
}

/** The instructions of `text` (continuation lines joined; comment and blank lines skipped). */
function instructions(text: string, offset: number): Instruction[] {
  const out: Instruction[] = [];
  let at = 0;
  while (at < text.length) {
    const line = logicalLine(text, at, text.length, at);
    const body = text.slice(line.start, line.end);
    const m = /^[ \t]*([A-Za-z]+)(?=[ \t]|\r?$)/.exec(body);
    if (m && !body.trimStart().startsWith('#')) out.push({ keyword: m[1], start: offset + line.start, keywordEnd: m[0].length, text: body });
    const nl = text.indexOf('\n', line.end);
    if (nl < 0) break;
    at = nl + 1;
  }
  return out;
}

/** `FROM [--flags] image [AS alias]` read word by word (a regex over flags would nest quantifiers). */
function fromLine(line: string): { image: string; alias?: string } | undefined {
  const words = line.trim().split(/[ \t]+/);
  if (words[0]?.toUpperCase() !== 'FROM') return undefined;
  let i = 1;
  while (words[i]?.startsWith('--')) i++;
  if (!words[i]) return undefined;
  return { image: words[i], alias: words[i + 1]?.toUpperCase() === 'AS' ? words[i + 2] : undefined };
}

/** The `AS name` of the stage whose text ends the prefix, if any. */
function currentStageName(before: string): string | undefined {
  let name: string | undefined;
  for (const line of before.split('\n')) {
    const from = fromLine(line);
    if (from) name = from.alias;
  }
  return name;
}

function laterStageReferences(rest: string, stageName: string | undefined): boolean {
  if (!stageName) return false;
  return rest.split('\n').some((line) => fromLine(line)?.image.toLowerCase() === stageName.toLowerCase());
}

/** `$NAME` or `${NAME…}` in an instruction. */
function namesVariable(text: string, name: string): boolean {
  let at = text.indexOf('$');
  while (at >= 0) {
    const after = text.startsWith('{', at + 1) ? at + 2 : at + 1;
    if (text.startsWith(name, after) && !/[A-Za-z0-9_]/.test(text[after + name.length] ?? '')) return true;
    at = text.indexOf('$', at + 1);
  }
  return false;
}
