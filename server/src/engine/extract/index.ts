import type { Document, Fact, FactKind } from '../model';
import type { ProjectFiles } from '../project/files';

/** What an extractor may see beyond its document. */
export interface ExtractEnv {
  /** Other workspace files (e.g. the rest of a Terraform module); absent when analysing a lone text. */
  project?: ProjectFiles;
}

/** An extractor turns one kind of document into facts. It must not throw for odd-but-valid input; the engine catches anyway. */
export interface Extractor {
  name: string;
  /** Decided from the format, flavours and text: must not read `doc.parsed` (that would parse the document). */
  applies(doc: Document): boolean;
  /**
   * A necessary condition on the text (gitleaks' keywords, for structure): a document it
   * does not match cannot yield a fact, so it is not parsed for this extractor. Checked after
   * `applies`; a text whose quoted strings may spell words with escapes always passes.
   * test/extractor-mentions.test.ts compares every fixture and corpus file with and without.
   */
  mentions?: RegExp;
  /** The fact kinds it can produce (lets the engine skip extraction when no rule reads them). */
  produces: readonly FactKind[];
  extract(doc: Document, env?: ExtractEnv): Fact[];
}

import { assignmentExtractors } from './assignments';
import { iamJsonExtractor } from './iam-json';
import { terraformExtractor } from './terraform';
import { cloudformationExtractor } from './cloudformation';
import { kubernetesExtractor } from './kubernetes';
import { terraformGcpAzureExtractor } from './terraform-gcp-azure';
import { ciExtractor } from './ci';
import { sourceCredentialsExtractor } from './source-credentials';
import { cdkExtractor } from './cdk';
import { armExtractor } from './arm';

export const extractors: Extractor[] = [
  ...assignmentExtractors,
  iamJsonExtractor,
  terraformExtractor,
  cloudformationExtractor,
  kubernetesExtractor,
  terraformGcpAzureExtractor,
  ciExtractor,
  sourceCredentialsExtractor,
  cdkExtractor,
  armExtractor,
];
