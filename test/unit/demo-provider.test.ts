import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DemoProvider } from "../../src/core/providers/demo-provider";
import type { StreamEvent } from "../../src/core/stream/events";

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const ask = (content: string) => [{ role: "user" as const, content }];

describe("demo provider", () => {
  const instant = new DemoProvider({ timeScale: 0 });

  it("streams an answer, then usage counting every streamed token, then finish", async () => {
    const events = await collect(instant.stream({ model: "swift-mini", messages: ask("What is a router?") }, new AbortController().signal));
    const text = events.flatMap((e) => (e.type === "text-delta" ? [e.text] : [])).join("");
    assert.match(text, /You asked: "What is a router\?"/);
    assert.match(text, /simulated/);
    const deltas = events.filter((e) => e.type === "text-delta").length;
    const usage = events.find((e) => e.type === "usage");
    // Input as the pre-flight estimate counts it: 2 to prime the reply, 4 per message, ~1 per 4 characters.
    assert.deepEqual(usage, { type: "usage", usage: { inputTokens: 11, cachedInputTokens: 0, outputTokens: deltas } });
    assert.deepEqual(events.at(-1), { type: "finish", reason: "stop", rawReason: "stop" });
  });

  it("reviews code it is given, naming its functions", async () => {
    const code = "```ts\nfunction parseConfig(text) {\n  return JSON.parse(text);\n}\n```";
    const events = await collect(instant.stream({ model: "sage-large", messages: ask(code) }, new AbortController().signal));
    const text = events.flatMap((e) => (e.type === "text-delta" ? [e.text] : [])).join("");
    assert.match(text, /simulated review of `parseConfig`/);
    assert.match(text, /```ts\ntest\("parseConfig empty input"/);
  });

  it("streams reasoning before the answer and bills it as output", async () => {
    const events = await collect(instant.stream({ model: "ponder-reasoner", messages: ask("hi") }, new AbortController().signal));
    const firstText = events.findIndex((e) => e.type === "text-delta");
    const lastReasoning = events.findLastIndex((e) => e.type === "reasoning-delta");
    assert.ok(lastReasoning >= 0 && lastReasoning < firstText);
    const streamed = events.filter((e) => e.type === "text-delta" || e.type === "reasoning-delta").length;
    const usage = events.find((e) => e.type === "usage");
    assert.equal(usage?.type === "usage" && usage.usage.outputTokens, streamed);
  });

  it("stops at maxOutputTokens with finish reason length", async () => {
    const events = await collect(
      instant.stream({ model: "sage-large", messages: ask("explain"), maxOutputTokens: 5 }, new AbortController().signal),
    );
    assert.equal(events.filter((e) => e.type === "text-delta").length, 5);
    assert.deepEqual(events.at(-1), { type: "finish", reason: "length", rawReason: "length" });
  });

  it("ends with a cancelled error as soon as the signal aborts", { timeout: 5_000 }, async () => {
    // At this pace the first token would take over ten minutes: only a prompt abort ends the test in time.
    const glacial = new DemoProvider({ timeScale: 1_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const events = await collect(glacial.stream({ model: "sage-large", messages: ask("explain") }, controller.signal));
    assert.deepEqual(events, [{ type: "error", kind: "cancelled", retryable: false, message: "Cancelled." }]);
  });

  it("answers an unknown model with a not-found error listing the real ones", async () => {
    const events = await collect(instant.stream({ model: "nope", messages: ask("hi") }, new AbortController().signal));
    assert.equal(events.length, 1);
    const [error] = events;
    assert.equal(error?.type, "error");
    assert.match(error?.type === "error" ? error.message : "", /no model "nope".*demo\/swift-mini/);
  });
});
