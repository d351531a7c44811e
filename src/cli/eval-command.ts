// `switchboard eval FILE.prompt.yml`: a GitHub Models prompt file's testData rows × models, each answer
// checked by the file's evaluators, with pass rate, cost and cost per pass per model. For CI: exit 1 when
// a model's pass rate is below --min-pass-rate or --max-cost stopped the run, 2 for bad flags or files.
import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { evalReport, jsonCell } from "../core/eval/eval-report";
import { type CellResult, type EvalSummary, promptRows, runEval } from "../core/eval/eval-run";
import { resolveModelName } from "../core/eval/model-names";
import { parsePromptFile } from "../core/eval/prompt-file";
import { RouteExecutor } from "../core/routing/executor";
import type { PipelineDeps } from "../core/run/run-request";
import { BudgetGuard } from "../core/spend/budget";
import { LedgerWriter } from "../core/spend/ledger-writer";
import { formatUsd } from "../common/format-usd";
import { budgetGuard, type CliIo } from "./chat-command";
import { type CliContext, findModel, loadCliContext, loadTeamPolicy, requireModel } from "./cli-context";
import { readInputFile } from "./cli-input";
import { cliTelemetryDeps } from "./cli-telemetry";

import { ledgerPath, projectName } from "./routing-flags";
import { fail } from "./usage-error";

export const EVAL_USAGE =
  "switchboard eval FILE.prompt.yml [--model P/M]... [--concurrency N (4)] [--json] [--out FILE.{json,md,html}] [--min-pass-rate 0..1] [--max-cost USD] [--config FILE] [--policy FILE] [--ledger FILE] [--project NAME]";

const MAX_COST_SCOPE = "of this eval (--max-cost)";

function resolveModel(context: CliContext, id: string): string {
  return resolveModelName(id, (known) => findModel(context, known), context.catalog.list());
}

export async function evalCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      model: { type: "string", multiple: true },
      concurrency: { type: "string", default: "4" },
      json: { type: "boolean", default: false },
      out: { type: "string" },
      "min-pass-rate": { type: "string" },
      "max-cost": { type: "string" },
      config: { type: "string" },
      policy: { type: "string" },
      ledger: { type: "string" },
      project: { type: "string" },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) fail(`name one prompt file: ${EVAL_USAGE}`);
  const path = positionals[0]!;
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) fail(`--concurrency takes a whole number from 1 to 64, got "${values.concurrency}"`);
  const minPassRate = values["min-pass-rate"] === undefined ? undefined : Number(values["min-pass-rate"]);
  if (minPassRate !== undefined && (!Number.isFinite(minPassRate) || minPassRate < 0 || minPassRate > 1)) fail(`--min-pass-rate takes a number from 0 to 1 (0.9 is 90%), got "${values["min-pass-rate"]}"`);
  const maxCost = values["max-cost"] === undefined ? undefined : Number(values["max-cost"]);
  if (maxCost !== undefined && (!Number.isFinite(maxCost) || maxCost < 0)) fail(`--max-cost takes an amount in USD, got "${values["max-cost"]}"`);
  if (values.out && ![".json", ".md", ".html"].includes(extname(values.out))) fail(`--out writes .json, .md or .html, got "${values.out}"`);

  const parsed = parsePromptFile(readInputFile(path), path);
  if (!parsed.ok) {
    for (const problem of parsed.problems) io.stderr.write(`switchboard: ${problem}\n`);
    io.stderr.write(`switchboard: ${path}: ${parsed.problems.length} problem${parsed.problems.length === 1 ? "" : "s"}, nothing was run\n`);
    return 2;
  }
  const file = parsed.file;
  const context = await loadCliContext(values.config, io.env);
  for (const warning of context.warnings) io.stderr.write(`switchboard: warning: ${warning}\n`);
  const fromFile = file.switchboard?.models ?? (file.model ? [file.model] : []);
  const named = values.model && values.model.length > 0 ? values.model : fromFile;
  if (named.length === 0) fail(`${path} names no model: add --model PROVIDER/MODEL, or "model" (or switchboard.models) to the file`);
  const models = named.map((id) => resolveModel(context, id));
  for (const id of models) requireModel(context, id);
  for (const evaluator of file.evaluators ?? []) {
    if (evaluator.uses) io.stderr.write(`switchboard: warning: evaluator "${evaluator.name}" (${evaluator.uses}) is one of GitHub's hosted evaluators; Switchboard skips it (write it as an llm evaluator to run it here)\n`);
  }

  const teamPolicy = loadTeamPolicy(values.policy);
  const ledgerFile = ledgerPath(values.ledger, io.env);
  const project = projectName(values.project);
  let budget = budgetGuard(context, teamPolicy, ledgerFile, project);
  if (maxCost !== undefined) {
    budget ??= new BudgetGuard();
    budget.addScope(MAX_COST_SCOPE, null, { sessionUsd: maxCost }, { session: 0n, daily: 0n, monthly: 0n });
  }
  const executor = new RouteExecutor({ provider: (id) => context.registry.create(id), model: (id) => findModel(context, id) });
  const deps: PipelineDeps = {
    planner: { teamPolicy, findModel: (id) => findModel(context, id), findProvider: (id) => context.registry.get(id) },
    executor,
    ...(budget ? { budget } : {}),
    ledger: new LedgerWriter(ledgerFile),
    ...cliTelemetryDeps(io, context.registry),
    priceSource: `${context.catalog.priceSource()}${values.config ? ` + ${values.config}` : ""}`,
  };
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  const progress = (io.stderr as NodeJS.WriteStream).isTTY === true;
  const rows = promptRows(file).length;
  const { cells, summary } = await runEval({
    file,
    models,
    concurrency,
    project,
    pipeline: () => deps,
    resolveModel: (id) => resolveModel(context, id),
    maxCostScope: MAX_COST_SCOPE,
    signal: controller.signal,
    onCell: (cell, done, total) => {
      if (values.json) io.stdout.write(`${JSON.stringify(jsonCell(cell))}\n`);
      if (progress) io.stderr.write(`\r\x1b[2Kswitchboard eval: ${done}/${total} cells (${rows} rows × ${models.length} models)`);
    },
  });
  process.removeListener("SIGINT", onSigint);
  if (progress) io.stderr.write("\r\x1b[2K");
  if (values.json) io.stdout.write(`${JSON.stringify({ type: "summary", ...summary })}\n`);
  else io.stdout.write(humanReport(cells, summary, minPassRate));
  if (values.out) {
    writeFileSync(values.out, evalReport(extname(values.out) as ".json" | ".md" | ".html", { file: path, name: file.name ?? path, cells, summary, generatedAt: new Date().toISOString() }));
    io.stderr.write(`switchboard: the run is in ${values.out}\n`);
  }
  if (summary.stopped) io.stderr.write(`switchboard: stopped before exceeding ${summary.stopped === "max-cost" ? `--max-cost $${maxCost}` : "a budget"}: ${summary.notRun} cell(s) not sent (${summary.stoppedReason})\n`);
  const below = minPassRate === undefined ? [] : summary.models.filter((model) => model.passRate < minPassRate);
  for (const model of below) io.stderr.write(`switchboard: ${model.model} passed ${(model.passRate * 100).toFixed(1)}%, below --min-pass-rate ${(minPassRate! * 100).toFixed(1)}%\n`);
  return summary.stopped || below.length > 0 ? 1 : 0;
}

function humanReport(cells: CellResult[], summary: EvalSummary, minPassRate: number | undefined): string {
  const lines: string[] = [];
  for (const cell of cells.filter((c) => !c.pass)) {
    const why = cell.error ?? cell.checks.filter((check) => !check.pass).map((check) => `${check.name}: ${check.detail}`).join("; ");
    // Rows as a person counts them (the JSON output keeps the 0-based index).
    lines.push(`✗ row ${cell.row + 1} ${cell.model}: ${why}`);
  }
  if (lines.length > 0) lines.push("");
  const table = [["MODEL", "PASSED", "FAILED", "ERRORS", "PASS RATE", "COST", "COST/PASS", "P50 LATENCY"]];
  for (const model of summary.models) {
    table.push([model.model, String(model.passed), String(model.failed), String(model.errors), `${(model.passRate * 100).toFixed(1)}%`, formatUsd(model.costUsd), model.costPerPassUsd === null ? "—" : formatUsd(model.costPerPassUsd), model.p50LatencyMs === null ? "—" : `${Math.round(model.p50LatencyMs)} ms`]);
  }
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  lines.push(...table.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")));
  if (summary.judgeCostUsd > 0) lines.push(`Judges: ${formatUsd(summary.judgeCostUsd)} (not in the models' cost)`);
  if (minPassRate !== undefined) lines.push(`Gate: pass rate ≥ ${(minPassRate * 100).toFixed(1)}%`);
  return `${lines.join("\n")}\n`;
}
