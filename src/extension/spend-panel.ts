// Show Spend: the spend report in an editor tab (the playground's bundle and theme): a stacked daily chart
// with budget lines, the table and price drift, regrouped and re-ranged from the webview, exported as
// CSV, JSON or one HTML file. Every message from the webview is checked before it is used.
import * as vscode from "vscode";
import type { SpendCell } from "../core/spend/spend-rollup";
import { askSaveLocation } from "./save-location";
import { spendDashboard, utcDay } from "../core/spend/spend-dashboard";
import type { spendReportHtml } from "../core/spend/spend-html";
import { formatSpend } from "../core/spend/spend-report";
import { describeProtocolError } from "../protocol";
import { PERSONAL_GROUPINGS, type SpendDashboard, type SpendGrouping, type SpendHostMessage, spendViewMessageSchema } from "../protocol-spend";
import type { BudgetLimits } from "../core/spend/budget";
import { getLog } from "./log";
import type { SwitchboardServices } from "./switchboard-services";
import { playgroundHtml } from "./webview-html";

export const SPEND_VIEW_TYPE = "switchboard.spend";

/** Where a spend tab's figures come from: the user's own ledger, or a team gateway's database (admin key). */
export interface SpendSource {
  title: string;
  /** Shown under the report. */
  label: string;
  cells(): Promise<readonly SpendCell[]>;
  groupings: readonly SpendGrouping[];
  /** Budget lines on the chart, as they stand when the figures are drawn. */
  budgets(): Pick<BudgetLimits, "dailyUsd" | "monthlyUsd">;
}

function personalSource(services: SwitchboardServices): SpendSource {
  return {
    title: "Switchboard Spend",
    label: services.ledger.file,
    cells: async () => (await services.spend.readAsync()).cells,
    groupings: PERSONAL_GROUPINGS,
    budgets: () => ({ dailyUsd: services.settings.budgets.dailyUsd, monthlyUsd: services.settings.budgets.monthlyUsd }),
  };
}

export class SpendPanel {
  /** The user's own spend tab, refreshed after every request; and a team's, opened by Show Team Spend. */
  private static current: SpendPanel | undefined;
  private static team: SpendPanel | undefined;
  /** The one-file HTML report, from the exports side bundle (set at start-up; loaded on the first HTML export). */
  static renderHtml: typeof spendReportHtml | undefined;
  private by: SpendGrouping = "model";
  private days = 30;
  private readonly disposables: vscode.Disposable[] = [];
  /** What the view shows now (for tests, and exports). */
  dashboard: SpendDashboard | undefined;

  /** `source` absent: the user's own ledger. */
  static async show(extensionUri: vscode.Uri, services: SwitchboardServices, by?: SpendGrouping, source?: SpendSource): Promise<SpendPanel> {
    const open = source ? SpendPanel.team : SpendPanel.current;
    if (open) {
      if (source) open.source = source;
      if (by) open.by = by;
      open.panel.reveal();
      await open.refresh();
      return open;
    }
    const shown = source ?? personalSource(services);
    const panel = vscode.window.createWebviewPanel(SPEND_VIEW_TYPE, shown.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist"), vscode.Uri.joinPath(extensionUri, "media")],
    });
    const created = new SpendPanel(panel, extensionUri, shown, source !== undefined, by);
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
    private source: SpendSource,
    isTeam: boolean,
    by?: SpendGrouping,
  ) {
    if (isTeam) SpendPanel.team = this;
    else SpendPanel.current = this;
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
    let cells: readonly SpendCell[];
    try {
      cells = await this.source.cells();
    } catch (error) {
      // A team gateway that cannot be reached: the tab keeps what it showed.
      void vscode.window.showErrorMessage(`Switchboard: the spend figures from ${this.source.label} could not be read: ${error instanceof Error ? error.message : String(error)}.`);
      return;
    }
    this.present(cells);
  }

  private present(cells: readonly SpendCell[]): void {
    const { label, groupings } = this.source;
    if (!groupings.includes(this.by)) this.by = "model";
    this.dashboard = spendDashboard(cells, { by: this.by, until: utcDay(new Date()), days: this.days, budgets: this.source.budgets(), source: label, groupings });
    const message: SpendHostMessage = { type: "spend", dashboard: this.dashboard, days: this.days };
    void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = spendViewMessageSchema().safeParse(raw);
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
      if (!SpendPanel.renderHtml) throw new Error("the HTML report is not loaded yet");
      return SpendPanel.renderHtml(dashboard, await read("spend-report.js"), await read("spend-report.css"));
    }
    // The table the view shows is the export: no second read of the ledger.
    return `${formatSpend({ rows: dashboard.rows, total: dashboard.total }, dashboard.by, format)}\n`;
  }

  private dispose(): void {
    if (SpendPanel.current === this) SpendPanel.current = undefined;
    if (SpendPanel.team === this) SpendPanel.team = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
