/**
 * Ruby: the literal becomes `ENV.fetch("NAME")`, which raises KeyError when
 * the variable is missing instead of passing nil along. Quote style is kept.
 */
import { quoteOf, replaceNode, type LiteralSite, type SourceEdits } from './shared';

export function rubyEdits(site: LiteralSite): SourceEdits | undefined {
  const { uri, literal, name } = site;
  // `"a" "b"` is one string written in pieces: a piece is not an expression.
  if (!literal.parent || literal.parent.type === 'chained_string') return undefined;
  const q = quoteOf(literal.text);
  const expression = `ENV.fetch(${q}${name}${q})`;
  return { edits: [replaceNode(uri, literal, expression)], expression };
}
