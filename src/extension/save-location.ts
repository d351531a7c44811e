// Save dialogs open in the first workspace folder (where a user keeps a project's reports), else the home
// folder; never the process's working directory, which is / for a VS Code started from a desktop.
import * as os from "node:os";
import * as vscode from "vscode";

export function defaultSaveUri(fileName: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  return vscode.Uri.joinPath(folder, fileName);
}

/** Where the last save dialog opened: lets the VS Code suite check it without driving the dialog. */
export let lastOfferedSaveUri: vscode.Uri | undefined;

export function askSaveLocation(title: string, filters: Record<string, string[]>, fileName: string): Thenable<vscode.Uri | undefined> {
  lastOfferedSaveUri = defaultSaveUri(fileName);
  return vscode.window.showSaveDialog({ title, filters, defaultUri: lastOfferedSaveUri });
}
