// "Compare Models on Selection": the selected code (or the whole file) with a prompt template, sent to the
// default compare models in the playground.
import * as path from "node:path";
import * as vscode from "vscode";

/** Above this, sending the whole file asks first (it may be slow and costly). */
export const WHOLE_FILE_WARN_CHARS = 20_000;

export const TEMPLATES = [
  { id: "explain", label: "Explain", instruction: "Explain what this code does, step by step." },
  { id: "bugs", label: "Find Bugs", instruction: "Find bugs and risky edge cases in this code; suggest fixes." },
  { id: "refactor", label: "Refactor", instruction: "Refactor this code for clarity and maintainability; show the new code." },
  { id: "tests", label: "Write Tests", instruction: "Write unit tests for this code." },
  { id: "review", label: "Review", instruction: "Review this code and suggest improvements." },
] as const;

export interface CodeContext {
  code: string;
  languageId: string;
  fileName: string;
  startLine: number;
  endLine: number;
}

export function promptFor(instruction: string, context: CodeContext): string {
  const lines = `lines ${context.startLine}-${context.endLine}`;
  return `${instruction}\n\nFrom ${context.fileName} (${context.languageId}, ${lines}):\n\n\`\`\`${context.languageId}\n${context.code}\n\`\`\``;
}

/** The selection, or the whole file (asking first when it is large). */
async function codeFrom(editor: vscode.TextEditor): Promise<CodeContext | undefined> {
  const { document, selection } = editor;
  const whole = selection.isEmpty;
  const code = whole ? document.getText() : document.getText(selection);
  if (code.trim() === "") {
    void vscode.window.showWarningMessage("Switchboard: there is no code to compare on; select some code first.");
    return undefined;
  }
  if (whole && code.length > WHOLE_FILE_WARN_CHARS) {
    const choice = await vscode.window.showWarningMessage(
      `Switchboard: nothing is selected, and the whole file is ${code.length.toLocaleString("en-US")} characters. Send all of it to every model?`,
      { modal: true },
      "Send Whole File",
    );
    if (choice !== "Send Whole File") return undefined;
  }
  return {
    code,
    languageId: document.languageId,
    fileName: path.basename(document.fileName),
    startLine: whole ? 1 : selection.start.line + 1,
    endLine: whole ? document.lineCount : selection.end.line + 1,
  };
}

/** `templateArg` (a template id or any instruction text) skips the quick pick, for keybindings and scripts. */
export async function compareSelectionCommand(
  start: (prompt: string, code: CodeContext, editor: vscode.TextEditor, templateId: string) => void,
  templateArg?: unknown,
): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage("Switchboard: open a file and select some code, then compare models on it.");
    return;
  }
  const context = await codeFrom(editor);
  if (!context) return;
  const given = typeof templateArg === "string" ? TEMPLATES.find((t) => t.id === templateArg) : undefined;
  let templateId = given?.id ?? "custom";
  let instruction: string | undefined = typeof templateArg === "string" ? (given?.instruction ?? templateArg) : undefined;
  if (instruction === undefined) {
    const picked = await vscode.window.showQuickPick(
      [...TEMPLATES.map((t) => ({ label: t.label, detail: t.instruction, id: t.id })), { label: "Custom…", detail: "Write your own instruction", id: "custom" }],
      { placeHolder: `What should the models do with ${context.fileName} (lines ${context.startLine}-${context.endLine})?` },
    );
    if (!picked) return;
    templateId = picked.id;
    instruction = picked.id === "custom" ? await vscode.window.showInputBox({ prompt: "Instruction for every model", ignoreFocusOut: true }) : picked.detail;
  }
  if (!instruction) return;
  start(promptFor(instruction, context), context, editor, templateId);
}
