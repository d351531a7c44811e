import assert from "node:assert/strict";
import { appendFileSync, existsSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { EVAL_RESULT_FEATURE, type LedgerEntry, sealLine, TEAM_CHANGE_FEATURE, VOTE_FEATURE } from "../../src/core/spend/ledger-record";
import { SyncLedgerWriter } from "../../src/core/spend/ledger-writer-sync";
import { spendReport } from "../../src/core/spend/spend-report";
import { emptyScan, scanSpendLine } from "../../src/core/spend/spend-line-scan";
import { cellsFromEntries, GROUPINGS } from "../../src/core/spend/spend-rollup";
import { SyncSpendRollup } from "../../src/core/spend/spend-rollup-sync";

const tempFile = () => join(mkdtempSync(join(tmpdir(), "switchboard-rollup-")), "ledger.jsonl");

/** A seeded mix of requests: some fail over to a second model, some span projects, days and features. */
function* requests(seed: number, count: number): Generator<LedgerEntry> {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const models = [["openai", "gpt-4o"], ["openai", "gpt-4o-mini"], ["anthropic", "claude"], ["demo", "swift-mini"]];
  for (let i = 0; i < count; i++) {
    const attempts = 1 + (next(4) === 0 ? 1 + next(2) : 0);
    const project = next(3) === 0 ? null : `p${next(3)}`;
    const feature = ["chat", "playground", "cli"][next(3)]!;
    const day = `2026-11-${String(1 + next(28)).padStart(2, "0")}`;
    // Some requests come from coding agents, each in one of a few sessions.
    const agent = next(3) === 0 ? { caller: ["claude-code", "gemini-cli"][next(2)]!, session: `session-${next(4)}` } : {};
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const [provider, model] = models[next(models.length)]!;
      yield { time: `${day}T10:00:00.000Z`, requestId: `s${seed}-r${i}`, attempt, project, feature, provider: provider!, model: model!, routingReason: "test", outcome: attempt === attempts ? "ok" : "http-503", status: attempt === attempts ? 200 : 503, inputTokens: next(1000), outputTokens: next(500), cachedInputTokens: next(100), costUsd: next(10_000) / 1e7, priceSource: "test", ttftMs: 10, durationMs: 100, ...agent };
    }
  }
}

const everyGrouping = (cells: Parameters<typeof spendReport>[0]) => GROUPINGS.map((by) => spendReport(cells, by));
const fromScratch = (file: string) => everyGrouping(cellsFromEntries(readLedger(file).records));

describe("spend rollup", () => {
  it("spend by caller and by session: an agent session's requests and cost, and the cache-read tokens kept across a save", () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    const base = { project: null, feature: "gateway", provider: "anthropic", model: "claude", routingReason: "test", outcome: "ok", status: 200, outputTokens: 10, priceSource: "test", ttftMs: 10, durationMs: 100 };
    writer.appendSync({ ...base, time: "2026-11-30T10:00:00.000Z", requestId: "a", attempt: 1, inputTokens: 1000, cachedInputTokens: 900, costUsd: 0.01, caller: "claude-code", session: "s-1" });
    writer.appendSync({ ...base, time: "2026-12-01T10:00:00.000Z", requestId: "b", attempt: 1, inputTokens: 1000, cachedInputTokens: 800, costUsd: 0.02, caller: "claude-code", session: "s-1" });
    writer.appendSync({ ...base, time: "2026-12-01T11:00:00.000Z", requestId: "c", attempt: 1, inputTokens: 500, cachedInputTokens: 0, costUsd: 0.005, caller: "gemini-cli", session: "conv-1" });
    writer.appendSync({ ...base, time: "2026-12-01T12:00:00.000Z", requestId: "d", attempt: 1, inputTokens: 100, cachedInputTokens: 0, costUsd: 0.001, feature: "playground" });
    writer.close();
    const rollup = new SyncSpendRollup(file);
    rollup.read();
    rollup.save();
    const { cells } = new SyncSpendRollup(file).read();
    const bySession = spendReport(cells, "session");
    assert.deepEqual(bySession.rows.map((row) => [row.key, row.requests, row.costUsd]), [["claude-code s-1", 2, 0.03], ["gemini-cli conv-1", 1, 0.005], ["(none)", 1, 0.001]]);
    assert.deepEqual(spendReport(cells, "caller").rows.map((row) => row.key), ["claude-code", "gemini-cli", "(none)"]);
    const session = cells.filter((cell) => cell.session === "s-1");
    assert.equal(session.reduce((sum, cell) => sum + cell.cachedInputTokens, 0), 1700);
  });

  it("readAsync: the same totals off the event loop, across a saved sidecar, a replaced ledger and reads that overlap", async () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    for (const entry of requests(11, 1_500)) writer.appendSync(entry);
    const rollup = new SyncSpendRollup(file);
    assert.deepEqual(everyGrouping((await rollup.readAsync()).cells), fromScratch(file));
    assert.ok(existsSync(`${file}.rollup.json`), "saved once 1,000 records were folded in");
    // Records appended while several reads overlap: each read waits for the one before and reads on.
    const appending = (async () => {
      for (const entry of requests(12, 200)) await writer.append(entry);
    })();
    const overlapping = await Promise.all([rollup.readAsync(), rollup.readAsync(), appending.then(() => rollup.readAsync())]);
    assert.deepEqual(everyGrouping(overlapping[2].cells), fromScratch(file));
    assert.deepEqual(everyGrouping((await new SyncSpendRollup(file).readAsync()).cells), fromScratch(file), "a new reader starts from the sidecar and reads the tail");
    // The ledger replaced by a shorter one: the rollup notices and starts over.
    const replacement = new SyncLedgerWriter(`${file}.new`);
    for (const entry of requests(13, 50)) replacement.appendSync(entry);
    renameSync(`${file}.new`, file);
    assert.deepEqual(everyGrouping((await rollup.readAsync()).cells), fromScratch(file));
    await writer.close();
  });

  it("gives exactly the totals of reading every record, by every grouping, across saves and new appends", () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    for (const entry of requests(1, 300)) writer.appendSync(entry);
    const first = new SyncSpendRollup(file);
    assert.deepEqual(everyGrouping(first.read().cells), fromScratch(file));
    first.save();
    assert.ok(existsSync(`${file}.rollup.json`));
    // More records, some of them further attempts of requests already counted before the save.
    for (const entry of requests(2, 200)) writer.appendSync(entry);
    writer.appendSync({ ...[...requests(1, 300)].at(-1)!, attempt: 9, provider: "mistral", model: "large" });
    const reloaded = new SyncSpendRollup(file);
    assert.deepEqual(everyGrouping(reloaded.read().cells), fromScratch(file), "a reloaded rollup plus the tail matches");
    assert.deepEqual(everyGrouping(first.read().cells), fromScratch(file), "the same instance, read again, matches");
  });

  it("rebuilds from the ledger when the ledger no longer matches the saved rollup (replaced or truncated)", () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    for (const entry of requests(3, 100)) writer.appendSync(entry);
    new SyncSpendRollup(file).save();
    const rollup = new SyncSpendRollup(file);
    rollup.read();
    rollup.save();
    writeFileSync(file, "");
    const replacement = new SyncLedgerWriter(file);
    for (const entry of requests(4, 150)) replacement.appendSync(entry);
    assert.deepEqual(everyGrouping(new SyncSpendRollup(file).read().cells), fromScratch(file));
    writeFileSync(file, "");
    for (const entry of requests(5, 10)) new SyncLedgerWriter(file).appendSync(entry);
    assert.deepEqual(everyGrouping(rollup.read().cells), fromScratch(file), "a shorter ledger is noticed too");
  });

  describe("the line scanner agrees with the record parser on every kind of line", () => {
    const base: LedgerEntry = { time: "2026-11-20T10:00:00.000Z", requestId: "x", attempt: 1, project: "p", feature: "chat", provider: "openai", model: "gpt-4o", routingReason: "the requested model", outcome: "ok", status: 200, inputTokens: 120, outputTokens: 30, cachedInputTokens: 0, costUsd: 0.0004, priceSource: "test", ttftMs: 12, durationMs: 80 };
    /** Every shape a record can take, and lines no writer makes. */
    function mixedLedger(): string {
      const file = tempFile();
      const writer = new SyncLedgerWriter(file);
      for (const entry of requests(11, 60)) writer.appendSync(entry);
      const odd: LedgerEntry[] = [
        { ...base, requestId: "member", member: "ana", team: "eng", memberKey: "k1" },
        { ...base, requestId: "reported", costSource: "provider", catalogCostUsd: 0.0005, cacheWriteTokens: 40 },
        { ...base, requestId: "legacy", providerCostUsd: 0.00041 },
        { ...base, requestId: "estimated", estimated: true, finishReason: "length" },
        { ...base, requestId: "unpriced", costSource: "unpriced", costUsd: 0 },
        { ...base, requestId: "accent", project: "projet-été" },
        { ...base, requestId: "quote", feature: 'say "hi"', model: "back\\slash" },
        { ...base, requestId: "tiny", costUsd: 1e-7, outputTokens: 1 },
        { ...base, requestId: "null-project", project: null, status: null, ttftMs: null },
        { ...base, requestId: "text", prompt: "Résume ce texte", answer: "D'accord ✓" },
        { ...base, requestId: "vote", feature: VOTE_FEATURE },
        { ...base, requestId: "eval", feature: EVAL_RESULT_FEATURE, outcome: "pass" },
        { ...base, requestId: "change", feature: TEAM_CHANGE_FEATURE, actor: "admin" },
        { ...base, requestId: "imported", imported: "abc", caller: "claude-code", session: "s" },
        { ...base, requestId: "member", attempt: 2, provider: "anthropic", model: "claude", member: "ana", team: "eng" },
      ];
      for (const entry of odd) writer.appendSync(entry);
      const plain = sealLine({ ...base, requestId: "crlf" }, "").line;
      appendFileSync(
        file,
        [
          "",
          `${plain}\r`,
          plain.replace('[2,"', '[2, "'),
          plain.replace(",120,", ",1e999,"),
          plain.replace(",120,", ",1.5e2,"),
          JSON.stringify({ ...base, requestId: "format-1", prevHash: "", hash: "h" }),
          '[2,"2026-11-24T10:00:01.000Z","torn",1,',
          "",
        ].join("\n"),
      );
      writer.appendSync({ ...base, requestId: "after" });
      return file;
    }

    it("gives the same cells, torn lines and totals, with and without records merged in", () => {
      const file = mixedLedger();
      const { records, skipped } = readLedger(file);
      const rollup = new SyncSpendRollup(file).read();
      assert.deepEqual(rollup.cells, cellsFromEntries(records));
      assert.equal(rollup.skippedLines, skipped.length);
      assert.equal(skipped.length, 2, "the spaced, CRLF and format-1 lines count; the non-finite and the torn ones do not");
      assert.deepEqual(new SyncSpendRollup(file, `${file}.other.json`, true).read().cells, cellsFromEntries(records.filter((record) => !record.imported)));
      // The sidecar holds what was scanned: a reload plus new records still agrees.
      const saved = new SyncSpendRollup(file);
      saved.read();
      saved.save();
      new SyncLedgerWriter(file).appendSync({ ...base, requestId: "member", attempt: 3, model: "gpt-4o-mini", member: "ana", team: "eng" });
      assert.deepEqual(new SyncSpendRollup(file).read().cells, cellsFromEntries(readLedger(file).records));
    });

    it("reads the lines Switchboard writes itself and leaves escapes, non-ASCII text and other shapes to the parser", () => {
      const scanned = (entry: LedgerEntry) => {
        const { line } = sealLine(entry, "");
        return scanSpendLine(`${line}\n`, 0, emptyScan()) !== -1;
      };
      assert.equal(scanned(base), true);
      assert.equal(scanned({ ...base, caller: "claude-code", session: "3f2a", costSource: "provider", catalogCostUsd: 0.0005, member: "ana", team: "eng" }), true);
      assert.equal(scanned({ ...base, costUsd: 1e-7 }), true);
      assert.equal(scanned({ ...base, project: "projet-été" }), false);
      assert.equal(scanned({ ...base, feature: 'say "hi"' }), false);
      const line = `${sealLine(base, "").line}\n`;
      assert.equal(scanSpendLine(line.replace(",120,", ",1e999,"), 0, emptyScan()), -1);
      assert.equal(scanSpendLine(line.slice(0, -5), 0, emptyScan()), -1, "a torn line");
      // Token counts in any JSON spelling are read as JSON reads them; the day is the time's first ten characters.
      for (const spelling of ["120", "1.2e2", "120.5", "12345678901234567890", "0"]) {
        const scan = emptyScan();
        assert.notEqual(scanSpendLine(line.replace(",120,", `,${spelling},`), 0, scan), -1, spelling);
        assert.equal(scan.inputTokens, JSON.parse(spelling), spelling);
        assert.equal(scan.day, "2026-11-20");
      }
    });
  });

  it("counts torn lines, and an unreadable rollup file only costs a rebuild", () => {
    const file = tempFile();
    const writer = new SyncLedgerWriter(file);
    for (const entry of requests(6, 20)) writer.appendSync(entry);
    appendFileSync(file, '[2,"2026-11-24T10:00:01.000Z","torn",1,');
    writer.appendSync([...requests(7, 1)][0]!);
    writeFileSync(`${file}.rollup.json`, "{not json");
    const { cells, skippedLines } = new SyncSpendRollup(file).read();
    assert.equal(skippedLines, 1);
    assert.deepEqual(everyGrouping(cells), fromScratch(file));
  });
});
