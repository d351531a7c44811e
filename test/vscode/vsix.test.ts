import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activateSwitchboard, waitForState } from "./helpers";

describe("the packaged VSIX", () => {
  it("is installed from the extensions folder, not from the sources", async () => {
    const extension = await activateSwitchboard();
    assert.ok(extension.extensionPath.includes("extensions"), extension.extensionPath);
    assert.ok(!extension.extensionPath.startsWith(process.env.SWITCHBOARD_REPO ?? "\0"), "not the development folder");
    assert.equal(extension.isActive, true);
  });

  it("registers its commands and opens a working playground from the bundled webview", async () => {
    const extension = await activateSwitchboard();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command } of extension.packageJSON.contributes.commands as Array<{ command: string }>) {
      assert.ok(registered.has(command), `${command} is registered`);
    }
    await vscode.commands.executeCommand("switchboard.openPlayground");
    await waitForState((current) => current.playgroundReady, "the packaged playground webview to post ready");
  });

  it("loads the bundles it ships apart on first use: a prompt file runs, and Show Spend saves its HTML report", async () => {
    await activateSwitchboard();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const file = vscode.Uri.joinPath(folder, "vsix-check.prompt.yml");
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('messages:\n  - role: user\n    content: "Say {{word}}"\ntestData:\n  - word: hi\nswitchboard:\n  models: [demo/swift-mini]\n'));
    try {
      const opened = await vscode.commands.executeCommand<{ models: string[]; problems: string[] }>("switchboard.openPromptFile", file);
      assert.deepEqual([opened.models, opened.problems], [["demo/swift-mini"], []], "dist/eval.js loaded from the VSIX");
      const ran = await vscode.commands.executeCommand<{ cells: Array<{ status: string }> }>("switchboard.internal.promptFileMessage", file, { type: "eval-run" });
      assert.deepEqual(ran.cells.map((cell) => cell.status), ["done"]);
      const report = vscode.Uri.joinPath(folder, "vsix-spend.html");
      await vscode.commands.executeCommand("switchboard.showSpend", "model", "html", report.fsPath);
      const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(report));
      assert.match(html, /<script>.{1000,}<\/script>/s, "dist/spend-report.js is inlined");
      await vscode.workspace.fs.delete(report);
    } finally {
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      await vscode.workspace.fs.delete(file);
    }
  });

  it("loads the gateway it ships apart when the gateway starts: a Responses request answered from the VSIX's dist/gateway.js", async () => {
    await activateSwitchboard();
    await vscode.workspace.getConfiguration("switchboard").update("gateway.port", 0, vscode.ConfigurationTarget.Global);
    try {
      const info = await vscode.commands.executeCommand<{ url: string; token: string }>("switchboard.startGateway");
      const response = await fetch(`${info.url}/v1/responses`, {
        method: "POST",
        headers: { authorization: `Bearer ${info.token}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "demo/swift-mini", input: "What is a router?", store: false }),
      });
      assert.equal(response.status, 200);
      const answer = (await response.json()) as { status: string; output: Array<{ type: string }> };
      assert.equal(answer.status, "completed");
      assert.ok(answer.output.some((item) => item.type === "message"));
    } finally {
      await vscode.commands.executeCommand("switchboard.stopGateway");
      await vscode.workspace.getConfiguration("switchboard").update("gateway.port", undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
