// `npm run bench`: Switchboard's own costs, measured on loopback (not part of `npm test`).
// Writes bench/results.json; bench/README.md explains the numbers and how to reproduce them.
// This first cut measures router overhead, failover, event-loop lag, bundle sizes and the ledger;
// the keys it does not measure yet are null, with the reason in bench/README.md.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { createParser } from "eventsource-parser";
import { request } from "undici";
import { ModelCatalog } from "../src/core/catalog/catalog";
import { mergeProviders, ProviderRegistry } from "../src/core/providers/provider-registry";
import { RouteExecutor } from "../src/core/routing/executor";
import { routeRequest } from "../src/core/routing/route-request";
import { readLedger } from "../src/core/spend/ledger-reader";
import { LedgerWriter } from "../src/core/spend/ledger-writer";
import { spendReport } from "../src/core/spend/spend-report";
import { envelope, FixtureServer, fixtureLines } from "../test/wire/fixture-server";

const root = join(__dirname, "..");
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const median = (values: number[]) => percentile(values, 50);

/** The floor: undici + eventsource-parser, nothing else. Returns [ttft, total] in ms. */
async function direct(url: string): Promise<[number, number]> {
  const start = performance.now();
  let ttft = 0;
  const response = await request(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }], stream: true }) });
  const parser = createParser({
    onEvent: (event) => {
      if (event.data === "[DONE]") return;
      const chunk = JSON.parse(event.data) as { choices?: Array<{ delta?: { content?: string } }> };
      if (!ttft && chunk.choices?.[0]?.delta?.content) ttft = performance.now() - start;
    },
  });
  const decoder = new TextDecoder();
  for await (const piece of response.body) parser.feed(decoder.decode(piece as Buffer, { stream: true }));
  return [ttft, performance.now() - start];
}

async function main() {
  const server = await FixtureServer.start();
  const body = envelope("openai", fixtureLines("openai-text.jsonl"));
  server.serveSse(body);
  const failing = await FixtureServer.start();
  failing.serveStatus(503, "{}");
  const registry = new ProviderRegistry(
    mergeProviders(
      [
        { id: "loop", kind: "openai-compatible", baseUrl: `${server.baseUrl}/v1` },
        { id: "down", kind: "openai-compatible", baseUrl: `${failing.baseUrl}/v1` },
      ],
      [],
    ),
    () => undefined,
  );
  const catalog = new ModelCatalog({ demoEnabled: false, bundledEnabled: false, overrides: [{ id: "loop/m", pricing: { input: 1, output: 2 } }, { id: "down/m", pricing: { input: 1, output: 2 } }] });
  const executor = new RouteExecutor(
    {
      provider: (id) => {
        const created = registry.create(id);
        return created.ok ? created.provider : undefined;
      },
      model: (id) => catalog.find(id),
    },
    // The failover measure fails the primary on purpose every time: keep its breaker closed.
    { breakerFailures: 1_000_000 },
  );
  const ledger = new LedgerWriter(join(mkdtempSync(join(tmpdir(), "switchboard-bench-")), "ledger.jsonl"));
  const routed = async (model: string, fallbacks: string[] = []): Promise<[number, number]> => {
    const start = performance.now();
    let ttft = 0;
    await routeRequest(
      {
        requestId: "b",
        project: "bench",
        feature: "bench",
        messages: [{ role: "user", content: "hi" }],
        signal: new AbortController().signal,
        onEvent: (event) => {
          if (!ttft && event.type === "text-delta") ttft = performance.now() - start;
        },
      },
      { planner: { preferences: { model, fallbacks }, findModel: (id) => catalog.find(id), findProvider: (id) => registry.get(id) }, executor, ledger, priceSource: "bench" },
    );
    return [ttft, performance.now() - start];
  };
  const url = `${server.baseUrl}/v1/chat/completions`;

  // Warm up both paths (JIT, keep-alive sockets).
  for (let i = 0; i < 50; i++) await Promise.all([direct(url), routed("loop/m")]);

  // 1. Router overhead, sequential, interleaved so both see the same machine noise.
  const added: number[] = [];
  for (let i = 0; i < 400; i++) {
    const [, d] = await direct(url);
    const [, r] = await routed("loop/m");
    added.push(r - d);
  }
  // At 64 concurrent streams.
  const added64: number[] = [];
  for (let round = 0; round < 10; round++) {
    const d = await Promise.all(Array.from({ length: 64 }, () => direct(url)));
    const r = await Promise.all(Array.from({ length: 64 }, () => routed("loop/m")));
    for (let i = 0; i < 64; i++) added64.push(r[i]![1] - d[i]![1]);
  }

  // 3. Failover: the primary answers 503 at once; TTFT against calling the healthy one directly.
  const failover: number[] = [];
  for (let i = 0; i < 200; i++) {
    const [dt] = await direct(url);
    const [rt] = await routed("down/m", ["loop/m"]);
    failover.push(rt - dt);
  }

  // 4. Event-loop lag under 64 concurrent routed streams.
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  for (let round = 0; round < 10; round++) await Promise.all(Array.from({ length: 64 }, () => routed("loop/m")));
  lag.disable();

  // 6. Bundle sizes (run `npm run build:release` first for release sizes).
  const kb = (file: string) => statSync(join(root, "dist", file)).size / 1024;
  const gzKb = (file: string) => gzipSync(readFileSync(join(root, "dist", file))).length / 1024;

  // 7. Ledger: appends per second through the locking writer, bytes per record, and a spend summary.
  const ledgerDir = mkdtempSync(join(tmpdir(), "switchboard-ledger-bench-"));
  const writer = new LedgerWriter(join(ledgerDir, "ledger.jsonl"));
  const entry = { time: "2026-11-24T10:00:00.000Z", requestId: "00000000-0000-0000-0000-000000000000", attempt: 1, project: "bench", feature: "cli", provider: "openai", model: "gpt-4.1-mini", routingReason: "the requested model", outcome: "ok", status: 200, inputTokens: 1200, outputTokens: 350, cachedInputTokens: 0, costUsd: 0.00104, priceSource: "bundled 2025-11-15", ttftMs: 412, durationMs: 2210 };
  const appendCount = 20_000;
  const appendStart = performance.now();
  for (let i = 0; i < appendCount; i++) writer.append({ ...entry, attempt: i });
  const appendsPerSec = appendCount / ((performance.now() - appendStart) / 1000);
  const bytesPerRecord = statSync(writer.file).size / appendCount;
  // A 1,000,000-record ledger, written in bulk (the chain is not what is timed here), then summarised.
  const bulk = join(ledgerDir, "million.jsonl");
  const line = `${readFileSync(writer.file, "utf8").split("\n")[0]}\n`;
  writeFileSync(bulk, line.repeat(1_000_000));
  const summaryStart = performance.now();
  spendReport(readLedger(bulk).records, "model");
  spendReport(readLedger(bulk).records, "day");
  const summaryMs = performance.now() - summaryStart;

  await Promise.all([server.close(), failing.close()]);
  const results = {
    routerOverheadP50Ms: median(added),
    routerOverheadP99Ms: percentile(added, 99),
    routerOverheadP99Ms64: percentile(added64, 99),
    cpuPerChunkRatioVsOpenAI: null,
    cpuPerChunkRatioVsAiSdk: null,
    failoverAddedMs: median(failover),
    eventLoopLagMaxMs64: lag.max / 1e6,
    webviewLongTasks: null,
    webviewScriptingRatioVsNaive: null,
    activationMs: null,
    extensionBundleKB: kb("extension.js"),
    webviewBundleKB: kb("webview.js"),
    webviewBundleGzipKB: gzKb("webview.js"),
    ledgerSummary1MMs: summaryMs,
    ledgerBytesPerRecord: bytesPerRecord,
    ledgerAppendsPerSec: appendsPerSec,
  };
  writeFileSync(join(__dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.table(Object.entries(results).map(([key, value]) => ({ key, value: typeof value === "number" ? Number(value.toFixed(3)) : value })));
}

void main();
