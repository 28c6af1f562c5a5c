import type { Extractor } from './index';

// STUB: assignment facts from every syntax.
export const assignmentExtractors: Extractor[] = [];
