// The spend report's figures for one range and grouping: per-day stacked series, budget lines, the table
// and price drift, all from the ledger's rollup cells. Exact sums (pico-dollars) until the last step.
import { PERSONAL_GROUPINGS, type SpendDashboard, type SpendGrouping } from "../../protocol-spend";
import type { BudgetLimits } from "./budget";
import { picoToUsd } from "./cost";
import { priceDrift } from "./price-drift";
import { groupKey, type SpendCell } from "./spend-rollup";
import { spendReport } from "./spend-report";

/** Series beyond this many share one "other" band, so the chart stays readable. */
const MAX_SERIES = 8;
const DAY_MS = 86_400_000;

export interface DashboardOptions {
  by: SpendGrouping;
  /** The last day shown (UTC, YYYY-MM-DD) and how many days up to it. */
  until: string;
  days: number;
  budgets?: Pick<BudgetLimits, "dailyUsd" | "monthlyUsd">;
  source: string;
  /** The groupings offered (default: a personal ledger's). */
  groupings?: readonly SpendGrouping[];
  now?: Date;
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dayList(until: string, count: number): string[] {
  const end = Date.parse(`${until}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => utcDay(new Date(end - (count - 1 - index) * DAY_MS)));
}

export function spendDashboard(cells: readonly SpendCell[], options: DashboardOptions): SpendDashboard {
  const days = dayList(options.until, options.days);
  const since = days[0]!;
  const inRange = cells.filter((cell) => cell.day >= since && cell.day <= options.until);
  const dayIndex = new Map(days.map((day, index) => [day, index]));
  const perGroup = new Map<string, bigint[]>();
  for (const cell of inRange) {
    const key = groupKey(cell, options.by);
    const perDay = perGroup.get(key) ?? days.map(() => 0n);
    perGroup.set(key, perDay);
    perDay[dayIndex.get(cell.day)!]! += cell.pico;
  }
  const ranked = [...perGroup.entries()]
    .map(([key, perDay]) => ({ key, perDay, total: perDay.reduce((sum, value) => sum + value, 0n) }))
    .sort((a, b) => (a.total === b.total ? a.key.localeCompare(b.key) : a.total > b.total ? -1 : 1));
  const shown = ranked.slice(0, ranked.length > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES);
  const rest = ranked.slice(shown.length);
  const series = shown.map(({ key, perDay }) => ({ key, usd: perDay.map(picoToUsd) }));
  if (rest.length > 0) series.push({ key: `other (${rest.length})`, usd: days.map((_, index) => picoToUsd(rest.reduce((sum, group) => sum + group.perDay[index]!, 0n))) });

  // Month to date per day, from every cell of each month (a range may start mid-month).
  const monthPico = new Map<string, bigint>();
  const perDayAll = new Map<string, bigint>();
  for (const cell of cells) perDayAll.set(cell.day, (perDayAll.get(cell.day) ?? 0n) + cell.pico);
  const monthToDateUsd = days.map((day) => {
    const month = day.slice(0, 7);
    let sum = monthPico.get(month);
    if (sum === undefined) {
      sum = 0n;
      for (const [other, pico] of perDayAll) if (other.startsWith(month) && other < day) sum += pico;
    }
    sum += perDayAll.get(day) ?? 0n;
    monthPico.set(month, sum);
    return picoToUsd(sum);
  });

  const report = spendReport(inRange, options.by);
  return {
    by: options.by,
    groupings: [...(options.groupings ?? PERSONAL_GROUPINGS)],
    since,
    until: options.until,
    days,
    series,
    rows: report.rows,
    total: report.total,
    budgets: {
      ...(options.budgets?.dailyUsd === undefined ? {} : { dailyUsd: options.budgets.dailyUsd }),
      ...(options.budgets?.monthlyUsd === undefined ? {} : { monthlyUsd: options.budgets.monthlyUsd }),
    },
    monthToDateUsd,
    drift: priceDrift(inRange),
    source: options.source,
    generatedAt: (options.now ?? new Date()).toISOString(),
  };
}
