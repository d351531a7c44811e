// What every agent test stands on: scripted models for the four wires, `switchboard serve` (the built CLI,
// as a user runs it) configured with them, a recording proxy in front of it, and a way to run an agent in
// a fresh home and work directory.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { RecordingProxy } from "./recording-proxy";
import { ScriptedModel } from "./scripted-model";

const cli = join(__dirname, "..", "..", "dist", "cli.js");
export const GATEWAY_TOKEN = "sb-agent-tests-token-0123456789abcdef";

/** Prices of the scripted models (USD per 1M tokens), so the ledger's costs can be checked. */
export const PRICES = {
  anthropic: { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
  gemini: { input: 1.25, output: 10, cachedInput: 0.125 },
  openai: { input: 2, output: 8, cachedInput: 0.5 },
  responses: { input: 1.25, output: 10, cachedInput: 0.125 },
};

export interface AgentGateway {
  models: { anthropic: ScriptedModel; gemini: ScriptedModel; openai: ScriptedModel; responses: ScriptedModel };
  /** Where the gateway listens (the proxy stands in front of it). */
  url: string;
  proxy: RecordingProxy;
  /** The gateway's stderr lines (what it left out of translated requests). */
  logged: string[];
  ledgerFile: string;
  records(): ReturnType<typeof readLedger>["records"];
  /** `switchboard spend --by BY --format json` on the gateway's ledger, as a user runs it. */
  spend(by: string): { rows: Array<{ key: string; requests: number; attempts: number; costUsd: number }>; total: { costUsd: number } };
  close(): Promise<void>;
}

export async function startAgentGateway(): Promise<AgentGateway> {
  const [anthropic, gemini, openai, responses] = await Promise.all([ScriptedModel.start("anthropic"), ScriptedModel.start("gemini"), ScriptedModel.start("openai"), ScriptedModel.start("responses")]);
  const dir = mkdtempSync(join(tmpdir(), "switchboard-agents-"));
  const safe = { trainsOnData: false, retainsData: false };
  const config = {
    providers: [
      { id: "scripted-anthropic", kind: "anthropic", baseUrl: anthropic.baseUrl, needsKey: false, dataPolicy: safe },
      { id: "scripted-gemini", kind: "gemini", baseUrl: `${gemini.baseUrl}/v1beta`, needsKey: false, dataPolicy: safe },
      { id: "scripted-openai", kind: "openai-compatible", baseUrl: `${openai.baseUrl}/v1`, needsKey: false, dataPolicy: safe },
      { id: "scripted-responses", kind: "openai-compatible", api: "responses", baseUrl: `${responses.baseUrl}/v1`, needsKey: false, dataPolicy: safe },
    ],
    models: [
      { id: "scripted-anthropic/claude", pricing: PRICES.anthropic, toolCalling: true, reasoning: true, contextWindow: 200000 },
      { id: "scripted-gemini/gemini", pricing: PRICES.gemini, toolCalling: true, reasoning: true, contextWindow: 1000000 },
      { id: "scripted-openai/gpt", pricing: PRICES.openai, toolCalling: true, reasoning: true, contextWindow: 400000 },
      { id: "scripted-responses/gpt", pricing: PRICES.responses, toolCalling: true, reasoning: true, contextWindow: 400000 },
      // Named as an OpenAI model Codex knows, so Codex asks for it by its bare name and offers its own tools (apply_patch).
      { id: "scripted-responses/gpt-5.5", pricing: PRICES.responses, toolCalling: true, reasoning: true, contextWindow: 400000 },
    ],
  };
  const configFile = join(dir, "config.json");
  writeFileSync(configFile, JSON.stringify(config));
  const ledgerFile = join(dir, "ledger.jsonl");
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--config", configFile, "--ledger", ledgerFile, "--project", "agents"], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: dir, SWITCHBOARD_GATEWAY_TOKEN: GATEWAY_TOKEN },
  });
  const logged: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => logged.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    const lines: string[] = [];
    const timer = setTimeout(() => reject(new Error(`switchboard serve did not start: ${lines.join(" | ")} ${logged.join(" | ")}`)), 15_000);
    child.on("exit", (code) => reject(new Error(`switchboard serve exited with ${code}: ${logged.join(" | ")}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      const listening = /^Switchboard gateway listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (!listening) return;
      clearTimeout(timer);
      resolve(listening[1]!);
    });
  });
  const proxy = await RecordingProxy.start(url);
  return {
    models: { anthropic, gemini, openai, responses },
    url,
    proxy,
    logged,
    ledgerFile,
    records: () => readLedger(ledgerFile).records,
    spend: (by) => JSON.parse(execFileSync(process.execPath, [cli, "spend", "--ledger", ledgerFile, "--by", by, "--format", "json"], { encoding: "utf8" })),
    close: async () => {
      child.kill("SIGTERM");
      await Promise.all([proxy.close(), anthropic.close(), gemini.close(), openai.close(), responses.close()]);
    },
  };
}

export interface AgentRun {
  code: number | null;
  stdout: string;
  stderr: string;
  workDir: string;
}

/** Runs an agent to its end in a fresh home and work directory (no user settings, no stdin). */
export function runAgent(binary: string, args: string[], env: Record<string, string>, prepare?: (home: string, work: string) => void, timeoutMs = 120_000): Promise<AgentRun> {
  const home = mkdtempSync(join(tmpdir(), "switchboard-agent-home-"));
  const workDir = mkdtempSync(join(tmpdir(), "switchboard-agent-work-"));
  prepare?.(home, workDir);
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(binary, args, { cwd: workDir, env: { PATH: process.env.PATH ?? "", HOME: home, TERM: "dumb", NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (data) => {
      stdout += data;
    });
    child.stderr!.on("data", (data) => {
      stderr += data;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, workDir });
    });
  });
}
