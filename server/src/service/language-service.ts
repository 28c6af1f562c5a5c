/**
 * The NHI language service: pure functions of (document, config, host) →
 * diagnostics and code actions, in LSP types but with no connection, so it is
 * testable without a client (yaml-language-server style). server.ts wires it
 * to the protocol.
 */
import type { CodeAction, Diagnostic, Range as LspRange } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, analyzeText, type AnalyzeOptions } from '../engine/analyze';
import type { Config } from '../engine/config';
import { disposeDocument, isParsed, parseDocument, type DocumentInput } from '../engine/documents/parse';
import type { PreviousParse } from '../engine/documents/tree-sitter';
import { YamlStreamCache } from '../engine/documents/yaml-stream';
import { EditSession } from '../engine/edit-session';
import type { AnalysisResult, Finding, LinkFact } from '../engine/model';
import type { Rule } from '../engine/rule';
import type { FileResult } from '../engine/workspace';
import { linkFindings, MAX_LINKED } from '../engine/project/links';
import type { WorkspaceLinks } from './link-index';
import { fixToCodeAction, suppressAction, type ActionHost, type EditCapabilities } from './code-actions';
import { findingToDiagnostic, isNhiDiagnosticData, notesToDiagnostic, type ConverterFor } from './diagnostics';
import { documentPath, folderOf } from './paths';
import { positionsOf, toLspRange, toOffsetRange, touches } from './positions';

export type LanguageServiceHost = ActionHost;

export interface LanguageServiceOptions {
  /** Rules to run instead of the registry (tests). */
  rules?: Rule[];
  /** YYYY-MM-DD for suppression expiry (tests). */
  today?: string;
  /** Where problems go; never given document text. */
  log?(message: string): void;
  /** Identity links of the other workspace files (for related information across files). */
  links?: WorkspaceLinks;
  /** Called when a document's identity links changed: other documents' related information may have too. */
  onLinksChanged?(uri: string): void;
}

export interface DocumentAnalysis {
  uri: string;
  version: number;
  config: Config;
  result: AnalysisResult;
  /** Findings' diagnostics plus at most one note diagnostic. */
  diagnostics: Diagnostic[];
}

export interface CodeActionRequest {
  range: LspRange;
  /** Diagnostics the client shows in the range: only used to pick findings, never trusted for content. */
  diagnostics?: Diagnostic[];
  only?: string[];
}

export interface CodeActionSettings {
  config: Config;
  /** Untrusted workspaces get no edits at all. */
  trusted: boolean;
  capabilities: EditCapabilities;
}

const EMPTY: AnalysisResult = { findings: [], notes: [], identities: [], links: [] };

export class LanguageService {
  /** Last analysis per open document, reused while version and config are unchanged. */
  private readonly cache = new Map<string, DocumentAnalysis>();
  /** Each open document's last tree-sitter parse: the next keystroke re-parses incrementally from it. */
  private readonly parses = new Map<string, PreviousParse>();
  /** Each open YAML document's parsed `---` pieces: a keystroke re-parses only its own piece. */
  private readonly yamlStreams = new Map<string, YamlStreamCache>();
  /** Each open document's lines and per-line answers: a keystroke re-examines its own lines. */
  private readonly sessions = new Map<string, EditSession>();

  constructor(
    private readonly host: LanguageServiceHost,
    private readonly options: LanguageServiceOptions = {},
  ) {}

  /** Analysis of the document's current version (cached by version and config). */
  analyze(doc: TextDocument, config: Config): DocumentAnalysis {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version && hit.config === config) return hit;
    // Diagnostics carry no fixes, so as-you-type analysis skips fix validation (a
    // re-analysis per fix); code actions validate the fixes they offer.
    const result = this.withParsed(doc, config, (parsed, options) => analyzeDocument(parsed, { ...options, validateFixes: false, fixes: false })) ?? EMPTY;
    const links = this.options.links;
    if (links && result !== EMPTY) {
      // The analysis already linked the document's findings to its own links. Without other
      // files, joining again adds nothing unless a finding reached the cap of related places
      // (each join adds up to MAX_LINKED): skipped then, as it costs a keystroke a pass over every link.
      const others = links.others(doc.uri);
      if (others.length > 0 || result.findings.some((f) => (f.related?.length ?? 0) >= MAX_LINKED)) {
        linkFindings([{ uri: doc.uri, links: result.links, findings: result.findings }], others);
      }
      if (links.set(doc.uri, result.links)) this.options.onLinksChanged?.(doc.uri);
    }
    const analysis: DocumentAnalysis = { uri: doc.uri, version: doc.version, config, result, diagnostics: this.toDiagnostics(doc, result) };
    this.cache.set(doc.uri, analysis);
    return analysis;
  }

  diagnostics(doc: TextDocument, config: Config): Diagnostic[] {
    return this.analyze(doc, config).diagnostics;
  }

  /**
   * The identity links of a file as it is on disk (for a file not open in the editor): none
   * when it is missing, unreadable or too large. No rules run and nothing is cached.
   */
  diskLinks(uri: string, config: Config): LinkFact[] {
    if (!config.enable) return [];
    const text = this.host.readFile(uri);
    if (text === undefined || text.length > config.maxFileSizeKb * 1024) return [];
    const input = { uri, path: documentPath(uri, '', this.host.workspaceFolders()), text };
    try {
      return analyzeText(input, { config, rules: [], fixes: false, validateFixes: false, project: this.host.project }).links;
    } catch (err) {
      this.log(`Reading the identity links of ${uri} failed: ${errorSummary(err)}`);
      return [];
    }
  }

  /** The analysis last computed for a URI, whatever its version. */
  cached(uri: string): DocumentAnalysis | undefined {
    return this.cache.get(uri);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** The document was closed: drop its analysis and its retained parse tree. */
  close(uri: string): void {
    this.forget(uri);
    this.parses.get(uri)?.tree.delete();
    this.parses.delete(uri);
    this.yamlStreams.delete(uri);
    this.sessions.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }

  /**
   * Quick fixes and suppressions for the findings touching `request.range`. The
   * cheap cached analysis decides whether there is anything to offer; the actions
   * themselves come from a fresh analysis, so edits to other files (`.env.local`,
   * `.gitignore`) reflect those files as they are now.
   */
  codeActions(doc: TextDocument, request: CodeActionRequest, settings: CodeActionSettings): CodeAction[] {
    if (!settings.trusted || !settings.config.enable) return [];
    if (request.only && !request.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === '')) return [];
    const wanted = new Set((request.diagnostics ?? []).map((d) => d.data).filter(isNhiDiagnosticData).map((d) => d.fingerprint));
    const range = toOffsetRange(doc, request.range);
    const picked = (f: Finding) => wanted.has(f.fingerprint) || touches(f.range, range);
    if (!this.analyze(doc, settings.config).result.findings.some(picked)) return [];

    const actions =
      this.withParsed(doc, settings.config, (parsed, options) => {
        const out: CodeAction[] = [];
        // Fix validation analyses edited texts: not this document's next version, so no session.
        for (const finding of analyzeDocument(parsed, { ...options, session: undefined }).findings) {
          if (!picked(finding)) continue;
          const diagnostic = findingToDiagnostic(finding, toLspRange(doc, finding.range), this.converterFor(doc));
          for (const fix of finding.fixes) {
            const action = fixToCodeAction(doc, fix, diagnostic, this.host, settings.capabilities, { envFile: settings.config.envFile });
            if (action) out.push(action);
          }
          const suppress = suppressAction(doc, parsed, finding, diagnostic);
          if (suppress) out.push(suppress);
        }
        return out;
      }) ?? [];
    // Preferred fixes first, then in finding order (stable sort).
    return actions.sort((a, b) => Number(b.isPreferred === true) - Number(a.isPreferred === true));
  }

  /** Diagnostics for a file audited on disk (not open in the editor). */
  auditDiagnostics(file: FileResult): Diagnostic[] {
    const converterFor = this.converterFor();
    const diagnostics = file.findings.map((f) => findingToDiagnostic(f, { start: f.start, end: f.end }, converterFor));
    const note = notesToDiagnostic(file.notes, (n) => (n.start ? { start: n.start, end: n.start } : undefined));
    if (note) diagnostics.push(note);
    return diagnostics;
  }

  private toDiagnostics(doc: TextDocument, result: AnalysisResult): Diagnostic[] {
    const converterFor = this.converterFor(doc);
    const diagnostics = result.findings.map((f) => findingToDiagnostic(f, toLspRange(doc, f.range), converterFor));
    const note = notesToDiagnostic(result.notes, (n) => (n.range ? toLspRange(doc, n.range) : undefined));
    if (note) diagnostics.push(note);
    for (const n of result.notes) if (n.kind === 'internal-error' || n.kind === 'time-budget') this.log(`${n.kind} in ${doc.uri}: ${n.message}`);
    return diagnostics;
  }

  /** Parses the document, runs `use` with it and the analyze options, frees it. Never throws. */
  private withParsed<T>(doc: TextDocument, config: Config, use: (parsed: ReturnType<typeof parseDocument>, options: AnalyzeOptions) => T): T | undefined {
    if (!config.enable) return undefined;
    const text = doc.getText();
    if (text.length > config.maxFileSizeKb * 1024) {
      this.log(`Skipped ${doc.uri}: larger than ${config.maxFileSizeKb} KiB.`);
      return undefined;
    }
    const folders = this.host.workspaceFolders();
    const session = this.sessionOf(doc.uri);
    const input: DocumentInput = { uri: doc.uri, path: documentPath(doc.uri, doc.languageId, folders), text, previous: this.parses.get(doc.uri), yamlStream: this.yamlStreamOf(doc.uri), session };
    const options: AnalyzeOptions = {
      config,
      workspaceRoot: folderOf(doc.uri, folders),
      readFile: (uri) => this.host.readFile(uri),
      project: this.host.project,
      rules: this.options.rules,
      today: this.options.today,
      session,
    };
    const started = Date.now();
    let parsed: ReturnType<typeof parseDocument> | undefined;
    try {
      parsed = parseDocument(input, Math.max(50, config.timeBudgetMs / 2));
      const result = use(parsed, options);
      // Source that needed no tree was not parsed: the retained tree still serves the next edit.
      if (isParsed(parsed)) this.retainParse(doc.uri, parsed);
      return result;
    } catch (err) {
      this.log(`Analysis of ${doc.uri} failed after ${Date.now() - started} ms: ${errorSummary(err)}`);
      return undefined;
    } finally {
      if (parsed) disposeDocument(parsed);
    }
  }

  private yamlStreamOf(uri: string): YamlStreamCache {
    let stream = this.yamlStreams.get(uri);
    if (!stream) this.yamlStreams.set(uri, (stream = new YamlStreamCache()));
    return stream;
  }

  private sessionOf(uri: string): EditSession {
    let session = this.sessions.get(uri);
    if (!session) this.sessions.set(uri, (session = new EditSession()));
    return session;
  }

  private retainParse(uri: string, parsed: ReturnType<typeof parseDocument>): void {
    const tree = parsed.parsed?.kind === 'tree-sitter' ? parsed.parsed : undefined;
    const before = this.parses.get(uri);
    if (tree && before?.tree === tree.tree) return;
    before?.tree.delete();
    if (tree) this.parses.set(uri, { grammar: tree.grammar, text: tree.source, tree: tree.tree.copy() });
    else this.parses.delete(uri);
  }

  private converterFor(doc?: TextDocument): ConverterFor {
    return (uri) => {
      if (doc && uri === doc.uri) return doc;
      const open = this.host.getOpenDocument(uri);
      if (open) return open;
      const text = this.host.readFile(uri);
      return text === undefined ? undefined : positionsOf(uri, text);
    };
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}

/** Error class and a short message; never a stack with values or the document. */
export function errorSummary(err: unknown): string {
  const name = err instanceof Error ? err.name : typeof err;
  const message = err instanceof Error ? err.message : String(err);
  const firstLine = message.split('\n')[0];
  return `${name}: ${firstLine.length > 160 ? firstLine.slice(0, 160) + '…' : firstLine}`;
}
