/**
 * `permissions: write-all` → `contents: read` plus what the affected jobs' steps need
 * (./actions-table.ts). A job-level grant covers that job; a workflow-level grant covers
 * every job without its own `permissions:`. Offered only when every step is understood:
 * one unknown action, reusable workflow, `gh` call or script handed the token, and there
 * is no fix (a guess that drops a needed scope breaks the pipeline).
 */
import * as YAML from 'yaml';
import type { CiPermissionsFact, Document, Fix } from '../../model';
import { lineBreakOf } from '../references/shared';
import { indentBefore, pairOf, yamlPairWithKeyAt } from '../owner-tag/yaml-edit';
import { actionNeeds, mergeNeeds, runNeeds, TOKEN_REFERENCE, type Needs } from './actions-table';

export function ciWriteAllFix(doc: Document, perm: CiPermissionsFact): Fix | undefined {
  if (perm.platform !== 'github-actions' || perm.value !== 'write-all') return undefined;
  const site = yamlPairWithKeyAt(doc, perm.range.start);
  if (!site) return undefined;
  const { pair, map, document } = site;
  const value = pair.value;
  if (!YAML.isScalar(value) || value.value !== 'write-all' || !value.range || !YAML.isScalar(pair.key) || !pair.key.range) return undefined;

  const jobs = perm.scope === 'job' ? [map] : workflowJobs(document, map);
  if (!jobs) return undefined;
  // Workflow-level env reaches every job's scripts.
  const root = document.contents;
  if (!YAML.isMap(root) || mentionsToken(pairOf(root, 'env')?.value)) return undefined;
  const needs: Needs = { contents: 'read' };
  for (const job of jobs) {
    const jobNeeds = needsOfJob(job);
    if (jobNeeds === 'unknown') return undefined;
    mergeNeeds(needs, jobNeeds);
  }

  const scopes = Object.keys(needs).sort((a, b) => (a === 'contents' ? -1 : b === 'contents' ? 1 : a.localeCompare(b)));
  const entries = scopes.map((s) => `${s}: ${needs[s]}`);
  const text = doc.text;
  let edit: { start: number; end: number; newText: string };
  if (map.flow) {
    edit = { start: value.range[0], end: value.range[1], newText: `{ ${entries.join(', ')} }` };
  } else {
    const colon = text.indexOf(':', pair.key.range[1]);
    if (colon < 0 || colon >= value.range[0]) return undefined;
    const eol = lineBreakOf(text);
    const indent = `${indentBefore(text, pair.key.range[0])}  `;
    // A comment after `write-all` stays on the `permissions:` line.
    let lineEnd = text.indexOf('\n', value.range[1]);
    if (lineEnd < 0) lineEnd = text.length;
    if (text[lineEnd - 1] === '\r') lineEnd--;
    const rest = text.slice(value.range[1], lineEnd).trim();
    if (rest !== '' && !rest.startsWith('#')) return undefined;
    edit = { start: colon + 1, end: lineEnd, newText: `${rest ? ` ${rest}` : ''}${entries.map((e) => `${eol}${indent}${e}`).join('')}` };
  }
  const where = perm.scope === 'job' ? `job '${perm.job}'` : 'the jobs without their own permissions';
  return {
    title: `Replace write-all with ${entries.join(', ')} (what the steps of ${where} need)`,
    kind: 'narrow-privilege',
    preferred: true,
    edits: [{ uri: doc.uri, range: { start: edit.start, end: edit.end }, newText: edit.newText }],
  };
}

/** Jobs that inherit the workflow's permissions (no `permissions:` of their own). */
function workflowJobs(document: YAML.Document.Parsed, root: YAML.YAMLMap): YAML.YAMLMap[] | undefined {
  if (document.contents !== root) return undefined;
  const jobs = pairOf(root, 'jobs')?.value;
  if (!YAML.isMap(jobs)) return undefined;
  const out: YAML.YAMLMap[] = [];
  for (const item of jobs.items) {
    if (!YAML.isMap(item.value)) return undefined;
    if (!pairOf(item.value, 'permissions')) out.push(item.value);
  }
  return out;
}

function needsOfJob(job: YAML.YAMLMap): Needs | 'unknown' {
  // A reusable workflow's jobs are elsewhere.
  if (pairOf(job, 'uses')) return 'unknown';
  for (const key of ['env', 'container', 'services']) if (mentionsToken(pairOf(job, key)?.value)) return 'unknown';
  const steps = pairOf(job, 'steps')?.value;
  if (!YAML.isSeq(steps)) return 'unknown';
  const needs: Needs = {};
  for (const step of steps.items) {
    if (!YAML.isMap(step)) return 'unknown';
    const uses = scalar(pairOf(step, 'uses')?.value);
    const run = scalar(pairOf(step, 'run')?.value);
    const withMap = pairOf(step, 'with')?.value;
    let stepNeeds: Needs | 'unknown';
    if (uses !== undefined) {
      stepNeeds = actionNeeds(uses, (name) => (YAML.isMap(withMap) ? scalar(pairOf(withMap, name)?.value) : undefined));
    } else if (run !== undefined) {
      stepNeeds = runNeeds(run, textOf(pairOf(step, 'env')?.value));
    } else return 'unknown';
    if (stepNeeds === 'unknown') return 'unknown';
    mergeNeeds(needs, stepNeeds);
  }
  return needs;
}

function scalar(node: unknown): string | undefined {
  if (!YAML.isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** Every scalar under a node, joined (bounded depth): for "is the token passed here" checks. */
function textOf(node: unknown, depth = 0): string {
  if (depth > 20 || node === null || node === undefined) return '';
  if (YAML.isScalar(node)) return String(node.value ?? '');
  if (YAML.isMap(node)) return node.items.map((p) => `${textOf(p.key, depth + 1)}: ${textOf(p.value, depth + 1)}`).join('\n');
  if (YAML.isSeq(node)) return node.items.map((i) => textOf(i, depth + 1)).join('\n');
  return '';
}

function mentionsToken(node: unknown): boolean {
  return TOKEN_REFERENCE.test(textOf(node));
}
