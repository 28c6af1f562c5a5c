/**
 * privilege/iam-wildcard-action: an Allow statement grants every action (`*`), or every
 * action of a service (`s3:*`) on every resource. Written once against
 * PolicyStatementFact, so it covers IAM JSON, Terraform `jsonencode`, heredoc JSON and
 * `aws_iam_policy_document` alike.
 *
 * Deliberately not flagged: Deny statements (a wildcard there restricts), NotAction (its
 * own rule: the semantics are "everything except"), partial wildcards such as `s3:Get*`
 * (a narrower, common pattern), `svc:*` scoped to specific ARNs (full control of named
 * resources is often the intent, e.g. a bucket owned by the service), and anything not
 * statically known (`var.actions` without a default, interpolated ARNs).
 */
import { codeActionsFix } from '../../server/src/engine/fixes/narrow-privilege';
import type { PolicyStatementFact } from '../../server/src/engine/model';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';

const ANY_ACTION = /^\*(?::\*)?$/;
const SERVICE_WILDCARD = /^[A-Za-z0-9-]+:\*$/;

export const iamWildcardAction: Rule = {
  id: 'privilege/iam-wildcard-action',
  category: 'privilege',
  severity: 'error',
  title: 'IAM policy allows every action, or every action of a service on every resource',
  appliesTo: ['policyStatement'],
  keywords: ['*'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const statement of ctx.facts('policyStatement')) {
      if (statement.effect !== 'Allow' || statement.actions === 'unknown') continue;
      const scope = resourceScope(statement);
      for (const action of statement.actionRanges) {
        const value = action.value.trim();
        let message: string | undefined;
        if (ANY_ACTION.test(value)) {
          message = `Policy ${statement.source} allows every action ("${value}") ${scope.kind === 'specific' ? `on ${scope.text}` : scope.text}`;
        } else if (SERVICE_WILDCARD.test(value) && scope.kind === 'every') {
          message = `Policy ${statement.source} allows "${value}" ${scope.text}`;
        }
        if (!message) continue;
        findings.push({
          message: `${message}; list the actions it needs.`,
          range: action.range,
          fingerprintContext: `${statement.source} ${value.toLowerCase()}`,
          fixes: () => [codeActionsFix(ctx, statement, action)].filter((f) => f !== undefined),
        });
      }
    }
    return findings;
  },
};

/** How far the statement's resources reach, phrased for the message. */
function resourceScope(statement: PolicyStatementFact): { kind: 'every' | 'specific' | 'unknown'; text: string } {
  const { resources, notResources } = statement;
  if (Array.isArray(resources) && resources.some((r) => r.trim() === '*')) return { kind: 'every', text: 'on every resource (Resource "*")' };
  const noResource = Array.isArray(resources) && resources.length === 0 && !statement.unresolved?.includes('resources');
  if (noResource && Array.isArray(notResources) && notResources.length > 0) {
    return { kind: 'every', text: `on every resource except ${describe(notResources)} (NotResource)` };
  }
  if (Array.isArray(resources) && resources.length > 0) return { kind: 'specific', text: describe(resources) };
  return { kind: 'unknown', text: statement.trust ? 'to the principals its trust policy names' : 'on its resources' };
}

function describe(values: string[]): string {
  const shown = values.slice(0, 2).map((v) => `"${v}"`).join(', ');
  return values.length > 2 ? `${shown} and ${values.length - 2} more` : shown;
}
