/**
 * The inventory tree as plain data: the server's `nhi/inventory` answer grouped
 * by identity category, by identity or by file. No VS Code API here (the tree
 * view only maps these nodes to TreeItems), so the grouping is testable alone.
 */
import type { IdentityCategory, InventoryFinding, InventoryIdentity, InventoryLocation, InventoryResult } from '../../server/src/service/protocol';

export type GroupBy = 'category' | 'identity' | 'file';
export const GROUP_BY_MODES: readonly GroupBy[] = ['category', 'identity', 'file'];

export interface InventoryNode {
  /** Stable across refreshes (keeps expansion state). */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon name. */
  icon: string;
  /** Theme colour of the icon: a severity, or none. */
  tone?: 'error' | 'warning' | 'info';
  /** Where a click goes. */
  location?: InventoryLocation;
  children?: InventoryNode[];
}

const CATEGORY_LABELS: Record<IdentityCategory, string> = {
  iam: 'IAM roles and users',
  'service-account': 'Service accounts',
  'managed-identity': 'Managed identities',
  ci: 'CI identities',
  'key-in-code': 'Keys found in code',
};
const CATEGORY_ORDER: IdentityCategory[] = ['iam', 'service-account', 'managed-identity', 'ci', 'key-in-code'];
const CATEGORY_ICONS: Record<IdentityCategory, string> = {
  iam: 'shield',
  'service-account': 'account',
  'managed-identity': 'azure',
  ci: 'github-action',
  'key-in-code': 'key',
};
const SEVERITY_RANK = { error: 3, warning: 2, info: 1 } as const;

export function buildInventoryTree(inventory: InventoryResult, groupBy: GroupBy): InventoryNode[] {
  if (!inventory.audited) return [];
  switch (groupBy) {
    case 'category':
      return byCategory(inventory);
    case 'identity':
      return [...inventory.identities.map((i) => identityNode(inventory, i, 'i')), ...unattachedGroup(inventory)];
    case 'file':
      return byFile(inventory);
  }
}

function byCategory(inventory: InventoryResult): InventoryNode[] {
  const nodes: InventoryNode[] = [];
  for (const category of CATEGORY_ORDER) {
    const members = inventory.identities.filter((i) => i.category === category);
    if (members.length === 0) continue;
    const findings = members.reduce((n, i) => n + i.findings.length, 0);
    nodes.push({
      id: `c:${category}`,
      label: CATEGORY_LABELS[category],
      description: `${count(members.length, 'identity', 'identities')}${findings > 0 ? `, ${count(findings, 'finding')}` : ''}`,
      icon: CATEGORY_ICONS[category],
      children: members.map((i) => identityNode(inventory, i, `c:${category}`)),
    });
  }
  return [...nodes, ...unattachedGroup(inventory)];
}

function byFile(inventory: InventoryResult): InventoryNode[] {
  const files = new Map<string, { uri: string; identities: InventoryIdentity[]; findings: number[] }>();
  const fileOf = (loc: InventoryLocation) => {
    let slot = files.get(loc.path);
    if (!slot) files.set(loc.path, (slot = { uri: loc.uri, identities: [], findings: [] }));
    return slot;
  };
  for (const identity of inventory.identities) fileOf(identity.location).identities.push(identity);
  inventory.findings.forEach((f, index) => {
    // Shown under its identity when that identity is declared in the same file.
    const owner = f.identity !== undefined ? inventory.identities[f.identity] : undefined;
    if (owner && owner.location.path === f.location.path) return;
    fileOf(f.location).findings.push(index);
  });
  return [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, slot]) => {
      const findings = slot.identities.reduce((n, i) => n + i.findings.length, 0) + slot.findings.length;
      const parts = [slot.identities.length > 0 ? count(slot.identities.length, 'identity', 'identities') : '', findings > 0 ? count(findings, 'finding') : ''].filter(Boolean);
      return {
        id: `f:${file}`,
        label: file,
        description: parts.join(', '),
        icon: 'file',
        tone: worst(inventory, [...slot.findings, ...slot.identities.flatMap((i) => i.findings)]),
        location: { uri: slot.uri, path: file, start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        children: [...slot.identities.map((i) => identityNode(inventory, i, `f:${file}`)), ...slot.findings.map((n) => findingNode(inventory.findings[n], n, `f:${file}`))],
      };
    });
}

function identityNode(inventory: InventoryResult, identity: InventoryIdentity, parent: string): InventoryNode {
  const id = `${parent}/i:${identity.kind}:${identity.name}:${identity.location.path}:${identity.location.start.line}`;
  const credential = identity.credential ? `${identity.credential}${identity.longLived ? ' (long-lived)' : ''}` : undefined;
  const details: InventoryNode[] = [
    identity.owner
      ? { id: `${id}/owner`, label: 'Owner', description: identity.owner, icon: 'person' }
      : { id: `${id}/owner`, label: 'Owner', description: 'none', icon: 'person', tone: identity.source === 'declared' ? 'warning' : undefined },
    ...(credential ? [{ id: `${id}/credential`, label: 'Credential', description: credential, icon: 'key', tone: identity.longLived ? ('warning' as const) : undefined }] : []),
    { id: `${id}/privileges`, label: 'Privileges', description: identity.privileges.length > 0 ? identity.privileges.join(', ') : 'no over-broad privilege found', icon: 'unlock', tone: identity.privileges.length > 0 ? 'warning' : undefined },
    {
      id: `${id}/location`,
      label: identity.source === 'declared' ? 'Declared' : 'Found',
      description: `${identity.location.path}:${identity.location.start.line + 1}`,
      icon: 'go-to-file',
      location: identity.location,
    },
  ];
  const summary = [kindLabel(identity.kind), identity.owner ? `owner ${identity.owner}` : identity.source === 'declared' ? 'no owner' : '', credential ?? ''].filter(Boolean);
  const tone = worst(inventory, identity.findings);
  return {
    id,
    label: identity.name,
    description: `${summary.join(' · ')}${identity.findings.length > 0 ? ` — ${count(identity.findings.length, 'finding')}` : ''}`,
    tooltip: [
      `${kindLabel(identity.kind)}: ${identity.name}`,
      identity.cloud ? `Cloud: ${identity.cloud}` : '',
      `Owner: ${identity.owner ?? 'none'}`,
      credential ? `Credential: ${credential}` : '',
      `Privileges: ${identity.privileges.length > 0 ? identity.privileges.join(', ') : 'none flagged'}`,
      `${identity.location.path}:${identity.location.start.line + 1}`,
    ]
      .filter(Boolean)
      .join('\n'),
    icon: CATEGORY_ICONS[identity.category],
    tone,
    location: identity.location,
    children: [...details, ...identity.findings.map((n) => findingNode(inventory.findings[n], n, id))],
  };
}

function findingNode(finding: InventoryFinding, index: number, parent: string): InventoryNode {
  return {
    id: `${parent}/x:${index}:${finding.ruleId}:${finding.location.path}:${finding.location.start.line}`,
    label: finding.message,
    description: `${finding.ruleId} · ${finding.location.path}:${finding.location.start.line + 1}`,
    tooltip: `${finding.severity}: ${finding.message}\n${finding.ruleId}\n${finding.location.path}:${finding.location.start.line + 1}:${finding.location.start.character + 1}`,
    icon: finding.severity,
    tone: finding.severity,
    location: finding.location,
  };
}

/** Findings that concern no identity (most secrets in config files, for one). */
function unattachedGroup(inventory: InventoryResult): InventoryNode[] {
  const loose = inventory.findings.map((f, i) => ({ f, i })).filter(({ f }) => f.identity === undefined);
  if (loose.length === 0) return [];
  loose.sort((a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] || a.i - b.i);
  return [
    {
      id: 'u',
      label: 'Findings without an identity',
      description: count(loose.length, 'finding'),
      icon: 'list-unordered',
      tone: worst(inventory, loose.map(({ i }) => i)),
      children: loose.map(({ f, i }) => findingNode(f, i, 'u')),
    },
  ];
}

function worst(inventory: InventoryResult, findings: number[]): InventoryNode['tone'] {
  let best: InventoryNode['tone'];
  for (const n of findings) {
    const severity = inventory.findings[n]?.severity;
    if (severity && (!best || SEVERITY_RANK[severity] > SEVERITY_RANK[best])) best = severity;
  }
  return best;
}

function kindLabel(kind: string): string {
  switch (kind) {
    case 'aws-iam-role':
      return 'IAM role';
    case 'aws-iam-user':
      return 'IAM user';
    case 'gcp-service-account':
      return 'GCP service account';
    case 'k8s-service-account':
      return 'Kubernetes service account';
    case 'azure-identity':
      return 'Azure identity';
    case 'ci-workflow':
      return 'CI workflow';
    case 'api-key':
      return 'Key';
    default:
      return kind;
  }
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Status bar text: findings by severity, with codicons. */
export function statusText(inventory: InventoryResult | undefined): string {
  if (!inventory?.audited) return '$(shield) NHI';
  const { error, warning, info } = inventory.counts;
  return `$(shield) $(error) ${error} $(warning) ${warning} $(info) ${info}`;
}

export function statusTooltip(inventory: InventoryResult | undefined): string {
  if (!inventory?.audited) return 'NHI Hygiene: no workspace audit yet. Click to audit the workspace.';
  const { error, warning, info } = inventory.counts;
  const extra = [inventory.baselined > 0 ? `${inventory.baselined} baselined` : '', inventory.suppressed > 0 ? `${inventory.suppressed} suppressed` : ''].filter(Boolean);
  return (
    `NHI Hygiene, last audit: ${count(error, 'error')}, ${count(warning, 'warning')}, ${info} info` +
    `${extra.length > 0 ? ` (${extra.join(', ')} not shown)` : ''}; ${count(inventory.identities.length, 'identity', 'identities')} in ${count(inventory.filesScanned, 'file')}. Click to open the inventory.`
  );
}
