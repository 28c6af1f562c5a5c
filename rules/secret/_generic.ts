/**
 * Shared by secret/generic-password and secret/generic-secret: candidates are
 * values assigned to a name that says "credential" — from the assignment facts
 * (code via tree-sitter, YAML, JSON, TOML, INI/properties, dotenv, HCL) and from
 * text patterns where no parser gives names (XML elements and attributes, CLI
 * flags, `export X=…` in scripts embedded in YAML/Dockerfiles/heredocs, mysql
 * `-p…`, .netrc, docs). Each candidate is then judged on its value: stand-ins,
 * templates, references, hashes and non-secret shapes are dropped; what is left
 * must look like a credential (length, character classes, entropy).
 *
 * Candidates are computed once per document and shared by both rules.
 */
import * as YAML from 'yaml';
import { providerFormatOwner } from '../../server/src/engine/secrets/detector';
import type { AssignmentFact, Document, Fix, Range, Severity } from '../../server/src/engine/model';
import type { FindingDraft, RuleContext } from '../../server/src/engine/rule';
import { mask } from '../../server/src/engine/mask';
import { secretInTextFix, secretToEnvFix } from '../../server/src/engine/fixes/secret-to-env';
import { quotedValueGate } from '../../server/src/engine/secrets/quoted-values';
import { lineMatches } from '../../server/src/engine/edit-session';
import { LAZY_PARSE_FORMATS } from '../../server/src/engine/documents/parse';
import { secretNameKind, type SecretNameKind } from '../../server/src/engine/secrets/context';
import { detached } from '../../server/src/engine/strings';
import { partsOf } from '../../server/src/engine/arrays';
import {
  characterClasses,
  isGenericPlaceholder,
  isIdentifierLike,
  isNonSecretShape,
  isPasswordHashOrDigest,
  isSecretStoreReference,
  isTemplated,
  shannonEntropy,
} from '../../server/src/engine/secrets/values';

export interface GenericCandidate {
  kind: SecretNameKind;
  /** The name the value is assigned to (key, flag, element, variable). */
  name: string;
  /** The value as judged (decoded from base64 for Kubernetes Secret `data`). */
  value: string;
  /** The characters in the file that hold the secret. */
  range: Range;
  /** The literal, when the value came from an assignment fact (for the quick fix). */
  fact?: AssignmentFact;
  /** Only values that look machine-generated count here (docs, example files). */
  strictOnly: boolean;
}

export type Strength = 'random' | 'human';

/** Lines longer than this are minified bundles or data blobs: no generic detection there. */
const MAX_LINE = 1000;
const MAX_VALUE = 512;

// ---------------------------------------------------------------------------
// Value judgement
// ---------------------------------------------------------------------------

/**
 * The least entropy (bits/char) a random value of this length and alphabet
 * shows in 99% of cases (measured on random base62 and hex strings); English
 * words and names fall below it.
 */
export function entropyFloor(value: string): number {
  const n = value.length;
  if (/^[0-9a-f]+$/i.test(value)) return Math.min(3.2, 2.6 + (n - 16) * 0.04);
  return Math.min(4.0, 3.0 + (n - 12) * 0.07);
}

/** The widely published jwt.io sample's signature. */
const JWT_IO_SAMPLE = 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

/** Negative evidence common to both rules: the value is visibly not a credential. */
function notACredential(value: string, leet: boolean): boolean {
  if (value.length > MAX_VALUE || /\s/.test(value)) return true;
  if (isTemplated(value) || isSecretStoreReference(value)) return true;
  // A bare hex string under a token/API-key name is usually the key itself (many providers issue
  // 32/40/64 hex keys); under a password name it is a stored digest. Prefixed hashes never are keys.
  if ((leet || !/^[0-9a-f]+$/i.test(value)) && isPasswordHashOrDigest(value)) return true;
  if (isNonSecretShape(value) || isGenericPlaceholder(value, { leet }) || isIdentifierLike(value)) return true;
  // Public by design, or another rule's business: public keys, PEM blocks, Stripe publishable keys.
  if (/^(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-|sk-ssh-|-----BEGIN|pk_(?:live|test)_|npub1)/.test(value)) return true;
  if (value.includes(JWT_IO_SAMPLE)) return true;
  // A provider's own format: that provider's rule ran first and, where it did not report the
  // value, decided so on purpose (e.g. a Firebase web config apiKey, public by design).
  if (providerFormatOwner(value)) return true;
  // An environment variable's name written as the value (`password: DB_PASSWORD`).
  if (/^[A-Z][A-Z0-9]{0,40}(?:_[A-Z0-9]{1,40}){1,10}$/.test(value)) return true;
  return false;
}

function couldBeGenericSecret(value: string): boolean {
  return judgePasswordValue(value) !== undefined || judgeSecretValue(value) !== undefined;
}

/** The source-code gate: a quoted value that could be a secret, with a credential's name before it. */
export function couldHoldNamedGenericSecret(text: string): boolean {
  return namedGenericGate(text);
}

const isSecretName = (word: string): boolean => secretNameKind(word) !== undefined;
export const couldBeGenericSecretValue = (value: string): boolean => value.length >= 6 && !/\s/.test(value) && couldBeGenericSecret(value);
/** Remembers each line's part of the answer: a keystroke re-examines one line (see quotedValueGate). */
const namedGenericGate = quotedValueGate(couldBeGenericSecretValue, isSecretName);

/**
 * Verdicts are remembered per value: the same values are judged at every keystroke (a
 * manifest's passwords, a source file's quoted strings), and notACredential runs every
 * provider pattern. Keys are copied (a slice would keep the whole text of its version
 * alive); the maps are bounded.
 */
function remembered(verdicts: Map<string, Strength | null>, judge: (value: string) => Strength | undefined): (value: string) => Strength | undefined {
  return (value) => {
    if (value.length > MAX_VALUE) return judge(value);
    const known = verdicts.get(value);
    if (known !== undefined) return known ?? undefined;
    const verdict = judge(value);
    if (verdicts.size >= MAX_REMEMBERED_VERDICTS) verdicts.clear();
    verdicts.set(detached(value), verdict ?? null);
    return verdict;
  };
}

const MAX_REMEMBERED_VERDICTS = 20_000;

/** A token, API key or secret: long and random; undefined when the value is not one. */
const judgeSecretValueNow = (value: string): Strength | undefined => {
  // Cheap shape checks first: notACredential runs every provider pattern.
  if (value.length < 16 || characterClasses(value) < 2) return undefined;
  if (shannonEntropy(value) < entropyFloor(value) || notACredential(value, false)) return undefined;
  return 'random';
};
export const judgeSecretValue = remembered(new Map(), judgeSecretValueNow);

/**
 * A password: 'random' when generated (long, three character classes, high
 * entropy), 'human' when chosen by a person (`Summer2024!`); undefined when it
 * is not a password at all (a word, a stand-in, a reference …).
 */
const judgePasswordValueNow = (value: string): Strength | undefined => {
  if (value.length < 6) return undefined;
  // Single words and numbers are defaults, ports and labels far more often than passwords.
  if (/^[a-z]+$|^[A-Z]+$|^\d+$/.test(value)) return undefined;
  const classes = characterClasses(value);
  if (classes < 2 || (value.length < 8 && classes < 3)) return undefined;
  if (shannonEntropy(value) < Math.min(2.5, entropyFloor(value))) return undefined;
  if (notACredential(value, true)) return undefined;
  const random = (value.length >= 12 && classes >= 3) || value.length >= 16;
  return random && shannonEntropy(value) >= entropyFloor(value) ? 'random' : 'human';
};
export const judgePasswordValue = remembered(new Map(), judgePasswordValueNow);

/** The judges without their memory (tests check the remembered verdicts equal these). */
export const judgesUncached = { password: judgePasswordValueNow, secret: judgeSecretValueNow };

// ---------------------------------------------------------------------------
// Candidates
// ---------------------------------------------------------------------------

const cache = new WeakMap<Document, GenericCandidate[]>();

export function genericCandidates(ctx: RuleContext): GenericCandidate[] {
  const doc = ctx.document;
  let list = cache.get(doc);
  if (!list) {
    list = collect(ctx);
    cache.set(doc, list);
  }
  return list;
}

const DOC_PATH = /\.(?:md|mdx|markdown|rst|adoc|asciidoc|txt|html?|ipynb)$/i;
/** `.env.example`, `config.sample.yaml`, `settings.dist.php`, `app.template.json`: templates users copy. */
const EXAMPLE_PATH = /(?:^|[/.\\_-])(?:example|examples|sample|samples|template|templates|dist|tmpl|tpl|defaults?)(?:[/.\\_-]|$)/i;

/** Files written for readers or to be copied: only values that look generated are reported there. */
function strictFile(doc: Document): boolean {
  return DOC_PATH.test(doc.path) || EXAMPLE_PATH.test(doc.path);
}

function isMinified(doc: Document): boolean {
  return /\.min\.(?:js|mjs|css)$|\.bundle\.js$|\.map$/i.test(doc.path);
}

const CODE_FORMATS = new Set(['typescript', 'tsx', 'javascript', 'python', 'go', 'java', 'csharp', 'ruby', 'php', 'shell', 'dotenv', 'ini', 'properties']);

function collect(ctx: RuleContext): GenericCandidate[] {
  const doc = ctx.document;
  if (doc.flavors.includes('lockfile') || isMinified(doc)) return [];
  const strict = strictFile(doc);
  const out: GenericCandidate[] = [];
  // Sorted by start; values are at most MAX_VALUE long, so only neighbours can overlap.
  const starts: number[] = [];
  const add = (c: Omit<GenericCandidate, 'strictOnly'>): void => {
    if (c.range.end <= c.range.start || c.range.end - c.range.start > MAX_VALUE) return;
    const at = lowerBound(starts, c.range.start - MAX_VALUE);
    for (let i = at; i < starts.length && starts[i] < c.range.end; i++) {
      const o = byStart.get(starts[i])!;
      if (c.range.start < o.range.end && o.range.start < c.range.end) return;
    }
    if (lineLength(doc, c.range.start) > MAX_LINE) return;
    const candidate = { ...c, strictOnly: strict };
    out.push(candidate);
    starts.splice(lowerBound(starts, c.range.start), 0, c.range.start);
    byStart.set(c.range.start, candidate);
  };
  const byStart = new Map<number, GenericCandidate>();

  // Asked only for a credential-named `data.*` value (a scan of the whole text otherwise at every keystroke).
  let kubernetesSecretFound: boolean | undefined;
  const kubernetesSecret = (): boolean => (kubernetesSecretFound ??= doc.flavors.includes('kubernetes') && /^kind:\s*["']?Secret["']?\s*$/m.test(doc.text));
  // Source code gets its assignments from a syntax tree; when no quoted value in the file could
  // pass either judge, no assignment can yield a finding and the tree is never built.
  const assignments = LAZY_PARSE_FORMATS.has(doc.format) && !couldHoldNamedGenericSecret(doc.text) ? [] : ctx.facts('assignment');
  for (const { fact, name, kind } of namedAssignments(assignments)) {
    const range = doc.text.slice(fact.valueRange.start, fact.valueRange.end) === fact.value ? fact.valueRange : undefined;
    if (/^data\./.test(fact.keyPath ?? '') && kubernetesSecret()) {
      // Kubernetes Secret `data:` values are base64 of the secret: judge what they decode to.
      const decoded = decodeBase64Text(fact.value);
      if (decoded !== undefined) add({ kind, name, value: decoded, range: fact.valueRange, fact });
      continue;
    }
    if (!range) continue;
    add({ kind, name, value: fact.value, range, fact });
  }

  for (const m of textCandidates(doc)) add(m);
  return out;
}

/**
 * The assignments named like a credential, with a value of a judgeable length, in list order.
 * Remembered per part of the list (partsOf): a manifest's per-document lists stay the same
 * while their document is unchanged (only their ranges move), so a keystroke reads the
 * names of one document, not of the whole stream.
 */
function namedAssignments(assignments: readonly AssignmentFact[]): NamedAssignment[] {
  const parts = partsOf(assignments);
  if (parts.length === 1) return namedIn(parts[0]);
  const out: NamedAssignment[] = [];
  for (const part of parts) for (const named of namedIn(part)) out.push(named);
  return out;
}

interface NamedAssignment {
  fact: AssignmentFact;
  name: string;
  kind: SecretNameKind;
}

const namedByPart = new WeakMap<readonly AssignmentFact[], NamedAssignment[]>();

function namedIn(part: readonly AssignmentFact[]): NamedAssignment[] {
  let named = namedByPart.get(part);
  if (!named) {
    named = [];
    for (const fact of part) {
      if (!fact.key || fact.value.length === 0 || fact.value.length > MAX_VALUE) continue;
      const kind = secretNameKind(fact.key);
      if (kind) named.push({ fact, name: fact.key, kind });
    }
    namedByPart.set(part, named);
  }
  return named;
}

/** First index whose value is ≥ target (binary search). */
function lowerBound(sorted: number[], target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lineLength(doc: Document, offset: number): number {
  const line = doc.lines.positionAt(offset).line;
  const start = doc.lines.lineStart(line);
  const next = line + 1 < doc.lines.lineCount ? doc.lines.lineStart(line + 1) : doc.text.length;
  return next - start;
}

function decodeBase64Text(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]{4,}={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  // Binary (certificates, keystores) is another rule's business; text must round-trip and be printable.
  if (Buffer.from(decoded, 'utf8').toString('base64') !== value || !/^[\x21-\x7e]+$/.test(decoded)) return undefined;
  return decoded;
}

// ---------------------------------------------------------------------------
// Text patterns (linear: one bounded quantifier per alternative, no nesting)
// ---------------------------------------------------------------------------

// Every value pattern ends in the same three alternatives: a double-quoted, a single-quoted or a
// bare value (`dq`, `sq`, `bare`). Written out as literals so that the ReDoS test checks each one.

/** `--password=…`, `--password …`, `--client-secret "…"`, `--token '…'`. */
const LONG_FLAG = /(?<![\w-])--(?<name>[A-Za-z][A-Za-z0-9_-]{1,40})(?:=|[ \t]{1,10})(?:"(?<dq>[^"\r\n]{1,300})"|'(?<sq>[^'\r\n]{1,300})'|(?<bare>[^\s"'`;<>(){}\\]{1,300}))/g;

/** mysql family: the password glued to `-p` (`-pS3cret`, `-p'…'`); `-p` alone prompts. */
const MYSQL_P = /(?<![\w-])-p(?:"(?<dq>[^"\r\n]{1,300})"|'(?<sq>[^'\r\n]{1,300})'|(?<bare>[^\s"'`;<>(){}\\]{1,300}))/g;
const MYSQL_CONTEXT = /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mariadb|mariadb-dump)\b/;
/** The same words in any case (the whole text is not lower-cased for one test). */
const MYSQL_CONTEXT_ANY_CASE = /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mariadb|mariadb-dump)\b/i;

/** `sshpass -p '…'`. */
const SSHPASS = /\bsshpass[ \t]{1,10}-p[ \t]{0,10}(?:"(?<dq>[^"\r\n]{1,300})"|'(?<sq>[^'\r\n]{1,300})'|(?<bare>[^\s"'`;<>(){}\\]{1,300}))/g;

/** Shell-style `NAME=value` (optionally after export/ENV/ARG/set), inside scripts embedded in YAML, Dockerfiles, heredocs, docs. */
const ENV_ASSIGN = /(?<![\w$.{-])(?<name>[A-Za-z_][A-Za-z0-9_]{1,60})=(?:"(?<dq>[^"\r\n]{1,300})"|'(?<sq>[^'\r\n]{1,300})'|(?<bare>[^\s"'`;<>(){}\\]{1,300}))/g;

/** Dockerfile `ENV NAME value` (legacy form without `=`). */
const DOCKER_ENV_SPACE = /^[ \t]*(?:ENV|ARG)[ \t]{1,10}(?<name>[A-Za-z_][A-Za-z0-9_]{1,60})[ \t]{1,10}(?<bare>[^\s="'][^\s"']{0,299})[ \t]*$/gm;

/** `name: value` / `name = value` in files no parser understood (docs, broken YAML). */
const KEY_COLON = /(?<![\w.-])["']?(?<name>[A-Za-z_][\w.-]{1,60})["']?[ \t]{0,5}[:=][ \t]{0,5}(?:"(?<dq>[^"\r\n]{1,300})"|'(?<sq>[^'\r\n]{1,300})'|(?<bare>[^\s"'`;<>(){}\\]{1,300}))/g;

/** XML element `<password>…</password>`, with optional attributes. */
const XML_ELEMENT = /<(?<name>[A-Za-z_][\w.:-]{0,60})(?:[ \t][^<>\r\n]{0,200})?>(?<bare>[^<>\r\n]{1,300})<\/\k<name>[ \t]*>/g;
/** .NET appSettings / Spring beans: `key="DbPassword" value="…"`, `name="password" value="…"`. */
const XML_KEY_VALUE = /\b(?:key|name)[ \t]{0,3}=[ \t]{0,3}"(?<name>[^"\r\n]{1,80})"[ \t\r\n]{1,40}value[ \t]{0,3}=[ \t]{0,3}"(?<dq>[^"\r\n]{1,300})"/g;
/** Attributes named like a credential: `password="…"`, `apiKey="…"`. */
const XML_ATTRIBUTE = /(?<![\w:.-])(?<name>[A-Za-z_][\w:.-]{0,60})[ \t]{0,3}=[ \t]{0,3}"(?<dq>[^"<>\r\n]{1,300})"/g;

/** .netrc: `machine host login user password …`. */
const NETRC_PASSWORD = /(?<![\w-])password[ \t]{1,10}(?<bare>[^\s]{1,300})/g;

type Found = Omit<GenericCandidate, 'strictOnly'>;

/** A match whose `name` is a credential name (what matchesOf keeps with `secretNameKind`). */
const hasSecretName = (m: RegExpMatchArray): boolean => m.groups?.name !== undefined && secretNameKind(m.groups.name) !== undefined;

/**
 * Patterns that never match or look at a line break: an editor keeps their matches line
 * by line (lineMatches). test/typing-caches.test.ts checks each against a whole-text scan.
 */
export const LINE_LOCAL_PATTERNS: readonly RegExp[] = [LONG_FLAG, MYSQL_P, SSHPASS, ENV_ASSIGN, DOCKER_ENV_SPACE, KEY_COLON, NETRC_PASSWORD];

function matchesOf(doc: Document, re: RegExp, kindOf: (name: string) => SecretNameKind | undefined, fixedName?: string): Generator<Found> {
  re.lastIndex = 0;
  const lineLocal = LINE_LOCAL_PATTERNS.includes(re);
  // Lines whose match has no credential name are dropped once, in the per-line memo.
  return found(lineLocal ? lineMatches(doc, re, fixedName === undefined && kindOf === secretNameKind ? hasSecretName : undefined) : doc.text.matchAll(re), re, kindOf, fixedName);
}

/** The candidates among a pattern's matches: named like a credential, with a value. */
function* found(matches: Iterable<RegExpMatchArray>, re: RegExp, kindOf: (name: string) => SecretNameKind | undefined, fixedName?: string): Generator<Found> {
  for (const m of matches) {
    const g = m.groups ?? {};
    const name = fixedName ?? g.name;
    if (!name) continue;
    const kind = kindOf(name);
    if (!kind) continue;
    const raw = g.dq ?? g.sq ?? g.bare;
    if (raw === undefined) continue;
    const offset = (m.index ?? 0) + m[0].lastIndexOf(raw);
    const value = re === XML_ELEMENT || re === XML_ATTRIBUTE || re === XML_KEY_VALUE ? decodeXmlEntities(raw) : raw;
    yield { kind, name, value, range: { start: offset, end: offset + raw.length } };
  }
}

function textCandidates(doc: Document): Found[] {
  const out: Found[] = [];
  const text = doc.text;
  const byName = secretNameKind;
  const isCode = CODE_FORMATS.has(doc.format);

  if (text.includes('--')) out.push(...matchesOf(doc, LONG_FLAG, byName));
  if (/-p\S/.test(text) && MYSQL_CONTEXT_ANY_CASE.test(text)) {
    for (const f of matchesOf(doc, MYSQL_P, () => 'password', 'mysql -p')) {
      if (MYSQL_CONTEXT.test(doc.lines.lineText(doc.lines.positionAt(f.range.start).line))) out.push(f);
    }
  }
  if (/sshpass/i.test(text)) out.push(...matchesOf(doc, SSHPASS, () => 'password', 'sshpass -p'));
  // Code and key-value formats have exact assignment facts; elsewhere scripts hide in strings and heredocs.
  if (!isCode) out.push(...matchesOf(doc, ENV_ASSIGN, byName));
  if (doc.format === 'dockerfile') out.push(...matchesOf(doc, DOCKER_ENV_SPACE, byName));
  if (doc.format === 'xml' || /\.(?:xml|config|csproj|xaml|plist|jmx)$/i.test(doc.path)) {
    out.push(...matchesOf(doc, XML_ELEMENT, byName), ...matchesOf(doc, XML_KEY_VALUE, byName), ...matchesOf(doc, XML_ATTRIBUTE, byName));
  }
  if (/(?:^|\/)[._]netrc$/.test(doc.path)) out.push(...matchesOf(doc, NETRC_PASSWORD, () => 'password', 'password'));
  // `name: value` lines in what no parser read as data.
  const opaque = opaqueYamlCandidates(doc);
  if (opaque) out.push(...opaque);
  else if (doc.format === 'text' || doc.format === 'dockerfile' || (!isCode && (!doc.parsed || doc.problems.length > 0))) {
    out.push(...matchesOf(doc, KEY_COLON, byName));
  }
  return out;
}

/**
 * `name: value` candidates in what a parsed YAML stream holds as text rather than data: its
 * documents that did not parse, and the block scalars (`|`, `>`) of those that did — files
 * and scripts embedded in ConfigMaps, Helm values and workflows (`config.yaml: |` with a
 * `password:` inside). The rest has exact assignment facts. Undefined when the whole text
 * must be scanned instead (another format, nothing parsed, a problem outside the documents
 * such as the nesting limit or a time-budget stop).
 *
 * Scanning the whole stream whenever one document broke made what was found in one document
 * depend on whether another one parsed, and cost an editor a scan of the whole file at the
 * first keystroke that broke any document.
 */
function opaqueYamlCandidates(doc: Document): Found[] | undefined {
  if (doc.format !== 'yaml' || doc.parsed?.kind !== 'yaml') return undefined;
  const documents = doc.parsed.documents;
  const inBroken = (offset: number): boolean => documents.some((d) => d.errors.length > 0 && d.range !== undefined && offset >= d.range[0] && offset <= d.range[2]);
  if (!doc.problems.every((p) => inBroken(p.range.start))) return undefined;
  // No `|` or `>` anywhere: no block scalar (most manifests); only broken documents are read.
  const mayHaveBlocks = /[|>]/.test(doc.text);
  const out: Found[] = [];
  for (const d of documents) if (d.errors.length > 0 || mayHaveBlocks) out.push(...opaqueCandidatesOf(d, doc.text));
  return out;
}

/**
 * One document's candidates, remembered with the offset the document started at: an editor
 * hands back the documents a keystroke did not touch (same objects, moved), so a keystroke
 * reads only the document it changed. Fresh objects each time (results keep their ranges).
 */
const opaqueFound = new WeakMap<YAML.Document.Parsed, { at: number; found: Found[] }>();

function opaqueCandidatesOf(d: YAML.Document.Parsed, text: string): Found[] {
  const at = d.range?.[0] ?? 0;
  let memo = opaqueFound.get(d);
  if (!memo) {
    const ranges: Range[] = [];
    if (d.errors.length > 0) {
      if (d.range) ranges.push({ start: d.range[0], end: d.range[2] });
    } else {
      for (const block of collectBlockScalars(d.contents, [], 0)) if (block.range) ranges.push({ start: block.range[0], end: block.range[1] });
    }
    memo = { at, found: ranges.flatMap((range) => keyColonMatchesIn(text, range)) };
    opaqueFound.set(d, memo);
  }
  const delta = at - memo.at;
  return memo.found.map((f) => ({ ...f, range: { start: f.range.start + delta, end: f.range.end + delta } }));
}

/** Block scalar values under `node` (keys are never block scalars in practice; depth is bounded by the parse's nesting limit). */
function collectBlockScalars(node: unknown, out: YAML.Scalar[], depth: number): YAML.Scalar[] {
  if (depth > 250) return out;
  if (YAML.isScalar(node)) {
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') out.push(node);
  } else if (YAML.isMap(node)) {
    for (const pair of node.items) collectBlockScalars(pair.value, out, depth + 1);
  } else if (YAML.isSeq(node)) {
    for (const item of node.items) collectBlockScalars(item, out, depth + 1);
  }
  return out;
}

/**
 * KEY_COLON's candidates within `range`. The slice starts where a document does (a line
 * start, or after `--- `), where the pattern's lookbehind allows a match either way.
 */
function keyColonMatchesIn(text: string, range: Range): Found[] {
  const matches = [...text.slice(range.start, range.end).matchAll(KEY_COLON)];
  for (const m of matches) m.index = (m.index ?? 0) + range.start;
  return [...found(matches, KEY_COLON, secretNameKind)];
}

function decodeXmlEntities(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? _);
}

// ---------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------

function isLocalEnvFile(ctx: RuleContext): boolean {
  const envFile = ctx.config.envFile.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return envFile !== '' && ctx.document.path === envFile;
}

function shortName(name: string): string {
  return name.length > 60 ? `${name.slice(0, 57)}…` : name;
}

export interface GenericRuleSpec {
  kind: SecretNameKind;
  judge(value: string): Strength | undefined;
  severity(strength: Strength): Severity;
  /** 'password', 'secret': what the message calls it. */
  noun(strength: Strength): string;
  fallbackEnvName: string;
}

export function checkGeneric(ctx: RuleContext, spec: GenericRuleSpec): FindingDraft[] {
  if (isLocalEnvFile(ctx)) return [];
  const drafts: FindingDraft[] = [];
  for (const c of genericCandidates(ctx)) {
    if (c.kind !== spec.kind) continue;
    const strength = spec.judge(c.value);
    if (!strength || (c.strictOnly && strength !== 'random')) continue;
    const secretText = ctx.document.text.slice(c.range.start, c.range.end);
    // secretToEnvFix decides per syntax (code literal, or a config format's reference) whether it can fix.
    const fixes = (): Fix[] => {
      const fix = c.fact
        ? secretToEnvFix({ ctx, fact: c.fact, fallbackName: spec.fallbackEnvName, what: spec.noun(strength) })
        : secretInTextFix({ ctx, range: c.range, secret: secretText, fallbackName: spec.fallbackEnvName, what: spec.noun(strength) });
      return fix ? [fix] : [];
    };
    drafts.push({
      message: `Hard-coded ${spec.noun(strength)} ${mask(secretText)} assigned to "${shortName(c.name)}". Rotate it and load it from the environment or a secret store.`,
      range: c.range,
      severity: spec.severity(strength),
      fixes,
      identity: { kind: 'api-key', name: `${shortName(c.name)}:${mask(secretText)}` },
      secret: secretText,
      fingerprintContext: secretText,
    });
  }
  return drafts;
}
