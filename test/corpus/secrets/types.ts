/** Shapes of the labelled secrets corpus. */
import type { Rng } from './rng';

/** A labelled span in a corpus file. */
export interface Label {
  file: string;
  start: number;
  end: number;
  kind: string;
  positive: boolean;
  /** Positives: substrings one of which the reporting rule id should contain ("attributed"). */
  family?: string[];
}

export interface CorpusFile {
  path: string;
  text: string;
}

export interface Corpus {
  files: CorpusFile[];
  labels: Label[];
}

/** What a label says about a span, before it has offsets. */
export interface LabelSpec {
  kind: string;
  positive: boolean;
  family?: string[];
}

/** A piece of file text, optionally labelled. */
export type Seg = string | { text: string; label: LabelSpec };

/**
 * A value as assigned: the labelled part `secret` sits between `pre` and `post`
 * (a password inside a connection string). `raw` values are code expressions
 * (`process.env.X`) and are written without quotes.
 */
export interface Lit {
  pre: string;
  secret: string;
  post: string;
  raw?: boolean;
}

/** `name = value` in whatever syntax the host file uses. */
export interface AssignEntry {
  t: 'assign';
  /** Conventional UPPER_SNAKE name; hosts restyle it (camelCase, PascalCase, dotted …). */
  name: string;
  value: Lit;
  label?: LabelSpec;
  /** Write it without its name where the host allows (a constructor argument, a comment). */
  unnamed?: boolean;
}

/** A command line (curl, docker login …) for shell-like hosts. */
export interface LineEntry {
  t: 'line';
  segs: Seg[];
  /** Written as is, without the host's command prefix (`RUN ` in a Dockerfile): a comment or a statement. */
  verbatim?: boolean;
}

export type Entry = AssignEntry | LineEntry;

/** Host syntaxes a single-line `name = value` can be written in. */
export const ASSIGN_HOSTS = [
  'dotenv', 'shell', 'python', 'javascript', 'typescript', 'go', 'java', 'csharp', 'ruby', 'php',
  'yaml-compose', 'yaml-k8s', 'yaml-actions', 'yaml-app', 'json', 'toml', 'ini', 'properties', 'hcl', 'xml', 'dockerfile', 'markdown',
] as const;

/** Hosts for command lines. */
export const LINE_HOSTS = ['shell', 'dockerfile', 'markdown', 'yaml-actions', 'makefile'] as const;

/** Hosts where a multi-line value (PEM) can be assigned. */
export const MULTILINE_HOSTS = ['dotenv', 'python', 'javascript', 'typescript', 'go', 'ruby', 'yaml-k8s', 'yaml-app', 'json', 'toml', 'hcl', 'shell', 'pem-file'] as const;

/** Whole-file hosts with their own shape. */
export const SPECIAL_HOSTS = ['pem-file', 'npmrc', 'maven-settings', 'composer-auth', 'docker-config', 'kubeconfig', 'gcp-sa-json', 'pypirc', 'netrc'] as const;

export type HostName = (typeof ASSIGN_HOSTS)[number] | (typeof LINE_HOSTS)[number] | (typeof SPECIAL_HOSTS)[number];

export interface PositiveKind {
  kind: string;
  /** Rule-id substrings that count as the right attribution ('aws', 'slack' …). */
  family: string[];
  /** Conventional variable name for assignment hosts. */
  envName: string;
  /** The secret: a string, or a value with the secret inside it. */
  gen(r: Rng): string | Lit;
  /** Where it may be written (default: every assignment host). */
  hosts?: readonly HostName[];
  /** Instances in the corpus (default 8). */
  count?: number;
  /** Lines written before the secret in the same file (a key id before its secret …). */
  companions?(r: Rng): Entry[];
  /** For line hosts: the command line around the secret. */
  line?(r: Rng, secret: string): Seg[];
  /** Vary the variable name per instance. */
  names?: readonly string[];
}

export interface NegativeKind {
  kind: string;
  /** One hard negative for this host, or undefined when it does not fit there. */
  gen(r: Rng, host: HostName): Entry | undefined;
  hosts: readonly HostName[];
  count: number;
}
