import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import { Comparison, type ColumnUpdate } from "../../src/core/compare/comparison";
import { DemoProvider } from "../../src/core/providers/demo-provider";
import { costPicoUsd } from "../../src/core/spend/cost";

const catalog = new ModelCatalog({ demoEnabled: true });

function compare(modelIds: string[], timeScale: number, prompt = "Compare these") {
  const provider = new DemoProvider({ timeScale });
  const updates: ColumnUpdate[] = [];
  const finished: Array<{ columnId: string; pico: bigint }> = [];
  const comparison = new Comparison(
    prompt,
    modelIds,
    {
      resolve: (id) => {
        const model = catalog.find(id);
        return model && id.startsWith("demo/") ? { ok: true, provider, model } : { ok: false, kind: "not-found", message: `Unknown model "${id}".` };
      },
      flushIntervalMs: 0,
    },
    {
      onUpdate: (update) => updates.push(update),
      onColumnFinished: (snapshot, pico) => finished.push({ columnId: snapshot.columnId, pico }),
    },
  );
  return { comparison, updates, finished };
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

describe("comparison replay to a reconnecting view", () => {
  it("a replay after flushAll plus the later deltas rebuilds each answer exactly once (regression: duplicated text)", async () => {
    const provider = new DemoProvider({ timeScale: 0.02 });
    const model = catalog.find("demo/sage-large")!;
    const deltas: string[] = [];
    let replayed: string | undefined;
    const comparison = new Comparison(
      "Explain monads",
      ["demo/sage-large"],
      { resolve: () => ({ ok: true, provider, model }), flushIntervalMs: 200 },
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
