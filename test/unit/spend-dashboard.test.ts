// The spend report's figures: every day of the range (empty days at zero), bands that add up to the
// table's total, a ninth group and beyond folded into "other", month-to-date that starts each month anew.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { spendDashboard } from "../../src/core/spend/spend-dashboard";
import type { SpendCell } from "../../src/core/spend/spend-rollup";

const PICO = 1_000_000_000_000n;

function cell(day: string, model: string, usd: number, project: string | null = "web"): SpendCell {
  return { day, provider: "p", model, project, feature: "cli", caller: null, session: null, member: null, team: null, attempts: 1, requests: 1, estimated: 0, unpriced: 0, inputTokens: 10, cachedInputTokens: 0, outputTokens: 5, pico: BigInt(Math.round(usd * 1e6)) * (PICO / 1_000_000n), reported: 0, reportedPico: 0n, catalogPico: 0n };
}

describe("spend dashboard", () => {
  it("lists every day of the range, sums each band per day, and its table adds up to the bands", () => {
    const cells = [cell("2026-11-02", "a", 1), cell("2026-11-02", "b", 0.5), cell("2026-11-04", "a", 2), cell("2026-10-20", "a", 100)];
    const dashboard = spendDashboard(cells, { by: "model", until: "2026-11-04", days: 4, source: "x", budgets: { dailyUsd: 3 } });
    assert.deepEqual(dashboard.days, ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]);
    assert.deepEqual(dashboard.series, [
      { key: "p/a", usd: [0, 1, 0, 2] },
      { key: "p/b", usd: [0, 0.5, 0, 0] },
    ]);
    assert.equal(dashboard.total.costUsd, 3.5, "October is outside the range");
    assert.deepEqual(dashboard.budgets, { dailyUsd: 3 });
  });

  it("month to date counts earlier days of the month outside the range and restarts on the 1st", () => {
    const cells = [cell("2026-10-05", "a", 4), cell("2026-10-30", "a", 1), cell("2026-10-31", "a", 1), cell("2026-11-01", "a", 2)];
    const dashboard = spendDashboard(cells, { by: "model", until: "2026-11-02", days: 4, source: "x" });
    assert.deepEqual(dashboard.days, ["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"]);
    assert.deepEqual(dashboard.monthToDateUsd, [5, 6, 2, 2]);
  });

  it("more than eight groups: the seven largest keep their band, the rest share one 'other' band", () => {
    const cells = Array.from({ length: 10 }, (_, index) => cell("2026-11-01", `m${index}`, index + 1));
    const dashboard = spendDashboard(cells, { by: "model", until: "2026-11-01", days: 1, source: "x" });
    assert.deepEqual(
      dashboard.series.map((series) => [series.key, series.usd[0]]),
      [["p/m9", 10], ["p/m8", 9], ["p/m7", 8], ["p/m6", 7], ["p/m5", 6], ["p/m4", 5], ["p/m3", 4], ["other (3)", 6]],
    );
    assert.equal(dashboard.rows.length, 10, "the table keeps every group");
  });
});
