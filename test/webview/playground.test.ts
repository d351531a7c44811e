import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Locator } from "playwright-core";
import type { ColumnState, HostMessage } from "../../src/protocol";
import { WebviewHarness, type WebviewPage } from "./webview-host";

const models = [
  { id: "demo/swift-mini", displayName: "Swift Mini (simulated)", simulated: true, inputPrice: 0.15, outputPrice: 0.6, contextWindow: 128000 },
  { id: "demo/sage-large", displayName: "Sage Large (simulated)", simulated: true, inputPrice: 3, outputPrice: 15, contextWindow: 200000 },
];
/** Messages render asynchronously: wait (up to 5 s) for what a user would read, then compare exactly. */
async function expectText(locator: Locator, expected: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  let actual = await locator.innerText();
  while (actual !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    actual = await locator.innerText();
  }
  assert.equal(actual, expected);
}

const init: HostMessage = { type: "init", models, defaultModels: ["demo/swift-mini", "demo/sage-large"], prompt: "" };

function column(columnId: string, modelId: string): ColumnState {
  return {
    columnId,
    modelId,
    status: "waiting",
    text: "",
    reasoning: "",
    error: null,
    stats: { inputTokens: 12, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, exact: false, ttftMs: null, tokensPerSecond: null },
  };
}

describe("playground webview in Chromium", () => {
  let harness: WebviewHarness;
  let view: WebviewPage;

  before(async () => {
    harness = await WebviewHarness.start();
  });
  after(() => harness?.close());

  it("tells the host it is ready, then shows the default models from init", async () => {
    view = await harness.open();
    await view.waitForPosted("ready");
    await view.send(init);
    await view.page.getByText("Send to 2 models").waitFor();
    const pickers = view.page.locator(".model-picker .picker-current .picker-name");
    assert.deepEqual(await pickers.allInnerTexts(), ["Swift Mini (simulated)", "Sage Large (simulated)"]);
  });

  it("sends the typed prompt to every selected model with the Send button and with Ctrl+Enter", async () => {
    const box = view.page.getByTestId("prompt");
    await box.click();
    await view.page.keyboard.type("Which sort is stable?");
    await view.page.getByTestId("send").click();
    assert.deepEqual(await view.waitForPosted("run"), {
      type: "run",
      prompt: "Which sort is stable?",
      models: ["demo/swift-mini", "demo/sage-large"],
      params: [{}, {}],
      followUp: false,
    });
    await box.click();
    await view.page.keyboard.press("Control+Enter");
    await view.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === "run").length === 2);
  });

  it("lets the user search the catalog for a column's model, with prices and badges, and add a column", async () => {
    await view.page.getByTestId("model-1").locator(".picker-current").click();
    const search = view.page.getByRole("combobox", { name: "Search models" });
    await search.fill("zzz");
    await view.page.getByText('No model matches "zzz".').waitFor();
    await search.fill("sage");
    const option = view.page.getByRole("option");
    assert.equal(await option.count(), 1);
    assert.match(await option.innerText(), /Sage Large \(simulated\)\s+demo · \$3\/\$15 per 1M · 200k ctx\s+simulated/);
    await search.press("Enter");
    assert.deepEqual(await view.page.locator(".model-picker .picker-current .picker-name").allInnerTexts(), ["Sage Large (simulated)", "Sage Large (simulated)"]);
    await view.page.getByTestId("add-model").click();
    await view.page.getByText("Send to 3 models").waitFor();
    await view.page.getByTestId("send").click();
    const runs = (await view.posted()).filter((m) => m.type === "run");
    assert.deepEqual(runs.at(-1), {
      type: "run",
      prompt: "Which sort is stable?",
      models: ["demo/sage-large", "demo/sage-large", "demo/swift-mini"],
      params: [{}, {}, {}],
      followUp: false,
    });
  });

  it("streams deltas into each column with live counters, estimated then exact, and totals", async () => {
    await view.send({ type: "columns", columns: [column("c1", "demo/swift-mini"), column("c2", "demo/sage-large")], sessionCostUsd: 0 });
    const first = view.page.getByTestId("column-c1");
    await first.getByText("Waiting for first token…").waitFor();
    const streamingStats = { inputTokens: 12, outputTokens: 3, cachedInputTokens: 0, costUsd: 0.0000036, exact: false, ttftMs: 250, tokensPerSecond: 110 };
    for (const text of ["Merge", " sort", " is"]) {
      await view.send({ type: "column-delta", columnId: "c1", text, reasoning: "", status: "streaming", stats: streamingStats, error: null, sessionCostUsd: 0.0000036 });
    }
    await expectText(first.getByTestId("answer"), "Merge sort is");
    await expectText(first.getByTestId("output-tokens"), "3");
    await expectText(first.getByTestId("cost"), "$0.000004 est.");
    await expectText(first.getByTestId("ttft"), "250 ms");
    await expectText(first.getByTestId("speed"), "110 tok/s");

    const finalStats = { ...streamingStats, outputTokens: 4, costUsd: 0.0000042, exact: true };
    await view.send({ type: "column-delta", columnId: "c1", text: " stable.", reasoning: "", status: "done", stats: finalStats, error: null, sessionCostUsd: 0.0000042 });
    await expectText(first.getByTestId("answer"), "Merge sort is stable.");
    await expectText(first.getByTestId("cost"), "$0.000004 exact");
    await expectText(first.getByTestId("status"), "Done");
    await expectText(view.page.getByTestId("comparison-cost"), "$0.000004");
    await expectText(view.page.getByTestId("session-cost"), "$0.000004");
    await expectText(view.page.getByTestId("column-c2").getByTestId("answer"), "");
  });

  it("a model without a known price shows its cost as unknown, never $0", async () => {
    const stats = { inputTokens: 12, outputTokens: 4, cachedInputTokens: 0, costUsd: 0, exact: true, unpriced: true, ttftMs: 250, tokensPerSecond: 110 };
    await view.send({ type: "column-delta", columnId: "c2", text: "An answer.", reasoning: "", status: "done", stats, error: null, sessionCostUsd: 0.0000042 });
    const cost = view.page.getByTestId("column-c2").getByTestId("cost");
    await expectText(cost, "— no price");
    assert.match((await cost.getAttribute("title")) ?? "", /No price is known for this model/);
  });

  it("an answer cut off at Max tokens says so instead of Done", async () => {
    const stats = { inputTokens: 12, outputTokens: 64, cachedInputTokens: 0, costUsd: 0.00001, exact: true, ttftMs: 250, tokensPerSecond: 110 };
    await view.send({ type: "column-delta", columnId: "c1", text: "", reasoning: "", status: "done", stats, error: null, stoppedAtTokenLimit: true, sessionCostUsd: 0.00001 });
    const status = view.page.getByTestId("column-c1").getByTestId("status");
    await expectText(status, "Stopped at the token limit");
    assert.match((await status.getAttribute("title")) ?? "", /raise Max tokens/);
    // A complete answer (the next delta without the flag) is Done again.
    await view.send({ type: "column-delta", columnId: "c1", text: "", reasoning: "", status: "done", stats, error: null, sessionCostUsd: 0.00001 });
    await expectText(status, "Done");
  });

  it("shows a column's error with its kind instead of a blank column", async () => {
    await view.send({
      type: "column-delta", columnId: "c2", text: "", reasoning: "", status: "error",
      stats: { inputTokens: 12, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, exact: false, ttftMs: null, tokensPerSecond: null },
      error: { kind: "rate-limit", message: "Too many requests; retry in 20 s." }, sessionCostUsd: 0.0000042,
    });
    const error = view.page.getByTestId("column-c2").getByTestId("error");
    await expectText(error, "rate-limit: Too many requests; retry in 20 s.");
  });

  it("ignores a malformed host message with a visible notice, and keeps working", async () => {
    await view.send({ type: "column-delta", columnId: "c1", text: 42 });
    await view.page.getByText(/Ignored a message from the extension \(text:/).waitFor();
    await expectText(view.page.getByTestId("column-c1").getByTestId("answer"), "Merge sort is stable.");
    assert.deepEqual(view.errors, [], "no uncaught page errors");
  });

  it("keeps the prompt and models across a reload through the webview state", async () => {
    await view.page.reload();
    await view.waitForPosted("ready");
    await view.send(init);
    await view.page.getByText("Send to 3 models").waitFor();
    assert.equal(await view.page.getByTestId("prompt").evaluate((el) => (el as HTMLTextAreaElement).value), "Which sort is stable?");
  });

  it("marks models whose provider has no key, names truncated models in a tooltip, and a budget-blocked column can be sent again", async () => {
    const keyless = { id: "openai/gpt-5", displayName: "GPT-5 with a rather long display name", simulated: false, inputPrice: 1.25, outputPrice: 10, contextWindow: 400000, keyMissing: true };
    await view.send({ ...init, models: [...models, keyless] });
    await view.page.getByTestId("model-1").locator(".picker-current").click();
    await view.page.getByRole("combobox", { name: "Search models" }).fill("gpt");
    const option = view.page.getByRole("option");
    assert.match(await option.innerText(), /no key/);
    assert.equal(await option.locator(".picker-name").getAttribute("title"), "GPT-5 with a rather long display name (openai/gpt-5)");
    await view.page.keyboard.press("Escape");
    assert.equal(await view.page.getByTestId("model-2").locator(".picker-current .picker-name").getAttribute("title"), "Sage Large (simulated) (demo/sage-large)");

    const blocked: ColumnState = { ...column("b1", "openai/gpt-5"), status: "error", error: { kind: "budget", message: "over the daily budget of $1.00" } };
    await view.send({ type: "columns", columns: [blocked], sessionCostUsd: 0, comparison: 40 });
    const card = view.page.getByTestId("column-b1");
    await card.getByTestId("error-action").waitFor();
    assert.equal(await card.getByTestId("model-name").getAttribute("title"), "GPT-5 with a rather long display name (openai/gpt-5)");
    await card.getByTestId("retry").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "retry", columnId: "b1" });
    await view.send({ ...init });
  });

  it("fills the prompt the host drafted from an editor selection", async () => {
    const fresh = await harness.open();
    await fresh.waitForPosted("ready");
    await fresh.send({ ...init, prompt: "Review this typescript code from a.ts (lines 1-3)" });
    await fresh.page.getByText("Send to 2 models").waitFor();
    assert.equal(
      await fresh.page.getByTestId("prompt").evaluate((el) => (el as HTMLTextAreaElement).value),
      "Review this typescript code from a.ts (lines 1-3)",
    );
  });
});
