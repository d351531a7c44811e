// A team gateway as an admin runs one: the built CLI (`switchboard serve --team`), its keys made with
// `switchboard team keys create`, in front of a loopback OpenAI-compatible provider replaying a recorded
// real stream (openai-text.jsonl: 16 prompt tokens, 300 completion tokens).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { envelope, FixtureServer, fixtureLines } from "./fixture-server";
import { runCli } from "./run-cli";

const cli = join(__dirname, "..", "..", "dist", "cli.js");

/** $10 per 1M output tokens and nothing for input: with max_tokens 300, the estimate is the exact cost. */
export const PRICING = { input: 0, output: 10 };
export const COMPLETION_TOKENS = 300;
export const REQUEST_COST_USD = 0.003;
export const MODEL = "rec/m";

export async function recordedProvider(delayMs = 0): Promise<FixtureServer> {
  const server = await FixtureServer.start();
  const lines = fixtureLines("openai-text.jsonl");
  server.handle(async (_request, response) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    if (delayMs === 0) return void response.end(envelope("openai", lines));
    for (const line of lines) {
      if (response.destroyed) return;
      response.write(envelope("openai", [line]).replace(/data: \[DONE\]\n\n$/, ""));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    response.end("data: [DONE]\n\n");
  });
  return server;
}

export function teamConfig(provider: FixtureServer): string {
  const file = join(mkdtempSync(join(tmpdir(), "switchboard-team-config-")), "config.json");
  writeFileSync(file, JSON.stringify({ providers: [{ id: "rec", kind: "openai-compatible", baseUrl: `${provider.baseUrl}/v1`, apiKeyEnv: "REC_API_KEY" }], models: [{ id: MODEL, pricing: PRICING }, { id: "rec/other", pricing: PRICING }] }));
  return file;
}

export interface ServedGateway {
  child: ChildProcess;
  url: string;
  output: string[];
  exited: Promise<number | null>;
}

/** `switchboard serve --team …` until its listening line (or its exit with what it said). */
export function serveTeam(args: string[], env: Record<string, string> = {}): Promise<ServedGateway> {
  const home = mkdtempSync(join(tmpdir(), "switchboard-team-serve-"));
  const child = spawn(process.execPath, [cli, "serve", "--team", "--port", "0", ...args], { cwd: home, env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: home, REC_API_KEY: "rec-key", ...env } });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stderr!.on("data", (chunk) => output.push(String(chunk)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; output: ${output.join(" | ")}`)), 60_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${output.join(" | ")}`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      output.push(line);
      const listening = /listening on (https?:\/\/\S+)$/.exec(line);
      if (!listening) return;
      clearTimeout(timer);
      resolve({ child, url: listening[1]!, output, exited });
    });
  });
}

/** `switchboard team keys create … --json`: the key (shown once) and its id. */
export async function createKey(database: string, member: string, team: string, extra: string[] = [], env: Record<string, string> = {}): Promise<{ key: string; id: string }> {
  const result = await runCli(["team", "keys", "create", "--database", database, "--member", member, "--team", team, "--as", "lead", "--json", ...extra], env);
  if (result.status !== 0) throw new Error(`team keys create failed: ${result.stderr}`);
  const created = JSON.parse(result.stdout) as { key: string; id: string };
  return { key: created.key, id: created.id };
}
