/**
 * The "add an owner" quick fix (kind `owner-tag`) for ownership findings, in the
 * syntax of the resource: Terraform `tags`, CloudFormation `Tags`, Kubernetes
 * `metadata.labels` / `annotations`.
 *
 * The value, in order: the workspace CODEOWNERS entry for the file, the
 * `owner.default` setting, else the placeholder `TODO-owner`. A fix with a real
 * owner is preferred; the placeholder fix is not (it needs the user's answer): it
 * marks the placeholder's range (`Fix.placeholder`) so an editor can select it, and
 * the rules still read `TODO-owner` as "no owner yet", so applying it blindly (CLI)
 * never makes the finding disappear. The key is the first `ownerTagKeys` entry.
 */
import type { Fix, TaggedResourceFact, TextEdit } from '../../model';
import type { RuleContext } from '../../rule';
import { PLACEHOLDER_VALUE } from '../../owner-keys';
import { cloudFormationOwnerEdit } from './cloudformation';
import { codeOwnerOf } from './codeowners';
import { kubernetesOwnerEdit } from './kubernetes';
import { terraformOwnerEdit } from './terraform';
import type { OwnerEdit, OwnerProblem } from './types';

export type { OwnerProblem } from './types';
export { codeOwnerOf } from './codeowners';

export const OWNER_PLACEHOLDER = 'TODO-owner';

export interface OwnerValue {
  value: string;
  source: 'codeowners' | 'default' | 'placeholder';
  /** Where it came from, for the fix title ('.github/CODEOWNERS', 'owner.default'). */
  from?: string;
}

/** AWS allows 256 characters in a tag value; anything longer (or multi-line) is not an owner. */
function usable(value: string | undefined): value is string {
  return value !== undefined && value.length > 0 && value.length <= 256 && !/[\r\n\0]/.test(value) && !PLACEHOLDER_VALUE.test(value);
}

/** One lookup per analysed document: a file with many unowned resources reads CODEOWNERS once. */
const ownerValues = new WeakMap<object, { config: object; value: OwnerValue }>();

export function ownerValueFor(ctx: RuleContext): OwnerValue {
  const cached = ownerValues.get(ctx.document);
  if (cached && cached.config === ctx.config) return cached.value;
  const value = lookUpOwner(ctx);
  ownerValues.set(ctx.document, { config: ctx.config, value });
  return value;
}

function lookUpOwner(ctx: RuleContext): OwnerValue {
  if (ctx.workspaceRoot && ctx.readFile) {
    const entry = codeOwnerOf({ workspaceRoot: ctx.workspaceRoot, readFile: ctx.readFile }, ctx.document.path);
    if (entry && usable(entry.owner)) return { value: entry.owner, source: 'codeowners', from: entry.file };
  }
  const configured = ctx.config.owner?.default?.trim();
  if (usable(configured)) return { value: configured, source: 'default', from: 'owner.default' };
  return { value: OWNER_PLACEHOLDER, source: 'placeholder' };
}

/** The key the fix writes: the first configured owner key, as configured. */
export function ownerKeyFor(ctx: RuleContext): string | undefined {
  return ctx.config.ownerTagKeys.map((k) => k.trim()).find((k) => k.length > 0);
}

export function ownerTagFix(ctx: RuleContext, resource: TaggedResourceFact, problem: OwnerProblem): Fix | undefined {
  const key = ownerKeyFor(ctx);
  if (!key || resource.tagKeys === undefined) return undefined;
  const owner = ownerValueFor(ctx);
  // Replacing one placeholder with another helps nobody.
  if (problem.kind === 'placeholder' && owner.source === 'placeholder') return undefined;
  const doc = ctx.document;
  let built: OwnerEdit | undefined;
  try {
    if (resource.resourceType.startsWith('k8s:')) built = kubernetesOwnerEdit(doc, resource, problem, key, owner.value);
    else if (resource.resourceType.startsWith('AWS::')) built = cloudFormationOwnerEdit(doc, resource, problem, key, owner.value);
    else if (doc.format === 'terraform') built = terraformOwnerEdit(doc, resource, problem, key, owner.value);
  } catch {
    built = undefined; // an unexpected tree shape: no fix rather than a broken one
  }
  if (!built || built.edits.length === 0) return undefined;
  const edits: TextEdit[] = built.edits.map((e) => ({ uri: doc.uri, range: e.range, newText: e.newText }));
  const fix: Fix = { title: titleOf(built.noun, key, owner, problem), kind: 'owner-tag', edits, preferred: owner.source !== 'placeholder' };
  if (owner.source === 'placeholder') {
    const range = placeholderRange(edits, OWNER_PLACEHOLDER);
    if (!range) return undefined;
    fix.placeholder = { uri: doc.uri, range };
  }
  return fix;
}

function titleOf(noun: OwnerEdit['noun'], key: string, owner: OwnerValue, problem: OwnerProblem): string {
  const verb = problem.kind === 'placeholder' ? `Set the owner ${noun} "${problem.key}" to` : `Add owner ${noun} ${key}:`;
  switch (owner.source) {
    case 'codeowners':
      return `${verb} ${owner.value} (from ${owner.from})`;
    case 'default':
      return `${verb} ${owner.value} (from the nhi.owner.default setting)`;
    case 'placeholder':
      return `${verb} ${OWNER_PLACEHOLDER} — then type the owning team (no CODEOWNERS entry or nhi.owner.default)`;
  }
}

/** Range of `placeholder` in the text after `edits` (all in one document), from the edit that writes it. */
function placeholderRange(edits: TextEdit[], placeholder: string): { start: number; end: number } | undefined {
  let delta = 0;
  for (const e of [...edits].sort((a, b) => a.range.start - b.range.start)) {
    const at = e.newText.indexOf(placeholder);
    if (at >= 0) {
      const start = e.range.start + delta + at;
      return { start, end: start + placeholder.length };
    }
    delta += e.newText.length - (e.range.end - e.range.start);
  }
  return undefined;
}
