// The extension's ledger is the user's one ledger (the CLI's, the gateway's), unless
// switchboard.ledger.path names another. The ledger the extension kept in its global storage before is
// moved there on first start, or read beside it until the user merges it (Merge Earlier Ledger).
import { homedir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { adoptOldLedger, type OldLedgerState } from "../core/spend/ledger-merge";
import { sharedLedgerFile } from "../core/spend/ledger-location";
import { getLog } from "./log";
import { showInfo } from "./notices";
import { readSetting } from "./settings";
import type { SwitchboardServices } from "./switchboard-services";

const MERGE_OFFERED_KEY = "switchboard.ledgerMergeOffered";

/** The ledger file the setting names, or the user's one ledger. */
export function configuredLedgerFile(): string {
  const setting = readSetting("ledger.path");
  if (!setting) return sharedLedgerFile(process.env);
  return setting.startsWith("~") ? join(homedir(), setting.slice(1)) : setting;
}

/** Where versions before 0.2 kept the extension's ledger. */
export function earlierLedgerFile(context: vscode.ExtensionContext): string {
  return join(context.globalStorageUri.fsPath, "ledger.jsonl");
}

/** Moves or registers the earlier ledger; resolves before any request may be sent (see `ready`). */
export async function setUpLedger(context: vscode.ExtensionContext, services: SwitchboardServices): Promise<OldLedgerState> {
  const log = getLog();
  let state: OldLedgerState;
  try {
    state = await adoptOldLedger(earlierLedgerFile(context), services.ledger.file);
  } catch (error) {
    // Nothing is lost: the earlier file stays where it was and is still read for reports.
    log.error(`The earlier ledger could not be moved to ${services.ledger.file}: ${error instanceof Error ? error.message : String(error)}`);
    state = { kind: "pending", file: earlierLedgerFile(context) };
  }
  if (state.kind === "moved") log.info(`Moved the extension's earlier ledger (${state.lines} records, hash chain intact) to ${state.to}, the ledger the CLI and gateway use too.`);
  if (state.kind === "pending") {
    services.spend.includeOld(state.file);
    log.info(`Reading ${state.file} beside ${services.ledger.file} for reports until it is merged (Switchboard: Merge Earlier Ledger).`);
  }
  return state;
}

/** Tells the user once what changed, and offers the merge when two ledgers are read. */
export function announceLedger(context: vscode.ExtensionContext, state: OldLedgerState): void {
  if (state.kind === "moved") {
    void showInfo(`Switchboard: your usage ledger moved to ${state.to}, the one the switchboard CLI and gateway use too: Show Spend, the status bar and budgets now count everything you run.`);
    return;
  }
  if (state.kind !== "pending" || context.globalState.get(MERGE_OFFERED_KEY)) return;
  void context.globalState.update(MERGE_OFFERED_KEY, true);
  const offer = "Switchboard now keeps one usage ledger for VS Code, the CLI and the gateway. Your earlier VS Code ledger still counts in reports; merge it to keep a single audit trail.";
  void showInfo(offer, "Merge Now", "Later").then((choice) => {
    if (choice === "Merge Now") void vscode.commands.executeCommand("switchboard.mergeLedgers");
  });
}
