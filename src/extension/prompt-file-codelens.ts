// The CodeLens above every prompt file (.prompt.yml): run it in Switchboard's matrix view.
import * as vscode from "vscode";

export class PromptFileCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: "$(beaker) Evaluate in Switchboard", command: "switchboard.openPromptFile", arguments: [document.uri] })];
  }
}
