import type { Rule } from '../../server/src/engine/rule';

// STUB: to be implemented.
export const iamWildcardAction: Rule = {
  id: 'privilege/iam-wildcard-action',
  category: 'privilege',
  severity: 'warning',
  title: 'TODO',
  appliesTo: [],
  check: () => [],
};
