// Text Switchboard shows in an editor (Ask with Routing's answer, the gateway's snippets, two eval answers
// side by side) as read-only documents: they never ask to be saved on close; Save As still makes a copy.
import * as vscode from "vscode";

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private next = 0;
  private readonly registration: vscode.Disposable;

  /** Each bundle registers its own scheme (a scheme takes one provider). */
  constructor(private readonly scheme: string) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? "";
  }

  /** A new read-only document named `title`; its extension (".md") picks the language. */
  open(title: string, content: string): Thenable<vscode.TextDocument> {
    // The query keeps two documents of the same title apart; the tab shows the title alone.
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${title}`, query: String(++this.next) });
    this.contents.set(uri.toString(), content);
    return vscode.workspace.openTextDocument(uri);
  }

  dispose(): void {
    this.registration.dispose();
    this.contents.clear();
  }
}
