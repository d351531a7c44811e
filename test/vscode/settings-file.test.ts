import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { activateSwitchboard, state, waitForState } from "./helpers";

describe("settings edited outside VS Code", () => {
  it("a workspace .vscode/settings.json changed on disk reaches the extension without a save from the settings editor", async () => {
    await activateSwitchboard();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, "the suite runs with a workspace folder");
    const dir = join(folder, ".vscode");
    const file = join(dir, "settings.json");
    const existed = existsSync(file);
    const before = existed ? readFileSync(file, "utf8") : undefined;
    assert.notEqual((await state()).routingTimeoutMs, 43_210);
    mkdirSync(dir, { recursive: true });
    // As another editor or a script would: the file changes on disk, nothing goes through VS Code.
    writeFileSync(file, JSON.stringify({ ...(before ? JSON.parse(before) : {}), "switchboard.routing.timeoutMs": 43_210 }, null, 2));
    try {
      await waitForState((current) => current.routingTimeoutMs === 43_210, "the extension to read the edited setting", 20_000);
    } finally {
      if (before === undefined) rmSync(file, { force: true });
      else writeFileSync(file, before);
      await waitForState((current) => current.routingTimeoutMs !== 43_210, "the setting to go back", 20_000);
    }
  });
});
