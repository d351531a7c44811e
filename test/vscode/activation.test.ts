import * as assert from "node:assert/strict";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { activateSwitchboard, EXTENSION_ID, setSetting, state, waitForModels } from "./helpers";

describe("activation", () => {
  it("activates in a real VS Code", async () => {
    const extension = await activateSwitchboard();
    assert.equal(extension.isActive, true);
    assert.match(vscode.version, /^1\.\d+\.\d+/);
  });

  it("registers every command it contributes", async () => {
    const extension = await activateSwitchboard();
    const contributed: Array<{ command: string }> = extension.packageJSON.contributes.commands;
    assert.ok(contributed.length >= 5, "the manifest contributes commands");
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((entry) => entry.command).filter((command) => !registered.has(command));
    assert.deepEqual(missing, []);
  });

  it("measures its own activation (the entry bundle and activate()) and the start of the rest", async () => {
    await activateSwitchboard();
    const { activation } = await state();
    assert.ok(activation, "activation timing is known once started");
    assert.ok(activation.loadMs > 0, "the entry bundle's banner recorded when its first line ran");
    assert.ok(activation.activateMs > 0);
    assert.equal(activation.totalMs, activation.loadMs + activation.activateMs);
    assert.ok(activation.engineLoadMs > 0 && activation.engineStartMs > 0, "the engine bundle was loaded and started after activation");
  });

  it("saves the engine's code cache in its global storage after the first start, for the next start to take", async function () {
    // Only the VS Code server harness says where the user data is.
    if (!process.env.SWITCHBOARD_USER_DATA_DIR) this.skip();
    await activateSwitchboard();
    const { activation } = await state();
    assert.equal(activation?.codeCacheUsed, false, "a fresh profile has no cache yet");
    const storage = join(process.env.SWITCHBOARD_USER_DATA_DIR, "User", "globalStorage", EXTENSION_ID);
    const cached = () => (existsSync(storage) ? readdirSync(storage).filter((name) => /^engine-[0-9a-f]{16}-v8-.+\.cache$/.test(name)) : []);
    for (let waited = 0; cached().length === 0 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(cached().length, 1, `one code cache in ${storage}`);
    assert.ok(statSync(join(storage, cached()[0]!)).size > 100_000, "it holds the compiled engine");
  });

  it("does not load OpenAI's tokenizer (0.3 s blocking the extension host, 60 MB) until an OpenAI-family model is estimated", async () => {
    await activateSwitchboard();
    // It used to load on a timer right after start: give such a timer time to fire.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await state()).openAITokenizerLoaded, false);
  });

  it("loads it for the first OpenAI-family estimate, which is then exact", async () => {
    // A local OpenAI-compatible provider needs no key; counting tokens sends nothing to it.
    await setSetting("providers", [{ id: "loop-openai", kind: "openai-compatible", baseUrl: "http://127.0.0.1:9/v1", local: true }]);
    await setSetting("models", [{ id: "loop-openai/gpt-4o", pricing: { input: 2.5, output: 10 } }]);
    try {
      await waitForModels((ids) => ids.includes("loop-openai/gpt-4o"), "the loopback OpenAI-family model");
      const [gpt] = await vscode.lm.selectChatModels({ vendor: "switchboard", id: "loop-openai/gpt-4o" });
      assert.ok(gpt);
      // " a" is one o200k_base token: 100 of them are 100 tokens, where ~4 characters a token would say 50.
      assert.equal(await gpt.countTokens(" a".repeat(100)), 100);
      assert.equal((await state()).openAITokenizerLoaded, true);
    } finally {
      await setSetting("providers", undefined);
      await setSetting("models", undefined);
    }
  });

  it("shows the session spend in the status bar from the start", async () => {
    await activateSwitchboard();
    const current = await vscode.commands.executeCommand<{ statusBarText: string }>("switchboard.internal.state");
    assert.equal(current.statusBarText, "$(pulse) $0.00");
  });

  it("offers a Get Started walkthrough whose steps' pages ship with it and whose buttons run Switchboard's commands", async () => {
    const extension = await activateSwitchboard();
    const [walkthrough] = extension.packageJSON.contributes.walkthroughs as Array<{ id: string; steps: Array<{ id: string; description: string; media: { markdown: string } }> }>;
    assert.deepEqual(walkthrough!.steps.map((step) => step.id), ["models", "playground", "compare", "agents", "spend"]);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of walkthrough!.steps) {
      assert.ok(existsSync(join(extension.extensionPath, step.media.markdown)), `${step.media.markdown} ships`);
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(registered.has(command!), `${step.id}: ${command} is a command`);
    }
    await vscode.commands.executeCommand("workbench.action.openWalkthrough", `${extension.id}#${walkthrough!.id}`, false);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
  });

  it("the Models view lists what can be called by provider with key state and prices, today's spend and the gateway", async () => {
    await activateSwitchboard();
    const rows = (await state()).modelsView ?? [];
    assert.match(rows[0] ?? "", /^Spent today \$[\d.]+ — this month \$[\d.]+$/);
    assert.equal(rows[1], "Local gateway stopped — start it for agents and SDKs");
    assert.ok(rows.includes("  Swift Mini (simulated) — simulated"), rows.join("\n"));
    assert.ok(rows.includes("OpenAI — no API key"), "a keyed provider without a key says so");
    assert.ok(rows.some((row) => /^ {2}GPT-5 — \$1\.25 \/ \$10 per 1M$/.test(row)), "models show their prices");
    assert.ok(rows.indexOf("OpenAI — no API key") > rows.findIndex((row) => row.endsWith("offline demo, simulated")), "callable providers come first");
  });
});
