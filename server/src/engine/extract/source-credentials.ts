import type { Extractor } from './index';

// Placeholder until this extractor lands (issue 5): applies to nothing.
export const sourceCredentialsExtractor: Extractor = { name: 'source-credentials', applies: () => false, extract: () => [] };
