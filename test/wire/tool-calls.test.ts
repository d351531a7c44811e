// Tool calls on every wire format: the recorded real streams reconstruct exactly (names, ids, arguments
// as JSON), a two-step round trip (call -> tool result -> answer) sends each wire's own request shapes,
// and images and JSON output are asked for as each provider documents.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createAnthropicProvider } from "../../src/core/providers/anthropic";
import { createGeminiProvider } from "../../src/core/providers/gemini";
import { GENERATED_GEMINI_ID_PREFIX } from "../../src/core/providers/gemini-request";
import { createOpenAICompatibleProvider } from "../../src/core/providers/openai-compatible";
import type { ChatMessage, ChatProvider, StreamEvent, ToolDefinition } from "../../src/core/stream/events";
import { collect } from "./collect";
import { type Envelope, envelope, FixtureServer, fixtureLines } from "./fixture-server";

type ToolCallEvent = Extract<StreamEvent, { type: "tool-call" }>;
const toolCalls = (events: StreamEvent[]) => events.filter((e): e is ToolCallEvent => e.type === "tool-call");

const weather: ToolDefinition = {
  name: "weather",
  description: "The weather in a city",
  parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"], additionalProperties: false },
};

/** What each recording says its calls are, read straight from its chunks the way its docs describe them. */
const recorded = {
  openai(name: string) {
    const calls = new Map<number, { id: string; name: string; arguments: string }>();
    for (const chunk of fixtureLines(name).map((line) => JSON.parse(line))) {
      for (const piece of chunk.choices?.[0]?.delta?.tool_calls ?? []) {
        const call = calls.get(piece.index) ?? { id: piece.id, name: piece.function.name, arguments: "" };
        call.arguments += piece.function.arguments ?? "";
        calls.set(piece.index, call);
      }
    }
    return [...calls.values()];
  },
  anthropic(name: string) {
    const events = fixtureLines(name).map((line) => JSON.parse(line));
    return events
      .filter((e) => e.type === "content_block_start" && e.content_block.type === "tool_use")
      .map((start) => ({
        id: start.content_block.id,
        name: start.content_block.name,
        arguments: events.filter((e) => e.type === "content_block_delta" && e.index === start.index).map((e) => e.delta.partial_json).join(""),
      }));
  },
  gemini(name: string) {
    return fixtureLines(name)
      .flatMap((line) => JSON.parse(line).candidates[0].content.parts)
      .filter((part: { functionCall?: unknown }) => part.functionCall)
      .map((part: { functionCall: { name: string; args: unknown }; thoughtSignature?: string }) => ({ name: part.functionCall.name, args: part.functionCall.args, signature: part.thoughtSignature }));
  },
};

describe("tool calls on recorded real streams", () => {
  let server: FixtureServer;
  before(async () => {
    server = await FixtureServer.start();
  });
  after(() => server.close());

  const providers: Record<Exclude<Envelope, "responses">, () => ChatProvider> = {
    openai: () => createOpenAICompatibleProvider({ id: "groq", baseUrl: `${server.baseUrl}/v1`, apiKey: "k" }),
    anthropic: () => createAnthropicProvider({ id: "anthropic", baseUrl: server.baseUrl, apiKey: "k" }),
    gemini: () => createGeminiProvider({ id: "google", baseUrl: `${server.baseUrl}/v1beta`, apiKey: "k" }),
  };

  for (const chunkSize of [0, 7]) {
    const how = chunkSize === 0 ? "in one piece" : `in ${chunkSize}-byte pieces`;

    it(`groq-tool-call (${how}): one call, "{}" arguments, finish tool-calls, usage`, async () => {
      server.serveSse(envelope("openai", fixtureLines("groq-tool-call.jsonl")), chunkSize);
      const result = await collect(providers.openai(), { tools: [weather] });
      const calls = toolCalls(result.events);
      assert.deepEqual(calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })), recorded.openai("groq-tool-call.jsonl"));
      assert.deepEqual(JSON.parse(calls[0]!.arguments), {});
      assert.deepEqual(result.finish, { type: "finish", reason: "tool-calls", rawReason: "tool_calls", model: "llama-3.3-70b-versatile" });
      assert.deepEqual(result.usage, { inputTokens: 210, cachedInputTokens: 0, outputTokens: 15 });
    });

    it(`anthropic-json-tool (${how}): tool_use block, empty then real input_json_delta pieces`, async () => {
      server.serveSse(envelope("anthropic", fixtureLines("anthropic-json-tool.jsonl")), chunkSize);
      const result = await collect(providers.anthropic(), { tools: [weather] });
      const calls = toolCalls(result.events);
      const [expected] = recorded.anthropic("anthropic-json-tool.jsonl");
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.id, expected!.id);
      assert.equal(calls[0]!.name, expected!.name);
      assert.deepEqual(JSON.parse(calls[0]!.arguments), JSON.parse(expected!.arguments));
      assert.deepEqual(result.finish, { type: "finish", reason: "tool-calls", rawReason: "tool_use", model: "claude-haiku-4-5-20251001" });
      assert.deepEqual(result.usage, { inputTokens: 849, cachedInputTokens: 0, outputTokens: 47 });
      const deltas = result.events.filter((e) => e.type === "tool-call-delta");
      assert.equal(deltas.map((d) => (d.type === "tool-call-delta" ? d.argumentsDelta : "")).join(""), expected!.arguments, "the pieces stream as they come");
    });

    it(`google-tool-call (${how}): a whole functionCall without id gets one; STOP becomes tool-calls; the signature is kept`, async () => {
      server.serveSse(envelope("gemini", fixtureLines("google-tool-call.jsonl")), chunkSize);
      const result = await collect(providers.gemini(), { tools: [weather] });
      const calls = toolCalls(result.events);
      const [expected] = recorded.gemini("google-tool-call.jsonl");
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.name, expected!.name);
      assert.deepEqual(JSON.parse(calls[0]!.arguments), expected!.args);
      assert.ok(calls[0]!.id.startsWith(GENERATED_GEMINI_ID_PREFIX));
      assert.equal(calls[0]!.signature, expected!.signature);
      assert.deepEqual(result.finish, { type: "finish", reason: "tool-calls", rawReason: "STOP", model: "gemini-3-pro-preview" });
      assert.deepEqual(result.usage, { inputTokens: 29, cachedInputTokens: 0, outputTokens: 15 + 45, reasoningTokens: 45 });
    });
  }

  it("OpenAI-compatible: calls interleaved by index reassemble each call's arguments in order", async () => {
    const chunk = (pieces: unknown[], finish: string | null = null) => JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: pieces }, finish_reason: finish }] });
    server.serveSse(
      envelope("openai", [
        chunk([{ index: 0, id: "call_a", type: "function", function: { name: "weather", arguments: "" } }]),
        chunk([{ index: 1, id: "call_b", type: "function", function: { name: "time", arguments: '{"zo' } }]),
        chunk([{ index: 0, function: { arguments: '{"location":' } }]),
        chunk([{ index: 1, function: { arguments: 'ne":"UTC"}' } }]),
        chunk([{ index: 0, function: { arguments: '"Paris"}' } }]),
        JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] }),
      ]),
      5,
    );
    const result = await collect(providers.openai());
    assert.deepEqual(
      toolCalls(result.events).map(({ id, name, arguments: args }) => ({ id, name, args: JSON.parse(args) })),
      [
        { id: "call_a", name: "weather", args: { location: "Paris" } },
        { id: "call_b", name: "time", args: { zone: "UTC" } },
      ],
    );
  });

  it("Anthropic: a tool_use block with no input_json_delta takes its arguments from the block's input", async () => {
    const events = [
      { type: "message_start", message: { usage: { input_tokens: 5, output_tokens: 1 } } },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Checking." } },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "toolu_1", name: "weather", input: { location: "Oslo" } } },
      { type: "content_block_stop", index: 1 },
      { type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 9 } },
      { type: "message_stop" },
    ];
    server.serveSse(envelope("anthropic", events.map((e) => JSON.stringify(e))));
    const result = await collect(providers.anthropic());
    assert.equal(result.text, "Checking.");
    assert.deepEqual(toolCalls(result.events).map((c) => [c.id, c.name, JSON.parse(c.arguments)]), [["toolu_1", "weather", { location: "Oslo" }]]);
  });
});

describe("a tool round trip sends each wire's request shapes", () => {
  let server: FixtureServer;
  before(async () => {
    server = await FixtureServer.start();
  });
  after(() => server.close());

  /** Step 1 asks with tools; step 2 sends the call and its result back. Returns both bodies as received. */
  async function roundTrip(provider: () => ChatProvider, format: Envelope, fixture: string, answer: string[]) {
    server.serveSse(envelope(format, fixtureLines(fixture)));
    const question: ChatMessage = { role: "user", content: "Weather in San Francisco?" };
    const first = await collect(provider(), { messages: [{ role: "system", content: "Be brief." }, question], tools: [weather], toolChoice: "required" });
    const calls = toolCalls(first.events).map(({ type: _type, ...call }) => call);
    assert.equal(calls.length, 1);
    server.serveSse(envelope(format, answer));
    const second = await collect(provider(), {
      messages: [{ role: "system", content: "Be brief." }, question, { role: "assistant", content: "", toolCalls: calls }, { role: "tool", toolCallId: calls[0]!.id, content: '{"temperature":18}' }],
      tools: [weather],
    });
    assert.equal(second.error, undefined);
    const bodies = server.requests.slice(-2).map((r) => r.body as Record<string, unknown>);
    return { call: calls[0]!, first: bodies[0]!, second: bodies[1]!, answer: second.text };
  }

  it("OpenAI-compatible: tools, tool_choice, then assistant tool_calls and a tool message", async () => {
    const { call, first, second, answer } = await roundTrip(
      () => createOpenAICompatibleProvider({ id: "groq", baseUrl: `${server.baseUrl}/v1`, apiKey: "k" }),
      "openai",
      "groq-tool-call.jsonl",
      [JSON.stringify({ choices: [{ index: 0, delta: { content: "18 degrees." }, finish_reason: "stop" }] })],
    );
    assert.equal(answer, "18 degrees.");
    assert.deepEqual(first.tools, [{ type: "function", function: { name: "weather", description: "The weather in a city", parameters: weather.parameters } }]);
    assert.equal(first.tool_choice, "required");
    assert.deepEqual((second.messages as unknown[]).slice(2), [
      { role: "assistant", content: null, tool_calls: [{ id: call.id, type: "function", function: { name: "weather", arguments: call.arguments } }] },
      { role: "tool", tool_call_id: call.id, content: '{"temperature":18}' },
    ]);
    assert.equal(second.tool_choice, undefined);
  });

  it("Anthropic: input_schema and tool_choice any, then tool_use and tool_result blocks", async () => {
    const answer = [
      { type: "message_start", message: { usage: { input_tokens: 20, output_tokens: 1 } } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "18 degrees." } },
      { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 4 } },
    ].map((e) => JSON.stringify(e));
    const { call, first, second } = await roundTrip(
      () => createAnthropicProvider({ id: "anthropic", baseUrl: server.baseUrl, apiKey: "k" }),
      "anthropic",
      "anthropic-json-tool.jsonl",
      answer,
    );
    assert.deepEqual(first.tools, [{ name: "weather", description: "The weather in a city", input_schema: weather.parameters }]);
    assert.deepEqual(first.tool_choice, { type: "any" });
    assert.equal(first.system, "Be brief.");
    assert.deepEqual(second.messages, [
      { role: "user", content: "Weather in San Francisco?" },
      { role: "assistant", content: [{ type: "tool_use", id: call.id, name: call.name, input: JSON.parse(call.arguments) }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: '{"temperature":18}' }] },
    ]);
  });

  it("Gemini: functionDeclarations and ANY mode, then functionCall with its signature and a functionResponse by name", async () => {
    const answer = [JSON.stringify({ candidates: [{ content: { parts: [{ text: "18 degrees." }], role: "model" }, finishReason: "STOP" }], usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 4 } })];
    const { call, first, second } = await roundTrip(
      () => createGeminiProvider({ id: "google", baseUrl: `${server.baseUrl}/v1beta`, apiKey: "k" }),
      "gemini",
      "google-tool-call.jsonl",
      answer,
    );
    // Gemini's Schema subset: additionalProperties is not one of its keywords.
    assert.deepEqual(first.tools, [
      { functionDeclarations: [{ name: "weather", description: "The weather in a city", parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] } }] },
    ]);
    assert.deepEqual(first.toolConfig, { functionCallingConfig: { mode: "ANY" } });
    assert.deepEqual(first.systemInstruction, { parts: [{ text: "Be brief." }] });
    assert.deepEqual(second.contents, [
      { role: "user", parts: [{ text: "Weather in San Francisco?" }] },
      // The id was made up by Switchboard (Gemini sent none), so it is not sent back.
      { role: "model", parts: [{ functionCall: { name: "weather", args: JSON.parse(call.arguments) }, thoughtSignature: call.signature }] },
      { role: "user", parts: [{ functionResponse: { name: "weather", response: { temperature: 18 } } }] },
    ]);
  });
});

describe("images and JSON output in each wire's documented shape", () => {
  let server: FixtureServer;
  before(async () => {
    server = await FixtureServer.start();
  });
  after(() => server.close());

  const png = "data:image/png;base64,iVBORw0KGgo=";
  const photo = "https://example.com/cat.webp";
  const messages: ChatMessage[] = [{ role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image", url: png }, { type: "image", url: photo }] }];
  const schema = { type: "object", properties: { answer: { type: ["string", "null"] } }, required: ["answer"], additionalProperties: false };

  it("OpenAI-compatible: image_url parts and response_format json_schema / json_object", async () => {
    server.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    await collect(createOpenAICompatibleProvider({ id: "openai", baseUrl: `${server.baseUrl}/v1`, apiKey: "k" }), { messages, responseFormat: { type: "json-schema", name: "answer", schema } });
    const body = server.requests.at(-1)!.body as Record<string, unknown>;
    assert.deepEqual(body.messages, [
      { role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: png } }, { type: "image_url", image_url: { url: photo } }] },
    ]);
    assert.deepEqual(body.response_format, { type: "json_schema", json_schema: { name: "answer", schema } });
    await collect(createOpenAICompatibleProvider({ id: "openai", baseUrl: `${server.baseUrl}/v1`, apiKey: "k" }), { responseFormat: { type: "json" } });
    assert.deepEqual((server.requests.at(-1)!.body as Record<string, unknown>).response_format, { type: "json_object" });
  });

  it("Anthropic: base64 and url image sources; a schema through output_config, plain JSON through the system prompt", async () => {
    server.serveSse(envelope("anthropic", fixtureLines("anthropic-text.jsonl")));
    await collect(createAnthropicProvider({ id: "anthropic", baseUrl: server.baseUrl, apiKey: "k" }), { messages, responseFormat: { type: "json-schema", name: "answer", schema } });
    const body = server.requests.at(-1)!.body as Record<string, unknown>;
    assert.deepEqual(body.messages, [
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
          { type: "image", source: { type: "url", url: photo } },
        ],
      },
    ]);
    assert.deepEqual(body.output_config, { format: { type: "json_schema", schema } });
    await collect(createAnthropicProvider({ id: "anthropic", baseUrl: server.baseUrl, apiKey: "k" }), { messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "hi" }], responseFormat: { type: "json" } });
    const plain = server.requests.at(-1)!.body as Record<string, unknown>;
    assert.match(String(plain.system), /^Be brief\.\n\n.*JSON/);
    assert.equal(plain.output_config, undefined);
  });

  it("Gemini: inlineData and fileData parts; responseMimeType with the schema in Gemini's subset", async () => {
    server.serveSse(envelope("gemini", fixtureLines("google-text.jsonl")));
    await collect(createGeminiProvider({ id: "google", baseUrl: `${server.baseUrl}/v1beta`, apiKey: "k" }), { messages, responseFormat: { type: "json-schema", name: "answer", schema } });
    const body = server.requests.at(-1)!.body as Record<string, unknown>;
    assert.deepEqual(body.contents, [
      { role: "user", parts: [{ text: "What is this?" }, { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } }, { fileData: { mimeType: "image/webp", fileUri: photo } }] },
    ]);
    assert.deepEqual(body.generationConfig, {
      responseMimeType: "application/json",
      responseSchema: { type: "object", properties: { answer: { type: "string", nullable: true } }, required: ["answer"] },
    });
  });
});
