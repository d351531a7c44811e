// "Compare Models on Selection": sends the selected code to the default compare models in the playground.
import * as path from "node:path";
import * as vscode from "vscode";

/** The prompt a comparison on selected code starts from: file, language and line range, then the code. */
export function selectionPrompt(editor: vscode.TextEditor): string | undefined {
  const { selection, document } = editor;
  if (selection.isEmpty) return undefined;
  const code = document.getText(selection);
  if (code.trim() === "") return undefined;
  const file = path.basename(document.fileName);
  const lines = `lines ${selection.start.line + 1}-${selection.end.line + 1}`;
  return `Review this ${document.languageId} code from ${file} (${lines}) and suggest improvements.\n\n\`\`\`${document.languageId}\n${code}\n\`\`\``;
}

export async function compareSelectionCommand(start: (prompt: string) => void): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const prompt = editor && selectionPrompt(editor);
  if (!prompt) {
    void vscode.window.showWarningMessage("Switchboard: select some code in the editor first, then compare models on it.");
    return;
  }
  start(prompt);
}
