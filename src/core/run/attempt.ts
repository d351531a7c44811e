// Runs one request against one provider to the end through the one fold, and sums it up: the folded
// state, exact cost from reported usage, timings.
import { knownPricing, type ModelInfo } from "../catalog/model-info";
import { chargeFor, type CostSource, picoToUsd } from "../spend/cost";
import { estimateRequest } from "../spend/estimate";
import { type ChatProvider, type ChatRequest, type ErrorKind, hasBatches, type StreamEvent, type Usage } from "../stream/events";
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
  /** What the attempt cost (0 when it produced nothing and reported no usage). */
  costPicoUsd: bigint;
  costUsd: number;
  /** Whose figure costPicoUsd is: the provider's own (reported in its response) or the price list's. */
  costSource: CostSource;
  /** The price list's figure, beside a provider-reported cost (none for a model without a price). */
  catalogCostPicoUsd?: bigint;
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
    /** Folds one event; true once the answer has ended. */
    const take = (event: StreamEvent): boolean => {
      foldEvent(state, event, now());
      onEvent(event, state);
      return state.error !== null || state.finish !== null;
    };
    const events = provider.stream(request, signal);
    // One step per network read where the provider offers its events that way, else one per event.
    if (hasBatches(events)) {
      read: for await (const batch of events.batches()) {
        for (const event of batch) if (take(event)) break read;
      }
    } else {
      for await (const event of events) if (take(event)) break;
    }
  } catch (error) {
    failWith(state, signal.aborted ? "cancelled" : "bad-response", signal.aborted ? "Cancelled." : error instanceof Error ? error.message : String(error), now());
  }
  if (signal.aborted) failWith(state, "cancelled", "Cancelled.", now());
  endOfStream(state, provider.id, now());
  const outcome = outcomeOf(state);
  const billed = billedUsage(state, () => estimateRequest(model, request.messages, request.maxOutputTokens, request.tools).inputTokens);
  const pricing = knownPricing(model);
  const charge = billed ? chargeFor(billed.usage, pricing) : { picoUsd: 0n, source: pricing ? ("catalog" as const) : ("unpriced" as const), catalogPicoUsd: pricing ? 0n : undefined };
  const ended = state.endedAt ?? now();
  return {
    provider: provider.id,
    model: request.model,
    outcome,
    ...(state.error?.status !== undefined ? { status: state.error.status } : outcome === "ok" ? { status: 200 } : {}),
    state,
    ...(billed ? { usage: billed.usage } : {}),
    usageEstimated: billed?.estimated ?? false,
    costPicoUsd: charge.picoUsd,
    costUsd: picoToUsd(charge.picoUsd),
    costSource: charge.source,
    ...(charge.catalogPicoUsd === undefined ? {} : { catalogCostPicoUsd: charge.catalogPicoUsd }),
    ttftMs: state.firstTokenAt === null ? null : state.firstTokenAt - state.startedAt,
    durationMs: ended - state.startedAt,
  };
}
