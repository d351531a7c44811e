import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activateSwitchboard, state, waitForState } from "./helpers";

async function waitForText(document: vscode.TextDocument, expected: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (document.getText() !== expected) {
    if (Date.now() > deadline) assert.equal(document.getText(), expected);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("code from an answer back into the editor", () => {
  before(activateSwitchboard);
  after(() => vscode.commands.executeCommand("workbench.action.closeAllEditors"));

  it("applies a code block as a reviewed diff against the compared selection", async () => {
    const document = await vscode.workspace.openTextDocument({ language: "javascript", content: "const a = 1;\nvar b = 2;\nconst c = 3;\n" });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 0, 1, 10);
    const before = await state();
    await vscode.commands.executeCommand("switchboard.compareSelection", "refactor");
    await waitForState((s) => s.runs > before.runs && s.columns.every((c) => c.status === "done"), "the comparison to finish");

    const reply = await vscode.commands.executeCommand<{ ok: boolean }>("switchboard.internal.receiveWebviewMessage", {
      type: "code-action",
      action: "apply",
      code: "const b = 2;",
      columnId: "c1",
    });
    assert.equal(reply.ok, true);
    const deadline = Date.now() + 15_000;
    while (!vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputTextDiff))) {
      assert.ok(Date.now() < deadline, "a diff editor opened");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(document.getText(), "const a = 1;\nvar b = 2;\nconst c = 3;\n", "nothing changes before the user applies");
    assert.equal(await vscode.commands.executeCommand("switchboard.applyProposal"), true);
    await waitForText(document, "const a = 1;\nconst b = 2;\nconst c = 3;\n");
  });

  it("inserts a code block at the cursor of the last editor", async () => {
    const document = await vscode.workspace.openTextDocument({ language: "javascript", content: "first\nlast\n" });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await vscode.commands.executeCommand("switchboard.openPlayground");
    await vscode.commands.executeCommand("switchboard.internal.receiveWebviewMessage", { type: "code-action", action: "insert", code: "middle\n", columnId: "c1" });
    await waitForText(document, "first\nmiddle\nlast\n");
  });
});
