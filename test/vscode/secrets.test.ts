import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activateSwitchboard, state } from "./helpers";

const CANARY = "sk-canary-0123456789abcdefSWITCHBOARD";

describe("API keys in SecretStorage", () => {
  before(activateSwitchboard);

  it("stores a key through the Set API Key command and removes it again", async () => {
    assert.equal((await state()).keys.openai, false);
    await vscode.commands.executeCommand("switchboard.setApiKey", "openai", CANARY);
    assert.equal((await state()).keys.openai, true);
    assert.equal((await state()).keys.anthropic, false, "only the chosen provider gets the key");
    await vscode.commands.executeCommand("switchboard.removeApiKey", "openai");
    assert.equal((await state()).keys.openai, false);
  });

  it("never writes the key into settings", async () => {
    await vscode.commands.executeCommand("switchboard.setApiKey", "anthropic", CANARY);
    const settings = JSON.stringify(vscode.workspace.getConfiguration("switchboard"));
    assert.ok(!settings.includes(CANARY), "the key is not in any switchboard.* setting");
    const observable = JSON.stringify(await state());
    assert.ok(!observable.includes(CANARY), "the state command reports presence, not the key");
    await vscode.commands.executeCommand("switchboard.removeApiKey", "anthropic");
  });
});
