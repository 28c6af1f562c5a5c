/**
 * Least privilege from the code (kind `narrow-privilege`): a wildcard action (`*`, `s3:*`)
 * or an Allow + NotAction statement of a role whose code the workspace shows becomes the
 * exact, sorted list of IAM actions that code's AWS SDK calls need (for `s3:*` only the
 * service's own), plus the Lambda logging actions when nothing else grants them.
 * Nothing is offered when any call site cannot be mapped, the code is not found, or the role
 * serves anything else. Never preferred: what the code reaches indirectly (a KMS key that
 * encrypts a bucket, a queue's encryption) is not in its calls, so the user confirms.
 */
import * as YAML from 'yaml';
import type { Node } from 'web-tree-sitter';
import type { Fix, PolicyStatementFact, Range, RoleGrantFact } from '../../../model';
import type { RuleContext } from '../../../rule';
import { lineBreakOf, lineStartOf } from '../../references/shared';
import { pairOf, yamlMapAt } from '../../owner-tag/yaml-edit';
import { dialectOf, scanObject } from '../policy-edit';
import { codeNeeds } from './code';
import { workloadOf, workloadOfGrant, type WorkloadResult } from './workload';
import { actionMatches } from '../../../extract/policy';

export { sdkNeedsOf, languageOfPath } from './extract';
export { codeNeeds } from './code';
export { workloadOf, workloadOfGrant, LAMBDA_LOGGING } from './workload';
export { actionsFor, iamPrefixOf } from './table';

/** The actions the statement's workload needs, with what runs it; undefined when not known. */
function neededActions(ctx: RuleContext, statement: PolicyStatementFact): { actions: string[]; label: string } | undefined {
  if (!ctx.project || statement.effect !== 'Allow' || statement.unresolved?.length) return undefined;
  return needsOf(ctx, statement.range, () => workloadOf(ctx, statement));
}

function needsOf(ctx: RuleContext, range: Range, find: () => WorkloadResult): { actions: string[]; label: string } | undefined {
  if (!ctx.project) return undefined;
  const cache = cacheOf(ctx);
  const key = `${range.start}:${range.end}`;
  if (cache.has(key)) return cache.get(key);
  let result: { actions: string[]; label: string } | undefined;
  try {
    const workload = find();
    if (!('unknown' in workload)) {
      const needs = codeNeeds(ctx.project, workload.entries, ctx.workspaceRoot);
      if (needs.known) result = { actions: [...new Set([...needs.actions, ...workload.platformActions])].sort(), label: workload.label };
    }
  } catch {
    result = undefined; // a workspace we cannot read is no reason to fail the analysis
  }
  cache.set(key, result);
  return result;
}

const caches = new WeakMap<object, Map<string, { actions: string[]; label: string } | undefined>>();
function cacheOf(ctx: RuleContext): Map<string, { actions: string[]; label: string } | undefined> {
  let cache = caches.get(ctx.document);
  if (!cache) caches.set(ctx.document, (cache = new Map()));
  return cache;
}


function titleOf(actions: string[], label: string): string {
  return `Allow only the ${actions.length === 1 ? 'action' : `${actions.length} actions`} the code of ${label} calls: ${actions.join(', ')}`;
}

/** privilege/iam-wildcard-action: `*` / `svc:*` → the actions the role's code calls (of that service). */
export function codeActionsFix(ctx: RuleContext, statement: PolicyStatementFact, action: { value: string; range: Range }): Fix | undefined {
  if (!Array.isArray(statement.actions) || statement.notActions !== undefined) return undefined;
  const value = action.value.trim();
  const needed = neededActions(ctx, statement);
  if (!needed) return undefined;
  let wanted = needed.actions.filter((a) => actionMatches(value, a));
  if (wanted.length === 0) return undefined;
  // Actions the statement already lists stay where they are.
  const others = statement.actionRanges.filter((a) => a.range.start !== action.range.start).map((a) => a.value.trim());
  wanted = wanted.filter((a) => !others.some((o) => o.toLowerCase() === a.toLowerCase()));
  if (wanted.length === 0) return undefined;
  const edit = replaceWithActions(ctx, action.range, wanted);
  return edit && { title: titleOf(wanted, needed.label), kind: 'narrow-privilege', preferred: false, edits: [edit] };
}

/** privilege/iam-not-action: Allow + NotAction → Allow + Action with what the code calls (never an action NotAction excluded). */
export function notActionToCodeActionsFix(ctx: RuleContext, statement: PolicyStatementFact): Fix | undefined {
  if (!Array.isArray(statement.notActions) || statement.notActions.length === 0 || statement.actionRanges.length > 0) return undefined;
  const needed = neededActions(ctx, statement);
  if (!needed) return undefined;
  const excluded = statement.notActions;
  const wanted = needed.actions.filter((a) => !excluded.some((p) => actionMatches(p, a)));
  if (wanted.length === 0) return undefined;
  const doc = ctx.document;
  const text = doc.text;
  const dialect = dialectOf(doc, statement);
  if (!dialect) return undefined;
  const items = (quote: '"' | "'" | ''): string[] => wanted.map((a) => (quote === "'" ? `'${a}'` : quote === '"' ? JSON.stringify(a) : a));
  let edit: { range: Range; newText: string } | undefined;
  if (dialect === 'cfn-yaml' || dialect === 'sls-yaml') {
    const map = yamlMapAt(doc, statement.range.start);
    const pair = map && pairOf(map, 'NotAction');
    const key = pair?.key as YAML.Scalar | undefined;
    const val = pair?.value as YAML.Node | undefined;
    if (!key?.range || !val?.range) return undefined;
    const keyText = text.slice(key.range[0], key.range[1]);
    const newKey = keyText.startsWith('"') ? '"Action"' : keyText.startsWith("'") ? "'Action'" : 'Action';
    edit = { range: { start: key.range[0], end: val.range[1] }, newText: `${newKey}: [${items('"').join(', ')}]` };
    // A block sequence value ends after its last line break; keep the text after it.
    const end = val.range[1];
    if (YAML.isSeq(val) && !val.flow) {
      const tail = text.slice(val.range[0], end);
      const trimmed = tail.trimEnd();
      edit = { range: { start: key.range[0], end: val.range[0] + trimmed.length }, newText: `${newKey}: [${items('"').join(', ')}]` };
    }
  } else if (dialect === 'tf-block') {
    const body = text.slice(statement.range.start, statement.range.end);
    const at = /\bnot_actions\s*=\s*\[/.exec(body);
    if (!at || /\bnot_actions\s*=/.test(body.slice(at.index + 1))) return undefined;
    const open = statement.range.start + at.index + at[0].length - 1;
    const close = text.indexOf(']', open);
    if (close < 0 || close > statement.range.end) return undefined;
    edit = { range: { start: statement.range.start + at.index, end: close + 1 }, newText: `actions = [${items('"').join(', ')}]` };
  } else {
    const shape = scanObject(text, statement.range.start);
    const member = shape?.members.find((m) => m.key === 'NotAction');
    if (!shape || !member) return undefined;
    const keyText = member.quoted ? '"Action"' : 'Action';
    edit = { range: { start: member.keyStart, end: member.valueEnd }, newText: `${keyText}${text.slice(member.keyStart + (member.quoted ? 11 : 9), member.valueStart)}[${items('"').join(', ')}]` };
  }
  return { title: `Replace NotAction with ${titleOf(wanted, needed.label).replace(/^Allow only/, 'only')}`, kind: 'narrow-privilege', preferred: false, edits: [{ uri: doc.uri, ...edit }] };
}

/** Replaces one action string with several, in the layout it sits in (list item, block sequence item, or scalar → list). */
function replaceWithActions(ctx: RuleContext, range: Range, actions: string[]): { uri: string; range: Range; newText: string } | undefined {
  const doc = ctx.document;
  const text = doc.text;
  const raw = text.slice(range.start, range.end);
  const quote = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : '';
  const yaml = doc.format === 'yaml';
  const code = doc.parsed?.kind === 'tree-sitter' && doc.format !== 'terraform';
  if (!yaml && !code && quote !== '"') return undefined;
  if (code && quote === '') return undefined;
  const render = (a: string): string => (quote === "'" ? `'${a}'` : quote === '"' || !yaml ? JSON.stringify(a) : a);
  const lineStart = lineStartOf(text, range.start);
  const before = text.slice(lineStart, range.start);
  let i = range.start - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  if (yaml && /^[ \t]*-[ \t]+$/.test(before)) {
    const dashIndent = before.slice(0, before.indexOf('-'));
    return { uri: doc.uri, range, newText: actions.map(render).join(`${lineBreakOf(text)}${dashIndent}- `) };
  }
  if (text[i] === '[' || text[i] === ',' || (code && text[i] === '(')) return { uri: doc.uri, range, newText: actions.map(render).join(', ') };
  if (text[i] === ':' || text[i] === '=') return { uri: doc.uri, range, newText: `[${actions.map(yaml ? render : (a) => JSON.stringify(a)).join(', ')}]` };
  return undefined;
}

/**
 * privilege/admin-managed-policy: the attachment of AdministratorAccess (PowerUserAccess,
 * IAMFullAccess) → an inline policy with the actions the role's code calls. Terraform: the
 * `aws_iam_role_policy_attachment` becomes an `aws_iam_role_policy` of the same role; SAM: the
 * function's `Policies` item becomes a `Statement`. Other layouts: nothing.
 */
export function adminPolicyToCodeActionsFix(ctx: RuleContext, grant: RoleGrantFact, policyName: string): Fix | undefined {
  const doc = ctx.document;
  const needed = needsOf(ctx, grant.roleRange, () => workloadOfGrant(ctx, grant.roleRange));
  if (!needed || needed.actions.length === 0) return undefined;
  const text = doc.text;
  const title = `Replace ${policyName} with an inline policy of ${titleOf(needed.actions, needed.label).replace(/^Allow only /, '')}`;
  if (doc.format === 'terraform') {
    if (doc.parsed?.kind !== 'tree-sitter') return undefined;
    let block: Node | null = doc.parsed.tree.rootNode.descendantForIndex(grant.roleRange.start, grant.roleRange.start);
    while (block && block.type !== 'block') block = block.parent;
    if (!block || block.parent?.parent?.type !== 'config_file') return undefined;
    const header = /^resource\s+"aws_iam_role_policy_attachment"\s+"([A-Za-z_][A-Za-z0-9_-]*)"\s*\{/.exec(block.text);
    if (!header) return undefined;
    const name = header[1];
    const body = block.namedChildren.find((c) => c?.type === 'body');
    const attributes = (body?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');
    const names = attributes.map((a) => (a.type === 'attribute' ? a.namedChildren[0]?.text : a.type));
    if (names.length !== 2 || !names.includes('role') || !names.includes('policy_arn')) return undefined; // count, for_each, depends_on …: not rewritten
    const role = attributes.find((a) => a.namedChildren[0]?.text === 'role')!.namedChildren[1]?.text;
    if (!role || text.includes(`"aws_iam_role_policy" "${name}"`)) return undefined;
    const eol = lineBreakOf(text);
    const lines = [
      `resource "aws_iam_role_policy" "${name}" {`,
      `  name = "${name}"`,
      `  role = ${role}`,
      `  policy = jsonencode({`,
      `    Version = "2012-10-17"`,
      `    Statement = [{`,
      `      Effect   = "Allow"`,
      `      Action   = [${needed.actions.map((a) => JSON.stringify(a)).join(', ')}]`,
      `      Resource = "*"`,
      `    }]`,
      `  })`,
      `}`,
    ];
    return { title, kind: 'narrow-privilege', preferred: false, edits: [{ uri: doc.uri, range: { start: block.startIndex, end: block.endIndex }, newText: lines.join(eol) }] };
  }
  if (doc.format === 'yaml' && doc.flavors.includes('cloudformation')) {
    const scalar = text.slice(grant.roleRange.start, grant.roleRange.end);
    if (!/^["']?[A-Za-z0-9:/_-]+["']?$/.test(scalar)) return undefined; // `!Sub …` and friends: not rewritten
    const before = text.slice(lineStartOf(text, grant.roleRange.start), grant.roleRange.start);
    const statement = `Statement: [{ Effect: Allow, Action: [${needed.actions.map((a) => JSON.stringify(a)).join(', ')}], Resource: "*" }]`;
    let i = grant.roleRange.start - 1;
    while (i >= 0 && /[ \t]/.test(text[i])) i--;
    const newText = /^[ \t]*-[ \t]+$/.test(before) ? statement : text[i] === '[' || text[i] === ',' ? `{ ${statement} }` : undefined;
    if (!newText) return undefined;
    return { title, kind: 'narrow-privilege', preferred: false, edits: [{ uri: doc.uri, range: grant.roleRange, newText }] };
  }
  return undefined;
}
