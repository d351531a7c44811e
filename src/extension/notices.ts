// Information messages the extension shows, kept (the last few) so the VS Code suite can check what a
// user was told; VS Code has no API to read the notifications on screen.
import * as vscode from "vscode";

const KEPT = 20;
export const recentNotices: string[] = [];

export function showInfo<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  recentNotices.push(message);
  if (recentNotices.length > KEPT) recentNotices.shift();
  return vscode.window.showInformationMessage(message, ...actions);
}
