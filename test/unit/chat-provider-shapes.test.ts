// What Switchboard tells VS Code about its models, and how VS Code's chat messages become a request:
// the pure halves of the language model chat provider (the real VS Code suite drives the whole of it).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ModelInfo } from "../../src/core/catalog/model-info";
import { demoModels } from "../../src/core/catalog/demo-models";
import { toChatMessages, toolInput, toToolChoice, toToolDefinitions } from "../../src/extension/chat/chat-messages";
import { chatModelInformation, maxInputTokens, modelInformation } from "../../src/extension/chat/chat-models";

const textOnly: ModelInfo = {
  id: "mistral/mistral-small-latest",
  displayName: "Mistral Small",
  contextWindow: 32_000,
  maxOutputTokens: 8_000,
  pricing: { input: 0.1, output: 0.3 },
  simulated: false,
  reasoning: false,
  imageInput: false,
  toolCalling: false,
};

describe("chat model information", () => {
  it("gives each model its catalog limits, capabilities and price", () => {
    const info = modelInformation(demoModels[1]!);
    assert.equal(info.id, "demo/sage-large");
    assert.equal(info.name, "Sage Large (simulated)");
    assert.equal(info.family, "sage-large");
    assert.equal(info.maxOutputTokens, 32_000);
    assert.equal(info.maxInputTokens, 200_000 - 32_000);
    assert.deepEqual(info.capabilities, { toolCalling: true, imageInput: true });
    assert.match(info.detail!, /\$3 in \/ \$15 out per 1M tokens/);
    assert.match(info.tooltip!, /Simulated offline, nothing is billed/);
    assert.deepEqual(modelInformation(textOnly).capabilities, { toolCalling: false, imageInput: false });
  });

  it("keeps at least half the window for input when the output allowance is most of it", () => {
    assert.equal(maxInputTokens({ contextWindow: 100_000, maxOutputTokens: 90_000 }), 50_000);
  });

  it("lists Switchboard Auto first, limited to what every candidate takes, capable where some candidate is", () => {
    const list = chatModelInformation([demoModels[0]!, textOnly], { strategy: "cheapest", candidates: [demoModels[0]!, textOnly] });
    assert.deepEqual(
      list.map((model) => model.id),
      ["switchboard/auto", "demo/swift-mini", "mistral/mistral-small-latest"],
    );
    const auto = list[0]!;
    assert.equal(auto.name, "Switchboard Auto");
    assert.equal(auto.maxOutputTokens, 8_000);
    assert.equal(auto.maxInputTokens, 24_000);
    assert.deepEqual(auto.capabilities, { toolCalling: true, imageInput: false });
    assert.match(auto.tooltip!, /"cheapest" strategy/);
  });

  it("offers no Auto when there is nothing to route to", () => {
    assert.deepEqual(chatModelInformation([], { strategy: "balanced", candidates: [] }), []);
  });
});

describe("VS Code chat messages as a request", () => {
  it("turns a tool round trip into an assistant call and the tool's answer, in the order providers need", () => {
    const messages = toChatMessages(
      [
        { role: "system", parts: [{ kind: "text", text: "Be brief." }] },
        { role: "user", parts: [{ kind: "text", text: "Weather in Paris?" }] },
        { role: "assistant", parts: [{ kind: "text", text: "Checking." }, { kind: "tool-call", callId: "call_1", name: "get_weather", input: { city: "Paris" } }] },
        {
          role: "user",
          parts: [
            { kind: "tool-result", callId: "call_1", content: [{ kind: "text", text: "18°C, " }, { kind: "data", mimeType: "application/json", data: new TextEncoder().encode('{"sky":"clear"}') }] },
            { kind: "text", text: "And in Rome?" },
          ],
        },
      ],
      (callId) => (callId === "call_1" ? "sig-1" : undefined),
    );
    assert.deepEqual(messages, [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Weather in Paris?" },
      { role: "assistant", content: "Checking.", toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', signature: "sig-1" }] },
      { role: "tool", toolCallId: "call_1", content: '18°C, {"sky":"clear"}' },
      { role: "user", content: "And in Rome?" },
    ]);
  });

  it("sends image data parts as data URLs and leaves out parts it cannot send", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const [message] = toChatMessages([
      { role: "user", parts: [{ kind: "text", text: "What is this?" }, { kind: "data", mimeType: "image/png", data: png }, { kind: "data", mimeType: "cache_control", data: new Uint8Array([1]) }, { kind: "other" }] },
    ]);
    assert.deepEqual(message, { role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image", url: "data:image/png;base64,iVBORw==" }] });
  });

  it("gives schemaless tools an empty object schema and maps the tool mode", () => {
    const tools = [{ name: "now", description: "" }, { name: "get_weather", description: "Weather", inputSchema: { type: "object", properties: { city: { type: "string" } } } }];
    assert.deepEqual(toToolDefinitions(tools), [
      { name: "now", parameters: { type: "object", properties: {} } },
      { name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
    ]);
    assert.equal(toToolChoice(false, tools), "auto");
    assert.equal(toToolChoice(true, tools), "required");
    assert.deepEqual(toToolChoice(true, tools.slice(1)), { name: "get_weather" });
    assert.equal(toToolChoice(true, []), undefined);
  });

  it("reads a call's arguments as the object VS Code expects, and says why when they are not one", () => {
    assert.deepEqual(toolInput('{"city":"Paris"}'), { ok: true, input: { city: "Paris" } });
    assert.deepEqual(toolInput(""), { ok: true, input: {} });
    assert.match((toolInput("[1]") as { message: string }).message, /not a JSON object/);
    assert.match((toolInput('{"city":') as { message: string }).message, /not valid JSON/);
  });
});
