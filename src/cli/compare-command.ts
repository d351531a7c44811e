// `switchboard compare`: the same prompt to several models at once, then a side-by-side summary.
import { parseArgs } from "node:util";
import { Comparison } from "../core/compare/comparison";
import type { ColumnSnapshot } from "../core/compare/column-tracker";
import type { ModelInfo } from "../core/catalog/model-info";
import { formatUsd } from "../core/spend/cost";
import type { ChatProvider } from "../core/stream/events";
import { loadCliContext, resolveModel } from "./cli-context";
import { readPrompt } from "./cli-input";
import { fail } from "./usage-error";

export const COMPARE_USAGE = "switchboard compare --model A --model B [...] --prompt TEXT|- [--config FILE] [--json]";

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}

function summaryRow(snapshot: ColumnSnapshot): string[] {
  const { stats } = snapshot;
  return [
    snapshot.modelId,
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
  const context = loadCliContext(values.config, io.env);
  for (const warning of context.warnings) io.stderr.write(`switchboard: warning: ${warning}\n`);
  const providers = new Map<string, ChatProvider>();
  const models = new Map<string, ModelInfo>();
  for (const id of ids) {
    const resolved = resolveModel(context, id);
    providers.set(resolved.provider.id, resolved.provider);
    models.set(id, resolved.model);
  }
  const prompt = await readPrompt(values.prompt);
  const comparison = new Comparison(prompt, ids, { findProvider: (id) => providers.get(id), findModel: (id) => models.get(id) }, { onUpdate: () => {} });
  process.once("SIGINT", () => comparison.stop());
  await comparison.done;
  const snapshots = comparison.snapshots();

  if (values.json) {
    for (const snapshot of snapshots) io.stdout.write(`${JSON.stringify(snapshot)}\n`);
  } else {
    for (const snapshot of snapshots) {
      io.stdout.write(`── ${snapshot.modelId} ──\n${snapshot.text}\n`);
      if (snapshot.error) io.stdout.write(`[${snapshot.error.kind}] ${snapshot.error.message}\n`);
      io.stdout.write("\n");
    }
    io.stdout.write(`${table([["MODEL", "STATUS", "IN", "OUT", "COST", "TTFT", "TOK/S"], ...snapshots.map(summaryRow)])}\n`);
    const total = snapshots.reduce((sum, snapshot) => sum + snapshot.stats.costUsd, 0);
    io.stdout.write(`Total: ${formatUsd(total)}\n`);
  }
  return snapshots.every((snapshot) => snapshot.status === "done") ? 0 : 1;
}
