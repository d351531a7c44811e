// Spend totals from the ledger's rollup cells, grouped for people (table), spreadsheets (CSV) and scripts (JSON).
// Sums are exact (integer pico-dollars), and every total is the sum of its rows.
import { formatUsd } from "../../common/format-usd";
import type { SpendRow } from "../../protocol-spend";
import { picoToUsd } from "./cost";
import { type GroupBy, groupKey, type SpendCell } from "./spend-rollup";

export type { GroupBy, SpendRow };


export interface SpendReport {
  rows: SpendRow[];
  total: SpendRow;
}

/** Groups spend cells (see spend-rollup.ts); `sinceDay` (YYYY-MM-DD, UTC) keeps that day and later. */
export function spendReport(cells: readonly SpendCell[], by: GroupBy, sinceDay?: string): SpendReport {
  const groups = new Map<string, { row: SpendRow; pico: bigint }>();
  const total = { pico: 0n, row: { key: "TOTAL", requests: 0, attempts: 0, estimated: 0, unpriced: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 } };
  for (const cell of cells) {
    if (sinceDay && cell.day < sinceDay) continue;
    const key = groupKey(cell, by);
    let group = groups.get(key);
    if (!group) {
      group = { pico: 0n, row: { key, requests: 0, attempts: 0, estimated: 0, unpriced: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 } };
      groups.set(key, group);
    }
    for (const target of [group, total]) {
      target.pico += cell.pico;
      target.row.requests += cell.requests;
      target.row.attempts += cell.attempts;
      target.row.estimated += cell.estimated;
      target.row.unpriced += cell.unpriced;
      target.row.inputTokens += cell.inputTokens;
      target.row.outputTokens += cell.outputTokens;
    }
  }
  const finish = (group: { row: SpendRow; pico: bigint }): SpendRow => ({ ...group.row, costUsd: picoToUsd(group.pico) });
  const rows = [...groups.values()].map(finish).sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key));
  return { rows, total: finish(total) };
}

const COLUMNS = ["key", "requests", "attempts", "estimated", "unpriced", "inputTokens", "outputTokens", "costUsd"] as const;

/** What the columns count, said under every table. */
export const SPEND_LEGEND =
  "REQUESTS: requests made, each counted once, under the model that answered it (or failed last). ATTEMPTS: calls sent to providers, fallbacks included. EST.: attempts billed at Switchboard's estimate because the provider reported no usage (a stopped stream). NO PRICE: attempts of models without a known price, whose cost is unknown and left out of COST (set their pricing). Blind votes are not spend and are not counted.";

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatSpend(report: SpendReport, by: GroupBy, format: "table" | "csv" | "json"): string {
  const all = [...report.rows, report.total];
  if (format === "json") return JSON.stringify({ by, rows: report.rows, total: report.total }, null, 2);
  if (format === "csv") {
    return [[by, ...COLUMNS.slice(1)].join(","), ...all.map((row) => COLUMNS.map((column) => csvCell(row[column])).join(","))].join("\n");
  }
  const cells = [
    [by.toUpperCase(), "REQUESTS", "ATTEMPTS", "EST.", "NO PRICE", "IN", "OUT", "COST"],
    ...all.map((row) => [row.key, String(row.requests), String(row.attempts), String(row.estimated), String(row.unpriced), String(row.inputTokens), String(row.outputTokens), formatUsd(row.costUsd)]),
  ];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  return cells.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")).join("\n");
}
