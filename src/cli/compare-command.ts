// `switchboard compare`: the same prompt to several models at once, then a side-by-side summary.
import { parseArgs } from "node:util";
import { Comparison, type ResolvedModel } from "../core/compare/comparison";
import type { ColumnSnapshot } from "../core/compare/column-tracker";
import { type ModelInfo, splitModelId } from "../core/catalog/model-info";
import { formatUsd } from "../core/spend/cost";
import type { ChatProvider } from "../core/stream/events";
import { randomUUID } from "node:crypto";
import { BUNDLED_PRICES_AS_OF } from "../core/catalog/catalog";
import { planRoute } from "../core/routing/planner";
import { LedgerWriter } from "../core/spend/ledger-writer";
import { findModel, loadCliContext, loadTeamPolicy, requireModel } from "./cli-context";
import { ledgerPath, preferencesFromFlags, projectName, routingOptions } from "./routing-flags";
import { readPrompt } from "./cli-input";
import { fail } from "./usage-error";

export const COMPARE_USAGE =
  "switchboard compare --model A --model B [...] --prompt TEXT|- [--config FILE] [--policy FILE] [--data-policy P] [--max-input-price N] [--max-output-price N] [--ledger FILE] [--feature TAG] [--json]";

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
  const context = loadCliContext(values.config, io.env);
  for (const warning of context.warnings) io.stderr.write(`switchboard: warning: ${warning}\n`);
  const teamPolicy = loadTeamPolicy(values.policy);
  const preferences = preferencesFromFlags({ ...values, model: undefined, strategy: undefined, fallback: undefined, candidates: undefined, allowAnyModel: true });
  // Keyed by model id: two models of one provider share its adapter.
  const providers = new Map<string, ChatProvider>();
  const models = new Map<string, ModelInfo>();
  for (const id of ids) {
    const resolved = requireModel(context, id);
    providers.set(splitModelId(id).provider, resolved.provider);
    models.set(id, resolved.model);
  }
  // The same policy checks as routing: a model the policy excludes is not run, and says why.
  const plan = planRoute({
    preferences: { ...preferences, candidates: ids },
    teamPolicy,
    messages: [{ role: "user", content: "" }],
    findModel: (id) => findModel(context, id),
    findProvider: (id) => context.registry.get(id),
  });
  for (const exclusion of plan.excluded) io.stderr.write(`switchboard: not running ${exclusion.modelId}: ${exclusion.reason}\n`);
  const allowed = ids.filter((id) => !plan.excluded.some((exclusion) => exclusion.modelId === id));
  if (allowed.length === 0) fail("every model was excluded by the policy (see above)");
  const prompt = await readPrompt(values.prompt);
  const ledger = new LedgerWriter(ledgerPath(values.ledger, io.env));
  const requestId = randomUUID();
  const project = projectName(values.project);
  const resolve = (id: string): ResolvedModel => {
    const model = models.get(id);
    const provider = providers.get(splitModelId(id).provider);
    return model && provider ? { ok: true, provider, model } : { ok: false, kind: "not-found", message: `unknown model ${id}` };
  };
  const comparison = new Comparison(prompt, allowed, { resolve }, {
    onUpdate: () => {},
    onColumnFinished: (snapshot, _cost, ran) => {
      if (!ran) return;
      const { provider, model } = splitModelId(snapshot.modelId);
      ledger.append({
        time: new Date().toISOString(),
        requestId,
        attempt: Number(snapshot.columnId.slice(1)),
        project,
        feature: values.feature ?? "cli-compare",
        provider,
        model,
        routingReason: "compared side by side",
        outcome: snapshot.status === "done" ? "ok" : (snapshot.error?.kind ?? snapshot.status),
        status: snapshot.status === "done" ? 200 : snapshot.httpStatus,
        inputTokens: snapshot.stats.exact ? snapshot.stats.inputTokens : 0,
        outputTokens: snapshot.stats.exact ? snapshot.stats.outputTokens : 0,
        cachedInputTokens: snapshot.stats.exact ? snapshot.stats.cachedInputTokens : 0,
        costUsd: snapshot.stats.exact ? snapshot.stats.costUsd : 0,
        priceSource: `bundled ${BUNDLED_PRICES_AS_OF}`,
        ttftMs: snapshot.stats.ttftMs === null ? null : Math.round(snapshot.stats.ttftMs),
        durationMs: Math.round(snapshot.durationMs),
      });
    },
  });
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
