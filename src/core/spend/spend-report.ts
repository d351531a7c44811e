// Spend totals from the ledger, grouped for people (table), spreadsheets (CSV) and scripts (JSON).
// Sums are exact (integer pico-dollars), so the total always equals the sum of the records.
import { formatUsd, picoToUsd, usdToPico } from "./cost";
import type { LedgerEntry } from "./ledger-record";

export type GroupBy = "model" | "provider" | "project" | "feature" | "day";

export interface SpendRow {
  key: string;
  requests: number;
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface SpendReport {
  rows: SpendRow[];
  total: SpendRow;
}

function keyOf(entry: LedgerEntry, by: GroupBy): string {
  switch (by) {
    case "model":
      return `${entry.provider}/${entry.model}`;
    case "provider":
      return entry.provider;
    case "project":
      return entry.project ?? "(none)";
    case "feature":
      return entry.feature;
    case "day":
      return entry.time.slice(0, 10);
  }
}

export function spendReport(entries: readonly LedgerEntry[], by: GroupBy, since?: Date): SpendReport {
  const groups = new Map<string, { row: SpendRow; pico: bigint; requests: Set<string> }>();
  const total = { pico: 0n, requests: new Set<string>(), row: { key: "TOTAL", requests: 0, attempts: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 } };
  for (const entry of entries) {
    if (since && new Date(entry.time) < since) continue;
    const key = keyOf(entry, by);
    let group = groups.get(key);
    if (!group) {
      group = { pico: 0n, requests: new Set(), row: { key, requests: 0, attempts: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 } };
      groups.set(key, group);
    }
    for (const target of [group, total]) {
      target.pico += usdToPico(entry.costUsd);
      target.requests.add(entry.requestId);
      target.row.attempts += 1;
      target.row.inputTokens += entry.inputTokens;
      target.row.outputTokens += entry.outputTokens;
    }
  }
  const finish = (group: { row: SpendRow; pico: bigint; requests: Set<string> }): SpendRow => ({
    ...group.row,
    requests: group.requests.size,
    costUsd: picoToUsd(group.pico),
  });
  const rows = [...groups.values()].map(finish).sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key));
  return { rows, total: finish(total) };
}

const COLUMNS = ["key", "requests", "attempts", "inputTokens", "outputTokens", "costUsd"] as const;

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
    [by.toUpperCase(), "REQUESTS", "ATTEMPTS", "IN", "OUT", "COST"],
    ...all.map((row) => [row.key, String(row.requests), String(row.attempts), String(row.inputTokens), String(row.outputTokens), formatUsd(row.costUsd)]),
  ];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  return cells.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")).join("\n");
}
