import type { Extractor } from './index';

// Placeholder until this extractor lands (issue 5): applies to nothing.
export const cloudformationExtractor: Extractor = { name: 'cloudformation', applies: () => false, extract: () => [] };
