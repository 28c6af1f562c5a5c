/** AWS IAM privilege, ownership and credential rules (issue 5), in the order they run. */
import type { Rule } from '../../server/src/engine/rule';

export const awsIamRules: Rule[] = [];
