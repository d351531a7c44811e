// The team ledger acknowledges a record only once its transaction has committed: a request is reported
// done after its record is durable, never while the transaction could still roll back.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LedgerEntry } from "../../src/core/spend/ledger-record";
import type { Sql, TeamDatabase } from "../../src/core/team/team-database";
import { TeamLedger } from "../../src/core/team/team-ledger";

const entry: LedgerEntry = {
  time: "2026-12-02T10:00:00.000Z", requestId: "r1", attempt: 1, project: null, feature: "gateway", provider: "rec", model: "m",
  routingReason: "the requested model", outcome: "ok", status: 200, inputTokens: 16, outputTokens: 300, cachedInputTokens: 0,
  costUsd: 0.003, priceSource: "test", ttftMs: 10, durationMs: 20, member: "ana", team: "eng", memberKey: "mk_1",
};

/** A database that records when each transaction commits (or rolls back), answering the ledger's statements. */
function recordingDatabase(events: string[], failCommit = false): TeamDatabase {
  const sql: Sql = { query: async <Row>(text: string) => (text.includes("FROM ledger_head") ? [{ seq: "0", hash: "" }] : []) as Row[] };
  return {
    label: "test",
    query: sql.query,
    async transaction(work) {
      const result = await work(sql);
      // The commit is a round trip of its own.
      await new Promise((resolve) => setImmediate(resolve));
      if (failCommit) {
        events.push("rolled back");
        throw new Error("could not commit");
      }
      events.push("committed");
      return result;
    },
    close: async () => undefined,
  };
}

describe("team ledger", () => {
  it("resolves an append after its transaction commits", async () => {
    const events: string[] = [];
    const record = await new TeamLedger(recordingDatabase(events)).append(entry);
    events.push("acknowledged");
    assert.deepEqual(events, ["committed", "acknowledged"]);
    assert.equal(record.member, "ana");
  });

  it("rejects an append whose transaction does not commit", async () => {
    const events: string[] = [];
    await assert.rejects(new TeamLedger(recordingDatabase(events, true)).append(entry), /could not commit/);
    assert.deepEqual(events, ["rolled back"]);
  });
});
