/**
 * privilege/iam-not-action: an Allow statement with `NotAction` on every resource grants every
 * action except the listed ones — including every action AWS adds in the future.
 *
 * Not flagged: Deny + NotAction (the usual guard rail: "deny everything except …"), NotAction
 * scoped to specific ARNs (bounded by those resources), statements with a Condition (scoped),
 * and anything not statically known.
 */
import { notActionToCodeActionsFix } from '../../server/src/engine/fixes/narrow-privilege';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { describeValues, onEveryResource, statementHead } from './_aws-policy';

export const iamNotAction: Rule = {
  id: 'privilege/iam-not-action',
  category: 'privilege',
  severity: 'error',
  title: 'IAM policy allows every action except a list (Allow with NotAction)',
  appliesTo: ['policyStatement'],
  keywords: ['notaction', 'not_actions'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const statement of ctx.facts('policyStatement')) {
      if (statement.effect !== 'Allow' || statement.trust || statement.hasCondition) continue;
      if (!Array.isArray(statement.notActions) || statement.notActions.length === 0) continue;
      if (!onEveryResource(statement)) continue;
      const at = statement.notActionRanges?.[0]?.range ?? statementHead(statement);
      findings.push({
        message: `Policy ${statement.source} allows every action except ${describeValues(statement.notActions)} on every resource (NotAction); this also grants every action AWS adds later. List the actions it needs.`,
        range: at,
        fingerprintContext: `${statement.source} notaction ${statement.notActions.join(',').toLowerCase()}`,
        fixes: () => [notActionToCodeActionsFix(ctx, statement)].filter((f) => f !== undefined),
      });
    }
    return findings;
  },
};
