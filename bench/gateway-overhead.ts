// The local gateway (`switchboard serve`, its own process) side by side with Portkey's gateway and a
// minimal pass-through proxy (the floor of any extra hop), all against calling the loopback provider
// directly, with the official openai SDK on the same recorded stream, alternating in one run: added time
// to first token, added total time at 1, 16 and 64 concurrent streams, and each gateway process's CPU time
// per streamed chunk (from /proc). Run alone: npx tsx bench/gateway-overhead.ts
import OpenAI from "openai";
import { BENCH_TOKEN, type GatewayProcess, processCpuMs, startMinimalProxy, startPortkey, startSwitchboard } from "./gateway-processes";
import { type Loopback, startLoopback } from "./loopback";
import { median, percentile } from "./stats";

type Timed = { ttftMs: number; totalMs: number; chunks: number };
type Stream = () => Promise<Timed>;

function streamer(baseURL: string, model: string, headers: Record<string, string> = {}): Stream {
  const client = new OpenAI({ baseURL, apiKey: BENCH_TOKEN, maxRetries: 0, defaultHeaders: headers });
  return async () => {
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

interface Added {
  ttft1: number[];
  total1: number[];
  total16: number[];
  total64: number[];
}

const batch = (stream: Stream, size: number) => Promise.all(Array.from({ length: size }, stream));

/** Each round: the direct batch, then the same batch through every gateway in turn. */
async function alternate(direct: Stream, gateways: Stream[], size: number, rounds: number, added: (g: number, gateway: Timed, direct: Timed) => void) {
  for (let round = 0; round < rounds; round++) {
    const d = await batch(direct, size);
    for (const [g, gateway] of gateways.entries()) {
      const results = await batch(gateway, size);
      for (let i = 0; i < size; i++) {
        if (results[i]!.chunks !== d[i]!.chunks) throw new Error(`a gateway stream had ${results[i]!.chunks} chunks, the direct one ${d[i]!.chunks}`);
        added(g, results[i]!, d[i]!);
      }
    }
  }
}

/** CPU of the gateway process alone, over enough chunks that the 10 ms tick does not matter. */
async function cpuPerChunkUs(gateway: GatewayProcess, stream: Stream): Promise<number> {
  const before = processCpuMs(gateway.child.pid!);
  let chunks = 0;
  for (let round = 0; round < 25; round++) chunks += (await batch(stream, 16)).reduce((sum, r) => sum + r.chunks, 0);
  return ((processCpuMs(gateway.child.pid!) - before) * 1000) / chunks;
}

export async function measureGateway(loopback: Loopback): Promise<Record<string, number>> {
  const gateways = [await startSwitchboard(loopback), await startPortkey(loopback), await startMinimalProxy(loopback)];
  try {
    const direct = streamer(`${loopback.short}/v1`, "m");
    const through = gateways.map((gateway) => streamer(gateway.baseURL, gateway.model, gateway.headers));
    const added: Added[] = gateways.map(() => ({ ttft1: [], total1: [], total16: [], total64: [] }));
    await alternate(direct, through, 1, 50, () => {}); // warm-up: JIT, connection pools
    await alternate(direct, through, 1, 300, (g, gateway, d) => {
      added[g]!.ttft1.push(gateway.ttftMs - d.ttftMs);
      added[g]!.total1.push(gateway.totalMs - d.totalMs);
    });
    await alternate(direct, through, 16, 10, (g, gateway, d) => added[g]!.total16.push(gateway.totalMs - d.totalMs));
    await alternate(direct, through, 64, 6, (g, gateway, d) => added[g]!.total64.push(gateway.totalMs - d.totalMs));
    const cpu: number[] = [];
    for (const [g, gateway] of gateways.entries()) cpu.push(await cpuPerChunkUs(gateway, through[g]!));
    const [sb, portkey, floor] = [0, 1, 2].map((g) => ({ ...added[g]!, cpu: cpu[g]! }));
    return {
      gatewayTtftAddedP50Ms: median(sb!.ttft1),
      gatewayOverheadP50Ms: median(sb!.total1),
      gatewayOverheadP99Ms: percentile(sb!.total1, 99),
      gatewayOverheadP50Ms16: median(sb!.total16),
      gatewayOverheadP99Ms16: percentile(sb!.total16, 99),
      gatewayOverheadP50Ms64: median(sb!.total64),
      gatewayOverheadP99Ms64: percentile(sb!.total64, 99),
      gatewayCpuPerChunkUs: sb!.cpu,
      portkeyTtftAddedP50Ms: median(portkey!.ttft1),
      portkeyOverheadP50Ms: median(portkey!.total1),
      portkeyOverheadP99Ms16: percentile(portkey!.total16, 99),
      portkeyOverheadP99Ms64: percentile(portkey!.total64, 99),
      portkeyCpuPerChunkUs: portkey!.cpu,
      gatewayCpuPerChunkRatioVsPortkey: sb!.cpu / portkey!.cpu,
      // p99 at 64 concurrent streams, the comparison: at most Portkey's means a ratio of 1 or less.
      gatewayOverheadRatioVsPortkey: percentile(sb!.total64, 99) / percentile(portkey!.total64, 99),
      minimalProxyTtftAddedP50Ms: median(floor!.ttft1),
      minimalProxyOverheadP99Ms64: percentile(floor!.total64, 99),
      minimalProxyCpuPerChunkUs: floor!.cpu,
    };
  } finally {
    for (const gateway of gateways) gateway.child.kill("SIGKILL");
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
