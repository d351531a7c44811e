// SSE framing under random network chunking: wherever the bytes are cut (inside an event, a JSON
// string, a CRLF pair or a multi-byte UTF-8 character), the reconstructed answer and usage never change.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createAnthropicProvider } from "../../src/core/providers/anthropic";
import { createGeminiProvider } from "../../src/core/providers/gemini";
import { createOpenAICompatibleProvider } from "../../src/core/providers/openai-compatible";
import type { ChatProvider } from "../../src/core/stream/events";
import { collect } from "./collect";
import { type Envelope, envelope, FixtureServer, fixtureLines } from "./fixture-server";

/** A stream full of multi-byte characters (accents, CJK, emoji), so cuts land inside them. */
const MULTIBYTE = ["Grüße, ", "世界！", " 🚀🙂 ", "naïve café ", "✓ done"].map(
  (content) => JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] }),
);
MULTIBYTE.push(JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 } }));

const CASES: Array<{ name: string; envelope: Envelope; lines: () => string[] }> = [
  { name: "openai-text.jsonl", envelope: "openai", lines: () => fixtureLines("openai-text.jsonl") },
  { name: "deepseek-reasoning.jsonl", envelope: "openai", lines: () => fixtureLines("deepseek-reasoning.jsonl") },
  { name: "mistral-text.jsonl", envelope: "openai", lines: () => fixtureLines("mistral-text.jsonl") },
  { name: "anthropic-text.jsonl", envelope: "anthropic", lines: () => fixtureLines("anthropic-text.jsonl") },
  { name: "google-reasoning.jsonl", envelope: "gemini", lines: () => fixtureLines("google-reasoning.jsonl") },
  { name: "google-text.jsonl", envelope: "gemini", lines: () => fixtureLines("google-text.jsonl") },
  { name: "multi-byte characters", envelope: "openai", lines: () => MULTIBYTE },
];

describe("SSE framing under random chunk boundaries", () => {
  let server: FixtureServer;
  before(async () => {
    server = await FixtureServer.start();
  });
  after(() => server.close());

  const providerFor = (kind: Envelope): ChatProvider =>
    kind === "openai"
      ? createOpenAICompatibleProvider({ id: "p", baseUrl: `${server.baseUrl}/v1` })
      : kind === "anthropic"
        ? createAnthropicProvider({ id: "p", baseUrl: server.baseUrl })
        : createGeminiProvider({ id: "p", baseUrl: `${server.baseUrl}/v1beta` });

  for (const c of CASES) {
    it(`${c.name}: text, reasoning, usage and finish survive any split`, async () => {
      const payload = Buffer.from(envelope(c.envelope, c.lines()), "utf8");
      server.serveSplit(payload, []);
      const expected = await collect(providerFor(c.envelope));
      assert.equal(expected.error, undefined);
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: payload.length - 1 }), { minLength: 1, maxLength: 40 }), async (cuts) => {
          server.serveSplit(payload, [...cuts].sort((a, b) => a - b));
          const result = await collect(providerFor(c.envelope));
          assert.equal(result.text, expected.text);
          assert.equal(result.reasoning, expected.reasoning);
          assert.deepEqual(result.usage, expected.usage);
          assert.deepEqual(result.finish, expected.finish);
          assert.equal(result.error, undefined);
        }),
        { numRuns: 30, seed: 20261124 },
      );
    });
  }

  it("cuts inside every multi-byte character at once still decode to the same text", async () => {
    const payload = Buffer.from(envelope("openai", MULTIBYTE), "utf8");
    // Every byte on its own: each multi-byte character arrives split across reads.
    server.serveSplit(payload, Array.from({ length: payload.length - 1 }, (_, i) => i + 1));
    const result = await collect(providerFor("openai"));
    assert.equal(result.text, "Grüße, 世界！ 🚀🙂 naïve café ✓ done");
  });
});
