// Switchboard's models through `vscode.lm`, as any extension (and VS Code's chat) uses them: the list,
// streamed text, tool calls from a demo model and from a recorded real stream, the ledger, budgets,
// cancellation and the team policy. Calls from this suite come from Switchboard's own folder, so VS Code
// attributes them to Switchboard; stable providers never ask for consent (VS Code shows its language model
// access prompt only for providers that declare `requiresAuthorization`, a proposed API).
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { envelope, FixtureServer } from "../wire/fixture-server";
import { activateSwitchboard, EXTENSION_ID, setSetting, state, waitForModels } from "./helpers";

type Part = vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart;

/** Sends a request and collects what streams back; errors thrown before or during the stream both count. */
async function ask(model: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[], options: vscode.LanguageModelChatRequestOptions = {}, token?: vscode.CancellationToken) {
  const parts: Part[] = [];
  try {
    const response = await model.sendRequest(messages, options, token);
    for await (const part of response.stream) if (part instanceof vscode.LanguageModelTextPart || part instanceof vscode.LanguageModelToolCallPart) parts.push(part);
    return { parts, text: parts.flatMap((part) => (part instanceof vscode.LanguageModelTextPart ? [part.value] : [])).join(""), error: undefined };
  } catch (error) {
    return { parts, text: "", error: error as Error };
  }
}

async function chatModel(id: string): Promise<vscode.LanguageModelChat> {
  const [model] = await vscode.lm.selectChatModels({ vendor: "switchboard", id });
  assert.ok(model, `${id} is offered`);
  return model;
}

const weatherTool: vscode.LanguageModelChatTool = { name: "get_weather", description: "Current weather in a city", inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } };

describe("Switchboard's models in VS Code (language model chat provider)", () => {
  let recorded: FixtureServer;
  let responsesRecorded: FixtureServer;

  before(async () => {
    await activateSwitchboard();
    await setSetting("demo.show", "always");
    // A local OpenAI-compatible server replaying a real recorded stream whose answer is a tool call.
    recorded = await FixtureServer.start();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const lines = readFileSync(join(extensionPath, "test", "fixtures", "wire", "groq-tool-call.jsonl"), "utf8").split("\n").filter((line) => line.trim());
    recorded.serveSse(envelope("openai", lines));
    // And one on the Responses API: a real recorded stream with encrypted reasoning, then a function call.
    responsesRecorded = await FixtureServer.start();
    const responsesLines = readFileSync(join(extensionPath, "test", "fixtures", "wire", "openai-responses-function-call.jsonl"), "utf8").split("\n").filter((line) => line.trim());
    responsesRecorded.serveSse(envelope("responses", responsesLines));
    await setSetting("providers", [
      { id: "loop-groq", kind: "openai-compatible", baseUrl: `${recorded.baseUrl}/v1`, local: true },
      { id: "loop-responses", kind: "openai-compatible", api: "responses", baseUrl: `${responsesRecorded.baseUrl}/v1`, local: true },
    ]);
    await setSetting("models", [
      { id: "loop-groq/llama-3.3-70b-versatile", displayName: "Llama 3.3 70B (loopback)", contextWindow: 131_072, maxOutputTokens: 32_768, pricing: { input: 0.59, output: 0.79 }, toolCalling: true },
      { id: "loop-responses/gpt-5.1", displayName: "GPT-5.1 (loopback, Responses API)", contextWindow: 400_000, maxOutputTokens: 128_000, pricing: { input: 1.25, output: 10 }, toolCalling: true },
    ]);
  });
  after(async () => {
    await recorded.close();
    await responsesRecorded.close();
    for (const key of ["demo.show", "providers", "models", "budgets.dailyUsd"]) await setSetting(key, undefined);
  });

  it("offers every model the user can call, and Switchboard Auto, with the catalog's limits and capabilities", async () => {
    await waitForModels((ids) => ids.includes("loop-groq/llama-3.3-70b-versatile"), "the loopback model");
    const models = await vscode.lm.selectChatModels({ vendor: "switchboard" });
    const byId = new Map(models.map((model) => [model.id, model]));
    assert.equal(models[0]?.id, "switchboard/auto");
    assert.equal(byId.get("switchboard/auto")?.name, "Switchboard Auto");
    const sage = byId.get("demo/sage-large")!;
    assert.deepEqual([sage.name, sage.vendor, sage.family, sage.maxInputTokens], ["Sage Large (simulated)", "switchboard", "sage-large", 168_000]);
    const capabilities = (model: vscode.LanguageModelChat) => (model as unknown as { capabilities: { supportsToolCalling: boolean; supportsImageToText: boolean } }).capabilities;
    assert.deepEqual([capabilities(sage).supportsToolCalling, capabilities(sage).supportsImageToText], [true, true]);
    assert.equal(capabilities(byId.get("demo/swift-mini")!).supportsImageToText, false);
    assert.equal(byId.get("loop-groq/llama-3.3-70b-versatile")?.maxInputTokens, 131_072 - 32_768);
    assert.ok(!byId.has("openai/gpt-4o"), "models without a key are not offered");
    // Not an OpenAI-family model: the documented ~4 characters a token.
    assert.equal(await sage.countTokens("forty characters of text, give or take!!"), 10);
  });

  it("streams a demo model's answer, calls a tool and answers from its result, all in the ledger as vscode-chat", async () => {
    const swift = await chatModel("demo/swift-mini");
    const before = await state();
    const question = vscode.LanguageModelChatMessage.User("What is the weather in Paris?");
    const first = await ask(swift, [question], { tools: [weatherTool] });
    assert.equal(first.error, undefined);
    const call = first.parts.find((part) => part instanceof vscode.LanguageModelToolCallPart) as vscode.LanguageModelToolCallPart;
    assert.ok(call, "a tool call part");
    assert.equal(call.name, "get_weather");
    assert.deepEqual(call.input, { city: "San Francisco" });
    assert.ok(call.callId);

    const second = await ask(swift, [question, vscode.LanguageModelChatMessage.Assistant([call]), vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart("18°C and sunny")])])], { tools: [weatherTool] });
    assert.equal(second.error, undefined);
    assert.match(second.text, /18°C and sunny/, "the answer uses the tool's result");

    const records = readLedger(before.ledgerFile).records.slice(-2);
    assert.deepEqual(records.map((record) => [record.feature, record.caller, record.model, record.outcome]), [
      ["vscode-chat", EXTENSION_ID, "swift-mini", "ok"],
      ["vscode-chat", EXTENSION_ID, "swift-mini", "ok"],
    ]);
    assert.ok((await state()).sessionCostUsd > before.sessionCostUsd, "the status bar's session spend includes chat calls");
  });

  it("passes a recorded real provider stream's tool call through with its name, call id and input", async () => {
    const llama = await chatModel("loop-groq/llama-3.3-70b-versatile");
    const before = await state();
    const answer = await ask(llama, [vscode.LanguageModelChatMessage.User("What's the weather?")], { tools: [{ name: "weather", description: "Weather now", inputSchema: { type: "object", properties: {} } }] });
    assert.equal(answer.error, undefined);
    const [call] = answer.parts.filter((part) => part instanceof vscode.LanguageModelToolCallPart) as vscode.LanguageModelToolCallPart[];
    assert.deepEqual([call?.callId, call?.name, call?.input], ["tk85n1k4m", "weather", {}]);
    const sent = recorded.requests.at(-1)!.body as { model: string; tools: Array<{ function: { name: string } }> };
    assert.equal(sent.model, "llama-3.3-70b-versatile");
    assert.deepEqual(sent.tools.map((tool) => tool.function.name), ["weather"]);
    const record = readLedger(before.ledgerFile).records.at(-1)!;
    assert.deepEqual([record.feature, record.provider, record.outcome, record.inputTokens], ["vscode-chat", "loop-groq", "ok", 210]);
  });

  it("a provider on the Responses API: a recorded stream's function call comes through with its call id and input", async () => {
    const model = await chatModel("loop-responses/gpt-5.1");
    const before = await state();
    const calculator: vscode.LanguageModelChatTool = { name: "calculator", description: "Arithmetic", inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" }, op: { type: "string" } } } };
    const answer = await ask(model, [vscode.LanguageModelChatMessage.User("What is (12 + 7) * 3 * 10?")], { tools: [calculator] });
    assert.equal(answer.error, undefined);
    const [call] = answer.parts.filter((part) => part instanceof vscode.LanguageModelToolCallPart) as vscode.LanguageModelToolCallPart[];
    assert.deepEqual([call?.callId, call?.name, call?.input], ["call_AB6AaRZ1FYZB2RwS6A5vbdqn", "calculator", { a: 12, b: 7, op: "add" }]);
    const sent = responsesRecorded.requests.at(-1)!;
    assert.equal(sent.url, "/v1/responses");
    const body = sent.body as { model: string; input: Array<{ role: string }>; tools: Array<{ type: string; name: string }>; store: boolean };
    assert.deepEqual([body.model, body.store, body.tools.map((tool) => `${tool.type}:${tool.name}`)], ["gpt-5.1", false, ["function:calculator"]]);
    const record = readLedger(before.ledgerFile).records.at(-1)!;
    assert.deepEqual([record.feature, record.provider, record.outcome, record.inputTokens, record.outputTokens], ["vscode-chat", "loop-responses", "ok", 134, 28]);
  });

  it("refuses a request over the budget with an error that names it", async () => {
    await setSetting("budgets.dailyUsd", 0.0000001);
    const answer = await ask(await chatModel("demo/sage-large"), [vscode.LanguageModelChatMessage.User("Hello")]);
    await setSetting("budgets.dailyUsd", undefined);
    assert.ok(answer.error instanceof vscode.LanguageModelError, `a LanguageModelError, got ${answer.error}`);
    assert.match(answer.error.message, /the daily budget \(all projects\).*Raise the budget in the switchboard\.budgets setting/);
  });

  it("stops at once when the caller cancels, recording the attempt as cancelled", async () => {
    const ponder = await chatModel("demo/ponder-reasoner");
    const before = await state();
    const source = new vscode.CancellationTokenSource();
    const response = await ponder.sendRequest([vscode.LanguageModelChatMessage.User("Explain routing in detail.")], {}, source.token);
    for await (const part of response.stream) {
      if (part instanceof vscode.LanguageModelTextPart && part.value) {
        source.cancel();
        break;
      }
    }
    const deadline = Date.now() + 10_000;
    let last = readLedger(before.ledgerFile).records.at(-1);
    while (last?.model !== "ponder-reasoner" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      last = readLedger(before.ledgerFile).records.at(-1);
    }
    assert.deepEqual([last?.feature, last?.model, last?.outcome], ["vscode-chat", "ponder-reasoner", "cancelled"]);
  });

  it("does not offer a model the team policy forbids, and offers it again when the policy goes", async () => {
    // Saved through VS Code, as a user editing the policy does.
    const policy = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ".switchboard", "policy.json");
    await vscode.workspace.fs.writeFile(policy, new TextEncoder().encode(JSON.stringify({ allowedModels: ["demo/swift-mini", "demo/sage-large"] })));
    try {
      const ids = await waitForModels((offered) => !offered.includes("demo/ponder-reasoner"), "the policy to hide demo/ponder-reasoner");
      assert.ok(ids.includes("demo/swift-mini"));
      assert.ok(!ids.includes("loop-groq/llama-3.3-70b-versatile"));
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(policy, ".."), { recursive: true });
    }
    await waitForModels((offered) => offered.includes("demo/ponder-reasoner"), "demo/ponder-reasoner to come back");
  });
});
