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
});
