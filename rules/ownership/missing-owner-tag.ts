import type { Rule } from '../../server/src/engine/rule';

// STUB: to be implemented.
export const missingOwnerTag: Rule = {
  id: 'ownership/missing-owner-tag',
  category: 'ownership',
  severity: 'warning',
  title: 'TODO',
  appliesTo: [],
  check: () => [],
};
