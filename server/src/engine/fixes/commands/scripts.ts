/**
 * Commands in shell scripts and Makefile recipes. The value goes to the local
 * env file; the script reads `"$NAME"` (the caller loads the file:
 * `set -a; . ./.env.local; set +a`, direnv, or the CI's secret store). A
 * recipe writes `$$NAME` so that make hands `$NAME` to the shell: `$(NAME)`
 * would expand in make and print the value when make echoes the recipe.
 */
import type { Fix } from '../../model';
import type { WorkspaceFiles } from '../env-file';
import type { EmbeddedSecretRequest } from '../references/embedded';
import { planCommandSecret } from './locate';
import { commandFix, decodeBasic, readsAs } from './shared';

/** Tree-sitter-bash nodes where a word is not a command argument. */
const NOT_A_COMMAND = new Set(['heredoc_body', 'heredoc_redirect', 'heredoc_start', 'comment']);

export function shellScriptFix(req: EmbeddedSecretRequest, files: WorkspaceFiles): Fix | undefined {
  const doc = req.ctx.document;
  if (doc.parsed?.kind !== 'tree-sitter') return undefined;
  // The tree says whether the secret is an argument of a command (not heredoc text or a comment).
  let inCommand = false;
  for (let n = doc.parsed.tree.rootNode.descendantForIndex(req.range.start, req.range.end); n; n = n.parent) {
    if (NOT_A_COMMAND.has(n.type) || n.type === 'ERROR') return undefined;
    if (n.type === 'command') inCommand = true;
  }
  if (!inCommand) return undefined;
  const plan = planCommandSecret(doc.text, { start: 0, end: doc.text.length }, req.range, req.fallbackName, { dollar: '$' }, decodeBasic);
  if (!plan) return undefined;
  const envFile = req.ctx.config.envFile;
  return commandFix(req, files, {
    plan,
    name: plan.name,
    title: (name) => `Move the ${req.what} to ${envFile} and ${readsAs(plan, name)} in the command (load it with set -a; . ./${envFile}; set +a)`,
  });
}

const MAKEFILE = /(?:^|\/)(?:GNUmakefile|[Mm]akefile|[^/]+\.mk)$/;

export function isMakefile(path: string): boolean {
  return MAKEFILE.test(path);
}

export function makefileFix(req: EmbeddedSecretRequest, files: WorkspaceFiles): Fix | undefined {
  const doc = req.ctx.document;
  const text = doc.text;
  const recipe = recipeLineAt(text, req.range.start);
  if (!recipe) return undefined;
  const plan = planCommandSecret(text, recipe, req.range, req.fallbackName, { dollar: '$$' }, decodeBasic);
  if (!plan) return undefined;
  const envFile = req.ctx.config.envFile;
  return commandFix(req, files, {
    plan,
    name: plan.name,
    title: (name) => `Move the ${req.what} to ${envFile} and ${readsAs(plan, name, '$$')} in the recipe (make passes the environment to recipes: set -a; . ./${envFile}; set +a; make)`,
  });
}

/**
 * The recipe command holding `offset`: a line starting with a tab (or a
 * continuation of one), without the tab and make's `@`/`-`/`+` prefixes.
 */
function recipeLineAt(text: string, offset: number): { start: number; end: number } | undefined {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  // Walk back over continuation lines to the line that starts the command.
  for (let guard = 0; guard < 200 && lineStart > 0; guard++) {
    const prevEnd = lineStart - 1;
    const prevLine = text.slice(text.lastIndexOf('\n', prevEnd - 1) + 1, prevEnd).replace(/\r$/, '');
    if (!prevLine.endsWith('\\')) break;
    lineStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
  }
  if (text[lineStart] !== '\t') return undefined;
  let start = lineStart + 1;
  while (start < text.length && '@-+ \t'.includes(text[start])) start++;
  let end = text.indexOf('\n', offset);
  for (let guard = 0; guard < 200 && end >= 0; guard++) {
    const line = text.slice(text.lastIndexOf('\n', end - 1) + 1, end).replace(/\r$/, '');
    if (!line.endsWith('\\')) break;
    end = text.indexOf('\n', end + 1);
  }
  return { start, end: end < 0 ? text.length : end };
}
