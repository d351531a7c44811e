// `switchboard chat`: one routed, streamed answer (with fallback), as text or JSON events; every attempt
// is recorded in the ledger.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { RouteExecutor } from "../core/routing/executor";
import { historyFromLedger } from "../core/routing/ledger-history";
import { runRequest } from "../core/run/run-request";
import { type BudgetGuard, machineBudgetGuard, spentFromCells } from "../core/spend/budget";
import { picoToUsd } from "../core/spend/cost";
import { formatUsd } from "../common/format-usd";
import { checkJsonAnswer, describeJsonCheck } from "../core/eval/json-answer";
import { requestFromFlags, requestOptions } from "./request-flags";
import type { SpendCell } from "../core/spend/spend-rollup";
import { SyncSpendRollup } from "../core/spend/spend-rollup-sync";
import { LedgerWriter } from "../core/spend/ledger-writer";
import { type CliContext, findModel, loadCliContext, loadTeamPolicy, requireModel } from "./cli-context";
import { cliTelemetryDeps } from "./cli-telemetry";
import { positiveInt, readPrompt } from "./cli-input";
import { ledgerPath, preferencesFromFlags, projectName, routingOptions } from "./routing-flags";
import { fail } from "./usage-error";

export const CHAT_USAGE =
  "switchboard chat (--model PROVIDER/MODEL [--fallback P/M]... | --strategy cheapest|fastest|quality|balanced --candidates A,B) (--prompt TEXT|- | --messages FILE) [--system TEXT] [--image PATH_OR_URL]... [--tools FILE] [--tool-choice auto|none|required|NAME] [--response-format json|SCHEMA_FILE] [--config FILE] [--policy FILE] [--data-policy allow|deny-training|zero-retention] [--max-input-price N] [--max-output-price N] [--max-cost USD] [--timeout-ms N] [--max-tokens N] [--ledger FILE] [--feature TAG] [--project NAME] [--json]";

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Budgets from the config (global) and the team policy (this project). */
export function budgetGuard(context: CliContext, policy: ReturnType<typeof loadTeamPolicy>, ledgerFile: string, project: string): BudgetGuard | undefined {
  if (!context.budgets && !policy?.budget) return undefined;
  const spend = new SyncSpendRollup(ledgerFile);
  // Reservations are shared with every other Switchboard process of this user: the caps hold machine-wide.
  const guard = machineBudgetGuard(ledgerFile, spend);
  const cells: SpendCell[] = spend.read().cells;
  if (context.budgets) guard.addScope("(all projects)", null, context.budgets, spentFromCells(cells, null));
  if (policy?.budget) guard.addScope(`of project ${project} (team policy)`, project, policy.budget, spentFromCells(cells, project));
  return guard;
}

export async function chatCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: "string" },
      prompt: { type: "string" },
      system: { type: "string" },
      config: { type: "string" },
      "timeout-ms": { type: "string" },
      "max-tokens": { type: "string" },
      json: { type: "boolean", default: false },
      ...routingOptions,
      ...requestOptions,
    },
    strict: true,
    allowPositionals: false,
  });
  const preferences = preferencesFromFlags(values);
  if (values.prompt === undefined && values.messages === undefined) fail("--prompt is required (use --prompt - to read it from stdin), unless --messages gives the conversation");
  const timeoutMs = positiveInt(values["timeout-ms"], "--timeout-ms");
  const maxTokens = positiveInt(values["max-tokens"], "--max-tokens");
  const context = await loadCliContext(values.config, io.env);
  for (const warning of context.warnings) io.stderr.write(`switchboard: warning: ${warning}\n`);
  const teamPolicy = loadTeamPolicy(values.policy);
  // Names on the command line must exist; a missing key only skips that model (the chain goes on).
  if (preferences.model) requireModel(context, preferences.model);
  const prompt = values.prompt === undefined ? undefined : await readPrompt(values.prompt);
  const conversation = requestFromFlags(values, prompt);

  const ledgerFile = ledgerPath(values.ledger, io.env);
  const project = projectName(values.project);
  const executor = new RouteExecutor({
    provider: (id) => context.registry.create(id),
    model: (id) => findModel(context, id),
  });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  const outcome = await runRequest(
    {
      requestId: randomUUID(),
      project,
      feature: values.feature ?? "cli",
      routing: preferences,
      ...conversation,
      maxOutputTokens: maxTokens,
      firstByteTimeoutMs: timeoutMs,
      signal: controller.signal,
      onEvent: (event) => {
        if (values.json) {
          if (event.type === "text-delta" || event.type === "reasoning-delta") io.stdout.write(`${JSON.stringify(event)}\n`);
          else if (event.type === "tool-call") io.stdout.write(`${JSON.stringify({ type: "tool-call", id: event.id, name: event.name, arguments: event.arguments })}\n`);
        } else if (event.type === "text-delta") io.stdout.write(event.text);
      },
    },
    {
      planner: {
        teamPolicy,
        findModel: (id) => findModel(context, id),
        findProvider: (id) => context.registry.get(id),
        ...historyFromLedger(ledgerFile),
      },
      executor,
      budget: budgetGuard(context, teamPolicy, ledgerFile, project),
      ledger: new LedgerWriter(ledgerFile),
      ...cliTelemetryDeps(io, context.registry),
      priceSource: `${context.catalog.priceSource()}${values.config ? ` + ${values.config}` : ""}`,
    },
  );
  process.removeListener("SIGINT", onSigint);

  if (outcome.kind === "refused") {
    const { kind, message } = outcome.error;
    if (values.json) io.stdout.write(`${JSON.stringify({ type: "error", kind, message, attempts: [], excluded: outcome.plan.excluded })}\n`);
    else io.stderr.write(`switchboard: ${kind}: ${message}\n`);
    return 1;
  }
  const { execution } = outcome;
  const attempts = execution.attempts.map((a) => ({ provider: a.provider, model: a.model, outcome: a.outcome, status: a.status ?? null, reason: a.reason }));
  const final = execution.final;
  if (final?.outcome !== "ok") {
    const kind = final?.outcome ?? "policy";
    const skipped = execution.skipped.map((s) => `${s.modelId}: ${s.reason}`).join("; ");
    const message = final?.state.error?.message ?? `no attempt could be made (${skipped})`;
    const partialText = final?.state.text ?? "";
    if (values.json) io.stdout.write(`${JSON.stringify({ type: "error", kind, message, attempts, partialText })}\n`);
    else io.stderr.write(`${partialText ? "\n" : ""}switchboard: ${kind}: ${message}${attempts.length > 1 ? ` (after ${attempts.length} attempts)` : ""}\n`);
    return 1;
  }
  const reported = final.state.usage;
  const usage = {
    inputTokens: reported?.inputTokens ?? 0,
    outputTokens: reported?.outputTokens ?? 0,
    cachedInputTokens: reported?.cachedInputTokens ?? 0,
    // Of the output, the model's reasoning (billed as output), when the provider says.
    ...(reported?.reasoningTokens ? { reasoningTokens: reported.reasoningTokens } : {}),
    ...(reported?.cacheWriteInputTokens ? { cacheWriteInputTokens: reported.cacheWriteInputTokens, cacheWrite1hInputTokens: reported.cacheWrite1hInputTokens ?? 0 } : {}),
  };
  const toolCalls = final.state.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
  // JSON output was asked for: say whether the answer is JSON (and matches the schema). A tool-call-only answer has no text to judge.
  const jsonCheck = conversation.responseFormat && (final.state.text !== "" || toolCalls.length === 0) ? checkJsonAnswer(final.state.text, conversation.responseFormat) : undefined;
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({
        type: "done",
        text: final.state.text,
        ...(toolCalls.length > 0 ? { toolCalls } : {}),
        provider: final.provider,
        model: final.model,
        usage,
        // Unknown (null) for a model without a price; never a made-up $0.
        costUsd: final.costSource === "unpriced" ? null : final.costUsd,
        // Whose figure costUsd is; beside the provider's own, what the price list says (their gap is drift).
        costSource: final.costSource,
        ...(final.costSource === "provider" && final.catalogCostPicoUsd !== undefined ? { catalogCostUsd: picoToUsd(final.catalogCostPicoUsd) } : {}),
        finishReason: final.state.finish?.reason,
        ...(jsonCheck ? { json: { parses: jsonCheck.parses, ...(jsonCheck.matchesSchema !== undefined ? { matchesSchema: jsonCheck.matchesSchema } : {}), ...(jsonCheck.parseError ?? jsonCheck.schemaError ? { problem: describeJsonCheck(jsonCheck) } : {}) } } : {}),
        ttftMs: final.ttftMs === null ? null : Math.round(final.ttftMs),
        durationMs: Math.round(final.durationMs),
        attempts,
      })}\n`,
    );
  } else {
    io.stdout.write("\n");
    for (const call of toolCalls) io.stdout.write(`tool call ${call.name}(${call.arguments})\n`);
    const via = attempts.length > 1 ? ` after ${attempts.length - 1} failed attempt(s)` : "";
    io.stderr.write(
      `[${final.provider}/${final.model}${via}] ${usage.inputTokens} in (${usage.cachedInputTokens} cached), ${usage.outputTokens} out, ${final.costSource === "unpriced" ? "cost unknown (no price for this model)" : formatUsd(picoToUsd(outcome.costPicoUsd))}${reported ? "" : " (no usage reported)"}\n`,
    );
    if (jsonCheck && (!jsonCheck.parses || jsonCheck.matchesSchema === false || jsonCheck.schemaError)) io.stderr.write(`switchboard: warning: JSON output was asked for, and the answer is ${describeJsonCheck(jsonCheck)}\n`);
    if (final.state.finish?.reason === "length") io.stderr.write("switchboard: the answer stopped at the token limit and is cut off (finish reason length; raise --max-tokens for the rest)\n");
  }
  return 0;
}
