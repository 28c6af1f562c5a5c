/**
 * The "NHI Inventory" tree view and the status-bar counts. Both render the
 * server's `nhi/inventory` answer (grouped by inventory-model.ts); nothing is
 * computed here.
 */
import * as vscode from 'vscode';
import type { InventoryLocation, InventoryResult } from '../../server/src/service/protocol';
import { AUDIT_WORKSPACE_COMMAND, INVENTORY_VIEW } from '../../server/src/service/protocol';
import { buildInventoryTree, statusText, statusTooltip, type GroupBy, type InventoryNode } from './inventory-model';

const TONE_COLORS: Record<NonNullable<InventoryNode['tone']>, string> = {
  error: 'problemsErrorIcon.foreground',
  warning: 'problemsWarningIcon.foreground',
  info: 'problemsInfoIcon.foreground',
};

export class InventoryView implements vscode.TreeDataProvider<InventoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<InventoryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private inventory: InventoryResult | undefined;
  private roots: InventoryNode[] = [];
  private readonly status: vscode.StatusBarItem;
  private readonly view: vscode.TreeView<InventoryNode>;

  constructor(private groupBy: GroupBy) {
    this.view = vscode.window.createTreeView(INVENTORY_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.status = vscode.window.createStatusBarItem('nhi.status', vscode.StatusBarAlignment.Left, 50);
    this.status.name = 'NHI Hygiene';
    this.render();
    this.status.show();
  }

  get grouping(): GroupBy {
    return this.groupBy;
  }

  get audited(): boolean {
    return !!this.inventory?.audited;
  }

  setGroupBy(groupBy: GroupBy): void {
    this.groupBy = groupBy;
    this.render();
  }

  update(inventory: InventoryResult): void {
    this.inventory = inventory;
    this.render();
  }

  getTreeItem(node: InventoryNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.children && node.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.tone ? new vscode.ThemeColor(TONE_COLORS[node.tone]) : undefined);
    if (node.location) {
      item.command = { title: 'Reveal', command: 'vscode.open', arguments: [vscode.Uri.parse(node.location.uri), { selection: toRange(node.location), preview: true }] };
    }
    return item;
  }

  getChildren(node?: InventoryNode): InventoryNode[] {
    return node ? (node.children ?? []) : this.roots;
  }

  dispose(): void {
    this.view.dispose();
    this.status.dispose();
    this.changed.dispose();
  }

  private render(): void {
    this.roots = this.inventory ? buildInventoryTree(this.inventory, this.groupBy) : [];
    const total = this.inventory?.audited ? this.inventory.findings.length : undefined;
    this.view.description = total === undefined ? undefined : `${total} finding${total === 1 ? '' : 's'} · by ${this.groupBy}`;
    this.status.text = statusText(this.inventory);
    this.status.tooltip = statusTooltip(this.inventory);
    this.status.command = this.inventory?.audited ? `${INVENTORY_VIEW}.focus` : AUDIT_WORKSPACE_COMMAND;
    this.changed.fire(undefined);
  }
}

function toRange(location: InventoryLocation): vscode.Range {
  return new vscode.Range(location.start.line, location.start.character, location.end.line, location.end.character);
}
