// Route Coding Agents Through Switchboard in a real VS Code: the gateway starts, new integrated terminals
// get the variables Claude Code, Gemini CLI and Codex CLI read (and lose them when it is turned off), Codex's
// profile points at the gateway, and an agent's requests show as its session's spend in the status bar.
import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import * as vscode from "vscode";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { activateSwitchboard, setSetting, waitForState } from "./helpers";

/** The environment a new integrated terminal starts with, as its shell sees it. */
async function terminalEnvironment(): Promise<Record<string, string>> {
  const file = join(mkdtempSync(join(tmpdir(), "switchboard-terminal-")), "env.txt");
  const terminal = vscode.window.createTerminal({ name: "agent env", shellPath: "/bin/sh", shellArgs: ["-c", `env > ${file}.tmp && mv ${file}.tmp ${file}`] });
  const deadline = Date.now() + 20_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error("the terminal's shell did not run");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  terminal.dispose();
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

describe("coding agents through Switchboard in VS Code", () => {
  before(activateSwitchboard);
  after(async () => {
    await setSetting("agents.routeThroughSwitchboard", undefined);
    await setSetting("agents.model", undefined);
    await vscode.commands.executeCommand("switchboard.stopGateway");
    await setSetting("gateway.port", undefined);
  });

  it("the switch starts the gateway and gives new terminals the agents' variables; an agent's session shows in the status bar; off removes them", async () => {
    await setSetting("gateway.port", 0);
    await setSetting("agents.model", "demo/swift-mini");
    await vscode.commands.executeCommand("switchboard.routeAgents");
    const on = await waitForState((s) => s.agentVariables !== undefined, "the agents' variables");
    const variables = on.agentVariables!;
    assert.match(variables.ANTHROPIC_BASE_URL ?? "", /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(variables.GOOGLE_GEMINI_BASE_URL, variables.ANTHROPIC_BASE_URL);
    assert.match(variables.ANTHROPIC_AUTH_TOKEN ?? "", /^sb-/);
    assert.equal(variables.GEMINI_API_KEY, variables.ANTHROPIC_AUTH_TOKEN);
    assert.deepEqual([variables.ANTHROPIC_MODEL, variables.GEMINI_MODEL], ["demo/swift-mini", "demo/swift-mini"]);

    const terminal = await terminalEnvironment();
    for (const name of ["ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN", "GOOGLE_GEMINI_BASE_URL", "GEMINI_API_KEY", "ANTHROPIC_MODEL"]) assert.equal(terminal[name], variables[name], name);
    // Codex reads the token from the terminal and the gateway from Switchboard's profile file.
    assert.equal(terminal.SWITCHBOARD_GATEWAY_TOKEN, variables.ANTHROPIC_AUTH_TOKEN);
    const profileFile = join(mkdtempSync(join(tmpdir(), "switchboard-codex-")), "switchboard.config.toml");
    assert.equal(await vscode.commands.executeCommand("switchboard.setUpCodex", { profileFile }), profileFile);
    const profile = readFileSync(profileFile, "utf8");
    assert.match(profile, /^model_provider = "switchboard"$/m);
    assert.match(profile, /^model = "demo\/swift-mini"$/m);
    assert.match(profile, /^env_key = "SWITCHBOARD_GATEWAY_TOKEN"$/m);
    assert.match(profile, /^wire_api = "responses"$/m);
    const baseUrl = /^base_url = "(.+)"$/m.exec(profile)?.[1];
    assert.equal(baseUrl, `${variables.ANTHROPIC_BASE_URL}/v1`);
    assert.ok(!profile.includes(variables.ANTHROPIC_AUTH_TOKEN!), "the token stays out of the file");
    // A Responses request as Codex sends it, with what the profile and the terminal gave it.
    const codex = new OpenAI({ baseURL: baseUrl, apiKey: terminal.SWITCHBOARD_GATEWAY_TOKEN, maxRetries: 0, defaultHeaders: { "user-agent": "codex_exec/0.169.0 (Debian 12.0.0; x86_64)", "session-id": "c0dex000-0000-4000-8000-000000000002" } });
    const answer = await codex.responses.create({ model: "demo/swift-mini", input: "What is a router?", store: false });
    assert.equal(answer.status, "completed");
    const codexSession = await waitForState((s) => s.agentSession?.session === "c0dex000-0000-4000-8000-000000000002", "Codex's session");
    assert.match(codexSession.agentStatusText ?? "", /^\$\(terminal\) codex /);

    // A request as Claude Code sends it, with what the terminal gave it.
    const client = new Anthropic({
      baseURL: terminal.ANTHROPIC_BASE_URL,
      authToken: terminal.ANTHROPIC_AUTH_TOKEN,
      apiKey: null,
      maxRetries: 0,
      defaultHeaders: { "user-agent": "claude-cli/2.1.328 (external, sdk-cli)", "x-claude-code-session-id": "5e55i0n0-0000-4000-8000-000000000001" },
    });
    const message = await client.messages.create({ model: terminal.ANTHROPIC_MODEL!, max_tokens: 200, messages: [{ role: "user", content: "What is a router?" }] });
    assert.equal(message.type, "message");
    const withSession = await waitForState((s) => s.agentSession?.session === "5e55i0n0-0000-4000-8000-000000000001", "the agent session's spend");
    const record = readLedger(withSession.ledgerFile).records.at(-1)!;
    assert.deepEqual([record.caller, record.session], ["claude-code", "5e55i0n0-0000-4000-8000-000000000001"]);
    assert.equal(withSession.agentSession!.costUsd, record.costUsd);
    assert.match(withSession.agentStatusText ?? "", /^\$\(terminal\) claude-code \$\d+\.\d+ · 0% cached$/);

    // The gateway stopped by hand takes the variables with it; started again, they come back.
    await vscode.commands.executeCommand("switchboard.stopGateway");
    await waitForState((s) => s.agentVariables === undefined, "the variables removed with the gateway");
    await vscode.commands.executeCommand("switchboard.startGateway");
    const again = await waitForState((s) => s.agentVariables !== undefined, "the variables back with the gateway");
    assert.match(again.agentVariables!.ANTHROPIC_BASE_URL ?? "", /^http:\/\/127\.0\.0\.1:\d+$/);

    await vscode.commands.executeCommand("switchboard.stopRoutingAgents");
    await waitForState((s) => s.agentVariables === undefined && s.agentStatusText === undefined, "the variables removed");
    const after = await terminalEnvironment();
    assert.equal(after.ANTHROPIC_BASE_URL, undefined);
    assert.equal(after.GEMINI_API_KEY, undefined);
  });
});
