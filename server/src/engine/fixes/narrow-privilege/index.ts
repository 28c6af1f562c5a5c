/**
 * Least-privilege quick fixes (kind `narrow-privilege`): only where the workspace shows
 * what is needed. GitHub Actions `write-all` → the scopes the steps need; Kubernetes
 * `verbs: ["*"]` → read-only verbs (never preferred). AWS IAM wildcards and NotAction →
 * the actions the role's code calls, where the workspace shows which code runs as the role
 * (sdk-actions/); nothing when any call cannot be mapped — a guessed list would break it.
 */
export { ciWriteAllFix } from './github-actions';
export { readOnlyVerbsFix } from './k8s-verbs';
export { KNOWN_ACTIONS, actionNeeds, runNeeds } from './actions-table';
export { openTrustFixes, passRoleFix, passRoleStatementOf, selfServiceFix, passedToService } from './iam-restrict';
export { removeEscalationResourceFix, removeEscalationVerbFix } from './k8s-escalation';
export { removePublicMemberFix } from './gcp-public';
export { adminPolicyToCodeActionsFix, codeActionsFix, notActionToCodeActionsFix } from './sdk-actions';
