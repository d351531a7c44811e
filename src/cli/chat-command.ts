// `switchboard chat`: one streamed answer, as text or as JSON events, with an optional ledger line.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { BUNDLED_PRICES_AS_OF } from "../core/catalog/catalog";
import type { ChatMessage } from "../core/stream/events";
import { type AttemptResult, runAttempt } from "../core/run/attempt";
import { appendLedgerRecord } from "../core/spend/ledger-file";
import { formatUsd } from "../core/spend/cost";
import { loadCliContext, resolveModel } from "./cli-context";
import { readPrompt, positiveInt } from "./cli-input";
import { fail } from "./usage-error";

export const CHAT_USAGE =
  "switchboard chat --model PROVIDER/MODEL --prompt TEXT|- [--system TEXT] [--config FILE] [--timeout-ms N] [--max-tokens N] [--ledger FILE] [--json]";

function attemptSummary(result: AttemptResult) {
  return { provider: result.provider, model: result.model, outcome: result.outcome, status: result.status ?? null };
}

export async function chatCommand(args: string[], io: { env: NodeJS.ProcessEnv; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: "string" },
      prompt: { type: "string" },
      system: { type: "string" },
      config: { type: "string" },
      "timeout-ms": { type: "string" },
      "max-tokens": { type: "string" },
      ledger: { type: "string" },
      json: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.model) fail("--model is required, e.g. --model demo/swift-mini (see `switchboard models`)");
  if (values.prompt === undefined) fail("--prompt is required (use --prompt - to read it from stdin)");
  const timeoutMs = positiveInt(values["timeout-ms"], "--timeout-ms");
  const maxTokens = positiveInt(values["max-tokens"], "--max-tokens");
  const context = loadCliContext(values.config, io.env);
  for (const warning of context.warnings) io.stderr.write(`switchboard: warning: ${warning}\n`);
  const { provider, model, modelName } = resolveModel(context, values.model);
  const prompt = await readPrompt(values.prompt);
  const messages: ChatMessage[] = [
    ...(values.system ? [{ role: "system" as const, content: values.system }] : []),
    { role: "user", content: prompt },
  ];

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  const result = await runAttempt(
    provider,
    model,
    { model: modelName, messages, maxOutputTokens: maxTokens, firstByteTimeoutMs: timeoutMs },
    controller.signal,
    (event) => {
      if (event.type !== "text-delta" && event.type !== "reasoning-delta") return;
      if (values.json) io.stdout.write(`${JSON.stringify(event)}\n`);
      else if (event.type === "text-delta") io.stdout.write(event.text);
    },
  );
  process.removeListener("SIGINT", onSigint);

  if (values.ledger) {
    appendLedgerRecord(values.ledger, {
      time: new Date().toISOString(),
      requestId: randomUUID(),
      attempt: 1,
      feature: "cli",
      provider: result.provider,
      model: result.model,
      outcome: result.outcome,
      status: result.status ?? null,
      inputTokens: result.usage?.inputTokens ?? 0,
      outputTokens: result.usage?.outputTokens ?? 0,
      cachedInputTokens: result.usage?.cachedInputTokens ?? 0,
      costUsd: result.costUsd,
      ...(result.usage?.providerCostUsd === undefined ? {} : { providerCostUsd: result.usage.providerCostUsd }),
      priceVersion: BUNDLED_PRICES_AS_OF,
      ttftMs: result.ttftMs === null ? null : Math.round(result.ttftMs),
      durationMs: Math.round(result.durationMs),
    });
  }

  const attempts = [attemptSummary(result)];
  if (result.error) {
    const { kind, message } = result.error;
    if (values.json) io.stdout.write(`${JSON.stringify({ type: "error", kind, message, attempts })}\n`);
    else io.stderr.write(`${result.text ? "\n" : ""}switchboard: ${kind}: ${message}\n`);
    return 1;
  }
  const usage = {
    inputTokens: result.usage?.inputTokens ?? 0,
    outputTokens: result.usage?.outputTokens ?? 0,
    cachedInputTokens: result.usage?.cachedInputTokens ?? 0,
  };
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({
        type: "done",
        text: result.text,
        provider: result.provider,
        model: result.model,
        usage,
        costUsd: result.costUsd,
        ...(result.usage?.providerCostUsd === undefined ? {} : { providerCostUsd: result.usage.providerCostUsd }),
        finishReason: result.finish?.reason,
        ttftMs: result.ttftMs === null ? null : Math.round(result.ttftMs),
        durationMs: Math.round(result.durationMs),
        attempts,
      })}\n`,
    );
  } else {
    io.stdout.write("\n");
    io.stderr.write(
      `[${values.model}] ${usage.inputTokens} in (${usage.cachedInputTokens} cached), ${usage.outputTokens} out, ${formatUsd(result.costUsd)}${result.usage ? "" : " (no usage reported)"}\n`,
    );
  }
  return 0;
}
