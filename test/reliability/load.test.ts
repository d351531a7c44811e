// Load: 64 concurrent streams through one process for a minute. No recurring event-loop stall over 100 ms
// (and no single one of a second), memory back within 10% of where it started once the streams end, and
// every request in the ledger.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { after, before, describe, it } from "node:test";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import { mergeProviders, ProviderRegistry } from "../../src/core/providers/provider-registry";
import { RouteExecutor } from "../../src/core/routing/executor";
import { runRequest } from "../../src/core/run/run-request";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { LedgerWriter } from "../../src/core/spend/ledger-writer";
import { FixtureServer } from "../wire/fixture-server";
import { writeSection } from "./report";
import { definition, FORMATS } from "./wire-formats";

const CONCURRENCY = 64;
const DURATION_MS = 60_000;
const wire = FORMATS["openai-compatible"];

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc (scripts/run-node-tests.mjs passes it)");
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe("load", () => {
  let server: FixtureServer;
  before(async () => {
    server = await FixtureServer.start();
    // 40 chunks, 25 ms apart: about a second per answer, like a fast model.
    server.handle(async (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (let i = 0; i < 40; i++) {
        res.write(wire.text(`token${i} `));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      res.end(wire.finish(40));
    });
  });
  after(() => server.close());

  it(`${CONCURRENCY} concurrent streams for a minute: no stall, no leak, every request recorded`, { timeout: 180_000 }, async () => {
    const registry = new ProviderRegistry(mergeProviders([definition("load", "openai-compatible", server.baseUrl)], []), () => undefined);
    const catalog = new ModelCatalog({ demoEnabled: false, bundledEnabled: false, overrides: [{ id: "load/m", pricing: { input: 1, output: 2 } }] });
    const executor = new RouteExecutor({
      provider: (id) => registry.create(id),
      model: (id) => catalog.find(id),
    });
    const ledgerFile = join(mkdtempSync(join(tmpdir(), "switchboard-load-")), "ledger.jsonl");
    const ledger = new LedgerWriter(ledgerFile);
    const one = (n: number) =>
      runRequest(
        { requestId: `r${n}`, project: "load", feature: "load", routing: { model: "load/m" }, messages: [{ role: "user", content: "go" }], signal: new AbortController().signal },
        { planner: { findModel: (id) => catalog.find(id), findProvider: (id) => registry.get(id) }, executor, ledger, priceSource: "test" },
      );

    // Warm up (JIT, sockets), then measure from a settled heap.
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => one(-1 - i)));
    // The loopback server lives in this process and keeps every request it saw: not ours to count.
    server.requests.length = 0;
    const heapBefore = heapAfterGc();
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    let sent = 0;
    let answered = 0;
    const deadline = Date.now() + DURATION_MS;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < deadline) {
          const outcome = await one(sent++);
          if (outcome.kind === "done" && outcome.execution.final?.outcome === "ok") answered += 1;
        }
      }),
    );
    lag.disable();
    server.requests.length = 0;
    const heapAfter = heapAfterGc();
    // A stall that recurs (a blocking call on every request) shows in the 99.9th percentile of the delay
    // samples; one sample of a garbage collection or of the VM being descheduled does not fail the run (a
    // single maximum of 104 and 125 ms on a 2-core CI machine, on runs where this path had not changed),
    // but one of a second does.
    const recurringLagMs = lag.percentile(99.9) / 1e6;
    const maxLagMs = lag.max / 1e6;
    const growth = (heapAfter - heapBefore) / heapBefore;
    const recorded = readLedger(ledgerFile).records.filter((r) => r.feature === "load" && !r.requestId.startsWith("r-")).length;
    writeSection("load", [
      { case: `${CONCURRENCY} streams for ${DURATION_MS / 1000} s: requests answered`, expected: `all ${sent}`, observed: String(answered), held: answered === sent },
      { case: "recurring event-loop stall (99.9th percentile of the delay)", expected: "< 100 ms", observed: `${recurringLagMs.toFixed(1)} ms`, held: recurringLagMs < 100 },
      { case: "any single event-loop stall (max delay)", expected: "< 1000 ms", observed: `${maxLagMs.toFixed(1)} ms`, held: maxLagMs < 1000 },
      { case: "heap after the streams end, vs before", expected: "within 10%", observed: `${(growth * 100).toFixed(1)}%`, held: Math.abs(growth) <= 0.1 },
      { case: "requests in the ledger", expected: String(sent), observed: String(recorded), held: recorded === sent },
    ]);
    assert.equal(answered, sent);
    assert.ok(recurringLagMs < 100, `the event loop stalled over 100 ms again and again (99.9th percentile ${recurringLagMs} ms)`);
    assert.ok(maxLagMs < 1000, `the event loop stalled ${maxLagMs} ms at once`);
    assert.ok(Math.abs(growth) <= 0.1, `heap grew ${(growth * 100).toFixed(1)}%`);
    assert.equal(recorded, sent);
  });
});
