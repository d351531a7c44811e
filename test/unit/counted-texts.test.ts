// Exact token counts are remembered per text: an agent's next turn resends its conversation, and only
// what is new is counted again (counting 50 KB holds the event loop for tens of milliseconds).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import { CountedTexts } from "../../src/core/spend/counted-texts";
import { estimateRequest, registerO200kTokenizer } from "../../src/core/spend/estimate";
import type { ChatMessage } from "../../src/core/stream/events";

/** A counter that says which texts it was asked to count. */
function countingCounter() {
  const asked: string[] = [];
  return {
    asked,
    count: (text: string) => {
      asked.push(text);
      return text.length;
    },
  };
}

const text = (letter: string, length = 100) => letter.repeat(length);

describe("counted texts", () => {
  it("counts a text once; the same text again is remembered", () => {
    const cache = new CountedTexts(10_000);
    const counter = countingCounter();
    assert.equal(cache.count(text("a"), counter.count), 100);
    assert.equal(cache.count(`${text("a", 50)}${text("a", 50)}`, counter.count), 100, "equal text, another string");
    assert.deepEqual(counter.asked, [text("a")]);
  });

  it("forgets the least recently used texts beyond its size", () => {
    const cache = new CountedTexts(300);
    const counter = countingCounter();
    for (const letter of ["a", "b", "c"]) cache.count(text(letter), counter.count);
    cache.count(text("a"), counter.count); // a is now the most recent
    cache.count(text("d"), counter.count); // 400 characters: b, the least recent, goes
    counter.asked.length = 0;
    for (const letter of ["a", "c", "d", "b"]) cache.count(text(letter), counter.count);
    assert.deepEqual(counter.asked, [text("b")], "only b had to be counted again");
    assert.equal(cache.size, 3);
  });

  it("does not keep a text larger than its size, nor short texts", () => {
    const cache = new CountedTexts(300);
    const counter = countingCounter();
    cache.count(text("x", 301), counter.count);
    cache.count(text("x", 301), counter.count);
    cache.count("short", counter.count);
    cache.count("short", counter.count);
    assert.equal(counter.asked.length, 4);
    assert.equal(cache.size, 0);
  });
});

describe("pre-flight estimates of an agent's conversation", () => {
  const asked: string[] = [];
  registerO200kTokenizer((value) => {
    asked.push(value);
    return countTokens(value);
  });
  const model = new ModelCatalog().find("openai/gpt-4.1")!;
  const instructions = "You are a coding agent. Read the repository, plan the change, edit files, run the tests. ".repeat(200);
  const turn1: ChatMessage[] = [
    { role: "system", content: instructions },
    { role: "user", content: "Fix the failing test in src/parser.ts, which drops the last line of a file that does not end with a newline." },
  ];
  const turn2: ChatMessage[] = [...turn1, { role: "assistant", content: "I will read the parser first and then run the test suite to see which case fails." }, { role: "user", content: "The test output: expected 3 lines, got 2 (test/parser.test.ts:41)." }];

  it("is exact: the same count as counting every message", () => {
    const exact = turn2.reduce((sum, message) => sum + 4 + countTokens(message.content as string), 2);
    assert.equal(estimateRequest(model, turn2).inputTokens, exact);
    assert.equal(estimateRequest(model, turn2).inputTokens, exact, "remembered counts give the same total");
  });

  it("the next turn counts only its new messages, for every candidate model", () => {
    estimateRequest(model, turn2);
    asked.length = 0;
    estimateRequest(model, turn2);
    estimateRequest(new ModelCatalog().find("openai/gpt-4o")!, turn2);
    assert.deepEqual(asked, [], "every message of turn 2 was counted already");
    const turn3: ChatMessage[] = [...turn2, { role: "user", content: "Now also handle files that end with a carriage return and a newline, as Windows writes them." }];
    estimateRequest(model, turn3);
    assert.deepEqual(asked, [turn3.at(-1)!.content], "only the new message was counted");
  });
});
