/**
 * Engine findings and file notes → LSP diagnostics. Messages come from the
 * engine already masked; nothing here reads document text into a message.
 */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range as LspRange } from 'vscode-languageserver';
import { docsUrl } from '../engine/rule';
import type { FileNote, Finding, RelatedLocation, Severity } from '../engine/model';
import { DIAGNOSTIC_SOURCE } from './protocol';
import { toLspRange, type PositionConverter } from './positions';

/** Carried in `Diagnostic.data` so code actions can find their finding again. */
export interface NhiDiagnosticData {
  ruleId: string;
  fingerprint: string;
}

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Resolves positions in other files (related locations); undefined when the file cannot be read. */
export type ConverterFor = (uri: string) => PositionConverter | undefined;

export function findingToDiagnostic(finding: Finding, range: LspRange, related: ConverterFor): Diagnostic {
  const data: NhiDiagnosticData = { ruleId: finding.ruleId, fingerprint: finding.fingerprint };
  const diagnostic: Diagnostic = {
    range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  const info = (finding.related ?? []).map((r) => relatedInformation(r, related)).filter((r): r is DiagnosticRelatedInformation => !!r);
  if (info.length > 0) diagnostic.relatedInformation = info;
  return diagnostic;
}

function relatedInformation(location: RelatedLocation, converterFor: ConverterFor): DiagnosticRelatedInformation | undefined {
  const converter = converterFor(location.uri);
  if (!converter) return undefined;
  return { location: { uri: location.uri, range: toLspRange(converter, location.range) }, message: location.message };
}

/** Which file notes become a diagnostic, most important first. Skipped files stay quiet (logged only). */
const NOTE_PRIORITY: FileNote['kind'][] = ['internal-error', 'time-budget', 'parse-error'];

const NOTE_TEXT: Record<FileNote['kind'], string> = {
  'internal-error': 'NHI Hygiene could not complete the analysis of this file; some checks did not run.',
  'time-budget': '',
  'parse-error': 'NHI Hygiene could not fully parse this file and checked what it could.',
  skipped: '',
};

/**
 * At most one Information diagnostic per file for its notes, so a half-typed
 * YAML file is not covered in squiggles (the language's own extension reports
 * the syntax errors). Internal errors are summarised without their details,
 * which go to the log instead.
 */
export function notesToDiagnostic<N extends FileNote>(notes: N[], rangeOf: (note: N) => LspRange | undefined): Diagnostic | undefined {
  for (const kind of NOTE_PRIORITY) {
    const note = notes.find((n) => n.kind === kind);
    if (!note) continue;
    const range = rangeOf(note) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const detail = kind === 'parse-error' ? ` (${note.message})` : '';
    return {
      range,
      severity: DiagnosticSeverity.Information,
      code: `nhi/${kind}`,
      source: DIAGNOSTIC_SOURCE,
      message: (NOTE_TEXT[kind] || note.message) + detail,
    };
  }
  return undefined;
}

export function isNhiDiagnosticData(data: unknown): data is NhiDiagnosticData {
  return !!data && typeof data === 'object' && typeof (data as NhiDiagnosticData).fingerprint === 'string' && typeof (data as NhiDiagnosticData).ruleId === 'string';
}
