// The built CLI with tools, a conversation file, images and JSON output: what a script sees, and what the
// provider on loopback received.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { envelope, FixtureServer, fixtureLines } from "./fixture-server";
import { runCli } from "./run-cli";

const tools = [{ type: "function", function: { name: "weather", description: "Weather in a city", parameters: { type: "object", properties: { location: { type: "string" } } } } }];

describe("switchboard chat with tools, messages, images and JSON output", () => {
  let server: FixtureServer;
  let dir: string;
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" || Buffer.isBuffer(content) ? content : JSON.stringify(content));
    return path;
  };
  const config = (kind: string, path: string, extra: Record<string, unknown> = {}) =>
    file(`${kind}.json`, { providers: [{ id: "rec", kind, baseUrl: `${server.baseUrl}${path}`, local: true }], models: [{ id: "rec/m", pricing: { input: 1, output: 2 }, ...extra }] });

  before(async () => {
    server = await FixtureServer.start();
    dir = mkdtempSync(join(tmpdir(), "switchboard-cli-tools-"));
  });
  after(() => server.close());

  for (const [fixture, kind, format, path] of [
    ["groq-tool-call.jsonl", "openai-compatible", "openai", "/v1"],
    ["anthropic-json-tool.jsonl", "anthropic", "anthropic", ""],
    ["google-tool-call.jsonl", "gemini", "gemini", "/v1beta"],
  ] as const) {
    it(`${fixture}: --json prints each tool-call and the done event's toolCalls with finishReason tool-calls`, async () => {
      server.serveSse(envelope(format, fixtureLines(fixture)), 11);
      const result = await runCli(["chat", "--config", config(kind, path), "--model", "rec/m", "--prompt", "weather?", "--tools", file("tools.json", tools), "--tool-choice", "weather", "--json"]);
      assert.equal(result.status, 0, result.stderr);
      const events = result.stdout.trim().split("\n").map((line) => JSON.parse(line));
      const calls = events.filter((e) => e.type === "tool-call");
      const done = events.at(-1);
      assert.equal(calls.length, 1);
      assert.deepEqual(Object.keys(calls[0]).sort(), ["arguments", "id", "name", "type"]);
      assert.deepEqual(done.toolCalls, [{ id: calls[0].id, name: calls[0].name, arguments: calls[0].arguments }]);
      assert.equal(done.finishReason, "tool-calls");
      assert.doesNotThrow(() => JSON.parse(calls[0].arguments));
    });
  }

  it("without --json, tool calls print as tool call NAME(ARGS) lines after the text", async () => {
    server.serveSse(envelope("openai", fixtureLines("groq-tool-call.jsonl")));
    const result = await runCli(["chat", "--config", config("openai-compatible", "/v1"), "--model", "rec/m", "--prompt", "weather?", "--tools", file("tools.json", tools)]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^\ntool call weather\(\{\}\)\n$/);
    const sent = server.requests.at(-1)!.body as { tools: unknown[]; tool_choice?: unknown };
    assert.equal(sent.tools.length, 1);
    assert.equal(sent.tool_choice, undefined);
  });

  it("--messages sends the conversation (assistant tool call, tool result) and --prompt is appended", async () => {
    server.serveSse(envelope("openai", [JSON.stringify({ choices: [{ index: 0, delta: { content: "Sunny." }, finish_reason: "stop" }] })]));
    const conversation = [
      { role: "user", content: "Weather in Oslo?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"location":"Oslo"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
    ];
    const result = await runCli(["chat", "--config", config("openai-compatible", "/v1"), "--model", "rec/m", "--messages", file("conversation.json", conversation), "--prompt", "And tomorrow?", "--json"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout.trim().split("\n").at(-1)!).text, "Sunny.");
    const sent = (server.requests.at(-1)!.body as { messages: unknown[] }).messages;
    assert.deepEqual(sent, [...conversation, { role: "user", content: "And tomorrow?" }]);
  });

  it("--image attaches a file as a data URL for a model that accepts images, and is refused for one that does not", async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
    const image = file("dot.png", bytes);
    server.serveSse(envelope("anthropic", fixtureLines("anthropic-text.jsonl")));
    const ok = await runCli(["chat", "--config", config("anthropic", "", { imageInput: true }), "--model", "rec/m", "--prompt", "what is it?", "--image", image, "--json"]);
    assert.equal(ok.status, 0, ok.stderr);
    const content = (server.requests.at(-1)!.body as { messages: Array<{ content: Array<{ type: string; source?: { media_type: string; data: string } }> }> }).messages[0]!.content;
    assert.equal(content[1]!.type, "image");
    assert.equal(content[1]!.source!.media_type, "image/png");
    assert.deepEqual(Buffer.from(content[1]!.source!.data, "base64"), bytes);

    const before = server.requests.length;
    const refused = await runCli(["chat", "--config", config("anthropic", ""), "--model", "rec/m", "--prompt", "what is it?", "--image", image, "--json"]);
    assert.equal(refused.status, 1);
    assert.match(JSON.parse(refused.stdout.trim()).message, /rec\/m does not accept images/);
    assert.equal(server.requests.length, before, "nothing was sent");
  });

  it("--response-format json and a schema file reach the provider", async () => {
    server.serveSse(envelope("gemini", fixtureLines("google-text.jsonl")));
    const schema = file("schema.json", { type: "object", properties: { count: { type: "integer" } }, required: ["count"] });
    const result = await runCli(["chat", "--config", config("gemini", "/v1beta"), "--model", "rec/m", "--prompt", "count", "--response-format", schema, "--json"]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual((server.requests.at(-1)!.body as { generationConfig: unknown }).generationConfig, {
      responseMimeType: "application/json",
      responseSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    });
  });

  it("with JSON output asked for, done says whether the answer parses and matches the schema, and text mode warns in one line", async () => {
    const schema = file("count-schema.json", { type: "object", properties: { count: { type: "integer" } }, required: ["count"] });
    const answer = (text: string) => server.serveSse(envelope("openai", [JSON.stringify({ choices: [{ index: 0, delta: { content: text }, finish_reason: "stop" }] })]));
    const chat = (format: string, json: boolean) => runCli(["chat", "--config", config("openai-compatible", "/v1"), "--model", "rec/m", "--prompt", "count", "--response-format", format, ...(json ? ["--json"] : [])]);
    const done = async (text: string, format: string) => {
      answer(text);
      const result = await chat(format, true);
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout.trim().split("\n").at(-1)!).json;
    };

    assert.deepEqual(await done('{"count": 3}', schema), { parses: true, matchesSchema: true });
    assert.deepEqual(await done('```json\n{"count": 3}\n```', "json"), { parses: true });
    assert.deepEqual(await done('{"count": "three"}', schema), { parses: true, matchesSchema: false, problem: "valid JSON, does not match the schema: data/count must be integer" });
    const broken = await done('{"count": **3**}', "json");
    assert.equal(broken.parses, false);
    assert.match(broken.problem, /^not valid JSON: Unexpected token/);

    answer('{"count": "three"}');
    const warned = await chat(schema, false);
    assert.equal(warned.status, 0, "the answer arrived and was billed: still a success");
    assert.equal(warned.stdout, '{"count": "three"}\n');
    assert.match(warned.stderr, /^switchboard: warning: JSON output was asked for, and the answer is valid JSON, does not match the schema: data\/count must be integer$/m);
    answer('{"count": 3}');
    assert.doesNotMatch((await chat(schema, false)).stderr, /warning/, "no warning for a valid answer");
  });

  it("mistakes in the request files: one line naming the file, the path and the fix, exit 2, nothing sent", async () => {
    const before = server.requests.length;
    const cases: Array<[string[], RegExp]> = [
      [["--tools", file("bad-tools.json", [{ type: "function", function: { name: "has space" } }])], /^switchboard: --tools .*bad-tools\.json\[0\]\.function\.name: a tool name is/],
      [["--tools", file("not-json.json", "{")], /--tools .*not-json\.json is not valid JSON/],
      [["--tools", file("tools.json", tools), "--tool-choice", "lookup"], /--tool-choice lookup: not auto, none, required, or the name of a tool in --tools \(weather\)/],
      [["--tool-choice", "auto"], /--tool-choice needs --tools/],
      [["--messages", file("orphan.json", [{ role: "tool", tool_call_id: "x", content: "1" }])], /--messages .*orphan\.json\[0\]\.tool_call_id: "x" answers no tool call/],
      [["--messages", file("bad-role.json", [{ role: "wizard", content: "hi" }])], /--messages .*bad-role\.json\[0\]/],
      [["--image", join(dir, "missing.png")], /--image .*missing\.png: cannot read it \(ENOENT\)/],
      [["--image", file("doc.pdf", "x")], /--image .*doc\.pdf: use a \.png, \.jpg/],
      [["--response-format", join(dir, "nope.json")], /--response-format .*nope\.json: cannot read it/],
    ];
    for (const [flags, message] of cases) {
      const withPrompt = flags.includes("--messages") ? flags : [...flags, "--prompt", "hi"];
      const result = await runCli(["chat", "--config", config("openai-compatible", "/v1"), "--model", "rec/m", ...withPrompt]);
      assert.equal(result.status, 2, `${flags.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split("\n").length, 1);
    }
    assert.equal(server.requests.length, before);
  });
});
