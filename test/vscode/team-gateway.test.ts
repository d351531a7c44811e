// A member connecting VS Code to their team's gateway: the real `switchboard serve --team` (PGlite) in front
// of a loopback provider replaying a recorded real stream, a member key made with `switchboard team keys
// create`, then Connect to Team Gateway: the key checked and kept in secret storage, the member's models in
// the pickers and in vscode.lm, their remaining budget in the status bar, and Disconnect undoing it all.
import * as assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import * as vscode from "vscode";
import { envelope, FixtureServer } from "../wire/fixture-server";
import { activateSwitchboard, EXTENSION_ID, state, waitForState } from "./helpers";

describe("Connect to Team Gateway", function () {
  this.timeout(120_000);
  let provider: FixtureServer;
  let gateway: ChildProcess | undefined;
  let url = "";
  let key = "";
  let adminKey = "";
  let recordedText = "";

  before(async () => {
    const extension = await activateSwitchboard();
    const cliPath = join(extension.extensionPath, "dist", "cli.js");
    const lines = readFileSync(join(extension.extensionPath, "test", "fixtures", "wire", "openai-text.jsonl"), "utf8").split("\n").filter((line) => line.trim());
    recordedText = lines.map((line) => (JSON.parse(line).choices?.[0]?.delta?.content as string | undefined) ?? "").join("");
    provider = await FixtureServer.start();
    provider.serveSse(envelope("openai", lines));
    const home = mkdtempSync(join(tmpdir(), "switchboard-team-vscode-"));
    const config = join(home, "config.json");
    writeFileSync(config, JSON.stringify({ providers: [{ id: "rec", kind: "openai-compatible", baseUrl: `${provider.baseUrl}/v1`, local: true }], models: [{ id: "rec/m", pricing: { input: 0, output: 10 }, contextWindow: 100_000, maxOutputTokens: 1_000 }] }));
    const database = join(home, "team-db");
    const env = { ...process.env, ELECTRON_RUN_AS_NODE: "1", XDG_CONFIG_HOME: home };
    const created = spawnSync(process.execPath, [cliPath, "team", "keys", "create", "--database", database, "--member", "ana", "--team", "eng", "--budget-daily", "1", "--json"], { encoding: "utf8", env });
    assert.equal(created.status, 0, created.stderr);
    key = (JSON.parse(created.stdout) as { key: string }).key;
    const admin = spawnSync(process.execPath, [cliPath, "team", "keys", "create", "--database", database, "--member", "lead", "--team", "eng", "--admin", "--json"], { encoding: "utf8", env });
    assert.equal(admin.status, 0, admin.stderr);
    adminKey = (JSON.parse(admin.stdout) as { key: string }).key;
    gateway = spawn(process.execPath, [cliPath, "serve", "--team", "--database", database, "--config", config, "--port", "0"], { env, cwd: home });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the team gateway did not start")), 90_000);
      createInterface({ input: gateway!.stdout! }).on("line", (line) => {
        const listening = /listening on (http:\/\/\S+)$/.exec(line);
        if (!listening) return;
        clearTimeout(timer);
        resolve(listening[1]!);
      });
    });
  });

  after(async () => {
    gateway?.kill("SIGKILL");
    await provider?.close();
  });

  it("refuses a key the gateway does not know, storing nothing", async () => {
    const status = await vscode.commands.executeCommand("switchboard.connectTeamGateway", url, "sbk_not-a-real-key-0000000000000000000000000");
    assert.equal(status, undefined);
    assert.equal((await state()).keys.team, undefined);
    assert.equal(vscode.workspace.getConfiguration("switchboard").get("teamGateway.url"), "");
  });

  it("connects: the key goes to secret storage, the member's models to the pickers and vscode.lm, their budget to the status bar", async () => {
    const status = await vscode.commands.executeCommand<{ member: string; team: string }>("switchboard.connectTeamGateway", `${url}/v1/`, key);
    assert.deepEqual([status?.member, status?.team], ["ana", "eng"]);
    assert.equal(vscode.workspace.getConfiguration("switchboard").get("teamGateway.url"), url, "the address, without /v1");
    const connected = await waitForState((s) => s.pickerModels.includes("team/rec/m") && /left/.test(s.statusBarText), "the team's models and budget");
    assert.equal(connected.keys.team, true);
    assert.match(connected.statusBarText, /\$1\.00 left/);
    assert.match(connected.statusBarTooltip, /Team gateway .* as ana \(team eng\): \$1\.00 left today/);
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration("switchboard")).includes(key), "the key is in no setting");
  });

  it("a request on a team model goes through the gateway, billed to the member: the status bar's budget follows", async () => {
    const [model] = await vscode.lm.selectChatModels({ vendor: "switchboard", id: "team/rec/m" });
    assert.ok(model, "team/rec/m is offered to vscode.lm");
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User("Say hello")], {});
    let text = "";
    for await (const part of response.text) text += part;
    assert.equal(text, recordedText);
    // 300 output tokens at $10 per 1M: $0.003 of the member's $1 a day.
    const after = await waitForState((s) => /\$0\.9970 left/.test(s.statusBarText), "the remaining budget to follow the request");
    assert.match(after.statusBarTooltip, /\$0\.9970 left today/);
    const info = (await (await fetch(`${url}/v1/key`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { usage_daily: number; switchboard: { member: string } } };
    assert.deepEqual([info.data.usage_daily, info.data.switchboard.member], [0.003, "ana"]);
  });

  it("Show Team Spend needs an admin key; with one, the whole team's spend by member opens in the spend tab", async () => {
    assert.equal(await vscode.commands.executeCommand("switchboard.showTeamSpend"), undefined, "ana's key is no admin key");
    const admin = await vscode.commands.executeCommand<{ member: string }>("switchboard.connectTeamGateway", url, adminKey);
    assert.equal(admin?.member, "lead");
    const dashboard = await vscode.commands.executeCommand<{ by: string; groupings: string[]; rows: Array<{ key: string; requests: number; costUsd: number }>; source: string }>("switchboard.showTeamSpend");
    assert.equal(dashboard?.by, "member");
    assert.ok(dashboard.groupings.includes("team"));
    assert.deepEqual(
      dashboard.rows.map((row) => [row.key, row.requests, row.costUsd]),
      [["ana", 1, 0.003]],
    );
    assert.match(dashboard.source, /^team gateway http:\/\/127\.0\.0\.1:\d+$/);
    const byTeam = await vscode.commands.executeCommand<{ rows: Array<{ key: string; costUsd: number }> }>("switchboard.showTeamSpend", "team");
    assert.deepEqual(byTeam?.rows.map((row) => [row.key, row.costUsd]), [["eng", 0.003]]);
  });

  it("disconnects: key, address, models and the budget line are gone", async () => {
    await vscode.commands.executeCommand("switchboard.disconnectTeamGateway");
    const gone = await waitForState((s) => !s.pickerModels.some((id) => id.startsWith("team/")) && !/left/.test(s.statusBarText), "the team gateway to be gone");
    assert.notEqual(gone.keys.team, true);
    assert.equal(vscode.workspace.getConfiguration("switchboard").get("teamGateway.url"), "");
    assert.ok(!(await vscode.lm.selectChatModels({ vendor: "switchboard" })).some((model) => model.id.startsWith("team/")));
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID));
  });
});
