// Status bar item with this session's spend; clicking it opens the playground.
import * as vscode from "vscode";
import { formatUsd } from "../core/spend/cost";

export class SpendStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem("switchboard.spend", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "Switchboard Spend";
    this.item.command = "switchboard.openPlayground";
    this.update(0);
    this.item.show();
  }

  update(sessionUsd: number): void {
    this.item.text = `$(pulse) ${formatUsd(sessionUsd)}`;
    this.item.tooltip = `Switchboard: ${formatUsd(sessionUsd)} spent this session. Click to open the playground.`;
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
