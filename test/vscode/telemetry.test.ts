// OpenTelemetry export from a real VS Code: a user points Switchboard at their collector in settings,
// keeps its API key in SecretStorage, and every playground column arrives as a span with the workspace's
// project, the person's resource attributes and the cost; clearing the endpoint stops the export.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { OtlpReceiver } from "../wire/otlp-receiver";
import { activateSwitchboard, setSetting, state, waitForState } from "./helpers";

const COLLECTOR_KEY = "otel-collector-key-5f4e3d2c1b";

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("OpenTelemetry export (settings)", () => {
  let receiver: OtlpReceiver;

  before(async () => {
    await activateSwitchboard();
    receiver = await OtlpReceiver.start();
  });
  after(async () => {
    for (const key of ["telemetry.otlp.endpoint", "telemetry.otlp.protocol", "telemetry.otlp.resourceAttributes"]) await setSetting(key, undefined);
    await vscode.commands.executeCommand("switchboard.setTelemetryHeaders", "");
    await receiver.close();
  });

  it("settings + secret headers: each playground column is a CLIENT span with project, feature, cost and the user's resource attributes; none once the endpoint is cleared", async () => {
    await vscode.commands.executeCommand("switchboard.setTelemetryHeaders", `authorization=Bearer%20${COLLECTOR_KEY}`);
    await setSetting("telemetry.otlp.resourceAttributes", { "enduser.id": "alice" });
    await setSetting("telemetry.otlp.protocol", "http/json");
    await setSetting("telemetry.otlp.endpoint", receiver.url);

    const before = await state();
    await vscode.commands.executeCommand("switchboard.internal.receiveWebviewMessage", { type: "run", prompt: "telemetry check", models: ["demo/swift-mini", "demo/sage-large"] });
    const done = await waitForState((s) => s.runs > before.runs && s.columns.length === 2 && s.columns.every((c) => c.status === "done"), "both columns to finish");
    const spans = await until(() => (receiver.spans.length >= 2 ? receiver.spans : undefined), "two spans at the collector");

    assert.deepEqual(spans.map((span) => span.name).sort(), ["chat sage-large", "chat swift-mini"]);
    const workspaceName = vscode.workspace.workspaceFolders?.[0]?.name;
    for (const span of spans) {
      assert.equal(span.kind, 3, "CLIENT");
      assert.equal(span.attributes["gen_ai.provider.name"], "demo");
      assert.equal(span.attributes["switchboard.feature"], "playground");
      assert.equal(span.attributes["switchboard.project"], workspaceName);
      assert.equal(span.resource["enduser.id"], "alice");
      assert.equal(span.resource["service.name"], "switchboard");
      const column = done.columns.find((c) => c.modelId === `demo/${span.attributes["gen_ai.request.model"]}`);
      assert.equal(span.attributes["gen_ai.usage.output_tokens"], column?.stats.outputTokens);
      assert.equal(span.attributes["switchboard.cost_usd"], column?.stats.costUsd);
      assert.equal(JSON.stringify(span.attributes).includes("telemetry check"), false, "no prompt text without storePrompts");
    }
    assert.ok(receiver.requests.every((request) => request.headers.authorization === `Bearer ${COLLECTOR_KEY}` && request.contentType.startsWith("application/json")));

    await setSetting("telemetry.otlp.endpoint", "");
    const received = receiver.requests.length;
    const second = await state();
    await vscode.commands.executeCommand("switchboard.internal.receiveWebviewMessage", { type: "run", prompt: "after clearing", models: ["demo/swift-mini"] });
    await waitForState((s) => s.runs > second.runs && s.columns.every((c) => c.status === "done"), "the column to finish");
    // The previous exporter flushes at most once more (its metrics); no new spans arrive.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(receiver.spans.length, 2, "nothing exported after the endpoint was cleared");
    assert.ok(receiver.requests.filter((request) => request.path === "/v1/traces").length <= received);
  });
});
