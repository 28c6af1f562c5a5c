/**
 * Kubernetes RBAC `verbs: ["*"]` → the read-only verbs `get`, `list`, `watch` (verbs
 * listed next to `*` are kept). Never preferred: the manifests do not show what the
 * workload calls, so the user must confirm it writes nothing. Not offered when the rule
 * also covers every resource (`resources: ["*"]`: which ones would it keep?), Secrets
 * (read access to Secrets is the dangerous part) or subresources where `get` itself
 * acts (`pods/exec`, `pods/attach`, `pods/portforward`, `*\/proxy` …).
 */
import type { Document, Fix, RbacRuleFact } from '../../model';
import { lineBreakOf, lineStartOf } from '../references/shared';

const READ_ONLY = ['get', 'list', 'watch'];
const NEVER = new Set(['*', 'secrets', 'pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'services/proxy', 'nodes/proxy', 'serviceaccounts/token']);

export function readOnlyVerbsFix(doc: Document, rule: RbacRuleFact): Fix | undefined {
  const star = rule.verbRanges.find((v) => v.value === '*');
  if (!star || rule.resources.length === 0) return undefined;
  if (rule.resources.some((r) => NEVER.has(r.toLowerCase()) || r.toLowerCase().endsWith('/proxy') || r.includes('*'))) return undefined;
  const kept = rule.verbs.filter((v) => v !== '*');
  const added = READ_ONLY.filter((v) => !kept.includes(v));
  if (added.length === 0) return undefined;

  const text = doc.text;
  // Quote like the verbs already listed (`- list` stays plain), else like the `"*"` itself.
  const sibling = rule.verbRanges.find((v) => v.value !== '*');
  const written = text.slice((sibling ?? star).range.start, (sibling ?? star).range.end);
  const quote = written.startsWith('"') ? '"' : written.startsWith("'") ? "'" : '';
  const lineStart = lineStartOf(text, star.range.start);
  const before = text.slice(lineStart, star.range.start);
  let newText: string;
  if (doc.format === 'yaml' && /^[ \t]*-[ \t]+$/.test(before)) {
    // Block sequence item `- "*"`: one item per verb at the same indentation.
    const dashIndent = before.slice(0, before.indexOf('-'));
    const eol = lineBreakOf(text);
    newText = added.map((v) => `${quote}${v}${quote}`).join(`${eol}${dashIndent}- `);
  } else {
    const q = doc.format === 'json' || doc.format === 'jsonc' ? '"' : quote;
    newText = added.map((v) => `${q}${v}${q}`).join(', ');
  }
  const keeps = kept.length > 0 ? ` (keeps ${kept.join(', ')})` : '';
  return {
    title: `Narrow "*" to read-only verbs ${added.join(', ')}${keeps} — check the workload needs no writes`,
    kind: 'narrow-privilege',
    preferred: false,
    edits: [{ uri: doc.uri, range: { start: star.range.start, end: star.range.end }, newText }],
  };
}
