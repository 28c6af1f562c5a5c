/**
 * C#: the literal becomes `Environment.GetEnvironmentVariable("NAME")` when the
 * file has `using System;` (and declares nothing called Environment), else the
 * fully qualified `System.Environment.…`: no using directive is touched.
 * A `const` cannot hold a method call: a const field becomes `static readonly`
 * and a const local a plain local, unless the file uses the constant where C#
 * requires one (attribute, case label, parameter default, another const).
 * Attribute arguments, parameter defaults and case labels themselves get no fix.
 */
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../model';
import { replaceNode, type LiteralSite, type SourceEdits } from './shared';

/** Literal positions that must stay compile-time constants. */
const CONSTANT_PARENTS = new Set(['attribute_argument', 'case_switch_label', 'constant_pattern', 'switch_expression_arm', 'enum_member_declaration']);
/** Places where C# requires a constant, for uses of a const we would turn into a run-time read. */
const CONSTANT_CONTEXTS = new Set(['attribute_argument', 'case_switch_label', 'constant_pattern', 'parameter', 'switch_expression_arm']);
const TRANSPARENT = new Set(['parenthesized_expression']);

export function csharpEdits(site: LiteralSite): SourceEdits | undefined {
  const { uri, root, literal, name } = site;
  let up: Node = literal;
  while (up.parent && TRANSPARENT.has(up.parent.type)) up = up.parent;
  const parent = up.parent;
  if (!parent || CONSTANT_PARENTS.has(parent.type)) return undefined;
  // `string token = "…"` as a parameter default must be a constant.
  if (parent.type === 'equals_value_clause' && parent.parent?.type === 'parameter') return undefined;

  const edits: TextEdit[] = [];
  const declarator = parent.type === 'equals_value_clause' && parent.parent?.type === 'variable_declarator' ? parent.parent : undefined;
  const declaration = declarator?.parent?.parent;
  const constModifier = declaration?.namedChildren.find((c) => c?.type === 'modifier' && c.text === 'const');
  if (declaration && constModifier) {
    const names = declaration.descendantsOfType('variable_declarator').map((d) => d?.namedChildren.find((c) => c?.type === 'identifier')?.text);
    const contexts = new Set([...CONSTANT_CONTEXTS, 'field_declaration', 'local_declaration_statement']);
    // Another const (or this one's siblings) reading the name also needs a constant.
    for (const n of names) if (n && usedWhereConstantNeeded(root, n, contexts, declaration)) return undefined;
    if (declaration.type === 'field_declaration') edits.push(replaceNode(uri, constModifier, 'static readonly'));
    else if (declaration.type === 'local_declaration_statement') edits.push(removeWithSpace(uri, declaration, constModifier));
    else return undefined;
  }

  const expression = `${usesSystem(root) ? '' : 'System.'}Environment.GetEnvironmentVariable("${name}")`;
  edits.push(replaceNode(uri, literal, expression));
  return { edits, expression };
}

/** Uses of `name` in a constant context; for field/local declarations only those that are themselves `const`. */
function usedWhereConstantNeeded(root: Node, name: string, contexts: ReadonlySet<string>, own: Node): boolean {
  for (const id of root.descendantsOfType('identifier')) {
    if (!id || id.text !== name) continue;
    if (id.startIndex >= own.startIndex && id.endIndex <= own.endIndex) continue;
    for (let p = id.parent; p; p = p.parent) {
      if (!contexts.has(p.type)) continue;
      if (p.type === 'field_declaration' || p.type === 'local_declaration_statement') {
        if (p.namedChildren.some((c) => c?.type === 'modifier' && c.text === 'const')) return true;
        continue;
      }
      return true;
    }
  }
  return false;
}

/** Removes `const ` from `const string x = …;` (the keyword and the blank after it). */
function removeWithSpace(uri: string, declaration: Node, modifier: Node): TextEdit {
  const text = declaration.text;
  let end = modifier.endIndex;
  while (end - declaration.startIndex < text.length && /[ \t]/.test(text[end - declaration.startIndex])) end++;
  return { uri, range: { start: modifier.startIndex, end }, newText: '' };
}

/** `using System;` (or `global using System;`) and no own type or member called Environment. */
function usesSystem(root: Node): boolean {
  const hasUsing = root.descendantsOfType('using_directive').some((u) => !!u && /^(?:global\s+)?using\s+System\s*;$/.test(u.text));
  return hasUsing && !declaresEnvironment(root);
}

function declaresEnvironment(root: Node): boolean {
  for (const id of root.descendantsOfType('identifier')) {
    if (id?.text !== 'Environment') continue;
    const p = id.parent;
    if (p && /_declaration$/.test(p.type) && p.childForFieldName('name')?.id === id.id) return true;
  }
  return false;
}
