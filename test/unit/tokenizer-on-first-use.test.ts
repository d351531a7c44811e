// The CLI's `chat` registers OpenAI's tokenizer to load on first use (0.3 s and 60 MB): a request to any
// other model must never load it, and an OpenAI-family one loads it once and is counted with it.
// Its own file: no other test may have registered a tokenizer in this process.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import { estimateRequest, registerO200kTokenizer, registerO200kTokenizerOnFirstUse } from "../../src/core/spend/estimate";

describe("the OpenAI tokenizer loaded on first use", () => {
  it("is not loaded for other providers' models, and is loaded once for OpenAI's, which it then counts", () => {
    const catalog = new ModelCatalog();
    let loads = 0;
    // Stands in for the 2 MB tokenizer: one token per character, unlike the four-characters rule.
    registerO200kTokenizerOnFirstUse(() => {
      loads += 1;
      registerO200kTokenizer((text) => text.length);
    });
    const messages = [{ role: "user" as const, content: "x".repeat(400) }];
    for (const id of ["anthropic/claude-haiku-4-5", "google/gemini-2.5-flash"]) {
      assert.equal(estimateRequest(catalog.find(id)!, messages, 1).counter, "approx-4-chars", id);
    }
    assert.equal(loads, 0, "no OpenAI-family model was estimated");
    const first = estimateRequest(catalog.find("openai/gpt-4o")!, messages, 1);
    assert.equal(first.counter, "o200k_base");
    assert.equal(first.inputTokens, 400 + 4 + 2, "counted by the loaded tokenizer, with the message overhead");
    estimateRequest(catalog.find("openai/gpt-4o-mini")!, messages, 1);
    assert.equal(loads, 1);
  });
});
