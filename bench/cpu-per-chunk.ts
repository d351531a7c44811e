// 2: process CPU time per streamed chunk for Switchboard's whole path, the official OpenAI SDK and the
// Vercel AI SDK, on the same long recording (the server runs in another process). Clients take turns
// in every repetition, so a noisy moment hits all of them.
import { direct } from "./direct-client";
import type { Loopback } from "./loopback";
import { aiSdkClient, openAiSdkClient, type StreamOnce } from "./peer-clients";
import { median } from "./stats";
import type { Routed } from "./switchboard-client";

export interface CpuResults {
  cpuPerChunkUsSwitchboard: number;
  cpuPerChunkUsOpenAI: number;
  cpuPerChunkUsAiSdk: number;
  cpuPerChunkUsDirect: number;
  cpuPerChunkRatioVsOpenAI: number;
  cpuPerChunkRatioVsAiSdk: number;
}

/** CPU microseconds per chunk over `requests` sequential streams. */
async function cpuPerChunk(stream: StreamOnce, requests: number): Promise<number> {
  let chunks = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < requests; i++) chunks += await stream();
  const used = process.cpuUsage(before);
  if (chunks === 0) throw new Error("a client streamed no chunks");
  return (used.user + used.system) / chunks;
}

export async function measureCpuPerChunk(loopback: Loopback, routed: Routed, repetitions = 7, requestsPerRepetition = 10): Promise<CpuResults> {
  const clients: Record<"switchboard" | "openai" | "aiSdk" | "direct", StreamOnce> = {
    switchboard: async () => (await routed("long/m")).chunks,
    openai: openAiSdkClient(loopback.long),
    aiSdk: aiSdkClient(loopback.long),
    direct: async () => (await direct(loopback.long)).chunks,
  };
  const counts = await Promise.all(Object.values(clients).map((stream) => stream()));
  if (new Set(counts).size !== 1) throw new Error(`the clients saw different chunk counts on identical bytes: ${counts.join(", ")}`);
  for (const stream of Object.values(clients)) await cpuPerChunk(stream, 5); // warm-up
  const samples: Record<keyof typeof clients, number[]> = { switchboard: [], openai: [], aiSdk: [], direct: [] };
  const ratioVsOpenAI: number[] = [];
  const ratioVsAiSdk: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    for (const name of Object.keys(clients) as Array<keyof typeof clients>) samples[name].push(await cpuPerChunk(clients[name], requestsPerRepetition));
    ratioVsOpenAI.push(samples.switchboard.at(-1)! / samples.openai.at(-1)!);
    ratioVsAiSdk.push(samples.switchboard.at(-1)! / samples.aiSdk.at(-1)!);
  }
  return {
    cpuPerChunkUsSwitchboard: median(samples.switchboard),
    cpuPerChunkUsOpenAI: median(samples.openai),
    cpuPerChunkUsAiSdk: median(samples.aiSdk),
    cpuPerChunkUsDirect: median(samples.direct),
    cpuPerChunkRatioVsOpenAI: median(ratioVsOpenAI),
    cpuPerChunkRatioVsAiSdk: median(ratioVsAiSdk),
  };
}
