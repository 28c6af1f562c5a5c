/**
 * Result ids for pulled diagnostics (LSP 3.17 `textDocument/diagnostic`).
 *
 * A keystroke rarely changes a file's diagnostics: typing inside a line moves only the
 * findings after the cursor on that line. When the new diagnostics equal the report the
 * client says it holds (`previousResultId`), the answer is `unchanged`, with the same id:
 * no list to serialise, write to the pipe, parse in the editor and redraw in the Problems
 * panel. The id names the report's content, not the document version, so a client that
 * does not store the id of an `unchanged` answer (it is the same) still sends the right one.
 */
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver/node';

interface LastReport {
  resultId: string;
  items: Diagnostic[];
}

export class DiagnosticReports {
  private readonly last = new Map<string, LastReport>();
  private next = 0;

  /** The report to send for `items`, given the id of the report the client holds. */
  report(uri: string, previousResultId: string | undefined, items: Diagnostic[]): DocumentDiagnosticReport {
    const last = this.last.get(uri);
    if (last && previousResultId === last.resultId && sameJson(last.items, items)) return { kind: 'unchanged', resultId: last.resultId };
    const resultId = `${++this.next}`;
    this.last.set(uri, { resultId, items });
    return { kind: 'full', resultId, items };
  }

  /** A closed document: its next report is full. */
  forget(uri: string): void {
    this.last.delete(uri);
  }

  clear(): void {
    this.last.clear();
  }
}

/** Deep equality of JSON data (what a report is on the wire); key order does not matter. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const key in x) {
    if (x[key] === undefined) continue; // JSON drops undefined members
    keys++;
    if (!sameJson(x[key], y[key])) return false;
  }
  for (const key in y) if (y[key] !== undefined) keys--;
  return keys === 0;
}
