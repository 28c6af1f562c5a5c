import type { Extractor } from './index';

// Placeholder until this extractor lands (issue 5): applies to nothing.
export const terraformGcpAzureExtractor: Extractor = { name: 'terraform-gcp-azure', applies: () => false, extract: () => [] };
