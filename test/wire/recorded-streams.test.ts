// Every recorded real stream, served over loopback in its provider's envelope, through the real adapter.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createAnthropicProvider } from "../../src/core/providers/anthropic";
import { createGeminiProvider } from "../../src/core/providers/gemini";
import { createOpenAICompatibleProvider, OpenAIStreamDecoder } from "../../src/core/providers/openai-compatible";
import { runSseAdapter, type StreamDecoder } from "../../src/core/providers/sse-adapter";
import { collect } from "./collect";
import { completionOfChunks, envelope, FixtureServer, fixtureLines, recordedOpenAIText } from "./fixture-server";


describe("recorded streams through the adapters", () => {
  let server: FixtureServer;
  before(async () => {
    server = await FixtureServer.start();
  });
  after(() => server.close());

  // Chunk sizes: whole body at once, and tiny pieces that split events, JSON and UTF-8 characters.
  for (const chunkSize of [0, 7]) {
    const how = chunkSize === 0 ? "in one piece" : `in ${chunkSize}-byte pieces`;

    it(`openai-text (${how}): text, usage from the final choices: [] chunk, finish stop`, async () => {
      server.serveSse(envelope("openai", fixtureLines("openai-text.jsonl")), chunkSize);
      const provider = createOpenAICompatibleProvider({ id: "openai", baseUrl: `${server.baseUrl}/v1`, apiKey: "sk-test-openai-key-000" });
      const result = await collect(provider, { model: "gpt-4.1-nano" });
      assert.equal(result.error, undefined);
      assert.equal(result.text, recordedOpenAIText("openai-text.jsonl", "content"));
      assert.ok(result.text.length > 500);
      assert.deepEqual(result.usage, { inputTokens: 16, cachedInputTokens: 0, outputTokens: 300 });
      assert.deepEqual(result.finish, { type: "finish", reason: "stop", rawReason: "stop", model: "gpt-4.1-nano-2025-04-14" });
    });

    it(`mistral-text (${how}): usage inside the last content chunk`, async () => {
      server.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")), chunkSize);
      const provider = createOpenAICompatibleProvider({ id: "mistral", baseUrl: `${server.baseUrl}/v1`, apiKey: "k" });
      const result = await collect(provider);
      assert.equal(result.text, recordedOpenAIText("mistral-text.jsonl", "content"));
      assert.match(result.text, /^Hello.*response\.$/);
      assert.deepEqual(result.usage, { inputTokens: 13, cachedInputTokens: 0, outputTokens: 8 });
      assert.equal(result.finish?.reason, "stop");
    });

    it(`deepseek-reasoning (${how}): reasoning_content as reasoning, billed inside completion tokens`, async () => {
      server.serveSse(envelope("openai", fixtureLines("deepseek-reasoning.jsonl")), chunkSize);
      const provider = createOpenAICompatibleProvider({ id: "deepseek", baseUrl: `${server.baseUrl}/v1`, apiKey: "k" });
      const result = await collect(provider);
      assert.equal(result.reasoning, recordedOpenAIText("deepseek-reasoning.jsonl", "reasoning_content"));
      assert.equal(result.text, recordedOpenAIText("deepseek-reasoning.jsonl", "content"));
      assert.ok(result.reasoning.length > 200 && result.text.length > 0);
      assert.deepEqual(result.usage, { inputTokens: 18, cachedInputTokens: 0, outputTokens: 219, reasoningTokens: 205 });
      const firstText = result.events.findIndex((e) => e.type === "text-delta");
      const lastReasoning = result.events.findLastIndex((e) => e.type === "reasoning-delta");
      assert.ok(lastReasoning < firstText, "the reasoning streams before the answer");
    });

    it(`anthropic-text (${how}): ping ignored, message_delta usage wins`, async () => {
      server.serveSse(envelope("anthropic", fixtureLines("anthropic-text.jsonl")), chunkSize);
      const provider = createAnthropicProvider({ id: "anthropic", baseUrl: server.baseUrl, apiKey: "sk-ant-test-key-0000" });
      const result = await collect(provider);
      const expected = fixtureLines("anthropic-text.jsonl")
        .map((line) => JSON.parse(line))
        .filter((event) => event.type === "content_block_delta")
        .map((event) => event.delta.text)
        .join("");
      assert.equal(result.text, expected);
      assert.match(result.text, /How are you doing today\?/);
      assert.deepEqual(result.usage, { inputTokens: 12, cachedInputTokens: 0, outputTokens: 30 });
      assert.deepEqual(result.finish, { type: "finish", reason: "stop", rawReason: "end_turn", model: "claude-sonnet-4-5-20250929" });
    });

    it(`anthropic-refusal (${how}): a normal stream ending in a refusal`, async () => {
      server.serveSse(envelope("anthropic", fixtureLines("anthropic-refusal.jsonl")), chunkSize);
      const provider = createAnthropicProvider({ id: "anthropic", baseUrl: server.baseUrl, apiKey: "k" });
      const result = await collect(provider);
      assert.equal(result.error, undefined);
      assert.equal(result.text, "");
      assert.deepEqual(result.usage, { inputTokens: 18, cachedInputTokens: 0, outputTokens: 5 });
      assert.deepEqual(result.finish, { type: "finish", reason: "refusal", rawReason: "refusal", model: "claude-fable-5" });
    });

    for (const [name, candidates, thoughts, text] of [
      ["google-text.jsonl", 23, 185, 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y'],
      ["google-reasoning.jsonl", 29, 256, undefined],
    ] as const) {
      it(`${name} (${how}): CRLF framing, cumulative usageMetadata, thoughts billed as output`, async () => {
        server.serveSse(envelope("gemini", fixtureLines(name)), chunkSize);
        const provider = createGeminiProvider({ id: "google", baseUrl: `${server.baseUrl}/v1beta`, apiKey: "AIza-test-key" });
        const result = await collect(provider, { model: "gemini-3-pro-preview" });
        const expected = fixtureLines(name)
          .flatMap((line) => JSON.parse(line).candidates[0].content.parts.map((p: { text?: string }) => p.text ?? ""))
          .join("");
        assert.equal(result.text, expected);
        if (text) assert.equal(result.text, text);
        assert.deepEqual(result.usage, { inputTokens: 9, cachedInputTokens: 0, outputTokens: candidates + thoughts, ...(thoughts ? { reasoningTokens: thoughts } : {}) });
        assert.deepEqual(result.finish, { type: "finish", reason: "stop", rawReason: "STOP", model: "gemini-3-pro-preview" });
      });
    }
  }

  it("a read's first output goes on before the rest of the read is decoded (a whole recorded stream in one read)", async () => {
    server.serveSse(envelope("openai", fixtureLines("openai-text.jsonl")));
    const decoder = new OpenAIStreamDecoder("openai");
    let decoded = 0;
    const counting: StreamDecoder = {
      decode: (message) => {
        decoded += 1;
        return decoder.decode(message);
      },
      end: () => decoder.end(),
      get answerEnded() {
        return decoder.answerEnded;
      },
    };
    const request = { providerId: "openai", url: `${server.baseUrl}/v1/chat/completions`, headers: {}, body: { model: "m", stream: true }, signal: new AbortController().signal, secrets: [] };
    let decodedAtFirstText: number | undefined;
    let text = "";
    for await (const batch of runSseAdapter(request, counting).batches()) {
      for (const event of batch) {
        if (event.type !== "text-delta") continue;
        decodedAtFirstText ??= decoded;
        text += event.text;
      }
    }
    assert.equal(text, recordedOpenAIText("openai-text.jsonl", "content"), "every event still arrives, in order");
    assert.ok(decoded > 100, `the recording has many events (${decoded})`);
    assert.ok(decodedAtFirstText !== undefined && decodedAtFirstText <= 3, `decoded ${decodedAtFirstText} of ${decoded} events before the first text reached the consumer`);
  });

  it("a client's unstreamed request (a gateway's, as sent) waits for the whole answer past a streaming first-byte timeout", async () => {
    const answer = JSON.stringify(completionOfChunks(fixtureLines("mistral-text.jsonl")));
    // undici checks its headers timeout about once a second: the answer comes well after the first check.
    server.handle((_req, res) => setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(answer), 1500));
    const relayed: Buffer[] = [];
    const sink = { accepted: () => {}, write: (bytes: readonly Buffer[]) => void relayed.push(...bytes) };
    const provider = createOpenAICompatibleProvider({ id: "mistral", baseUrl: `${server.baseUrl}/v1`, apiKey: "k" });
    const native = { wire: "openai" as const, body: { messages: [{ role: "user", content: "hi" }] }, headers: {}, search: "", stream: false, sink };
    const result = await collect(provider, { firstByteTimeoutMs: 100, native });
    assert.equal(result.error, undefined);
    assert.equal(result.text, recordedOpenAIText("mistral-text.jsonl", "content"));
    assert.equal(Buffer.concat(relayed).toString("utf8"), answer);
    // A stream's first byte is still held to the timeout it was given.
    server.handle((_req, res) => setTimeout(() => res.writeHead(200, { "content-type": "text/event-stream" }).end(envelope("openai", fixtureLines("mistral-text.jsonl"))), 1500));
    assert.equal((await collect(provider, { firstByteTimeoutMs: 100, native: { ...native, stream: true } })).error?.kind, "timeout");
  });

  it("sends each provider's documented request: URL, auth header, streaming options", async () => {
    server.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    await collect(createOpenAICompatibleProvider({ id: "openai", baseUrl: `${server.baseUrl}/v1/`, apiKey: "sk-abc" }), {
      model: "anthropic/claude-sonnet-4",
      maxOutputTokens: 50,
    });
    const openai = server.requests.at(-1)!;
    assert.equal(openai.url, "/v1/chat/completions");
    assert.equal(openai.headers.authorization, "Bearer sk-abc");
    assert.deepEqual(openai.body, {
      model: "anthropic/claude-sonnet-4",
      messages: [{ role: "user", content: "hello" }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 50,
    });

    server.serveSse(envelope("anthropic", fixtureLines("anthropic-text.jsonl")));
    await collect(createAnthropicProvider({ id: "anthropic", baseUrl: server.baseUrl, apiKey: "sk-ant-xyz" }), {
      model: "claude-sonnet-4-5",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "hi" },
      ],
    });
    const anthropic = server.requests.at(-1)!;
    assert.equal(anthropic.url, "/v1/messages");
    assert.equal(anthropic.headers["x-api-key"], "sk-ant-xyz");
    assert.equal(anthropic.headers["anthropic-version"], "2023-06-01");
    assert.deepEqual(anthropic.body, {
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      stream: true,
      messages: [{ role: "user", content: "hi" }],
      system: "Be brief.",
    });

    server.serveSse(envelope("gemini", fixtureLines("google-text.jsonl")));
    await collect(createGeminiProvider({ id: "google", baseUrl: `${server.baseUrl}/v1beta`, apiKey: "AIzaKey" }), {
      model: "gemini-2.5-flash",
    });
    const gemini = server.requests.at(-1)!;
    assert.equal(gemini.url, "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    assert.equal(gemini.headers["x-goog-api-key"], "AIzaKey");
    assert.deepEqual(gemini.body, { contents: [{ role: "user", parts: [{ text: "hello" }] }], generationConfig: {} });
  });
});
