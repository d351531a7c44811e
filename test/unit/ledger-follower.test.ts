// Following the end of a ledger: every record appended since the last look, once, in order, whole; only
// the window matters; a replaced or emptied ledger starts again. And what the agent status bar reads with it.
import assert from "node:assert/strict";
import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { LatestAgentCall } from "../../src/core/spend/latest-agent-call";
import { LedgerFollower } from "../../src/core/spend/ledger-follower";
import type { LedgerEntry, LedgerRecord } from "../../src/core/spend/ledger-record";
import { SyncLedgerWriter } from "../../src/core/spend/ledger-writer-sync";

const dir = mkdtempSync(join(tmpdir(), "switchboard-follower-"));
let files = 0;
const newLedger = () => join(dir, `ledger-${files++}.jsonl`);

function entry(requestId: string, extras: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    time: new Date().toISOString(), requestId, attempt: 1, project: null, feature: "gateway", provider: "p", model: "m", routingReason: "test", outcome: "ok", status: 200,
    inputTokens: 10, outputTokens: 10, cachedInputTokens: 0, costUsd: 0.001, priceSource: "test", ttftMs: 1, durationMs: 2, ...extras,
  };
}

function append(file: string, ids: string[], extras: Partial<LedgerEntry> = {}): string {
  const writer = new SyncLedgerWriter(file);
  for (const id of ids) writer.appendSync(entry(id, extras));
  return file;
}

const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `r${from + i}`);

/** A follower that keeps what it is handed, as its reader would. */
function following(file: string, windowBytes: number) {
  const seen: LedgerRecord[] = [];
  let resets = 0;
  const follower = new LedgerFollower(file, windowBytes, {
    reset: () => {
      resets += 1;
      seen.length = 0;
    },
    record: (record) => seen.push(record),
  });
  return { follower, seen, resets: () => resets };
}

describe("following a ledger", () => {
  it("hands over each record appended since the last update once, in order", async () => {
    const file = append(newLedger(), ids(0, 5));
    const { follower, seen } = following(file, 1_000_000);
    await follower.update();
    append(file, ids(5, 3));
    await follower.update();
    await follower.update();
    assert.deepEqual(seen.map((r) => r.requestId), ids(0, 8));
    assert.equal(follower.linesRead, 8);
  });

  it("starts at the window of a long ledger, never with a record cut in half", async () => {
    const file = append(newLedger(), ids(0, 100));
    const { follower, seen } = following(file, 1000);
    await follower.update();
    assert.ok(seen.length >= 3 && seen.length < 10, `${seen.length} records from the last 1000 bytes`);
    assert.deepEqual(seen.map((r) => r.requestId), ids(100 - seen.length, seen.length), "the latest ones, whole");
  });

  it("a replaced or emptied ledger starts again", async () => {
    const file = append(newLedger(), ids(0, 3));
    const { follower, seen, resets } = following(file, 1_000_000);
    await follower.update();
    renameSync(append(newLedger(), ["other"]), file);
    await follower.update();
    assert.deepEqual(seen.map((r) => r.requestId), ["other"]);
    writeFileSync(file, "");
    await follower.update();
    assert.deepEqual(seen, []);
    assert.ok(resets() >= 3, "reset on the first read, the new file and the emptied one");
  });
});

describe("the latest agent call (the agent status bar)", () => {
  it("is the latest record naming a caller and a session, reading only what is new", async () => {
    const file = append(newLedger(), ["a"], { caller: "claude-code", session: "s1" });
    append(file, ids(0, 5));
    const latest = new LatestAgentCall(file);
    assert.deepEqual(await latest.read(), { caller: "claude-code", session: "s1" }, "a later record without a session does not hide it");
    append(file, ["b"], { caller: "codex", session: "s2" });
    assert.deepEqual(await latest.read(), { caller: "codex", session: "s2" });
    assert.equal(latest.linesRead, 7, "each record read once");
  });

  it("none once the agent's records are older than the window", async () => {
    const file = append(newLedger(), ["a"], { caller: "claude-code", session: "s1" });
    const latest = new LatestAgentCall(file, 2000);
    assert.deepEqual(await latest.read(), { caller: "claude-code", session: "s1" });
    append(file, ids(0, 20));
    assert.equal(await latest.read(), undefined);
  });
});
