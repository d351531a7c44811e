// Export Playground Conversation: the columns' threads as Markdown or JSON, saved where the user says
// (scripts and tests pass the format and the path).
import * as vscode from "vscode";
import { conversationJson, conversationMarkdown, exportedColumns } from "./conversation-export";
import type { PlaygroundSession } from "./playground-session";
import { askSaveLocation } from "./save-location";

type Format = "markdown" | "json";

export async function exportConversationCommand(session: PlaygroundSession, formatArg?: unknown, pathArg?: unknown): Promise<string | undefined> {
  const columns = session.columns();
  if (columns.length === 0) {
    void vscode.window.showInformationMessage("Switchboard: the playground has no conversation to export yet.");
    return undefined;
  }
  const format: Format | undefined =
    formatArg === "markdown" || formatArg === "json"
      ? formatArg
      : (
          await vscode.window.showQuickPick(
            [
              { label: "Markdown", description: "to read or paste", format: "markdown" as const },
              { label: "JSON", description: "every turn with its cost, for scripts", format: "json" as const },
            ],
            { title: "Export Playground Conversation", placeHolder: "Save the conversation as" },
          )
        )?.format;
  if (!format) return undefined;
  const extension = format === "markdown" ? "md" : "json";
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-");
  const target =
    typeof pathArg === "string"
      ? vscode.Uri.file(pathArg)
      : await askSaveLocation("Export Playground Conversation", format === "markdown" ? { Markdown: ["md"] } : { JSON: ["json"] }, `switchboard-conversation-${stamp}.${extension}`);
  if (!target) return undefined;
  const names = new Map(session.modelOptions().map((model) => [model.id, model.displayName]));
  const exported = exportedColumns(columns, (id) => names.get(id) ?? id);
  const now = new Date();
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(format === "markdown" ? conversationMarkdown(exported, now) : `${conversationJson(exported, now)}\n`));
  void vscode.window.showInformationMessage(`Switchboard: the conversation is in ${vscode.workspace.asRelativePath(target)}.`);
  return target.fsPath;
}
