/**
 * Java: the literal becomes `System.getenv("NAME")` (java.lang, no import).
 * Annotation arguments must be compile-time constants, so they get no fix,
 * except Spring's `@Value`, whose `${NAME}` placeholder Spring resolves from
 * the environment. Case labels stay constants too; a `static final` constant
 * becomes a run-time read unless the file uses it where a constant is required.
 */
import type { Node } from 'web-tree-sitter';
import { identifierUsedIn, replaceNode, type LiteralSite, type SourceEdits } from './shared';

const ANNOTATION = new Set(['annotation', 'marker_annotation']);
/** Between an annotation and its string argument. */
const ANNOTATION_ARGUMENT = new Set(['annotation_argument_list', 'element_value_pair', 'element_value_array_initializer', 'parenthesized_expression']);
/** Places where Java requires a compile-time constant. */
const CONSTANT_CONTEXTS = new Set(['annotation', 'marker_annotation', 'switch_label']);

export function javaEdits(site: LiteralSite): SourceEdits | undefined {
  const { uri, literal, name } = site;
  let up: Node = literal;
  while (up.parent && ANNOTATION_ARGUMENT.has(up.parent.type)) up = up.parent;
  if (up.parent && ANNOTATION.has(up.parent.type)) {
    if (!isSpringValue(up.parent, up, literal)) return undefined;
    const expression = `"\${${name}}"`;
    return { edits: [replaceNode(uri, literal, expression)], expression };
  }
  if (up.parent?.type === 'switch_label') return undefined;

  const declarator = literal.parent?.type === 'variable_declarator' ? literal.parent : undefined;
  const variable = declarator?.childForFieldName('name')?.text;
  if (variable && isFinal(declarator!) && identifierUsedIn(site.root, ['identifier'], variable, CONSTANT_CONTEXTS)) return undefined;

  const expression = `System.getenv("${name}")`;
  return { edits: [replaceNode(uri, literal, expression)], expression };
}

/** `@Value("…")` / `@Value(value = "…")` from Spring (or written fully qualified). */
function isSpringValue(annotation: Node, argument: Node, literal: Node): boolean {
  const annotationName = annotation.childForFieldName('name')?.text ?? '';
  if (annotationName !== 'Value' && annotationName !== 'org.springframework.beans.factory.annotation.Value') return false;
  if (argument.type !== 'annotation_argument_list' || argument.namedChildren.length !== 1) return false;
  const only = argument.namedChildren[0];
  if (!only) return false;
  if (only.id === literal.id) return true;
  return only.type === 'element_value_pair' && only.childForFieldName('key')?.text === 'value' && only.childForFieldName('value')?.id === literal.id;
}

function isFinal(declarator: Node): boolean {
  const declaration = declarator.parent;
  const modifiers = declaration?.namedChildren.find((c) => c?.type === 'modifiers');
  return !!modifiers && /\bfinal\b/.test(modifiers.text);
}
