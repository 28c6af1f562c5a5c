/**
 * Human output, grouped by file, one line per finding in the
 * `path:line:col severity ruleId message` shape terminals and editors make
 * clickable (1-based line and column); file notes follow, muted and not counted.
 */
import * as path from 'node:path';
import type { AuditResult, FileResult } from '../../engine/workspace';
import { scrub, summarize, summaryLine, visibleFindings, type ReportOptions } from './common';

export interface TextReportOptions extends ReportOptions {
  color: boolean;
  /** Paths are shown relative to this folder when inside it (so they can be clicked). */
  cwd: string;
}

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', yellow: '\u001b[33m', cyan: '\u001b[36m', underline: '\u001b[4m' };

export function textReport(result: AuditResult, options: TextReportOptions): string {
  const paint = (code: keyof typeof ANSI, s: string) => (options.color ? `${ANSI[code]}${s}${ANSI.reset}` : s);
  const severityColor = { error: 'red', warning: 'yellow', info: 'cyan' } as const;
  const groups: string[] = [];
  for (const file of result.files) {
    const findings = visibleFindings(file, options);
    if (findings.length === 0 && file.notes.length === 0) continue;
    const shown = displayPath(file, options.cwd);
    const lines: string[] = [];
    for (const f of findings) {
      const loc = `${shown}:${f.start.line + 1}:${f.start.character + 1}`;
      const line = `${loc} ${f.severity} ${f.ruleId} ${oneLine(f.message)}`;
      if (f.suppressed) lines.push(paint('dim', `${line} (suppressed${f.suppressed.reason ? `: ${oneLine(f.suppressed.reason)}` : ''})`));
      else lines.push(`${paint('underline', loc)} ${paint(severityColor[f.severity], f.severity)} ${paint('dim', f.ruleId)} ${oneLine(f.message)}`);
    }
    for (const n of file.notes) {
      const loc = n.start ? `${shown}:${n.start.line + 1}:${n.start.character + 1}` : shown;
      lines.push(paint('dim', `${loc} note ${n.kind} ${scrub(oneLine(n.message))}`));
    }
    groups.push(lines.join('\n'));
  }
  const summary = summarize(result, options.baselined);
  let line = summaryLine(summary);
  if (result.cancelled) line += ' (cancelled)';
  const tone = summary.errors > 0 ? 'red' : summary.warnings > 0 ? 'yellow' : 'bold';
  return (groups.length > 0 ? groups.join('\n\n') + '\n\n' : '') + paint(tone, line) + '\n';
}

function displayPath(file: FileResult, cwd: string): string {
  const rel = path.relative(cwd, file.absolutePath);
  const inside = rel !== '' && !path.isAbsolute(rel) && rel !== '..' && !rel.startsWith('..' + path.sep);
  const shown = inside ? rel : file.absolutePath;
  return path.sep === '/' ? shown : shown.split(path.sep).join('/');
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
