// The gateway on the client's own wire: a provider of that wire gets the request as the client sent it
// (model and routing fields aside) with the client's API headers, and the client gets the provider's bytes
// as they came, while the ledger is billed from the same bytes. Requests shaped like Claude Code's and
// Gemini CLI's (every field the issue names), answered with recorded real streams.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { envelope, fixtureLines } from "./fixture-server";
import { startTestGateway, type TestGateway, TOKEN } from "./gateway-helpers";

/** A request with everything Claude Code 2.1 sends: system turns in messages, cache_control, adaptive
 * thinking with a signed thinking block from the last turn, context management, effort, deferred tools,
 * a hosted tool, metadata with its session, and a field no API has yet. */
function claudeCodeLikeBody(model: string, stream = true): Record<string, unknown> {
  return {
    model,
    max_tokens: 32000,
    stream,
    system: [
      { type: "text", text: "x-anthropic-billing-header: cc_version=2.1.328;" },
      { type: "text", text: "You are a coding agent.", cache_control: { type: "ephemeral" } },
    ],
    messages: [
      { role: "user", content: [{ type: "text", text: "<system-reminder>context</system-reminder>" }, { type: "text", text: "Write hello.txt", cache_control: { type: "ephemeral" } }] },
      { role: "system", content: [{ type: "text", text: "# Environment\nWorking directory: /work" }] },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "I should write the file.", signature: "EsECCokBCBAYAipA9i3HF1aHpQITkdN8==" },
          { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT" },
          { type: "tool_use", id: "toolu_01", name: "Write", input: { file_path: "hello.txt", content: "hi" } },
        ],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_01", content: "File written", cache_control: { type: "ephemeral" } }] },
    ],
    tools: [
      { name: "Write", description: "Write a file", input_schema: { type: "object", properties: { file_path: { type: "string" }, content: { type: "string" } }, required: ["file_path", "content"] } },
      { name: "DeferredToolPlaceholder", description: "Loaded on demand", input_schema: { type: "object", properties: {} }, defer_loading: true },
      { type: "web_search_20250305", name: "web_search", max_uses: 3 },
    ],
    metadata: { user_id: JSON.stringify({ device_id: "d3v1c3", account_uuid: "", session_id: "a47a2944-20b7-4ad4-9d72-c5cc29ef7f1e" }) },
    thinking: { type: "adaptive", display: "omitted" },
    context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
    output_config: { effort: "medium" },
    a_field_added_next_year: { nested: [1, { kept: true }] },
  };
}

const CLAUDE_CODE_HEADERS = {
  "content-type": "application/json",
  "user-agent": "claude-cli/2.1.328 (external, sdk-cli)",
  "anthropic-version": "2023-06-01",
  "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27",
  "x-app": "cli",
  "x-api-key": TOKEN,
};

/** Splits a payload into 7-byte pieces, each written on its own turn (the worst framing a network gives). */
const everySevenBytes = (payload: Buffer) => Array.from({ length: Math.ceil(payload.length / 7) }, (_, i) => i * 7);

describe("gateway: the client's own wire, as sent both ways", () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());
  beforeEach(() => {
    for (const server of Object.values(t.servers)) server.requests.length = 0;
    t.logged.length = 0;
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = CLAUDE_CODE_HEADERS) =>
    fetch(`${t.gateway.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });

  for (const pieces of ["whole", "in 7-byte pieces"] as const) {
    it(`Claude Code's request reaches an Anthropic provider as sent, and its answer (thinking with signature) comes back byte for byte, ${pieces}`, async () => {
      const recorded = envelope("anthropic", fixtureLines("anthropic-thinking-signature.jsonl"));
      const payload = Buffer.from(recorded, "utf8");
      if (pieces === "whole") t.servers.anthropic.serveSse(recorded);
      else t.servers.anthropic.serveSplit(payload, everySevenBytes(payload));
      const sent = { ...claudeCodeLikeBody("rec-anthropic/m"), models: ["rec-openai/m"], provider: { allow_fallbacks: true } };
      const response = await post("/v1/messages?beta=true", sent);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "text/event-stream");
      assert.equal(await response.text(), recorded);

      const upstream = t.servers.anthropic.requests.at(-1)!;
      assert.equal(upstream.url, "/v1/messages?beta=true");
      const { models: _models, provider: _provider, ...asSent } = sent;
      assert.deepEqual(upstream.body, { ...asSent, model: "m" });
      assert.equal(upstream.headers["anthropic-beta"], CLAUDE_CODE_HEADERS["anthropic-beta"]);
      assert.equal(upstream.headers["anthropic-version"], "2023-06-01");
      assert.equal(upstream.headers["x-app"], "cli");
      assert.equal(upstream.headers["user-agent"], CLAUDE_CODE_HEADERS["user-agent"]);
      // The gateway token is the client's credential for Switchboard, never the provider's.
      assert.ok(!JSON.stringify(upstream.headers).includes(TOKEN));

      const record = t.records().at(-1)!;
      assert.deepEqual(
        [record.provider, record.model, record.outcome, record.inputTokens, record.outputTokens, record.caller, record.session],
        ["rec-anthropic", "m", "ok", 47, 373, "claude-code", "a47a2944-20b7-4ad4-9d72-c5cc29ef7f1e"],
      );
      assert.equal(record.costUsd, (47 * 1 + 373 * 2) / 1e6);
    });
  }

  it("the thinking block and its signature read by the official SDK are the provider's, unchanged", async () => {
    const lines = fixtureLines("anthropic-thinking-signature.jsonl");
    t.servers.anthropic.serveSse(envelope("anthropic", lines));
    const client = new Anthropic({ baseURL: t.gateway.url, apiKey: TOKEN, maxRetries: 0 });
    const message = await client.messages.stream({ model: "rec-anthropic/m", max_tokens: 2000, thinking: { type: "enabled", budget_tokens: 1024 }, messages: [{ role: "user", content: "gcd(1071, 462)?" }] }).finalMessage();
    const signature = lines.map((line) => JSON.parse(line)).find((event) => event.delta?.type === "signature_delta").delta.signature;
    const thinking = message.content.find((block) => block.type === "thinking");
    assert.ok(thinking && thinking.type === "thinking");
    assert.equal(thinking.signature, signature);
    assert.match(thinking.thinking, /Euclidean algorithm/);
    assert.equal(message.model, "claude-sonnet-5");
  });

  it("an unstreamed request gets the provider's JSON as it came, and is billed from it", async () => {
    const answer = {
      id: "msg_01",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-5",
      content: [{ type: "text", text: "Done." }, { type: "tool_use", id: "toolu_02", name: "Write", input: { file_path: "a.txt", content: "x" } }],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 12, cache_read_input_tokens: 3000, cache_creation_input_tokens: 0, output_tokens: 40, service_tier: "standard" },
    };
    const text = `${JSON.stringify(answer, null, 1)}\n`;
    t.servers.anthropic.handle((_req, res) => res.writeHead(200, { "content-type": "application/json", "request-id": "req_0123" }).end(text));
    const response = await post("/v1/messages", claudeCodeLikeBody("rec-anthropic/cached", false));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("request-id"), "req_0123");
    assert.equal(await response.text(), text);
    assert.equal((t.servers.anthropic.requests.at(-1)!.body as { stream: boolean }).stream, false);
    const record = t.records().at(-1)!;
    assert.deepEqual([record.inputTokens, record.cachedInputTokens, record.outputTokens], [3012, 3000, 40]);
    assert.equal(record.costUsd, (12 * 3 + 3000 * 0.3 + 40 * 15) / 1e6);
  });

  it("prompt caching survives: the cache writes are recorded and billed at the cache-write price", async () => {
    t.servers.anthropic.serveSse(envelope("anthropic", fixtureLines("anthropic-prompt-cache.jsonl")));
    const response = await post("/v1/messages", claudeCodeLikeBody("rec-anthropic/cached"));
    await response.text();
    const cacheMarks = JSON.stringify(t.servers.anthropic.requests.at(-1)!.body).match(/"cache_control"/g) ?? [];
    assert.equal(cacheMarks.length, 3);
    const record = t.records().at(-1)!;
    const final = fixtureLines("anthropic-prompt-cache.jsonl").map((line) => JSON.parse(line)).filter((event) => event.type === "message_delta").at(-1).usage;
    assert.equal(record.cacheWriteTokens, final.cache_creation_input_tokens);
    assert.equal(record.cachedInputTokens, final.cache_read_input_tokens);
  });

  it("a provider failing before its first output falls back unseen: the client gets the next model's answer in Anthropic's shape", async () => {
    t.servers.anthropic.serveStatus(529, JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }));
    t.servers.openai.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    const client = new Anthropic({ baseURL: t.gateway.url, apiKey: TOKEN, maxRetries: 0 });
    const message = await client.messages
      .stream({ ...(claudeCodeLikeBody("rec-anthropic/m") as unknown as Anthropic.MessageStreamParams), models: ["rec-openai/m"] } as Anthropic.MessageStreamParams)
      .finalMessage();
    assert.equal(message.model, "rec-openai/m");
    assert.ok(message.content.some((block) => block.type === "text" && block.text.length > 0));
    assert.deepEqual(t.records().slice(-2).map((r) => [r.provider, r.outcome]), [["rec-anthropic", "overloaded"], ["rec-openai", "ok"]]);
  });

  it("an error event before any output drops that attempt's bytes: the fallback's answer is all the client sees", async () => {
    const start = fixtureLines("anthropic-text.jsonl")[0]!;
    t.servers.anthropic.serveSse(envelope("anthropic", [start, JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } })]));
    t.servers.openai.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    const response = await post("/v1/messages", { ...claudeCodeLikeBody("rec-anthropic/m"), models: ["rec-openai/m"] });
    const text = await response.text();
    assert.equal(text.match(/event: message_start/g)?.length, 1);
    assert.ok(!text.includes("overloaded_error"));
    assert.match(text, /"model":"rec-openai\/m"/);
  });

  it("a relayed stream cut short after its first output closes with Anthropic's error event, which the SDK raises (regression: it ended cleanly)", async () => {
    const recorded = envelope("anthropic", fixtureLines("anthropic-text.jsonl"));
    const cut = recorded.indexOf("event: content_block_stop");
    t.servers.anthropic.serveThenReset(recorded.slice(0, cut));
    const response = await post("/v1/messages", claudeCodeLikeBody("rec-anthropic/m"));
    const text = await response.text();
    assert.ok(text.startsWith(recorded.slice(0, cut)), "what the provider sent, as it came");
    const closing = text.slice(cut);
    assert.match(closing, /^event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"[^"]+"\}\}\n\n$/);
    const client = new Anthropic({ baseURL: t.gateway.url, apiKey: TOKEN, maxRetries: 0 });
    await assert.rejects(client.messages.stream({ model: "rec-anthropic/m", max_tokens: 100, messages: [{ role: "user", content: "hi" }] }).finalMessage(), Anthropic.APIError);
    assert.equal(t.records().at(-1)!.outcome, "network");
  });

  it("a provider's own error event after its first output reaches the client as it came, with nothing added", async () => {
    const lines = fixtureLines("anthropic-text.jsonl");
    const overloaded = JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    const payload = envelope("anthropic", [...lines.slice(0, 4), overloaded]);
    t.servers.anthropic.serveSse(payload);
    const response = await post("/v1/messages", claudeCodeLikeBody("rec-anthropic/m"));
    assert.equal(await response.text(), payload);
  });

  it("on another wire every body is one that wire accepts: system turns in place, no Anthropic-only fields, hosted tools left out and logged", async () => {
    t.servers.openai.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    const response = await post("/v1/messages", claudeCodeLikeBody("rec-openai/m"));
    assert.equal(response.status, 200);
    await response.text();
    const upstream = t.servers.openai.requests.at(-1)!.body as { messages: Array<{ role: string; content: unknown; tool_calls?: unknown[] }>; tools: Array<{ function: { name: string } }> } & Record<string, unknown>;
    assert.deepEqual(
      upstream.messages.map((m) => m.role),
      ["system", "user", "system", "assistant", "tool"],
    );
    assert.equal(upstream.messages[2]!.content, "# Environment\nWorking directory: /work");
    assert.deepEqual(upstream.messages[3]!.tool_calls, [{ id: "toolu_01", type: "function", function: { name: "Write", arguments: '{"file_path":"hello.txt","content":"hi"}' } }]);
    const text = JSON.stringify(upstream);
    for (const vendorOnly of ["cache_control", "signature", "redacted_thinking", "context_management", "output_config", "defer_loading", "web_search", "a_field_added_next_year", "metadata"]) {
      assert.ok(!text.includes(vendorOnly), `${vendorOnly} must not reach an OpenAI-compatible provider`);
    }
    assert.deepEqual(upstream.tools.map((tool) => tool.function.name), ["Write", "DeferredToolPlaceholder"]);
    // rec-openai/m is no reasoning model: it must not be sent a reasoning effort.
    assert.equal(upstream.reasoning_effort, undefined);
    assert.deepEqual(t.logged, ["rec-openai/m cannot run Anthropic's hosted tools; left out: web_search (web_search_20250305)"]);
  });

  it("thinking and effort become a reasoning model's reasoning_effort", async () => {
    t.servers.openai.serveSse(envelope("openai", fixtureLines("deepseek-reasoning.jsonl")));
    await (await post("/v1/messages", { ...claudeCodeLikeBody("rec-openai/reasoner"), output_config: { effort: "high" } })).text();
    assert.equal((t.servers.openai.requests.at(-1)!.body as Record<string, unknown>).reasoning_effort, "high");
  });

  it("a bare model name (an agent's own default) is the usable model of that name, one of the client's wire first", async () => {
    t.servers.anthropic.serveSse(envelope("anthropic", fixtureLines("anthropic-text.jsonl")));
    const response = await post("/v1/messages", claudeCodeLikeBody("m"));
    assert.equal(response.status, 200);
    await response.text();
    assert.equal(t.records().at(-1)!.provider, "rec-anthropic");
    t.servers.gemini.serveSse(envelope("gemini", fixtureLines("google-text.jsonl")));
    await (await post("/v1beta/models/m:streamGenerateContent?alt=sse", { contents: [{ role: "user", parts: [{ text: "hi" }] }] }, { "content-type": "application/json", "x-goog-api-key": TOKEN })).text();
    assert.equal(t.records().at(-1)!.provider, "rec-gemini");
  });

  it("a malformed block is a 400 in Anthropic's shape, naming where it is", async () => {
    const body = claudeCodeLikeBody("rec-anthropic/m");
    (body.messages as Array<{ content: Array<Record<string, unknown>> }>)[2]!.content[2] = { type: "tool_use", name: "Write", input: {} };
    const response = await post("/v1/messages", body);
    assert.equal(response.status, 400);
    const error = (await response.json()) as { type: string; error: { type: string; message: string } };
    assert.equal(error.error.type, "invalid_request_error");
    assert.match(error.error.message, /^messages\[2\]\.content\[2\]\.id: /);
    assert.equal(t.servers.anthropic.requests.length, 0);
  });

  it("count_tokens: the Anthropic provider counts on its wire (as sent); another wire is estimated locally", async () => {
    t.servers.anthropic.handle((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"input_tokens":1234}'));
    const { max_tokens: _max, stream: _stream, ...countBody } = claudeCodeLikeBody("rec-anthropic/m");
    const native = await post("/v1/messages/count_tokens?beta=true", countBody);
    assert.deepEqual(await native.json(), { input_tokens: 1234 });
    const upstream = t.servers.anthropic.requests.at(-1)!;
    assert.equal(upstream.url, "/v1/messages/count_tokens?beta=true");
    assert.deepEqual(upstream.body, { ...countBody, model: "m" });
    const local = (await (await post("/v1/messages/count_tokens", { ...countBody, model: "rec-openai/m" })).json()) as { input_tokens: number };
    assert.ok(local.input_tokens > 20 && local.input_tokens < 400, `estimate ${local.input_tokens}`);
    assert.equal(t.servers.openai.requests.length, 0);
  });

  describe("Gemini's API", () => {
    const geminiCliBody = () => ({
      contents: [
        { role: "user", parts: [{ text: "<session_context>\nThis is the Gemini CLI.\n</session_context>" }, { text: "List the files" }] },
        { role: "model", parts: [{ text: "Looking.", thought: true }, { functionCall: { name: "list_directory", args: { dir_path: "." } }, thoughtSignature: "CiQB0e2Kb7sig==" }] },
        { role: "user", parts: [{ functionResponse: { name: "list_directory", response: { output: "a.txt\nb.txt" } } }] },
      ],
      systemInstruction: { role: "user", parts: [{ text: "You are an interactive CLI agent." }] },
      tools: [
        { functionDeclarations: [{ name: "list_directory", description: "Lists a directory", parametersJsonSchema: { type: "object", properties: { dir_path: { type: "string" } } } }] },
        { googleSearch: {} },
      ],
      generationConfig: { temperature: 1, topP: 0.95, topK: 64, thinkingConfig: { includeThoughts: true, thinkingLevel: "HIGH" } },
    });
    const geminiHeaders = { "content-type": "application/json", "user-agent": "GeminiCLI/0.61.0/gemini-3.1-pro-preview (linux; x64)", "x-goog-api-client": "google-genai-sdk/1.30.0 gl-node/v20.20.2" };

    it("streamGenerateContent on a Gemini model: the body as sent, the model from the path (with its slash), the answer byte for byte", async () => {
      const recorded = envelope("gemini", fixtureLines("google-tool-call.jsonl"));
      t.servers.gemini.serveSse(recorded);
      const body = geminiCliBody();
      const response = await post("/v1beta/models/rec-gemini/m:streamGenerateContent?alt=sse", body, { ...geminiHeaders, "x-goog-api-key": TOKEN });
      assert.equal(response.status, 200);
      assert.equal(await response.text(), recorded);
      const upstream = t.servers.gemini.requests.at(-1)!;
      assert.equal(upstream.url, "/v1beta/models/m:streamGenerateContent?alt=sse");
      assert.deepEqual(upstream.body, body);
      assert.equal(upstream.headers["x-goog-api-client"], geminiHeaders["x-goog-api-client"]);
      assert.ok(!JSON.stringify(upstream.headers).includes(TOKEN));
      const record = t.records().at(-1)!;
      assert.equal(record.caller, "gemini-cli");
      assert.match(record.session ?? "", /^conv-[0-9a-f]{16}$/);
    });

    it("the gateway token may come as ?key=, which is not passed on", async () => {
      // An unstreamed answer is one chunk of the stream, whole.
      const answer = fixtureLines("google-text.jsonl").at(-1)!;
      t.servers.gemini.handle((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(answer));
      const response = await post(`/v1beta/models/rec-gemini%2Fm:generateContent?key=${TOKEN}`, geminiCliBody(), geminiHeaders);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), answer);
      assert.equal(t.servers.gemini.requests.at(-1)!.url, "/v1beta/models/m:generateContent");
    });

    it("on another wire: function calls and responses tied by id, hosted tools left out, the answer streamed in Gemini's shape with usage", async () => {
      t.servers.openai.serveSse(envelope("openai", fixtureLines("groq-tool-call.jsonl")));
      const response = await post("/v1beta/models/rec-openai/m:streamGenerateContent?alt=sse", geminiCliBody(), { ...geminiHeaders, "x-goog-api-key": TOKEN });
      assert.equal(response.status, 200);
      const chunks = (await response.text())
        .split("\n")
        .filter((line) => line.startsWith("data: "))
        .map((line) => JSON.parse(line.slice(6)));
      const calls = chunks.flatMap((chunk) => chunk.candidates[0].content.parts.filter((part: { functionCall?: unknown }) => part.functionCall));
      assert.deepEqual(calls, [{ functionCall: { id: "tk85n1k4m", name: "weather", args: {} } }]);
      const last = chunks.at(-1);
      assert.equal(last.candidates[0].finishReason, "STOP");
      assert.ok(last.usageMetadata.promptTokenCount > 0);
      const upstream = t.servers.openai.requests.at(-1)!.body as { messages: Array<{ role: string; tool_calls?: Array<{ id: string }>; tool_call_id?: string; content: unknown }>; tools: unknown[]; reasoning_effort?: string };
      assert.deepEqual(upstream.messages.map((m) => m.role), ["system", "user", "assistant", "tool"]);
      assert.equal(upstream.messages[3]!.tool_call_id, upstream.messages[2]!.tool_calls![0]!.id);
      assert.equal(upstream.messages[3]!.content, "a.txt\nb.txt");
      assert.equal(upstream.tools.length, 1);
      assert.ok(!JSON.stringify(upstream).includes("thoughtSignature"));
      assert.deepEqual(t.logged, ["rec-openai/m cannot run Gemini's hosted tools; left out: googleSearch"]);
    });

    it("generateContent on another wire answers one JSON body in Gemini's shape", async () => {
      t.servers.openai.serveSse(envelope("openai", fixtureLines("openai-text.jsonl")));
      const response = await post("/v1beta/models/rec-openai/m:generateContent", geminiCliBody(), { ...geminiHeaders, "x-goog-api-key": TOKEN });
      const answer = (await response.json()) as { candidates: Array<{ content: { role: string; parts: Array<{ text: string }> }; finishReason: string }>; usageMetadata: Record<string, number>; modelVersion: string };
      assert.equal(answer.candidates[0]!.content.role, "model");
      assert.ok(answer.candidates[0]!.content.parts[0]!.text.length > 100);
      assert.equal(answer.candidates[0]!.finishReason, "STOP");
      assert.equal(answer.usageMetadata.candidatesTokenCount, 300);
      assert.equal(answer.modelVersion, "rec-openai/m");
    });

    it("countTokens: forwarded to a Gemini model, estimated for another; errors in Google's shape", async () => {
      t.servers.gemini.handle((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"totalTokens":77}'));
      const native = await post("/v1beta/models/rec-gemini/m:countTokens", { contents: geminiCliBody().contents }, { ...geminiHeaders, "x-goog-api-key": TOKEN });
      assert.deepEqual(await native.json(), { totalTokens: 77 });
      assert.equal(t.servers.gemini.requests.at(-1)!.url, "/v1beta/models/m:countTokens");
      const local = (await (await post("/v1beta/models/rec-openai/m:countTokens", { contents: geminiCliBody().contents }, { ...geminiHeaders, "x-goog-api-key": TOKEN })).json()) as { totalTokens: number };
      assert.ok(local.totalTokens > 5);
      const unauthorised = await post("/v1beta/models/rec-gemini/m:generateContent", geminiCliBody(), { ...geminiHeaders, "x-goog-api-key": "wrong" });
      assert.equal(unauthorised.status, 401);
      assert.deepEqual(((await unauthorised.json()) as { error: { status: string } }).error.status, "UNAUTHENTICATED");
      const bad = await post("/v1beta/models/rec-gemini/m:generateContent", { contents: [] }, { ...geminiHeaders, "x-goog-api-key": TOKEN });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: { message: string } }).error.message, /contents/);
    });
  });
});
