// POST /v1/responses on the gateway: to a Responses provider the request goes as sent and the recorded
// events come back byte for byte (encrypted reasoning included); to a Chat Completions or Anthropic provider
// it is translated both ways, read by the official openai SDK. Requests shaped like Codex CLI 0.169's.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import OpenAI from "openai";
import { envelope, fixtureLines } from "./fixture-server";
import { startTestGateway, type TestGateway, TOKEN } from "./gateway-helpers";

const SESSION = "01a234ba-60ad-71d3-a981-4b3c211e2dc5";

const CODEX_HEADERS = {
  "content-type": "application/json",
  accept: "text/event-stream",
  authorization: `Bearer ${TOKEN}`,
  originator: "codex_exec",
  "user-agent": "codex_exec/0.169.0 (Debian 12.0.0; x86_64) xterm (codex_exec; 0.169.0)",
  "session-id": SESSION,
  "x-codex-beta-features": "remote_compaction_v2",
};

/** What Codex 0.169 sends on its second turn: developer instructions, its own reasoning item (encrypted),
 * a function call and a custom (apply_patch) call with their outputs, grouped MCP tools, hosted tools,
 * include, prompt_cache_key, client_metadata, and a field no API has yet. */
function codexLikeBody(model: string, stream = true): Record<string, unknown> {
  return {
    model,
    stream,
    instructions: "You are Codex.",
    input: [
      { type: "message", role: "developer", content: [{ type: "input_text", text: "<permissions>workspace-write</permissions>" }] },
      { type: "message", role: "user", content: [{ type: "input_text", text: "create hello.txt containing hi" }] },
      { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Write the file." }], encrypted_content: "gAAAAABpPDIU-encrypted-by-openai==" },
      { type: "function_call", call_id: "call_exec_1", name: "exec_command", arguments: '{"cmd":"ls"}' },
      { type: "function_call_output", call_id: "call_exec_1", output: "README.md" },
      { type: "custom_tool_call", call_id: "call_patch_1", name: "apply_patch", input: "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch" },
      { type: "custom_tool_call_output", call_id: "call_patch_1", output: "Success. Updated: A hello.txt" },
      { type: "function_call", call_id: "call_mcp_1", namespace: "mcp__docs", name: "search", arguments: '{"q":"x"}' },
      { type: "function_call_output", call_id: "call_mcp_1", output: [{ type: "input_text", text: "found" }] },
    ],
    tools: [
      { type: "function", name: "exec_command", description: "Runs a command", strict: false, parameters: { type: "object", properties: { cmd: { type: "string" } }, required: ["cmd"] } },
      { type: "custom", name: "apply_patch", description: "Edit files.", format: { type: "grammar", syntax: "lark", definition: "start: begin_patch hunk+ end_patch" } },
      { type: "namespace", name: "mcp__docs", description: "Docs server", tools: [{ type: "function", name: "search", parameters: { type: "object", properties: { q: { type: "string" } } } }] },
      { type: "web_search", external_web_access: false },
    ],
    tool_choice: "auto",
    parallel_tool_calls: true,
    reasoning: { effort: "medium", summary: "auto" },
    store: false,
    include: ["reasoning.encrypted_content"],
    prompt_cache_key: SESSION,
    text: { verbosity: "low" },
    client_metadata: { "x-codex-window-id": `${SESSION}:0` },
    a_field_added_next_year: { kept: [1, true] },
  };
}

interface Recorded {
  response: { output: Array<{ type: string; content?: Array<{ text?: string }>; summary?: Array<{ text: string }> }>; usage: { input_tokens: number; output_tokens: number } };
}
const completedOf = (name: string): Recorded =>
  fixtureLines(name)
    .map((line) => JSON.parse(line))
    .findLast((event) => event.type === "response.completed");

describe("gateway: POST /v1/responses", () => {
  let t: TestGateway;
  let client: OpenAI;
  before(async () => {
    t = await startTestGateway();
    client = new OpenAI({ baseURL: `${t.gateway.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
  });
  after(() => t.close());
  beforeEach(() => {
    for (const server of Object.values(t.servers)) server.requests.length = 0;
    t.logged.length = 0;
  });

  const post = (body: unknown, path = "/v1/responses") => fetch(`${t.gateway.url}${path}`, { method: "POST", headers: CODEX_HEADERS, body: JSON.stringify(body) });

  for (const pieces of ["whole", "in 7-byte pieces"] as const) {
    it(`same wire: Codex's request reaches a Responses provider as sent and the events (encrypted reasoning) come back byte for byte, ${pieces}`, async () => {
      const recorded = envelope("responses", fixtureLines("openai-responses-reasoning.jsonl"));
      const payload = Buffer.from(recorded, "utf8");
      if (pieces === "whole") t.servers.responses.serveSse(recorded);
      else t.servers.responses.serveSplit(payload, Array.from({ length: Math.ceil(payload.length / 7) }, (_, i) => i * 7));
      const sent = { ...codexLikeBody("rec-responses/m"), models: ["rec-openai/m"] };
      const response = await post(sent);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), recorded);
      assert.match(recorded, /"encrypted_content":"gAAAA/);

      const upstream = t.servers.responses.requests.at(-1)!;
      assert.equal(upstream.url, "/v1/responses");
      const { models: _models, ...asSent } = sent;
      assert.deepEqual(upstream.body, { ...asSent, model: "m" });
      assert.equal(upstream.headers["session-id"], SESSION);
      assert.equal(upstream.headers["x-codex-beta-features"], "remote_compaction_v2");
      assert.ok(!JSON.stringify(upstream.headers).includes(TOKEN));

      const record = t.records().at(-1)!;
      assert.deepEqual(
        [record.provider, record.model, record.outcome, record.inputTokens, record.outputTokens, record.caller, record.session],
        ["rec-responses", "m", "ok", 42, 2655, "codex", SESSION],
      );
      assert.equal(record.costUsd, (42 * 1 + 2655 * 2) / 1e6);
    });
  }

  it("same wire, unstreamed: the provider's Response JSON as it came, billed from its usage with cached tokens", async () => {
    const answer = completedOf("openai-responses-cached.jsonl").response;
    const text = JSON.stringify(answer);
    t.servers.responses.handle((_req, res) => res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_9" }).end(text));
    const response = await post(codexLikeBody("rec-responses/m", false));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-request-id"), "req_9");
    assert.equal(await response.text(), text);
    const record = t.records().at(-1)!;
    assert.deepEqual([record.inputTokens, record.cachedInputTokens, record.outputTokens], [51097, 49792, 2505]);
  });

  it("another wire (Chat Completions): every item translated, custom and grouped tools as functions, hosted tools and reasoning left out and logged", async () => {
    t.servers.openai.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    const response = await post(codexLikeBody("rec-openai/m"));
    assert.equal(response.status, 200);
    await response.text();
    const upstream = t.servers.openai.requests.at(-1)!.body as { messages: Array<Record<string, unknown>>; tools: Array<{ function: { name: string; parameters: Record<string, unknown> } }> } & Record<string, unknown>;
    assert.deepEqual(upstream.messages, [
      { role: "system", content: "You are Codex." },
      { role: "system", content: "<permissions>workspace-write</permissions>" },
      { role: "user", content: "create hello.txt containing hi" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_exec_1", type: "function", function: { name: "exec_command", arguments: '{"cmd":"ls"}' } }] },
      { role: "tool", tool_call_id: "call_exec_1", content: "README.md" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_patch_1", type: "function", function: { name: "apply_patch", arguments: JSON.stringify({ input: "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch" }) } }] },
      { role: "tool", tool_call_id: "call_patch_1", content: "Success. Updated: A hello.txt" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_mcp_1", type: "function", function: { name: "mcp__docs__search", arguments: '{"q":"x"}' } }] },
      { role: "tool", tool_call_id: "call_mcp_1", content: "found" },
    ]);
    assert.deepEqual(upstream.tools.map((tool) => tool.function.name), ["exec_command", "apply_patch", "mcp__docs__search"]);
    assert.match(JSON.stringify(upstream.tools[1]!.function.parameters), /start: begin_patch hunk\+ end_patch/);
    const text = JSON.stringify(upstream);
    for (const openAIOnly of ["encrypted_content", "prompt_cache_key", "client_metadata", "web_search", "a_field_added_next_year", '"include":']) {
      assert.ok(!text.includes(openAIOnly), `${openAIOnly} must not reach a Chat Completions provider`);
    }
    assert.deepEqual(t.logged, ["rec-openai/m is not on the Responses API; left out of the translated request: hosted tool web_search, reasoning items"]);
  });

  it("another wire, read by the official SDK: text streamed as output_text deltas, usage with cost on response.completed", async () => {
    t.servers.openai.serveSse(envelope("openai", fixtureLines("openai-text.jsonl")));
    const stream = client.responses.stream({ model: "rec-openai/m", input: "Tell me a story." });
    let deltas = "";
    stream.on("response.output_text.delta", (event) => {
      deltas += event.delta;
    });
    const final = await stream.finalResponse();
    const expected = fixtureLines("openai-text.jsonl")
      .map((line) => JSON.parse(line).choices?.[0]?.delta?.content ?? "")
      .join("");
    assert.equal(deltas, expected);
    const message = final.output.find((item) => item.type === "message");
    assert.ok(message?.type === "message");
    assert.deepEqual(message.content.map((part) => (part.type === "output_text" ? part.text : "")), [expected]);
    assert.equal(final.status, "completed");
    assert.equal(final.model, "rec-openai/m");
    assert.deepEqual({ ...final.usage }, { input_tokens: 16, input_tokens_details: { cached_tokens: 0 }, output_tokens: 300, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 316, cost: (16 + 300 * 2) / 1e6 });
    const record = t.records().at(-1)!;
    assert.equal(record.costUsd, (16 + 300 * 2) / 1e6);
    assert.equal(record.caller, "openai-sdk");
  });

  it("another wire (Anthropic): a tool call comes back as a function_call item tied by call_id, unstreamed too", async () => {
    const lines = fixtureLines("anthropic-json-tool.jsonl");
    const use = lines.map((line) => JSON.parse(line)).find((event) => event.content_block?.type === "tool_use").content_block;
    const args = lines
      .map((line) => JSON.parse(line))
      .filter((event) => event.delta?.type === "input_json_delta")
      .map((event) => event.delta.partial_json)
      .join("");
    const tools: OpenAI.Responses.Tool[] = [{ type: "function", name: use.name, parameters: { type: "object", properties: {} }, strict: false }];
    t.servers.anthropic.serveSse(envelope("anthropic", lines));
    const streamed = await client.responses.stream({ model: "rec-anthropic/m", input: "Use the tool.", tools }).finalResponse();
    t.servers.anthropic.serveSse(envelope("anthropic", lines));
    const whole = await client.responses.create({ model: "rec-anthropic/m", input: "Use the tool.", tools });
    for (const answer of [streamed, whole]) {
      const call = answer.output.find((item) => item.type === "function_call");
      assert.ok(call && call.type === "function_call");
      assert.equal(call.call_id, use.id);
      assert.equal(call.name, use.name);
      assert.deepEqual(JSON.parse(call.arguments), JSON.parse(args));
    }
  });

  it("a custom tool's call made on another wire goes back as custom_tool_call with its text, a grouped one with its namespace", async () => {
    // Derived in code from the Groq recording: the same stream calling apply_patch, then mcp__docs__search.
    const chunks = fixtureLines("groq-tool-call.jsonl").map((line) => JSON.parse(line));
    const call = chunks.find((chunk) => chunk.choices?.[0]?.delta?.tool_calls);
    const patch = "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch";
    const piece = (index: number, id: string, name: string, args: string) => ({ ...call, choices: [{ ...call.choices[0], delta: { tool_calls: [{ index, id, type: "function", function: { name, arguments: args } }] } }] });
    const rest = chunks.filter((chunk) => chunk !== call && !chunk.choices?.[0]?.delta?.tool_calls);
    const at = chunks.indexOf(call);
    const lines = [...rest.slice(0, at), piece(0, "call_p", "apply_patch", JSON.stringify({ input: patch })), piece(1, "call_s", "mcp__docs__search", '{"q":"y"}'), ...rest.slice(at)].map((chunk) => JSON.stringify(chunk));
    t.servers.openai.serveSse(envelope("openai", lines));
    const response = await post(codexLikeBody("rec-openai/m"));
    const text = await response.text();
    const done = text
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice(6)))
      .filter((event) => event.type === "response.output_item.done")
      .map((event) => event.item);
    assert.deepEqual(
      done.map(({ type, call_id, name, input, namespace, arguments: args }) => ({ type, call_id, name, input, namespace, arguments: args })),
      [
        { type: "custom_tool_call", call_id: "call_p", name: "apply_patch", input: patch, namespace: undefined, arguments: undefined },
        { type: "function_call", call_id: "call_s", name: "search", input: undefined, namespace: "mcp__docs", arguments: '{"q":"y"}' },
      ],
    );
  });

  it("state Switchboard does not keep: previous_response_id or store: true to another wire is a 400 in OpenAI's shape that says what to do", async () => {
    for (const extra of [{ previous_response_id: "resp_123" }, { store: true }]) {
      const response = await post({ ...codexLikeBody("rec-openai/m"), ...extra });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { error: { message: string; type: string } };
      assert.equal(body.error.type, "invalid_request_error");
      assert.match(body.error.message, /Switchboard keeps no responses: rec-openai\/m is not on a Responses API provider\. Send the whole conversation in input with store: false/);
    }
    assert.equal(t.servers.openai.requests.length, 0);
    // To a Responses provider (no fallback elsewhere) it goes as sent: that provider keeps the state.
    t.servers.responses.serveSse(envelope("responses", fixtureLines("openai-responses-function-call.jsonl")));
    const kept = await post({ ...codexLikeBody("rec-responses/m"), store: true, previous_response_id: "resp_123" });
    assert.equal(kept.status, 200);
    await kept.text();
    assert.equal((t.servers.responses.requests.at(-1)!.body as { previous_response_id: string }).previous_response_id, "resp_123");
  });

  it("an error event before any output on the same wire falls back unseen to a Chat Completions model, answered in Responses events", async () => {
    t.servers.responses.serveSse(envelope("responses", fixtureLines("openai-responses-error.jsonl")));
    t.servers.openai.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    const response = await post({ ...codexLikeBody("rec-responses/m"), models: ["rec-openai/m"] });
    const text = await response.text();
    assert.ok(!text.includes("insufficient_quota"));
    assert.equal(text.match(/event: response.created/g)?.length, 1);
    assert.match(text, /event: response.completed/);
    assert.deepEqual(t.records().slice(-2).map((r) => [r.provider, r.outcome]), [["rec-responses", "rate-limit"], ["rec-openai", "ok"]]);
  });

  it("a relayed stream cut short after its first output closes with the Responses error event, numbered after the last event relayed, which the SDK raises (regression: it had no sequence_number)", async () => {
    const recorded = envelope("responses", fixtureLines("openai-responses-reasoning.jsonl"));
    const cut = recorded.indexOf("event: response.output_text.delta", recorded.indexOf("event: response.output_text.delta") + 1);
    t.servers.responses.serveThenReset(recorded.slice(0, cut));
    const response = await post(codexLikeBody("rec-responses/m"));
    const text = await response.text();
    assert.ok(text.startsWith(recorded.slice(0, cut)), "what the provider sent, as it came");
    const lastSent = Number([...recorded.slice(0, cut).matchAll(/"sequence_number":(\d+)/g)].at(-1)![1]);
    const closing = text.slice(cut);
    assert.match(closing, /^event: error\ndata: \{"type":"error","code":"[a-z_-]+","message":"[^"]+","param":null,"sequence_number":\d+\}\n\n$/);
    assert.equal(JSON.parse(closing.slice(closing.indexOf("{"))).sequence_number, lastSent + 1);
    const stream = client.responses.stream(codexLikeBody("rec-responses/m") as unknown as OpenAI.Responses.ResponseCreateParamsStreaming);
    // The SDK rejects with the error event itself, as it does for OpenAI's own.
    await assert.rejects(stream.finalResponse(), (error: { type?: string; sequence_number?: number }) => error.type === "error" && error.sequence_number === lastSent + 1);
    assert.equal(t.records().at(-1)!.outcome, "network");
  });

  it("a bad item is a 400 naming where it is", async () => {
    const response = await post({ model: "rec-openai/m", input: [{ type: "function_call", name: "x", arguments: "{}" }] });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /^input\[0\]\.call_id: a non-empty string is expected/);
  });
});
