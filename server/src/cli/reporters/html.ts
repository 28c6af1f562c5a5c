/**
 * One self-contained HTML page: summary cards, inline SVG charts, sortable and
 * filterable tables of findings, identities and inline suppressions.
 *
 * Safety, because the page is built from file names, messages and comments
 * that anyone can write:
 * - every piece of text goes through `escapeHtml` (text and attribute values);
 * - nothing is loaded: no CDN, no fonts, no images, no fetch; CSS and JS are
 *   inline and allowed only by a per-report nonce in a strict
 *   Content-Security-Policy (`default-src 'none'`), so even an injected tag could
 *   not run; the script touches no innerHTML, only text, classes and order;
 * - only the engine's messages (masked) are shown; source text is never read.
 *
 * A pure function of the audit result, so the VS Code webview ("NHI: Open
 * Report") can render the same page with its own nonce and CSP source.
 */
import { randomBytes } from 'node:crypto';
import type { Category, CredentialMechanism, Severity } from '../../engine/model';
import { docsUrl } from '../../engine/rule';
import type { AuditResult, FileResult, LocatedFinding } from '../../engine/workspace';
import { compare, scrub, SEVERITY_RANK, summarize, visibleFindings, type ReportOptions } from './common';
import { buildInventory, LONG_LIVED, type InventoryEntry } from './inventory';

export interface HtmlReportOptions extends ReportOptions {
  /** CSP nonce for the inline style and script; a fresh random one when omitted. */
  nonce?: string;
  /** Extra CSP source for styles and images (a VS Code webview's `webview.cspSource`). */
  cspSource?: string;
  /** Time shown as "generated" and used for suppression expiry (default: now). */
  generated?: Date;
}

const CATEGORIES: Category[] = ['secret', 'privilege', 'ownership', 'credential'];
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const TOP = 10;

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/** Escapes text for element content and quoted attribute values; drops control characters HTML does not allow. */
export function escapeHtml(value: string | number | undefined): string {
  return String(value ?? '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function contentSecurityPolicy(nonce: string, cspSource?: string): string {
  const extra = cspSource ? `${cspSource} ` : '';
  return `default-src 'none'; style-src ${extra}'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${extra}data:; base-uri 'none'; form-action 'none'`;
}

interface Row {
  file: FileResult;
  finding: LocatedFinding;
}

export function renderHtmlReport(result: AuditResult, options: HtmlReportOptions): string {
  const nonce = options.nonce ?? createNonce();
  if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(nonce)) throw new Error('The report nonce must be at least 16 base64 characters.');
  if (options.cspSource !== undefined && !/^[A-Za-z0-9:/.*_+-]+$/.test(options.cspSource)) throw new Error('Invalid CSP source for the report.');
  const generated = options.generated ?? new Date();
  const today = generated.toISOString().slice(0, 10);
  const summary = summarize(result, options.baselined);

  const active: Row[] = [];
  const shown: Row[] = [];
  const suppressed: Row[] = [];
  for (const file of result.files) {
    for (const finding of visibleFindings(file, { ...options, includeSuppressed: true })) {
      if (finding.suppressed) suppressed.push({ file, finding });
      else active.push({ file, finding });
      if (!finding.suppressed || options.includeSuppressed) shown.push({ file, finding });
    }
  }
  const identities = buildInventory(result);
  const unowned = identities.filter((i) => i.source === 'declared' && !i.owner);
  const longLived = identities.filter((i) => i.credential && LONG_LIVED.has(i.credential));

  const cards: [string, number, string?][] = [
    ['Findings', summary.problems, summary.errors > 0 ? 'bad' : summary.warnings > 0 ? 'warn' : 'good'],
    ['Errors', summary.errors, summary.errors > 0 ? 'bad' : undefined],
    ['Warnings', summary.warnings, summary.warnings > 0 ? 'warn' : undefined],
    ['Info', summary.info],
    ['Identities', identities.length],
    ['Without owner', unowned.length, unowned.length > 0 ? 'warn' : undefined],
    ['Long-lived credentials', longLived.length, longLived.length > 0 ? 'warn' : undefined],
    ['Suppressed inline', suppressed.length],
    ...(options.baselined !== undefined ? [['Baselined', options.baselined] as [string, number]] : []),
    ['Files scanned', summary.filesScanned],
    ['Files skipped', summary.skipped],
  ];

  const byCategory = countBy(active, (r) => categoryOf(r.finding.ruleId));
  const bySeverity = countBy(active, (r) => r.finding.severity);
  const byRule = countBy(active, (r) => r.finding.ruleId);
  const byFile = countBy(active, (r) => r.file.path);
  const ownerByKind = new Map<string, { owned: number; unowned: number }>();
  for (const i of identities.filter((x) => x.source === 'declared')) {
    const slot = ownerByKind.get(i.kind) ?? { owned: 0, unowned: 0 };
    if (i.owner) slot.owned++;
    else slot.unowned++;
    ownerByKind.set(i.kind, slot);
  }
  const byCredential = countBy(identities.filter((i) => i.credential), (i) => i.credential!);

  const charts = [
    chart('Findings by category', barChart(CATEGORIES.map((c) => ({ label: c, value: byCategory.get(c) ?? 0, cls: `cat-${c}` })))),
    chart('Findings by severity', barChart(SEVERITIES.map((s) => ({ label: s, value: bySeverity.get(s) ?? 0, cls: `sev-${s}` })))),
    chart(
      `Findings by provider / rule (top ${TOP})`,
      barChart(top(byRule).map(([rule, n]) => ({ label: rule, short: rule.slice(rule.indexOf('/') + 1), value: n, cls: `cat-${categoryOf(rule)}` }))),
    ),
    chart('Identities without owner', stackedChart([...ownerByKind].sort((a, b) => compare(a[0], b[0])).map(([kind, v]) => ({ label: kind, parts: [v.unowned, v.owned] })), ['without owner', 'with owner'])),
    chart(
      'Credential mechanisms (long-lived in red)',
      barChart([...byCredential].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).map(([mech, n]) => ({ label: mech, value: n, cls: LONG_LIVED.has(mech as CredentialMechanism) ? 'sev-error' : 'ok' }))),
    ),
    chart(`Top files (top ${TOP})`, barChart(top(byFile).map(([file, n]) => ({ label: file, value: n, cls: 'file' })))),
  ];

  const findingRows = shown.map(({ file, finding: f }) => {
    const category = categoryOf(f.ruleId);
    const loc = `${file.path}:${f.start.line + 1}:${f.start.character + 1}`;
    return tr(
      [
        td(badge(f.severity, `sev-${f.severity}`), SEVERITY_RANK[f.severity]),
        td(`<a href="${escapeHtml(docsUrl(f.ruleId))}" rel="noopener noreferrer">${escapeHtml(f.ruleId)}</a>`, f.ruleId),
        td(escapeHtml(category), category),
        td(`<code>${escapeHtml(loc)}</code>`, `${file.path}\u0000${pad(f.start.line + 1)}`),
        td(escapeHtml(f.message) + (f.suppressed ? ` <span class="muted">(suppressed${f.suppressed.reason ? `: ${escapeHtml(oneLine(f.suppressed.reason))}` : ''})</span>` : '')),
        td(f.identity ? escapeHtml(`${f.identity.kind} ${f.identity.name}`) : '<span class="muted">—</span>'),
      ],
      { severity: f.severity, category },
      f.suppressed ? 'suppressed' : undefined,
    );
  });

  const identityRows = identities.map((i: InventoryEntry) =>
    tr(
      [
        td(escapeHtml(i.kind), i.kind),
        td(escapeHtml(i.name) + (i.source === 'referenced' ? ' <span class="muted">(found in code)</span>' : '')),
        td(escapeHtml(i.cloud ?? '—')),
        td(`<code>${escapeHtml(`${i.path}:${i.line}`)}</code>`, `${i.path}\u0000${pad(i.line)}`),
        td(i.owner ? escapeHtml(i.owner) : i.source === 'declared' ? badge('none', 'sev-warning') : '<span class="muted">—</span>', i.owner ?? ''),
        td(i.credential ? badge(i.credential, LONG_LIVED.has(i.credential) ? 'sev-error' : 'ok') : '<span class="muted">—</span>', i.credential ?? ''),
        td(escapeHtml(i.privileges || '—')),
        td(escapeHtml(i.findings), i.findings),
      ],
      { kind: i.kind, owner: i.owner ? 'owned' : 'unowned' },
    ),
  );

  const suppressionRows = suppressed.map(({ file, finding: f }) => {
    const until = f.suppressed?.until;
    const days = until ? daysBetween(today, until) : undefined;
    const status = days === undefined ? 'no expiry' : days < 0 ? 'expired' : days === 0 ? 'expires today' : `expires in ${days} day${days === 1 ? '' : 's'}`;
    return tr([
      td(`<code>${escapeHtml(`${file.path}:${f.start.line + 1}:${f.start.character + 1}`)}</code>`, `${file.path}\u0000${pad(f.start.line + 1)}`),
      td(escapeHtml(f.ruleId), f.ruleId),
      td(f.suppressed?.reason ? escapeHtml(oneLine(f.suppressed.reason)) : badge('no reason given', 'sev-warning')),
      td(escapeHtml(until ?? '—'), until ?? '9999'),
      td(days !== undefined && days <= 30 ? badge(status, 'sev-warning') : escapeHtml(status), days ?? 1e9),
    ]);
  });

  const noteRows: string[] = [];
  for (const file of result.files) {
    for (const n of file.notes) {
      const loc = n.start ? `${file.path}:${n.start.line + 1}:${n.start.character + 1}` : file.path;
      noteRows.push(tr([td(`<code>${escapeHtml(loc)}</code>`, loc), td(escapeHtml(n.kind)), td(escapeHtml(oneLine(scrub(n.message))))]));
    }
  }
  for (const s of result.skipped) noteRows.push(tr([td(`<code>${escapeHtml(s.path)}</code>`, s.path), td('skipped'), td(escapeHtml(s.reason))]));

  const title = 'NHI Hygiene report';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(nonce, options.cspSource))}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nhi ${escapeHtml(options.version)}">
<title>${title}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="muted">Root <code>${escapeHtml(result.root)}</code> · generated ${escapeHtml(generated.toISOString())} · nhi ${escapeHtml(options.version)} · ${escapeHtml(result.durationMs)} ms${result.cancelled ? ' · <strong>cancelled: results are partial</strong>' : ''}</p>
<p class="muted">Secret values are masked (e.g. <code>AKIA…WXYZ</code>); this page loads nothing from the network.</p>
</header>
<main>
<section class="cards" aria-label="Summary">
${cards.map(([label, value, tone]) => `<div class="card${tone ? ` ${tone}` : ''}"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`).join('\n')}
</section>
<section class="charts" aria-label="Charts">
${charts.join('\n')}
</section>
${table({
  id: 'findings',
  title: `Findings (${shown.length})`,
  columns: ['Severity', 'Rule', 'Category', 'Location', 'Message', 'Identity'],
  numeric: [0],
  rows: findingRows,
  empty: 'No findings.',
  filters: [
    { key: 'severity', label: 'Severity', values: SEVERITIES },
    { key: 'category', label: 'Category', values: CATEGORIES },
  ],
})}
${table({
  id: 'identities',
  title: `Identities (${identities.length})`,
  columns: ['Kind', 'Name', 'Cloud', 'Location', 'Owner', 'Credential', 'Privileges', 'Findings'],
  numeric: [7],
  rows: identityRows,
  empty: 'No non-human identities found.',
  filters: [
    { key: 'kind', label: 'Kind', values: [...new Set(identities.map((i) => i.kind))].sort(compare) },
    { key: 'owner', label: 'Owner', values: ['owned', 'unowned'] },
  ],
})}
${table({
  id: 'suppressions',
  title: `Inline suppressions (${suppressed.length})`,
  columns: ['Location', 'Rule', 'Reason', 'Until', 'Status'],
  numeric: [4],
  rows: suppressionRows,
  empty: 'No inline suppressions.',
  filters: [],
})}
${noteRows.length > 0 ? table({ id: 'notes', title: `File notes and skipped files (${noteRows.length})`, columns: ['File', 'Kind', 'Message'], numeric: [], rows: noteRows, empty: '', filters: [] }) : ''}
</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

// --- Building blocks ------------------------------------------------------------------------

function categoryOf(ruleId: string): string {
  return ruleId.split('/')[0];
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function top(counts: Map<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).slice(0, TOP);
}

/** Zero-padded, so the sort key of a location orders lines numerically. */
function pad(n: number): string {
  return String(n).padStart(9, '0');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function daysBetween(today: string, until: string): number | undefined {
  const a = Date.parse(`${today}T00:00:00Z`);
  const b = Date.parse(`${until}T00:00:00Z`);
  return Number.isNaN(b) ? undefined : Math.round((b - a) / 86_400_000);
}

function badge(text: string, cls: string): string {
  return `<span class="badge ${cls}">${escapeHtml(text)}</span>`;
}

function td(html: string, sortValue?: string | number): string {
  return sortValue === undefined ? `<td>${html}</td>` : `<td data-v="${escapeHtml(sortValue)}">${html}</td>`;
}

function tr(cells: string[], data: Record<string, string> = {}, cls?: string): string {
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  return `<tr${cls ? ` class="${cls}"` : ''}${attrs}>${cells.join('')}</tr>`;
}

interface TableSpec {
  id: string;
  title: string;
  columns: string[];
  /** Columns sorted as numbers. */
  numeric: number[];
  rows: string[];
  empty: string;
  filters: { key: string; label: string; values: readonly string[] }[];
}

function table(spec: TableSpec): string {
  const controls =
    spec.rows.length === 0
      ? ''
      : `<div class="controls"><label>Filter <input type="search" data-filter="${spec.id}" placeholder="text in any column"></label>${spec.filters
          .map(
            (f) =>
              `<label>${escapeHtml(f.label)} <select data-filter="${spec.id}" data-key="${escapeHtml(f.key)}"><option value="">all</option>${f.values
                .map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`)
                .join('')}</select></label>`,
          )
          .join('')}<span class="muted" data-count="${spec.id}"></span></div>`;
  const head = spec.columns
    .map((c, i) => `<th scope="col" aria-sort="none"><button type="button" data-sort="${i}"${spec.numeric.includes(i) ? ' data-numeric="1"' : ''}>${escapeHtml(c)}</button></th>`)
    .join('');
  const body = spec.rows.length > 0 ? spec.rows.join('\n') : `<tr><td colspan="${spec.columns.length}" class="muted">${escapeHtml(spec.empty)}</td></tr>`;
  return `<section aria-labelledby="h-${spec.id}">
<h2 id="h-${spec.id}">${escapeHtml(spec.title)}</h2>
${controls}
<div class="scroll"><table id="${spec.id}" class="sortable"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>
</section>`;
}

function chart(title: string, svg: string): string {
  return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>${svg}</figure>`;
}

const CHART_WIDTH = 420;
const LABEL_WIDTH = 170;
const BAR_HEIGHT = 18;
const BAR_GAP = 6;

/** Horizontal bars with the label left and the count right; colour from a CSS class (no inline style: CSP). */
function barChart(items: { label: string; short?: string; value: number; cls: string }[]): string {
  if (items.length === 0 || items.every((i) => i.value === 0)) return emptyChart();
  const max = Math.max(...items.map((i) => i.value));
  const span = CHART_WIDTH - LABEL_WIDTH - 50;
  const height = items.length * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;
  const bars = items.map((item, i) => {
    const y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP);
    const width = item.value === 0 ? 0 : Math.max(2, Math.round((item.value / max) * span));
    return (
      `<g><title>${escapeHtml(`${item.label}: ${item.value}`)}</title>` +
      `<text x="${LABEL_WIDTH - 6}" y="${y + 13}" text-anchor="end" class="axis">${escapeHtml(shorten(item.short ?? item.label))}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${width}" height="${BAR_HEIGHT}" rx="3" class="${escapeHtml(item.cls)}"></rect>` +
      `<text x="${LABEL_WIDTH + width + 6}" y="${y + 13}" class="count">${escapeHtml(item.value)}</text></g>`
    );
  });
  return svg(height, bars.join(''));
}

/** One bar per row split into parts (first part highlighted), with a legend. */
function stackedChart(rows: { label: string; parts: [number, number] }[], legend: [string, string]): string {
  if (rows.length === 0) return emptyChart();
  const max = Math.max(1, ...rows.map((r) => r.parts[0] + r.parts[1]));
  const span = CHART_WIDTH - LABEL_WIDTH - 50;
  const classes = ['sev-warning', 'ok'];
  const lines = rows.map((row, i) => {
    const y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP);
    let x = LABEL_WIDTH;
    const rects = row.parts.map((n, p) => {
      const width = n === 0 ? 0 : Math.max(2, Math.round((n / max) * span));
      const rect = `<rect x="${x}" y="${y}" width="${width}" height="${BAR_HEIGHT}" class="${classes[p]}"><title>${escapeHtml(`${row.label}: ${n} ${legend[p]}`)}</title></rect>`;
      x += width;
      return rect;
    });
    return (
      `<g><text x="${LABEL_WIDTH - 6}" y="${y + 13}" text-anchor="end" class="axis">${escapeHtml(shorten(row.label))}</text>${rects.join('')}` +
      `<text x="${x + 6}" y="${y + 13}" class="count">${escapeHtml(`${row.parts[0]}/${row.parts[0] + row.parts[1]}`)}</text></g>`
    );
  });
  const legendY = BAR_GAP + rows.length * (BAR_HEIGHT + BAR_GAP) + 4;
  const legendSvg = legend
    .map((text, p) => `<rect x="${LABEL_WIDTH + p * 120}" y="${legendY}" width="12" height="12" class="${classes[p]}"></rect><text x="${LABEL_WIDTH + p * 120 + 16}" y="${legendY + 11}" class="axis">${escapeHtml(text)}</text>`)
    .join('');
  return svg(legendY + 18, lines.join('') + legendSvg);
}

function svg(height: number, body: string): string {
  return `<svg role="img" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}">${body}</svg>`;
}

function emptyChart(): string {
  return `<p class="muted empty">Nothing to show.</p>`;
}

/** Long paths keep their end (the file name), long rule ids their start. */
function shorten(label: string): string {
  if (label.length <= 24) return label;
  return label.includes('/') ? `…${label.slice(-23)}` : `${label.slice(0, 23)}…`;
}

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--card:#f6f8fa;--err:#cf222e;--warn:#bf8700;--info:#0969da;--ok:#1a7f37;--accent:#8250df}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;--line:#30363d;--card:#161b22;--err:#f85149;--warn:#d29922;--info:#4493f8;--ok:#3fb950;--accent:#a371f7}}
body{margin:0;padding:1.5rem 2rem;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
h1{margin:0 0 .25rem;font-size:1.6rem}h2{margin:2rem 0 .5rem;font-size:1.2rem}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.muted{color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:.75rem;margin:1rem 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem}
.card .value{font-size:1.6rem;font-weight:600}.card .label{color:var(--muted)}
.card.bad .value{color:var(--err)}.card.warn .value{color:var(--warn)}.card.good .value{color:var(--ok)}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:1rem}
.chart{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.75rem}
.chart figcaption{font-weight:600;margin-bottom:.5rem}
svg{max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif}
svg .axis{fill:var(--fg)}svg .count{fill:var(--muted)}
.sev-error{fill:var(--err);background:var(--err)}.sev-warning{fill:var(--warn);background:var(--warn)}.sev-info{fill:var(--info);background:var(--info)}
.ok{fill:var(--ok);background:var(--ok)}.file{fill:var(--accent)}
.cat-secret{fill:var(--err)}.cat-privilege{fill:var(--warn)}.cat-ownership{fill:var(--info)}.cat-credential{fill:var(--accent)}
.badge{display:inline-block;padding:0 .45rem;border-radius:10px;color:#fff;font-size:12px;white-space:nowrap}
.controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:.5rem 0}
input,select{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:.2rem .4rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
th button{all:unset;cursor:pointer;font-weight:600}th button:focus-visible{outline:2px solid var(--info)}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
tr.suppressed td{opacity:.6}
tr[hidden]{display:none}
`;

/** Sorting and filtering; text only (no innerHTML), no network, no eval. */
const SCRIPT = `
(function () {
  'use strict';
  function cellValue(row, i) {
    var cell = row.cells[i];
    if (!cell) return '';
    return cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent;
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var body = table.tBodies[0];
    table.querySelectorAll('th button[data-sort]').forEach(function (button) {
      button.addEventListener('click', function () {
        var th = button.parentElement;
        var index = Number(button.getAttribute('data-sort'));
        var numeric = button.hasAttribute('data-numeric');
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        table.querySelectorAll('th').forEach(function (other) { other.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > 1; });
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var d = numeric ? Number(x) - Number(y) : (x < y ? -1 : x > y ? 1 : 0);
          return ascending ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var tables = {};
  document.querySelectorAll('[data-filter]').forEach(function (control) {
    var id = control.getAttribute('data-filter');
    (tables[id] = tables[id] || []).push(control);
    control.addEventListener('input', function () { apply(id); });
  });
  function apply(id) {
    var table = document.getElementById(id);
    if (!table) return;
    var controls = tables[id];
    var shown = 0, total = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (row.cells.length <= 1) return;
      total++;
      var visible = controls.every(function (c) {
        var value = c.value.trim().toLowerCase();
        if (!value) return true;
        var key = c.getAttribute('data-key');
        return key ? row.getAttribute('data-' + key) === value : row.textContent.toLowerCase().indexOf(value) >= 0;
      });
      row.hidden = !visible;
      if (visible) shown++;
    });
    var count = document.querySelector('[data-count="' + id + '"]');
    if (count) count.textContent = shown === total ? '' : shown + ' of ' + total + ' shown';
  }
})();
`;
