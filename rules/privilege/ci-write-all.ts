/**
 * privilege/ci-write-all: a GitHub Actions workflow or job grants its GITHUB_TOKEN
 * `permissions: write-all`. Every step, including third-party actions, then holds a token
 * that can push code, rewrite releases and packages, and approve its own changes.
 * `read-all`, scoped maps (even `contents: write`) and unset permissions are not flagged.
 * Quick fix (fixes/narrow-privilege): `contents: read` plus what the steps need, only when
 * every step is a known action or a script whose needs are visible.
 */
import { ciWriteAllFix } from '../../server/src/engine/fixes/narrow-privilege';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';

export const ciWriteAll: Rule = {
  id: 'privilege/ci-write-all',
  category: 'privilege',
  severity: 'warning',
  title: 'GitHub Actions token granted write-all permissions',
  appliesTo: ['ciPermissions'],
  flavors: ['github-actions'],
  keywords: ['write-all'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const perm of ctx.facts('ciPermissions')) {
      if (perm.platform !== 'github-actions' || perm.value !== 'write-all') continue;
      const where = perm.scope === 'job' ? `Job '${perm.job}'` : 'This workflow';
      findings.push({
        message: `${where} grants the GITHUB_TOKEN write access to every scope (permissions: write-all); list only the scopes it needs, e.g. \`permissions: { contents: read }\` plus the few it writes.`,
        range: perm.range,
        identity: { kind: 'ci-workflow', name: ctx.document.path },
        fingerprintContext: `${perm.scope}:${perm.job ?? ''}`,
        fixes: () => optional(ciWriteAllFix(ctx.document, perm)),
      });
    }
    return findings;
  },
};

function optional<T>(fix: T | undefined): T[] | undefined {
  return fix ? [fix] : undefined;
}
