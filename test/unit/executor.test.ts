import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ModelInfo } from "../../src/core/catalog/model-info";
import { RouteExecutor } from "../../src/core/routing/executor";
import type { ChatProvider, StreamEvent } from "../../src/core/stream/events";

type Script = StreamEvent[] | (() => StreamEvent[]);

/** A provider that plays scripted events and counts its calls. */
function scripted(id: string, script: Script): ChatProvider & { calls: number } {
  const provider = {
    id,
    calls: 0,
    async *stream(_request: unknown, signal: AbortSignal) {
      provider.calls += 1;
      for (const event of typeof script === "function" ? script() : script) {
        if (signal.aborted) {
          yield { type: "error", kind: "cancelled", retryable: false, message: "Cancelled." } as StreamEvent;
          return;
        }
        yield event;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
  return provider;
}

const ok: StreamEvent[] = [
  { type: "text-delta", text: "fine" },
  { type: "usage", usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 2 } },
  { type: "finish", reason: "stop" },
];
const failure = (kind: "rate-limit" | "overloaded" | "bad-request", status: number, retryAfterMs?: number): StreamEvent[] => [
  { type: "error", kind, retryable: kind !== "bad-request", status, message: `${kind}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
];
const model = (id: string): ModelInfo => ({ id, displayName: id, contextWindow: 1000, maxOutputTokens: 100, pricing: { input: 1, output: 2 }, simulated: false, reasoning: false, imageInput: false, toolCalling: false });
const plan = (...ids: string[]) => ids.map((modelId) => ({ modelId, reason: "test", estimatedCostUsd: 0 }));

function executor(providers: ChatProvider[], sleeps: number[] = [], options = {}) {
  const byId = new Map(providers.map((p) => [p.id, p]));
  return new RouteExecutor(
    {
      provider: (id) => {
        const provider = byId.get(id);
        return provider ? { ok: true as const, provider } : { ok: false as const, message: `no provider ${id}` };
      },
      model: (id) => model(id),
    },
    { sleep: async (ms) => void sleeps.push(ms), ...options },
  );
}
const request = { messages: [{ role: "user" as const, content: "hi" }] };
const signal = () => new AbortController().signal;

describe("route executor", () => {
  it("falls back on provider errors before the first token, in plan order, recording each attempt", async () => {
    const a = scripted("a", failure("rate-limit", 429, 60_000));
    const b = scripted("b", failure("overloaded", 503));
    const c = scripted("c", ok);
    const sleeps: number[] = [];
    const result = await executor([a, b, c], sleeps).execute(plan("a/m", "b/m", "c/m"), request, signal());
    assert.deepEqual(result.attempts.map((r) => [r.modelId, r.outcome, r.status]), [
      ["a/m", "rate-limit", 429],
      ["b/m", "overloaded", 503],
      ["c/m", "ok", 200],
    ]);
    assert.equal(result.final?.state.text, "fine");
    assert.deepEqual(sleeps, [], "Retry-After is not waited out while another candidate is left");
    assert.equal(result.final?.costUsd, (10 * 1 + 2 * 2) / 1e6);
  });

  it("does not fall back on a bad request (another provider would reject it too)", async () => {
    const a = scripted("a", failure("bad-request", 400));
    const b = scripted("b", ok);
    const result = await executor([a, b]).execute(plan("a/m", "b/m"), request, signal());
    assert.equal(result.final?.outcome, "bad-request");
    assert.equal(b.calls, 0);
  });

  it("never falls back after the first token: the partial answer stays with the error", async () => {
    const a = scripted("a", [{ type: "text-delta", text: "Half" }, { type: "error", kind: "network", retryable: true, message: "reset" }]);
    const b = scripted("b", ok);
    const result = await executor([a, b]).execute(plan("a/m", "b/m"), request, signal());
    assert.equal(result.final?.outcome, "network");
    assert.equal(result.final?.state.text, "Half");
    assert.equal(b.calls, 0);
  });

  it("honours Retry-After only for the last candidate, once, and only when it is short enough", async () => {
    let calls = 0;
    const a = scripted("a", () => (++calls === 1 ? failure("rate-limit", 429, 2_000) : ok));
    const sleeps: number[] = [];
    const result = await executor([a], sleeps).execute(plan("a/m"), request, signal());
    assert.deepEqual(sleeps, [2_000]);
    assert.deepEqual(result.attempts.map((r) => r.outcome), ["rate-limit", "ok"]);

    const long = scripted("l", failure("rate-limit", 429, 3_600_000));
    const waits: number[] = [];
    const refused = await executor([long], waits).execute(plan("l/m"), request, signal());
    assert.deepEqual(waits, [], "an hour is not waited");
    assert.equal(refused.attempts.length, 1, "each attempt at most once");
  });

  it("skips a provider whose circuit breaker opened after repeated failures, until it cools down", async () => {
    const flaky = scripted("flaky", failure("overloaded", 503));
    const backup = scripted("backup", ok);
    const run = executor([flaky, backup], [], { breakerFailures: 2, breakerCooldownMs: 60_000 });
    for (let i = 0; i < 2; i++) await run.execute(plan("flaky/m", "backup/m"), request, signal());
    assert.equal(flaky.calls, 2);
    assert.equal(run.isCoolingDown("flaky"), true);
    const third = await run.execute(plan("flaky/m", "backup/m"), request, signal());
    assert.equal(flaky.calls, 2, "not called while its breaker is open");
    assert.deepEqual(third.skipped, [{ modelId: "flaky/m", reason: "flaky is cooling down after repeated failures", unavailable: false }]);
    assert.equal(third.final?.modelId, "backup/m");
  });

  it("records a cancelled attempt and tries nothing else", async () => {
    const controller = new AbortController();
    const slow = scripted("slow", () => {
      controller.abort();
      return ok;
    });
    const other = scripted("other", ok);
    const result = await executor([slow, other]).execute(plan("slow/m", "other/m"), request, controller.signal);
    assert.deepEqual(result.attempts.map((r) => r.outcome), ["cancelled"]);
    assert.equal(other.calls, 0);
  });
});
