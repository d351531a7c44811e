import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ColumnState, HostMessage } from "../../src/protocol";
import { WebviewHarness, type WebviewPage } from "./webview-host";

const models = [
  { id: "demo/swift-mini", displayName: "Swift Mini (simulated)", simulated: true, inputPrice: 0.15, outputPrice: 0.6, contextWindow: 128000 },
  { id: "demo/sage-large", displayName: "Sage Large (simulated)", simulated: true, inputPrice: 3, outputPrice: 15, contextWindow: 200000 },
];
const init: HostMessage = { type: "init", models, defaultModels: ["demo/swift-mini", "demo/sage-large"], prompt: "" };
const stats = { inputTokens: 5, outputTokens: 9, cachedInputTokens: 0, costUsd: 0.00001, exact: true, ttftMs: 100, tokensPerSecond: 50 };
const columns = (status: ColumnState["status"], turn = 1): ColumnState[] =>
  models.map((m, i) => ({ columnId: `c${i + 1}`, modelId: m.id, status, text: `Answer ${i + 1}`, reasoning: "", error: null, stats, turn }));
const runs = async (view: WebviewPage) => (await view.posted()).filter((m) => m.type === "run");

describe("system prompt, parameters, follow-ups and blind voting", () => {
  let harness: WebviewHarness;
  let view: WebviewPage;
  before(async () => {
    harness = await WebviewHarness.start();
    view = await harness.openReady(init);
    await view.page.getByText("Send to 2 models").waitFor();
  });
  after(() => harness?.close());

  it("sends the shared system prompt and each column's temperature and max tokens", async () => {
    await view.page.locator(".system-prompt summary").click();
    await view.page.getByTestId("system").click();
    await view.page.keyboard.type("Answer in one sentence.");
    await view.page.getByTestId("temperature-1").fill("0.2");
    await view.page.getByTestId("max-tokens-2").fill("256");
    await view.page.getByTestId("prompt").click();
    await view.page.keyboard.type("What is a monad?");
    await view.page.getByTestId("send").click();
    await view.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === "run"));
    assert.deepEqual((await runs(view)).at(-1), {
      type: "run",
      prompt: "What is a monad?",
      models: ["demo/swift-mini", "demo/sage-large"],
      system: "Answer in one sentence.",
      params: [{ temperature: 0.2 }, { maxOutputTokens: 256 }],
      followUp: false,
    });
  });

  it("continues the conversation with a follow-up once the columns are done, and starts over on request", async () => {
    await view.send({ type: "columns", columns: columns("done"), sessionCostUsd: 0 });
    await view.page.getByText("Send follow-up").waitFor();
    await view.page.getByTestId("send").click();
    await view.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === "run").length === 2);
    assert.equal((await runs(view)).at(-1)?.type === "run" && (await runs(view)).at(-1)!.followUp, true);
    const turn1 = (i: number) => ({ prompt: "What is a monad?\nIn one line.", status: "done" as const, text: `**First** answer ${i + 1}`, costUsd: 0.00002 });
    const second = columns("done", 2).map((c, i) => ({ ...c, prompt: "And a functor?", history: [turn1(i)] }));
    await view.send({ type: "columns", columns: second, sessionCostUsd: 0 });
    const first = view.page.getByTestId("column-c1");
    await first.getByTestId("thread").waitFor();
    assert.equal(await first.getByTestId("model-name").innerText(), "Swift Mini (simulated)", "the header is the model's name alone (no cut-off turn label)");
    assert.equal(await first.getByTestId("thread-turn").locator("summary").innerText(), "Turn 1: What is a monad? · $0.000020");
    assert.match(await first.getByTestId("thread-turn").innerText(), /You: What is a monad\?\nIn one line\.\s+First answer 1/, "the earlier prompt and answer stay readable");
    assert.equal(await first.getByTestId("thread-turn").locator("strong", { hasText: "First" }).count(), 1, "earlier answers are Markdown like the current one");
    assert.equal(await first.getByTestId("turn-now").innerText(), "Turn 2: And a functor?");
    assert.equal(await first.getByTestId("answer").last().innerText(), "Answer 1");
    assert.equal(await first.getByTestId("column-total").innerText(), "$0.000030", "the column's total is every turn's cost");
    assert.equal(await first.getByTestId("cost").innerText(), "$0.000010 exact", "the counters are this turn's");

    await first.getByTestId("copy-answer").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "code-action", action: "copy", code: "Answer 1", columnId: "c1" });
    await view.page.getByTestId("export").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "export-conversation" });
    await view.page.getByTestId("clear").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "clear" });
  });

  it("blind mode hides which model wrote which answer until the vote, then records it and reveals", async () => {
    await view.send({ type: "columns", columns: [], sessionCostUsd: 0 });
    await view.page.getByTestId("blind").click();
    await view.page.getByTestId("send").click();
    await view.send({ type: "columns", columns: columns("streaming"), sessionCostUsd: 0, comparison: 5 });
    const names = view.page.getByTestId("model-name");
    await names.first().filter({ hasText: /^Model [AB]$/ }).waitFor();
    assert.deepEqual((await names.allInnerTexts()).sort(), ["Model A", "Model B"]);
    const columnsText = await view.page.getByTestId("columns").innerText();
    assert.doesNotMatch(columnsText, /Swift Mini|Sage Large/, "no model name while blind");
    assert.equal(await view.page.getByTestId("vote").count(), 0, "no vote before the answers are in");

    await view.send({ type: "leaderboard", template: "playground", wins: { "demo/sage-large": 2 } });
    const thinking = columns("done").map((c, i) => (i === 1 ? { ...c, reasoning: "Let me think step by step.", stats: { ...stats, outputTokens: 400 } } : c));
    await view.send({ type: "columns", columns: thinking, sessionCostUsd: 0, comparison: 5 });
    await view.page.getByTestId("vote").first().waitFor();
    const blindText = await view.page.getByTestId("columns").innerText();
    assert.doesNotMatch(blindText, /Thinking|step by step/, "a reasoning model's thinking would give it away");
    assert.equal(await view.page.getByTestId("columns").getByTestId("output-tokens").count(), 0, "token counts differ by model: hidden");
    assert.equal(await view.page.getByTestId("leaderboard").count(), 0, "the tally of earlier picks is hidden until the vote");
    const blindOrder = await view.page.locator("section.column").evaluateAll((sections) => sections.map((s) => s.getAttribute("data-testid")));

    const modelA = view.page.locator("section.column", { hasText: "Model A" });
    const votedFor = await modelA.getAttribute("data-testid");
    await modelA.getByTestId("vote").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "vote", columnId: votedFor!.replace("column-", "") });
    await view.page.getByTestId("columns").getByText("Swift Mini (simulated)").waitFor();
    const revealedOrder = await view.page.locator("section.column").evaluateAll((sections) => sections.map((s) => s.getAttribute("data-testid")));
    assert.deepEqual(revealedOrder, blindOrder, "the reveal keeps the blind order");
    const revealed = await view.page.getByTestId("model-name").allInnerTexts();
    const votedModel = votedFor === "column-c1" ? "Swift Mini (simulated)" : "Sage Large (simulated)";
    assert.equal(revealed[0], `Model A = ${votedModel}`, "each column says which letter it was");
    assert.match(revealed[1] ?? "", /^Model B = (Swift Mini|Sage Large) \(simulated\)$/);
    assert.equal(await view.page.getByTestId(votedFor!).getByText("★ your pick").count(), 1, "the pick is marked");
    assert.equal(await view.page.getByText("★ your pick").count(), 1);
    await view.page.getByTestId("columns").getByText("Thinking").waitFor();
    await view.page.getByTestId("leaderboard").waitFor();
    await view.send({ type: "leaderboard", template: "playground", wins: { "demo/sage-large": 2, "demo/swift-mini": 1 } });
    await view.page.getByTestId("leaderboard").getByText('Your picks for "playground": Sage Large (simulated) 2 · Swift Mini (simulated) 1').waitFor();
  });

});

describe("blind mode on every comparison, including ones the editor starts", () => {
  let harness: WebviewHarness;
  let view: WebviewPage;
  const four = (status: ColumnState["status"]): ColumnState[] =>
    [...models, ...models].map((m, i) => ({ columnId: `c${i + 1}`, modelId: m.id, status, text: `Answer ${i + 1}`, reasoning: "", error: null, stats }));
  const order = () => view.page.locator("section.column").evaluateAll((sections) => sections.map((s) => s.getAttribute("data-testid")));

  before(async () => {
    harness = await WebviewHarness.start();
    view = await harness.openReady(init);
    await view.page.getByText("Send to 2 models").waitFor();
    await view.page.getByTestId("blind").click();
  });
  after(() => harness?.close());

  it("a comparison the host starts (Compare on Selection) is blind too: no names, prices, cost or speed until the vote, then all of it (regression)", async () => {
    await view.send({ type: "columns", columns: four("done"), sessionCostUsd: 0.00004, comparison: 1 });
    await view.page.getByTestId("vote").first().waitFor();
    assert.equal(await view.page.getByTestId("vote").count(), 4, "every finished answer can win");
    assert.equal(await view.page.locator("fieldset.model-row").isVisible(), false, "the pickers (names and prices) are hidden");
    const blindText = await view.page.getByTestId("columns").innerText();
    assert.doesNotMatch(blindText, /Swift Mini|Sage Large|simulated|\$/, "no name, badge or cost in the columns");
    assert.equal(await view.page.getByTestId("columns").getByTestId("speed").count(), 0);
    assert.equal(await view.page.getByTestId("columns").getByTestId("ttft").count(), 0);
    await view.page.getByTestId("vote").first().click();
    await view.page.getByTestId("columns").getByText("Swift Mini (simulated)").first().waitFor();
    assert.equal(await view.page.getByTestId("columns").getByTestId("cost").count(), 4, "costs are revealed with the names");
    assert.equal(await view.page.locator("fieldset.model-row").isVisible(), true);

    await view.send({ type: "columns", columns: four("streaming"), sessionCostUsd: 0.00004, comparison: 2 });
    await view.page.getByTestId("model-name").first().filter({ hasText: /^Model [A-D]$/ }).waitFor();
    assert.deepEqual((await view.page.getByTestId("model-name").allInnerTexts()).sort(), ["Model A", "Model B", "Model C", "Model D"], "the next comparison is blind again");
  });

  it("shuffles the columns anew for each comparison", async () => {
    const seen = new Set<string>();
    for (let comparison = 3; comparison < 9; comparison++) {
      await view.send({ type: "columns", columns: four("streaming"), sessionCostUsd: 0, comparison });
      await view.page.waitForTimeout(30);
      const shown = await order();
      assert.deepEqual([...shown].sort(), ["column-c1", "column-c2", "column-c3", "column-c4"]);
      seen.add(shown.join());
    }
    // Six shuffles of four columns all in picker order: a chance of 1 in 24^6.
    assert.ok(seen.size > 1 || !seen.has("column-c1,column-c2,column-c3,column-c4"), `orders seen: ${[...seen].join(" | ")}`);
    const before = await order();
    await view.send({ type: "columns", columns: four("done"), sessionCostUsd: 0, comparison: 8 });
    await view.page.waitForTimeout(30);
    assert.deepEqual(await order(), before, "updates to the same comparison keep its order");
  });
});

describe("the conversation survives a restart of the extension host (Reload Window)", () => {
  let harness: WebviewHarness;
  before(async () => {
    harness = await WebviewHarness.start();
  });
  after(() => harness?.close());
  /** A new extension host: the same view state, a host whose session starts empty; what the view hands back. */
  const restartHost = async (view: WebviewPage) => {
    await view.page.reload();
    await view.waitForPosted("ready");
    await view.send(init);
    await view.send({ type: "columns", columns: [], sessionCostUsd: 0, comparison: 0 });
    return view.waitForPosted("restore");
  };

  it("hands the finished columns back to a host that lost them, once, and shows the host's restored turn without Retry", async () => {
    const view = await harness.openReady(init);
    const answered = columns("done", 2).map((c, i) => ({ ...c, prompt: "And a functor?", history: [{ prompt: "What is a monad?", status: "done" as const, text: `First ${i}`, costUsd: 0.00002 }] }));
    await view.send({ type: "columns", columns: answered, sessionCostUsd: 0.00006, comparison: 7 });
    await view.page.getByTestId("column-c2").getByTestId("thread").waitFor();

    const restore = await restartHost(view);
    assert.equal(restore.type === "restore" && restore.comparison, 7);
    assert.deepEqual(restore.type === "restore" && restore.columns.map((c) => [c.columnId, c.modelId, c.text, c.prompt, c.history?.[0]?.text]), [
      ["c1", "demo/swift-mini", "Answer 1", "And a functor?", "First 0"],
      ["c2", "demo/sage-large", "Answer 2", "And a functor?", "First 1"],
    ]);

    await view.send({ type: "columns", columns: answered.map((c) => ({ ...c, restored: true })), sessionCostUsd: 0, comparison: 7 });
    await view.page.getByTestId("column-c1").getByTestId("thread").waitFor();
    assert.equal(await view.page.getByTestId("column-c1").getByTestId("answer").last().innerText(), "Answer 1");
    assert.equal(await view.page.getByTestId("retry").count(), 0, "a restored turn cannot be retried (its request is gone)");
    await view.page.getByText("Send follow-up").waitFor();

    await view.send({ type: "columns", columns: [], sessionCostUsd: 0, comparison: 8 });
    await view.page.waitForTimeout(100);
    assert.equal((await view.posted()).filter((m) => m.type === "restore").length, 1, "New conversation is not undone by a second restore");
  });

  it("a reload while the next turn streams brings back the last finished turn (the cut-off one is gone)", async () => {
    const view = await harness.openReady(init);
    const finished = columns("done", 1).map((c) => ({ ...c, prompt: "What is a monad?" }));
    await view.send({ type: "columns", columns: finished, sessionCostUsd: 0, comparison: 3 });
    await view.page.getByTestId("column-c1").getByTestId("answer").waitFor();
    await view.send({ type: "columns", columns: columns("streaming", 2).map((c) => ({ ...c, text: "Half an ans" })), sessionCostUsd: 0, comparison: 4 });
    await view.page.getByTestId("column-c1").getByText("Half an ans").waitFor();

    const restore = await restartHost(view);
    assert.equal(restore.type === "restore" && restore.comparison, 3);
    assert.deepEqual(restore.type === "restore" && restore.columns.map((c) => [c.text, c.status]), [["Answer 1", "done"], ["Answer 2", "done"]]);
    await view.page.close();
  });

  it("tells the host which models the pickers show, for Compare Models on Selection", async () => {
    const view = await harness.openReady(init);
    await view.page.getByText("Send to 2 models").waitFor();
    await view.page.getByTestId("add-model").click();
    await view.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string; models?: string[] }> }).__posted.some((m) => m.type === "models-chosen" && m.models?.length === 3));
    const chosen = (await view.posted()).filter((m) => m.type === "models-chosen").at(-1);
    assert.deepEqual(chosen, { type: "models-chosen", models: ["demo/swift-mini", "demo/sage-large", "demo/swift-mini"] });
  });
});
