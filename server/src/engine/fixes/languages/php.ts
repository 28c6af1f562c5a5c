/**
 * PHP: the literal becomes `getenv('NAME')` (quote style kept). PHP only
 * allows constant expressions in constants, property and parameter defaults,
 * static variables, enum cases and attribute arguments, and a call is not one:
 * those get no fix (turning `const X` into something else would change every
 * `self::X` that reads it).
 */
import { ancestorOfType, quoteOf, replaceNode, type LiteralSite, type SourceEdits } from './shared';

const CONSTANT_CONTEXTS = new Set([
  'const_declaration', 'property_declaration', 'property_promotion_parameter', 'simple_parameter', 'variadic_parameter',
  'static_variable_declaration', 'enum_case', 'attribute',
]);
/** A function body: code inside it is never in one of the contexts above. */
const BODIES = new Set(['compound_statement', 'anonymous_function', 'arrow_function']);

export function phpEdits(site: LiteralSite): SourceEdits | undefined {
  const { uri, literal, name } = site;
  if (!literal.parent || ancestorOfType(literal, CONSTANT_CONTEXTS, BODIES)) return undefined;
  const q = quoteOf(literal.text);
  const expression = `getenv(${q}${name}${q})`;
  return { edits: [replaceNode(uri, literal, expression)], expression };
}
