// The speed a column shows: output tokens over the time they streamed, and none for an answer that
// generated no text (a tool call alone arrives at once: 106,411 tok/s is no speed).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { foldEvent, newAttemptState, tokensPerSecond } from "../../src/core/run/attempt-state";

describe("tokens per second", () => {
  it("text streamed over 2 s: tokens over the streaming time", () => {
    const state = newAttemptState(0);
    foldEvent(state, { type: "text-delta", text: "Hello" }, 1000);
    foldEvent(state, { type: "text-delta", text: " world" }, 3000);
    assert.equal(tokensPerSecond(state, 100), 50);
  });

  it("a tool call alone (no text, no reasoning): no speed", () => {
    const state = newAttemptState(0);
    foldEvent(state, { type: "tool-call-delta", index: 0, id: "c", name: "f", argumentsDelta: "{}" }, 1000);
    foldEvent(state, { type: "tool-call", id: "c", name: "f", arguments: "{}" }, 1001);
    assert.equal(tokensPerSecond(state, 106), null);
  });

  it("reasoning then a tool call: the reasoning counts as generated output", () => {
    const state = newAttemptState(0);
    foldEvent(state, { type: "reasoning-delta", text: "thinking" }, 1000);
    foldEvent(state, { type: "tool-call", id: "c", name: "f", arguments: "{}" }, 2000);
    assert.equal(tokensPerSecond(state, 40), 40);
  });
});
