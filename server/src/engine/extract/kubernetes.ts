import type { Extractor } from './index';

// Placeholder until this extractor lands (issue 5): applies to nothing.
export const kubernetesExtractor: Extractor = { name: 'kubernetes', applies: () => false, extract: () => [] };
