/**
 * privilege/iam-privilege-escalation: actions on every resource (`Resource: "*"`) that let an
 * identity raise its own privileges — the well-known AWS escalation paths: rewrite or attach
 * policies (`iam:CreatePolicyVersion`, `iam:Attach*Policy`, `iam:Put*Policy` …), mint
 * credentials for other users (`iam:CreateAccessKey`, `iam:CreateLoginProfile` …), rewrite a
 * trust policy, join a group, assume any role, or run code as a role it passes
 * (`lambda:CreateFunction`, `ec2:RunInstances`, `cloudformation:CreateStack`,
 * `glue:CreateDevEndpoint` together with `iam:PassRole` on `*` in the same policy).
 *
 * Not flagged: these actions on specific ARNs, Deny, statements with a Condition, `*` and
 * `iam:*` (reported by privilege/iam-wildcard-action), and the PassRole-dependent actions when
 * PassRole on `*` is not granted by the same policy.
 * Quick fixes: the PassRole of the same policy limited to the service this action runs
 * (iam:PassedToService); self-service actions (`iam:CreateAccessKey`, `iam:*LoginProfile`)
 * limited to the caller's own user (never preferred). Nothing for the others.
 */
import type { PolicyStatementFact } from '../../server/src/engine/model';
import { passRoleFix, passRoleStatementOf, selfServiceFix } from '../../server/src/engine/fixes/narrow-privilege';
import type { Fix } from '../../server/src/engine/model';
import type { FindingDraft, Rule } from '../../server/src/engine/rule';
import { actionMatches } from './_aws-policy';

/** Escalation actions that are dangerous on their own, with why. */
const DIRECT: [string, string][] = [
  ['iam:CreatePolicyVersion', 'rewrite any managed policy, including its own'],
  ['iam:SetDefaultPolicyVersion', 'switch a policy to a more permissive version'],
  ['iam:AttachUserPolicy', 'attach AdministratorAccess to a user'],
  ['iam:AttachGroupPolicy', 'attach AdministratorAccess to a group'],
  ['iam:AttachRolePolicy', 'attach AdministratorAccess to a role'],
  ['iam:PutUserPolicy', 'write an inline admin policy for a user'],
  ['iam:PutGroupPolicy', 'write an inline admin policy for a group'],
  ['iam:PutRolePolicy', 'write an inline admin policy for a role'],
  ['iam:CreateAccessKey', 'create access keys for any user'],
  ['iam:CreateLoginProfile', 'set a console password for any user'],
  ['iam:UpdateLoginProfile', "reset any user's console password"],
  ['iam:UpdateAssumeRolePolicy', 'let itself assume any role'],
  ['iam:AddUserToGroup', 'add a user to an admin group'],
  ['sts:AssumeRole', 'assume any role that trusts the account'],
];

/** Actions that run code or infrastructure as a role the caller passes: escalation with iam:PassRole on *. */
const WITH_PASS_ROLE: string[] = [
  'lambda:CreateFunction',
  'lambda:UpdateFunctionCode',
  'ec2:RunInstances',
  'cloudformation:CreateStack',
  'cloudformation:UpdateStack',
  'glue:CreateDevEndpoint',
  'glue:CreateJob',
  'codebuild:CreateProject',
  'ecs:RunTask',
  'sagemaker:CreateNotebookInstance',
  'datapipeline:CreatePipeline',
];

const SERVICE_OR_ALL_WILDCARD = /^(?:\*|[A-Za-z0-9-]+:\*)$/;

function everyResource(statement: PolicyStatementFact): boolean {
  return Array.isArray(statement.resources) && statement.resources.some((r) => r.trim() === '*');
}

function usable(statement: PolicyStatementFact): boolean {
  return statement.effect === 'Allow' && !statement.trust && !statement.hasCondition && everyResource(statement);
}

export const iamPrivilegeEscalation: Rule = {
  id: 'privilege/iam-privilege-escalation',
  category: 'privilege',
  severity: 'error',
  title: 'IAM policy allows a known privilege-escalation action on every resource',
  appliesTo: ['policyStatement'],
  keywords: ['iam:', 'sts:assumerole', 'lambda:', 'ec2:runinstances', 'cloudformation:', 'glue:', 'codebuild:', 'ecs:runtask', 'sagemaker:', 'datapipeline:'],
  check(ctx) {
    const statements = ctx.facts('policyStatement').filter(usable);
    // Sources (policies) that grant iam:PassRole on every resource.
    const passRoleSources = new Set(statements.filter((s) => s.actionRanges.some((a) => actionMatches(a.value, 'iam:PassRole'))).map((s) => s.source));
    const findings: FindingDraft[] = [];
    for (const statement of statements) {
      for (const action of statement.actionRanges) {
        const value = action.value.trim();
        if (SERVICE_OR_ALL_WILDCARD.test(value)) continue;
        const direct = DIRECT.find(([name]) => actionMatches(value, name));
        let reason: string | undefined;
        let fix: Fix | undefined;
        if (direct) {
          reason = `"${value}" lets it ${direct[1]}`;
          fix = selfServiceFix(ctx, statement, action);
        } else if (passRoleSources.has(statement.source)) {
          const viaPass = WITH_PASS_ROLE.find((name) => actionMatches(value, name));
          if (viaPass) {
            reason = `"${value}" together with iam:PassRole on "*" lets it run code as any role in the account`;
            // Limiting that PassRole to the service this action runs closes the path.
            const passRole = passRoleStatementOf(statements, statement.source, (a) => !SERVICE_OR_ALL_WILDCARD.test(a.trim()) && actionMatches(a, 'iam:PassRole'));
            fix = passRole && passRoleFix(ctx, passRole.statement, passRole.action);
          }
        }
        if (!reason) continue;
        findings.push({
          message: `Policy ${statement.source}: ${reason} (Resource "*"), a privilege-escalation path. Scope Resource to specific ARNs.`,
          range: action.range,
          fingerprintContext: `${statement.source} ${value.toLowerCase()}`,
          fixes: fix ? [fix] : undefined,
        });
      }
    }
    return findings;
  },
};
