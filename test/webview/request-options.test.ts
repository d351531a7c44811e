// The playground's tools, images and JSON output in real Chromium: what the user attaches and types is what
// the host receives; tool calls render as cards; a fallback says which model answered.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ColumnState, HostMessage, ModelOption } from "../../src/protocol";
import { WebviewHarness, type WebviewPage } from "./webview-host";

const models: ModelOption[] = [
  { id: "demo/swift-mini", displayName: "Swift Mini (simulated)", simulated: true, inputPrice: 0.15, outputPrice: 0.6, contextWindow: 128000, imageInput: false, toolCalling: true },
  { id: "demo/sage-large", displayName: "Sage Large (simulated)", simulated: true, inputPrice: 3, outputPrice: 15, contextWindow: 200000, imageInput: true, toolCalling: true },
  { id: "lan/qwen", displayName: "Qwen (LAN)", simulated: false, inputPrice: 0, outputPrice: 0, contextWindow: 32000, local: true },
];
const init: HostMessage = { type: "init", models, defaultModels: ["demo/swift-mini"], prompt: "" };
/** A 1x1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

const stats = { inputTokens: 40, outputTokens: 12, cachedInputTokens: 0, costUsd: 0.00001, exact: true, ttftMs: 300, tokensPerSecond: 50 };

function lastRun(view: WebviewPage) {
  return view.posted().then((messages) => messages.filter((m) => m.type === "run").at(-1) as Extract<Awaited<ReturnType<WebviewPage["posted"]>>[number], { type: "run" }> | undefined);
}

describe("playground tools, images and JSON output in Chromium", () => {
  let harness: WebviewHarness;
  let view: WebviewPage;

  before(async () => {
    harness = await WebviewHarness.start();
    view = await harness.openReady(init);
    await view.page.getByText("Send to 1 model").waitFor();
    await view.page.getByTestId("prompt").click();
    await view.page.keyboard.type("What is in this picture?");
  });
  after(() => harness?.close());

  it("an attached image shows as a thumbnail; a model that does not accept images blocks Send and says why", async () => {
    await view.page.getByTestId("image-input").setInputFiles({ name: "dot.png", mimeType: "image/png", buffer: PNG });
    await view.page.getByTestId("thumbnail").waitFor();
    const gate = view.page.getByTestId("image-gate");
    await gate.waitFor();
    assert.match(await gate.innerText(), /Swift Mini \(simulated\) does not accept images/);
    assert.equal(await view.page.getByTestId("send").getAttribute("disabled"), "");

    // The picker keeps the model listed but not selectable, with the reason.
    await view.page.getByTestId("model-1").locator(".picker-current").click();
    const swift = view.page.getByRole("option", { name: /Swift Mini/ });
    assert.equal(await swift.getAttribute("aria-disabled"), "true");
    assert.match(await swift.innerText(), /does not accept images/);
    await swift.click({ force: true });
    assert.equal(await view.page.locator(".picker-current .picker-name").innerText(), "Swift Mini (simulated)", "clicking it does nothing");
    await view.page.getByRole("option", { name: /Sage Large/ }).click();
    await gate.waitFor({ state: "detached" });

    await view.page.getByTestId("send").click();
    const run = await lastRun(view);
    assert.deepEqual(run?.models, ["demo/sage-large"]);
    assert.deepEqual(run?.images, [`data:image/png;base64,${PNG.toString("base64")}`]);
    await view.page.getByTestId("thumbnail").waitFor({ state: "detached" });

    // The sent image shows with the sent prompt above the answers.
    const answering: ColumnState = { columnId: "c1", modelId: "demo/sage-large", status: "streaming", text: "", reasoning: "", error: null, stats };
    await view.send({ type: "columns", columns: [answering], sessionCostUsd: 0, comparison: 1, prompt: "What is in this picture?" });
    const asked = view.page.getByTestId("asked");
    await asked.waitFor();
    assert.equal(await asked.locator("summary").innerText(), "Asked: What is in this picture? (+1 image)");
    await asked.locator("summary").click();
    assert.equal(await asked.getByTestId("asked-images").locator("img").getAttribute("src"), `data:image/png;base64,${PNG.toString("base64")}`);
    await view.page.getByTestId("prompt").click();
    await view.page.keyboard.type("What is in this picture?");
  });

  it("an image pasted into the prompt is attached; a file that is not an image is refused with a reason", async () => {
    await view.page.evaluate((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], "pasted.png", { type: "image/png" }));
      document.querySelector('[data-testid="prompt"]')!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, composed: true }));
    }, PNG.toString("base64"));
    await view.page.getByTestId("thumbnail").waitFor();
    await view.page.getByRole("button", { name: "Remove image 1" }).click();
    await view.page.getByTestId("thumbnail").waitFor({ state: "detached" });

    await view.page.getByTestId("image-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
    assert.match(await view.page.getByTestId("image-problem").innerText(), /notes\.txt is not a PNG, JPEG, GIF or WebP image/);
    assert.equal(await view.page.getByTestId("thumbnail").count(), 0);
  });

  it("tools typed as JSON are checked as you type and sent in the normalised shape", async () => {
    await view.page.getByText("Tools and JSON output").click();
    const tools = view.page.getByTestId("tools");
    await tools.click();
    await view.page.keyboard.type('[{"type":"function","function":{"name":"get weather"}}]');
    assert.match(await view.page.getByTestId("tools-problem").innerText(), /Tool 1 \(name\): a tool name is 1-64 letters/);
    assert.equal(await view.page.getByTestId("send").getAttribute("disabled"), "");
    // Emptying the box as a user does keeps the section open and the cursor in it (regression: it folded
    // away and what was typed next went nowhere).
    await view.page.keyboard.press("Control+A");
    await view.page.keyboard.press("Delete");
    assert.equal(await view.page.locator("details.tools-output").getAttribute("open"), "");
    await view.page.keyboard.type('[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]');
    await view.page.getByTestId("tools-problem").waitFor({ state: "detached" });

    await view.page.getByTestId("json-output").click();
    await view.page.getByTestId("json-schema").click();
    await view.page.keyboard.type("{not json");
    assert.match(await view.page.getByTestId("schema-problem").innerText(), /The JSON schema is not valid JSON/);
    await view.page.keyboard.press("Control+A");
    await view.page.keyboard.press("Delete");
    await view.page.keyboard.type('{"type":"object","properties":{"forecast":{"type":"string"}}}');
    await view.page.getByTestId("schema-problem").waitFor({ state: "detached" });

    await view.page.getByTestId("send").click();
    const run = await lastRun(view);
    assert.deepEqual(run?.tools, [{ name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } } }]);
    assert.deepEqual(run?.responseFormat, { type: "json-schema", name: "response", schema: { type: "object", properties: { forecast: { type: "string" } } } });
  });

  it("emptying the system prompt keeps its section open and the focus in it: the next keys land there", async () => {
    await view.page.getByText("System prompt", { exact: true }).click();
    await view.page.getByTestId("system").click();
    await view.page.keyboard.type("Be terse.");
    await view.page.keyboard.press("Control+A");
    await view.page.keyboard.press("Delete");
    assert.equal(await view.page.locator("details.system-prompt").getAttribute("open"), "");
    await view.page.keyboard.type("Answer in French.");
    await view.page.getByTestId("prompt").click();
    await view.page.keyboard.type("Hello");
    await view.page.getByTestId("send").click();
    const run = await lastRun(view);
    assert.equal(run?.system, "Answer in French.");
  });

  it("tool calls render as cards with pretty-printed arguments; a fallback says which model answered and why", async () => {
    const column: ColumnState = { columnId: "c1", modelId: "demo/sage-large", status: "streaming", text: "", reasoning: "", error: null, stats };
    await view.send({ type: "columns", columns: [column], sessionCostUsd: 0 });
    await view.send({
      type: "column-delta",
      columnId: "c1",
      text: "Let me check.",
      reasoning: "",
      status: "done",
      stats,
      error: null,
      answeredBy: "demo/swift-mini",
      route: "demo/sage-large failed (overloaded); demo/swift-mini: fallback 1 in the order given",
      toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Oslo","days":2}' }],
      sessionCostUsd: 0.00001,
    });
    const card = view.page.getByTestId("tool-call");
    await card.waitFor();
    assert.match(await card.locator("summary").innerText(), /Tool call\s+get_weather/);
    assert.equal(await card.getByTestId("tool-call-arguments").innerText(), '{\n  "city": "Oslo",\n  "days": 2\n}');
    const answeredBy = view.page.getByTestId("answered-by");
    assert.match(await answeredBy.innerText(), /Answered by demo\/swift-mini \(fallback\): demo\/sage-large failed \(overloaded\)/);
    assert.deepEqual(view.errors, []);
  });

  it("a finished tool call can be answered by hand: one result per call, Send only once each has one", async () => {
    const calls = [{ id: "call_a", name: "get_weather", arguments: '{"city":"Oslo"}' }, { id: "call_b", name: "get_time", arguments: "{}" }];
    const column: ColumnState = { columnId: "t1", modelId: "demo/sage-large", status: "done", text: "", reasoning: "", error: null, stats, toolCalls: calls };
    await view.send({ type: "columns", columns: [column], sessionCostUsd: 0, comparison: 60 });
    const card = view.page.getByTestId("column-t1");
    const sendButton = card.getByTestId("send-tool-results");
    await sendButton.waitFor();
    assert.equal((await sendButton.innerText()).trim(), "Send results");
    await card.getByTestId("tool-result-call_a").click();
    await view.page.keyboard.type('{"temperature": 18}');
    assert.equal(await sendButton.getAttribute("disabled"), "", "both calls need a result");
    await card.getByTestId("tool-result-call_b").click();
    await view.page.keyboard.type("12:00");
    await sendButton.click();
    assert.deepEqual((await view.posted()).at(-1), { type: "tool-results", columnId: "t1", results: [{ callId: "call_a", content: '{"temperature": 18}' }, { callId: "call_b", content: "12:00" }] });
    await view.send({ type: "columns", columns: [{ ...column, status: "streaming" }], sessionCostUsd: 0, comparison: 60 });
    await sendButton.waitFor({ state: "detached" });
  });

  it("a JSON-output answer shows as JSON, not Markdown: verbatim while streaming, formatted with Copy once valid, and says when it is not valid or misses the schema", async () => {
    const raw = '{"note": "**simulated** \\"quoted\\"", "n": [1,2]}';
    const column: ColumnState = { columnId: "j1", modelId: "demo/sage-large", status: "streaming", text: raw, reasoning: "", error: null, stats, jsonOutput: true };
    await view.send({ type: "columns", columns: [column, { ...column, columnId: "j2", text: '{"n": 1,}' }], sessionCostUsd: 0, comparison: 50 });
    const first = view.page.getByTestId("column-j1");
    await first.locator("pre code").waitFor();
    assert.equal(await first.locator("pre code").innerText(), raw, "streaming JSON is shown as sent: no bold, escapes kept");
    assert.equal(await first.locator("strong").count(), 0);

    await view.send({ type: "column-json", columnId: "j1", check: { parses: true, ok: true, summary: "valid JSON, matches the schema", pretty: JSON.stringify(JSON.parse(raw), null, 2) } });
    await view.send({ type: "column-json", columnId: "j2", check: { parses: false, ok: false, summary: "not valid JSON: Expected double-quoted property name in JSON at position 8" } });
    await first.getByTestId("json-check").waitFor();
    assert.equal(await first.getByTestId("json-check").innerText(), "✓ Valid JSON, matches the schema");
    assert.equal(await first.locator("pre code").innerText(), '{\n  "note": "**simulated** \\"quoted\\"",\n  "n": [\n    1,\n    2\n  ]\n}');
    assert.deepEqual(JSON.parse(await first.locator("pre code").innerText()), JSON.parse(raw), "what is shown parses to what the model sent");
    await first.getByRole("button", { name: "Copy" }).click();
    const copied = (await view.posted()).at(-1);
    assert.equal(copied?.type === "code-action" && copied.action === "copy" && JSON.parse(copied.code).note, '**simulated** "quoted"');

    const second = view.page.getByTestId("column-j2");
    await second.getByTestId("json-check").waitFor();
    assert.equal(await second.getByTestId("json-check").innerText(), "⚠ Not valid JSON: Expected double-quoted property name in JSON at position 8");
    assert.equal(await second.locator("pre code").innerText(), '{"n": 1,}', "invalid JSON is shown as sent");
  });

  it("a key error offers the fix that applies: Set API Key for a keyed provider, the provider settings for a local one (regression)", async () => {
    const failed = (columnId: string, modelId: string): ColumnState => ({
      columnId, modelId, status: "error", text: "", reasoning: "", stats: { ...stats, outputTokens: 0, costUsd: 0 },
      error: { kind: "auth", message: `${modelId.split("/")[0]} answered HTTP 401` },
    });
    await view.send({ type: "columns", columns: [failed("c1", "demo/sage-large"), failed("c2", "lan/qwen")], sessionCostUsd: 0, comparison: 99 });
    const keyed = view.page.getByTestId("column-c1").getByTestId("error-action");
    const local = view.page.getByTestId("column-c2").getByTestId("error-action");
    await local.waitFor();
    assert.equal((await keyed.innerText()).trim(), "Set API Key");
    assert.equal((await local.innerText()).trim(), "Open Provider Settings");
    await local.click();
    assert.deepEqual((await view.posted()).at(-1), { type: "error-action", action: "open-provider-settings", modelId: "lan/qwen" });
  });
});
