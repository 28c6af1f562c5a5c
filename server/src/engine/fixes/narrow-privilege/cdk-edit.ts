/**
 * Splitting one action out of an AWS CDK `PolicyStatement` (TypeScript / JavaScript /
 * Python) into a statement of its own — the CDK counterpart of policy-edit's splitAction.
 * The action leaves the statement's `actions` list (or its `addActions(...)` arguments),
 * and the new statement is attached the same way the original is, on the line after it:
 * `role.addToPolicy(new iam.PolicyStatement({ actions: […], resources: […], conditions: {…} }));`.
 * Only when the original is attached by one call that the tree shows
 * (`x.addToPolicy(new PolicyStatement(…))`, or `x.addToPolicy(stmt)` once for a statement
 * variable); anything else returns undefined.
 */
import type { Node } from 'web-tree-sitter';
import type { Document, PolicyStatementFact, Range, TextEdit } from '../../model';
import { lineBreakOf, lineStartOf } from '../references/shared';
import { removeSequenceItem } from './policy-edit';

const ATTACH = new Set(['addToPolicy', 'addToRolePolicy', 'addToPrincipalPolicy', 'addStatements', 'add_to_policy', 'add_to_role_policy', 'add_to_principal_policy', 'add_statements']);

export interface LiteralCondition {
  operator: string;
  key: string;
  value: string;
}

const isCall = (n: Node | null | undefined): n is Node => !!n && (n.type === 'call' || n.type === 'call_expression' || n.type === 'new_expression');
const calleeOf = (n: Node): Node | null => n.childForFieldName('function') ?? n.childForFieldName('constructor');
const argsOf = (n: Node): Node[] => (n.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');

/** `x.addToPolicy(…)` → { receiver: 'x', method: 'addToPolicy' }. */
function attachCall(call: Node): { receiver: string; method: string } | undefined {
  const callee = calleeOf(call);
  if (!callee || (callee.type !== 'member_expression' && callee.type !== 'attribute')) return undefined;
  const object = callee.childForFieldName('object');
  const method = (callee.childForFieldName('property') ?? callee.childForFieldName('attribute'))?.text;
  return object && method && ATTACH.has(method) ? { receiver: object.text, method } : undefined;
}

function statementNode(node: Node): Node | undefined {
  let n: Node | null = node;
  while (n && n.type !== 'expression_statement') n = n.parent;
  return n ?? undefined;
}

export interface CdkAttach {
  /** The `PolicyStatement` construction. */
  call: Node;
  /** The `x.addToPolicy(…)` call that attaches it, and its statement. */
  attach: Node;
  attachStatement: Node;
  receiver: string;
  method: string;
}

/** The one call that attaches the statement (directly or through its variable), or undefined. */
export function cdkAttachOf(doc: Document, statement: PolicyStatementFact): CdkAttach | undefined {
  if (doc.parsed?.kind !== 'tree-sitter') return undefined;
  const python = doc.parsed.grammar === 'python';
  const root = doc.parsed.tree.rootNode;
  let call: Node | null = root.descendantForIndex(statement.range.start, statement.range.start);
  while (call && !(isCall(call) && /PolicyStatement$/.test(calleeOf(call)?.text ?? ''))) call = call.parent;
  if (!call || call.startIndex > statement.range.start || call.endIndex < statement.range.end) return undefined;
  const constructor = calleeOf(call)!.text;

  // How the statement is attached: directly as the only argument, or through a variable.
  let attach: Node | undefined;
  const holder = call.parent?.parent;
  if (call.parent && (call.parent.type === 'arguments' || call.parent.type === 'argument_list') && isCall(holder) && attachCall(holder) && argsOf(holder).length === 1) attach = holder;
  else {
    const declarator = call.parent;
    const name =
      declarator?.type === 'variable_declarator' ? declarator.childForFieldName('name') : declarator?.type === 'assignment' ? declarator.childForFieldName('left') : undefined;
    if (!name || name.type !== 'identifier') return undefined;
    const uses: Node[] = [];
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (isCall(n) && attachCall(n) && argsOf(n).length === 1 && argsOf(n)[0].type === 'identifier' && argsOf(n)[0].text === name.text) uses.push(n);
      for (const c of n.namedChildren) if (c) stack.push(c);
    }
    if (uses.length !== 1) return undefined;
    attach = uses[0];
  }
  const attachStatement = statementNode(attach);
  const how = attachCall(attach)!;
  if (!attachStatement || (attachStatement.text.trim() !== `${attach.text}${python ? '' : ';'}` && attachStatement.text.trim() !== attach.text)) return undefined;
  return { call, attach, attachStatement, receiver: how.receiver, method: how.method };
}

export function cdkSplitAction(doc: Document, statement: PolicyStatementFact, action: { value: string; range: Range }, resources: string[], conditions: LiteralCondition[]): TextEdit[] | undefined {
  if (doc.parsed?.kind !== 'tree-sitter' || statement.actionRanges.length < 2) return undefined;
  const python = doc.parsed.grammar === 'python';
  const found = cdkAttachOf(doc, statement);
  if (!found) return undefined;
  const { attachStatement, receiver, method } = found;
  const constructor = calleeOf(found.call)!.text;
  const how = { receiver, method };

  // The action leaves its list or argument list.
  const removal = removeSequenceItem({ ...doc, parsed: doc.parsed, format: 'json' }, action.range);
  if (!removal) return undefined;

  const raw = doc.text.slice(action.range.start, action.range.end);
  const q = raw.startsWith("'") && !python ? "'" : '"';
  const str = (s: string): string => (q === "'" ? `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(s));
  const list = (items: string[]): string => `[${items.map(str).join(', ')}]`;
  const byOperator = new Map<string, LiteralCondition[]>();
  for (const c of conditions) byOperator.set(c.operator, [...(byOperator.get(c.operator) ?? []), c]);
  let created: string;
  if (python) {
    const cond = [...byOperator].map(([op, cs]) => `${str(op)}: {${cs.map((c) => `${str(c.key)}: ${str(c.value)}`).join(', ')}}`).join(', ');
    created = `${constructor}(actions=${list([action.value])}, resources=${list(resources)}${conditions.length ? `, conditions={${cond}}` : ''})`;
  } else {
    const key = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : str(k));
    const cond = [...byOperator].map(([op, cs]) => `${key(op)}: { ${cs.map((c) => `${key(c.key)}: ${str(c.value)}`).join(', ')} }`).join(', ');
    created = `${constructor.startsWith('new ') ? '' : 'new '}${constructor}({ actions: ${list([action.value])}, resources: ${list(resources)}${conditions.length ? `, conditions: { ${cond} }` : ''} })`;
  }
  const text = doc.text;
  const indent = /^[ \t]*/.exec(text.slice(lineStartOf(text, attachStatement.startIndex)))![0];
  const line = `${how.receiver}.${how.method}(${created})${python ? '' : ';'}`;
  const at = attachStatement.endIndex;
  return [removal, { uri: doc.uri, range: { start: at, end: at }, newText: `${lineBreakOf(text)}${indent}${line}` }];
}
