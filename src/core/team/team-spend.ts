// A team's spend: the team ledger's records folded into spend cells, the same cells a ledger file's rollup
// gives, so every report (table, CSV, JSON, HTML, Show Spend) reads them alike.
import { parseLedgerLine } from "../spend/ledger-record";
import { type SpendCell, SpendFolder } from "../spend/spend-rollup";
import type { Sql } from "./team-database";
import { teamLedgerLines } from "./team-ledger";

export async function teamSpendCells(database: Sql): Promise<{ cells: SpendCell[]; skippedLines: number }> {
  const folder = new SpendFolder();
  let skippedLines = 0;
  for await (const line of teamLedgerLines(database)) {
    const parsed = parseLedgerLine(line);
    if (parsed) folder.add(parsed.record);
    else skippedLines += 1;
  }
  return { cells: [...folder.cells.values()], skippedLines };
}

/** Cells as JSON (pico-dollar sums as decimal strings: JSON has no bigint). */
export function cellsToJson(cells: readonly SpendCell[]): unknown[] {
  return cells.map((cell) => ({ ...cell, pico: cell.pico.toString(), reportedPico: cell.reportedPico.toString(), catalogPico: cell.catalogPico.toString() }));
}
