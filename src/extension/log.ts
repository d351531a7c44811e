// The extension's one output channel ("Switchboard" in the Output view). Never log keys.
import * as vscode from "vscode";

let channel: vscode.LogOutputChannel | undefined;

export function getLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel("Switchboard", { log: true });
  return channel;
}
