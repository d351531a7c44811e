// The routing history of a ledger (measured speed, quality evidence): what a request that orders by speed
// or quality sees, kept up to date by reading only what was appended since the last look.
import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, it } from "node:test";
import { historyFromLedger, recentHistoryOf } from "../../src/core/routing/ledger-history";
import { RecentHistory } from "../../src/core/routing/recent-history";
import { EVAL_RESULT_FEATURE, type LedgerEntry, parseLedgerLine } from "../../src/core/spend/ledger-record";
import { SyncLedgerWriter } from "../../src/core/spend/ledger-writer-sync";

const dir = mkdtempSync(join(tmpdir(), "switchboard-history-"));
let files = 0;
const newLedger = () => join(dir, `ledger-${files++}.jsonl`);

/** A call of `model` that took `ttftMs` to its first token and streamed `outputTokens` in `streamMs`. */
function call(model: string, ttftMs: number | null, outputTokens = 100, streamMs = 1000, outcome = "ok"): LedgerEntry {
  const [provider, name] = model.split("/") as [string, string];
  return {
    time: new Date().toISOString(), requestId: `r-${Math.random()}`, attempt: 1, project: null, feature: "chat", provider, model: name, routingReason: "test", outcome, status: 200,
    inputTokens: 10, outputTokens, cachedInputTokens: 0, costUsd: 0.001, priceSource: "test", ttftMs, durationMs: (ttftMs ?? 0) + streamMs,
  };
}

function ledgerWith(entries: LedgerEntry[], file = newLedger()): string {
  const writer = new SyncLedgerWriter(file);
  for (const entry of entries) writer.appendSync(entry);
  return file;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The definition, read the slow way: every record starting in the file's last `window` bytes, the latest 20 successful calls per model. */
function expectedHealth(file: string, model: string, window: number) {
  const text = readFileSync(file);
  const from = Math.max(0, text.length - window);
  const ttft: number[] = [];
  const tps: number[] = [];
  let start = 0;
  for (let end = text.indexOf(10); end !== -1; start = end + 1, end = text.indexOf(10, start)) {
    const record = parseLedgerLine(text.toString("utf8", start, end))?.record;
    if (!record || start < from) continue;
    if (`${record.provider}/${record.model}` !== model || record.outcome !== "ok" || record.ttftMs === null || record.outputTokens <= 0) continue;
    ttft.push(record.ttftMs);
    const streaming = record.durationMs - record.ttftMs;
    if (streaming > 0) tps.push((record.outputTokens / streaming) * 1000);
  }
  return tps.length === 0 ? undefined : { ttftMs: median(ttft.slice(-20)), tokensPerSecond: median(tps.slice(-20)) };
}

describe("routing history from the ledger", () => {
  it("is the median of each model's latest 20 successful calls; failed calls and calls without output do not count", async () => {
    const slow = Array.from({ length: 30 }, (_, i) => call("a/slow", 1000 + i * 10, 100, 2000));
    const file = ledgerWith([...slow, call("a/slow", 5, 100, 1, "error"), call("a/slow", 5, 0, 1), call("b/fast", 50, 300, 1000), call("b/fast", 70, 100, 1000), call("c/none", null)]);
    const history = historyFromLedger(file);
    await history.loadHistory();
    // The latest 20 of a/slow: ttft 1100..1290 -> median 1195; 100 tokens in 2 s each.
    assert.deepEqual(history.health("a/slow"), { ttftMs: 1195, tokensPerSecond: 50 });
    assert.deepEqual(history.health("b/fast"), { ttftMs: 60, tokensPerSecond: 200 });
    assert.equal(history.health("c/none"), undefined, "no time to first token: nothing measured");
    assert.equal(history.health("d/unused"), undefined);
  });

  it("is empty until it is loaded (no read on the event loop): the planner assumes its priors", () => {
    const file = ledgerWith([call("a/m", 100)]);
    assert.equal(historyFromLedger(file).health("a/m"), undefined);
  });

  it("takes in calls recorded after the first read by reading only those, from this process or another", async () => {
    const file = ledgerWith(Array.from({ length: 200 }, () => call("a/m", 1000)));
    const history = new RecentHistory(file);
    await history.update();
    assert.equal(history.linesRead, 200);
    assert.equal(history.health("a/m")?.ttftMs, 1000);
    // Another process appends through its own writer: the file grew, the history reads the new lines alone.
    ledgerWith(Array.from({ length: 15 }, () => call("a/m", 10)), file);
    await history.update();
    assert.equal(history.linesRead, 215, "only the 15 new records were read");
    assert.equal(history.health("a/m")?.ttftMs, 10, "15 of the latest 20 calls were fast");
    await history.update();
    assert.equal(history.linesRead, 215, "nothing new, nothing read");
  });

  it("one history per ledger file for the process: every request's planner input shares it", async () => {
    const file = ledgerWith([call("a/m", 300)]);
    const first = historyFromLedger(file);
    await first.loadHistory();
    const samePath = join(dir, "elsewhere", "..", basename(file));
    assert.equal(historyFromLedger(samePath).health("a/m")?.ttftMs, 300, "loaded once, seen by the next request's planner input");
    assert.equal(recentHistoryOf(samePath), recentHistoryOf(file));
  });

  it("reads a line still being written once it is whole", async () => {
    const file = ledgerWith([call("a/m", 100)]);
    const history = new RecentHistory(file);
    await history.update();
    const line = `${readFileSync(ledgerWith([call("a/m", 900)], newLedger()), "utf8").trim()}\n`;
    // A record from another chain still parses as a record: the history reads calls, it does not verify.
    appendFileSync(file, line.slice(0, 40));
    await history.update();
    assert.equal(history.health("a/m")?.ttftMs, 100, "half a line is not a record yet");
    appendFileSync(file, line.slice(40));
    await history.update();
    assert.equal(history.health("a/m")?.ttftMs, 500, "the whole line now counts: median of 100 and 900");
  });

  it("starts again when the ledger is replaced or cut short", async () => {
    const file = ledgerWith(Array.from({ length: 5 }, () => call("a/m", 100)));
    const history = new RecentHistory(file);
    await history.update();
    const other = ledgerWith([call("a/m", 700), call("b/m", 50)]);
    renameSync(other, file);
    await history.update();
    assert.deepEqual([history.health("a/m")?.ttftMs, history.health("b/m")?.ttftMs], [700, 50], "a new file at the path: only its records count");
    writeFileSync(file, "");
    await history.update();
    assert.equal(history.health("a/m"), undefined, "an emptied ledger has no history");
  });

  it("counts only records that start in the window (the ledger's last bytes), however far it grew between reads", async () => {
    const window = 4000;
    const file = ledgerWith(Array.from({ length: 10 }, () => call("a/old", 100)));
    const history = new RecentHistory(file, window);
    await history.update();
    assert.deepEqual(history.health("a/old"), expectedHealth(file, "a/old", window));
    // Grown by more than the window: the older records are out, and only the window was read.
    const before = history.linesRead;
    ledgerWith(Array.from({ length: 40 }, (_, i) => call("b/new", 200 + i)), file);
    await history.update();
    assert.equal(history.health("a/old"), undefined);
    assert.deepEqual(history.health("b/new"), expectedHealth(file, "b/new", window));
    assert.ok(history.linesRead - before < 40, `read ${history.linesRead - before} lines of the 40 appended: the window holds fewer`);
  });

  it("matches reading the window whole, through appends of every size (seeded)", async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const window = 6000;
    const models = ["a/m", "b/m", "c/m"];
    const file = ledgerWith([]);
    const history = new RecentHistory(file, window);
    for (let round = 0; round < 40; round++) {
      const count = Math.floor(random() * (random() < 0.2 ? 60 : 6));
      const entries = Array.from({ length: count }, () => call(models[Math.floor(random() * 3)]!, random() < 0.1 ? null : Math.round(random() * 1000), Math.round(random() * 3) * 50, Math.round(random() * 2000), random() < 0.1 ? "error" : "ok"));
      ledgerWith(entries, file);
      await history.update();
      for (const model of models) assert.deepEqual(history.health(model), expectedHealth(file, model, window), `round ${round}, ${model}`);
    }
  });

  it("quality evidence leaves with the window too", async () => {
    const verdict = (outcome: string): LedgerEntry => ({ ...call("a/m", null), feature: EVAL_RESULT_FEATURE, outcome });
    const file = ledgerWith([verdict("pass"), verdict("pass"), verdict("fail")]);
    const history = new RecentHistory(file, 3000);
    await history.update();
    assert.deepEqual(history.quality("a/m"), { evals: { passed: 2, total: 3 } });
    ledgerWith(Array.from({ length: 20 }, () => call("b/m", 100)), file);
    await history.update();
    assert.equal(history.quality("a/m"), undefined);
  });

  it("an update asked for while one runs still sees every record appended before it was asked for", async () => {
    const file = ledgerWith(Array.from({ length: 3000 }, () => call("a/m", 100)));
    const history = new RecentHistory(file);
    const first = history.update();
    // The first update has read the file as it was; a record appended now is after its end.
    while (history.linesRead < 3000) await new Promise((resolve) => setImmediate(resolve));
    ledgerWith(Array.from({ length: 20 }, () => call("a/m", 300)), file);
    const second = history.update();
    const third = history.update();
    await Promise.all([first, second, third]);
    assert.equal(history.health("a/m")?.ttftMs, 300, "the second update read the records appended while the first ran");
  });

  it("a read that failed (the path is a directory) fails its requests only: the next updates read the ledger", async () => {
    const file = newLedger();
    mkdirSync(file);
    const history = new RecentHistory(file);
    const failed = await Promise.allSettled([history.update(), history.update()]);
    assert.deepEqual(failed.map((result) => result.status), ["rejected", "rejected"]);
    rmSync(file, { recursive: true });
    ledgerWith([call("a/m", 400)], file);
    await Promise.all([history.update(), history.update()]);
    assert.equal(history.health("a/m")?.ttftMs, 400);
  });
});
