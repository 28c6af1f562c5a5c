/**
 * Shell: a command argument becomes `"$NAME"`. The value of an assignment
 * (`TOKEN=…`, `export GITHUB_TOKEN=…`, `local t='…'`) becomes
 * `"${NAME:?NAME is not set}"`: the script still defines the variable for
 * everything below it, and stops with a clear message when the environment
 * (e.g. `.env.local` loaded by direnv or `set -a; . ./.env.local`) does not
 * provide it, instead of running on with an empty token. POSIX sh has both forms.
 */
import type { Node } from 'web-tree-sitter';
import { replaceNode, type LiteralSite, type SourceEdits } from './shared';

export function shellEdits(site: LiteralSite): SourceEdits | undefined {
  const { uri, literal, name } = site;
  let up: Node = literal;
  while (up.parent?.type === 'concatenation') up = up.parent;
  if (!up.parent) return undefined;
  const inAssignment = up.parent.type === 'variable_assignment' && up.parent.childForFieldName('value')?.id === up.id;
  const expression = inAssignment ? `"\${${name}:?${name} is not set}"` : `"$${name}"`;
  return { edits: [replaceNode(uri, literal, expression)], expression };
}
