import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import type { LedgerEntry } from "../../src/core/spend/ledger-record";
import { absorbRange, lineStarts, type ScannedRange } from "../../src/core/spend/parallel-scan";
import { SyncLedgerWriter } from "../../src/core/spend/ledger-writer-sync";
import { readLedgerPieces } from "../../src/core/spend/ledger-reader";
import { foldRange } from "../../src/core/spend/spend-range";
import { foldingSplitter, SpendFolder, SpendRollup } from "../../src/core/spend/spend-rollup";

/**
 * Requests whose attempts come close together (fallbacks) and, now and then, a request id seen again
 * long after (more than the 2,000 remembered requests later, or just under), across a few days and
 * projects; lines no writer makes (torn, format 1, escapes, imported records) in between.
 */
function writeLedger(records: number): string {
  const file = join(mkdtempSync(join(tmpdir(), "switchboard-parallel-")), "ledger.jsonl");
  const writer = new SyncLedgerWriter(file);
  let state = 7;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const models = [["openai", "gpt-4o"], ["anthropic", "claude"], ["demo", "swift-mini"]];
  for (let i = 0; i < records; i++) {
    const roll = next(100);
    const id = roll < 20 ? `r${Math.max(0, i - 1 - next(3))}` : roll < 26 ? `r${Math.max(0, i - 2200 - next(700))}` : `r${i}`;
    const [provider, model] = models[next(models.length)]!;
    const entry: LedgerEntry = { time: `2026-11-${String(1 + Math.floor(i / 700)).padStart(2, "0")}T10:00:00.000Z`, requestId: id, attempt: 1, project: next(4) === 0 ? null : `p${next(3)}`, feature: "chat", provider: provider!, model: model!, routingReason: "test", outcome: "ok", status: 200, inputTokens: next(1000), outputTokens: next(300), cachedInputTokens: next(50), costUsd: next(10_000) / 1e7, priceSource: "test", ttftMs: 10, durationMs: 100, ...(next(50) === 0 ? { imported: "other-ledger" } : {}), ...(next(60) === 0 ? { project: "projet-été" } : {}) };
    writer.appendSync(entry);
    if (i % 997 === 500) appendFileSync(file, '[2,"2026-11-24T10:00:01.000Z","torn",1,\n');
  }
  writer.close();
  return file;
}

const oneRead = (file: string, skipImported = false) => new SpendRollup(file, `${file}.one-${skipImported}.json`, skipImported, Number.POSITIVE_INFINITY);
const memoryOf = (folder: SpendFolder) => [...folder.recent.entries()].map(([id, cell]) => [id, folder.keyOf(cell)]);

describe("a ledger read in stretches", () => {
  it("stretches folded apart and taken in order give exactly the cells, request counts and remembered requests of one read", async () => {
    const file = writeLedger(9_000);
    const size = statSync(file).size;
    // One read, line after line.
    const whole = new SpendFolder();
    let wholeSkipped = 0;
    readLedgerPieces(file, 0, foldingSplitter(whole, 0, false, { folded: () => {}, skipped: () => wholeSkipped++ }));
    for (const parts of [2, 7, 60]) {
      const starts = await lineStarts(file, 0, size, parts);
      const folder = new SpendFolder();
      let skipped = 0;
      for (const [index, from] of starts.entries()) {
        const range = await foldRange({ file, from, to: starts[index + 1] ?? size, skipImported: false });
        absorbRange(folder, range);
        skipped += range.skippedLines;
      }
      assert.deepEqual([...folder.cells.values()], [...whole.cells.values()], `${parts} stretches`);
      assert.deepEqual(memoryOf(folder), memoryOf(whole), `${parts} stretches`);
      assert.equal(skipped, wholeSkipped);
    }
    assert.ok(wholeSkipped >= 9, "the torn lines are counted");
  });

  it("readAsync of a long stretch uses worker threads and agrees with one read, then reads on from where they stopped", async () => {
    const file = writeLedger(6_000);
    for (const skipImported of [false, true]) {
      const parallel = new SpendRollup(file, `${file}.parallel-${skipImported}.json`, skipImported, 0);
      const read = await parallel.readAsync();
      assert.ok(parallel.threadsOfLastRead > 1, "worker threads read it");
      const single = oneRead(file, skipImported);
      assert.deepEqual(read, await single.readAsync());
      assert.equal(single.threadsOfLastRead, 1);
    }
    // A later attempt of a request read by a worker moves it, as it would after one read.
    const parallel = new SpendRollup(file, `${file}.parallel-again.json`, false, 0);
    await parallel.readAsync();
    const writer = new SyncLedgerWriter(file);
    writer.appendSync({ time: "2026-11-30T10:00:00.000Z", requestId: "r5999", attempt: 2, project: "p9", feature: "chat", provider: "demo", model: "swift-mini", routingReason: "fallback", outcome: "ok", status: 200, inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, costUsd: 0, priceSource: "test", ttftMs: 1, durationMs: 1 });
    writer.close();
    const after = await parallel.readAsync();
    assert.deepEqual(after, await oneRead(file).readAsync());
    assert.equal(after.cells.find((cell) => cell.project === "p9")?.requests, 1);
  });

  it("a read stops where it looked at the ledger's size: a long stretch appended during it goes to the next read, on threads", async () => {
    const file = writeLedger(200);
    const rollup = new SpendRollup(file, `${file}.during.json`, false, 1024 * 1024);
    await rollup.readAsync();
    const longer = readFileSync(writeLedger(12_000), "utf8");
    // The read asks for the size first (a thread-pool call); the stretch lands while it waits.
    const during = rollup.readAsync();
    appendFileSync(file, longer);
    await during;
    const threads = [rollup.threadsOfLastRead];
    const after = await rollup.readAsync();
    threads.push(rollup.threadsOfLastRead);
    assert.ok(Math.max(...threads) > 1, `the appended stretch was read on threads (${threads})`);
    assert.deepEqual(after.cells, (await oneRead(file).readAsync()).cells);
  });

  it("the built worker (dist/spend-scan-worker.js, as the extension and the CLI load it) folds a stretch as the source does", async () => {
    const file = writeLedger(3_000);
    const size = statSync(file).size;
    const from = (await lineStarts(file, 0, size, 3))[1]!;
    const job = { file, from, to: size, skipImported: false };
    const built = await new Promise<ScannedRange>((resolve, reject) => {
      const worker = new Worker(join(__dirname, "..", "..", "dist", "spend-scan-worker.js"), { workerData: job });
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    assert.deepEqual(built, await foldRange(job));
    assert.ok(built.folded > 1_000 && built.endByte === size);
  });
});
