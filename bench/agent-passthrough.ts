// A coding agent's turn through the gateway on its own wire: a Claude-Code-sized Messages request (≈50 KB,
// 12 tools, cache_control, thinking) to an Anthropic provider, relayed byte for byte. Switchboard's gateway
// (`switchboard serve`) side by side with a minimal pass-through proxy (parse, rewrite the model, copy the
// bytes back) against calling the loopback provider directly, alternating in one run: added time to the
// first streamed delta and each process's CPU time per relayed chunk (the provider's events: both relay
// the same stream, however the network groups it). Run alone: npx tsx bench/agent-passthrough.ts
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_TOKEN, firstLine, minimalProxySource, processCpuMs } from "./gateway-processes";
import { type Loopback, startLoopback } from "./loopback";
import { median } from "./stats";

const cli = join(__dirname, "..", "dist", "cli.js");

/** About the size and shape of Claude Code's first request: a long system prompt, 12 tools, cache marks. */
export function agentSizedRequest(): Record<string, unknown> {
  const paragraph = "You are a coding agent. Read the repository, plan the change, edit files with the tools, and run the tests before you answer. ";
  const tool = (name: string) => ({
    name,
    description: `${name}: ${paragraph.repeat(6)}`,
    input_schema: { type: "object", properties: { path: { type: "string", description: "Absolute path" }, content: { type: "string" }, options: { type: "object", properties: { force: { type: "boolean" } } } }, required: ["path"] },
  });
  return {
    model: "loop/claude",
    max_tokens: 32000,
    stream: true,
    system: [
      { type: "text", text: "x-anthropic-billing-header: cc_version=2.1.328;" },
      { type: "text", text: paragraph.repeat(200), cache_control: { type: "ephemeral" } },
    ],
    messages: [
      { role: "user", content: [{ type: "text", text: `<system-reminder>${paragraph.repeat(40)}</system-reminder>` }, { type: "text", text: "Fix the failing test.", cache_control: { type: "ephemeral" } }] },
      { role: "system", content: [{ type: "text", text: "# Environment\nWorking directory: /work" }] },
    ],
    tools: ["Agent", "Bash", "Edit", "Glob", "Grep", "Read", "Write", "WebFetch", "TodoWrite", "NotebookEdit", "Skill", "ToolSearch"].map(tool),
    metadata: { user_id: JSON.stringify({ device_id: "bench", account_uuid: "", session_id: "00000000-0000-4000-8000-000000000000" }) },
    thinking: { type: "adaptive" },
    context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
    output_config: { effort: "medium" },
  };
}


type Timed = { ttftMs: number; events: number };

/** One streamed turn: time to the first content delta, and how many network reads carried the answer. */
async function turn(url: string, body: string): Promise<Timed> {
  const start = performance.now();
  const response = await fetch(`${url}/v1/messages?beta=true`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": BENCH_TOKEN, "anthropic-version": "2023-06-01", "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14", "user-agent": "claude-cli/2.1.328 (bench)" },
    body,
  });
  let ttftMs = 0;
  let text = "";
  const decoder = new TextDecoder();
  for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(piece, { stream: true });
    if (!ttftMs && text.includes("content_block_delta")) ttftMs = performance.now() - start;
  }
  return { ttftMs, events: text.split("\n\n").length - 1 };
}

/** Asks the process's lag probe (bench/lag-probe.cjs) for its figures since the last ask. */
async function probeLag(child: ChildProcess, file: string): Promise<number> {
  const before = existsSync(file) ? readFileSync(file, "utf8") : "";
  child.kill("SIGUSR2");
  for (let wait = 0; wait < 200; wait++) {
    const now = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (now && now !== before) return (JSON.parse(now) as { maxMs: number }).maxMs;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the lag probe of pid ${child.pid} did not answer`);
}

/** The process's worst event-loop delay over 5 rounds of 64 concurrent agent turns. */
async function lagUnderLoad(child: ChildProcess, file: string, url: string, body: string): Promise<number> {
  await probeLag(child, file);
  for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: 64 }, () => turn(url, body)));
  return probeLag(child, file);
}

export async function measureAgentPassthrough(loopback: Loopback): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-agent-"));
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ providers: [{ id: "loop", kind: "anthropic", baseUrl: loopback.anthropic, needsKey: false }], models: [{ id: "loop/claude", pricing: { input: 3, output: 15, cachedInput: 0.3 } }] }));
  const probe = ["--require", join(__dirname, "lag-probe.cjs")];
  const sbLag = join(dir, "switchboard-lag.json");
  const proxyLag = join(dir, "proxy-lag.json");
  const switchboard = spawn(process.execPath, [...probe, cli, "serve", "--port", "0", "--config", config, "--ledger", join(dir, "ledger.jsonl")], {
    env: { PATH: process.env.PATH ?? "", HOME: dir, SWITCHBOARD_GATEWAY_TOKEN: BENCH_TOKEN, LAG_PROBE_FILE: sbLag },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const proxy = spawn(process.execPath, [...probe, "-e", minimalProxySource("/v1/messages", "claude", ["anthropic-version", "anthropic-beta"]), loopback.anthropic], {
    cwd: join(__dirname, ".."),
    env: { ...process.env, LAG_PROBE_FILE: proxyLag },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const [sbUrl, proxyUrl] = await Promise.all([firstLine(switchboard, /listening on (http:\S+)/), firstLine(proxy, /listening on (http:\S+)/)]);
    const body = JSON.stringify(agentSizedRequest());
    const added = { switchboard: [] as number[], proxy: [] as number[] };
    for (let round = 0; round < 330; round++) {
      const direct = await turn(loopback.anthropic, body);
      const viaSwitchboard = await turn(sbUrl, body);
      const viaProxy = await turn(proxyUrl, body);
      if (round < 30) continue; // warm-up: JIT, connection pools
      added.switchboard.push(viaSwitchboard.ttftMs - direct.ttftMs);
      added.proxy.push(viaProxy.ttftMs - direct.ttftMs);
    }
    const cpuPerChunk = async (child: ChildProcess, url: string) => {
      const before = processCpuMs(child.pid!);
      let events = 0;
      for (let round = 0; round < 200; round++) events += (await turn(url, body)).events;
      return ((processCpuMs(child.pid!) - before) * 1000) / events;
    };
    const sbCpu = await cpuPerChunk(switchboard, sbUrl);
    const proxyCpu = await cpuPerChunk(proxy, proxyUrl);
    // 64 agents' turns at once through each process, alternating, 3 times: each process's own worst
    // event-loop delay while it relays them (the lag its other clients would feel).
    const lags = { switchboard: [] as number[], proxy: [] as number[] };
    for (let repetition = 0; repetition < 3; repetition++) {
      lags.switchboard.push(await lagUnderLoad(switchboard, sbLag, sbUrl, body));
      lags.proxy.push(await lagUnderLoad(proxy, proxyLag, proxyUrl, body));
    }
    const sbTtft = median(added.switchboard);
    const proxyTtft = median(added.proxy);
    return {
      agentRequestKB: Buffer.byteLength(body) / 1024,
      agentPassthroughTtftAddedP50Ms: sbTtft,
      agentProxyTtftAddedP50Ms: proxyTtft,
      agentPassthroughTtftAddedOverProxyMs: sbTtft - proxyTtft,
      agentPassthroughCpuPerChunkUs: sbCpu,
      agentProxyCpuPerChunkUs: proxyCpu,
      agentPassthroughCpuPerChunkRatioVsProxy: sbCpu / proxyCpu,
      agentGatewayLagMaxMs64: median(lags.switchboard),
      agentProxyLagMaxMs64: median(lags.proxy),
      agentGatewayLagRatioVsProxy64: median(lags.switchboard.map((lag, index) => lag / lags.proxy[index]!)),
    };
  } finally {
    switchboard.kill("SIGKILL");
    proxy.kill("SIGKILL");
  }
}

if (require.main === module) {
  void (async () => {
    const loopback = await startLoopback();
    try {
      console.log(await measureAgentPassthrough(loopback));
    } finally {
      loopback.stop();
    }
  })();
}
