// 7: the ledger at scale. Appends per second through the locking, hash-chained writer; bytes per
// record; and a spend summary (by model and by day) of a 1,000,000-record ledger: cold (no rollup yet,
// every record read, by the built code with its worker threads) and as users meet it (the rollup plus the records appended since it was saved).
import { execFileSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdtempSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { buildSync } from "esbuild";
import { join } from "node:path";
import type { LedgerEntry } from "../src/core/spend/ledger-record";
import { sealLine } from "../src/core/spend/ledger-record";
import { LedgerWriter } from "../src/core/spend/ledger-writer";
import { SyncLedgerWriter } from "../src/core/spend/ledger-writer-sync";
import { spendReport } from "../src/core/spend/spend-report";
import { SyncSpendRollup } from "../src/core/spend/spend-rollup-sync";
import { measureRoutingHistory, type RoutingHistoryResults } from "./routing-history";

export interface LedgerResults extends RoutingHistoryResults {
  ledgerAppendsPerSec: number;
  ledgerBytesPerRecord: number;
  ledgerSummary1MColdMs: number;
  ledgerSummary1MMs: number;
}

const MODELS = ["openai/gpt-4.1-mini", "openai/gpt-4o", "anthropic/claude-sonnet-4-5", "google/gemini-2.5-flash", "mistral/mistral-large-latest", "groq/llama-3.3-70b-versatile"];

/** A realistic record: a UUID, a routing reason, list-price provenance, tokens and timings. */
function entry(i: number): LedgerEntry {
  const [provider, model] = MODELS[i % MODELS.length]!.split("/") as [string, string];
  const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3_000) * 86_400_000).toISOString().slice(0, 10);
  return {
    time: `${day}T10:00:00.000Z`, requestId: crypto.randomUUID(), attempt: 1, project: `project-${i % 7}`, feature: ["chat", "playground", "compare-selection"][i % 3]!,
    provider, model, routingReason: "the requested model", outcome: "ok", status: 200, inputTokens: 1200 + (i % 500), outputTokens: 350 + (i % 200),
    cachedInputTokens: i % 5 === 0 ? 1024 : 0, costUsd: Number((0.00104 + (i % 97) * 1e-6).toFixed(8)), priceSource: "bundled 2025-11-15", ttftMs: 400 + (i % 300), durationMs: 2200 + (i % 900),
  };
}

/**
 * The cold summary as users meet it (`switchboard spend`, the extension's first read): the built code in
 * its own process, its worker threads loading the built worker. Saves the rollup the next read starts from.
 */
function coldSummary(file: string): { ms: number; attempts: number } {
  const dir = join(__dirname, "..", "out", "bench");
  buildSync({ entryPoints: [join(__dirname, "ledger-summary-child.ts")], bundle: true, platform: "node", format: "cjs", target: "node20", minify: true, outfile: join(dir, "ledger-summary.js"), logLevel: "warning" });
  copyFileSync(join(__dirname, "..", "dist", "spend-scan-worker.js"), join(dir, "spend-scan-worker.js"));
  const result = JSON.parse(execFileSync(process.execPath, [join(dir, "ledger-summary.js"), file, `${file}.rollup.json`], { encoding: "utf8" })) as { ms: number; attempts: number; threads: number };
  if (result.threads < 2 && availableParallelism() > 1) throw new Error("the cold summary did not use worker threads");
  return result;
}

export async function measureLedger(): Promise<LedgerResults> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-ledger-bench-"));
  const writer = new LedgerWriter(join(dir, "appends.jsonl"));
  const appendCount = 20_000;
  const start = performance.now();
  // One request at a time, each awaiting its record as a request does (the slowest case: no grouping).
  for (let i = 0; i < appendCount; i++) await writer.append(entry(i));
  const ledgerAppendsPerSec = appendCount / ((performance.now() - start) / 1000);
  const ledgerBytesPerRecord = statSync(writer.file).size / appendCount;
  await writer.close();

  // 1,000,000 chained records written in bulk (the writer's speed is measured above), ~333 days.
  const file = join(dir, "million.jsonl");
  let prevHash = "";
  for (let batch = 0; batch < 100; batch++) {
    const lines: string[] = [];
    for (let i = batch * 10_000; i < (batch + 1) * 10_000; i++) {
      const { line, record } = sealLine(entry(i), prevHash);
      lines.push(line);
      prevHash = record.hash;
    }
    appendFileSync(file, `${lines.join("\n")}\n`);
  }
  const summarise = (rollup: SyncSpendRollup) => {
    const { cells } = rollup.read();
    return [spendReport(cells, "model"), spendReport(cells, "day")];
  };
  const cold = coldSummary(file);
  const ledgerSummary1MColdMs = cold.ms;
  // The day goes on: 1,000 more requests through the writer, then a new process asks for the report.
  const more = new SyncLedgerWriter(file);
  for (let i = 1_000_000; i < 1_001_000; i++) more.appendSync(entry(i));
  const warmStart = performance.now();
  const warm = summarise(new SyncSpendRollup(file));
  const ledgerSummary1MMs = performance.now() - warmStart;
  if (warm[0]!.total.attempts !== 1_001_000 || cold.attempts !== 1_000_000) throw new Error("the summary did not count every record");
  const history = await measureRoutingHistory(file, entry, MODELS[0]!);
  return { ledgerAppendsPerSec, ledgerBytesPerRecord, ledgerSummary1MColdMs, ledgerSummary1MMs, ...history };
}
