// What the playground's code-block buttons and links do in the editor: copy, insert at the cursor, or
// apply as a diff against the compared selection (reviewed in VS Code's diff editor, then applied).
import * as vscode from "vscode";
import { getLog } from "./log";

export const PROPOSAL_SCHEME = "switchboard-proposal";

interface Target {
  uri: vscode.Uri;
  range: vscode.Range;
}

export class CodeActions implements vscode.Disposable {
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  /** The selection a comparison was started on: "Apply as Diff" replaces it. */
  private compareTarget: Target | undefined;
  private readonly proposals = new Map<string, string>();
  private pending: (Target & { code: string }) | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && editor.document.uri.scheme !== PROPOSAL_SCHEME) this.lastEditor = editor;
      }),
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, { provideTextDocumentContent: (uri) => this.proposals.get(uri.toString()) ?? "" }),
    );
  }

  rememberCompareTarget(editor: vscode.TextEditor): void {
    const range = editor.selection.isEmpty ? new vscode.Range(0, 0, editor.document.lineCount, 0) : new vscode.Range(editor.selection.start, editor.selection.end);
    this.compareTarget = { uri: editor.document.uri, range };
  }

  async copy(code: string): Promise<void> {
    await vscode.env.clipboard.writeText(code);
    vscode.window.setStatusBarMessage("Switchboard: code copied", 2000);
  }

  private async editor(): Promise<vscode.TextEditor | undefined> {
    const last = this.lastEditor;
    if (!last || last.document.isClosed) return undefined;
    // The webview has focus; bring the editor back (its TextEditor object may have been replaced).
    return vscode.window.showTextDocument(last.document, { viewColumn: last.viewColumn, preserveFocus: false, selection: last.selection });
  }

  async insert(code: string): Promise<boolean> {
    const editor = await this.editor();
    if (!editor) {
      void vscode.window.showWarningMessage("Switchboard: open a file to insert the code into.");
      return false;
    }
    return editor.edit((builder) => builder.insert(editor.selection.active, code));
  }

  /** Opens the diff of the target with the code in place of the compared selection; "Apply Proposal" applies it. */
  async proposeDiff(code: string): Promise<void> {
    const editor = this.compareTarget ? undefined : await this.editor();
    const target = this.compareTarget ?? (editor ? { uri: editor.document.uri, range: new vscode.Range(editor.selection.start, editor.selection.end) } : undefined);
    if (!target) {
      void vscode.window.showWarningMessage("Switchboard: select the code to replace in an editor, then apply the diff.");
      return;
    }
    const document = await vscode.workspace.openTextDocument(target.uri);
    const proposed = document.getText(new vscode.Range(new vscode.Position(0, 0), target.range.start)) + code + document.getText(new vscode.Range(target.range.end, document.lineAt(document.lineCount - 1).range.end));
    const proposalUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: target.uri.path, query: String(Date.now()) });
    this.proposals.set(proposalUri.toString(), proposed);
    this.pending = { ...target, code };
    const name = vscode.workspace.asRelativePath(target.uri);
    await vscode.commands.executeCommand("vscode.diff", target.uri, proposalUri, `${name} ↔ Switchboard proposal`);
    void vscode.window.showInformationMessage(`Switchboard: apply the proposed change to ${name}?`, "Apply Proposal").then((choice) => {
      if (choice) void this.applyPending();
    });
  }

  async applyPending(): Promise<boolean> {
    const pending = this.pending;
    if (!pending) {
      void vscode.window.showInformationMessage("Switchboard: there is no proposal to apply.");
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(pending.uri, pending.range, pending.code);
    const applied = await vscode.workspace.applyEdit(edit);
    if (applied) {
      this.pending = undefined;
      getLog().info(`Applied a proposal to ${pending.uri.toString()}.`);
    }
    return applied;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
