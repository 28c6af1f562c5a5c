import type { Extractor } from './index';

// STUB
export const terraformExtractor: Extractor = { name: 'terraform', applies: () => false, extract: () => [] };
