/**
 * Go: the literal becomes `os.Getenv("NAME")`, and `"os"` joins the imports
 * when missing (into the first group of an `import (…)` block, in order; a
 * single `import "x"` becomes a block; no imports → one after the package
 * clause). The import edit replaces the whole import declaration, so fixes of
 * two literals in one file produce the same edit once rather than two imports.
 * A `const` cannot hold a call: a const declaration with a single spec becomes
 * `var`, unless the file uses the name where Go requires a constant.
 */
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../model';
import { identifierUsedIn, replaceNode, type LiteralSite, type SourceEdits } from './shared';

/** Places where Go requires a constant expression. */
const CONSTANT_CONTEXTS = new Set(['const_declaration', 'array_type']);

export function goEdits(site: LiteralSite): SourceEdits | undefined {
  const { uri, root, literal, name } = site;
  const os = osImport(uri, root);
  if (!os) return undefined;
  const edits: TextEdit[] = [...os.edits];

  const spec = literal.parent?.type === 'expression_list' ? literal.parent.parent : undefined;
  if (spec?.type === 'const_spec') {
    const declaration = spec.parent;
    if (!declaration || declaration.type !== 'const_declaration') return undefined;
    const specs = declaration.namedChildren.filter((c) => c?.type === 'const_spec');
    // In a group, later specs may repeat this one's expression implicitly (`const ( A = "x"; B )`).
    if (specs.length !== 1) return undefined;
    const names = spec.namedChildren.filter((c): c is Node => c?.type === 'identifier').map((c) => c.text);
    if (names.some((n) => identifierUsedIn(root, ['identifier'], n, CONSTANT_CONTEXTS, declaration))) return undefined;
    const keyword = declaration.child(0);
    if (!keyword || keyword.type !== 'const') return undefined;
    edits.push(replaceNode(uri, keyword, 'var'));
  }

  const expression = `${os.alias}.Getenv("${name}")`;
  edits.push(replaceNode(uri, literal, expression));
  return { edits, expression };
}

function importPath(spec: Node): string | undefined {
  const path = spec.childForFieldName('path');
  return path ? path.text.slice(1, -1) : undefined;
}

/** How the file refers to package os, and the edit that imports it if it does not yet. */
function osImport(uri: string, root: Node): { alias: string; edits: TextEdit[] } | undefined {
  const declarations = root.namedChildren.filter((c): c is Node => c?.type === 'import_declaration');
  for (const decl of declarations) {
    for (const spec of decl.descendantsOfType('import_spec')) {
      if (!spec || importPath(spec) !== 'os') continue;
      const alias = spec.childForFieldName('name');
      if (!alias) return { alias: 'os', edits: [] };
      // `import _ "os"` / `import . "os"` give no usable name.
      return alias.type === 'package_identifier' ? { alias: alias.text, edits: [] } : undefined;
    }
  }
  const first = declarations[0];
  if (!first) {
    const pkg = root.namedChildren.find((c) => c?.type === 'package_clause');
    return pkg ? { alias: 'os', edits: [replaceNode(uri, pkg, `${pkg.text}\n\nimport "os"`)] } : undefined;
  }
  const list = first.namedChildren.find((c) => c?.type === 'import_spec_list');
  if (!list) {
    const only = first.namedChildren.find((c) => c?.type === 'import_spec');
    if (!only) return undefined;
    const specs = [only.text, '"os"'].sort((a, b) => (pathOfText(a) < pathOfText(b) ? -1 : 1));
    return { alias: 'os', edits: [replaceNode(uri, first, `import (\n${specs.map((s) => `\t${s}\n`).join('')})`)] };
  }
  return { alias: 'os', edits: [replaceNode(uri, first, withOsInList(first, list))] };
}

function pathOfText(specText: string): string {
  return specText.slice(specText.indexOf('"'));
}

/** The import declaration's text with `"os"` added to the first group of its list, in order. */
function withOsInList(decl: Node, list: Node): string {
  const text = decl.text;
  const at = (n: Node) => n.startIndex - decl.startIndex;
  const specs = list.namedChildren.filter((c): c is Node => c?.type === 'import_spec');
  if (specs.length === 0) return `${text.slice(0, at(list))}(\n\t"os"\n)${text.slice(list.endIndex - decl.startIndex)}`;
  // The first group ends at a blank line.
  let groupEnd = 0;
  while (groupEnd + 1 < specs.length && !/\n[ \t]*\n/.test(text.slice(specs[groupEnd].endIndex - decl.startIndex, at(specs[groupEnd + 1])))) groupEnd++;
  const indent = indentationOf(text, at(specs[0]));
  for (let i = 0; i <= groupEnd; i++) {
    if ((importPath(specs[i]) ?? '') > 'os') return `${text.slice(0, at(specs[i]))}"os"\n${indent}${text.slice(at(specs[i]))}`;
  }
  const after = specs[groupEnd].endIndex - decl.startIndex;
  return `${text.slice(0, after)}\n${indent}"os"${text.slice(after)}`;
}

function indentationOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lead = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(lead) ? lead : '\t';
}
