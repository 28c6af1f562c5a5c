/**
 * privilege/iam-not-resource: an Allow statement with `NotResource` applies to every resource
 * except the listed ones — in every account and region the credentials reach, including
 * resources created later.
 *
 * Not flagged: Deny + NotResource (the usual guard rail), statements with a Condition (scoped),
 * statements with unknown actions, and anything not statically known.
 */
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { describeValues, statementHead } from './_aws-policy';

export const iamNotResource: Rule = {
  id: 'privilege/iam-not-resource',
  category: 'privilege',
  severity: 'warning',
  title: 'IAM policy allows actions on every resource except a list (Allow with NotResource)',
  appliesTo: ['policyStatement'],
  keywords: ['notresource', 'not_resources'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const statement of ctx.facts('policyStatement')) {
      if (statement.effect !== 'Allow' || statement.trust || statement.hasCondition) continue;
      if (!Array.isArray(statement.notResources) || statement.notResources.length === 0) continue;
      if (statement.actions === 'unknown' && statement.notActions === undefined) continue;
      const at = statement.notResourceRanges?.[0]?.range ?? statementHead(statement);
      const actions = Array.isArray(statement.actions) && statement.actions.length > 0 ? describeValues(statement.actions) : 'its actions';
      findings.push({
        message: `Policy ${statement.source} allows ${actions} on every resource except ${describeValues(statement.notResources)} (NotResource), including resources created later; list the resources it needs.`,
        range: at,
        fingerprintContext: `${statement.source} notresource ${statement.notResources.join(',').toLowerCase()}`,
      });
    }
    return findings;
  },
};
