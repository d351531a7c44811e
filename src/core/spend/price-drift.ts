// Price drift: per model, what providers reported charging minus what the price list says for the same
// calls. A stale or wrong price shows up here the day it starts costing money, not on the invoice.
import { formatUsd } from "../../common/format-usd";
import { picoToUsd } from "./cost";
import { groupKey, type SpendCell } from "./spend-rollup";

export interface DriftRow {
  /** PROVIDER/MODEL. */
  model: string;
  /** Attempts whose provider reported its charge. */
  reported: number;
  reportedUsd: number;
  catalogUsd: number;
  /** reported − catalog, in USD. */
  driftUsd: number;
  /** drift / catalog (null when the price list says the calls were free). */
  relativeDrift: number | null;
}

export function priceDrift(cells: readonly SpendCell[], sinceDay?: string): DriftRow[] {
  const sums = new Map<string, { reported: number; reportedPico: bigint; catalogPico: bigint }>();
  for (const cell of cells) {
    if (cell.reported === 0 || (sinceDay && cell.day < sinceDay)) continue;
    const key = groupKey(cell, "model");
    const sum = sums.get(key) ?? { reported: 0, reportedPico: 0n, catalogPico: 0n };
    sum.reported += cell.reported;
    sum.reportedPico += cell.reportedPico;
    sum.catalogPico += cell.catalogPico;
    sums.set(key, sum);
  }
  return [...sums.entries()]
    .map(([model, sum]) => {
      const drift = sum.reportedPico - sum.catalogPico;
      return {
        model,
        reported: sum.reported,
        reportedUsd: picoToUsd(sum.reportedPico),
        catalogUsd: picoToUsd(sum.catalogPico),
        driftUsd: drift < 0n ? -picoToUsd(-drift) : picoToUsd(drift),
        relativeDrift: sum.catalogPico === 0n ? null : Number((drift * 1_000_000n) / sum.catalogPico) / 1_000_000,
      };
    })
    .sort((a, b) => Math.abs(b.driftUsd) - Math.abs(a.driftUsd) || a.model.localeCompare(b.model));
}

const signedUsd = (usd: number) => `${usd < 0 ? "−" : "+"}${formatUsd(Math.abs(usd))}`;
const percent = (ratio: number | null) => (ratio === null ? "—" : `${ratio < 0 ? "−" : "+"}${Math.abs(ratio * 100).toFixed(1)}%`);

export const DRIFT_LEGEND =
  "REPORTED: what providers said they charged (OpenRouter, xAI report it). CATALOG: what Switchboard's price list gives for the same calls. A drift that is not near zero means the price list is out of date for that model: import prices or set the model's price in switchboard.models (or the config file).";

export function formatDrift(rows: readonly DriftRow[], format: "table" | "csv" | "json"): string {
  if (format === "json") return JSON.stringify({ drift: rows }, null, 2);
  if (format === "csv") return ["model,reported,reportedUsd,catalogUsd,driftUsd,relativeDrift", ...rows.map((r) => [r.model, r.reported, r.reportedUsd, r.catalogUsd, r.driftUsd, r.relativeDrift ?? ""].join(","))].join("\n");
  if (rows.length === 0) return "No provider reported its charges yet (OpenRouter and xAI report them), so there is nothing to compare the price list with.";
  const cells = [["MODEL", "CALLS", "REPORTED", "CATALOG", "DRIFT", "DRIFT %"], ...rows.map((r) => [r.model, String(r.reported), formatUsd(r.reportedUsd), formatUsd(r.catalogUsd), signedUsd(r.driftUsd), percent(r.relativeDrift)])];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  return cells.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")).join("\n");
}
