// A translated answer as Responses API events: items open and close in order, every call is an item
// (even one that arrived whole), and the closing event carries every item with the usage.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AttemptState } from "../../src/core/run/attempt-state";
import { newAttemptState } from "../../src/core/run/attempt-state";
import { ResponsesWriter, responsesUsage } from "../../src/gateway/responses-writer";
import type { SseWriter } from "../../src/gateway/sse-response";

function capture() {
  const events: Array<Record<string, unknown>> = [];
  const sse = { send: (data: Record<string, unknown>) => events.push(data) } as unknown as SseWriter;
  return { events, sse };
}

const finished = (patch: Partial<AttemptState>): AttemptState => ({ ...newAttemptState(0), finish: { reason: "stop" }, ...patch });

describe("Responses events for a translated answer", () => {
  it("reasoning, then text, then a call: each an item added and done in order, numbered, and all in response.completed", () => {
    const { events, sse } = capture();
    const writer = new ResponsesWriter(sse, new Map(), {});
    writer.model = "anthropic/claude";
    writer.onEvent({ type: "reasoning-delta", text: "Think" });
    writer.onEvent({ type: "text-delta", text: "Hel" });
    writer.onEvent({ type: "text-delta", text: "lo" });
    writer.onEvent({ type: "tool-call-delta", index: 0, id: "call_1", name: "add", argumentsDelta: '{"a":' });
    writer.onEvent({ type: "tool-call-delta", index: 0, id: "call_1", name: "add", argumentsDelta: "1}" });
    writer.onEvent({ type: "tool-call", id: "call_1", name: "add", arguments: '{"a":1}' });
    const final = writer.finish(finished({ finish: { reason: "tool-calls" } }), responsesUsage({ inputTokens: 5, cachedInputTokens: 2, outputTokens: 7, reasoningTokens: 3 }, 1_000_000n));
    assert.deepEqual(
      events.map((event) => event.type),
      [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.reasoning_summary_part.added",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.done",
        "response.reasoning_summary_part.done",
        "response.output_item.done",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
      ],
    );
    assert.deepEqual(events.map((event) => event.sequence_number), events.map((_, index) => index));
    const output = final.output as Array<Record<string, unknown>>;
    assert.deepEqual(output.map((item) => item.type), ["reasoning", "message", "function_call"]);
    assert.deepEqual((output[1]!.content as Array<{ text: string }>)[0]!.text, "Hello");
    assert.deepEqual([output[2]!.call_id, output[2]!.arguments, output[2]!.status], ["call_1", '{"a":1}', "completed"]);
    assert.deepEqual(final.usage, { input_tokens: 5, input_tokens_details: { cached_tokens: 2 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 3 }, total_tokens: 12, cost: 0.000001 });
  });

  it("a call that arrives whole, with no pieces before it, is still an item added and done", () => {
    const { events, sse } = capture();
    const writer = new ResponsesWriter(sse, new Map([["apply_patch", { kind: "custom" as const, name: "apply_patch" }]]), {});
    writer.onEvent({ type: "tool-call", id: "call_9", name: "apply_patch", arguments: '{"input":"*** Begin Patch"}' });
    const done = events.filter((event) => event.type === "response.output_item.done").map((event) => event.item);
    assert.deepEqual(done, [{ id: (done[0] as { id: string }).id, type: "custom_tool_call", status: "completed", call_id: "call_9", name: "apply_patch", input: "*** Begin Patch" }]);
    assert.ok(events.some((event) => event.type === "response.output_item.added"));
  });

  it("stopped at the token limit: response.incomplete with max_output_tokens", () => {
    const { events, sse } = capture();
    const writer = new ResponsesWriter(sse, new Map(), {});
    writer.onEvent({ type: "text-delta", text: "Cut" });
    const final = writer.finish(finished({ finish: { reason: "length" } }), responsesUsage(undefined, undefined));
    assert.equal(events.at(-1)!.type, "response.incomplete");
    assert.deepEqual([final.status, final.incomplete_details], ["incomplete", { reason: "max_output_tokens" }]);
    assert.equal((final.usage as Record<string, unknown>).cost, undefined, "no price, no cost stated");
  });

  it("unstreamed: the items from the attempt's final state", () => {
    const writer = new ResponsesWriter(undefined, new Map([["mcp__docs__search", { kind: "function" as const, name: "search", namespace: "mcp__docs" }]]), {});
    const final = writer.finish(finished({ text: "Looking.", toolCalls: [{ id: "c1", name: "mcp__docs__search", arguments: '{"q":"x"}' }], finish: { reason: "tool-calls" } }), responsesUsage(undefined, undefined));
    const output = final.output as Array<Record<string, unknown>>;
    assert.deepEqual(output.map((item) => [item.type, item.name, item.namespace]), [["message", undefined, undefined], ["function_call", "search", "mcp__docs"]]);
  });
});
