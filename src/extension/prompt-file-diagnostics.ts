// Prompt files' problems (YAML syntax and the file's schema) as VS Code diagnostics: squiggles at their
// line and column and entries in the Problems panel, kept current while the file is edited.
import * as vscode from "vscode";
import { problemPosition } from "../common/problem-position";

/** The prompt-file reader, from the eval bundle (loaded only once a prompt file is open). */
export type ProblemReader = (text: string, source: string) => string[];

const PROMPT_FILE = /\.prompt\.ya?ml$/;

/** "SOURCE:LINE:COL: message" as a range at that position (1-based in the text, 0-based in VS Code). */
function problemDiagnostic(problem: string, document: vscode.TextDocument): vscode.Diagnostic {
  const at = problemPosition(problem);
  const line = Math.min(Math.max((at?.line ?? 1) - 1, 0), Math.max(document.lineCount - 1, 0));
  const character = Math.max((at?.column ?? 1) - 1, 0);
  const end = document.lineAt(line).range.end;
  const range = new vscode.Range(line, Math.min(character, end.character), line, Math.max(end.character, character));
  const diagnostic = new vscode.Diagnostic(range, at?.message ?? problem, vscode.DiagnosticSeverity.Error);
  diagnostic.source = "Switchboard prompt file";
  return diagnostic;
}

export class PromptFileDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("switchboard.promptFile");
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly read: () => ProblemReader) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.check(document)),
      // Typing re-checks after a pause, not on every keystroke.
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
    ];
    for (const document of vscode.workspace.textDocuments) this.check(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!PROMPT_FILE.test(document.fileName)) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.check(document);
      }, 300),
    );
  }

  check(document: vscode.TextDocument): void {
    if (!PROMPT_FILE.test(document.fileName) || document.isClosed) return;
    const source = vscode.workspace.asRelativePath(document.uri);
    const problems = this.read()(document.getText(), source);
    this.collection.set(
      document.uri,
      problems.map((problem) => problemDiagnostic(problem, document)),
    );
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}
