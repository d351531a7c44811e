import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { createMessageBatcher } from "../../webview/message-batcher";

type Message = { type: "column-delta"; text: string } | { type: "columns" } | { type: "error"; message: string };

describe("webview message batcher", () => {
  it("applies streamed deltas together, once per interval, in arrival order", () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const applied: Message[][] = [];
      const batcher = createMessageBatcher<Message>((messages) => applied.push(messages), 50);
      for (const text of ["a", "b", "c"]) batcher.push({ type: "column-delta", text });
      assert.deepEqual(applied, [], "nothing is rendered before the interval");
      mock.timers.tick(50);
      assert.deepEqual(applied, [[{ type: "column-delta", text: "a" }, { type: "column-delta", text: "b" }, { type: "column-delta", text: "c" }]]);
      batcher.push({ type: "column-delta", text: "d" });
      mock.timers.tick(49);
      assert.equal(applied.length, 1);
      mock.timers.tick(1);
      assert.equal(applied.length, 2);
    } finally {
      mock.timers.reset();
    }
  });

  it("never holds a status or error message back: it flushes the deltas before it, then it, at once", () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const applied: Message[][] = [];
      const batcher = createMessageBatcher<Message>((messages) => applied.push(messages), 50);
      batcher.push({ type: "column-delta", text: "partial" });
      batcher.push({ type: "error", message: "stopped" });
      assert.deepEqual(applied, [[{ type: "column-delta", text: "partial" }, { type: "error", message: "stopped" }]]);
      mock.timers.tick(100);
      assert.equal(applied.length, 1, "the flushed deltas are not applied twice");
    } finally {
      mock.timers.reset();
    }
  });
});
