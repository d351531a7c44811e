import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { activateSwitchboard, setSetting, state, waitForState } from "./helpers";
import { LoopbackProvider } from "./loopback-provider";

const CANARY = "sk-canary-VSCODE-7a6b5c4d3e2f1a0b";

describe("real providers, keys, settings and spend (loopback)", () => {
  let first: LoopbackProvider;
  let second: LoopbackProvider;

  before(async () => {
    await activateSwitchboard();
    first = await LoopbackProvider.start(CANARY);
    second = await LoopbackProvider.start(CANARY);
    await setSetting("providers", [
      { id: "loop-a", kind: "openai-compatible", baseUrl: first.baseUrl, dataPolicy: { trainsOnData: false, retainsData: false } },
      { id: "loop-b", kind: "openai-compatible", baseUrl: second.baseUrl, dataPolicy: { trainsOnData: false, retainsData: true } },
      // For the error messages: a server set up as local (no key) that wants one, one that takes a key
      // nobody set, and one whose base URL is wrong.
      { id: "loop-local", kind: "openai-compatible", baseUrl: first.baseUrl, local: true },
      { id: "loop-nokey", kind: "openai-compatible", baseUrl: first.baseUrl },
      { id: "loop-wrong", kind: "openai-compatible", baseUrl: `${first.baseUrl}/wrong` },
    ]);
    await setSetting("models", [
      { id: "loop-a/model-a", pricing: { input: 2, output: 8 } },
      { id: "loop-b/model-b", pricing: { input: 1, output: 4 } },
      { id: "loop-local/model-a", pricing: { input: 0, output: 0 } },
      { id: "loop-nokey/model-a", pricing: { input: 1, output: 1 } },
    ]);
  });
  after(async () => {
    first.close();
    second.close();
    // Keys first: once the providers setting is gone, these ids would no longer be offered.
    await vscode.commands.executeCommand("switchboard.removeApiKey", "loop-a");
    await vscode.commands.executeCommand("switchboard.removeApiKey", "loop-b");
    for (const key of ["providers", "models", "compare.defaultModels", "routing.dataPolicy"]) await setSetting(key, undefined);
  });

  it("Set API Key, Test Connection and Remove API Key round trip against the provider", async () => {
    await vscode.commands.executeCommand("switchboard.setApiKey", "loop-a", CANARY);
    assert.equal((await state()).keys["loop-a"], true);
    const ok = await vscode.commands.executeCommand<{ ok: boolean; status: number; message: string }>("switchboard.testConnection", "loop-a");
    assert.equal(ok.ok, true);
    assert.equal(ok.status, 200);
    assert.match(ok.message, /loop-a answered HTTP 200, 2 models available/);
    assert.equal(first.bodies.length, 1, "one cheap request: the model list");

    await vscode.commands.executeCommand("switchboard.removeApiKey", "loop-a");
    const failed = await vscode.commands.executeCommand<{ ok: boolean; status: number; message: string; fix?: string }>("switchboard.testConnection", "loop-a");
    assert.equal(failed.ok, false);
    assert.equal(failed.status, 401);
    assert.match(failed.message, /loop-a answered HTTP 401/);
    assert.equal(failed.fix, "set-key", "a refused key is fixed with Set API Key");
  });

  it("error messages name the real cause and offer the fix for it (regression: CLI advice and Set API Key everywhere)", async () => {
    await vscode.commands.executeCommand("switchboard.setApiKey", "loop-wrong", CANARY);
    const wrongUrl = await vscode.commands.executeCommand<{ ok: boolean; status: number; message: string; fix?: string }>("switchboard.testConnection", "loop-wrong");
    assert.equal(wrongUrl.status, 404);
    assert.equal(wrongUrl.fix, "check-endpoint", "a wrong URL is not fixed with a key");
    assert.match(wrongUrl.message, /GET http:\/\/127\.0\.0\.1:\d+\/v1\/wrong\/models\): the endpoint was not found: check the provider's base URL/);
    await vscode.commands.executeCommand("switchboard.removeApiKey", "loop-wrong");

    const send = (models: string[]) => vscode.commands.executeCommand("switchboard.internal.receiveWebviewMessage", { type: "run", prompt: "hello", models });
    const before = await state();
    await send(["loop-nokey/model-a", "loop-local/model-a"]);
    const done = await waitForState((s) => s.runs > before.runs && s.columns.every((c) => c.status === "error"), "both columns to fail");
    const [noKey, local] = done.columns;
    assert.equal(noKey?.error?.kind, "auth");
    assert.match(noKey?.error?.message ?? "", /no API key for loop-nokey: run "Switchboard: Set API Key"/);
    assert.doesNotMatch(noKey?.error?.message ?? "", /environment variable|--/, "no CLI advice inside VS Code");
    assert.equal(local?.error?.kind, "auth");
    assert.match(local?.error?.message ?? "", /loop-local answered HTTP 401.*set up without a key \(local\).*"needsKey": true for it in the switchboard\.providers setting/);
  });

  it("Compare Models on Selection sends the selected code to one column per default model", async () => {
    await vscode.commands.executeCommand("switchboard.setApiKey", "loop-a", CANARY);
    await vscode.commands.executeCommand("switchboard.setApiKey", "loop-b", CANARY);
    await setSetting("compare.defaultModels", ["loop-a/model-a", "loop-b/model-b"]);
    const code = "function parseConfig(text) {\n  return JSON.parse(text);\n}";
    const document = await vscode.workspace.openTextDocument({ language: "javascript", content: `// header\n${code}\n// footer\n` });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 0, 3, 1);
    const before = await state();
    await vscode.commands.executeCommand("switchboard.compareSelection", "bugs");
    const done = await waitForState((s) => s.columns.length === 2 && s.columns.every((c) => c.status === "done"), "both loopback columns to finish");
    assert.deepEqual(done.columns.map((c) => c.modelId), ["loop-a/model-a", "loop-b/model-b"]);
    for (const server of [first, second]) {
      const request = JSON.parse(server.bodies.at(-1)!);
      assert.ok(request.messages[0].content.includes(code), "the provider received the selected code");
      assert.match(request.messages[0].content, /^Find bugs and risky edge cases/);
      assert.doesNotMatch(request.messages[0].content, /\/\/ header/, "only the selection");
    }
    // 40 in × $2 + 2 out × $8 per 1M, and 40 × $1 + 2 × $4: exact, from the providers' usage.
    assert.deepEqual(done.columns.map((c) => [c.text, c.stats.exact, c.stats.costUsd]), [
      ["Loopback answer.", true, 0.000096],
      ["Loopback answer.", true, 0.000048],
    ]);
    assert.ok(done.sessionCostUsd >= before.sessionCostUsd + 0.000144 - 1e-12);
    assert.notEqual(done.statusBarText, before.statusBarText, "the status bar moved");
  });

  it("records every column in the ledger, verifies it, and exports spend as CSV", async () => {
    const ledger = readFileSync((await state()).ledgerFile, "utf8");
    assert.ok(readLedger((await state()).ledgerFile).records.some((r) => r.feature === "compare-selection" && r.provider === "loop-a" && r.model === "model-a"));
    assert.ok(!ledger.includes("parseConfig"), "no code or prompt in the ledger by default");
    const verified = await vscode.commands.executeCommand<{ ok: boolean; records: number }>("switchboard.verifyLedger");
    assert.equal(verified.ok, true);
    assert.ok(verified.records >= 2);
    const csvFile = join(tmpdir(), `switchboard-spend-${Date.now()}.csv`);
    await vscode.commands.executeCommand("switchboard.showSpend", "model", "csv", csvFile);
    const csv = readFileSync(csvFile, "utf8").trim().split("\n");
    assert.equal(csv[0], "model,requests,attempts,estimated,unpriced,inputTokens,outputTokens,costUsd");
    assert.ok(csv.some((line) => line.startsWith("loop-a/model-a,")));
    assert.match(csv.at(-1)!, /^TOTAL,/);
    // Every total is the sum of its rows (regression: votes counted as requests, requests counted per model).
    const numbers = (line: string) => line.split(",").slice(1).map(Number);
    const rows = csv.slice(1, -1).map(numbers);
    const total = numbers(csv.at(-1)!);
    for (const column of [0, 1, 2, 3, 4]) assert.equal(rows.reduce((sum, row) => sum + row[column]!, 0), total[column], csv[0]!.split(",")[column + 1]);
  });

  it("the spend export's save dialog opens in the workspace folder, not at / (regression)", async () => {
    const exporting = vscode.commands.executeCommand("switchboard.showSpend", "model", "csv");
    try {
      const offered = await waitForState((s) => s.lastSaveDialog !== undefined, "the save dialog to open");
      assert.equal(offered.lastSaveDialog, join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, "switchboard-spend.csv"));
    } finally {
      // The dialog is a quick input in VS Code for the web: closing it cancels the export. It may not be on
      // screen yet when the offer is recorded, so close until the export gives up.
      let settled = false;
      void Promise.resolve(exporting).finally(() => {
        settled = true;
      });
      for (let tries = 0; tries < 100 && !settled; tries++) {
        await vscode.commands.executeCommand("workbench.action.closeQuickOpen");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(settled, "the dialog closed and the export was cancelled");
    }
  });

  it("Show Spend opens the spend report tab with today's spend by provider, and saves it as one HTML file", async () => {
    const dashboard = await vscode.commands.executeCommand<{ by: string; until: string; days: string[]; series: Array<{ key: string; usd: number[] }>; total: { costUsd: number } }>("switchboard.showSpend", "provider");
    assert.equal(dashboard.by, "provider");
    assert.equal(dashboard.days.length, 30);
    assert.equal(dashboard.until, new Date().toISOString().slice(0, 10));
    const loopA = dashboard.series.find((series) => series.key === "loop-a");
    assert.ok(loopA && loopA.usd.at(-1)! > 0, "today's loop-a spend is in its band");
    const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    for (let waited = 0; waited < 5000 && !tabs().some((t) => t.label === "Switchboard Spend"); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(tabs().some((t) => t.label === "Switchboard Spend"), `the report opened in an editor tab (tabs: ${tabs().map((t) => t.label).join(", ")})`);
    const htmlFile = join(tmpdir(), `switchboard-spend-${Date.now()}.html`);
    await vscode.commands.executeCommand("switchboard.showSpend", "model", "html", htmlFile);
    const html = readFileSync(htmlFile, "utf8");
    assert.match(html, /<title>Switchboard spend by model, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}<\/title>/);
    assert.ok(html.includes('"key":"loop-a/model-a"'), "the figures are in the file");
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
  });

  it("a data policy in settings keeps a non-compliant model from being called, and says why in its column", async () => {
    await setSetting("routing.dataPolicy", "zero-retention");
    const calls = second.bodies.length;
    const document = await vscode.workspace.openTextDocument({ language: "python", content: "def area(r):\n    return 3.14 * r * r\n" });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 1, 22);
    const before = await state();
    await vscode.commands.executeCommand("switchboard.compareSelection", "explain");
    const done = await waitForState(
      (s) => s.runs > before.runs && s.columns.length === 2 && s.columns.every((c) => c.status === "done" || c.status === "error"),
      "the new comparison's columns to settle",
    );
    assert.equal(done.columns[0]?.status, "done");
    assert.equal(done.columns[1]?.status, "error");
    assert.equal(done.columns[1]?.error?.kind, "policy");
    assert.match(done.columns[1]?.error?.message ?? "", /loop-b retains request data/);
    assert.equal(second.bodies.length, calls, "loop-b received nothing");
    await setSetting("routing.dataPolicy", undefined);
  });

  it("Ask with Routing answers from the model the routing settings pick, falling back past a failing one", async () => {
    await setSetting("routing.strategy", "cheapest");
    // loop-b is cheaper, but its key is wrong, so it fails with 401 and the request falls back to loop-a.
    await vscode.commands.executeCommand("switchboard.setApiKey", "loop-b", "sk-wrong-key-000000000000");
    await setSetting("routing.candidates", ["loop-a/model-a", "loop-b/model-b"]);
    const answer = await vscode.commands.executeCommand<string | undefined>("switchboard.askWithRouting", "Which is faster, a Map or an object?");
    assert.equal(answer, "Loopback answer.");
    // The answer opens read-only: nothing to save, no prompt on close (regression: a dirty Untitled document).
    const shown = vscode.workspace.textDocuments.find((document) => document.getText().endsWith("Loopback answer.\n"));
    assert.ok(shown, "the answer is open in an editor");
    assert.equal(shown.uri.scheme, "switchboard-view");
    assert.equal(shown.isDirty, false);
    assert.equal(shown.isUntitled, false);
    assert.equal(shown.languageId, "markdown");
    assert.match(shown.getText(), /^_Answered by loop-a\/model-a after 2 attempt\(s\), \$[\d.]+\._\n\nLoopback answer\.\n$/);
    const asks = readLedger((await state()).ledgerFile).records.filter((r) => r.feature === "ask");
    assert.deepEqual(asks.slice(-2).map((r) => [r.provider, r.outcome, r.status]), [["loop-b", "auth", 401], ["loop-a", "ok", 200]]);
    assert.match(asks.at(-2)!.routingReason, /^cheapest: /);
    await vscode.commands.executeCommand("switchboard.setApiKey", "loop-b", CANARY);
    await setSetting("routing.candidates", undefined);
    await setSetting("routing.strategy", undefined);
  });

  it("turns the status bar to the budget state and refuses a request over the budget, naming it", async () => {
    await setSetting("budgets.dailyUsd", 0.0000001);
    const before = await state();
    await vscode.commands.executeCommand("switchboard.compareSelection", "explain");
    const refused = await waitForState((s) => s.runs > before.runs && s.columns.length === 2 && s.columns.every((c) => c.status === "error"), "both columns refused");
    assert.equal(refused.columns[0]?.error?.kind, "budget");
    assert.match(refused.columns[0]?.error?.message ?? "", /the daily budget \(all projects\)/);
    await vscode.commands.executeCommand("switchboard.askWithRouting", "anything");
    // The status bar follows the totals, read off the event loop.
    assert.equal((await waitForState((s) => s.budgetState === "blocked", "the status bar's budget state")).budgetState, "blocked");
    await setSetting("budgets.dailyUsd", undefined);
  });

  it("an invalid setting falls back to its default and the extension keeps working", async () => {
    await setSetting("compare.defaultModels", ["not a model id"]);
    const current = await state();
    assert.deepEqual(current.defaultModels, ["demo/swift-mini", "demo/sage-large"]);
    await setSetting("routing.timeoutMs", "soon");
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes("switchboard.openPlayground"));
    await setSetting("routing.timeoutMs", undefined);
    await setSetting("compare.defaultModels", undefined);
  });

  it("imports OpenRouter's model prices into the catalog", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((_req, res) => {
      res.end(JSON.stringify({ data: [{ id: "meta-llama/llama-3.3-70b-instruct", name: "Llama 3.3 70B", context_length: 131072, pricing: { prompt: "0.00000013", completion: "0.0000004" } }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const count = await vscode.commands.executeCommand<number>("switchboard.importOpenRouterPrices", `http://127.0.0.1:${port}/api/v1`);
    server.close();
    assert.equal(count, 1);
    assert.ok((await state()).models.includes("openrouter/meta-llama/llama-3.3-70b-instruct"));
  });

  it("Refresh Model Catalog: shows what changed, offers the new model at its price, retires one; a failing source changes nothing", async () => {
    const { createServer } = await import("node:http");
    const model = (name: string, input: number, output: number) => ({ name, attachment: true, reasoning: true, tool_call: true, release_date: "2026-11-20", last_updated: "2026-11-20", modalities: { input: ["text", "image"], output: ["text"] }, open_weights: false, limit: { context: 1_000_000, output: 128_000 }, cost: { input, output, cache_read: input / 10, cache_write: input * 1.25 } });
    let answer = { status: 200, body: JSON.stringify({ anthropic: { id: "anthropic", models: { "claude-sonnet-5": model("Claude Sonnet 5", 1.5, 10), "claude-nova-6": model("Claude Nova 6", 4, 20) } } }) };
    const server = createServer((_req, res) => res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/catalog.json`;
    try {
      assert.ok((await state()).models.includes("anthropic/claude-haiku-4-5"), "the bundled catalog before");
      const result = await vscode.commands.executeCommand<{ added: string[]; retired: string[]; priceChanges: Array<{ id: string; field: string; from: number; to: number }> }>("switchboard.refreshCatalog", "models.dev", url);
      assert.deepEqual(result.added, ["anthropic/claude-nova-6"]);
      assert.ok(result.retired.includes("anthropic/claude-haiku-4-5"));
      assert.ok(result.priceChanges.some((change) => change.id === "anthropic/claude-sonnet-5" && change.field === "input" && change.from === 2 && change.to === 1.5));
      const shown = vscode.window.activeTextEditor?.document;
      assert.equal(shown?.uri.scheme, "switchboard-view", "the diff opens read-only");
      assert.match(shown!.getText(), /^\+ anthropic\/claude-nova-6 {2}Claude Nova 6 {2}\$4 in \/ \$20 out per 1M$/m);
      assert.match(shown!.getText(), /^~ anthropic\/claude-sonnet-5 {2}input \$2 → \$1\.5 per 1M$/m);
      assert.equal(vscode.workspace.getConfiguration("switchboard").get("catalog.source"), "models.dev");
      const after = await waitForState((s) => s.models.includes("anthropic/claude-nova-6"), "the refreshed catalog");
      assert.ok(!after.models.includes("anthropic/claude-haiku-4-5"), "retired: no longer offered");
      assert.ok(after.modelsView?.some((row) => row.includes("Claude Sonnet 5 — $1.5 / $10 per 1M")), (after.modelsView ?? []).join("\n"));

      answer = { status: 500, body: "{}" };
      const failed = await vscode.commands.executeCommand<{ error: string }>("switchboard.refreshCatalog", "models.dev", url);
      assert.match(failed.error, /could not refresh the model catalog from models\.dev: models\.dev answered HTTP 500 .*The catalog in use is unchanged/);
      assert.ok((await state()).models.includes("anthropic/claude-nova-6"), "the kept copy is still in use");
    } finally {
      server.close();
      await setSetting("catalog.source", undefined);
      await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    }
    const bundled = await waitForState((s) => !s.models.includes("anthropic/claude-nova-6"), "back to the bundled catalog");
    assert.ok(bundled.models.includes("anthropic/claude-haiku-4-5"));
  });

  it("guards the webview: a key in a message is redacted before it is posted", async () => {
    // A user pastes the key into a prompt; when the panel reconnects, the host would replay that prompt.
    await vscode.commands.executeCommand("switchboard.openPlayground");
    const before = await state();
    await vscode.commands.executeCommand("switchboard.internal.receiveWebviewMessage", { type: "run", prompt: `echo ${CANARY}`, models: ["loop-a/model-a"] });
    const ran = await waitForState((s) => s.runs > before.runs && s.columns[0]?.status === "done", "the run");
    assert.ok(ran.redactedMessages > before.redactedMessages, "the comparison's prompt (shown above the answers) went out redacted");
    await vscode.commands.executeCommand("switchboard.internal.receiveWebviewMessage", { type: "ready" });
    assert.equal((await state()).redactedMessages, ran.redactedMessages + 1, "the replayed prompt went out with the key redacted");
  });

  it("never lets the key into settings, state or the ledger", async () => {
    const everything = JSON.stringify(vscode.workspace.getConfiguration("switchboard")) + JSON.stringify(await state()) + readFileSync((await state()).ledgerFile, "utf8");
    assert.ok(!everything.includes(CANARY));
  });
});
