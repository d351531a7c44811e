// Show Spend: the spend report in an editor tab (the playground's bundle and theme): a stacked daily chart
// with budget lines, the table and price drift, regrouped and re-ranged from the webview, exported as
// CSV, JSON or one HTML file. Every message from the webview is checked before it is used.
import * as vscode from "vscode";
import type { SpendCell } from "../core/spend/spend-rollup";
import { askSaveLocation } from "./save-location";
import { spendDashboard, utcDay } from "../core/spend/spend-dashboard";
import { spendReportHtml } from "../core/spend/spend-html";
import { formatSpend } from "../core/spend/spend-report";
import { describeProtocolError } from "../protocol";
import { type SpendDashboard, type SpendGrouping, type SpendHostMessage, spendViewMessageSchema } from "../protocol-spend";
import { getLog } from "./log";
import type { SwitchboardServices } from "./switchboard-services";
import { playgroundHtml } from "./webview-html";

export const SPEND_VIEW_TYPE = "switchboard.spend";

export class SpendPanel {
  private static current: SpendPanel | undefined;
  private by: SpendGrouping = "model";
  private days = 30;
  private readonly disposables: vscode.Disposable[] = [];
  /** What the view shows now (for tests, and exports). */
  dashboard: SpendDashboard | undefined;

  static async show(extensionUri: vscode.Uri, services: SwitchboardServices, by?: SpendGrouping): Promise<SpendPanel> {
    const open = SpendPanel.current;
    if (open) {
      if (by) open.by = by;
      open.panel.reveal();
      await open.refresh();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(SPEND_VIEW_TYPE, "Switchboard Spend", vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist"), vscode.Uri.joinPath(extensionUri, "media")],
    });
    const created = new SpendPanel(panel, extensionUri, services, by);
    // The figures are ready when this returns (the command returns them); the view asks again once it has loaded.
    await created.refresh();
    return created;
  }

  static get open(): SpendPanel | undefined {
    return SpendPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly services: SwitchboardServices,
    by?: SpendGrouping,
  ) {
    SpendPanel.current = this;
    if (by) this.by = by;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "icon.png");
    panel.webview.html = playgroundHtml(panel.webview, extensionUri, "spend");
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Reads the ledger's totals again (after each request, or a change of grouping or range), off the event loop. */
  async refresh(): Promise<void> {
    this.present((await this.services.spend.readAsync()).cells);
  }

  private present(cells: readonly SpendCell[]): void {
    const budgets = this.services.settings.budgets;
    this.dashboard = spendDashboard(cells, { by: this.by, until: utcDay(new Date()), days: this.days, budgets: { dailyUsd: budgets.dailyUsd, monthlyUsd: budgets.monthlyUsd }, source: this.services.ledger.file });
    const message: SpendHostMessage = { type: "spend", dashboard: this.dashboard, days: this.days };
    void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = spendViewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      getLog().warn(`Ignored a malformed message from the spend view: ${describeProtocolError(parsed.error)}`);
      return;
    }
    const message = parsed.data;
    if (message.type === "spend-query") {
      this.by = message.by;
      this.days = message.days;
    }
    if (message.type === "spend-export") await this.export(message.format);
    else await this.refresh();
  }

  async export(format: "csv" | "json" | "html", target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const dashboard = this.dashboard;
    if (!dashboard) return undefined;
    const uri =
      target ??
      (await askSaveLocation(
        "Export Switchboard spend",
        format === "csv" ? { CSV: ["csv"] } : format === "json" ? { JSON: ["json"] } : { HTML: ["html"] },
        `switchboard-spend-${dashboard.by}-${dashboard.until}.${format}`,
      ));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(await this.exported(format, dashboard)));
    void vscode.window.showInformationMessage(`Switchboard: spend exported to ${uri.fsPath}.`);
    return uri;
  }

  private async exported(format: "csv" | "json" | "html", dashboard: SpendDashboard): Promise<string> {
    if (format === "html") {
      const read = async (name: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, "dist", name)));
      return spendReportHtml(dashboard, await read("spend-report.js"), await read("spend-report.css"));
    }
    // The table the view shows is the export: no second read of the ledger.
    return `${formatSpend({ rows: dashboard.rows, total: dashboard.total }, dashboard.by, format)}\n`;
  }

  private dispose(): void {
    if (SpendPanel.current === this) SpendPanel.current = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
