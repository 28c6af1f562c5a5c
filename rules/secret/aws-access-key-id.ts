import type { Rule } from '../../server/src/engine/rule';

// STUB: to be implemented.
export const awsAccessKeyId: Rule = {
  id: 'secret/aws-access-key-id',
  category: 'secret',
  severity: 'warning',
  title: 'TODO',
  appliesTo: [],
  check: () => [],
};
