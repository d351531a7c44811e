// The local gateway (`switchboard serve`, its own process) against calling the loopback provider directly,
// both with the official openai SDK on the same recorded stream, alternating: added time to first token
// and total time at 1 stream, added time at 16 and 64 concurrent streams, and the gateway process's CPU
// time per streamed chunk (from /proc, over many requests). Run alone: npx tsx bench/gateway-overhead.ts
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import OpenAI from "openai";
import { type Loopback, startLoopback } from "./loopback";
import { median, percentile } from "./stats";

export interface GatewayResults {
  gatewayTtftAddedP50Ms: number;
  gatewayOverheadP50Ms: number;
  gatewayOverheadP99Ms16: number;
  gatewayOverheadP99Ms64: number;
  gatewayCpuPerChunkUs: number;
}

const TOKEN = "sb-bench-gateway-token";
const cli = join(__dirname, "..", "dist", "cli.js");

async function startGatewayProcess(loopback: Loopback): Promise<{ child: ChildProcess; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-gateway-"));
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ providers: [{ id: "loop", kind: "openai-compatible", baseUrl: `${loopback.short}/v1`, local: true }], models: [{ id: "loop/m", pricing: { input: 1, output: 2 } }] }));
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--config", config, "--ledger", join(dir, "ledger.jsonl")], {
    env: { PATH: process.env.PATH ?? "", HOME: dir, SWITCHBOARD_GATEWAY_TOKEN: TOKEN },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /listening on (http:\S+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`switchboard serve exited (${code}) before it listened`)));
  });
  return { child, url };
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
}

type Timed = { ttftMs: number; totalMs: number; chunks: number };

function streamer(baseURL: string, model: string) {
  const client = new OpenAI({ baseURL, apiKey: TOKEN, maxRetries: 0 });
  return async (): Promise<Timed> => {
    const start = performance.now();
    let ttftMs = 0;
    let chunks = 0;
    const stream = await client.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) {
      if (!chunk.choices[0]?.delta?.content) continue;
      chunks += 1;
      if (!ttftMs) ttftMs = performance.now() - start;
    }
    return { ttftMs, totalMs: performance.now() - start, chunks };
  };
}

async function concurrentAdded(direct: () => Promise<Timed>, viaGateway: () => Promise<Timed>, streams: number, rounds: number): Promise<number[]> {
  const added: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const d = await Promise.all(Array.from({ length: streams }, direct));
    const g = await Promise.all(Array.from({ length: streams }, viaGateway));
    for (let i = 0; i < streams; i++) added.push(g[i]!.totalMs - d[i]!.totalMs);
  }
  return added;
}

export async function measureGateway(loopback: Loopback): Promise<GatewayResults> {
  const { child, url } = await startGatewayProcess(loopback);
  try {
    const direct = streamer(`${loopback.short}/v1`, "m");
    const viaGateway = streamer(`${url}/v1`, "loop/m");
    for (let i = 0; i < 50; i++) await Promise.all([direct(), viaGateway()]);
    const ttftAdded: number[] = [];
    const totalAdded: number[] = [];
    for (let i = 0; i < 300; i++) {
      const d = await direct();
      const g = await viaGateway();
      if (g.chunks !== d.chunks) throw new Error(`the gateway stream had ${g.chunks} chunks, the direct one ${d.chunks}`);
      ttftAdded.push(g.ttftMs - d.ttftMs);
      totalAdded.push(g.totalMs - d.totalMs);
    }
    const added16 = await concurrentAdded(direct, viaGateway, 16, 10);
    const added64 = await concurrentAdded(direct, viaGateway, 64, 6);
    // CPU of the gateway process alone, over enough chunks that the 10 ms tick does not matter.
    const cpuBefore = processCpuMs(child.pid!);
    let chunks = 0;
    for (let round = 0; round < 25; round++) chunks += (await Promise.all(Array.from({ length: 16 }, viaGateway))).reduce((sum, r) => sum + r.chunks, 0);
    const cpuMs = processCpuMs(child.pid!) - cpuBefore;
    return {
      gatewayTtftAddedP50Ms: median(ttftAdded),
      gatewayOverheadP50Ms: median(totalAdded),
      gatewayOverheadP99Ms16: percentile(added16, 99),
      gatewayOverheadP99Ms64: percentile(added64, 99),
      gatewayCpuPerChunkUs: (cpuMs * 1000) / chunks,
    };
  } finally {
    child.kill("SIGKILL");
  }
}

if (require.main === module) {
  void (async () => {
    const loopback = await startLoopback();
    try {
      console.log(await measureGateway(loopback));
    } finally {
      loopback.stop();
    }
  })();
}
