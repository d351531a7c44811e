// `switchboard spend` (totals from the ledger) and `switchboard ledger verify` (the hash chain).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { spendDashboard, utcDay } from "../core/spend/spend-dashboard";
import { spendReportHtml } from "../core/spend/spend-html";
import type { SpendGrouping } from "../protocol-spend";
import { verifyLedger, verifyLedgerLines } from "../core/spend/ledger-reader";
import { teamLedgerLines } from "../core/team/team-ledger";
import { teamSpendCells } from "../core/team/team-spend";
import { teamDatabaseAddress, withTeamStore } from "./team-database-flag";
import { DRIFT_LEGEND, formatDrift, priceDrift } from "../core/spend/price-drift";
import { SPEND_LEGEND, formatSpend, type GroupBy, spendReport } from "../core/spend/spend-report";
import { GROUPINGS, type SpendCell, SpendRollup } from "../core/spend/spend-rollup";
import type { CliIo } from "./chat-command";
import { loadConfig } from "./cli-context";
import { mergeLedger } from "../core/spend/ledger-merge";
import { LedgerWriter } from "../core/spend/ledger-writer";
import { ledgerPath } from "./routing-flags";
import { fail } from "./usage-error";

export const SPEND_USAGE =
  "switchboard spend [--ledger FILE | --database postgres://…|DIR (a team's)] [--since YYYY-MM-DD] [--by model|provider|project|feature|caller|session|member|team|day | --drift] [--format table|csv|json|html] [--config FILE (budget lines in html)]";
export const VERIFY_USAGE = "switchboard ledger verify [--ledger FILE | --database postgres://…|DIR] | switchboard ledger merge OTHER_LEDGER [--ledger FILE]";


export async function spendCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ledger: { type: "string" },
      database: { type: "string" },
      since: { type: "string" },
      by: { type: "string" },
      drift: { type: "boolean", default: false },
      format: { type: "string", default: "table" },
      config: { type: "string" },
    },
    strict: true,
  });
  if (values.drift && values.by !== undefined) fail("--drift compares prices per model; leave out --by");
  const by = (values.by ?? "model") as GroupBy;
  if (!GROUPINGS.includes(by)) fail(`--by must be one of ${GROUPINGS.join(", ")}`);
  const format = values.format as "table" | "csv" | "json" | "html";
  if (!["table", "csv", "json", "html"].includes(format)) fail("--format must be table, csv, json or html");
  if (format === "html" && (values.drift || by === "day")) fail("--format html charts spend per day in bands --by model, provider, project, feature, caller or session (price drift is part of the report)");
  if (values.config !== undefined && format !== "html") fail("--config is read only for --format html (its budgets become lines on the chart)");
  const since = values.since;
  // Totals are kept per UTC day, so --since takes a day.
  if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(new Date(since).getTime()))) fail(`--since takes a date like 2026-11-01, got "${since}"`);
  if (values.ledger !== undefined && values.database !== undefined) fail("--ledger reads a ledger file and --database a team's database: give one");
  const { cells, skippedLines } =
    values.database !== undefined ? await withTeamStore(teamDatabaseAddress(values.database, io.env), teamSpendCells) : await new SpendRollup(ledgerPath(values.ledger, io.env)).readAsync();
  if (skippedLines > 0) io.stderr.write(`switchboard: warning: ${skippedLines} incomplete or unreadable ledger line(s) skipped (\`switchboard ledger verify\` lists them)\n`);
  if (format === "html") {
    io.stdout.write(htmlReport(cells, by as SpendGrouping, since, values.config, values.database !== undefined ? "the team database" : ledgerPath(values.ledger, io.env)));
    return 0;
  }
  if (values.drift) {
    io.stdout.write(`${formatDrift(priceDrift(cells, since), format as "table" | "csv" | "json")}\n`);
    if (format === "table") io.stdout.write(`\n${DRIFT_LEGEND}\n`);
    return 0;
  }
  io.stdout.write(`${formatSpend(spendReport(cells, by, since), by, format as "table" | "csv" | "json")}\n`);
  if (format === "table") io.stdout.write(`\n${SPEND_LEGEND}\n`);
  return 0;
}

/** The report from --since (default: the last 30 days) to today, UTC, as one self-contained HTML file. */
function htmlReport(cells: SpendCell[], by: SpendGrouping, since: string | undefined, configPath: string | undefined, ledgerFile: string): string {
  const budgets = loadConfig(configPath).budgets;
  const today = utcDay(new Date());
  const days = since ? Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${since}T00:00:00Z`)) / 86_400_000) + 1 : 30;
  if (days < 1) fail(`--since ${since} is after today (${today}, UTC)`);
  if (days > 3660) fail(`--since ${since}: the report covers at most ten years`);
  const dashboard = spendDashboard(cells, { by, until: today, days, budgets: budgets ?? {}, source: ledgerFile });
  let script: string;
  let css: string;
  try {
    script = readFileSync(join(__dirname, "spend-report.js"), "utf8");
    css = readFileSync(join(__dirname, "spend-report.css"), "utf8");
  } catch {
    fail(`the report's script is missing beside ${__filename} (dist/spend-report.js): run npm run build`);
  }
  return spendReportHtml(dashboard, script, css);
}

export async function ledgerCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "merge") return mergeCommand(rest, io);
  if (sub !== "verify") fail(`unknown ledger command "${sub ?? ""}" (try: ${VERIFY_USAGE})`);
  const { values } = parseArgs({ args: rest, options: { ledger: { type: "string" }, database: { type: "string" } }, strict: true });
  if (values.ledger !== undefined && values.database !== undefined) fail("--ledger verifies a ledger file and --database a team's database: give one");
  let file: string;
  let result: Awaited<ReturnType<typeof verifyLedgerLines>>;
  if (values.database !== undefined) {
    ({ file, result } = await withTeamStore(teamDatabaseAddress(values.database, io.env), async (database) => ({ file: database.label, result: await verifyLedgerLines(teamLedgerLines(database)) })));
  } else {
    file = ledgerPath(values.ledger, io.env);
    result = verifyLedger(file);
  }
  for (const problem of result.skipped) io.stderr.write(`switchboard: warning: line ${problem.line}: ${problem.message}\n`);
  if (!result.ok && result.broken) {
    io.stdout.write(`${file}: BROKEN at record ${result.broken.index} (request ${result.broken.requestId}): ${result.broken.reason}\n`);
    return 1;
  }
  io.stdout.write(`${file}: OK, ${result.records} records, hash chain intact${result.skipped.length ? `, ${result.skipped.length} incomplete line(s) skipped` : ""}\n`);
  return 0;
}

/** `switchboard ledger merge OTHER`: another ledger's records appended to this one, marked as imported. */
async function mergeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ledger: { type: "string" } }, strict: true, allowPositionals: true });
  if (positionals.length !== 1) fail(`name the ledger file to merge in, once (${VERIFY_USAGE})`);
  const writer = new LedgerWriter(ledgerPath(values.ledger, io.env));
  try {
    const result = await mergeLedger(positionals[0]!, writer);
    const again = result.alreadyImported ? ` (${result.alreadyImported} already there from an earlier run)` : "";
    io.stdout.write(`${writer.file}: merged ${result.imported} records${again}; OK, ${result.verified.records} records, hash chain intact. ${positionals[0]} is kept as ${result.keptAs}\n`);
    return 0;
  } finally {
    // A broken chain or a missing file is reported by main (exit 1), with nothing appended.
    await writer.close();
  }
}
