/** Helpers shared by the AWS IAM privilege rules (not a rule: the file name starts with `_`). */
import type { PolicyStatementFact, Range } from '../../server/src/engine/model';

/** The statement applies to every resource: `Resource: "*"`, or only `NotResource` ("everything except"). */
export function onEveryResource(statement: PolicyStatementFact): boolean {
  const { resources, notResources } = statement;
  if (Array.isArray(resources) && resources.some((r) => r.trim() === '*')) return true;
  const noResource = Array.isArray(resources) && resources.length === 0 && !statement.unresolved?.includes('resources');
  return noResource && Array.isArray(notResources) && notResources.length > 0;
}

import { actionMatches } from '../../server/src/engine/extract/policy';

export { actionMatches };

/** The first action string of the statement that grants `action`, if any. */
export function grantingAction(statement: PolicyStatementFact, action: string): { value: string; range: Range } | undefined {
  return statement.actionRanges.find((a) => actionMatches(a.value, action));
}

/** First line of the statement (where a finding about the statement as a whole points). */
export function statementHead(statement: PolicyStatementFact): Range {
  return { start: statement.range.start, end: Math.min(statement.range.end, statement.range.start + 1) };
}

export function describeValues(values: string[]): string {
  const shown = values.slice(0, 2).map((v) => `"${v}"`).join(', ');
  return values.length > 2 ? `${shown} and ${values.length - 2} more` : shown;
}
