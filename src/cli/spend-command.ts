// `switchboard spend` (totals from the ledger) and `switchboard ledger verify` (the hash chain).
import { parseArgs } from "node:util";
import { verifyLedger } from "../core/spend/ledger-reader";
import { DRIFT_LEGEND, formatDrift, priceDrift } from "../core/spend/price-drift";
import { SPEND_LEGEND, formatSpend, type GroupBy, spendReport } from "../core/spend/spend-report";
import { GROUPINGS, SpendRollup } from "../core/spend/spend-rollup";
import type { CliIo } from "./chat-command";
import { ledgerPath } from "./routing-flags";
import { fail } from "./usage-error";

export const SPEND_USAGE = "switchboard spend [--ledger FILE] [--since YYYY-MM-DD] [--by model|provider|project|feature|day | --drift] [--format table|csv|json]";
export const VERIFY_USAGE = "switchboard ledger verify [--ledger FILE]";


export function spendCommand(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { ledger: { type: "string" }, since: { type: "string" }, by: { type: "string" }, drift: { type: "boolean", default: false }, format: { type: "string", default: "table" } },
    strict: true,
  });
  if (values.drift && values.by !== undefined) fail("--drift compares prices per model; leave out --by");
  const by = (values.by ?? "model") as GroupBy;
  if (!GROUPINGS.includes(by)) fail(`--by must be one of ${GROUPINGS.join(", ")}`);
  const format = values.format as "table" | "csv" | "json";
  if (!["table", "csv", "json"].includes(format)) fail("--format must be table, csv or json");
  const since = values.since;
  // Totals are kept per UTC day, so --since takes a day.
  if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(new Date(since).getTime()))) fail(`--since takes a date like 2026-11-01, got "${since}"`);
  const { cells, skippedLines } = new SpendRollup(ledgerPath(values.ledger, io.env)).read();
  if (skippedLines > 0) io.stderr.write(`switchboard: warning: ${skippedLines} incomplete or unreadable ledger line(s) skipped (\`switchboard ledger verify\` lists them)\n`);
  if (values.drift) {
    io.stdout.write(`${formatDrift(priceDrift(cells, since), format)}\n`);
    if (format === "table") io.stdout.write(`\n${DRIFT_LEGEND}\n`);
    return 0;
  }
  io.stdout.write(`${formatSpend(spendReport(cells, by, since), by, format)}\n`);
  if (format === "table") io.stdout.write(`\n${SPEND_LEGEND}\n`);
  return 0;
}

export function ledgerCommand(args: string[], io: CliIo): number {
  const [sub, ...rest] = args;
  if (sub !== "verify") fail(`unknown ledger command "${sub ?? ""}" (try: ${VERIFY_USAGE})`);
  const { values } = parseArgs({ args: rest, options: { ledger: { type: "string" } }, strict: true });
  const file = ledgerPath(values.ledger, io.env);
  const result = verifyLedger(file);
  for (const problem of result.skipped) io.stderr.write(`switchboard: warning: line ${problem.line}: ${problem.message}\n`);
  if (!result.ok && result.broken) {
    io.stdout.write(`${file}: BROKEN at record ${result.broken.index} (request ${result.broken.requestId}): ${result.broken.reason}\n`);
    return 1;
  }
  io.stdout.write(`${file}: OK, ${result.records} records, hash chain intact${result.skipped.length ? `, ${result.skipped.length} incomplete line(s) skipped` : ""}\n`);
  return 0;
}
