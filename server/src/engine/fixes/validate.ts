import type { Document, Finding, Fix } from '../model';

// STUB: validate fixes by applying them and re-analysing.
export function validateFixes(_doc: Document, finding: Finding, _options: unknown): Fix[] {
  return finding.fixes;
}
