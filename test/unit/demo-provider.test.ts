import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DemoProvider } from "../../src/core/providers/demo-provider";
import type { ChatMessage, ChatRequest, StreamEvent } from "../../src/core/stream/events";

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const ask = (content: string): ChatMessage[] => [{ role: "user", content }];

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

describe("demo provider with tools", () => {
  const instant = new DemoProvider({ timeScale: 0 });
  const weather = { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city", "days"] } };
  const clock = { name: "current_time", parameters: { type: "object", properties: {} } };
  const run = (messages: ChatMessage[], extra: Partial<ChatRequest> = {}) => collect(instant.stream({ model: "swift-mini", messages, tools: [clock, weather], ...extra }, new AbortController().signal));

  it("calls the tool the prompt asks about, with arguments for its required parameters, and finishes with tool-calls", async () => {
    const events = await run(ask("What's the weather in Oslo?"));
    const call = events.find((e) => e.type === "tool-call");
    assert.ok(call && call.type === "tool-call");
    assert.equal(call.name, "get_weather");
    assert.deepEqual(JSON.parse(call.arguments), { city: "San Francisco", days: 1 });
    assert.deepEqual(events.at(-1), { type: "finish", reason: "tool-calls", rawReason: "tool_calls" });
  });

  it("answers in text when no tool fits, when tools are refused, and after a tool result", async () => {
    for (const [messages, extra] of [
      [ask("Tell me a joke"), {}],
      [ask("What's the weather?"), { toolChoice: "none" as const }],
      [[...ask("What's the weather?"), { role: "assistant" as const, content: "", toolCalls: [{ id: "c1", name: "get_weather", arguments: "{}" }] }, { role: "tool" as const, toolCallId: "c1", content: "sunny" }], {}],
    ] as Array<[ChatMessage[], Partial<ChatRequest>]>) {
      const events = await run(messages, extra);
      assert.equal(events.some((e) => e.type === "tool-call"), false);
      assert.deepEqual(events.at(-1), { type: "finish", reason: "stop", rawReason: "stop" });
      assert.ok(events.some((e) => e.type === "text-delta"));
    }
  });

  it("a required or named tool choice is always called", async () => {
    const calledName = (events: StreamEvent[]) => events.flatMap((e) => (e.type === "tool-call" ? [e.name] : []));
    assert.deepEqual(calledName(await run(ask("Tell me a joke"), { toolChoice: "required" })), ["current_time"]);
    assert.deepEqual(calledName(await run(ask("Tell me a joke"), { toolChoice: { name: "get_weather" } })), ["get_weather"]);
  });
});
