import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { formatUsd } from "../../src/common/format-usd";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { activateSwitchboard, setSetting, state, waitForState } from "./helpers";

describe("playground", () => {
  before(activateSwitchboard);
  afterEach(() => vscode.commands.executeCommand("workbench.action.closeAllEditors"));

  it("opens a webview whose bundle loads under the CSP and says it is ready", async () => {
    await vscode.commands.executeCommand("switchboard.openPlayground");
    await waitForState((current) => current.playgroundReady, "the playground webview to post ready");
  });

  it("compares the default models on selected code, streaming with exact cost, and the status bar adds it up", async () => {
    const document = await vscode.workspace.openTextDocument({
      language: "typescript",
      content: "export function add(a: number, b: number) {\n  return a + b;\n}\n",
    });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    await vscode.commands.executeCommand("switchboard.compareSelection", "review");

    const running = await waitForState((current) => current.columns.length === 2, "two columns to start");
    assert.deepEqual(
      running.columns.map((column) => column.modelId),
      ["demo/swift-mini", "demo/sage-large"],
    );
    const done = await waitForState(
      (current) => current.columns.every((column) => column.status === "done"),
      "both columns to finish",
    );
    for (const column of done.columns) {
      assert.match(column.text, /simulated review of `add`/);
      assert.equal(column.stats.exact, true, `${column.modelId} has the provider's usage`);
      assert.ok(column.stats.outputTokens > 10);
      assert.ok(column.stats.costUsd > 0);
      assert.ok(column.stats.ttftMs !== null && column.stats.ttftMs > 0);
    }
    const total = done.columns.reduce((sum, column) => sum + column.stats.costUsd, 0);
    assert.ok(Math.abs(done.sessionCostUsd - total) < 1e-12, "session spend is the sum of the columns");
    assert.equal(done.statusBarText, `$(pulse) ${formatUsd(done.sessionCostUsd)}`);
    assert.notEqual(done.statusBarText, "$(pulse) $0.00");
    // Today / This month follow every recorded request (regression: they kept their start-up values).
    const today = new Date().toISOString().slice(0, 10);
    const todayUsd = readLedger(done.ledgerFile).records.filter((record) => record.time.startsWith(today)).reduce((sum, record) => sum + record.costUsd, 0);
    assert.ok(todayUsd > 0);
    // The totals are read off the event loop once the requests are recorded: they follow a moment later.
    const totals = await waitForState((current) => current.statusBarTooltip.includes(`Today: ${formatUsd(todayUsd)}`), `the status bar's Today to show ${formatUsd(todayUsd)}`);
    assert.match(totals.statusBarTooltip, /This month: \$/);
    assert.doesNotMatch(totals.statusBarTooltip, /Today: \$0\.00\s/);
    await waitForState((current) => current.playgroundReady, "the playground to show the comparison");
  });

  it("asks for code instead of failing when the file is empty", async () => {
    const before = await state();
    const document = await vscode.workspace.openTextDocument({ language: "plaintext", content: "" });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand("switchboard.compareSelection", "review");
    const after = await state();
    assert.deepEqual(after.columns, before.columns, "no comparison was started");
  });

  it("survives a reload of the webview: it reconnects and gets the comparison back", async () => {
    await vscode.commands.executeCommand("switchboard.openPlayground");
    const loaded = await waitForState((current) => current.playgroundReady && current.columns.length > 0, "the playground with the last comparison");
    await vscode.commands.executeCommand("workbench.action.webview.reloadWebviewAction");
    const reloaded = await waitForState((current) => current.readyCount > loaded.readyCount, "the reloaded webview to say ready again");
    assert.deepEqual(reloaded.columns.map((c) => c.text), loaded.columns.map((c) => c.text), "the host still has every column");
  });

  it("rejects hostile or malformed webview messages with an error, and keeps working", async () => {
    const hostile: unknown[] = [
      { type: "run", prompt: "", models: ["demo/swift-mini"] },
      { type: "run", prompt: "hi", models: ["../../etc/passwd"] },
      { type: "run", prompt: "hi", models: Array(50).fill("demo/swift-mini") },
      { type: "eval", code: "process.exit(1)" },
      "ready",
      null,
    ];
    for (const message of hostile) {
      const result = await vscode.commands.executeCommand<{ ok: boolean; error?: string }>("switchboard.internal.receiveWebviewMessage", message);
      assert.equal(result.ok, false, JSON.stringify(message));
      assert.match(result.error ?? "", /^The playground sent an invalid request \(/);
    }
    const ok = await vscode.commands.executeCommand<{ ok: boolean }>("switchboard.internal.receiveWebviewMessage", { type: "stop" });
    assert.equal(ok.ok, true);
  });

  it("continues each column's conversation on a follow-up, and records a blind vote without the prompt", async () => {
    const send = (message: unknown) => vscode.commands.executeCommand<{ ok: boolean }>("switchboard.internal.receiveWebviewMessage", message);
    const before = await state();
    assert.equal((await send({ type: "run", prompt: "first question", models: ["demo/swift-mini"] })).ok, true);
    await waitForState((s) => s.runs > before.runs && s.columns[0]?.status === "done", "the first turn");
    await send({ type: "run", prompt: "and a follow-up", models: ["demo/swift-mini"], followUp: true });
    const second = await waitForState((s) => s.runs > before.runs + 1 && s.columns[0]?.status === "done", "the second turn");
    assert.equal(second.columns[0]?.turn, 2);
    assert.match(second.columns[0]?.text ?? "", /and a follow-up/);
    await send({ type: "vote", columnId: "c1" });
    const deadline = Date.now() + 5_000;
    let vote = readLedger(second.ledgerFile).records.find((record) => record.feature === "vote");
    while (!vote && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      vote = readLedger(second.ledgerFile).records.find((record) => record.feature === "vote");
    }
    assert.ok(vote, "the vote is in the ledger");
    assert.equal(vote.model, "swift-mini");
    assert.equal(vote.costUsd, 0);
    assert.ok(!JSON.stringify(vote).includes("follow-up"), "no prompt text in the vote record");
  });

  it("a follow-up keeps each column's earlier turns (prompt, answer, cost) for the thread, and Export Conversation writes them all", async () => {
    const send = (message: unknown) => vscode.commands.executeCommand<{ ok: boolean }>("switchboard.internal.receiveWebviewMessage", message);
    const before = await state();
    await send({ type: "run", prompt: "first question", models: ["demo/swift-mini", "demo/sage-large"] });
    const first = await waitForState((s) => s.runs > before.runs && s.columns.every((c) => c.status === "done"), "the first turn");
    await send({ type: "run", prompt: "second question", models: ["demo/swift-mini", "demo/sage-large"], followUp: true });
    const second = await waitForState((s) => s.runs > first.runs && s.columns.every((c) => c.status === "done"), "the second turn");
    for (const [i, column] of second.columns.entries()) {
      assert.equal(column.prompt, "second question");
      assert.deepEqual(column.history?.map((turn) => [turn.prompt, turn.text, turn.costUsd, turn.status]), [["first question", first.columns[i]!.text, first.columns[i]!.stats.costUsd, "done"]]);
    }
    const dir = vscode.Uri.joinPath(vscode.Uri.file(second.ledgerFile), "..");
    const jsonFile = vscode.Uri.joinPath(dir, "conversation.json").fsPath;
    assert.equal(await vscode.commands.executeCommand("switchboard.exportConversation", "json", jsonFile), jsonFile);
    const exported = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(jsonFile))));
    assert.deepEqual(exported.columns.map((c: { modelId: string; turns: Array<{ prompt: string }> }) => [c.modelId, c.turns.map((t) => t.prompt)]), [
      ["demo/swift-mini", ["first question", "second question"]],
      ["demo/sage-large", ["first question", "second question"]],
    ]);
    assert.ok(Math.abs(exported.columns[0].totalCostUsd - (first.columns[0]!.stats.costUsd + second.columns[0]!.stats.costUsd)) < 1e-12);
    const mdFile = vscode.Uri.joinPath(dir, "conversation.md").fsPath;
    await vscode.commands.executeCommand("switchboard.exportConversation", "markdown", mdFile);
    const markdown = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(mdFile)));
    assert.match(markdown, /^# Switchboard conversation, /);
    assert.match(markdown, /## Swift Mini \(simulated\) \(`demo\/swift-mini`\)\n\nTotal: \$[\d.]+\n\n### Turn 1\n\n> first question\n/);
    assert.ok(markdown.includes(second.columns[1]!.text), "every answer is in the file");
  });

  it("after Reload Window, the conversation the webview kept comes back and a follow-up continues it (its history is sent)", async () => {
    const send = (message: unknown) => vscode.commands.executeCommand<{ ok: boolean; error?: string }>("switchboard.internal.receiveWebviewMessage", message);
    const before = await state();
    await send({ type: "run", prompt: "short follow", models: ["demo/swift-mini"] });
    const fresh = await waitForState((s) => s.runs > before.runs && s.columns[0]?.status === "done", "a fresh question");
    await send({ type: "clear" });
    const long = "A long earlier answer about sorting algorithms. ".repeat(60);
    const stats = { inputTokens: 10, outputTokens: 500, cachedInputTokens: 0, costUsd: 0.0003, exact: true, ttftMs: 100, tokensPerSecond: 40 };
    const restored = await send({ type: "restore", comparison: fresh.runs + 5, columns: [{ columnId: "c1", modelId: "demo/swift-mini", status: "done", text: long, reasoning: "", stats, error: null, prompt: "explain sorting", turn: 1 }] });
    assert.equal(restored.ok, true, restored.error);
    const shown = await waitForState((s) => s.columns[0]?.text === long, "the restored column");
    assert.equal(shown.runs, fresh.runs + 5, "numbering goes on from the webview's, so the view keeps its order and vote");
    await send({ type: "run", prompt: "short follow", models: ["demo/swift-mini"], followUp: true });
    const continued = await waitForState((s) => s.runs > shown.runs && s.columns[0]?.status === "done", "the follow-up");
    assert.equal(continued.columns[0]?.turn, 2);
    assert.equal(continued.columns[0]?.history?.[0]?.text, long);
    assert.ok(continued.columns[0]!.stats.inputTokens > fresh.columns[0]!.stats.inputTokens + 300, `the restored turn was sent as history (${continued.columns[0]!.stats.inputTokens} vs ${fresh.columns[0]!.stats.inputTokens} input tokens)`);
  });

  it("Compare Models on Selection runs the models the playground's pickers show; Stop and New Conversation are commands", async () => {
    const send = (message: unknown) => vscode.commands.executeCommand<{ ok: boolean }>("switchboard.internal.receiveWebviewMessage", message);
    await vscode.commands.executeCommand("switchboard.openPlayground");
    await waitForState((s) => s.playgroundReady && s.chosenModels !== undefined, "the open playground to say which models its pickers show");
    // As if the user changed the pickers (closing the playground, after this test, forgets them).
    await send({ type: "models-chosen", models: ["demo/sage-large", "demo/swift-mini", "demo/sage-large"] });
    const document = await vscode.workspace.openTextDocument({ language: "typescript", content: "export const x = 1;\n" });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 0, 19);
    const before = await state();
    await vscode.commands.executeCommand("switchboard.compareSelection", "review");
    const started = await waitForState((s) => s.runs > before.runs, "the comparison to start");
    assert.deepEqual(started.columns.map((c) => c.modelId), ["demo/sage-large", "demo/swift-mini", "demo/sage-large"]);
    await vscode.commands.executeCommand("switchboard.stopPlayground");
    await waitForState((s) => s.columns.every((c) => c.status !== "waiting" && c.status !== "streaming"), "Stop to end every column");
    await vscode.commands.executeCommand("switchboard.newConversation");
    await waitForState((s) => s.columns.length === 0, "New Conversation to empty the columns");
  });

  it("sends tools and an image through the pipeline: a tool call in the column, images only to models that take them", async () => {
    const send = (message: unknown) => vscode.commands.executeCommand<{ ok: boolean; error?: string }>("switchboard.internal.receiveWebviewMessage", message);
    const png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    const tools = [{ name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }];
    const before = await state();
    const sent = await send({ type: "run", prompt: "What is the weather in Paris?", models: ["demo/sage-large", "demo/swift-mini"], images: [png], tools });
    assert.equal(sent.ok, true, sent.error);
    const done = await waitForState((s) => s.runs > before.runs && s.columns.every((c) => c.status === "done" || c.status === "error"), "both columns to end");
    const [sage, swift] = done.columns;
    assert.equal(sage?.status, "done");
    assert.deepEqual(sage?.toolCalls?.map((call) => [call.name, JSON.parse(call.arguments)]), [["get_weather", { city: "San Francisco" }]]);
    assert.equal(swift?.status, "error");
    assert.equal(swift?.error?.kind, "policy");
    assert.match(swift?.error?.message ?? "", /demo\/swift-mini does not accept images/);
    const records = readLedger(done.ledgerFile).records.filter((record) => record.feature === "playground");
    assert.equal(records.at(-1)?.model, "sage-large", "only the column that ran is recorded");
  });

  it("answers a column's tool call by hand: the column goes on with the result, and the tool step stays in its thread", async () => {
    const send = (message: unknown) => vscode.commands.executeCommand<{ ok: boolean; error?: string }>("switchboard.internal.receiveWebviewMessage", message);
    const tools = [{ name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }];
    const before = await state();
    await send({ type: "run", prompt: "What is the weather in Paris?", models: ["demo/sage-large"], tools });
    const called = await waitForState((s) => s.runs > before.runs && s.columns[0]?.status === "done", "the tool call");
    const call = called.columns[0]!.toolCalls![0]!;
    const records = readLedger(called.ledgerFile).records.length;
    assert.equal((await send({ type: "tool-results", columnId: "c1", results: [{ callId: call.id, content: "18 degrees and sunny" }] })).ok, true);
    const answered = await waitForState((s) => s.columns[0]?.status === "done" && (s.columns[0]?.history?.length ?? 0) === 1, "the answer from the tool's result");
    const column = answered.columns[0]!;
    assert.match(column.text, /The tool answered: 18 degrees and sunny/, "the model was sent the call and its result");
    assert.equal(column.prompt, "Tool results: get_weather → 18 degrees and sunny");
    assert.deepEqual(column.history?.map((turn) => [turn.prompt, turn.costUsd]), [["What is the weather in Paris?", called.columns[0]!.stats.costUsd]]);
    assert.equal(readLedger(answered.ledgerFile).records.length, records + 1, "the second step is a recorded request of its own");
    assert.equal(answered.runs, called.runs, "the same comparison goes on");
  });

  it("a follow-up after a Retry sends the retried turn once (regression: the turn was sent twice)", async () => {
    const send = (message: unknown) => vscode.commands.executeCommand<{ ok: boolean }>("switchboard.internal.receiveWebviewMessage", message);
    const followUpInput = async (retry: boolean) => {
      const before = await state();
      await send({ type: "run", prompt: "name a sorting algorithm", models: ["demo/swift-mini"] });
      await waitForState((s) => s.runs > before.runs && s.columns[0]?.status === "done", "the first turn");
      if (retry) {
        await send({ type: "retry", columnId: "c1" });
        // The retry replaced the column at once (waiting), so this waits for the new answer.
        await waitForState((s) => s.columns[0]?.status === "done", "the retried turn");
      }
      const asked = await state();
      await send({ type: "run", prompt: "and why?", models: ["demo/swift-mini"], followUp: true });
      const done = await waitForState((s) => s.runs > asked.runs && s.columns[0]?.status === "done", "the follow-up");
      return done.columns[0]!.stats.inputTokens;
    };
    assert.equal(await followUpInput(true), await followUpInput(false));
  });

  it("with JSON output on, each finished answer is judged: valid JSON formatted, and whether it matches the schema", async () => {
    const send = (message: unknown) => vscode.commands.executeCommand<{ ok: boolean; error?: string }>("switchboard.internal.receiveWebviewMessage", message);
    const schema = (required: string) => ({ type: "json-schema", name: "reply", schema: { type: "object", properties: { answer: { type: "string" } }, required: [required] } });
    const before = await state();
    assert.equal((await send({ type: "run", prompt: "Say hi as JSON", models: ["demo/swift-mini"], responseFormat: schema("answer") })).ok, true);
    const matched = await waitForState((s) => s.runs > before.runs && s.columns[0]?.jsonCheck !== undefined, "the answer to be judged");
    assert.equal(matched.columns[0]?.jsonOutput, true);
    assert.equal(matched.columns[0]?.jsonCheck?.summary, "valid JSON, matches the schema");
    assert.equal(matched.columns[0]?.jsonCheck?.pretty, JSON.stringify(JSON.parse(matched.columns[0]!.text), null, 2));

    assert.equal((await send({ type: "run", prompt: "Say hi as JSON", models: ["demo/swift-mini"], responseFormat: schema("verdict") })).ok, true);
    const missed = await waitForState((s) => s.runs > matched.runs && s.columns[0]?.jsonCheck !== undefined, "the second answer to be judged");
    assert.deepEqual([missed.columns[0]?.jsonCheck?.ok, missed.columns[0]?.jsonCheck?.summary], [false, "valid JSON, does not match the schema: data must have required property 'verdict'"]);

    assert.equal((await send({ type: "run", prompt: "plain", models: ["demo/swift-mini"] })).ok, true);
    const plain = await waitForState((s) => s.runs > missed.runs && s.columns[0]?.status === "done", "a plain answer");
    assert.equal(plain.columns[0]?.jsonOutput, undefined, "without JSON output, answers stay Markdown");
  });

  it("a column whose model cannot answer falls back along switchboard.routing.fallbacks and says which model answered", async () => {
    await setSetting("routing.fallbacks", ["demo/swift-mini"]);
    try {
      const before = await state();
      await vscode.commands.executeCommand("switchboard.internal.receiveWebviewMessage", { type: "run", prompt: "hello", models: ["demo/retired-model"] });
      const done = await waitForState((s) => s.runs > before.runs && s.columns[0]?.status === "done", "the column to be answered by its fallback");
      assert.equal(done.columns[0]?.modelId, "demo/retired-model");
      assert.equal(done.columns[0]?.answeredBy, "demo/swift-mini");
      assert.match(done.columns[0]?.route ?? "", /^demo\/retired-model not used: demo\/retired-model is not in the model catalog; demo\/swift-mini: fallback 1/);
    } finally {
      await setSetting("routing.fallbacks", undefined);
    }
  });

  it("setting a key hides the demo models from the picker but open columns keep working (regression: 'not in the model catalog')", async () => {
    const send = (message: unknown) => vscode.commands.executeCommand("switchboard.internal.receiveWebviewMessage", message);
    const before = await state();
    await send({ type: "run", prompt: "a question", models: ["demo/swift-mini"] });
    await waitForState((s) => s.runs > before.runs && s.columns[0]?.status === "done", "the demo column");
    assert.ok((await state()).pickerModels.includes("demo/sage-large"));
    await vscode.commands.executeCommand("switchboard.setApiKey", "mistral", "test-key-not-a-real-one");
    try {
      const hidden = await waitForState((s) => !s.pickerModels.includes("demo/sage-large"), "the picker to leave the demo models out");
      assert.ok(hidden.pickerModels.includes("demo/swift-mini"), "the model an open column shows keeps its entry");
      assert.ok(hidden.pickerModels.includes("mistral/mistral-small-latest"));
      await send({ type: "retry", columnId: "c1" });
      const retried = await waitForState((s) => s.columns[0]?.status === "done" || s.columns[0]?.status === "error", "the retried column");
      assert.equal(retried.columns[0]?.status, "done", JSON.stringify(retried.columns[0]?.error));
    } finally {
      await vscode.commands.executeCommand("switchboard.removeApiKey", "mistral");
    }
  });
});
