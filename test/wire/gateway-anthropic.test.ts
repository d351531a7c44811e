// The gateway with the official @anthropic-ai/sdk as its client: Anthropic-shaped requests routed to any
// provider, answered in Anthropic's shapes (events, content blocks, usage, errors).
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { envelope, fixtureLines, recordedOpenAIText } from "./fixture-server";
import { startTestGateway, type TestGateway, TOKEN } from "./gateway-helpers";


describe("gateway: Anthropic Messages with the official @anthropic-ai/sdk", () => {
  let t: TestGateway;
  let client: Anthropic;
  before(async () => {
    t = await startTestGateway();
    client = new Anthropic({ baseURL: t.gateway.url, apiKey: TOKEN, maxRetries: 0 });
  });
  after(() => t.close());
  beforeEach(() => {
    for (const server of Object.values(t.servers)) server.requests.length = 0;
  });

  it("an OpenAI model answers an Anthropic-shaped streamed request: text, stop reason and usage in Anthropic's terms", async () => {
    t.servers.openai.serveSse(envelope("openai", fixtureLines("openai-text.jsonl")), 11);
    const stream = client.messages.stream({ model: "rec-openai/m", max_tokens: 500, system: "Be brief.", messages: [{ role: "user", content: "hi" }] });
    let streamed = "";
    stream.on("text", (text) => {
      streamed += text;
    });
    const message = await stream.finalMessage();
    assert.equal(streamed, recordedOpenAIText("openai-text.jsonl"));
    assert.equal(message.model, "rec-openai/m");
    assert.equal(message.stop_reason, "end_turn");
    assert.deepEqual(message.content.map((block) => [block.type, block.type === "text" ? block.text : ""]), [["text", streamed]]);
    assert.equal(message.usage.output_tokens, 300);
    assert.equal(message.usage.input_tokens, 16);
    const upstream = t.servers.openai.requests.at(-1)!.body as { messages: unknown[]; max_tokens: number };
    assert.deepEqual(upstream.messages, [{ role: "system", content: "Be brief." }, { role: "user", content: "hi" }]);
    assert.equal(upstream.max_tokens, 500);
  });

  it("a tool call from an OpenAI-compatible model comes back as a tool_use block, streamed and not", async () => {
    const tools: Anthropic.Tool[] = [{ name: "weather", description: "Weather in a city", input_schema: { type: "object", properties: {} } }];
    t.servers.openai.serveSse(envelope("openai", fixtureLines("groq-tool-call.jsonl")));
    const message = await client.messages.create({ model: "rec-openai/m", max_tokens: 200, tools, tool_choice: { type: "any" }, messages: [{ role: "user", content: "Weather?" }] });
    assert.equal(message.stop_reason, "tool_use");
    const use = message.content.find((block) => block.type === "tool_use");
    assert.ok(use && use.type === "tool_use");
    assert.equal(use.id, "tk85n1k4m");
    assert.equal(use.name, "weather");
    assert.deepEqual(use.input, {});
    assert.equal((t.servers.openai.requests.at(-1)!.body as { tool_choice: unknown }).tool_choice, "required");

    t.servers.openai.serveSse(envelope("openai", fixtureLines("groq-tool-call.jsonl")), 5);
    const streamed = await client.messages.stream({ model: "rec-openai/m", max_tokens: 200, tools, messages: [{ role: "user", content: "Weather?" }] }).finalMessage();
    const streamedUse = streamed.content.find((block) => block.type === "tool_use");
    assert.ok(streamedUse && streamedUse.type === "tool_use");
    assert.deepEqual([streamedUse.id, streamedUse.name, streamedUse.input], ["tk85n1k4m", "weather", {}]);
    assert.equal(streamed.stop_reason, "tool_use");
  });

  it("tool_result and image blocks from the client reach a Gemini model as its own parts", async () => {
    t.servers.gemini.serveSse(envelope("gemini", fixtureLines("google-text.jsonl")));
    await client.messages.create({
      model: "rec-gemini/m",
      max_tokens: 100,
      messages: [
        { role: "user", content: [{ type: "text", text: "Describe" }, { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } }] },
        { role: "assistant", content: [{ type: "tool_use", id: "call_1", name: "lookup", input: { q: "x" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "call_1", content: '{"found":true}' }] },
      ],
    });
    const upstream = t.servers.gemini.requests.at(-1)!.body as { contents: unknown };
    assert.deepEqual(upstream.contents, [
      { role: "user", parts: [{ text: "Describe" }, { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } }] },
      { role: "model", parts: [{ functionCall: { name: "lookup", args: { q: "x" }, id: "call_1" } }] },
      { role: "user", parts: [{ functionResponse: { name: "lookup", response: { found: true }, id: "call_1" } }] },
    ]);
  });

  it("errors come in Anthropic's shape: a wrong token, every provider failing (the last one's status), an unknown model", async () => {
    const wrong = new Anthropic({ baseURL: t.gateway.url, apiKey: "sb-wrong", maxRetries: 0 });
    await assert.rejects(wrong.messages.create({ model: "rec-openai/m", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }), Anthropic.AuthenticationError);
    t.servers.down.serveStatus(503, JSON.stringify({ error: { message: "maintenance" } }));
    await assert.rejects(
      client.messages.create({ model: "down/m", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }),
      (error: unknown) => error instanceof Anthropic.APIError && error.status === 503 && /maintenance/.test(error.message),
    );
    await assert.rejects(client.messages.create({ model: "nowhere/m", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }), Anthropic.NotFoundError);
  });

  it("Anthropic fields Switchboard does not model (top_k, stop_sequences) reach an Anthropic provider and no other", async () => {
    t.servers.anthropic.serveSse(envelope("anthropic", fixtureLines("anthropic-text.jsonl")));
    // top_k is in Anthropic's API but not in this SDK's types: a client may still send it.
    const params = { model: "rec-anthropic/m", max_tokens: 50, top_k: 5, stop_sequences: ["END"], messages: [{ role: "user", content: "hi" }] } as Anthropic.MessageCreateParamsNonStreaming;
    await client.messages.stream(params).finalMessage();
    const anthropic = t.servers.anthropic.requests.at(-1)!.body as Record<string, unknown>;
    assert.deepEqual([anthropic.top_k, anthropic.stop_sequences, anthropic.model, anthropic.max_tokens], [5, ["END"], "m", 50]);
    t.servers.openai.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    await client.messages.stream({ ...params, model: "rec-openai/m" }).finalMessage();
    assert.equal((t.servers.openai.requests.at(-1)!.body as Record<string, unknown>).top_k, undefined);
  });
});
