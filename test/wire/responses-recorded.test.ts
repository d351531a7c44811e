// OpenAI's Responses API as a provider wire: every recorded real Responses stream, served over loopback
// whole and in 7-byte pieces, through the adapter. What the deltas rebuild must equal what the recording's
// own final response object says (output items, usage), and what the adapter sent must be a Responses request.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createOpenAIResponsesProvider } from "../../src/core/providers/openai-responses";
import { collect } from "./collect";
import { envelope, FixtureServer, fixtureLines } from "./fixture-server";

interface RecordedItem {
  type: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  input?: string;
  content?: Array<{ type: string; text?: string }>;
  summary?: Array<{ text: string }>;
  encrypted_content?: string;
}

/** The recording's closing event: its response object is the whole answer as the provider saw it. */
function recordedResponse(name: string): { type: string; response: { model: string; usage?: Record<string, unknown>; output: RecordedItem[]; error?: { code: string; message: string } } } {
  const events = fixtureLines(name).map((line) => JSON.parse(line));
  return events.findLast((event) => /^response\.(completed|incomplete|failed)$/.test(event.type));
}

/** Calls as the final output lists them; a custom tool's text as Switchboard's {"input": …}. */
function recordedCalls(name: string) {
  return recordedResponse(name)
    .response.output.filter((item) => item.type === "function_call" || item.type === "custom_tool_call")
    .map((item) => ({ id: item.call_id, name: item.name, arguments: item.type === "custom_tool_call" ? JSON.stringify({ input: item.input }) : item.arguments }));
}

const recordedText = (name: string) =>
  recordedResponse(name)
    .response.output.filter((item) => item.type === "message")
    .flatMap((item) => item.content ?? [])
    .map((part) => part.text ?? "")
    .join("");

/** Each reasoning summary part is a paragraph. */
const recordedReasoning = (name: string) =>
  recordedResponse(name)
    .response.output.filter((item) => item.type === "reasoning")
    .flatMap((item) => (item.summary ?? []).map((part) => part.text))
    .join("\n\n");

describe("Responses API recordings through the adapter", () => {
  let server: FixtureServer;
  before(async () => {
    server = await FixtureServer.start();
  });
  after(() => server.close());
  const provider = () => createOpenAIResponsesProvider({ id: "openai", baseUrl: `${server.baseUrl}/v1`, apiKey: "sk-test-responses-0000" });

  for (const chunkSize of [0, 7]) {
    const how = chunkSize === 0 ? "in one piece" : `in ${chunkSize}-byte pieces`;

    it(`reasoning with encrypted content (${how}): summary as reasoning, text, reasoning tokens inside output`, async () => {
      const name = "openai-responses-reasoning.jsonl";
      server.serveSse(envelope("responses", fixtureLines(name)), chunkSize);
      const result = await collect(provider(), { model: "gpt-5.4" });
      assert.equal(result.error, undefined);
      assert.equal(result.text, recordedText(name));
      assert.ok(result.text.length > 100);
      assert.equal(result.reasoning, recordedReasoning(name));
      assert.ok(result.reasoning.includes("\n\n"), "several summary parts, each its own paragraph");
      assert.deepEqual(result.usage, { inputTokens: 42, cachedInputTokens: 0, outputTokens: 2655, reasoningTokens: 2539 });
      assert.deepEqual(result.finish, { type: "finish", reason: "stop", rawReason: "completed", model: "gpt-5.4-2026-03-05" });
    });

    it(`a function call after reasoning (${how}): the call by call_id with its whole arguments, finish tool-calls`, async () => {
      const name = "openai-responses-function-call.jsonl";
      server.serveSse(envelope("responses", fixtureLines(name)), chunkSize);
      const result = await collect(provider());
      const calls = result.events.filter((event) => event.type === "tool-call").map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
      assert.deepEqual(calls, recordedCalls(name));
      assert.deepEqual(JSON.parse(calls[0]!.arguments), { a: 12, b: 7, op: "add" });
      assert.deepEqual(result.usage, { inputTokens: 134, cachedInputTokens: 0, outputTokens: 28 });
      assert.equal(result.finish?.reason, "tool-calls");
    });

    it(`a custom (free-text) tool call (${how}): its input whole, as {"input": …}`, async () => {
      const name = "openai-responses-custom-tool.jsonl";
      server.serveSse(envelope("responses", fixtureLines(name)), chunkSize);
      const result = await collect(provider());
      const calls = result.events.filter((event) => event.type === "tool-call").map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
      assert.deepEqual(calls, recordedCalls(name));
      assert.equal(JSON.parse(calls[0]!.arguments).input, "SELECT * FROM users WHERE age > 25");
      assert.equal(result.finish?.reason, "tool-calls");
    });

    it(`cached prompt tokens (${how}): cached inside input, text whole`, async () => {
      const name = "openai-responses-cached.jsonl";
      server.serveSse(envelope("responses", fixtureLines(name)), chunkSize);
      const result = await collect(provider());
      assert.equal(result.text, recordedText(name));
      assert.deepEqual(result.usage, { inputTokens: 51097, cachedInputTokens: 49792, outputTokens: 2505 });
    });

    it(`xAI on the Responses wire (${how}): reasoning summary, cached and reasoning tokens`, async () => {
      const name = "xai-responses-reasoning.jsonl";
      server.serveSse(envelope("responses", fixtureLines(name)), chunkSize);
      const result = await collect(provider());
      assert.equal(result.text, recordedText(name));
      assert.equal(result.reasoning, recordedReasoning(name));
      assert.deepEqual(result.usage, { inputTokens: 216, cachedInputTokens: 192, outputTokens: 831, reasoningTokens: 253 });
    });

    it(`an error event mid-stream (${how}): the provider's words, a quota error`, async () => {
      server.serveSse(envelope("responses", fixtureLines("openai-responses-error.jsonl")), chunkSize);
      const result = await collect(provider());
      assert.equal(result.finish, undefined);
      assert.equal(result.error?.kind, "rate-limit");
      assert.match(result.error?.message ?? "", /exceeded your current quota/);
    });

    it(`response.failed with no error event (${how}): its error, retryable rate limit`, async () => {
      const name = "openai-responses-failed.jsonl";
      server.serveSse(envelope("responses", fixtureLines(name)), chunkSize);
      const result = await collect(provider());
      assert.equal(result.error?.kind, "rate-limit");
      assert.equal(result.error?.retryable, true);
      assert.ok(result.error?.message.includes(recordedResponse(name).response.error!.message));
    });
  }

  it("a stream cut before response.completed is an error, not a short answer", async () => {
    const lines = fixtureLines("openai-responses-reasoning.jsonl").slice(0, 200);
    server.serveSse(envelope("responses", lines), 0);
    const result = await collect(provider());
    assert.equal(result.error?.kind, "bad-response");
    assert.match(result.error?.message ?? "", /closed the stream before the answer finished/);
  });

  it("sends a Responses request: input items tied by call_id, tools, effort, no server-side state", async () => {
    server.serveSse(envelope("responses", fixtureLines("openai-responses-custom-tool.jsonl")), 0);
    await collect(provider(), {
      model: "gpt-5.5",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Add 2 and 3." },
        { role: "assistant", content: "", toolCalls: [{ id: "call_1", name: "add", arguments: '{"a":2,"b":3}' }] },
        { role: "tool", toolCallId: "call_1", content: "5" },
      ],
      tools: [{ name: "add", description: "Adds", parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } } }],
      toolChoice: { name: "add" },
      reasoningEffort: "low",
      maxOutputTokens: 300,
    });
    const sent = server.requests.at(-1)!;
    assert.equal(sent.url, "/v1/responses");
    assert.equal(sent.headers.authorization, "Bearer sk-test-responses-0000");
    assert.deepEqual(sent.body, {
      model: "gpt-5.5",
      input: [
        { type: "message", role: "system", content: "Be brief." },
        { type: "message", role: "user", content: "Add 2 and 3." },
        { type: "function_call", call_id: "call_1", name: "add", arguments: '{"a":2,"b":3}' },
        { type: "function_call_output", call_id: "call_1", output: "5" },
      ],
      stream: true,
      store: false,
      max_output_tokens: 300,
      tools: [{ type: "function", name: "add", description: "Adds", parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } }, strict: false }],
      tool_choice: { type: "function", name: "add" },
      reasoning: { effort: "low" },
    });
  });
});
