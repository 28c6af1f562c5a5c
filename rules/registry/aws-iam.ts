/** AWS IAM privilege, ownership and credential rules (issue 5), in the order they run. */
import type { Rule } from '../../server/src/engine/rule';
import { adminManagedPolicy } from '../privilege/admin-managed-policy';
import { iamNotAction } from '../privilege/iam-not-action';
import { iamNotResource } from '../privilege/iam-not-resource';
import { iamOpenTrust } from '../privilege/iam-open-trust';
import { iamPassRoleWildcard } from '../privilege/iam-pass-role-wildcard';
import { iamPrivilegeEscalation } from '../privilege/iam-privilege-escalation';

export const awsIamRules: Rule[] = [iamNotAction, iamNotResource, iamPassRoleWildcard, iamPrivilegeEscalation, iamOpenTrust, adminManagedPolicy];
