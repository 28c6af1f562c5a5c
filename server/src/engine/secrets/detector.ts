/**
 * Provider secret detectors, gitleaks-style: each detector has keywords for the
 * prefilter, one precise pattern, optional verification (checksum, entropy,
 * context) and true/false samples that a test validates. `secretRule()` turns a
 * family of detectors (one provider) into one Rule.
 */
import type { AssignmentFact, Fix, Severity } from '../model';
import type { FindingDraft, Rule, RuleContext } from '../rule';
import { mask } from '../mask';
import { secretInTextFix, secretToEnvFix } from '../fixes/secret-to-env';
import { isPlaceholder, isReference, shannonEntropy } from './values';

export type Verdict = 'checksum-valid' | 'checksum-invalid' | 'plausible' | 'reject';

export interface DetectorSamples {
  positive: string[];
  negative: string[];
}

/** True in tests, false in bundles (esbuild define): gates detector samples. */
declare global {
  const __NHI_SAMPLES__: boolean;
}

export interface Detector {
  /** Kebab name, unique within its rule: 'classic-pat'. */
  name: string;
  /** What it finds, as said in messages: 'GitHub personal access token (classic)'. */
  title: string;
  /**
   * Lower-case literals, at least one of which occurs in any true match (a
   * prefix like 'ghp_', or a context word like 'heroku'); the detector is skipped
   * when none occurs in the file.
   */
  keywords: string[];
  /**
   * Global regex; the secret is the named group `secret`, else the whole match.
   * Must be linear-time: bounded quantifiers, no nested repetition.
   */
  pattern: RegExp;
  /**
   * Required context for formats that are not distinctive on their own (a UUID
   * that is a Heroku key only next to the word "heroku"): tested against the
   * match's line and the line before it. Must be linear-time.
   */
  context?: RegExp;
  /**
   * For an argument of a command (`docker login -p …`): the command it belongs to must
   * match — tested against the text from the start of that command (after the last
   * unescaped line break or `;`, `&&`, `||`, `|`, joining `\`-continued lines) up to
   * the match. `-p` after `docker login` on the line before is someone else's flag.
   */
  command?: RegExp;
  /** Minimum Shannon entropy (bits/char) of the secret. */
  minEntropy?: number;
  /**
   * Extra judgement: a checksum that validates raises confidence, one that fails
   * lowers it (severity warning) but does not hide the finding; 'reject' drops it.
   */
  verify?(secret: string): Verdict;
  /** Overrides the rule's severity for this detector (e.g. encrypted keys: 'warning'). */
  severity?: Severity;
  /** Conventional environment variable name, for the quick fix: 'GITHUB_TOKEN'. */
  envName: string;
  /** Skip the placeholder check (for formats whose random part may look regular, e.g. PEM bodies). */
  allowRegular?: boolean;
  /**
   * Samples validated by test/secret-detectors.test.ts: every positive must match,
   * no negative may. Written as `__NHI_SAMPLES__ && { … }` so that bundles, where
   * the flag is false, carry no sample tokens (secret scanners would flag the
   * shipped extension, and nothing at run time reads them).
   */
  samples: DetectorSamples | false;
}

export interface SecretFamily {
  /** 'secret/<provider>' */
  id: string;
  title: string;
  severity?: Severity;
  /** Revocation / rotation page of the provider (also in the docs). */
  rotateUrl?: string;
  detectors: Detector[];
}

export interface SecretMatch {
  detector: Detector;
  secret: string;
  start: number;
  end: number;
  verdict: Verdict;
}

const withIndicesCache = new WeakMap<RegExp, RegExp>();

/** The same pattern with the `d` flag, so a named group's offset is known exactly. */
function withIndices(pattern: RegExp): RegExp {
  let copy = withIndicesCache.get(pattern);
  if (!copy) {
    copy = pattern.flags.includes('d') ? new RegExp(pattern.source, pattern.flags) : new RegExp(pattern.source, pattern.flags + 'd');
    withIndicesCache.set(pattern, copy);
  }
  copy.lastIndex = 0;
  return copy;
}

/** Runs one detector over a text; shared by rules and the sample test. */
export function matchDetector(detector: Detector, text: string): SecretMatch[] {
  const out: SecretMatch[] = [];
  for (const m of text.matchAll(withIndices(detector.pattern))) {
    const whole = m[0];
    const secret = m.groups?.secret ?? whole;
    if (!secret) continue;
    // The group's own position: the same text may also occur earlier in the match (`guest:guest@`).
    const start = m.indices?.groups?.secret?.[0] ?? m.index ?? 0;
    if (!detector.allowRegular && isPlaceholder(secret)) continue;
    if (isReference(secret)) continue;
    if (detector.minEntropy !== undefined && shannonEntropy(secret) < detector.minEntropy) continue;
    if (detector.context && !detector.context.test(surroundingLines(text, m.index ?? 0, whole.length))) continue;
    if (detector.command && !detector.command.test(commandBefore(text, m.index ?? 0))) continue;
    const verdict = detector.verify ? detector.verify(secret) : 'plausible';
    if (verdict === 'reject') continue;
    out.push({ detector, secret, start, end: start + secret.length, verdict });
  }
  return out;
}

/** How far around a match the context may reach, each way: a minified file must not cost a line scan per candidate. */
const CONTEXT_REACH = 400;

/** The command a match is an argument of, from its start up to the match (bounded by the reach). */
function commandBefore(text: string, index: number): string {
  const floor = Math.max(0, index - CONTEXT_REACH);
  let start = index;
  while (start > floor) {
    const c = text.charCodeAt(start - 1);
    if (c === 10) {
      // A line ending in a backslash continues the command.
      let k = start - 2;
      if (k >= 0 && text.charCodeAt(k) === 13) k--;
      if (k >= 0 && text.charCodeAt(k) === 92) {
        start--;
        continue;
      }
      break;
    }
    if (c === 59 /* ; */ || c === 124 /* | (also ||) */ || (c === 38 /* & */ && start >= 2 && text.charCodeAt(start - 2) === 38)) break;
    start--;
  }
  return text.slice(start, index);
}

/** The line(s) a match spans plus the line before (bounded): where a context word is expected. */
function surroundingLines(text: string, index: number, length: number): string {
  const floor = Math.max(0, index - CONTEXT_REACH);
  let start = index;
  let breaks = 0;
  // Back over at most two line breaks (this line and the one before), never past the reach.
  while (start > floor) {
    if (text.charCodeAt(start - 1) === 10 && ++breaks === 2) break;
    start--;
  }
  const ceiling = Math.min(text.length, index + length + CONTEXT_REACH);
  let end = index + length;
  while (end < ceiling && text.charCodeAt(end) !== 10) end++;
  return text.slice(start, end);
}

/** The string literal (or config value) whose value is exactly this secret: what a quick fix replaces. */
export function literalHolding(ctx: RuleContext, start: number, end: number, secret: string): AssignmentFact | undefined {
  return ctx.facts('assignment').find((f) => f.valueRange.start === start && f.valueRange.end === end && f.value === secret);
}

function isLocalEnvFile(ctx: RuleContext): boolean {
  const envFile = ctx.config.envFile.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return envFile !== '' && ctx.document.path === envFile;
}

/** A rule made of provider detectors; `family` is kept for the sample tests and docs. */
export interface SecretRule extends Rule {
  family: SecretFamily;
}

export function isSecretRule(rule: Rule): rule is SecretRule {
  return 'family' in rule;
}

/** Every provider family built by secretRule(), for providerFormatOwner(). */
const providerFamilies: SecretFamily[] = [];

/**
 * The provider detector whose format this exact value has, if any (shape only:
 * no context, placeholder or checksum judgement). Generic rules leave such
 * values to the provider rule, which runs first and may have decided on purpose
 * not to report one (a Firebase web API key is public by design).
 */
export function providerFormatOwner(value: string): Detector | undefined {
  const lower = value.toLowerCase();
  for (const family of providerFamilies) {
    for (const detector of family.detectors) {
      if (!detector.keywords.some((k) => lower.includes(k))) continue;
      for (const m of value.matchAll(withIndices(detector.pattern))) {
        if ((m.groups?.secret ?? m[0]) === value) return detector;
      }
    }
  }
  return undefined;
}

export function secretRule(family: SecretFamily): SecretRule {
  if (!family.id.startsWith('secret/generic-')) providerFamilies.push(family);
  const keywords = [...new Set(family.detectors.flatMap((d) => d.keywords))];
  return {
    family,
    id: family.id,
    category: 'secret',
    severity: family.severity ?? 'error',
    title: family.title,
    appliesTo: ['text'],
    keywords,
    check(ctx) {
      const doc = ctx.document;
      // Lockfiles hold integrity hashes and URLs, never credentials we should act on; the
      // local env file is where the quick fix deliberately puts secrets.
      if (doc.flavors.includes('lockfile') || isLocalEnvFile(ctx)) return [];
      const present = ctx.keywordsPresent;
      const drafts: FindingDraft[] = [];
      const taken: { start: number; end: number }[] = [];
      for (const detector of family.detectors) {
        if (present && !detector.keywords.some((k) => present.has(k))) continue;
        for (const match of matchDetector(detector, doc.text)) {
          // Detectors are listed most specific first: a span already claimed is not reported twice.
          if (taken.some((t) => match.start < t.end && t.start < match.end)) continue;
          taken.push(match);
          const fixes = (): Fix[] => {
            // Finding the literal needs source code's syntax tree: only when a fix is asked for.
            const fact = literalHolding(ctx, match.start, match.end, match.secret);
            const fix = fact
              ? secretToEnvFix({ ctx, fact, fallbackName: detector.envName, what: detector.title })
              : secretInTextFix({ ctx, range: match, secret: match.secret, fallbackName: detector.envName, what: detector.title });
            return fix ? [fix] : [];
          };
          const note = match.verdict === 'checksum-invalid' ? ' (its checksum does not validate, so it may be a test value)' : '';
          drafts.push({
            message: `${detector.title} ${mask(match.secret)} is hard-coded${note}. Revoke and rotate it, then load it from the environment or a secret store.`,
            range: { start: match.start, end: match.end },
            severity: match.verdict === 'checksum-invalid' ? 'warning' : detector.severity,
            fixes,
            identity: { kind: 'api-key', name: `${family.id.slice('secret/'.length)}:${mask(match.secret)}` },
            secret: match.secret,
            fingerprintContext: match.secret,
          });
        }
      }
      return drafts;
    },
  };
}
