// The one mapping from a finished attempt to its ledger record.
import { splitModelId } from "../catalog/model-info";
import { picoToUsd } from "../spend/cost";
import type { AttemptRecord } from "../routing/executor";
import type { LedgerEntry } from "../spend/ledger-record";

export interface RecordContext {
  requestId: string;
  project: string | null;
  feature: string;
  caller?: string;
  session?: string;
  priceSource: string;
  time: string;
  /** Prompt text to store, only when the user opted in (undefined otherwise). */
  storedPrompt?: string;
}

export function ledgerEntryFor(record: AttemptRecord, context: RecordContext): LedgerEntry {
  const usage = record.usage;
  return {
    time: context.time,
    requestId: context.requestId,
    attempt: record.attempt,
    project: context.project,
    feature: context.feature,
    ...(context.caller === undefined ? {} : { caller: context.caller }),
    ...(context.session === undefined ? {} : { session: context.session }),
    provider: splitModelId(record.modelId).provider,
    model: record.model,
    routingReason: record.reason,
    outcome: record.outcome,
    status: record.status ?? null,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedInputTokens: usage?.cachedInputTokens ?? 0,
    ...(usage?.cacheWriteInputTokens ? { cacheWriteTokens: usage.cacheWriteInputTokens } : {}),
    costUsd: record.costUsd,
    ...(record.costSource === "provider" ? { costSource: "provider" as const, ...(record.catalogCostPicoUsd === undefined ? {} : { catalogCostUsd: picoToUsd(record.catalogCostPicoUsd) }) } : {}),
    ...(record.costSource === "unpriced" ? { costSource: "unpriced" as const } : {}),
    ...(record.usageEstimated ? { estimated: true } : {}),
    ...(record.state.finish?.reason === "length" ? { finishReason: "length" as const } : {}),
    priceSource: context.priceSource,
    ttftMs: record.ttftMs === null ? null : Math.round(record.ttftMs),
    durationMs: Math.round(record.durationMs),
    ...(context.storedPrompt === undefined ? {} : { prompt: context.storedPrompt, answer: answerText(record) }),
  };
}

/** The answer as stored when the user opted in: the text, then any tool calls. */
function answerText(record: AttemptRecord): string {
  const calls = record.state.toolCalls.map((call) => `tool call ${call.name}(${call.arguments})`);
  return [record.state.text, ...calls].filter(Boolean).join("\n");
}
