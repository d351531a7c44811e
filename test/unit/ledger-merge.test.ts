// One ledger per user: the extension's old ledger is moved into the shared one when that holds nothing,
// read beside it otherwise, and merged on request (marked as imported, verified, never counted twice).
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, it } from "node:test";
import { adoptOldLedger, LedgerMergeError, mergeLedger } from "../../src/core/spend/ledger-merge";
import { readLedger, verifyLedger } from "../../src/core/spend/ledger-reader";
import type { LedgerEntry } from "../../src/core/spend/ledger-record";
import { SyncLedgerWriter } from "../../src/core/spend/ledger-writer-sync";
import { SpendRollup } from "../../src/core/spend/spend-rollup";
import { SyncSpendRollup } from "../../src/core/spend/spend-rollup-sync";
import { LedgerSpendSources } from "../../src/core/spend/spend-sources";
import { spendReport } from "../../src/core/spend/spend-report";

const entry = (requestId: string, costUsd: number, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  time: "2026-12-01T10:00:00.000Z", requestId, attempt: 1, project: "web", feature: "playground", provider: "openai", model: "gpt-5.4-mini",
  routingReason: "the requested model", outcome: "ok", status: 200, inputTokens: 10, outputTokens: 5, cachedInputTokens: 0,
  costUsd, priceSource: "test", ttftMs: 100, durationMs: 300, ...extra,
});

function dirs() {
  const root = mkdtempSync(join(tmpdir(), "switchboard-merge-"));
  return { old: join(root, "globalStorage", "ledger.jsonl"), shared: join(root, "config", "switchboard", "ledger.jsonl") };
}

function ledgerWith(file: string, records: Array<[string, number]>): void {
  const writer = new SyncLedgerWriter(file);
  for (const [id, cost] of records) writer.appendSync(entry(id, cost));
}

const totalUsd = (cells: Parameters<typeof spendReport>[0]) => spendReport(cells, "model").rows.reduce((sum, row) => sum + row.costUsd, 0);

describe("one ledger per user", () => {
  it("moves the old ledger, byte for byte, when the shared one does not exist; the chain carries on", async () => {
    const { old, shared } = dirs();
    ledgerWith(old, [["r1", 0.1], ["r2", 0.2], ["r3", 0.3]]);
    new SyncSpendRollup(old).save();
    const bytes = readFileSync(old);
    const state = await adoptOldLedger(old, shared);
    assert.deepEqual(state, { kind: "moved", from: old, to: shared, lines: 3 });
    assert.deepEqual(readFileSync(shared), bytes);
    assert.equal(existsSync(old), false, "the old file is gone");
    assert.deepEqual(readdirSync(dirname(old)), [], "and its sidecars with it");
    const writer = new SyncLedgerWriter(shared);
    await writer.append(entry("r4", 0.4));
    await writer.close();
    assert.deepEqual(verifyLedger(shared), { ok: true, records: 4, skipped: [] });
  });

  it("moves it into an empty shared ledger that a writer elsewhere already holds open, and that writer chains on", async () => {
    const { old, shared } = dirs();
    ledgerWith(old, [["r1", 0.1], ["r2", 0.2]]);
    const elsewhere = new SyncLedgerWriter(shared);
    await elsewhere.append(entry("warm-up", 0)).then(() => writeFileSync(shared, ""));
    const state = await adoptOldLedger(old, shared);
    assert.equal(state.kind, "moved");
    await elsewhere.append(entry("r3", 0.3));
    await elsewhere.close();
    assert.deepEqual(readLedger(shared).records.map((record) => record.requestId), ["r1", "r2", "r3"]);
    assert.equal(verifyLedger(shared).ok, true);
  });

  it("leaves both in place when the shared ledger has records, and reports read both", async () => {
    const { old, shared } = dirs();
    ledgerWith(old, [["old1", 0.5], ["old2", 0.25]]);
    ledgerWith(shared, [["cli1", 1]]);
    const before = [readFileSync(old), readFileSync(shared)];
    assert.deepEqual(await adoptOldLedger(old, shared), { kind: "pending", file: old });
    assert.deepEqual([readFileSync(old), readFileSync(shared)], before);
    const spend = new LedgerSpendSources(shared);
    assert.equal(totalUsd((await spend.readAsync()).cells), 1);
    spend.includeOld(old);
    assert.equal(spend.oldFile, old);
    assert.equal(totalUsd((await spend.readAsync()).cells), 1.75);
  });

  it("does nothing without an old ledger with records, or when both are one file", async () => {
    const { old, shared } = dirs();
    assert.deepEqual(await adoptOldLedger(old, shared), { kind: "none" });
    ledgerWith(old, []);
    assert.deepEqual(await adoptOldLedger(old, shared), { kind: "none" });
    ledgerWith(shared, [["r1", 0.1]]);
    assert.deepEqual(await adoptOldLedger(shared, shared), { kind: "none" });
    assert.equal(readLedger(shared).records.length, 1);
  });

  it("two windows starting at once move it once", async () => {
    const { old, shared } = dirs();
    ledgerWith(old, [["r1", 0.1], ["r2", 0.2]]);
    const states = await Promise.all([adoptOldLedger(old, shared), adoptOldLedger(old, shared)]);
    assert.deepEqual(states.map((state) => state.kind).sort(), ["moved", "none"]);
    assert.deepEqual(readLedger(shared).records.map((record) => record.requestId), ["r1", "r2"]);
  });

  it("merge appends the old records marked as imported, verifies, keeps the old file renamed, and totals do not change", async () => {
    const { old, shared } = dirs();
    ledgerWith(old, [["old1", 0.5], ["old2", 0.25]]);
    ledgerWith(shared, [["cli1", 1]]);
    const oldHashes = readLedger(old).records.map((record) => record.hash);
    const spend = new LedgerSpendSources(shared);
    spend.includeOld(old);
    assert.equal(totalUsd((await spend.readAsync()).cells), 1.75);

    const writer = new SyncLedgerWriter(shared);
    const result = await mergeLedger(old, writer, new Date("2026-12-02T12:00:00Z"));
    await writer.close();
    assert.equal(result.imported, 2);
    assert.equal(result.alreadyImported, 0);
    assert.deepEqual(result.verified, { ok: true, records: 3, skipped: [] });
    assert.equal(basename(result.keptAs), "ledger.jsonl.merged-2026-12-02");
    assert.equal(existsSync(old), false);
    assert.equal(verifyLedger(result.keptAs).ok, true, "the original chain is kept as evidence");
    const records = readLedger(shared).records;
    assert.deepEqual(records.map((record) => [record.requestId, record.imported]), [["cli1", undefined], ["old1", oldHashes[0]], ["old2", oldHashes[1]]]);
    assert.equal(records[1]!.time, "2026-12-01T10:00:00.000Z", "each record keeps its own time");

    await spend.dropOld();
    assert.equal(totalUsd((await spend.readAsync()).cells), 1.75, "merged, not counted twice");
    assert.equal(totalUsd((await new SpendRollup(shared).readAsync()).cells), 1.75, "what `switchboard spend` reads");
  });

  it("a merge interrupted midway is finished by running it again, without duplicates, and never counted twice meanwhile", async () => {
    const { old, shared } = dirs();
    ledgerWith(old, [["old1", 0.5], ["old2", 0.25], ["old3", 0.125]]);
    ledgerWith(shared, [["cli1", 1]]);
    // The first record made it across before the interruption.
    const first = readLedger(old).records[0]!;
    const { hash, ...rest } = first;
    new SyncLedgerWriter(shared).appendSync({ ...rest, imported: hash });
    const spend = new LedgerSpendSources(shared);
    spend.includeOld(old);
    assert.equal(totalUsd((await spend.readAsync()).cells), 1.875);

    const writer = new SyncLedgerWriter(shared);
    const result = await mergeLedger(old, writer);
    await writer.close();
    assert.equal(result.imported, 2);
    assert.equal(result.alreadyImported, 1);
    assert.deepEqual(readLedger(shared).records.map((record) => record.requestId), ["cli1", "old1", "old2", "old3"]);
    assert.equal(totalUsd(new SyncSpendRollup(shared).read().cells), 1.875);
  });

  it("refuses to merge an old ledger whose chain is broken (re-sealing would hide the break), leaving both as they were", async () => {
    const { old, shared } = dirs();
    ledgerWith(old, [["old1", 0.5], ["old2", 0.25]]);
    ledgerWith(shared, [["cli1", 1]]);
    writeFileSync(old, readFileSync(old, "utf8").replace(",0.5,", ",0.05,"));
    const before = [readFileSync(old), readFileSync(shared)];
    const writer = new SyncLedgerWriter(shared);
    await assert.rejects(mergeLedger(old, writer), (error: unknown) => error instanceof LedgerMergeError && /broken at record 1 \(request old1\).*not merged/.test(error.message));
    await writer.close();
    assert.deepEqual([readFileSync(old), readFileSync(shared)], before);
  });
});
