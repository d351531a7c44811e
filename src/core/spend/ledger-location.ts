// Where a user's ledger lives by default: one file for every face (the CLI, the gateway, the library
// and the extension), so spend reports and machine-wide caps see everything the user runs.
import { homedir } from "node:os";
import { join } from "node:path";

/** Switchboard's own folder: ~/.config/switchboard ($XDG_CONFIG_HOME respected). */
export function switchboardConfigDir(env: Record<string, string | undefined>): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "switchboard");
}

/** The user's ledger: ~/.config/switchboard/ledger.jsonl. */
export function sharedLedgerFile(env: Record<string, string | undefined>): string {
  return join(switchboardConfigDir(env), "ledger.jsonl");
}
