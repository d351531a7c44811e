// Merge Earlier Ledger, built into dist/ledger-merge.js and loaded when the user merges, so the
// extension's start-up bundle stays small (see ledger-setup.ts for what happens at start-up).
import * as vscode from "vscode";
import { LedgerMergeError, type MergeResult, mergeLedger } from "../core/spend/ledger-merge";
import { getLog } from "./log";
import { showInfo } from "./notices";
import type { SwitchboardServices } from "./switchboard-services";

export { registerO200kTokenizer, registerO200kTokenizerOnFirstUse } from "../core/spend/estimate";

/**
 * Merge Earlier Ledger: appends the earlier ledger's records (or those of `fileArg`, another ledger
 * file) to the one ledger, marked as imported, and verifies it. Returns the result for scripts and tests.
 */
export async function mergeLedgersCommand(services: SwitchboardServices, refreshTotals: () => void, fileArg?: unknown): Promise<MergeResult | undefined> {
  const file = typeof fileArg === "string" && fileArg ? fileArg : services.spend.oldFile;
  if (!file) {
    void showInfo(`Switchboard: there is no earlier ledger to merge; everything is in ${services.ledger.file}.`);
    return undefined;
  }
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Switchboard: merging the earlier ledger…" }, () => mergeLedger(file, services.ledger));
    if (file === services.spend.oldFile) await services.spend.dropOld();
    refreshTotals();
    const again = result.alreadyImported ? ` (${result.alreadyImported} were already there from an earlier attempt)` : "";
    void showInfo(
      `Switchboard: merged ${result.imported} records${again} into ${services.ledger.file}; the hash chain verifies (${result.verified.records} records). The earlier file is kept as ${result.keptAs}.`,
    );
    getLog().info(`Merged ${file} into ${services.ledger.file}: ${result.imported} imported, ${result.alreadyImported} already there, kept as ${result.keptAs}.`);
    return result;
  } catch (error) {
    const message = error instanceof LedgerMergeError ? error.message : `the merge stopped: ${error instanceof Error ? error.message : String(error)}. Run it again to finish; nothing is counted twice`;
    void vscode.window.showErrorMessage(`Switchboard: ${message}.`);
    throw error;
  }
}
