import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mkdtempSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BudgetGuard, machineBudgetGuard, spentFromCells } from "../../src/core/spend/budget";
import { cellsFromEntries } from "../../src/core/spend/spend-rollup";
import { SyncSpendRollup } from "../../src/core/spend/spend-rollup-sync";
import { picoToUsd, usdToPico } from "../../src/core/spend/cost";
import type { LedgerEntry } from "../../src/core/spend/ledger-record";

const entry = (time: string, costUsd: number, project = "web"): LedgerEntry => ({
  time, requestId: time, attempt: 1, project, feature: "cli", provider: "p", model: "m", routingReason: "", outcome: "ok",
  status: 200, inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, costUsd, priceSource: "test", ttftMs: 1, durationMs: 2,
});

describe("budgets", () => {
  it("the budget state follows the ledger's totals as they are read (another process spent meanwhile)", () => {
    const guard = new BudgetGuard();
    guard.addScope("(all projects)", null, { dailyUsd: 1, monthlyUsd: 10 }, { session: 0n, daily: 0n, monthly: 0n });
    guard.addScope("of project web", "web", { dailyUsd: 0.5 }, { session: 0n, daily: 0n, monthly: 0n });
    assert.equal(guard.state("web"), "ok");
    const now = new Date("2026-12-02T12:00:00Z");
    guard.updateSpent(cellsFromEntries([entry("2026-12-02T09:00:00.000Z", 0.45, "web"), entry("2026-12-01T09:00:00.000Z", 3, "api")]), now);
    assert.equal(guard.state("web"), "warn", "0.45 of the project's 0.50 today");
    assert.equal(guard.spent("monthly", null), usdToPico(3.45));
    guard.updateSpent(cellsFromEntries([entry("2026-12-02T09:00:00.000Z", 0.45, "web"), entry("2026-12-02T10:00:00.000Z", 0.6, "api")]), now);
    assert.equal(guard.state("api"), "blocked", "1.05 of the day's 1.00 across projects");
  });

  it("20 parallel requests cannot overshoot a hard cap by more than one estimate", async () => {
    const guard = new BudgetGuard();
    guard.addScope("(all projects)", null, { dailyUsd: 1 }, { session: 0n, daily: 0n, monthly: 0n });
    const estimate = 0.07;
    let settledPico = 0n;
    // Each request reserves before its (simulated) network call and settles afterwards with a real cost
    // at or below its estimate.
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const reserved = await guard.reserve(estimate, "web", `request-${i}`);
        if (!reserved.ok) return reserved.message;
        await new Promise((resolve) => setTimeout(resolve, 5 + (i % 3)));
        const actual = estimate - 0.01 * (i % 2);
        await guard.settle(reserved.reservation, usdToPico(actual));
        settledPico += usdToPico(actual);
        return "sent";
      }),
    );
    const sent = results.filter((r) => r === "sent").length;
    assert.equal(sent, 14, "floor($1 / $0.07) requests go out");
    assert.ok(picoToUsd(settledPico) <= 1 + estimate, `spent ${picoToUsd(settledPico)}`);
    const blocked = results.find((r) => r !== "sent")!;
    assert.match(blocked, /^the daily budget \(all projects\) \(\$1\.00\) has \$0\.0200 left, and this request may cost up to \$0\.0700$/);
  });

  it("counts today's and this month's ledger spend, per project when asked", () => {
    const now = new Date("2026-11-24T12:00:00Z");
    const entries = [entry("2026-11-24T01:00:00Z", 0.5), entry("2026-11-02T01:00:00Z", 0.25), entry("2026-10-30T01:00:00Z", 9), entry("2026-11-24T02:00:00Z", 1, "api")];
    assert.deepEqual(spentFromCells(cellsFromEntries(entries), null, now), { session: 0n, daily: usdToPico(1.5), monthly: usdToPico(1.75) });
    assert.deepEqual(spentFromCells(cellsFromEntries(entries), "web", now), { session: 0n, daily: usdToPico(0.5), monthly: usdToPico(0.75) });
  });

  it("a project budget from the team policy blocks that project only; warns near the limit", async () => {
    const guard = new BudgetGuard();
    guard.addScope("of project web (team policy)", "web", { monthlyUsd: 10, warnAt: 0.8 }, { session: 0n, daily: 0n, monthly: usdToPico(8.5) });
    assert.equal(guard.state("web"), "warn");
    assert.equal(guard.state("api"), "ok");
    const blocked = await guard.reserve(2, "web", "r1");
    assert.equal(blocked.ok, false);
    assert.match(blocked.ok ? "" : blocked.message, /monthly budget of project web \(team policy\) \(\$10\.00\) has \$1\.50 left/);
    assert.equal((await guard.reserve(2, "api", "r2")).ok, true);
    const small = await guard.reserve(1.5, "web", "r3");
    assert.ok(small.ok);
    if (small.ok) await guard.settle(small.reservation, usdToPico(1.5));
    assert.equal(guard.state("web"), "blocked");
  });

  it("a machine-wide reservation waits for another process's lock without stopping the event loop", async () => {
    const ledger = join(mkdtempSync(join(tmpdir(), "switchboard-budget-")), "ledger.jsonl");
    writeFileSync(ledger, "");
    const spend = new SyncSpendRollup(ledger);
    const guard = machineBudgetGuard(ledger, spend);
    guard.addScope("(all projects)", null, { dailyUsd: 1 }, spentFromCells(spend.read().cells, null));
    const lock = `${ledger}.reservations.json.lock`;
    writeFileSync(lock, String(process.pid));
    let ticks = 0;
    const ticking = setInterval(() => (ticks += 1), 1);
    const reserving = guard.reserve(0.1, null, "r1");
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.ok(ticks >= 10, `timers kept running while it waited (${ticks} ticks)`);
    unlinkSync(lock);
    const reserved = await reserving;
    clearInterval(ticking);
    assert.ok(reserved.ok);
    if (reserved.ok) await guard.settle(reserved.reservation, usdToPico(0.05));
    assert.equal(guard.spent("daily", null), usdToPico(0.05));
  });
});
