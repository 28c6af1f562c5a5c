import type { Extractor } from './index';

// STUB
export const iamJsonExtractor: Extractor = { name: 'iam-json', applies: () => false, extract: () => [] };
