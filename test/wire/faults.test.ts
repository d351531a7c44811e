// Hand-made provider behaviour the recordings do not cover: HTTP errors, mid-stream errors, odd usage
// shapes, broken streams, timeouts and cancellation. All over a real loopback socket.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { createAnthropicProvider } from "../../src/core/providers/anthropic";
import { createGeminiProvider } from "../../src/core/providers/gemini";
import { createOpenAICompatibleProvider } from "../../src/core/providers/openai-compatible";
import { collect } from "./collect";
import { FixtureServer } from "./fixture-server";

const CANARY = "sk-canary-FAULTS-1234567890abcdef";
const chunk = (body: object) => `data: ${JSON.stringify(body)}\n\n`;
const delta = (content: string, extra: object = {}) => chunk({ choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });
const finish = (reason: string, extra: object = {}) => chunk({ choices: [{ index: 0, delta: {}, finish_reason: reason }], ...extra });

describe("provider faults", () => {
  let server: FixtureServer;
  const openai = () => createOpenAICompatibleProvider({ id: "openai", baseUrl: `${server.baseUrl}/v1`, apiKey: CANARY });
  before(async () => {
    server = await FixtureServer.start();
  });
  after(() => server.close());

  it("429 with Retry-After: a retryable rate-limit error with the wait and the provider's words", async () => {
    server.serveStatus(429, JSON.stringify({ error: { message: "Rate limit reached for requests" } }), { "retry-after": "20" });
    const { error, text } = await collect(openai());
    assert.deepEqual(error, {
      type: "error",
      kind: "rate-limit",
      retryable: true,
      status: 429,
      retryAfterMs: 20_000,
      message: "openai answered HTTP 429: Rate limit reached for requests",
    });
    assert.equal(text, "");
  });

  it("maps statuses to kinds: 401 auth, 404 not-found, 400 bad-request, 500 bad-response, 503/529 overloaded", async () => {
    for (const [status, kind, retryable] of [
      [401, "auth", false],
      [403, "auth", false],
      [404, "not-found", false],
      [400, "bad-request", false],
      [500, "bad-response", true],
      [503, "overloaded", true],
      [529, "overloaded", true],
    ] as const) {
      server.serveStatus(status, "{}");
      const { error } = await collect(openai());
      assert.equal(error?.kind, kind, `HTTP ${status}`);
      assert.equal(error?.retryable, retryable, `HTTP ${status}`);
      assert.equal(error?.status, status);
    }
  });

  it("never repeats the API key a provider echoes back in an error", async () => {
    server.serveStatus(401, JSON.stringify({ error: { message: `Incorrect API key provided: ${CANARY}` } }));
    const { error } = await collect(openai());
    assert.equal(error?.kind, "auth");
    assert.ok(!error?.message.includes(CANARY), error?.message);
    assert.match(error?.message ?? "", /Incorrect API key provided: \[redacted\]/);
  });

  it("an error object after HTTP 200 ends the stream with that error, keeping the text so far", async () => {
    server.serveSse(delta("Partial ") + delta("answer") + chunk({ error: { message: "upstream overloaded", type: "overloaded_error" } }));
    const { text, error, finish: done } = await collect(openai());
    assert.equal(text, "Partial answer");
    assert.equal(error?.kind, "overloaded");
    assert.match(error?.message ?? "", /upstream overloaded/);
    assert.equal(done, undefined);
  });

  it("ignores SSE comment lines and records OpenRouter's own cost beside the usage", async () => {
    server.serveSse(
      ": OPENROUTER PROCESSING\n\n" +
        delta("Hi") +
        ": OPENROUTER PROCESSING\n\n" +
        finish("stop") +
        chunk({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12, cost: 0.0000412 } }) +
        "data: [DONE]\n\n",
    );
    const { text, usage, finish: done } = await collect(openai());
    assert.equal(text, "Hi");
    assert.deepEqual(usage, { inputTokens: 10, cachedInputTokens: 0, outputTokens: 2, providerCostUsd: 0.0000412 });
    assert.equal(done?.reason, "stop");
  });

  it("takes the last running-total usage, never a sum", async () => {
    const running = (completion: number) => ({ usage: { prompt_tokens: 5, completion_tokens: completion, total_tokens: 5 + completion } });
    server.serveSse(`${delta("a", running(1)) + delta("b", running(2)) + finish("stop", running(3))}data: [DONE]\n\n`);
    const { usage } = await collect(openai());
    assert.deepEqual(usage, { inputTokens: 5, cachedInputTokens: 0, outputTokens: 3 });
  });

  it("bills reasoning counted outside completion tokens: output = total - prompt", async () => {
    server.serveSse(delta("ok") + finish("stop", { usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 130 } }));
    const { usage } = await collect(openai());
    assert.deepEqual(usage, { inputTokens: 20, cachedInputTokens: 0, outputTokens: 110 });
  });

  it("reads cached prompt tokens from prompt_tokens_details and from DeepSeek's prompt_cache_hit_tokens", async () => {
    server.serveSse(delta("x") + finish("stop", { usage: { prompt_tokens: 100, completion_tokens: 1, total_tokens: 101, prompt_tokens_details: { cached_tokens: 64 } } }));
    assert.equal((await collect(openai())).usage?.cachedInputTokens, 64);
    server.serveSse(delta("x") + finish("stop", { usage: { prompt_tokens: 100, completion_tokens: 1, total_tokens: 101, prompt_cache_hit_tokens: 80 } }));
    assert.equal((await collect(openai())).usage?.cachedInputTokens, 80);
  });

  it("maps finish reasons: length, content_filter, tool_calls", async () => {
    for (const [raw, reason] of [["length", "length"], ["content_filter", "content-filter"], ["tool_calls", "tool-calls"]] as const) {
      server.serveSse(`${delta("x") + finish(raw)}data: [DONE]\n\n`);
      assert.deepEqual((await collect(openai())).finish, { type: "finish", reason, rawReason: raw });
    }
  });

  it("a data line that is not JSON is a bad-response error, not a crash", async () => {
    server.serveSse(`${delta("fine")}data: {not json\n\n`);
    const { text, error } = await collect(openai());
    assert.equal(text, "fine");
    assert.equal(error?.kind, "bad-response");
    assert.match(error?.message ?? "", /not JSON/);
  });

  it("a stream that ends before any finish reason is an error, with the partial text kept", async () => {
    server.serveSse(delta("half an ans"));
    const { text, error } = await collect(openai());
    assert.equal(text, "half an ans");
    assert.equal(error?.kind, "bad-response");
    assert.match(error?.message ?? "", /closed the stream before the answer finished/);
  });

  it("Anthropic: 529 overloaded, and an error event mid-stream", async () => {
    const anthropic = createAnthropicProvider({ id: "anthropic", baseUrl: server.baseUrl, apiKey: CANARY });
    server.serveStatus(529, JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }));
    const overloaded = await collect(anthropic);
    assert.equal(overloaded.error?.kind, "overloaded");
    assert.match(overloaded.error?.message ?? "", /HTTP 529: Overloaded/);

    server.serveSse(
      'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":7,"output_tokens":1}}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n' +
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
    const midStream = await collect(anthropic);
    assert.equal(midStream.text, "Hel");
    assert.equal(midStream.error?.kind, "overloaded");
  });

  it("Anthropic: cache reads and writes count as input; reads are the cached part; thinking is reasoning", async () => {
    server.serveSse(
      'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":10,"cache_read_input_tokens":1000,"cache_creation_input_tokens":200,"output_tokens":1}}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think."}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Done."}}\n\n' +
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":42}}\n\n' +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
    const result = await collect(createAnthropicProvider({ id: "anthropic", baseUrl: server.baseUrl }));
    assert.equal(result.reasoning, "Let me think.");
    assert.equal(result.text, "Done.");
    // The 200 written to the cache are billed at the cache-write price (5-minute: no split was given).
    assert.deepEqual(result.usage, { inputTokens: 1210, cachedInputTokens: 1000, outputTokens: 42, cacheWriteInputTokens: 200, cacheWrite1hInputTokens: 0 });
    assert.deepEqual(result.finish, { type: "finish", reason: "length", rawReason: "max_tokens" });
  });

  it("Gemini: thought parts are reasoning, a blocked prompt is a content-filter finish", async () => {
    const gemini = createGeminiProvider({ id: "google", baseUrl: `${server.baseUrl}/v1beta` });
    server.serveSse(
      `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: "Thinking...", thought: true }, { text: "Answer" }] }, finishReason: "STOP" }], usageMetadata: { promptTokenCount: 4, cachedContentTokenCount: 2, candidatesTokenCount: 1, thoughtsTokenCount: 3 } })}\r\n\r\n`,
    );
    const thought = await collect(gemini);
    assert.equal(thought.reasoning, "Thinking...");
    assert.equal(thought.text, "Answer");
    assert.deepEqual(thought.usage, { inputTokens: 4, cachedInputTokens: 2, outputTokens: 4, reasoningTokens: 3 });

    server.serveSse(`data: ${JSON.stringify({ promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 4 } })}\r\n\r\n`);
    const blocked = await collect(gemini);
    assert.deepEqual(blocked.finish, { type: "finish", reason: "content-filter", rawReason: "PROMPT_BLOCKED:SAFETY" });
  });

  it("a refused connection is a retryable network error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const provider = createOpenAICompatibleProvider({ id: "local", baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: CANARY });
    const { error } = await collect(provider);
    assert.equal(error?.kind, "network");
    assert.equal(error?.retryable, true);
    assert.match(error?.message ?? "", /ECONNREFUSED/);
  });

  it("a provider that never sends headers hits the first-byte timeout", async () => {
    server.handle(() => {
      /* never answer */
    });
    const { error } = await collect(openai(), { firstByteTimeoutMs: 200 });
    assert.equal(error?.kind, "timeout");
    assert.equal(error?.retryable, true);
  });

  it("cancelling closes the socket at once and ends the stream as cancelled", { timeout: 10_000 }, async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(delta("first"));
      // then hold the stream open, as a slow model would
    });
    const controller = new AbortController();
    const closedBefore = server.closedConnections;
    const events: string[] = [];
    const request = { model: "m", messages: [{ role: "user" as const, content: "hi" }] };
    for await (const event of openai().stream(request, controller.signal)) {
      events.push(event.type === "error" ? `error:${event.kind}` : event.type);
      if (event.type === "text-delta") controller.abort();
    }
    assert.deepEqual(events, ["text-delta", "error:cancelled"]);
    while (server.closedConnections === closedBefore) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(server.closedConnections > closedBefore, "the server saw the connection close");
  });
});
