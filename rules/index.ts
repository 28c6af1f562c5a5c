/**
 * The rule registry: every rule, imported explicitly (no discovery magic), so a
 * bundle contains exactly these and the meta test can check each one.
 */
import type { Rule, RuleMeta } from '../server/src/engine/rule';
import { awsAccessKeyId } from './secret/aws-access-key-id';
import { iamWildcardAction } from './privilege/iam-wildcard-action';
import { missingOwnerTag } from './ownership/missing-owner-tag';
import { missingLifecycleTags } from './ownership/missing-lifecycle-tags';
import { awsIamAccessKey } from './credential/aws-iam-access-key';
import { githubToken } from './secret/github-token';
import { cloudSecretRules } from './secret/groups/cloud';
import { sourceControlSecretRules } from './secret/groups/source-control';
import { aiMessagingSecretRules } from './secret/groups/ai-messaging';
import { saasSecretRules } from './secret/groups/saas';
import { keysConnectionsSecretRules } from './secret/groups/keys-connections';
import { genericSecretRules } from './secret/groups/generic';
import { awsIamRules } from './registry/aws-iam';
import { kubernetesRules } from './registry/kubernetes';
import { gcpAzureRules } from './registry/gcp-azure';
import { ciCodeRules } from './registry/ci-code';

export const rules: Rule[] = [
  awsAccessKeyId,
  githubToken,
  ...cloudSecretRules,
  ...sourceControlSecretRules,
  ...aiMessagingSecretRules,
  ...saasSecretRules,
  ...keysConnectionsSecretRules,
  // Generic rules run last: a value a provider rule already reported is not reported again.
  ...genericSecretRules,
  iamWildcardAction,
  missingOwnerTag,
  missingLifecycleTags,
  awsIamAccessKey,
  ...awsIamRules,
  ...kubernetesRules,
  ...gcpAzureRules,
  ...ciCodeRules,
];

/** Findings the engine itself produces (not rules with a check); they have docs like any rule. */
export const ENGINE_RULE_IDS = {
  expiredSuppression: 'nhi/expired-suppression',
} as const;

export const engineRules: RuleMeta[] = [
  {
    id: ENGINE_RULE_IDS.expiredSuppression,
    category: 'secret',
    severity: 'warning',
    title: 'An nhi-ignore suppression has passed its until= date',
    appliesTo: ['text'],
  },
];

/** Every id that can appear on a finding, with its metadata (for SARIF rules and docs links). */
export function allRuleMeta(): RuleMeta[] {
  return [...rules, ...engineRules];
}
