/**
 * Least-privilege quick fixes (kind `narrow-privilege`): only where the workspace shows
 * what is needed. GitHub Actions `write-all` → the scopes the steps need; Kubernetes
 * `verbs: ["*"]` → read-only verbs (never preferred). AWS IAM wildcards get none: what a
 * role's code calls is not mapped yet, and a guessed action list would break it.
 */
export { ciWriteAllFix } from './github-actions';
export { readOnlyVerbsFix } from './k8s-verbs';
export { KNOWN_ACTIONS, actionNeeds, runNeeds } from './actions-table';
export { openTrustFixes, passRoleFix, passRoleStatementOf, selfServiceFix, passedToService } from './iam-restrict';
export { removeEscalationVerbFix } from './k8s-escalation';
export { removePublicMemberFix } from './gcp-public';
