import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import { Comparison, type ColumnSpec, type ColumnUpdate } from "../../src/core/compare/comparison";
import { DemoProvider } from "../../src/core/providers/demo-provider";
import { mergeProviders, ProviderRegistry } from "../../src/core/providers/provider-registry";
import { RouteExecutor } from "../../src/core/routing/executor";
import type { PipelineDeps } from "../../src/core/run/run-request";
import { BudgetGuard } from "../../src/core/spend/budget";
import { costPicoUsd, usdToPico } from "../../src/core/spend/cost";
import type { LedgerEntry } from "../../src/core/spend/ledger-record";
import type { LedgerWriter } from "../../src/core/spend/ledger-writer";
import type { ChatProvider } from "../../src/core/stream/events";

const catalog = new ModelCatalog({ demoEnabled: true, overrides: [{ id: "down/m", pricing: { input: 1, output: 1 } }] });

/** A provider that is always overloaded before answering. */
const down: ChatProvider = {
  id: "down",
  async *stream() {
    yield { type: "error", kind: "overloaded", retryable: true, status: 503, message: "down is overloaded" };
  },
};

/** The real pipeline (planner, executor, budget, ledger) over the demo provider and a failing one. */
function demoPipeline(timeScale: number, extra: Partial<PipelineDeps> = {}): PipelineDeps & { entries: LedgerEntry[] } {
  const entries: LedgerEntry[] = [];
  const registry = new ProviderRegistry(mergeProviders([{ id: "down", kind: "openai-compatible", baseUrl: "http://127.0.0.1:9", local: true }]), () => undefined, new DemoProvider({ timeScale }));
  const executor = new RouteExecutor({
    provider: (id) => (id === "down" ? { ok: true, provider: down } : registry.create(id)),
    model: (id) => catalog.find(id),
  });
  return {
    planner: { findModel: (id) => catalog.find(id), findProvider: (id) => registry.get(id) },
    executor,
    ledger: { append: async (entry: LedgerEntry) => void entries.push(entry) } as unknown as LedgerWriter,
    priceSource: "test",
    entries,
    ...extra,
  };
}

function compare(columns: Array<string | ColumnSpec>, timeScale: number, prompt = "Compare these", extra: Partial<PipelineDeps> = {}) {
  const pipeline = demoPipeline(timeScale, extra);
  const updates: ColumnUpdate[] = [];
  const finished: Array<{ columnId: string; pico: bigint }> = [];
  const comparison = new Comparison(
    prompt,
    columns.map((column) => (typeof column === "string" ? { modelId: column } : column)),
    { pipeline: () => pipeline, project: "web", feature: "playground", flushIntervalMs: 0 },
    {
      onUpdate: (update) => updates.push(update),
      onColumnFinished: (snapshot, pico) => finished.push({ columnId: snapshot.columnId, pico }),
    },
  );
  return { comparison, updates, finished, entries: pipeline.entries };
}

describe("comparison", () => {
  it("runs every model and the appended deltas rebuild each column's full answer", async () => {
    const { comparison, updates, finished } = compare(["demo/swift-mini", "demo/ponder-reasoner"], 0);
    await comparison.done;
    const [mini, reasoner] = comparison.snapshots();
    assert.equal(mini?.status, "done");
    assert.equal(reasoner?.status, "done");
    for (const snapshot of comparison.snapshots()) {
      const mine = updates.filter((update) => update.snapshot.columnId === snapshot.columnId);
      assert.equal(mine.map((u) => u.appendedText).join(""), snapshot.text);
      assert.equal(mine.map((u) => u.appendedReasoning).join(""), snapshot.reasoning);
    }
    assert.ok(reasoner!.reasoning.length > 0);
    assert.equal(finished.length, 2);
  });

  it("reports exact cost from the provider's usage once a column finishes", async () => {
    const { comparison, finished } = compare(["demo/sage-large"], 0);
    await comparison.done;
    const [snapshot] = comparison.snapshots();
    assert.equal(snapshot?.stats.exact, true);
    const expected = costPicoUsd(
      { inputTokens: snapshot!.stats.inputTokens, cachedInputTokens: 0, outputTokens: snapshot!.stats.outputTokens },
      { input: 3, output: 15, cachedInput: 0.3 },
    );
    assert.equal(finished[0]?.pico, expected);
    assert.ok(snapshot!.stats.costUsd > 0);
  });

  it("shows an estimate, marked as such, while a column is still streaming", async () => {
    const { comparison, updates } = compare(["demo/swift-mini"], 0.01);
    await comparison.done;
    const firstExact = updates.findIndex((u) => u.snapshot.stats.exact);
    const estimated = updates.slice(0, firstExact);
    assert.ok(estimated.length > 3, "several estimated updates come before the provider's usage");
    assert.ok(updates.slice(firstExact).every((u) => u.snapshot.stats.exact), "once exact, it stays exact");
    const outputs = estimated.map((u) => u.snapshot.stats.outputTokens);
    assert.ok(outputs.at(-1)! > outputs[0]!, "the output counter moves while streaming");
    assert.equal(updates.at(-1)?.snapshot.status, "done");
  });

  it("stops one column without touching the others", async () => {
    const { comparison } = compare(["demo/swift-mini", "demo/sage-large"], 0.05);
    comparison.stop("c2");
    await comparison.done;
    const [first, second] = comparison.snapshots();
    assert.equal(first?.status, "done");
    assert.equal(second?.status, "cancelled");
    assert.equal(second?.error, null, "a stop is not shown as an error");
  });

  it("shows an unknown model as an error in its column, never a blank one", async () => {
    const { comparison } = compare(["demo/swift-mini", "nowhere/model-x"], 0);
    await comparison.done;
    const [ok, unknown] = comparison.snapshots();
    assert.equal(ok?.status, "done");
    assert.equal(unknown?.status, "error");
    assert.equal(unknown?.error?.kind, "not-found");
    assert.match(unknown?.error?.message ?? "", /nowhere\/model-x/);
  });
});

describe("comparison retry", () => {
  it("runs a finished column again from the start, leaving the others alone", async () => {
    const { comparison, updates } = compare(["demo/swift-mini", "demo/sage-large"], 0);
    await comparison.done;
    const before = comparison.snapshots();
    comparison.retry("c1");
    assert.equal(comparison.snapshots()[0]?.status, "waiting", "the column restarted");
    assert.equal(comparison.snapshots()[0]?.text, "");
    while (comparison.snapshots()[0]?.status !== "done") await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(comparison.snapshots()[0]?.text, before[0]?.text, "the demo answers the same prompt the same way");
    assert.deepEqual(comparison.snapshots()[1], before[1]);
    assert.ok(updates.length > 0);
  });
});

describe("comparison cost across a retry", () => {
  it("a retried column keeps what its earlier run cost: the column and the comparison total count every attempt, the session's running figure never twice (regression: the stopped attempt's cost vanished after Retry)", async () => {
    const { comparison, finished } = compare(["demo/sage-large", "demo/swift-mini"], 1);
    // Stop the first column mid-stream: billed at an estimate.
    while ((comparison.snapshots()[0]?.text ?? "") === "") await new Promise((resolve) => setTimeout(resolve, 5));
    comparison.stop("c1");
    await comparison.done;
    const stopped = comparison.snapshots()[0]!;
    assert.equal(stopped.status, "cancelled");
    const firstCost = stopped.stats.costUsd;
    assert.ok(firstCost > 0, "the stopped attempt cost something");
    assert.equal(finished.find((f) => f.columnId === "c1")!.pico > 0n, true);

    comparison.retry("c1");
    const restarted = comparison.snapshots()[0]!.stats.costUsd;
    assert.ok(restarted >= firstCost, "the restarted column still shows what was spent");
    const running = Number(comparison.runningCostPico()) / 1e12;
    assert.ok(Math.abs(running + firstCost - restarted) < 1e-12, "the session's running figure holds only the new run (the first was counted when it ended)");
    while (comparison.snapshots()[0]?.status !== "done") await new Promise((resolve) => setTimeout(resolve, 5));
    const retried = comparison.snapshots()[0]!;
    const secondPico = finished.filter((f) => f.columnId === "c1").at(-1)!.pico;
    assert.ok(Math.abs(retried.stats.costUsd - (firstCost + Number(secondPico) / 1e12)) < 1e-12, "the column's cost is both runs'");
  });
});

describe("comparison replay to a reconnecting view", () => {
  it("a replay after flushAll plus the later deltas rebuilds each answer exactly once (regression: duplicated text)", async () => {
    const deltas: string[] = [];
    let replayed: string | undefined;
    const comparison = new Comparison(
      "Explain monads",
      [{ modelId: "demo/sage-large" }],
      { pipeline: () => demoPipeline(0.02), project: null, feature: "playground", flushIntervalMs: 200 },
      {
        onUpdate: (update) => {
          // Deltas that reach the view after it reconnected are appended to the replay.
          if (replayed !== undefined) deltas.push(update.appendedText);
        },
      },
    );
    // Reconnect mid-stream, while deltas are queued for the next flush.
    while ((comparison.snapshots()[0]?.text.length ?? 0) < 40) await new Promise((resolve) => setTimeout(resolve, 2));
    comparison.flushAll();
    replayed = comparison.snapshots()[0]!.text;
    await comparison.done;
    assert.equal(replayed + deltas.join(""), comparison.snapshots()[0]!.text);
  });
});

describe("comparison columns through the one pipeline", () => {
  it("two columns with the same model each reserve and settle their own budget (regression: one overwrote the other)", async () => {
    const budget = new BudgetGuard();
    budget.addScope("(all projects)", null, { dailyUsd: 5 }, { session: 0n, daily: 0n, monthly: 0n });
    const { comparison, finished, entries } = compare(["demo/sage-large", "demo/sage-large"], 0, "Compare these", { budget });
    await comparison.done;
    assert.equal(finished.length, 2);
    const [first, second] = finished;
    assert.ok(first!.pico > 0n && second!.pico > 0n);
    assert.equal(budget.spent("daily", "web"), first!.pico + second!.pico, "both columns' costs reach the budget");
    assert.equal(budget.state("web"), "ok", "no reservation is left behind");
    assert.equal(entries.length, 2, "one ledger record per column");
    assert.notEqual(entries[0]!.requestId, entries[1]!.requestId, "each column is its own request");
  });

  it("a column falls back along its chain and says which model answered and why", async () => {
    const { comparison, entries } = compare([{ modelId: "down/m", fallbacks: ["demo/swift-mini"] }], 0);
    await comparison.done;
    const [column] = comparison.snapshots();
    assert.equal(column?.status, "done");
    assert.equal(column?.modelId, "down/m");
    assert.equal(column?.answeredBy, "demo/swift-mini");
    assert.match(column?.route ?? "", /down\/m failed \(overloaded\); demo\/swift-mini: fallback 1/);
    assert.deepEqual(entries.map((e) => [e.attempt, e.provider, e.outcome]), [[1, "down", "overloaded"], [2, "demo", "ok"]]);
  });

  it("a column refused by a budget says so without sending anything", async () => {
    const budget = new BudgetGuard();
    budget.addScope("(all projects)", null, { dailyUsd: 0.000001 }, { session: 0n, daily: 0n, monthly: 0n });
    const { comparison, entries } = compare(["demo/sage-large"], 0, "Compare these", { budget });
    await comparison.done;
    const [column] = comparison.snapshots();
    assert.equal(column?.status, "error");
    assert.equal(column?.error?.kind, "budget");
    assert.equal(entries.length, 0);
  });

  it("streams a demo model's tool call into the column", async () => {
    const pipeline = demoPipeline(0);
    const comparison = new Comparison(
      "Weather?",
      [{ modelId: "demo/swift-mini" }],
      {
        pipeline: () => pipeline,
        project: null,
        feature: "playground",
        flushIntervalMs: 0,
        requestFor: () => ({
          messages: [{ role: "user", content: "What is the weather in Paris?" }],
          tools: [{ name: "weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }],
        }),
      },
      { onUpdate: () => {} },
    );
    await comparison.done;
    const [column] = comparison.snapshots();
    assert.equal(column?.status, "done");
    assert.equal(column?.toolCalls.length, 1);
    assert.equal(column?.toolCalls[0]?.name, "weather");
    assert.deepEqual(JSON.parse(column!.toolCalls[0]!.arguments), { city: "San Francisco" });
  });

  it("a column stopped mid-stream is billed at an estimate, marked as one, in the ledger, the column and the budget (regression: recorded as free)", async () => {
    const budget = new BudgetGuard();
    budget.addScope("(all projects)", null, { dailyUsd: 5 }, { session: 0n, daily: 0n, monthly: 0n });
    const { comparison, finished, entries } = compare(["demo/sage-large"], 0.05, "Explain monads in depth", { budget });
    while ((comparison.snapshots()[0]?.stats.outputTokens ?? 0) < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    comparison.stop("c1");
    await comparison.done;
    const [column] = comparison.snapshots();
    assert.equal(column?.status, "cancelled");
    assert.equal(column?.stats.exact, false, "shown as an estimate");
    assert.ok(column!.stats.outputTokens >= 5 && column!.stats.costUsd > 0);
    const [entry] = entries;
    assert.equal(entry?.outcome, "cancelled");
    assert.equal(entry?.estimated, true);
    assert.equal(entry?.outputTokens, column!.stats.outputTokens);
    assert.ok(entry!.inputTokens > 0);
    assert.equal(usdToPico(entry!.costUsd), finished[0]!.pico);
    assert.equal(budget.spent("daily", "web"), finished[0]!.pico, "the budget counts it");
  });
});
