import type { Config } from './config';
import type { Category, Document, FactKind, FactOf, Finding, Fix, Format, Flavor, Range, RelatedLocation, IdentityRef, Severity } from './model';

/** What a rule returns; the engine adds fingerprint, configured severity and suppression state. */
export interface FindingDraft {
  message: string;
  range: Range;
  /** Overrides the rule's default severity for this finding (e.g. a lower-confidence match). */
  severity?: Severity;
  /**
   * A function when building the fixes costs something: the engine calls it only when
   * fixes are wanted (not for as-you-type diagnostics, which carry none).
   */
  fixes?: Fix[] | (() => Fix[] | undefined);
  related?: RelatedLocation[];
  identity?: IdentityRef;
  /**
   * What makes this finding stable when lines move. For secrets pass the secret
   * value: only its hash is kept. Defaults to the text of the finding's first line.
   */
  fingerprintContext?: string;
  /** The secret value this finding is about; used for masking checks, never output. */
  secret?: string;
}

export interface RuleContext {
  document: Document;
  config: Config;
  facts<K extends FactKind>(kind: K): FactOf<K>[];
  /** URI of the workspace root folder containing the document (for fixes that create files). */
  workspaceRoot?: string;
  /** Lower-cased keywords of all active rules that occur in the text (set by the engine's one-pass prefilter). */
  keywordsPresent?: Set<string>;
  /** Reads another workspace file (e.g. .gitignore) for fixes; undefined if missing or not allowed. */
  readFile?(uri: string): string | undefined;
  /** Other files of the workspace (a Terraform module's siblings), for fixes that must see them. */
  project?: import('./project/files').ProjectFiles;
}

export interface RuleMeta {
  /** '<category>/<kebab-name>', stable forever. */
  id: string;
  category: Category;
  severity: Severity;
  /** One line, shown in lists and SARIF shortDescription. */
  title: string;
  /**
   * Facts the rule reads; 'text' means it scans the raw text. The engine skips
   * rules none of whose inputs are present.
   */
  appliesTo: (FactKind | 'text')[];
  /** Restrict to these syntaxes / flavours (default: all). */
  formats?: Format[];
  flavors?: Flavor[];
  /** Cheap keyword prefilter on the raw text (lower-cased, any of): skip the rule when none occurs. */
  keywords?: string[];
  /** Opt-in rule: runs only when `rules.<id>` sets a severity (a policy choice, not a universal finding). */
  defaultOff?: boolean;
}

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): FindingDraft[];
}

export const DOCS_BASE_URL = 'https://github.com/nhi-hygiene/nhi-hygiene/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

export function docsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

export type { Finding };
