// Runs one request against one provider to the end through the one fold, and sums it up: the folded
// state, exact cost from reported usage, timings.
import type { ModelInfo } from "../catalog/model-info";
import { costPicoUsd, picoToUsd } from "../spend/cost";
import { estimateRequest } from "../spend/estimate";
import type { ChatProvider, ChatRequest, ErrorKind, StreamEvent, Usage } from "../stream/events";
import { type AttemptState, billedUsage, endOfStream, failWith, foldEvent, newAttemptState, outcomeOf } from "./attempt-state";

export interface AttemptResult {
  provider: string;
  model: string;
  outcome: "ok" | ErrorKind;
  status?: number;
  state: AttemptState;
  /** What is billed: the provider's usage, or an estimate when output started but no usage came. */
  usage?: Usage;
  usageEstimated: boolean;
  /** 0 for an attempt that produced nothing and reported no usage. */
  costPicoUsd: bigint;
  costUsd: number;
  ttftMs: number | null;
  durationMs: number;
}

export async function runAttempt(
  provider: ChatProvider,
  model: ModelInfo,
  request: ChatRequest,
  signal: AbortSignal,
  onEvent: (event: StreamEvent, state: AttemptState) => void = () => {},
  now: () => number = () => performance.now(),
): Promise<AttemptResult> {
  const state = newAttemptState(now());
  try {
    for await (const event of provider.stream(request, signal)) {
      foldEvent(state, event, now());
      onEvent(event, state);
      if (state.error || state.finish) break;
    }
  } catch (error) {
    failWith(state, signal.aborted ? "cancelled" : "bad-response", signal.aborted ? "Cancelled." : error instanceof Error ? error.message : String(error), now());
  }
  if (signal.aborted) failWith(state, "cancelled", "Cancelled.", now());
  endOfStream(state, provider.id, now());
  const outcome = outcomeOf(state);
  const billed = billedUsage(state, () => estimateRequest(model, request.messages, request.maxOutputTokens, request.tools).inputTokens);
  const cost = billed ? costPicoUsd(billed.usage, model.pricing) : 0n;
  const ended = state.endedAt ?? now();
  return {
    provider: provider.id,
    model: request.model,
    outcome,
    ...(state.error?.status !== undefined ? { status: state.error.status } : outcome === "ok" ? { status: 200 } : {}),
    state,
    ...(billed ? { usage: billed.usage } : {}),
    usageEstimated: billed?.estimated ?? false,
    costPicoUsd: cost,
    costUsd: picoToUsd(cost),
    ttftMs: state.firstTokenAt === null ? null : state.firstTokenAt - state.startedAt,
    durationMs: ended - state.startedAt,
  };
}
