/**
 * Text edits on one IAM policy statement, whatever syntax it is written in: an IAM JSON
 * file, Terraform heredoc JSON, `jsonencode({...})` (HCL object), an
 * `aws_iam_policy_document` `statement {}` block, CloudFormation JSON / YAML and
 * Serverless YAML. The restricting fixes (trust conditions, iam:PassedToService,
 * self-service resources) are written once against these operations:
 * add condition entries, split one action out into a new statement, declare a
 * variable / parameter. Every scan here is a single left-to-right pass (no regex on
 * the policy text), and anything unexpected makes the operation return undefined:
 * no fix rather than a broken file.
 */
import * as YAML from 'yaml';
import { yamlDocumentAt } from '../../documents/parse';
import type { Document, PolicyStatementFact, Range, TextEdit } from '../../model';
import { lineBreakOf, lineStartOf, nextLineStart } from '../references/shared';
import { addToMap, addToSeq, indentBefore, pairOf, yamlMapAt, yamlScalar } from '../owner-tag/yaml-edit';

export type Dialect = 'iam-json' | 'tf-json' | 'tf-object' | 'tf-block' | 'cfn-json' | 'cfn-yaml' | 'sls-yaml';

/** A value the fix writes: a literal, or a variable / parameter the fix declares (`{}` in the template stands for it). */
export type PolicyValueSpec = string | ParamSpec;

export interface ParamSpec {
  /** e.g. `repo:{}:*`, or `{}` for the bare value. */
  template: string;
  /** Terraform variable name (`github_repository`). */
  tfVar: string;
  /** CloudFormation parameter name (`GitHubRepository`). */
  cfnParam: string;
  description: string;
  /** Written in formats without variables (IAM JSON files), marked as the fix's placeholder. */
  placeholder: string;
}

export interface ConditionEntry {
  operator: string;
  key: string;
  value: PolicyValueSpec;
}

/** The result of an operation: edits to the document, and where the placeholder sits once they are applied. */
export interface PolicyEdit {
  edits: TextEdit[];
  placeholder?: Range;
}

export function dialectOf(doc: Document, statement: PolicyStatementFact): Dialect | undefined {
  const at = statement.range.start;
  const ch = doc.text[at];
  if (doc.format === 'terraform') {
    if (doc.text.startsWith('statement', at)) return 'tf-block';
    if (ch !== '{') return undefined;
    const shape = scanObject(doc.text, at);
    if (!shape || shape.members.length === 0) return undefined;
    return shape.members[0].quoted && shape.members[0].separator === ':' ? 'tf-json' : 'tf-object';
  }
  if ((doc.format === 'json' || doc.format === 'jsonc') && ch === '{') return doc.flavors.includes('cloudformation') ? 'cfn-json' : doc.flavors.includes('iam-policy') || doc.flavors.length === 0 ? 'iam-json' : undefined;
  if (doc.format === 'yaml') return doc.flavors.includes('cloudformation') ? 'cfn-yaml' : doc.flavors.includes('serverless') ? 'sls-yaml' : undefined;
  return undefined;
}

// ---------------------------------------------------------------------------
// A scanner for JSON and HCL objects: members with key and value offsets
// ---------------------------------------------------------------------------

interface Member {
  key: string;
  quoted: boolean;
  separator: ':' | '=';
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

interface ObjectShape {
  open: number;
  close: number;
  members: Member[];
}

const MAX_SCAN = 200_000;

/** End (exclusive) of the string literal starting at `i` (a `"`), or -1. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length && j - i < MAX_SCAN; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
    else if (c === '\n') return -1;
  }
  return -1;
}

function skipBlank(text: string, i: number, newlines: boolean): number {
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || (newlines && (c === '\n' || c === ','))) i++;
    else if (newlines && (c === '#' || (c === '/' && text[i + 1] === '/'))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else break;
  }
  return i;
}

/** Members of the JSON / HCL object whose `{` is at `open`. */
export function scanObject(text: string, open: number): ObjectShape | undefined {
  if (text[open] !== '{') return undefined;
  const members: Member[] = [];
  let i = open + 1;
  for (let guard = 0; guard < 10_000; guard++) {
    i = skipBlank(text, i, true);
    if (i >= text.length) return undefined;
    if (text[i] === '}') return { open, close: i, members };
    const keyStart = i;
    let key: string;
    let quoted = false;
    if (text[i] === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      try {
        key = JSON.parse(text.slice(i, end)) as string;
      } catch {
        return undefined;
      }
      quoted = true;
      i = end;
    } else {
      while (i < text.length && /[A-Za-z0-9_.:-]/.test(text[i])) i++;
      if (i === keyStart) return undefined;
      key = text.slice(keyStart, i);
    }
    i = skipBlank(text, i, false);
    const separator = text[i];
    if (separator !== ':' && separator !== '=') return undefined;
    i = skipBlank(text, i + 1, false);
    const valueStart = i;
    let depth = 0;
    let valueEnd = -1;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '"') {
        const end = stringEnd(text, i);
        if (end < 0) return undefined;
        i = end - 1;
      } else if (c === '{' || c === '[' || c === '(') depth++;
      else if (c === '}' || c === ']' || c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (c === ',' || c === '\n' || c === '#')) break;
    }
    valueEnd = i;
    while (valueEnd > valueStart && /\s/.test(text[valueEnd - 1])) valueEnd--;
    if (valueEnd === valueStart) return undefined;
    members.push({ key, quoted, separator, keyStart, valueStart, valueEnd });
  }
  return undefined;
}

const memberOf = (shape: ObjectShape, key: string): Member | undefined => shape.members.find((m) => m.key.toLowerCase() === key.toLowerCase());

// ---------------------------------------------------------------------------
// Rendering values in each dialect
// ---------------------------------------------------------------------------

interface Rendered {
  text: string;
  /** Placeholder [start, end) inside text. */
  placeholder?: [number, number];
}

const isJson = (d: Dialect): boolean => d === 'iam-json' || d === 'tf-json' || d === 'cfn-json';
const isTerraform = (d: Dialect): boolean => d === 'tf-json' || d === 'tf-object' || d === 'tf-block';

/** A string literal in the dialect (Terraform interpolates `${` in every string, heredocs included). */
function literal(dialect: Dialect, value: string): string | undefined {
  if (dialect === 'sls-yaml' && value.includes('${')) return undefined; // Serverless would resolve it as a variable
  if (dialect === 'cfn-yaml' || dialect === 'sls-yaml') return yamlScalar(value, false);
  return JSON.stringify(isTerraform(dialect) ? value.split('${').join('$${') : value);
}

function renderValue(dialect: Dialect, value: PolicyValueSpec): Rendered | undefined {
  if (typeof value === 'string') {
    const text = literal(dialect, value);
    return text === undefined ? undefined : { text };
  }
  const [before, after] = splitTemplate(value.template);
  switch (dialect) {
    case 'iam-json': {
      const text = JSON.stringify(`${before}${value.placeholder}${after}`);
      const start = 1 + JSON.stringify(before).length - 2;
      return { text, placeholder: [start, start + value.placeholder.length] };
    }
    case 'tf-object':
    case 'tf-block':
      if (before === '' && after === '') return { text: `var.${value.tfVar}` };
      return { text: `"${hclInner(before)}\${var.${value.tfVar}}${hclInner(after)}"` };
    case 'tf-json':
      return { text: `"${hclInner(before)}\${var.${value.tfVar}}${hclInner(after)}"` };
    case 'cfn-json':
      return { text: before === '' && after === '' ? `{ "Ref": "${value.cfnParam}" }` : `{ "Fn::Sub": ${JSON.stringify(`${before}\${${value.cfnParam}}${after}`)} }` };
    case 'cfn-yaml':
      return { text: before === '' && after === '' ? `!Ref ${value.cfnParam}` : `!Sub ${JSON.stringify(`${before}\${${value.cfnParam}}${after}`)}` };
    case 'sls-yaml':
      return undefined;
  }
}

/** Characters of a Terraform string literal without its quotes (`${` escaped). */
const hclInner = (s: string): string => JSON.stringify(s).slice(1, -1).split('${').join('$${');

function splitTemplate(template: string): [string, string] {
  const at = template.indexOf('{}');
  return at < 0 ? [template, ''] : [template.slice(0, at), template.slice(at + 2)];
}

/** A nested value to write: a map (ordered entries), a list of strings, or a leaf. */
type Tree = { map: [string, Tree][] } | { list: PolicyValueSpec[] } | { leaf: PolicyValueSpec };

/** Key as written in the dialect: JSON always quoted; HCL bare when it is an identifier. */
function renderKey(dialect: Dialect, key: string): string {
  if (isJson(dialect)) return JSON.stringify(key);
  if (dialect === 'tf-object') return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key);
}

/** A value in JSON / HCL object syntax, multi-line, its closing brace at `indent`. */
function renderObjectValue(dialect: Dialect, tree: Tree, indent: string, step: string, eol: string, out: Rendered): boolean {
  if ('leaf' in tree) return append(out, renderValue(dialect, tree.leaf));
  if ('list' in tree) {
    const parts: Rendered[] = [];
    for (const v of tree.list) {
      const r = renderValue(dialect, v);
      if (!r) return false;
      parts.push(r);
    }
    out.text += '[';
    parts.forEach((p, i) => {
      if (i > 0) out.text += ', ';
      append(out, p);
    });
    out.text += ']';
    return true;
  }
  const json = isJson(dialect);
  out.text += '{';
  tree.map.forEach(([key, value], i) => {
    out.text += `${i > 0 && json ? ',' : ''}${eol}${indent}${step}${renderKey(dialect, key)}${json ? ': ' : ' = '}`;
    if (!renderObjectValue(dialect, value, indent + step, step, eol, out)) out.text += '\u0000';
  });
  out.text += `${eol}${indent}}`;
  return !out.text.includes('\u0000');
}

/** A value in YAML block syntax: the text after `key:` (a leaf on the same line, maps on following lines). */
function renderYamlValue(dialect: Dialect, tree: Tree, indent: string, eol: string, out: Rendered): boolean {
  if ('leaf' in tree) {
    out.text += ' ';
    return append(out, renderValue(dialect, tree.leaf));
  }
  if ('list' in tree) {
    for (const v of tree.list) {
      out.text += `${eol}${indent}  - `;
      if (!append(out, renderValue(dialect, v))) return false;
    }
    return true;
  }
  for (const [key, value] of tree.map) {
    out.text += `${eol}${indent}  ${yamlKey(key)}:`;
    if (!renderYamlValue(dialect, value, `${indent}  `, eol, out)) return false;
  }
  return true;
}

const yamlKey = (key: string): string => (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key));

function append(out: Rendered, part: Rendered | undefined): boolean {
  if (!part) return false;
  if (part.placeholder) out.placeholder = [out.text.length + part.placeholder[0], out.text.length + part.placeholder[1]];
  out.text += part.text;
  return true;
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

interface Insertion {
  range: Range;
  newText: string;
  placeholder?: [number, number];
}

function conditionTree(entries: ConditionEntry[]): [string, Tree][] {
  const byOperator: [string, Tree][] = [];
  for (const e of entries) {
    let group = byOperator.find(([op]) => op === e.operator);
    if (!group) {
      group = [e.operator, { map: [] }];
      byOperator.push(group);
    }
    (group[1] as { map: [string, Tree][] }).map.push([e.key, { leaf: e.value }]);
  }
  return byOperator;
}

/** Step of indentation used in the object (difference between its members' and its own line's indent), default two spaces. */
function stepOf(text: string, shape: ObjectShape): string {
  const own = indentBefore(text, lineStartOf(text, shape.open) + (text.slice(lineStartOf(text, shape.open)).length - text.slice(lineStartOf(text, shape.open)).trimStart().length));
  const first = shape.members[0];
  if (!first || !text.slice(shape.open, first.keyStart).includes('\n')) return '  ';
  const inner = text.slice(lineStartOf(text, first.keyStart), first.keyStart);
  return inner.length > own.length && inner.startsWith(own) ? inner.slice(own.length) : '  ';
}

/** Adds members (rendered from `entries`) after the last member of a JSON / HCL object, in its layout. */
function addMembers(text: string, dialect: Dialect, shape: ObjectShape, entries: [string, Tree][]): Insertion | undefined {
  const last = shape.members[shape.members.length - 1];
  if (!last) return undefined;
  const eol = lineBreakOf(text);
  const json = isJson(dialect);
  const multiLine = text.slice(shape.open, shape.close).includes('\n');
  const indent = multiLine ? indentBefore(text, shape.members[0].keyStart) : '';
  const step = stepOf(text, shape);
  const out: Rendered = { text: '' };
  for (const [key, tree] of entries) {
    out.text += multiLine ? (json ? `,${eol}${indent}` : `${eol}${indent}`) : ', ';
    out.text += `${renderKey(dialect, key)}${json ? ': ' : ' = '}`;
    if (!renderObjectValue(dialect, tree, multiLine ? indent : '', multiLine ? step : '', multiLine ? eol : ' ', out)) return undefined;
  }
  let at = last.valueEnd;
  // HCL members written with trailing commas: insert after the comma.
  if (!json && multiLine) {
    const next = skipBlank(text, at, false);
    if (text[next] === ',') at = next + 1;
  }
  return { range: { start: at, end: at }, newText: out.text, placeholder: out.placeholder };
}

/** Adds IAM condition entries to the statement, merging into existing `Condition` / operator maps. */
export function addConditions(doc: Document, statement: PolicyStatementFact, entries: ConditionEntry[]): PolicyEdit | undefined {
  const dialect = dialectOf(doc, statement);
  if (!dialect || entries.length === 0) return undefined;
  const text = doc.text;
  let insertions: Insertion[] | undefined;
  if (dialect === 'tf-block') insertions = blockConditions(doc, statement, entries);
  else if (dialect === 'cfn-yaml' || dialect === 'sls-yaml') insertions = yamlConditions(doc, dialect, statement, entries);
  else {
    const shape = scanObject(text, statement.range.start);
    if (!shape) return undefined;
    const condition = memberOf(shape, 'Condition');
    if (!condition) {
      const ins = addMembers(text, dialect, shape, [['Condition', { map: conditionTree(entries) }]]);
      insertions = ins ? [ins] : undefined;
    } else {
      const conditionShape = scanObject(text, condition.valueStart);
      if (!conditionShape) return undefined;
      insertions = [];
      const newOperators: [string, Tree][] = [];
      for (const [operator, tree] of conditionTree(entries)) {
        const existing = memberOf(conditionShape, operator);
        if (!existing) {
          newOperators.push([operator, tree]);
          continue;
        }
        const opShape = scanObject(text, existing.valueStart);
        const ins = opShape && addMembers(text, dialect, opShape, (tree as { map: [string, Tree][] }).map);
        if (!ins) return undefined;
        insertions.push(ins);
      }
      if (newOperators.length > 0) {
        const ins = addMembers(text, dialect, conditionShape, newOperators);
        if (!ins) return undefined;
        insertions.push(ins);
      }
    }
  }
  return insertions ? finish(doc, insertions) : undefined;
}

/** `aws_iam_policy_document`: one `condition {}` block per entry, before the statement's closing brace. */
function blockConditions(doc: Document, statement: PolicyStatementFact, entries: ConditionEntry[]): Insertion[] | undefined {
  const text = doc.text;
  const close = statement.range.end - 1;
  if (text[close] !== '}') return undefined;
  const eol = lineBreakOf(text);
  const closeIndent = text.slice(lineStartOf(text, close), close);
  if (!/^[ \t]*$/.test(closeIndent)) return undefined;
  const indent = `${closeIndent}  `;
  const out: Rendered = { text: '' };
  for (const e of entries) {
    out.text += `${indent}condition {${eol}${indent}  test     = ${JSON.stringify(e.operator)}${eol}${indent}  variable = ${JSON.stringify(e.key)}${eol}${indent}  values   = [`;
    if (!append(out, renderValue('tf-block', e.value))) return undefined;
    out.text += `]${eol}${indent}}${eol}`;
  }
  const at = lineStartOf(text, close);
  return [{ range: { start: at, end: at }, newText: out.text, placeholder: out.placeholder }];
}

function yamlConditions(doc: Document, dialect: Dialect, statement: PolicyStatementFact, entries: ConditionEntry[]): Insertion[] | undefined {
  const map = yamlMapAt(doc, statement.range.start);
  if (!map || map.flow) return undefined;
  const text = doc.text;
  const conditionPair = pairOf(map, 'Condition');
  const render = (tree: [string, Tree][]) => (indent: string, eol: string): string => {
    const out: Rendered = { text: '' };
    return renderYamlValue(dialect, { map: tree }, indent, eol, out) ? `${out.text}${eol}` : '\u0000';
  };
  const checked = (ins: ReturnType<typeof addToMap>): Insertion | undefined => (ins && !ins.newText.includes('\u0000') ? ins : undefined);
  if (!conditionPair) {
    const ins = checked(addToMap(text, map, 'Condition', render(conditionTree(entries)), '{}'));
    return ins ? [ins] : undefined;
  }
  const condition = conditionPair.value;
  if (!YAML.isMap(condition) || condition.flow) return undefined;
  const out: Insertion[] = [];
  const newOperators: [string, Tree][] = [];
  for (const [operator, tree] of conditionTree(entries)) {
    const existing = pairOf(condition, operator);
    if (!existing) {
      newOperators.push([operator, tree]);
      continue;
    }
    if (!YAML.isMap(existing.value) || existing.value.flow) return undefined;
    for (const [key, leaf] of (tree as { map: [string, Tree][] }).map) {
      const ins = checked(addToMap(text, existing.value, yamlKey(key), (indent, eol) => {
        const r: Rendered = { text: '' };
        return renderYamlValue(dialect, leaf, indent, eol, r) ? `${r.text}${eol}` : '\u0000';
      }, '{}'));
      if (!ins) return undefined;
      out.push(ins);
    }
  }
  for (const [operator, tree] of newOperators) {
    const ins = checked(addToMap(text, condition, operator, render((tree as { map: [string, Tree][] }).map), '{}'));
    if (!ins) return undefined;
    out.push(ins);
  }
  return out;
}

/**
 * Moves `action` out of the statement into a new statement right after it (same effect,
 * resources `resources`, the given condition entries): the other actions keep exactly
 * what they had. Only for statements that list more than one action.
 */
export function splitAction(doc: Document, statement: PolicyStatementFact, action: { value: string; range: Range }, resources: PolicyValueSpec[], conditions: ConditionEntry[]): PolicyEdit | undefined {
  const dialect = dialectOf(doc, statement);
  if (!dialect || statement.actionRanges.length < 2) return undefined;
  const removal = removeListItem(doc, dialect, action.range);
  if (!removal) return undefined;
  const fields: [string, Tree][] = [
    ['Effect', { leaf: 'Allow' }],
    ['Action', { leaf: action.value }],
    ['Resource', resources.length === 1 ? { leaf: resources[0] } : { list: resources }],
  ];
  if (conditions.length > 0) fields.push(['Condition', { map: conditionTree(conditions) }]);
  const addition = appendStatement(doc, dialect, statement, fields, conditions);
  return addition ? finish(doc, [removal, addition]) : undefined;
}

/** Removes one item (and its separator) from a JSON / HCL / YAML list. */
function removeListItem(doc: Document, dialect: Dialect, item: Range): Insertion | undefined {
  const text = doc.text;
  if (dialect === 'cfn-yaml' || dialect === 'sls-yaml') {
    const lineStart = lineStartOf(text, item.start);
    const before = text.slice(lineStart, item.start);
    const after = text.slice(item.end, nextLineStart(text, item.end)).trim();
    if (/^[ \t]*-[ \t]+$/.test(before) && after === '') return { range: { start: lineStart, end: nextLineStart(text, item.end) }, newText: '' };
  }
  // An item alone on its line of a multi-line list (`"x",` with an optional comment): the whole line, its comment with it.
  {
    const lineStart = lineStartOf(text, item.start);
    const lineEnd = nextLineStart(text, item.end);
    const before = text.slice(lineStart, item.start);
    const rest = text.slice(item.end, lineEnd).trim();
    const restOk = rest === '' || rest === ',' || /^,?\s*(?:#|\/\/)/.test(rest);
    if (/^[ \t]*$/.test(before) && restOk && dialect !== 'cfn-yaml' && dialect !== 'sls-yaml') {
      let i = item.start - 1;
      while (i >= 0 && /\s/.test(text[i])) i--;
      // The item after it keeps the list valid; a last item without a comma needs the comma before it removed (JSON).
      if (!rest.startsWith(',') && text[i] === ',' && isJson(dialect)) return { range: { start: i, end: item.end }, newText: '' };
      if (rest.startsWith(',') || !isJson(dialect)) return { range: { start: lineStart, end: lineEnd }, newText: '' };
    }
  }
  // Flow / JSON / HCL list: take the comma before the item, else the one after it.
  let i = item.start - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  if (text[i] === ',') return { range: { start: i, end: item.end }, newText: '' };
  let j = item.end;
  while (j < text.length && /[ \t]/.test(text[j])) j++;
  if (text[j] === ',') {
    let k = j + 1;
    while (k < text.length && /[ \t\r\n]/.test(text[k])) k++;
    return { range: { start: item.start, end: k }, newText: '' };
  }
  return undefined;
}

function appendStatement(doc: Document, dialect: Dialect, statement: PolicyStatementFact, fields: [string, Tree][], conditions: ConditionEntry[]): Insertion | undefined {
  const text = doc.text;
  const eol = lineBreakOf(text);
  const end = statement.range.end;
  if (dialect === 'tf-block') {
    const indent = text.slice(lineStartOf(text, statement.range.start), statement.range.start);
    if (!/^[ \t]*$/.test(indent)) return undefined;
    const out: Rendered = { text: `${eol}${eol}${indent}statement {${eol}${indent}  effect    = "Allow"${eol}${indent}  actions   = [` };
    const action = (fields[1][1] as { leaf: PolicyValueSpec }).leaf;
    const resource = fields[2][1];
    if (!append(out, renderValue(dialect, action))) return undefined;
    out.text += `]${eol}${indent}  resources = [`;
    const resources = 'leaf' in resource ? [resource.leaf] : 'list' in resource ? resource.list : [];
    for (const [i, r] of resources.entries()) {
      if (i > 0) out.text += ', ';
      if (!append(out, renderValue(dialect, r))) return undefined;
    }
    out.text += `]${eol}`;
    for (const c of conditions) {
      out.text += `${indent}  condition {${eol}${indent}    test     = ${JSON.stringify(c.operator)}${eol}${indent}    variable = ${JSON.stringify(c.key)}${eol}${indent}    values   = [`;
      if (!append(out, renderValue(dialect, c.value))) return undefined;
      out.text += `]${eol}${indent}  }${eol}`;
    }
    out.text += `${indent}}`;
    return { range: { start: end, end }, newText: out.text, placeholder: out.placeholder };
  }
  if (dialect === 'cfn-yaml' || dialect === 'sls-yaml') {
    const seq = yamlSeqHolding(doc, statement.range.start);
    if (!seq) return undefined;
    const ins = addToSeq(
      text,
      seq,
      (indent, eolText) => {
        const out: Rendered = { text: '' };
        fields.forEach(([key, tree], i) => {
          out.text += `${i === 0 ? '' : `${eolText}${indent}`}${key}:`;
          if (!renderYamlValue(dialect, tree, indent, eolText, out)) out.text += '\u0000';
        });
        return `${out.text}${eolText}`;
      },
      '{}',
    );
    if (!ins || ins.newText.includes('\u0000')) return undefined;
    // The insertion may sit after the last item rather than right after this one; that is fine for IAM.
    return ins;
  }
  // JSON / HCL object inside a list: `, {…}` after the statement (after its comma if it has one).
  const indent = indentBefore(text, statement.range.start);
  const shape = scanObject(text, statement.range.start);
  if (!shape) return undefined;
  const step = stepOf(text, shape);
  const out: Rendered = { text: '' };
  if (!renderObjectValue(dialect, { map: fields }, indent, step, eol, out)) return undefined;
  let k = end;
  while (k < text.length && /[ \t]/.test(text[k])) k++;
  const body = out.text;
  if (text[k] === ',') {
    const shifted = out.placeholder ? ([out.placeholder[0] + eol.length + indent.length, out.placeholder[1] + eol.length + indent.length] as [number, number]) : undefined;
    return { range: { start: k + 1, end: k + 1 }, newText: `${eol}${indent}${body},`, placeholder: shifted };
  }
  const shifted = out.placeholder ? ([out.placeholder[0] + 1 + eol.length + indent.length, out.placeholder[1] + 1 + eol.length + indent.length] as [number, number]) : undefined;
  return { range: { start: end, end }, newText: `,${eol}${indent}${body}`, placeholder: shifted };
}

function yamlSeqHolding(doc: Document, offset: number): YAML.YAMLSeq | undefined {
  if (doc.parsed?.kind !== 'yaml') return undefined;
  let found: YAML.YAMLSeq | undefined;
  for (const document of [yamlDocumentAt(doc, offset)].filter((d): d is YAML.Document.Parsed => d !== undefined)) {
    YAML.visit(document, {
      Seq(_key, node) {
        if (node.items.some((item) => YAML.isMap(item) && item.range?.[0] === offset)) {
          found = node;
          return YAML.visit.BREAK;
        }
        return undefined;
      },
    });
    if (found) break;
  }
  return found && !found.flow ? found : undefined;
}

/** Replaces the statement's `Resource` value (`"*"` or `["*"]`) with the given values. */
export function replaceResource(doc: Document, statement: PolicyStatementFact, resources: PolicyValueSpec[]): PolicyEdit | undefined {
  const dialect = dialectOf(doc, statement);
  if (!dialect) return undefined;
  const text = doc.text;
  let range: Range | undefined;
  let listWanted = false;
  if (dialect === 'cfn-yaml' || dialect === 'sls-yaml') {
    const map = yamlMapAt(doc, statement.range.start);
    const pair = map && pairOf(map, 'Resource');
    const value = pair?.value as YAML.Node | undefined;
    if (!value?.range) return undefined;
    if (YAML.isScalar(value) && value.value === '*') range = { start: value.range[0], end: value.range[1] };
    else if (YAML.isSeq(value) && value.flow && value.items.length === 1 && YAML.isScalar(value.items[0]) && value.items[0].value === '*') {
      const r = (value.items[0] as YAML.Scalar).range!;
      range = { start: r[0], end: r[1] };
    } else if (YAML.isSeq(value) && !value.flow && value.items.length === 1 && YAML.isScalar(value.items[0]) && value.items[0].value === '*') {
      const r = (value.items[0] as YAML.Scalar).range!;
      range = { start: r[0], end: r[1] };
    } else return undefined;
  } else if (dialect === 'tf-block') {
    const body = text.slice(statement.range.start, statement.range.end);
    const at = body.indexOf('resources');
    if (at < 0 || body.indexOf('resources', at + 1) >= 0) return undefined;
    const open = body.indexOf('[', at);
    const close = body.indexOf(']', open);
    if (open < 0 || close < 0 || body.slice(open + 1, close).trim() !== '"*"') return undefined;
    range = { start: statement.range.start + open + 1, end: statement.range.start + close };
    listWanted = true;
  } else {
    const shape = scanObject(text, statement.range.start);
    const member = shape && memberOf(shape, 'Resource');
    if (!member) return undefined;
    const raw = text.slice(member.valueStart, member.valueEnd).replace(/\s/g, '');
    if (raw === '"*"') range = { start: member.valueStart, end: member.valueEnd };
    else if (raw === '["*"]') {
      const q = text.indexOf('"', member.valueStart);
      range = { start: q, end: q + 3 };
    } else return undefined;
  }
  const out: Rendered = { text: '' };
  for (const [i, r] of resources.entries()) {
    if (i > 0) out.text += ', ';
    if (!append(out, renderValue(dialect, r))) return undefined;
  }
  if (resources.length > 1 && !listWanted) return undefined;
  return finish(doc, [{ range, newText: out.text, placeholder: out.placeholder }]);
}

// ---------------------------------------------------------------------------
// Declarations: Terraform variables, CloudFormation parameters
// ---------------------------------------------------------------------------

/** Edits that declare the parameters the values use, unless already declared in the file (or, for Terraform, the module). */
export function declareParams(doc: Document, statement: PolicyStatementFact, params: ParamSpec[], moduleText?: string): TextEdit[] | undefined {
  const dialect = dialectOf(doc, statement);
  if (!dialect || params.length === 0) return [];
  const text = doc.text;
  const eol = lineBreakOf(text);
  if (isTerraform(dialect)) {
    const blocks = params
      .filter((p) => !declaresVariable(text, p.tfVar) && !(moduleText && declaresVariable(moduleText, p.tfVar)))
      .map((p) => `variable "${p.tfVar}" {${eol}  description = ${JSON.stringify(p.description)}${eol}  type        = string${eol}}${eol}`);
    if (blocks.length === 0) return [];
    const lead = text.endsWith('\n') ? eol : `${eol}${eol}`;
    return [{ uri: doc.uri, range: { start: text.length, end: text.length }, newText: `${lead}${blocks.join(eol)}` }];
  }
  if (dialect === 'cfn-yaml') {
    const root = doc.parsed?.kind === 'yaml' ? doc.parsed.documents[0]?.contents : undefined;
    if (!YAML.isMap(root) || root.flow) return undefined;
    const existing = pairOf(root, 'Parameters');
    const missing = params.filter((p) => !(existing && YAML.isMap(existing.value) && pairOf(existing.value, p.cfnParam)));
    if (missing.length === 0) return [];
    const lines = (indent: string, e: string): string =>
      missing.map((p) => `${indent}${p.cfnParam}:${e}${indent}  Type: String${e}${indent}  Description: ${JSON.stringify(p.description)}${e}`).join('');
    if (!existing) {
      const ins = addToMap(text, root, 'Parameters', (indent, e) => `${e}${lines(`${indent}  `, e)}`, '{}');
      return ins ? [{ uri: doc.uri, ...ins }] : undefined;
    }
    if (!YAML.isMap(existing.value) || existing.value.flow) return undefined;
    const params0 = existing.value;
    const edits: TextEdit[] = [];
    for (const p of missing) {
      const ins = addToMap(text, params0, p.cfnParam, (indent, e) => `${e}${indent}  Type: String${e}${indent}  Description: ${JSON.stringify(p.description)}${e}`, '{}');
      if (!ins) return undefined;
      edits.push({ uri: doc.uri, ...ins });
    }
    return edits.length > 1 ? undefined : edits; // one insertion point per fix keeps edits non-overlapping
  }
  if (dialect === 'cfn-json') {
    const root = scanObject(text, text.indexOf('{'));
    if (!root) return undefined;
    const existing = memberOf(root, 'Parameters');
    const member = (p: ParamSpec): string => `${JSON.stringify(p.cfnParam)}: { "Type": "String", "Description": ${JSON.stringify(p.description)} }`;
    if (!existing) {
      const first = root.members[0];
      if (!first) return undefined;
      const indent = indentBefore(text, first.keyStart);
      const body = params.map(member).join(', ');
      return [{ uri: doc.uri, range: { start: first.keyStart, end: first.keyStart }, newText: `"Parameters": { ${body} },${eol}${indent}` }];
    }
    const shape = scanObject(text, existing.valueStart);
    if (!shape) return undefined;
    const missing = params.filter((p) => !memberOf(shape, p.cfnParam));
    if (missing.length === 0) return [];
    const last = shape.members[shape.members.length - 1];
    if (!last) return [{ uri: doc.uri, range: { start: shape.open + 1, end: shape.close }, newText: ` ${missing.map(member).join(', ')} ` }];
    const multiLine = text.slice(shape.open, shape.close).includes('\n');
    const indent = indentBefore(text, shape.members[0].keyStart);
    const sep = multiLine ? `,${eol}${indent}` : ', ';
    return [{ uri: doc.uri, range: { start: last.valueEnd, end: last.valueEnd }, newText: missing.map((p) => `${sep}${member(p)}`).join('') }];
  }
  return undefined;
}

function declaresVariable(text: string, name: string): boolean {
  let at = text.indexOf(`variable "${name}"`);
  for (; at >= 0; at = text.indexOf(`variable "${name}"`, at + 1)) {
    const lineStart = lineStartOf(text, at);
    if (text.slice(lineStart, at).trim() === '') return true;
  }
  return false;
}

/** The parameters a set of values uses. */
export function paramsOf(values: PolicyValueSpec[]): ParamSpec[] {
  const out: ParamSpec[] = [];
  for (const v of values) if (typeof v !== 'string' && !out.some((p) => p.tfVar === v.tfVar)) out.push(v);
  return out;
}

/** Turns insertions into edits and maps the placeholder to its offset in the edited text. */
function finish(doc: Document, insertions: Insertion[]): PolicyEdit | undefined {
  const sorted = [...insertions].sort((a, b) => a.range.start - b.range.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].range.start < sorted[i - 1].range.end || sorted[i].range.start === sorted[i - 1].range.start) return undefined;
  let placeholder: Range | undefined;
  let shift = 0;
  for (const ins of sorted) {
    if (ins.placeholder) placeholder = { start: ins.range.start + shift + ins.placeholder[0], end: ins.range.start + shift + ins.placeholder[1] };
    shift += ins.newText.length - (ins.range.end - ins.range.start);
  }
  return { edits: sorted.map((ins) => ({ uri: doc.uri, range: ins.range, newText: ins.newText })), placeholder };
}

/** Removes one item of a YAML / JSON / HCL list (with its separator or its `- ` line); undefined for other layouts. */
export function removeSequenceItem(doc: Document, item: Range): TextEdit | undefined {
  const removal = removeListItem(doc, doc.format === 'yaml' ? 'cfn-yaml' : 'iam-json', item);
  return removal && { uri: doc.uri, range: removal.range, newText: removal.newText };
}
