// Status bar item with this session's spend; the tooltip adds today's and this month's spend and the
// budget state (warning colour near a limit, error colour when blocked). Clicking it opens Show Spend.
import * as vscode from "vscode";
import { formatUsd } from "../common/format-usd";
import type { BudgetState } from "../core/spend/budget";

export class SpendStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private totals = { todayUsd: 0, monthUsd: 0, budget: "ok" as BudgetState };
  private sessionUsd = 0;
  /** A connected team gateway: a line for the tooltip, and the least left under any of the member's budgets. */
  private team: { line: string; remainingUsd?: number } | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem("switchboard.spend", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "Switchboard Spend";
    this.item.command = "switchboard.showSpend";
    this.render();
    this.item.show();
  }

  /** Called often while columns stream: only the text changes. */
  update(sessionUsd: number): void {
    this.sessionUsd = sessionUsd;
    this.render();
  }

  /** Called when a request finishes: ledger totals and budget state. */
  setTotals(todayUsd: number, monthUsd: number, budget: BudgetState): void {
    this.totals = { todayUsd, monthUsd, budget };
    this.render();
  }

  /** What the team gateway says is left of the member's budgets (undefined: no team gateway). */
  setTeam(team: { line: string; remainingUsd?: number } | undefined): void {
    this.team = team;
    this.render();
  }

  private render(): void {
    const left = this.team?.remainingUsd === undefined ? "" : ` · ${formatUsd(this.team.remainingUsd)} left`;
    this.item.text = `$(pulse) ${formatUsd(this.sessionUsd)}${left}`;
    const teamLine = this.team ? `\n\n${this.team.line}` : "";
    const budgetLine =
      this.totals.budget === "blocked" ? "\n\nA budget is used up: new requests are refused." : this.totals.budget === "warn" ? "\n\nA budget is nearly used up." : "";
    this.item.tooltip = new vscode.MarkdownString(
      `**Switchboard spend**\n\nThis session: ${formatUsd(this.sessionUsd)}  \nToday: ${formatUsd(this.totals.todayUsd)}  \nThis month: ${formatUsd(this.totals.monthUsd)}${budgetLine}${teamLine}\n\nClick for the spend report.`,
    );
    this.item.backgroundColor =
      this.totals.budget === "blocked"
        ? new vscode.ThemeColor("statusBarItem.errorBackground")
        : this.totals.budget === "warn"
          ? new vscode.ThemeColor("statusBarItem.warningBackground")
          : undefined;
  }

  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    const tooltip = this.item.tooltip;
    return typeof tooltip === "string" ? tooltip : (tooltip?.value ?? "");
  }

  get budgetState(): BudgetState {
    return this.totals.budget;
  }

  dispose(): void {
    this.item.dispose();
  }
}
