// Each reliability suite writes its rows here; scripts/reliability-report.mjs turns them into REPORT.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ReportRow {
  case: string;
  expected: string;
  observed: string;
  held: boolean;
}

export const resultsDir = join(__dirname, "..", "..", "test-results", "reliability");

export function writeSection(name: string, rows: ReportRow[]): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify(rows, null, 2));
}
