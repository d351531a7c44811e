// Show Spend (the spend report; CSV/JSON export for scripts) and Verify Ledger.
import * as vscode from "vscode";
import { verifyLedgerAsync } from "../core/spend/ledger-reader";
import { formatSpend, type GroupBy, spendReport } from "../core/spend/spend-report";
import { askSaveLocation } from "./save-location";
import { SpendPanel } from "./spend-panel";
import type { SwitchboardServices } from "./switchboard-services";

const GROUPS = ["model", "provider", "project", "feature", "day"] as const satisfies readonly GroupBy[];

/**
 * Opens the spend report (chart, table, price drift). Scripts and tests may pass (by, exportFormat,
 * exportPath) to write a CSV or JSON export of every recorded day without any UI.
 */
export async function showSpendCommand(services: SwitchboardServices, extensionUri: vscode.Uri, byArg?: unknown, formatArg?: unknown, pathArg?: unknown): Promise<unknown> {
  const by = GROUPS.find((group) => group === byArg);
  if (formatArg === "csv" || formatArg === "json") {
    const report = spendReport((await services.spend.readAsync()).cells, by ?? "model");
    const target = typeof pathArg === "string" ? vscode.Uri.file(pathArg) : undefined;
    await exportSpend(formatSpend(report, by ?? "model", formatArg), formatArg, target);
    return formatSpend(report, by ?? "model", "table");
  }
  const { skippedLines } = await services.spend.readAsync();
  if (skippedLines > 0) void vscode.window.showWarningMessage(`Switchboard: ${skippedLines} incomplete ledger line(s) were skipped; Verify Ledger lists them.`);
  const panel = await SpendPanel.show(extensionUri, services, by === "day" ? undefined : by);
  // show() has read the figures: the export writes what the tab shows.
  if (formatArg === "html" && typeof pathArg === "string") await panel.export("html", vscode.Uri.file(pathArg));
  return panel.dashboard;
}

async function exportSpend(content: string, format: "csv" | "json", target?: vscode.Uri): Promise<void> {
  const uri =
    target ??
    (await askSaveLocation("Export Switchboard spend", format === "csv" ? { CSV: ["csv"] } : { JSON: ["json"] }, `switchboard-spend.${format}`));
  if (!uri) return;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${content}\n`));
  void vscode.window.showInformationMessage(`Switchboard: spend exported to ${uri.fsPath}.`);
}

/** Verifies the ledger (and an earlier one not merged yet), off the event loop. */
export async function verifyLedgerCommand(services: SwitchboardServices) {
  const result = await verifyLedgerAsync(services.ledger.file);
  const old = services.spend.oldFile;
  const earlier = old ? await verifyLedgerAsync(old) : undefined;
  const torn = result.skipped.length ? `; ${result.skipped.length} incomplete line(s) skipped` : "";
  const alsoEarlier = !earlier ? "" : earlier.ok ? ` The earlier ledger waiting to be merged (${old}) is intact too (${earlier.records} records).` : ` The earlier ledger waiting to be merged (${old}) is broken at record ${earlier.broken?.index} (request ${earlier.broken?.requestId}): ${earlier.broken?.reason}.`;
  const intact = `Switchboard: the ledger is intact (${result.records} records, hash chain verified${torn}): ${services.ledger.file}.`;
  if (result.ok && (!earlier || earlier.ok)) void vscode.window.showInformationMessage(`${intact}${alsoEarlier}`);
  else if (result.ok) void vscode.window.showErrorMessage(`${intact}${alsoEarlier}`);
  else void vscode.window.showErrorMessage(`Switchboard: the ledger is broken at record ${result.broken?.index} (request ${result.broken?.requestId}): ${result.broken?.reason}: ${services.ledger.file}.${alsoEarlier}`);
  return earlier ? { ...result, earlier } : result;
}
