/**
 * Pull-diagnostic result ids (service/diagnostic-reports.ts): a report equal to the one the
 * client holds is answered `unchanged`; anything else, or a client holding another report,
 * gets the full list under a new id.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticReports, sameJson } from '../server/src/service/diagnostic-reports';

const URI = 'file:///w/deploy/cluster.yaml';

function diagnostic(line: number, message = 'Role svc-0-reader grants every verb on every resource'): Diagnostic {
  return {
    range: { start: { line, character: 4 }, end: { line, character: 19 } },
    severity: 2,
    code: 'privilege/k8s-rbac-wildcard',
    codeDescription: { href: 'https://example.invalid/docs/rules/privilege/k8s-rbac-wildcard.md' },
    source: 'nhi',
    message,
    data: { ruleId: 'privilege/k8s-rbac-wildcard', fingerprint: 'ffa7aab434a2f44999e12230d53b8815' },
  };
}

describe('pull-diagnostic result ids', () => {
  it('answers "unchanged" (same id) when the new list equals the report the client holds', () => {
    const reports = new DiagnosticReports();
    const first = reports.report(URI, undefined, [diagnostic(47)]);
    expect(first).toMatchObject({ kind: 'full', items: [diagnostic(47)] });
    const id = first.resultId!;
    // A keystroke elsewhere: equal diagnostics, built afresh.
    expect(reports.report(URI, id, [diagnostic(47)])).toEqual({ kind: 'unchanged', resultId: id });
    expect(reports.report(URI, id, [diagnostic(47)])).toEqual({ kind: 'unchanged', resultId: id });
  });

  it('sends the full list under a new id when anything differs', () => {
    const reports = new DiagnosticReports();
    const id = reports.report(URI, undefined, [diagnostic(47)]).resultId!;
    const moved = reports.report(URI, id, [diagnostic(48)]);
    expect(moved).toMatchObject({ kind: 'full', items: [diagnostic(48)] });
    expect(moved.resultId).not.toBe(id);
    // The client now holds the moved report: the old one is not "unchanged" any more.
    expect(reports.report(URI, moved.resultId, [diagnostic(48)])).toEqual({ kind: 'unchanged', resultId: moved.resultId });
    expect(reports.report(URI, moved.resultId, [diagnostic(48, 'another message')]).kind).toBe('full');
    expect(reports.report(URI, moved.resultId, []).kind).toBe('full');
  });

  it('sends the full list to a client holding another report, none, or after the document was closed', () => {
    const reports = new DiagnosticReports();
    const id = reports.report(URI, undefined, [diagnostic(47)]).resultId!;
    expect(reports.report(URI, undefined, [diagnostic(47)]).kind).toBe('full');
    const again = reports.report(URI, 'stale', [diagnostic(47)]);
    expect(again.kind).toBe('full');
    expect(again.resultId).not.toBe(id);
    reports.forget(URI);
    expect(reports.report(URI, again.resultId, [diagnostic(47)]).kind).toBe('full');
    // Documents are separate.
    const other = reports.report('file:///w/other.yaml', undefined, [diagnostic(47)]);
    expect(reports.report(URI, other.resultId, [diagnostic(47)]).kind).toBe('full');
  });

  it('compares as JSON does: key order does not matter, undefined members are absent', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson({ a: null }, { a: undefined })).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
  });
});
