/**
 * A fix is offered only if it works: its edits to the document are applied to
 * the text, the result is analysed again (same config and rules, without fix
 * validation), and the fix is kept only when the edited text has no new parse
 * problems and the finding is gone.
 *
 * analyze.ts imports this module and this module calls back into analyze.ts.
 * The cycle is safe because nothing here runs at module load: the functions
 * are only called while an analysis is in progress, long after both modules
 * have finished initialising (ES live bindings; esbuild keeps the order).
 */
import { analyzeDocument, analyzeText, rulesDeciding, type AnalyzeOptions } from '../analyze';
import ignore from 'ignore';
import { withoutTrailingSlashes } from './references/credential-files';
import type { Document, Finding, Fix, Range, TextEdit } from '../model';

/**
 * Validation re-analyses the whole file once per fix, so a file with many
 * fixable findings could take long: validations share the file's analysis
 * time budget. Fixes past it are not offered (an unvalidated fix is never
 * offered); the findings stay.
 */
const validationDeadlines = new WeakMap<Document, number>();

export function validateFixes(doc: Document, finding: Finding, options: AnalyzeOptions): Fix[] {
  let deadline = validationDeadlines.get(doc);
  if (deadline === undefined) {
    // Within the file's own budget when it is being analysed (validation is part of the
    // analysis: a huge file must not take twice its budget); a fresh one otherwise.
    deadline = doc.deadline ?? Date.now() + options.config.timeBudgetMs;
    validationDeadlines.set(doc, deadline);
  }
  const until = deadline;
  return finding.fixes.filter((fix) => {
    if (Date.now() > until) return false;
    try {
      // The re-analysis gets only what is left of the budget: a slow file stops it (the fix is then not offered).
      const left = Math.max(50, until - Date.now());
      return fixWorks(doc, finding, fix, { ...options, config: { ...options.config, timeBudgetMs: Math.min(options.config.timeBudgetMs, left) } });
    } catch {
      return false; // a fix we cannot check is not offered
    }
  });
}

function fixWorks(doc: Document, finding: Finding, fix: Fix, options: AnalyzeOptions): boolean {
  const edits = fix.edits.filter((e) => e.uri === doc.uri);
  if (edits.length === 0) return untracksFile(doc, fix, options);
  if (overlapping(edits)) return false;
  const edited = applyEdits(doc.text, edits);
  if (edited === doc.text) return false;
  const text = withPlaceholderFilled(edited, fix, doc.uri);
  if (text === undefined) return false;

  // Source code is parsed lazily: a fix must be shown to parse, so both texts are parsed here.
  const parsed = doc.parsed;
  // The edited text differs in a few places: tree-sitter re-parses it from the original's tree (not consumed).
  const previous = parsed?.kind === 'tree-sitter' ? { grammar: parsed.grammar, text: parsed.source, tree: parsed.tree } : undefined;
  // Only the rules that decide this finding (the rest cannot make it come or go).
  const rules = rulesDeciding(finding.ruleId, options.rules);
  const result = analyzeText({ uri: doc.uri, path: doc.path, text, previous }, { ...options, rules, fixes: false, validateFixes: false, keepSuppressed: false, parse: true });
  // Incomplete analysis proves nothing.
  if (result.notes.some((n) => n.kind === 'time-budget' || n.kind === 'internal-error')) return false;
  const parseProblems = result.notes.filter((n) => n.kind === 'parse-error').length;
  if (parseProblems > doc.problems.length) return false;

  const where = mapRange(finding.range, edits);
  const sameRule = result.findings.filter((f) => f.ruleId === finding.ruleId);
  if (sameRule.some((f) => f.range.start < where.end && where.start < f.range.end)) return false;
  if (!sameRule.some((f) => f.fingerprint === finding.fingerprint)) return true;
  // The fingerprint carries an occurrence counter: with the same secret twice in
  // a file, fixing the first hands its fingerprint to the second. The finding
  // is gone if the rule now reports fewer findings than before.
  const before = analyzeDocument(doc, { ...options, rules, fixes: false, validateFixes: false, keepSuppressed: false }).findings.filter((f) => f.ruleId === finding.ruleId).length;
  return sameRule.length < before;
}

/**
 * A fix that leaves the file as it is and stops committing it (a key file: the file is the
 * secret) removes the finding from the tracked tree. It works when its edits are all to
 * `.gitignore` files, and afterwards the file is ignored where it was not before, with git's
 * semantics as the audit applies them (workspace.ts): the deepest `.gitignore` with an
 * opinion on the path decides.
 */
function untracksFile(doc: Document, fix: Fix, options: AnalyzeOptions): boolean {
  const root = options.workspaceRoot === undefined ? undefined : withoutTrailingSlashes(options.workspaceRoot);
  if (!root || !doc.uri.startsWith(`${root}/`) || fix.edits.length === 0) return false;
  const byUri = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    if (!/\/\.gitignore$/.test(e.uri)) return false;
    byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
  }
  for (const edits of byUri.values()) if (overlapping(edits)) return false;
  const ignoredBy = (edited: boolean): boolean => {
    // Folders from the workspace root down to the file's, deepest first.
    const segments = doc.uri.slice(root.length + 1).split('/');
    for (let depth = segments.length - 1; depth >= 0; depth--) {
      const dir = [root, ...segments.slice(0, depth)].join('/');
      const uri = `${dir}/.gitignore`;
      const current = options.readFile?.(uri);
      const edits = edited ? byUri.get(uri) : undefined;
      if (edits && current === undefined && !edits.every((e) => e.createIfMissing)) return false;
      const text = edits ? applyEdits(current ?? '', edits) : current;
      if (text === undefined) continue;
      const rel = segments.slice(depth).map(decodeURIComponent).join('/');
      const verdict = ignore().add(text).test(rel);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  };
  return !ignoredBy(false) && ignoredBy(true);
}

/**
 * A placeholder (`TODO-owner`) is for the user to fill in and still reads as "not done" to
 * the rules, so the fix is checked as the user will leave it: with a real value there (of
 * the same length, so the finding's mapped range stays put).
 */
function withPlaceholderFilled(text: string, fix: Fix, uri: string): string | undefined {
  const p = fix.placeholder;
  if (!p || p.uri !== uri) return text;
  if (p.range.start < 0 || p.range.end > text.length || p.range.end <= p.range.start) return undefined;
  return text.slice(0, p.range.start) + 'n'.repeat(p.range.end - p.range.start) + text.slice(p.range.end);
}

function overlapping(edits: TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].range.start < sorted[i - 1].range.end) return true;
  return false;
}

/** Applies non-overlapping edits, last first so earlier offsets stay valid. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end)) {
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  }
  return out;
}

/** Where a range of the original text lies after the edits (an edited range maps to its replacement). */
export function mapRange(range: Range, edits: TextEdit[]): Range {
  const map = (offset: number, side: 'start' | 'end'): number => {
    let delta = 0;
    for (const e of [...edits].sort((a, b) => a.range.start - b.range.start)) {
      const growth = e.newText.length - (e.range.end - e.range.start);
      if (e.range.end <= offset && !(side === 'start' && e.range.start === offset && e.range.end === offset)) delta += growth;
      else if (e.range.start < offset && offset < e.range.end) return side === 'start' ? e.range.start + delta : e.range.start + delta + e.newText.length;
    }
    return offset + delta;
  };
  return { start: map(range.start, 'start'), end: Math.max(map(range.start, 'start'), map(range.end, 'end')) };
}
