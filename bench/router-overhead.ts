// 1, 3 and 4: what Switchboard's path adds to a request (sequential, 16 and 64 concurrent streams),
// what a failover adds to time to first token, and the event-loop lag under 64 concurrent streams.
// Direct and routed requests alternate so both see the same machine noise.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { direct } from "./direct-client";
import type { Loopback } from "./loopback";
import { median, percentile } from "./stats";
import type { Routed } from "./switchboard-client";

export interface RouterResults {
  routerOverheadP50Ms: number;
  routerOverheadP99Ms: number;
  routerTtftAddedP50Ms: number;
  routerOverheadP50MsOneChunk: number;
  routerOverheadP50MsOneChunkMemoryLedger: number;
  routerOverheadP50Ms16: number;
  routerOverheadP99Ms16: number;
  routerOverheadP50Ms64: number;
  routerOverheadP99Ms64: number;
  failoverAddedMs: number;
  eventLoopLagMaxMs64: number;
  eventLoopLagP99Ms64: number;
  eventLoopLagMaxMs64Direct: number;
}

async function concurrentAdded(loopback: Loopback, routed: Routed, streams: number, rounds: number): Promise<number[]> {
  const added: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const d = await Promise.all(Array.from({ length: streams }, () => direct(loopback.short)));
    const r = await Promise.all(Array.from({ length: streams }, () => routed("loop/m")));
    // Each stream's time against the direct stream in the same slot of the paired round.
    for (let i = 0; i < streams; i++) added.push(r[i]!.totalMs - d[i]!.totalMs);
  }
  return added;
}

/** `routedToMemory` is the same path with its records chained in memory instead of the ledger file. */
export async function measureRouter(loopback: Loopback, routed: Routed, routedToMemory: Routed): Promise<RouterResults> {
  // Warm up both paths (JIT, keep-alive sockets).
  for (let i = 0; i < 100; i++) await Promise.all([direct(loopback.short), routed("loop/m")]);

  const added: number[] = [];
  const ttftAdded: number[] = [];
  for (let i = 0; i < 400; i++) {
    const d = await direct(loopback.short);
    const r = await routed("loop/m");
    if (r.chunks !== d.chunks) throw new Error(`routed stream had ${r.chunks} chunks, direct ${d.chunks}`);
    added.push(r.totalMs - d.totalMs);
    ttftAdded.push(r.ttftMs - d.ttftMs);
  }
  // A one-chunk answer: what a request costs apart from its chunks (planner, executor, ledger...), and
  // the same with the records kept in memory, in alternation: the difference is the ledger file's share.
  const addedOneChunk: number[] = [];
  const addedOneChunkMemory: number[] = [];
  for (let i = 0; i < 100; i++) await Promise.all([direct(loopback.tiny), routedToMemory("tiny/m")]);
  for (let i = 0; i < 400; i++) {
    let d = await direct(loopback.tiny);
    const r = await routed("tiny/m");
    addedOneChunk.push(r.totalMs - d.totalMs);
    d = await direct(loopback.tiny);
    const m = await routedToMemory("tiny/m");
    addedOneChunkMemory.push(m.totalMs - d.totalMs);
  }
  const added16 = await concurrentAdded(loopback, routed, 16, 20);
  const added64 = await concurrentAdded(loopback, routed, 64, 10);

  const failover: number[] = [];
  for (let i = 0; i < 200; i++) {
    const d = await direct(loopback.short);
    const r = await routed("down/m", ["loop/m"]);
    if (r.chunks === 0) throw new Error("the failover request did not reach the fallback");
    failover.push(r.ttftMs - d.ttftMs);
  }

  // The same load through plain undici + eventsource-parser shows what parsing 64 unthrottled streams
  // costs the loop by itself.
  const lagOf = async (stream: () => Promise<unknown>) => {
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    for (let round = 0; round < 10; round++) await Promise.all(Array.from({ length: 64 }, stream));
    lag.disable();
    return lag;
  };
  const lag = await lagOf(() => routed("loop/m"));
  const lagDirect = await lagOf(() => direct(loopback.short));

  return {
    routerOverheadP50Ms: median(added),
    routerOverheadP99Ms: percentile(added, 99),
    routerTtftAddedP50Ms: median(ttftAdded),
    routerOverheadP50MsOneChunk: median(addedOneChunk),
    routerOverheadP50MsOneChunkMemoryLedger: median(addedOneChunkMemory),
    routerOverheadP50Ms16: median(added16),
    routerOverheadP99Ms16: percentile(added16, 99),
    routerOverheadP50Ms64: median(added64),
    routerOverheadP99Ms64: percentile(added64, 99),
    failoverAddedMs: median(failover),
    eventLoopLagMaxMs64: lag.max / 1e6,
    eventLoopLagP99Ms64: lag.percentile(99) / 1e6,
    eventLoopLagMaxMs64Direct: lagDirect.max / 1e6,
  };
}
