// The CLI, the gateway, coding agents and other windows append to the same ledger as this window: the
// status bar, the Models view and an open spend report follow their records as well as ours.
import { type FSWatcher, watch } from "node:fs";
import type * as vscode from "vscode";

/** Calls `onChange` once the ledger has been quiet for a moment after a write. */
export function watchLedger(file: string, onChange: () => void, quietMs = 300): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(file, { persistent: false }, () => {
      clearTimeout(timer);
      timer = setTimeout(onChange, quietMs);
    });
    // A ledger on a file system without change events: totals follow this window's own requests.
    watcher.on("error", () => watcher?.close());
  } catch {
    watcher = undefined;
  }
  return {
    dispose() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
