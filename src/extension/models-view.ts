// The Models view in Switchboard's side bar: what a user can call right now, by provider with its key
// state, each model with its prices; today's spend and the local gateway's state on top. Clicking fixes
// what is missing (Set API Key) or opens what is there (the playground, the spend report, the gateway).
import * as vscode from "vscode";
import { formatUsd } from "../common/format-usd";
import type { ModelOption } from "../protocol";

export interface ModelsViewDeps {
  models(): ModelOption[];
  providerName(providerId: string): string;
  spend(): { todayUsd: number; monthUsd: number };
  gatewayUrl(): string | undefined;
}

class ProviderItem extends vscode.TreeItem {
  constructor(
    readonly providerId: string,
    readonly models: ModelOption[],
    name: string,
  ) {
    super(name, vscode.TreeItemCollapsibleState.Collapsed);
    const first = models[0];
    const missing = models.every((model) => model.keyMissing);
    this.description = missing ? "no API key" : first?.simulated ? "offline demo, simulated" : first?.local ? "on this machine" : "ready";
    this.iconPath = new vscode.ThemeIcon(missing ? "key" : first?.local ? "server" : "cloud");
    this.contextValue = missing ? "provider-no-key" : "provider";
    this.tooltip = missing ? `No API key is set for ${name}: click to set one (stored in VS Code's secret storage).` : `${models.length} model${models.length === 1 ? "" : "s"}`;
    if (missing) this.command = { title: "Set API Key", command: "switchboard.setApiKey", arguments: [providerId] };
  }
}

function modelItem(model: ModelOption): vscode.TreeItem {
  const item = new vscode.TreeItem(model.displayName, vscode.TreeItemCollapsibleState.None);
  item.description = model.simulated ? "simulated" : `$${model.inputPrice} / $${model.outputPrice} per 1M`;
  item.tooltip = `${model.id}\n${model.contextWindow.toLocaleString("en-US")} tokens of context${model.pricesAsOf ? `\nPrices as of ${model.pricesAsOf}${model.pricesStale ? " (over 60 days old)" : ""}` : ""}${model.keyMissing ? "\nNo API key set" : ""}`;
  item.iconPath = new vscode.ThemeIcon(model.keyMissing ? "circle-slash" : "symbol-method");
  item.command = { title: "Open Playground", command: "switchboard.openPlayground" };
  return item;
}

export class ModelsView implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly deps: ModelsViewDeps) {}

  /** Keys, settings, spend or the gateway changed. */
  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  getChildren(element?: vscode.TreeItem): vscode.TreeItem[] {
    if (element instanceof ProviderItem) return element.models.map(modelItem);
    if (element) return [];
    const { todayUsd, monthUsd } = this.deps.spend();
    const spend = new vscode.TreeItem(`Spent today ${formatUsd(todayUsd)}`, vscode.TreeItemCollapsibleState.None);
    spend.description = `this month ${formatUsd(monthUsd)}`;
    spend.iconPath = new vscode.ThemeIcon("pulse");
    spend.command = { title: "Show Spend", command: "switchboard.showSpend" };
    const url = this.deps.gatewayUrl();
    const gateway = new vscode.TreeItem(url ? "Local gateway running" : "Local gateway stopped", vscode.TreeItemCollapsibleState.None);
    gateway.description = url ?? "start it for agents and SDKs";
    gateway.iconPath = new vscode.ThemeIcon(url ? "radio-tower" : "debug-disconnect");
    gateway.command = { title: "Local Gateway Actions", command: "switchboard.gatewayActions" };
    const byProvider = new Map<string, ModelOption[]>();
    for (const model of this.deps.models()) {
      const provider = model.id.split("/")[0]!;
      byProvider.set(provider, [...(byProvider.get(provider) ?? []), model]);
    }
    // Providers that can answer now first, then those waiting for a key.
    const providers = [...byProvider].sort(([, a], [, b]) => Number(a.every((m) => m.keyMissing)) - Number(b.every((m) => m.keyMissing)));
    return [spend, gateway, ...providers.map(([id, models]) => new ProviderItem(id, models, this.deps.providerName(id)))];
  }

  /** The view as text, for the VS Code suite: each top-level row and, indented, each provider's models. */
  describe(): string[] {
    const text = (item: vscode.TreeItem) => `${typeof item.label === "string" ? item.label : (item.label?.label ?? "")}${item.description ? ` — ${item.description}` : ""}`;
    return this.getChildren().flatMap((item) => [text(item), ...this.getChildren(item).map((child) => `  ${text(child)}`)]);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
