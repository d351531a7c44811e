// The gateway with the official `openai` package as its client, against loopback replays of recorded real
// streams: what any OpenAI-compatible client (SDKs, coding tools, the user's code) gets back.
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, beforeEach, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { completionOfChunks, envelope, fixtureLines, recordedOpenAIText } from "./fixture-server";
import { startTestGateway, type TestGateway, TOKEN } from "./gateway-helpers";


describe("gateway: OpenAI Chat Completions with the official openai SDK", () => {
  let t: TestGateway;
  let client: OpenAI;
  before(async () => {
    t = await startTestGateway();
    client = new OpenAI({ baseURL: `${t.gateway.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
  });
  after(() => t.close());
  beforeEach(() => {
    t.servers.openai.serveOpenAI(fixtureLines("openai-text.jsonl"), 13);
    for (const server of Object.values(t.servers)) server.requests.length = 0;
  });

  /** The gateway's answer to a raw Chat Completions request, as bytes. */
  const post = (body: Record<string, unknown>) =>
    fetch(`${t.gateway.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(body) });

  it("an OpenAI-compatible provider's stream reaches the client byte for byte, and the ledger bills it from the same bytes", async () => {
    const response = await post({ model: "rec-openai/m", messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_usage: true } });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), envelope("openai", fixtureLines("openai-text.jsonl")));
    const stream = await client.chat.completions.create({ model: "rec-openai/m", messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_usage: true } });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, recordedOpenAIText("openai-text.jsonl"));
    assert.equal(finish, "stop");
    assert.deepEqual([usage?.prompt_tokens, usage?.completion_tokens], [16, 300], "the provider's own usage");
    // 16 in × $1 + 300 out × $2 per 1M.
    const record = t.records().at(-1)!;
    assert.deepEqual([record.feature, record.project, record.provider, record.outcome, record.inputTokens, record.outputTokens, record.costUsd], ["gateway", "gateway-tests", "rec-openai", "ok", 16, 300, 0.000616]);
  });

  it("a stream that did not ask for usage: the provider is asked for it, the bill is exact, and the client never sees the usage chunk", async () => {
    const response = await post({ model: "rec-openai/m", messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_obfuscation: false } });
    const lines = fixtureLines("openai-text.jsonl");
    assert.equal(await response.text(), envelope("openai", lines.filter((line) => JSON.parse(line).choices.length > 0)));
    const sent = t.servers.openai.requests.at(-1)!.body as { stream_options: unknown };
    assert.deepEqual(sent.stream_options, { include_obfuscation: false, include_usage: true }, "the client's own options kept");
    const record = t.records().at(-1)!;
    assert.deepEqual([record.outcome, record.inputTokens, record.outputTokens, record.costUsd], ["ok", 16, 300, 0.000616]);
  });

  it("a provider that puts usage in its last choice chunk (Groq) is relayed whole, streamed or not, and its tool call billed", async () => {
    const lines = fixtureLines("groq-tool-call.jsonl");
    t.servers.openai.serveOpenAI(lines, 13);
    const tools = [{ type: "function", function: { name: "weather", parameters: { type: "object", properties: {} } } }];
    const streamed = await post({ model: "rec-openai/m", messages: [{ role: "user", content: "Weather?" }], tools, stream: true });
    assert.equal(await streamed.text(), envelope("openai", lines), "a chunk with a choice is the client's, usage or not");
    const completion = await client.chat.completions.create({ model: "rec-openai/m", messages: [{ role: "user", content: "Weather?" }], tools: tools as OpenAI.ChatCompletionTool[] });
    assert.deepEqual(completion, completionOfChunks(lines));
    assert.equal(completion.choices[0]?.message.tool_calls?.[0]?.id, "tk85n1k4m");
    for (const record of t.records().slice(-2)) assert.deepEqual([record.outcome, record.inputTokens, record.outputTokens], ["ok", 210, 15]);
  });

  it("reports reasoning inside completion tokens, as OpenAI does (a recorded DeepSeek stream)", async () => {
    t.servers.openai.serveOpenAI(fixtureLines("deepseek-reasoning.jsonl"), 13);
    const completion = await client.chat.completions.create({ model: "rec-openai/m", messages: [{ role: "user", content: "hi" }] });
    assert.equal(completion.usage?.completion_tokens, 219);
    assert.equal(completion.usage?.completion_tokens_details?.reasoning_tokens, 205);
  });

  it("answers without streaming with the provider's completion as it came; x-switchboard-project and -feature tag the ledger", async () => {
    const completion = await client.chat.completions.create(
      { model: "rec-openai/m", messages: [{ role: "user", content: "hi" }] },
      { headers: { "x-switchboard-project": "billing", "x-switchboard-feature": "nightly" } },
    );
    assert.deepEqual(completion, completionOfChunks(fixtureLines("openai-text.jsonl")));
    assert.equal(completion.choices[0]?.message.content, recordedOpenAIText("openai-text.jsonl"));
    assert.equal((t.servers.openai.requests.at(-1)!.body as { stream?: boolean }).stream, undefined, "asked unstreamed, as the client did");
    const record = t.records().at(-1)!;
    assert.deepEqual([record.project, record.feature, record.inputTokens, record.outputTokens, record.costUsd], ["billing", "nightly", 16, 300, 0.000616]);
  });

  it("a tool round trip: an Anthropic model's call comes back as OpenAI tool_calls, and the result goes upstream as tool_result", async () => {
    t.servers.anthropic.serveSse(envelope("anthropic", fixtureLines("anthropic-json-tool.jsonl")), 9);
    const tools: OpenAI.ChatCompletionTool[] = [{ type: "function", function: { name: "json", description: "Answer as JSON", parameters: { type: "object", properties: {} } } }];
    const stream = await client.chat.completions.create({ model: "rec-anthropic/m", messages: [{ role: "user", content: "Weather?" }], tools, stream: true });
    const calls = new Map<number, { id?: string; name?: string; arguments: string }>();
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const piece of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = calls.get(piece.index) ?? { arguments: "" };
        call.id ??= piece.id;
        call.name ??= piece.function?.name;
        call.arguments += piece.function?.arguments ?? "";
        calls.set(piece.index, call);
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(finish, "tool_calls");
    const call = calls.get(0)!;
    assert.equal(call.name, "json");
    assert.match(call.id!, /^toolu_/);
    assert.deepEqual(JSON.parse(call.arguments), { elements: [{ location: "San Francisco", temperature: 58, condition: "sunny" }] });

    t.servers.anthropic.serveSse(envelope("anthropic", fixtureLines("anthropic-text.jsonl")));
    const answer = await client.chat.completions.create({
      model: "rec-anthropic/m",
      tools,
      messages: [
        { role: "user", content: "Weather?" },
        { role: "assistant", content: null, tool_calls: [{ id: call.id!, type: "function", function: { name: "json", arguments: call.arguments } }] },
        { role: "tool", tool_call_id: call.id!, content: "58F and sunny" },
      ],
    });
    assert.match(answer.choices[0]?.message.content ?? "", /How are you doing today\?/);
    const upstream = t.servers.anthropic.requests.at(-1)!.body as { messages: unknown[] };
    assert.deepEqual(upstream.messages.slice(1), [
      { role: "assistant", content: [{ type: "tool_use", id: call.id, name: "json", input: JSON.parse(call.arguments) }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "58F and sunny" }] },
    ]);
  });

  it("JSON output and an image reach the provider in its own shapes", async () => {
    t.servers.gemini.serveSse(envelope("gemini", fixtureLines("google-text.jsonl")));
    const png = "data:image/png;base64,iVBORw0KGgo=";
    await client.chat.completions.create({
      model: "rec-gemini/m",
      messages: [{ role: "user", content: [{ type: "text", text: "What is it?" }, { type: "image_url", image_url: { url: png } }] }],
      response_format: { type: "json_schema", json_schema: { name: "thing", schema: { type: "object", properties: { name: { type: "string" } } } } },
    });
    const upstream = t.servers.gemini.requests.at(-1)!.body as { contents: unknown; generationConfig: unknown };
    assert.deepEqual(upstream.contents, [{ role: "user", parts: [{ text: "What is it?" }, { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } }] }]);
    assert.deepEqual(upstream.generationConfig, { responseMimeType: "application/json", responseSchema: { type: "object", properties: { name: { type: "string" } } } });
  });

  it("models: falls back past a 503 and a 429 to the next model; the client gets only the answer", async () => {
    t.servers.down.serveStatus(503, JSON.stringify({ error: { message: "maintenance" } }));
    t.servers.trainer.serveStatus(429, JSON.stringify({ error: { message: "slow down" } }));
    const body = { model: "down/m", models: ["trainer/m", "rec-openai/m"], messages: [{ role: "user", content: "hi" }] } as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const completion = await client.chat.completions.create(body);
    assert.equal(completion.choices[0]?.message.content, recordedOpenAIText("openai-text.jsonl"));
    assert.deepEqual(t.records().slice(-3).map((r) => [r.provider, r.outcome]), [["down", "overloaded"], ["trainer", "rate-limit"], ["rec-openai", "ok"]]);
  });

  it("every fallback failed: the last provider's status and message, in OpenAI's error shape", async () => {
    t.servers.down.serveStatus(429, JSON.stringify({ error: { message: "quota exceeded" } }));
    await assert.rejects(
      client.chat.completions.create({ model: "down/m", messages: [{ role: "user", content: "hi" }] }),
      (error: unknown) => error instanceof OpenAI.RateLimitError && error.status === 429 && /quota exceeded/.test(error.message),
    );
  });

  it("provider.max_price and data_collection: deny exclude providers without contacting them", async () => {
    const priced = { model: "pricey/m", models: ["rec-openai/m"], provider: { max_price: { prompt: 5, completion: 10 } }, messages: [{ role: "user", content: "hi" }] };
    const cheap = await client.chat.completions.create(priced as OpenAI.ChatCompletionCreateParamsNonStreaming);
    assert.equal(cheap.choices[0]?.message.content, recordedOpenAIText("openai-text.jsonl"));
    assert.equal(t.servers.pricey.requests.length, 0);
    t.servers.openai.serveOpenAI(fixtureLines("mistral-text.jsonl"));
    const privateRequest = { model: "trainer/m", models: ["rec-openai/m"], provider: { data_collection: "deny" }, messages: [{ role: "user", content: "hi" }] };
    const kept = await client.chat.completions.create(privateRequest as OpenAI.ChatCompletionCreateParamsNonStreaming);
    assert.equal(kept.choices[0]?.message.content, recordedOpenAIText("mistral-text.jsonl"));
    assert.deepEqual(t.records().at(-1)!.provider, "rec-openai");
    assert.equal(t.servers.trainer.requests.length, 0);
    const nothing = { model: "pricey/m", provider: { max_price: { prompt: 5 } }, messages: [{ role: "user", content: "hi" }] };
    await assert.rejects(client.chat.completions.create(nothing as OpenAI.ChatCompletionCreateParamsNonStreaming), (error: unknown) => {
      return error instanceof OpenAI.PermissionDeniedError && /input costs \$30\/1M, above your cap of \$5\/1M/.test(error.message);
    });
  });

  it("refuses a wrong token (401), an unknown model (404), a bad body (400) and a non-loopback Host (403), sending nothing", async () => {
    const wrong = new OpenAI({ baseURL: `${t.gateway.url}/v1`, apiKey: "sb-wrong", maxRetries: 0 });
    await assert.rejects(wrong.chat.completions.create({ model: "rec-openai/m", messages: [{ role: "user", content: "hi" }] }), OpenAI.AuthenticationError);
    await assert.rejects(client.chat.completions.create({ model: "nowhere/m", messages: [{ role: "user", content: "hi" }] }), OpenAI.NotFoundError);
    await assert.rejects(
      client.chat.completions.create({ model: "rec-openai/m", messages: [] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /messages: at least one message is needed/.test(error.message),
    );
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(t.gateway.url);
      const req = httpRequest({ host: "127.0.0.1", port, path: "/v1/models", headers: { host: "attacker.example", authorization: `Bearer ${TOKEN}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    assert.equal(status, 403);
    assert.equal(Object.values(t.servers).reduce((sum, server) => sum + server.requests.length, 0), 0);
  });

  it("lists the usable models like OpenRouter's list, prices in USD per token as exact decimal strings", async () => {
    const page = await client.models.list();
    const pricey = page.data.find((model) => model.id === "pricey/m") as unknown as { pricing: { prompt: string; completion: string }; context_length: number };
    assert.deepEqual(pricey.pricing, { prompt: "0.00003", completion: "0.00006" });
    assert.ok(pricey.context_length > 0);
  });

  it("a reset after the first token ends the stream with an error, never a silent normal end", async () => {
    const lines = fixtureLines("openai-text.jsonl");
    t.servers.openai.serveThenReset(lines.slice(0, 5).map((line) => `data: ${line}\n\n`).join(""));
    const stream = await client.chat.completions.create({ model: "rec-openai/m", messages: [{ role: "user", content: "hi" }], stream: true });
    let text = "";
    await assert.rejects(async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    }, OpenAI.APIError);
    assert.ok(text.length > 0, "the partial answer arrived before the error");
  });

  it("a client that disconnects cancels the upstream request at once; the ledger records it cancelled, billed at an estimate", async () => {
    const lines = fixtureLines("openai-text.jsonl");
    t.servers.openai.handle(async (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const line of lines) {
        if (res.destroyed) return;
        res.write(`data: ${line}\n\n`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      res.end("data: [DONE]\n\n");
    });
    const closedBefore = t.servers.openai.closedConnections;
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: "rec-openai/m", messages: [{ role: "user", content: "hi" }], stream: true }, { signal: controller.signal });
    let chunks = 0;
    try {
      for await (const _chunk of stream) if (++chunks === 5) controller.abort();
    } catch {
      // The SDK may end an aborted stream with an error or quietly: either way the client is gone.
    }
    assert.ok(chunks >= 5 && chunks < 100, `the client stopped reading early (${chunks} chunks)`);
    const deadline = Date.now() + 3_000;
    while ((t.records().at(-1)?.outcome !== "cancelled" || t.servers.openai.closedConnections === closedBefore) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(t.servers.openai.closedConnections > closedBefore, "the upstream socket was closed");
    const record = t.records().at(-1)!;
    assert.equal(record.outcome, "cancelled");
    assert.equal(record.estimated, true);
    assert.ok(record.outputTokens > 0);
  });

  it("64 parallel streams, each answered in full and billed once in the ledger", async () => {
    const before = t.records().length;
    const texts = await Promise.all(
      Array.from({ length: 64 }, async () => {
        const stream = await client.chat.completions.create({ model: "rec-openai/m", messages: [{ role: "user", content: "hi" }], stream: true });
        let text = "";
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
        return text;
      }),
    );
    assert.ok(texts.every((text) => text === recordedOpenAIText("openai-text.jsonl")));
    const records = t.records().slice(before);
    assert.equal(records.length, 64);
    assert.equal(new Set(records.map((r) => r.requestId)).size, 64);
    assert.ok(records.every((r) => r.outcome === "ok" && r.costUsd === 0.000616));
  });

  it("a provider of the same wire gets the body as sent (its own model id, no routing fields); another wire gets none of its fields", async () => {
    const sent = { seed: 7, top_p: 0.5, stop: ["END"], logit_bias: { "50256": -100 }, messages: [{ role: "user", content: "hi" }], a_field_added_next_year: { nested: [1, { kept: true }] } };
    const body = { model: "rec-openai/m", models: ["rec-openai/m"], provider: { data_collection: "deny" }, ...sent } as OpenAI.ChatCompletionCreateParamsNonStreaming;
    await client.chat.completions.create(body);
    const openai = t.servers.openai.requests.at(-1)!;
    assert.deepEqual(openai.body, { model: "m", ...sent });
    assert.equal(openai.url, "/v1/chat/completions");
    assert.equal(openai.headers.authorization, undefined, "the gateway token never reaches a provider (this one has no key)");
    t.servers.anthropic.serveSse(envelope("anthropic", fixtureLines("anthropic-text.jsonl")));
    await client.chat.completions.create({ ...body, model: "rec-anthropic/m" });
    const anthropic = t.servers.anthropic.requests.at(-1)!.body as Record<string, unknown>;
    assert.equal(anthropic.seed, undefined, "an OpenAI field never reaches the Anthropic API");
    assert.equal(anthropic.top_p, undefined);
  });

  it("a model whose provider has no key is a 400 naming the fix, which the openai and Anthropic SDKs do not retry", async () => {
    let openaiCalls = 0;
    const counted = (count: () => void): typeof fetch => (input, init) => {
      count();
      return fetch(input, init);
    };
    const openai = new OpenAI({ baseURL: `${t.gateway.url}/v1`, apiKey: TOKEN, maxRetries: 2, fetch: counted(() => openaiCalls++) });
    await assert.rejects(
      openai.chat.completions.create({ model: "keyless/m", messages: [{ role: "user", content: "hi" }] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /no API key for keyless: set the environment variable KEYLESS_TEST_API_KEY/.test(error.message),
    );
    assert.equal(openaiCalls, 1, "not retried");
    let anthropicCalls = 0;
    const anthropic = new Anthropic({ baseURL: t.gateway.url, apiKey: TOKEN, maxRetries: 2, fetch: counted(() => anthropicCalls++) });
    await assert.rejects(
      anthropic.messages.create({ model: "keyless/m", max_tokens: 100, messages: [{ role: "user", content: "hi" }] }),
      (error: unknown) => error instanceof Anthropic.BadRequestError && /no API key for keyless/.test(error.message),
    );
    assert.equal(anthropicCalls, 1, "not retried");
  });

  it("a streamed call without arguments (an Anthropic tool_use with empty input) reaches the SDK as \"{}\", JSON it can parse", async () => {
    // Derived in code from the recorded tool-use stream: the same call with no input_json_delta pieces.
    const lines = fixtureLines("anthropic-json-tool.jsonl").filter((line) => !line.includes('"input_json_delta"'));
    t.servers.anthropic.serveSse(envelope("anthropic", lines));
    const stream = await client.chat.completions.create({
      model: "rec-anthropic/m",
      messages: [{ role: "user", content: "Call the tool." }],
      tools: [{ type: "function", function: { name: "json", parameters: { type: "object", properties: {} } } }],
      stream: true,
    });
    let args = "";
    let name = "";
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += call.function?.name ?? "";
        args += call.function?.arguments ?? "";
      }
    }
    assert.equal(name, "json");
    assert.equal(args, "{}");
    assert.deepEqual(JSON.parse(args), {});
  });
});
