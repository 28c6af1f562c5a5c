/**
 * analyze(document, config) → findings. Extract facts, run the rules that have
 * something to read, apply suppressions, fingerprint. Every step is guarded: an
 * extractor or rule that throws becomes a note on this file only, and a per-file
 * time budget stops work (with a note) rather than hanging the caller.
 */
import type { Config } from './config';
import { extractors, type ExtractEnv, type Extractor } from './extract';
import type { ProjectFiles } from './project/files';
import { linkFindings } from './project/links';
import { fingerprint, fingerprintOfNormalised, normaliseContext, secretHash } from './fingerprint';
import type { AnalysisResult, Document, Fact, FactKind, FactOf, FileNote, Finding, IdentityFact, LinkFact, Range } from './model';
import { disposeDocument, grammarsForPaths, LAZY_PARSE_FORMATS, parseDocument, type DocumentInput } from './documents/parse';
import { initTreeSitter } from './documents/tree-sitter';
import type { Rule, RuleContext } from './rule';
import { applySuppressions } from './suppress';
import { KeywordIndex } from './secrets/keyword-index';
import type { EditSession } from './edit-session';
import { secretSeverityAt } from './secrets/test-paths';
import { validateFixes } from './fixes/validate';
import { concatAll } from './arrays';
import { ENGINE_RULE_IDS, rules as allRules } from '../../../rules';

export interface AnalyzeOptions {
  config: Config;
  workspaceRoot?: string;
  readFile?: (uri: string) => string | undefined;
  /** Rules to run (tests); defaults to the registry. */
  rules?: Rule[];
  /** Include suppressed findings in the result (marked `suppressed`). Default false. */
  keepSuppressed?: boolean;
  /** Validate fixes by re-analysing the edited text (default true). */
  validateFixes?: boolean;
  /** Date used for suppression expiry (tests), YYYY-MM-DD. */
  today?: string;
  /** Other workspace files, for facts that span files (Terraform modules). */
  project?: ProjectFiles;
  /** Build the findings' fixes (default true). Diagnostics need none; code actions and the CLI do. */
  fixes?: boolean;
  /** Parse the document even if no rule needs its tree (fix validation checks the result parses). */
  parse?: boolean;
  /** The document's edit session (an editor between keystrokes): per-line answers are reused. */
  session?: EditSession;
  /** Skip extractors whose `mentions` the text lacks (default true; tests compare with false). */
  extractorPrefilters?: boolean;
}

/**
 * Must be awaited before analyze(): loads the tree-sitter grammars, all of them
 * or only those the given file paths need (a file whose grammar is not loaded
 * still gets every text-based check, and a note).
 */
export function initEngine(paths?: readonly string[]): Promise<void> {
  return initTreeSitter(paths ? grammarsForPaths(paths) : undefined);
}

export function analyzeText(input: DocumentInput, options: AnalyzeOptions): AnalysisResult {
  const started = Date.now();
  const budget = options.config.timeBudgetMs;
  const doc = parseDocument(input, Math.max(50, budget / 2));
  try {
    return analyzeDocument(doc, options, started);
  } finally {
    disposeDocument(doc);
  }
}

export function analyzeDocument(doc: Document, options: AnalyzeOptions, started = Date.now()): AnalysisResult {
  const { config } = options;
  const deadline = started + config.timeBudgetMs;
  doc.deadline = deadline;
  const notes: FileNote[] = [];
  const overBudget = (): boolean => {
    if (Date.now() <= deadline) return false;
    if (!notes.some((n) => n.kind === 'time-budget')) {
      notes.push({ kind: 'time-budget', message: `Analysis stopped after the ${config.timeBudgetMs} ms time budget; results for this file may be incomplete.` });
    }
    return true;
  };

  // Facts are extracted on first need. Configuration and IaC always get their identities and
  // links (they feed the inventory) and the rest on demand: e.g. a JSON file's assignments
  // only when a rule that read its keywords asks (a lockfile's or a big catalog's never).
  // Source code is extracted whole, and only when a rule reads a kind of fact an applicable
  // extractor produces — most source files then never build a syntax tree.
  const env: ExtractEnv = { project: options.project };
  // An extractor's `applies` may scan the text (a prefilter regex); asked once per analysis.
  const appliesTo = new Map<Extractor, boolean>();
  const prefilter = options.extractorPrefilters !== false;
  const applies = (extractor: Extractor): boolean => {
    let verdict = appliesTo.get(extractor);
    if (verdict === undefined) {
      verdict = extractor.applies(doc) && (!prefilter || !extractor.mentions || extractor.mentions.test(doc.text) || mayHideWords(doc.text));
      appliesTo.set(extractor, verdict);
    }
    return verdict;
  };
  // Each extractor runs at most once; its facts are kept per extractor and a kind's list is
  // assembled in registry order, whatever order the extractors ran in.
  const outputs = new Map<Extractor, Fact[]>();
  let budgetSpent = false;
  const run = (extractor: Extractor): void => {
    if (outputs.has(extractor)) return;
    outputs.set(extractor, []);
    if (budgetSpent || (budgetSpent = overBudget())) return;
    try {
      if (applies(extractor)) outputs.set(extractor, extractor.extract(doc, env));
    } catch (err) {
      notes.push({ kind: 'internal-error', message: `Extractor ${extractor.name} failed: ${errorText(err)}` });
    }
  };
  const lazy = LAZY_PARSE_FORMATS.has(doc.format);
  const facts = new Map<FactKind, Fact[]>();
  const factsOf = (kind: FactKind): Fact[] => {
    let list = facts.get(kind);
    if (!list) {
      const parts: Fact[][] = [];
      for (const extractor of extractors) {
        if (!extractor.produces.includes(kind)) continue;
        // Source code: the first need extracts everything (as one pass over one syntax tree).
        if (lazy) extractors.forEach(run);
        else run(extractor);
        const output = outputs.get(extractor)!;
        if (output.length > 0) parts.push(extractor.produces.length === 1 ? output : output.filter((fact) => fact.kind === kind));
      }
      // One contributor's list as it is (an editor asks at every keystroke: a copy of a manifest's thousands of assignments each time).
      list = parts.length === 1 ? parts[0] : concatAll(parts);
      facts.set(kind, list);
    }
    return list;
  };
  if (options.parse) void doc.parsed;
  if (!lazy) {
    factsOf('identity');
    factsOf('link');
  }
  /** Are there facts of this kind? Extracts only if an applicable extractor can produce it. */
  const hasFacts = (kind: FactKind): boolean => {
    if (!facts.has(kind) && !extractors.some((e) => e.produces.includes(kind) && applies(e))) return false;
    return factsOf(kind).length > 0;
  };

  const ctx: RuleContext = {
    document: doc,
    config,
    facts: <K extends FactKind>(kind: K) => factsOf(kind) as FactOf<K>[],
    workspaceRoot: options.workspaceRoot,
    readFile: options.readFile,
    project: options.project,
  };
  const activeRules = options.rules ?? allRules;
  // One pass over the text for every rule's keywords; rules and detectors then test set membership.
  const keywordIndex = keywordIndexFor(activeRules);
  const keywordsPresent = options.session ? options.session.keywords(keywordIndex, doc.text) : keywordIndex.find(doc.text);
  ctx.keywordsPresent = keywordsPresent;
  const findings: Finding[] = [];
  const occurrences = new Map<string, number>();
  // Spans reported by earlier secret rules, sorted and merged (binary-searched per finding).
  let claimed: Range[] = [];
  for (const rule of rulesForSyntax(activeRules, doc)) {
    const setting = config.rules[rule.id];
    if (setting === 'off') continue;
    if (rule.defaultOff && setting === undefined) continue;
    if (!ruleApplies(rule, doc, hasFacts, keywordsPresent)) continue;
    if (overBudget()) break;
    const ruleSpans: Range[] = [];
    try {
      for (const draft of rule.check(ctx)) {
        const range = clampRange(draft.range, doc.text.length);
        if (!range) {
          notes.push({ kind: 'internal-error', message: `Rule ${rule.id} returned an invalid range; the finding was dropped.` });
          continue;
        }
        let severity = setting ?? draft.severity ?? rule.severity;
        if (rule.category === 'secret') {
          // One secret, one finding: rules run in registry order (providers before
          // generic rules), and a span an earlier secret rule reported is not reported again.
          if (overlapsAny(claimed, range)) continue;
          ruleSpans.push(range);
          // Secrets in tests and fixtures are still reported, at the (lower) configured severity.
          const adjusted = secretSeverityAt(doc.path, severity, config);
          if (adjusted === 'off') continue;
          severity = adjusted;
        }
        const context = draft.fingerprintContext !== undefined
          ? (draft.secret !== undefined && draft.fingerprintContext === draft.secret ? secretHash(draft.secret) : draft.fingerprintContext)
          : doc.lines.lineText(doc.lines.positionAt(range.start).line);
        // Count on the normalised form, as fingerprint() hashes it: two lines that differ
        // only in whitespace must get different occurrence numbers, not equal fingerprints.
        const normalised = normaliseContext(context);
        const key = `${rule.id}\u0000${normalised}`;
        const n = occurrences.get(key) ?? 0;
        occurrences.set(key, n + 1);
        findings.push({
          ruleId: rule.id,
          message: draft.message,
          range,
          severity,
          fingerprint: fingerprintOfNormalised(rule.id, doc.path, normalised, n),
          fixes: options.fixes === false || !draft.fixes ? [] : typeof draft.fixes === 'function' ? (draft.fixes() ?? []) : draft.fixes,
          related: draft.related,
          identity: draft.identity,
        });
      }
    } catch (err) {
      notes.push({ kind: 'internal-error', message: `Rule ${rule.id} failed: ${errorText(err)}` });
    }
    if (ruleSpans.length > 0) claimed = mergeSpans(claimed, ruleSpans);
  }

  let expired: ReturnType<typeof applySuppressions>['expired'] = [];
  try {
    expired = applySuppressions(doc, findings, options.today).expired;
  } catch (err) {
    notes.push({ kind: 'internal-error', message: `Reading suppressions failed: ${errorText(err)}` });
  }
  const expiredSetting = config.rules[ENGINE_RULE_IDS.expiredSuppression];
  if (expiredSetting !== 'off') {
    const seen = new Map<string, number>();
    for (const e of expired) {
      const context = doc.text.slice(e.suppression.range.start, e.suppression.range.end);
      const n = seen.get(normaliseContext(context)) ?? 0;
      seen.set(normaliseContext(context), n + 1);
      findings.push({
        ruleId: ENGINE_RULE_IDS.expiredSuppression,
        message: e.message,
        range: e.suppression.range,
        severity: expiredSetting ?? 'warning',
        fingerprint: fingerprint(ENGINE_RULE_IDS.expiredSuppression, doc.path, context, n),
        fixes: [],
      });
    }
  }

  if (options.validateFixes !== false) {
    for (const f of findings) {
      if (f.fixes.length === 0 || f.suppressed) continue;
      try {
        f.fixes = validateFixes(doc, f, options);
      } catch (err) {
        // A fix that cannot be validated is not offered; the finding stays.
        f.fixes = [];
        notes.push({ kind: 'internal-error', message: `Validating the fixes of ${f.ruleId} failed: ${errorText(err)}` });
      }
    }
  }

  // Parse problems are known once (and if) the document was parsed.
  notes.unshift(...doc.problems.map((p): FileNote => ({ kind: 'parse-error', message: p.message, range: p.range })));
  const visible = options.keepSuppressed ? findings : findings.filter((f) => !f.suppressed);
  visible.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
  // Source code that was extracted at all has all its facts; unextracted source has none.
  const identities = (outputs.size > 0 ? factsOf('identity') : []) as IdentityFact[];
  const links = (outputs.size > 0 ? factsOf('link') : []) as LinkFact[];
  // Pieces of one identity within this file; the workspace adds other files' (project/links.ts).
  linkFindings([{ uri: doc.uri, links, findings: visible }]);
  return { findings: visible, notes, identities, links };
}

/**
 * Could a quoted string spell a word in escapes (`\u0052ole`, YAML's `\x52`) or split it across
 * lines (`"Service\⏎Account"`)? Then an extractor's `mentions` prove nothing.
 */
function mayHideWords(text: string): boolean {
  return /\\(?:[xuU]|\r?\n)/.test(text);
}

/** Does `range` overlap any of the sorted, disjoint `spans`? */
function overlapsAny(spans: Range[], range: Range): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  let candidate = -1;
  // Last span starting before range.end.
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < range.end) {
      candidate = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return candidate >= 0 && spans[candidate].end > range.start;
}

/** Sorted, disjoint union of two span lists. */
function mergeSpans(a: Range[], b: Range[]): Range[] {
  const all = [...a, ...b].sort((x, y) => x.start - y.start);
  const out: Range[] = [];
  for (const r of all) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

const keywordIndexes = new WeakMap<Rule[], KeywordIndex>();

/** The keyword automaton of a rule list, built once per list. */
/**
 * The rules that decide whether `ruleId` reports a span: the rule itself and, for a secret
 * rule, every secret rule before it (registry order: an earlier one claims a span first).
 * Fix validation runs only these. The same array for the same inputs (keyword indexes are
 * cached per array).
 */
export function rulesDeciding(ruleId: string, list: Rule[] = allRules): Rule[] {
  let byId = decidingRules.get(list);
  if (!byId) decidingRules.set(list, (byId = new Map()));
  let subset = byId.get(ruleId);
  if (!subset) {
    const at = list.findIndex((r) => r.id === ruleId);
    subset = at < 0 ? list : list[at].category === 'secret' ? list.slice(0, at + 1).filter((r) => r.category === 'secret') : [list[at]];
    byId.set(ruleId, subset);
  }
  return subset;
}

const decidingRules = new WeakMap<Rule[], Map<string, Rule[]>>();

function keywordIndexFor(list: Rule[]): KeywordIndex {
  let index = keywordIndexes.get(list);
  if (!index) {
    index = new KeywordIndex(list.flatMap((r) => r.keywords ?? []));
    keywordIndexes.set(list, index);
  }
  return index;
}

/** The rules of a list whose formats and flavours admit a document like this one, in list order. */
const rulesBySyntax = new WeakMap<Rule[], Map<string, Rule[]>>();

function rulesForSyntax(list: Rule[], doc: Document): Rule[] {
  let bySyntax = rulesBySyntax.get(list);
  if (!bySyntax) rulesBySyntax.set(list, (bySyntax = new Map()));
  const key = `${doc.format}\u0000${doc.flavors.join('\u0000')}`;
  let rules = bySyntax.get(key);
  if (!rules) {
    rules = list.filter((rule) => (!rule.formats || rule.formats.includes(doc.format)) && (!rule.flavors || rule.flavors.some((f) => doc.flavors.includes(f))));
    bySyntax.set(key, rules);
  }
  return rules;
}

/** Each rule's keywords, lower-cased once (asked for every rule of every file). */
const lowerKeywords = new WeakMap<Rule, string[]>();

function ruleApplies(rule: Rule, doc: Document, hasFacts: (kind: FactKind) => boolean, keywordsPresent: Set<string>): boolean {
  if (rule.formats && !rule.formats.includes(doc.format)) return false;
  if (rule.flavors && !rule.flavors.some((f) => doc.flavors.includes(f))) return false;
  if (rule.keywords) {
    let keywords = lowerKeywords.get(rule);
    if (!keywords) lowerKeywords.set(rule, (keywords = rule.keywords.map((k) => k.toLowerCase())));
    if (!keywords.some((k) => keywordsPresent.has(k))) return false;
  }
  return rule.appliesTo.some((input) => input === 'text' || hasFacts(input));
}

/** A rule's range, clamped into the text; undefined if it is not a range at all. */
function clampRange(range: { start: number; end: number } | undefined, length: number): { start: number; end: number } | undefined {
  if (!range || !Number.isFinite(range.start) || !Number.isFinite(range.end)) return undefined;
  const start = Math.max(0, Math.min(Math.trunc(range.start), length));
  const end = Math.max(start, Math.min(Math.trunc(range.end), length));
  return { start, end };
}

function errorText(err: unknown): string {
  // Error messages can quote document content; keep them short and never echo large values.
  const msg = err instanceof Error ? err.message : String(err);
  return msg.length > 200 ? msg.slice(0, 200) + '…' : msg;
}
