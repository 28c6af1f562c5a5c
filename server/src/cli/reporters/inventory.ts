/**
 * The inventory of non-human identities (`nhi audit --inventory`, and the
 * identities table of the HTML report): every declared identity with the number
 * of findings on it, plus identities that only findings name (a key found in
 * code has no declaration, only the findings that report it).
 *
 * A finding belongs to the identity it names (`Finding.identity`: same file
 * first, then anywhere in the audit, as a key may be created in one file and used
 * in another); a finding that names none belongs to the innermost identity
 * whose range contains it in the same file.
 */
import type { CredentialMechanism, IdentityKind } from '../../engine/model';
import type { AuditResult, LocatedFinding } from '../../engine/workspace';
import { compare } from './common';

export interface InventoryEntry {
  kind: IdentityKind;
  name: string;
  cloud?: string;
  /** Path relative to the audit root; 1-based line. */
  path: string;
  line: number;
  owner?: string;
  credential?: CredentialMechanism;
  /** Privilege rules that fired on the identity (e.g. "iam-wildcard-action"), comma-separated; empty when none. */
  privileges: string;
  /** Unsuppressed findings on the identity. */
  findings: number;
  /** 'declared' in a file (role, user, service account …) or only 'referenced' by findings (a key in code). */
  source: 'declared' | 'referenced';
}

/** Credential mechanisms that are long-lived secrets (as opposed to federation / workload identity). */
export const LONG_LIVED: ReadonlySet<CredentialMechanism> = new Set<CredentialMechanism>([
  'aws-access-key',
  'gcp-service-account-key',
  'azure-client-secret',
  'static-secret-env',
  'k8s-service-account-token',
]);

interface Slot {
  entry: InventoryEntry;
  privileges: Set<string>;
  range?: { start: number; end: number };
}

export function buildInventory(result: AuditResult): InventoryEntry[] {
  const slots: Slot[] = [];
  const byFile = new Map<string, Slot[]>();
  const byRef = new Map<string, Slot[]>();
  const refKey = (kind: string, name: string) => `${kind}\u0000${name}`;
  const index = (slot: Slot, file: string) => {
    slots.push(slot);
    byFile.set(file, [...(byFile.get(file) ?? []), slot]);
    const key = refKey(slot.entry.kind, slot.entry.name);
    byRef.set(key, [...(byRef.get(key) ?? []), slot]);
  };

  for (const file of result.files) {
    for (const id of file.identities) {
      index(
        {
          entry: {
            kind: id.identityKind,
            name: id.name,
            ...(id.cloud ? { cloud: id.cloud } : {}),
            path: file.path,
            line: id.start.line + 1,
            ...(id.owner ? { owner: id.owner } : {}),
            ...(id.credential ? { credential: id.credential } : {}),
            privileges: '',
            findings: 0,
            source: 'declared',
          },
          privileges: new Set(),
          range: id.range,
        },
        file.path,
      );
    }
  }

  const attach = (slot: Slot, f: LocatedFinding) => {
    slot.entry.findings++;
    if (f.ruleId.startsWith('privilege/')) slot.privileges.add(f.ruleId.slice('privilege/'.length));
  };
  for (const file of result.files) {
    for (const f of file.findings) {
      if (f.suppressed) continue;
      if (f.identity) {
        const candidates = byRef.get(refKey(f.identity.kind, f.identity.name)) ?? [];
        const slot = candidates.find((s) => s.entry.path === file.path) ?? candidates[0];
        if (slot) attach(slot, f);
        else {
          // Named only by findings (e.g. 'aws:AKIA…WXYZ', already masked by the rule).
          const created: Slot = {
            entry: { kind: f.identity.kind, name: f.identity.name, path: file.path, line: f.start.line + 1, privileges: '', findings: 0, source: 'referenced' },
            privileges: new Set(),
          };
          index(created, file.path);
          attach(created, f);
        }
        continue;
      }
      const enclosing = (byFile.get(file.path) ?? [])
        .filter((s) => s.range && s.range.start <= f.range.start && f.range.end <= s.range.end)
        .sort((a, b) => a.range!.end - a.range!.start - (b.range!.end - b.range!.start))[0];
      if (enclosing) attach(enclosing, f);
    }
  }

  for (const s of slots) s.entry.privileges = [...s.privileges].sort(compare).join(', ');
  return slots
    .map((s) => s.entry)
    .sort((a, b) => compare(a.path, b.path) || a.line - b.line || compare(a.kind, b.kind) || compare(a.name, b.name));
}

export const INVENTORY_COLUMNS = ['kind', 'name', 'cloud', 'path', 'line', 'owner', 'credential', 'privileges', 'findings', 'source'] as const;

export function inventoryJson(entries: InventoryEntry[], version: string): string {
  return JSON.stringify({ version, identities: entries }, null, 2) + '\n';
}

/**
 * RFC 4180: CRLF line ends, every field quoted when it holds a comma, quote, CR
 * or LF, quotes doubled. Spreadsheet formula injection: a cell that starts with
 * = + - @ (or a tab / CR, which some spreadsheets strip before evaluating) is
 * prefixed with a single quote so it is shown as text, never evaluated.
 */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function inventoryCsv(entries: InventoryEntry[]): string {
  const rows = [INVENTORY_COLUMNS.join(',')];
  for (const e of entries) rows.push(INVENTORY_COLUMNS.map((c) => csvCell(e[c])).join(','));
  return rows.join('\r\n') + '\r\n';
}

/** Aligned columns for a terminal. */
export function inventoryText(entries: InventoryEntry[]): string {
  if (entries.length === 0) return 'No non-human identities found.\n';
  const header = ['KIND', 'NAME', 'LOCATION', 'OWNER', 'CREDENTIAL', 'PRIVILEGES', 'FINDINGS'];
  const rows = entries.map((e) => [e.kind, oneLine(e.name), `${oneLine(e.path)}:${e.line}`, oneLine(e.owner ?? '-'), e.credential ?? '-', e.privileges || '-', String(e.findings)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const unowned = entries.filter((e) => e.source === 'declared' && !e.owner).length;
  const longLived = entries.filter((e) => e.credential && LONG_LIVED.has(e.credential)).length;
  return [line(header), ...rows.map(line), '', `${entries.length} ${entries.length === 1 ? 'identity' : 'identities'}; ${unowned} without owner; ${longLived} with long-lived credentials`].join('\n') + '\n';
}

/** Control characters (line breaks, terminal escapes) from file names never reach the terminal. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}
