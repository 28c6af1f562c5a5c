import type { Rule } from '../../server/src/engine/rule';

// STUB: to be implemented.
export const awsIamAccessKey: Rule = {
  id: 'credential/aws-iam-access-key',
  category: 'credential',
  severity: 'warning',
  title: 'TODO',
  appliesTo: [],
  check: () => [],
};
