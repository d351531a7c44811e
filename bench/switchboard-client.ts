// Switchboard's whole path as the CLI and the extension run it: planner + executor + adapter + cost +
// ledger append, pointed at the loopback providers.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ModelCatalog } from "../src/core/catalog/catalog";
import { mergeProviders, ProviderRegistry } from "../src/core/providers/provider-registry";
import { RouteExecutor } from "../src/core/routing/executor";
import { runRequest } from "../src/core/run/run-request";
import type { LedgerSink } from "../src/core/run/run-request";
import { type LedgerEntry, sealLine } from "../src/core/spend/ledger-record";
import { LedgerWriter } from "../src/core/spend/ledger-writer";
import type { Loopback } from "./loopback";

export type Routed = (model: string, fallbacks?: string[]) => Promise<{ ttftMs: number; totalMs: number; chunks: number }>;

/**
 * The same chain of records kept in memory: everything the ledger file costs a request apart from the
 * file (lock, size check, write). Side by side with the file, it shows the durable append's share.
 */
export function memoryLedger(): LedgerSink {
  let lastHash = "";
  return {
    append: async (entry: LedgerEntry) => {
      const { record } = sealLine(entry, lastHash);
      lastHash = record.hash;
      return record;
    },
  };
}

/** Switchboard's path to the loopback providers; records go to a fresh ledger file unless `sink` is given. */
export function switchboardClient(loopback: Loopback, sink?: LedgerSink): { routed: Routed; ledger: LedgerWriter } {
  const providers = [
    { id: "loop", kind: "openai-compatible" as const, baseUrl: `${loopback.short}/v1` },
    { id: "long", kind: "openai-compatible" as const, baseUrl: `${loopback.long}/v1` },
    { id: "tiny", kind: "openai-compatible" as const, baseUrl: `${loopback.tiny}/v1` },
    { id: "down", kind: "openai-compatible" as const, baseUrl: `${loopback.failing}/v1` },
  ];
  const registry = new ProviderRegistry(mergeProviders(providers, []), () => undefined);
  const pricing = { input: 1, output: 2 };
  const catalog = new ModelCatalog({ demoEnabled: false, bundledEnabled: false, overrides: providers.map((p) => ({ id: `${p.id}/m`, pricing })) });
  const executor = new RouteExecutor(
    {
      provider: (id) => registry.create(id),
      model: (id) => catalog.find(id),
    },
    // The failover measure fails the primary on purpose every time: keep its breaker closed.
    { breakerFailures: 1_000_000 },
  );
  const ledger = new LedgerWriter(join(mkdtempSync(join(tmpdir(), "switchboard-bench-")), "ledger.jsonl"));
  let requests = 0;
  const routed: Routed = async (model, fallbacks = []) => {
    const start = performance.now();
    let ttftMs = 0;
    let chunks = 0;
    await runRequest(
      {
        requestId: `bench-${++requests}`,
        project: "bench",
        feature: "bench",
        routing: { model, fallbacks },
        messages: [{ role: "user", content: "hi" }],
        signal: new AbortController().signal,
        onEvent: (event) => {
          if (event.type !== "text-delta") return;
          chunks += 1;
          if (!ttftMs) ttftMs = performance.now() - start;
        },
      },
      { planner: { findModel: (id) => catalog.find(id), findProvider: (id) => registry.get(id) }, executor, ledger: sink ?? ledger, priceSource: "bench" },
    );
    return { ttftMs, totalMs: performance.now() - start, chunks };
  };
  return { routed, ledger };
}
