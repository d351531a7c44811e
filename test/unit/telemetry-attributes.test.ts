// What a span says about an attempt: prompt and answer text only when the user opted in to storing them
// (switchboard.ledger.storePrompts), in the GenAI conventions' message shape; cache writes and reasoning
// tokens when the provider reported them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AttemptRecord } from "../../src/core/routing/executor";
import { newAttemptState } from "../../src/core/run/attempt-state";
import type { FinishedRequest } from "../../src/core/telemetry/request-telemetry";
import { attemptAttributes } from "../../src/telemetry/span-attributes";

function answered(): AttemptRecord {
  const state = newAttemptState(0);
  state.text = "Use a Map.";
  state.toolCalls.push({ id: "call_1", name: "lookup", arguments: '{"q":"map"}' });
  state.finish = { reason: "stop", rawReason: "end_turn", model: "claude-sonnet-4-5-20250929" };
  state.endedAt = 900;
  return {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    outcome: "ok",
    status: 200,
    state,
    usage: { inputTokens: 1200, cachedInputTokens: 200, cacheWriteInputTokens: 800, outputTokens: 50, reasoningTokens: 20 },
    usageEstimated: false,
    costPicoUsd: 0n,
    costUsd: 0.0042,
    costSource: "catalog",
    ttftMs: 300,
    durationMs: 900,
    attempt: 1,
    modelId: "anthropic/claude-sonnet-4-5",
    reason: "the requested model",
  };
}

const request = (messages?: FinishedRequest["messages"]): FinishedRequest => ({
  requestId: "r-1",
  project: "web",
  feature: "playground",
  plan: { attempts: [], excluded: [] },
  attempts: [],
  startedAt: 0,
  endedAt: 1,
  temperature: 0.2,
  ...(messages ? { messages } : {}),
});

describe("span attributes", () => {
  const identity = { name: "anthropic", serverAddress: "api.anthropic.com", serverPort: 443 };

  it("without the opt-in: no message text at all; the provider's answering model, cache writes and reasoning tokens are there", () => {
    const attributes = attemptAttributes(request(), answered(), identity);
    assert.equal(JSON.stringify(attributes).includes("Use a Map"), false);
    assert.equal("gen_ai.input.messages" in attributes || "gen_ai.output.messages" in attributes, false);
    assert.equal(attributes["gen_ai.response.model"], "claude-sonnet-4-5-20250929");
    assert.deepEqual(attributes["gen_ai.response.finish_reasons"], ["end_turn"]);
    assert.equal(attributes["gen_ai.usage.cache_creation.input_tokens"], 800);
    assert.equal(attributes["gen_ai.usage.cache_read.input_tokens"], 200);
    assert.equal(attributes["gen_ai.usage.reasoning.output_tokens"], 20);
    assert.equal(attributes["gen_ai.request.temperature"], 0.2);
  });

  it("a coding agent's request: the client and its session, so a team's backend can sum an agent session", () => {
    const attributes = attemptAttributes({ ...request(), feature: "gateway", caller: "claude-code", session: "a47a2944-20b7-4ad4-9d72-c5cc29ef7f1e" }, answered(), identity);
    assert.equal(attributes["switchboard.caller"], "claude-code");
    assert.equal(attributes["switchboard.session"], "a47a2944-20b7-4ad4-9d72-c5cc29ef7f1e");
    assert.equal("switchboard.session" in attemptAttributes(request(), answered(), identity), false);
  });

  it("with the opt-in: the conversation and the answer (text and tool calls) as the conventions' messages", () => {
    const attributes = attemptAttributes(request([{ role: "user", content: "How do I count words?" }]), answered(), identity);
    assert.deepEqual(JSON.parse(String(attributes["gen_ai.input.messages"])), [{ role: "user", parts: [{ type: "text", content: "How do I count words?" }] }]);
    assert.deepEqual(JSON.parse(String(attributes["gen_ai.output.messages"])), [
      {
        role: "assistant",
        parts: [
          { type: "text", content: "Use a Map." },
          { type: "tool_call", id: "call_1", name: "lookup", arguments: { q: "map" } },
        ],
        finish_reason: "end_turn",
      },
    ]);
  });
});
