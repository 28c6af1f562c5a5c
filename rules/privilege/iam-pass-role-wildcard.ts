/**
 * privilege/iam-pass-role-wildcard: `iam:PassRole` on `Resource: "*"` lets the identity hand
 * any role in the account — including admin roles — to a service it controls (a Lambda
 * function, an EC2 instance, a Glue job), and so act with that role's permissions.
 *
 * Not flagged: PassRole on specific role ARNs (also `arn:aws:iam::123456789012:role/app-*`),
 * statements with a Condition (e.g. `iam:PassedToService`), Deny statements, and `*` / `iam:*`
 * (already reported by privilege/iam-wildcard-action). Quick fix: an `iam:PassedToService`
 * condition when the statement's other actions show the one service (lambda:CreateFunction →
 * lambda.amazonaws.com …); none when they do not — the receiving service is not guessed.
 */
import { passRoleFix } from '../../server/src/engine/fixes/narrow-privilege';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { actionMatches } from './_aws-policy';

const SERVICE_OR_ALL_WILDCARD = /^(?:\*|[A-Za-z0-9-]+:\*)$/;

export const iamPassRoleWildcard: Rule = {
  id: 'privilege/iam-pass-role-wildcard',
  category: 'privilege',
  severity: 'error',
  title: 'iam:PassRole allowed on every role (Resource "*")',
  appliesTo: ['policyStatement'],
  keywords: ['passrole', 'pass'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const statement of ctx.facts('policyStatement')) {
      if (statement.effect !== 'Allow' || statement.trust || statement.hasCondition) continue;
      if (!Array.isArray(statement.resources) || !statement.resources.some((r) => r.trim() === '*')) continue;
      for (const action of statement.actionRanges) {
        if (SERVICE_OR_ALL_WILDCARD.test(action.value.trim()) || !actionMatches(action.value, 'iam:PassRole')) continue;
        findings.push({
          message: `Policy ${statement.source} allows "${action.value}" on every role (Resource "*"): it can pass any role, including admin roles, to a service it controls. Restrict Resource to the role ARNs it passes and add an iam:PassedToService condition.`,
          range: action.range,
          fingerprintContext: `${statement.source} ${action.value.toLowerCase()}`,
          fixes: () => optional(passRoleFix(ctx, statement, action)),
        });
      }
    }
    return findings;
  },
};

function optional<T>(fix: T | undefined): T[] | undefined {
  return fix ? [fix] : undefined;
}
