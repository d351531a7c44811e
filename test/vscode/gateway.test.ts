import * as assert from "node:assert/strict";
import OpenAI from "openai";
import * as vscode from "vscode";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { activateSwitchboard, setSetting, state } from "./helpers";

describe("local gateway in VS Code", () => {
  before(activateSwitchboard);
  after(() => setSetting("gateway.port", undefined));

  it("Start Local Gateway serves the openai SDK through the extension's catalog, pipeline and ledger; Stop ends it", async () => {
    await setSetting("gateway.port", 0);
    const info = await vscode.commands.executeCommand<{ url: string; token: string }>("switchboard.startGateway");
    assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(info.token, /^sb-/);
    const before = await state();
    const client = new OpenAI({ baseURL: `${info.url}/v1`, apiKey: info.token, maxRetries: 0 });
    const listed = await client.models.list();
    assert.ok(listed.data.some((model) => model.id === "demo/swift-mini"), "the models this user can call");
    const answer = await client.chat.completions.create(
      { model: "demo/swift-mini", messages: [{ role: "user", content: "What is a router?" }] },
      { headers: { "x-switchboard-feature": "my-app" } },
    );
    assert.match(answer.choices[0]?.message.content ?? "", /simulated/);
    assert.equal(answer.model, "demo/swift-mini");
    assert.ok((answer.usage as unknown as { cost: number }).cost > 0);
    const record = readLedger(before.ledgerFile).records.at(-1)!;
    assert.deepEqual([record.feature, record.model, record.outcome], ["my-app", "swift-mini", "ok"]);
    const after = await state();
    assert.ok(after.sessionCostUsd > before.sessionCostUsd, "the status bar's session spend includes gateway traffic");
    assert.equal(after.statusBarText, `$(pulse) $${after.sessionCostUsd >= 0.01 ? after.sessionCostUsd.toFixed(4) : after.sessionCostUsd.toFixed(6)}`);

    assert.equal(await vscode.commands.executeCommand("switchboard.stopGateway"), true);
    await assert.rejects(client.models.list(), OpenAI.APIConnectionError);
    // Stop says what it did, and says so when there was nothing to stop (regression: it said nothing).
    assert.match((await state()).notices.at(-1) ?? "", /^Switchboard: the local gateway on http:\/\/127\.0\.0\.1:\d+ stopped; clients that use it get no answer until it starts again\.$/);
    assert.equal(await vscode.commands.executeCommand("switchboard.stopGateway"), false);
    assert.equal((await state()).notices.at(-1), "Switchboard: the local gateway is not running.");
  });
});
