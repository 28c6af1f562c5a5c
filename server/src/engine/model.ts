/**
 * The engine's data model. Everything here is plain data with offsets into the
 * analysed document; line/column positions are computed only at the edges
 * (LSP server, reporters) so that rules never deal with editor coordinates.
 */

export type Category = 'secret' | 'privilege' | 'ownership' | 'credential';
export type Severity = 'error' | 'warning' | 'info';

/** Half-open character range [start, end) into Document.text. */
export interface Range {
  start: number;
  end: number;
}

/** Syntax of a file: decides which parser runs. */
export type Format =
  | 'typescript'
  | 'tsx'
  | 'javascript'
  | 'python'
  | 'go'
  | 'java'
  | 'csharp'
  | 'ruby'
  | 'php'
  | 'shell'
  | 'terraform'
  | 'yaml'
  | 'json'
  | 'jsonc'
  | 'toml'
  | 'dotenv'
  | 'ini'
  | 'properties'
  | 'dockerfile'
  | 'xml'
  | 'text';

/**
 * What a file is about, beyond its syntax (detected from path and content).
 * A YAML file can be a Kubernetes manifest, a workflow, a CloudFormation template …
 */
export type Flavor =
  | 'kubernetes'
  | 'cloudformation'
  | 'github-actions'
  | 'gitlab-ci'
  | 'compose'
  | 'serverless'
  | 'iam-policy'
  | 'mcp-config'
  | 'npmrc'
  | 'lockfile';

export interface ParseProblem {
  message: string;
  range: Range;
}

/**
 * A parsed file. `parsed` holds the syntax-specific tree (see documents/parse.ts);
 * a file that fails to parse still has its text, line index and problems, so the
 * line-based checks keep working.
 */
export interface Document {
  uri: string;
  /** Path relative to the workspace root, with forward slashes (for display and fingerprints). */
  path: string;
  text: string;
  format: Format;
  flavors: Flavor[];
  lines: LineIndex;
  problems: ParseProblem[];
  parsed?: import('./documents/parse').ParsedTree;
  /** Date.now() after which long extractor loops stop early (the file's time budget); set by analyze. */
  deadline?: number;
}

export interface LineIndex {
  /** 0-based line and UTF-16 column of an offset. */
  positionAt(offset: number): { line: number; character: number };
  offsetAt(position: { line: number; character: number }): number;
  lineCount: number;
  /** Offset of the first character of a 0-based line. */
  lineStart(line: number): number;
  /** Text of a 0-based line without its line break. */
  lineText(line: number): string;
}

// ---------------------------------------------------------------------------
// Facts: what extractors find in a document, independent of its syntax.
// ---------------------------------------------------------------------------

/** A static value and the name it is assigned to, in any syntax (code, YAML, dotenv, HCL …). */
export interface AssignmentFact {
  kind: 'assignment';
  /** Name/key/flag the value is assigned to, innermost segment ("password", "STRIPE_KEY"); undefined for bare literals. */
  key?: string;
  /** Full dotted path where known ("spring.datasource.password", "env[2].value"). */
  keyPath?: string;
  /** The value as the program sees it (quotes removed, escapes decoded where cheap). */
  value: string;
  /** Range of the value's characters in the text (inside quotes). */
  valueRange: Range;
  /** Range of the whole literal including quotes (what a fix replaces). */
  literalRange: Range;
  /** Range of the key, if any. */
  keyRange?: Range;
  /** How the value was written. */
  syntax: 'string-literal' | 'yaml-scalar' | 'json-string' | 'dotenv' | 'ini' | 'hcl-string' | 'toml-string' | 'other';
}

export type PolicyValue = string[] | 'unknown';

/** One IAM policy statement, normalised from JSON, Terraform, CloudFormation … */
export interface PolicyStatementFact {
  kind: 'policyStatement';
  effect: 'Allow' | 'Deny' | 'unknown';
  /** Actions; 'unknown' when not statically resolvable (never treated as a wildcard). */
  actions: PolicyValue;
  notActions?: PolicyValue;
  resources: PolicyValue;
  notResources?: PolicyValue;
  principals?: PolicyValue;
  hasCondition: boolean;
  /** Whole statement. */
  range: Range;
  /** Where each action string sits, so findings point at the offending value. */
  actionRanges: { value: string; range: Range }[];
  /** Where the policy lives (for messages): e.g. 'aws_iam_policy.deploy' or 'policy.json'. */
  source: string;
  /** Is this an assume-role (trust) policy? */
  trust?: boolean;
  /**
   * Fields of which some part could not be resolved statically (e.g. `["s3:GetObject", var.extra]`):
   * the list above then holds only the known part, so "contains" checks stay sound but "only" checks do not.
   */
  unresolved?: PolicyField[];
  /** Where each NotAction / NotResource string sits. */
  notActionRanges?: { value: string; range: Range }[];
  notResourceRanges?: { value: string; range: Range }[];
  /** Range of the Principal value (trust policies). */
  principalRange?: Range;
  /**
   * Condition context keys, lower-cased ('token.actions.githubusercontent.com:sub', 'aws:principalorgid');
   * undefined when the condition's keys are not statically known.
   */
  conditionKeys?: string[];
}

export type PolicyField = 'effect' | 'actions' | 'notActions' | 'resources' | 'notResources' | 'principals';

/** A cloud resource that can carry tags/labels, and whether it has an owner. */
export interface TaggedResourceFact {
  kind: 'taggedResource';
  /** Resource type, e.g. 'aws_iam_role'. */
  resourceType: string;
  name: string;
  /** Tag keys present (statically known); undefined when tags are not statically known (e.g. `tags = var.tags`). */
  tagKeys?: string[];
  /** Provider default_tags or similar inherited keys (static). */
  inheritedTagKeys?: string[];
  range: Range;
  /** Range of the resource header, where a finding should point. */
  headerRange: Range;
  /** Offset where a new tag block / attribute may be inserted, with its indentation. */
  insertAt?: { offset: number; indent: string };
  /** Existing tags map literal (for adding a key to it). */
  tagsRange?: Range;
  /** Static values of the own tags; undefined for a key whose value is not statically known. */
  tagValues?: Record<string, string | undefined>;
  /** Inherited tags exist but are not statically known (e.g. `default_tags { tags = var.tags }`). */
  inheritedTagsUnknown?: boolean;
}

export type CredentialMechanism =
  | 'aws-access-key'
  | 'gcp-service-account-key'
  | 'azure-client-secret'
  | 'static-secret-env'
  | 'workload-identity'
  | 'oidc'
  | 'k8s-service-account-token'
  | 'unknown';

/** A place where a long-lived credential is created or used. */
export interface CredentialUseFact {
  kind: 'credentialUse';
  mechanism: CredentialMechanism;
  /** e.g. 'aws_iam_access_key.ci' */
  name: string;
  resourceType: string;
  range: Range;
  headerRange: Range;
  /** The identity it belongs to, if known (e.g. 'aws_iam_user.ci'). */
  identity?: string;
  /** Statically known to be disabled (e.g. `status = "Inactive"`): not a usable credential. */
  inactive?: boolean;
  /** CI OIDC logins: whether the job is granted `id-token: write` (without it the login fails at run time). */
  oidcTokenGranted?: boolean;
}

export type IdentityKind =
  | 'aws-iam-role'
  | 'aws-iam-user'
  | 'gcp-service-account'
  | 'azure-identity'
  | 'k8s-service-account'
  | 'ci-workflow'
  | 'api-key';

/** A non-human identity declared in the workspace (for the inventory). */
export interface IdentityFact {
  kind: 'identity';
  identityKind: IdentityKind;
  name: string;
  cloud?: 'aws' | 'gcp' | 'azure' | 'kubernetes' | 'github' | 'gitlab';
  range: Range;
  owner?: string;
  credential?: CredentialMechanism;
}

/** One rule of a Kubernetes Role/ClusterRole. */
export interface RbacRuleFact {
  kind: 'rbacRule';
  roleKind: 'Role' | 'ClusterRole';
  roleName: string;
  namespace?: string;
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
  /** The whole rule item. */
  range: Range;
  /** Where each verb / resource string sits, so findings point at the offending value. */
  verbRanges: { value: string; range: Range }[];
  resourceRanges: { value: string; range: Range }[];
}

/** A Kubernetes RoleBinding/ClusterRoleBinding. */
export interface RoleBindingFact {
  kind: 'roleBinding';
  bindingKind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  roleRef: { kind: string; name: string; range: Range };
  subjects: {
    kind: string;
    name: string;
    namespace?: string;
    range: Range;
    /** ServiceAccount subjects: workloads in the same file that run as it (for related locations). */
    usedBy?: { name: string; range: Range }[];
  }[];
  range: Range;
  headerRange: Range;
}

/**
 * A cloud role grant outside AWS IAM policies: GCP IAM members/bindings, Azure
 * role assignments, AWS managed-policy attachments.
 */
export interface RoleGrantFact {
  kind: 'roleGrant';
  cloud: 'aws' | 'gcp' | 'azure';
  /** 'roles/owner', 'Owner', 'arn:aws:iam::aws:policy/AdministratorAccess' … or 'unknown'. */
  role: string;
  /** Who gets it: 'serviceAccount:ci@p.iam.gserviceaccount.com', 'allUsers', an Azure principal reference, 'aws_iam_role.ci' … or 'unknown'. */
  member: string;
  memberKind: 'service-account' | 'workload-role' | 'ci-role' | 'user' | 'group' | 'public' | 'managed-identity' | 'service-principal' | 'unknown';
  /** Scope where known: project id, subscription / management group / resource group path. */
  scope?: string;
  scopeKind?: 'organization' | 'folder' | 'project' | 'management-group' | 'subscription' | 'resource-group' | 'resource' | 'unknown';
  /** e.g. 'google_project_iam_member.ci' */
  source: string;
  range: Range;
  roleRange: Range;
  /** Where the member value sits (one item of a members list), when it is written in this file. */
  memberRange?: Range;
  /** Limited by an IAM condition (GCP `condition {}`, Azure ABAC `condition`): not a standing grant. */
  conditional?: boolean;
}

/** CI workflow permissions (GitHub Actions `permissions:`), at workflow or job level. */
export interface CiPermissionsFact {
  kind: 'ciPermissions';
  platform: 'github-actions' | 'gitlab-ci';
  scope: 'workflow' | 'job';
  job?: string;
  /** 'write-all' | 'read-all' | per-scope map */
  value: 'write-all' | 'read-all' | Record<string, string>;
  range: Range;
}

/**
 * A place in this file that concerns an identity, named by a key that other files
 * use too, so the workspace can link the pieces of one identity (project/links.ts).
 * Keys: 'tf:<dir>:aws_iam_user.ci' (a Terraform address within its module),
 * 'cfn:<template path>:<LogicalId>' (a CloudFormation resource within its stack),
 * 'aws-user:<name>' / 'aws-role:<name>' (IAM names), 'k8s-sa:<namespace>/<name>'
 * ('?' for a namespace decided at deploy time), 'ci-secret:<NAME>' (a CI secret).
 */
export interface LinkFact {
  kind: 'link';
  key: string;
  /** Other keys for the same identity (the IAM user name of a Terraform user, the user of an access key …). */
  aliases?: string[];
  role: LinkRole;
  /** What is here, as related information shows it: "aws_iam_access_key.ci: a long-lived access key of this identity". */
  label: string;
  range: Range;
}

export type LinkRole = 'declaration' | 'credential' | 'policy' | 'binding' | 'workload' | 'ci-use' | 'ci-secret';

export type Fact =
  | LinkFact
  | AssignmentFact
  | PolicyStatementFact
  | TaggedResourceFact
  | CredentialUseFact
  | IdentityFact
  | RbacRuleFact
  | RoleBindingFact
  | RoleGrantFact
  | CiPermissionsFact;
export type FactKind = Fact['kind'];
export type FactOf<K extends FactKind> = Extract<Fact, { kind: K }>;

// ---------------------------------------------------------------------------
// Findings and fixes
// ---------------------------------------------------------------------------

export interface TextEdit {
  /** Document URI; a fix may touch several files (e.g. .env.local, .gitignore). */
  uri: string;
  range: Range;
  newText: string;
  /** For edits to other files: create the file if it does not exist. */
  createIfMissing?: boolean;
}

export type FixKind = 'vault-reference' | 'workload-identity' | 'owner-tag' | 'narrow-privilege' | 'suppress';

export interface Fix {
  title: string;
  kind: FixKind;
  edits: TextEdit[];
  preferred?: boolean;
  /**
   * Plain placeholder text (e.g. `TODO-owner`) the user is meant to replace, as a range in
   * `uri`'s text *after* the edits are applied: a client can select it or turn it into a
   * snippet tabstop. Validation checks the fix as if the placeholder were filled in.
   */
  placeholder?: { uri: string; range: Range };
}

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
  /** Line/column of the range, when the producer knew them (cross-file links from an audit). */
  start?: { line: number; character: number };
  end?: { line: number; character: number };
}

export interface IdentityRef {
  kind: IdentityKind;
  name: string;
}

export interface Finding {
  ruleId: string;
  /** Holds masked values only (see mask.ts). */
  message: string;
  range: Range;
  severity: Severity;
  /** Stable when lines move: rule + file + normalised context (+ secret hash). */
  fingerprint: string;
  fixes: Fix[];
  related?: RelatedLocation[];
  identity?: IdentityRef;
  /** Set when a suppression comment covers this finding (kept for reporting counts). */
  suppressed?: { reason: string; until?: string };
}

/** A file-level problem that is not a finding: parse error, time budget, too big, binary. */
export interface FileNote {
  kind: 'parse-error' | 'time-budget' | 'skipped' | 'internal-error';
  message: string;
  range?: Range;
}

export interface AnalysisResult {
  findings: Finding[];
  notes: FileNote[];
  identities: IdentityFact[];
  /** Places in this file that other files' findings may link to (see LinkFact). */
  links: LinkFact[];
}
