/**
 * secret/aws-access-key-id: a hard-coded AWS access key id (AKIA… long-lived
 * user key, ASIA… temporary STS key, ABIA/ACCA service keys), and the secret
 * access key paired with it in the same file.
 *
 * The key id is found in the raw text, so every format is covered, including
 * files that did not parse. Not reported: AWS documentation samples (…EXAMPLE),
 * visible placeholders (AKIAXXXXXXXXXXXXXXXX, one repeated character, an
 * alphabetical run), and anything in a lockfile. `AKIA1234567890ABCDEF`-style
 * stand-ins never match: 0, 1, 8 and 9 are outside the key's base32 alphabet.
 *
 * The secret access key (40 characters of base64) is reported only when it is
 * assigned to a telling name (aws_secret_access_key, secretAccessKey,
 * AWS_SECRET_KEY, `secret_key` under an aws provider …), so a sha1 or a random
 * 40-character token elsewhere is never taken for one. With a key id in the
 * same file the two findings point at each other; without one the secret is
 * still reported, so that moving the key id out first does not hide the secret.
 */
import { quotedValueGate } from '../../server/src/engine/secrets/quoted-values';
import { LAZY_PARSE_FORMATS } from '../../server/src/engine/documents/parse';
import type { AssignmentFact, Fix, Range, RelatedLocation } from '../../server/src/engine/model';
import type { FindingDraft, Rule, RuleContext } from '../../server/src/engine/rule';
import { mask } from '../../server/src/engine/mask';
import { isHashOrUuid, isPlaceholder, isReference, normalizeName, shannonEntropy } from '../../server/src/engine/secrets/values';
import { secretInTextFix, secretToEnvFix } from '../../server/src/engine/fixes/secret-to-env';

const RULE_ID = 'secret/aws-access-key-id';

/** Key id on word boundaries; `+`, `/` and `_` count as word characters so base64 blobs and identifiers do not match inside. */
const KEY_ID = /(?<![A-Za-z0-9_+/])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9_+/])/g;

const SECRET_SHAPE = /^[A-Za-z0-9/+]{40}$/;

/**
 * For text without assignment facts (unparsed files, Markdown, ~/.aws/credentials):
 * a telling name, a short separator (`=`, `: "`, `" => '` …), then 40 base64 characters.
 * Bounded quantifiers only.
 */
const SECRET_AFTER_NAME =
  /(?:aws_?secret(?:_?access)?(?:_?key)?|secret_?access_?key)["']?[ \t]{0,20}(?:=>|[=:])[ \t]{0,20}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gid;

/** Lines between a key id and a secret found by text alone for them to count as a pair. */
const NEARBY_LINES = 10;

interface KeyId {
  value: string;
  range: Range;
  line: number;
}

interface SecretKey {
  value: string;
  range: Range;
  line: number;
  fact?: AssignmentFact;
  /** Found by the name-then-value pattern, not through an assignment fact. */
  byText?: boolean;
}

/** Names a secret access key goes by, compared without case and separators. */
export function isAwsSecretName(key: string | undefined, keyPath: string | undefined): boolean {
  if (!key) return false;
  const name = normalizeName(key);
  if (name.includes('secretaccesskey') || name.startsWith('awssecret') || name.endsWith('awssecret')) return true;
  // `secret_key = "…"` inside `provider "aws"`, `aws.secret = …`: generic name, AWS context.
  if (name === 'secretkey' || name === 'secret') return normalizeName(keyPath ?? '').includes('aws');
  return false;
}

/** 40 base64 characters that look machine-generated: mixed case, not hex, not a stand-in. */
export function looksLikeSecretAccessKey(value: string): boolean {
  if (!SECRET_SHAPE.test(value)) return false;
  if (isHashOrUuid(value) || isPlaceholder(value) || isReference(value)) return false;
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value)) return false;
  return shannonEntropy(value) >= 3.5;
}

/**
 * A necessary condition, on any text, for an assignment value to pass SECRET_SHAPE: its 40
 * characters stand together in the text, unless an escape (`\/`, `\u0041`, an escaped line
 * break) spells some of them.
 */
export function mayHoldSecretKeyText(text: string): boolean {
  return /[A-Za-z0-9/+]{40}/.test(text) || text.includes('\\');
}

export function isPlaceholderKeyId(id: string): boolean {
  return id.endsWith('EXAMPLE') || isPlaceholder(id) || isPlaceholder(id.slice(4));
}

function findKeyIds(ctx: RuleContext): KeyId[] {
  const { text, lines } = ctx.document;
  const out: KeyId[] = [];
  for (const m of text.matchAll(KEY_ID)) {
    const start = m.index ?? 0;
    if (isPlaceholderKeyId(m[0])) continue;
    out.push({ value: m[0], range: { start, end: start + m[0].length }, line: lines.positionAt(start).line });
  }
  return out;
}

function findSecretKeys(ctx: RuleContext): SecretKey[] {
  const { text, lines } = ctx.document;
  const out: SecretKey[] = [];
  const seen = new Set<number>();
  // Source code: no quoted value shaped like a secret key → no need for the syntax tree.
  // Elsewhere: no 40 key characters side by side (and no escape that could join them) → no
  // value can pass, and the file is not parsed for its assignments (a catalog of hex ids
  // matches the keyword `acca`).
  const couldHoldKey = LAZY_PARSE_FORMATS.has(ctx.document.format) ? secretKeyGate(text) : mayHoldSecretKeyText(text);
  const assignments = couldHoldKey ? ctx.facts('assignment') : [];
  for (const fact of assignments) {
    if (!isAwsSecretName(fact.key, fact.keyPath) || !looksLikeSecretAccessKey(fact.value)) continue;
    // Point at the characters in the file; escapes can make the decoded value differ from the source text.
    const range = text.slice(fact.valueRange.start, fact.valueRange.end) === fact.value ? fact.valueRange : fact.literalRange;
    seen.add(range.start);
    out.push({ value: fact.value, range, line: lines.positionAt(range.start).line, fact });
  }
  for (const m of text.matchAll(SECRET_AFTER_NAME)) {
    const span = m.indices?.[1];
    if (!span || seen.has(span[0]) || !looksLikeSecretAccessKey(m[1])) continue;
    const line = lines.positionAt(span[0]).line;
    seen.add(span[0]);
    out.push({ value: m[1], range: { start: span[0], end: span[1] }, line, byText: true });
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

/**
 * Each secret goes with the nearest key id (by line, then the earlier one).
 * Secrets found by text alone pair only with a key id on a nearby line.
 */
function pair(ids: KeyId[], secrets: SecretKey[]): Map<SecretKey, KeyId> {
  const pairs = new Map<SecretKey, KeyId>();
  for (const s of secrets) {
    let best: KeyId | undefined;
    for (const id of ids) if (!best || Math.abs(id.line - s.line) < Math.abs(best.line - s.line)) best = id;
    if (best && (!s.byText || Math.abs(best.line - s.line) <= NEARBY_LINES)) pairs.set(s, best);
  }
  return pairs;
}

/** The string literal that holds exactly this value (what the quick fix replaces). */
function literalFact(ctx: RuleContext, range: Range, value: string): AssignmentFact | undefined {
  return ctx.facts('assignment').find((f) => f.valueRange.start === range.start && f.valueRange.end === range.end && f.value === value);
}

/**
 * The configured local env file (default `.env.local`) is where the quick fix
 * puts secrets; the fix also makes sure git ignores it. Reporting its content
 * would flag the remedy as the problem.
 */
function isLocalEnvFile(ctx: RuleContext): boolean {
  const envFile = ctx.config.envFile.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return envFile !== '' && ctx.document.path === envFile;
}

/**
 * A key outside any literal (documentation, a comment, a Dockerfile line, a
 * command): the text fixes (placeholder, BuildKit mount …). A key inside a
 * longer literal (a URL) gets none: moving the whole value is not a key fix.
 */
function outsideLiteralFix(ctx: RuleContext, range: Range, value: string, fallbackName: string, what: string): Fix | undefined {
  if (ctx.facts('assignment').some((f) => f.valueRange.start <= range.start && range.end <= f.valueRange.end)) return undefined;
  return secretInTextFix({ ctx, range, secret: value, fallbackName, what });
}

function check(ctx: RuleContext): FindingDraft[] {
  if (ctx.document.flavors.includes('lockfile') || isLocalEnvFile(ctx)) return [];
  const ids = findKeyIds(ctx);
  const secrets = findSecretKeys(ctx);
  const pairs = pair(ids, secrets);
  const uri = ctx.document.uri;
  const drafts: FindingDraft[] = [];

  for (const id of ids) {
    const mine = secrets.filter((s) => pairs.get(s) === id);
    const kind = id.value.startsWith('ASIA') ? 'AWS temporary (STS) access key id' : 'AWS access key id';
    const with_ = mine.length > 0 ? ` with its secret access key on line ${mine[0].line + 1}` : '';
    const related: RelatedLocation[] = mine.map((s) => ({ uri, range: s.range, message: `Secret access key ${mask(s.value)} paired with this key id` }));
    const fixes = (): Fix[] => {
      // Finding the literal needs the syntax tree: only when a fix is asked for.
      const fact = literalFact(ctx, id.range, id.value);
      const fix = fact ? secretToEnvFix({ ctx, fact, fallbackName: 'AWS_ACCESS_KEY_ID', what: 'AWS access key id' }) : outsideLiteralFix(ctx, id.range, id.value, 'AWS_ACCESS_KEY_ID', 'AWS access key id');
      return fix ? [fix] : [];
    };
    drafts.push({
      message: `${kind} ${mask(id.value)} is hard-coded${with_}. Rotate it and load it from the environment or a secret store.`,
      range: id.range,
      related: related.length > 0 ? related : undefined,
      fixes,
      identity: { kind: 'api-key', name: `aws:${mask(id.value)}` },
      secret: id.value,
      fingerprintContext: id.value,
    });
  }

  for (const s of secrets) {
    const id = pairs.get(s);
    const fact = s.fact && s.fact.value === s.value ? s.fact : undefined;
    const fixes = (): Fix[] => {
      const fix = fact ? secretToEnvFix({ ctx, fact, fallbackName: 'AWS_SECRET_ACCESS_KEY', what: 'AWS secret access key' }) : outsideLiteralFix(ctx, s.range, s.value, 'AWS_SECRET_ACCESS_KEY', 'AWS secret access key');
      return fix ? [fix] : [];
    };
    drafts.push({
      message: id
        ? `AWS secret access key ${mask(s.value)} paired with access key id ${mask(id.value)} is hard-coded. Rotate the key pair.`
        : `AWS secret access key ${mask(s.value)} is hard-coded. Rotate the key pair it belongs to.`,
      range: s.range,
      related: id ? [{ uri, range: id.range, message: `Access key id ${mask(id.value)}` }] : undefined,
      fixes,
      identity: { kind: 'api-key', name: `aws:${mask(id ? id.value : s.value)}` },
      secret: s.value,
      fingerprintContext: s.value,
    });
  }
  return drafts;
}

export const awsAccessKeyId: Rule = {
  id: RULE_ID,
  category: 'secret',
  severity: 'error',
  title: 'Hard-coded AWS access key id (and its secret access key)',
  appliesTo: ['text', 'assignment'],
  // Key id prefixes, and the names a secret access key goes by (lower-cased).
  keywords: ['akia', 'asia', 'abia', 'acca', 'secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret', 'secret_key'],
  check,
};

/** anyQuotedValue(text, looksLikeSecretAccessKey), each line's answer remembered (an editor asks on every keystroke). */
const secretKeyGate = quotedValueGate((value) => looksLikeSecretAccessKey(value));
