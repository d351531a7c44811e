import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activateSwitchboard, state } from "./helpers";

describe("activation", () => {
  it("activates in a real VS Code", async () => {
    const extension = await activateSwitchboard();
    assert.equal(extension.isActive, true);
    assert.match(vscode.version, /^1\.\d+\.\d+/);
  });

  it("registers every command it contributes", async () => {
    const extension = await activateSwitchboard();
    const contributed: Array<{ command: string }> = extension.packageJSON.contributes.commands;
    assert.ok(contributed.length >= 5, "the manifest contributes commands");
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((entry) => entry.command).filter((command) => !registered.has(command));
    assert.deepEqual(missing, []);
  });

  it("measures its own activation (the entry bundle and activate()) and the start of the rest", async () => {
    await activateSwitchboard();
    const { activation } = await state();
    assert.ok(activation, "activation timing is known once started");
    assert.ok(activation.loadMs > 0, "the entry bundle's banner recorded when its first line ran");
    assert.ok(activation.activateMs > 0);
    assert.equal(activation.totalMs, activation.loadMs + activation.activateMs);
    assert.ok(activation.engineLoadMs > 0 && activation.engineStartMs > 0, "the engine bundle was loaded and started after activation");
  });

  it("shows the session spend in the status bar from the start", async () => {
    await activateSwitchboard();
    const current = await vscode.commands.executeCommand<{ statusBarText: string }>("switchboard.internal.state");
    assert.equal(current.statusBarText, "$(pulse) $0.00");
  });
});
