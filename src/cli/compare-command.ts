// `switchboard compare`: the same prompt to several models at once, each through the one pipeline (policy,
// budget, fallback, ledger), then a side-by-side summary.
import { parseArgs } from "node:util";
import { Comparison } from "../core/compare/comparison";
import type { ColumnSnapshot } from "../core/compare/column-view";
import { RouteExecutor } from "../core/routing/executor";
import { LedgerWriter } from "../core/spend/ledger-writer";
import { formatUsd } from "../common/format-usd";
import { budgetGuard } from "./chat-command";
import { findModel, loadCliContext, loadTeamPolicy, requireModel } from "./cli-context";
import { cliTelemetryDeps } from "./cli-telemetry";
import { readPrompt } from "./cli-input";
import { ledgerPath, preferencesFromFlags, projectName, routingOptions } from "./routing-flags";
import { fail } from "./usage-error";

export const COMPARE_USAGE =
  "switchboard compare --model A --model B [...] --prompt TEXT|- [--fallback P/M]... [--config FILE] [--policy FILE] [--data-policy P] [--max-input-price N] [--max-output-price N] [--ledger FILE] [--feature TAG] [--project NAME] [--json]";

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}

function summaryRow(snapshot: ColumnSnapshot): string[] {
  const { stats } = snapshot;
  const answeredBy = snapshot.answeredBy && snapshot.answeredBy !== snapshot.modelId ? ` (via ${snapshot.answeredBy})` : "";
  return [
    snapshot.modelId + answeredBy,
    snapshot.status,
    String(stats.inputTokens),
    String(stats.outputTokens),
    formatUsd(stats.costUsd) + (stats.exact ? "" : " est."),
    stats.ttftMs === null ? "-" : `${Math.round(stats.ttftMs)} ms`,
    stats.tokensPerSecond === null ? "-" : stats.tokensPerSecond.toFixed(0),
  ];
}

export async function compareCommand(args: string[], io: { env: NodeJS.ProcessEnv; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...routingOptions,
      model: { type: "string", multiple: true },
      prompt: { type: "string" },
      config: { type: "string" },
      json: { type: "boolean", default: false },
    },
    strict: true,
  });
  const ids = values.model ?? [];
  if (ids.length < 2) fail("compare needs at least two --model flags");
  if (ids.length > 6) fail("compare takes at most six models");
  if (values.prompt === undefined) fail("--prompt is required (use --prompt - to read it from stdin)");
  const context = await loadCliContext(values.config, io.env);
  for (const warning of context.warnings) io.stderr.write(`switchboard: warning: ${warning}\n`);
  const teamPolicy = loadTeamPolicy(values.policy);
  const preferences = preferencesFromFlags({ ...values, model: undefined, strategy: undefined, candidates: undefined, allowAnyModel: true });
  // Names on the command line must exist; policy, price caps and budgets are each column's admission.
  for (const id of ids) requireModel(context, id);
  const prompt = await readPrompt(values.prompt);
  const ledgerFile = ledgerPath(values.ledger, io.env);
  const project = projectName(values.project);
  const executor = new RouteExecutor({ provider: (id) => context.registry.create(id), model: (id) => findModel(context, id) });
  const pipeline = {
    planner: { teamPolicy, findModel: (id: string) => findModel(context, id), findProvider: (id: string) => context.registry.get(id) },
    executor,
    budget: budgetGuard(context, teamPolicy, ledgerFile, project),
    ledger: new LedgerWriter(ledgerFile),
    ...cliTelemetryDeps(io, context.registry),
    priceSource: `${context.catalog.priceSource()}${values.config ? ` + ${values.config}` : ""}`,
  };
  const comparison = new Comparison(
    prompt,
    ids.map((modelId) => ({ modelId, fallbacks: preferences.fallbacks })),
    {
      pipeline: () => pipeline,
      project,
      feature: values.feature ?? "cli-compare",
      routing: { maxPrice: preferences.maxPrice, maxCostUsd: preferences.maxCostUsd, dataPolicy: preferences.dataPolicy },
    },
    { onUpdate: () => {} },
  );
  process.once("SIGINT", () => comparison.stop());
  await comparison.done;
  const snapshots = comparison.snapshots();

  if (values.json) {
    for (const snapshot of snapshots) io.stdout.write(`${JSON.stringify(snapshot)}\n`);
  } else {
    for (const snapshot of snapshots) {
      io.stdout.write(`── ${snapshot.modelId} ──\n${snapshot.text}\n`);
      for (const call of snapshot.toolCalls) io.stdout.write(`tool call ${call.name}(${call.arguments})\n`);
      if (snapshot.error) io.stdout.write(`[${snapshot.error.kind}] ${snapshot.error.message}\n`);
      io.stdout.write("\n");
    }
    io.stdout.write(`${table([["MODEL", "STATUS", "IN", "OUT", "COST", "TTFT", "TOK/S"], ...snapshots.map(summaryRow)])}\n`);
    const total = snapshots.reduce((sum, snapshot) => sum + snapshot.stats.costUsd, 0);
    io.stdout.write(`Total: ${formatUsd(total)}\n`);
  }
  return snapshots.every((snapshot) => snapshot.status === "done") ? 0 : 1;
}
