/**
 * privilege/iam-open-trust: a role trust policy that lets anyone assume the role.
 *  - `Principal: "*"` or `{"AWS": "*"}` without a condition that restricts who the caller is
 *    (organization, account, source ARN, external id …): every AWS account in the world;
 *  - an OIDC web-identity trust (`sts:AssumeRoleWithWebIdentity`) without a `…:sub` condition:
 *    with GitHub's provider, every repository on GitHub can assume the role.
 *
 * Not flagged: Deny statements, specific principals, conditions on identity-restricting keys,
 * Cognito identity pools (which are scoped by `cognito-identity.amazonaws.com:aud`), and
 * conditions whose keys are not statically known.
 * Quick fix (fixes/narrow-privilege/iam-restrict): a `sub` condition for this repository /
 * project, or an `aws:PrincipalOrgID` condition the user fills in (never preferred).
 */
import type { PolicyStatementFact } from '../../server/src/engine/model';
import { openTrustFixes } from '../../server/src/engine/fixes/narrow-privilege';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { statementHead } from './_aws-policy';

/** Condition keys that narrow who the caller may be. */
const RESTRICTING_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalservicename',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:userid',
  'aws:username',
  'sts:externalid',
]);

function restricts(key: string): boolean {
  return RESTRICTING_KEYS.has(key) || key.startsWith('aws:principaltag/') || key.endsWith(':sub');
}

export const iamOpenTrust: Rule = {
  id: 'privilege/iam-open-trust',
  category: 'privilege',
  severity: 'error',
  title: 'Role trust policy lets anyone assume the role (Principal "*" or OIDC without a sub condition)',
  appliesTo: ['policyStatement'],
  keywords: ['principal', 'principals'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const statement of ctx.facts('policyStatement')) {
      if (statement.effect !== 'Allow') continue;
      const problem = openTrust(statement);
      if (!problem) continue;
      findings.push({
        message: problem,
        range: statement.principalRange ?? statementHead(statement),
        fingerprintContext: `${statement.source} open-trust`,
        fixes: () => openTrustFixes(ctx, statement),
      });
    }
    return findings;
  },
};

function openTrust(statement: PolicyStatementFact): string | undefined {
  const keys = statement.conditionKeys;
  const principals = Array.isArray(statement.principals) ? statement.principals : [];
  const everyone = principals.some((p) => p.trim() === '*' || /^aws:\s*\*$/i.test(p.trim()));
  if (everyone && statement.trust) {
    if (statement.hasCondition && (keys === undefined || keys.some(restricts))) return undefined;
    return `Trust policy of ${statement.source} lets any AWS principal assume the role (Principal "*"); name the accounts or roles, or add an aws:PrincipalOrgID / sts:ExternalId condition.`;
  }
  const actions = Array.isArray(statement.actions) ? statement.actions : [];
  if (!actions.some((a) => a.trim().toLowerCase() === 'sts:assumerolewithwebidentity')) return undefined;
  if (principals.some((p) => p.toLowerCase().includes('cognito-identity.amazonaws.com'))) return undefined;
  if (keys === undefined || keys.some((k) => k.endsWith(':sub'))) return undefined;
  const github = principals.some((p) => p.toLowerCase().includes('token.actions.githubusercontent.com'));
  return github
    ? `Trust policy of ${statement.source} lets any GitHub Actions workflow of any repository assume the role (no token.actions.githubusercontent.com:sub condition); restrict it to your repository and branch or environment.`
    : `Trust policy of ${statement.source} trusts an OIDC provider without a ":sub" condition: every identity the provider issues tokens for can assume the role; restrict the subject.`;
}
