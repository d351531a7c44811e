// Show Spend (grouped totals, with CSV/JSON export through a save dialog) and Verify Ledger.
import * as vscode from "vscode";
import { verifyLedger } from "../core/spend/ledger-reader";
import { DRIFT_LEGEND, formatDrift, priceDrift } from "../core/spend/price-drift";
import { formatSpend, type GroupBy, SPEND_LEGEND, spendReport } from "../core/spend/spend-report";
import type { SwitchboardServices } from "./switchboard-services";

const GROUPS: Array<{ label: string; by: GroupBy }> = [
  { label: "By model", by: "model" },
  { label: "By provider", by: "provider" },
  { label: "By project", by: "project" },
  { label: "By feature", by: "feature" },
  { label: "By day", by: "day" },
];

/** Arguments let scripts and tests skip the pickers: (by, exportFormat, exportPath). */
export async function showSpendCommand(services: SwitchboardServices, byArg?: unknown, formatArg?: unknown, pathArg?: unknown): Promise<string | undefined> {
  const by = GROUPS.find((group) => group.by === byArg)?.by ?? (await vscode.window.showQuickPick(GROUPS, { placeHolder: "Group spend how?" }))?.by;
  if (!by) return undefined;
  const { cells, skippedLines } = services.spend.read();
  const report = spendReport(cells, by);
  const table = formatSpend(report, by, "table");
  if (formatArg === "csv" || formatArg === "json") {
    const target = typeof pathArg === "string" ? vscode.Uri.file(pathArg) : undefined;
    await exportSpend(formatSpend(report, by, formatArg), formatArg, target);
    return table;
  }
  const warning = skippedLines > 0 ? `\n\n(${skippedLines} incomplete ledger line(s) skipped; Verify Ledger lists them.)` : "";
  const drift = priceDrift(cells);
  // Only where a provider reported its charges: otherwise there is nothing to compare the prices with.
  const driftSection = drift.length > 0 ? `\n## Price drift\n\n\`\`\`\n${formatDrift(drift, "table")}\n\`\`\`\n\n${DRIFT_LEGEND}\n` : "";
  const document = await vscode.workspace.openTextDocument({
    language: "markdown",
    content: `# Switchboard spend ${by === "day" ? "by day" : `by ${by}`}\n\nLedger: ${services.ledger.file}\n\n\`\`\`\n${table}\n\`\`\`\n\n${SPEND_LEGEND}${warning}\n${driftSection}`,
  });
  await vscode.window.showTextDocument(document, { preview: true });
  const choice = await vscode.window.showInformationMessage(`Switchboard: spend total ${report.total.costUsd.toFixed(6)} USD over ${report.total.requests} requests.`, "Export CSV…", "Export JSON…");
  if (choice) await exportSpend(formatSpend(report, by, choice === "Export CSV…" ? "csv" : "json"), choice === "Export CSV…" ? "csv" : "json");
  return table;
}

async function exportSpend(content: string, format: "csv" | "json", target?: vscode.Uri): Promise<void> {
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: "Export Switchboard spend",
      filters: format === "csv" ? { CSV: ["csv"] } : { JSON: ["json"] },
      defaultUri: vscode.Uri.file(`switchboard-spend.${format}`),
    }));
  if (!uri) return;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${content}\n`));
  void vscode.window.showInformationMessage(`Switchboard: spend exported to ${uri.fsPath}.`);
}

export function verifyLedgerCommand(services: SwitchboardServices) {
  const result = verifyLedger(services.ledger.file);
  const torn = result.skipped.length ? `; ${result.skipped.length} incomplete line(s) skipped` : "";
  if (result.ok) void vscode.window.showInformationMessage(`Switchboard: the ledger is intact (${result.records} records, hash chain verified${torn}).`);
  else void vscode.window.showErrorMessage(`Switchboard: the ledger is broken at record ${result.broken?.index} (request ${result.broken?.requestId}): ${result.broken?.reason}.`);
  return result;
}
