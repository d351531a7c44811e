// Runs one request against one provider to the end and sums it up: answer, usage, exact cost, timings.
import type { ModelInfo } from "../catalog/model-info";
import { costPicoUsd, picoToUsd } from "../spend/cost";
import type { ChatProvider, ChatRequest, ErrorKind, FinishReason, StreamEvent, Usage } from "../stream/events";

export interface AttemptResult {
  provider: string;
  model: string;
  outcome: "ok" | ErrorKind;
  status?: number;
  text: string;
  reasoning: string;
  /** Reported by the provider; absent when the attempt failed before usage arrived. */
  usage?: Usage;
  /** 0 for a failed attempt unless the provider reported usage for it. */
  costUsd: number;
  finish?: { reason: FinishReason; rawReason?: string };
  error?: Extract<StreamEvent, { type: "error" }>;
  ttftMs: number | null;
  durationMs: number;
}

export async function runAttempt(
  provider: ChatProvider,
  model: ModelInfo,
  request: ChatRequest,
  signal: AbortSignal,
  onEvent: (event: StreamEvent) => void = () => {},
  now: () => number = () => performance.now(),
): Promise<AttemptResult> {
  const started = now();
  const result: AttemptResult = {
    provider: provider.id,
    model: request.model,
    outcome: "ok",
    text: "",
    reasoning: "",
    costUsd: 0,
    ttftMs: null,
    durationMs: 0,
  };
  try {
    for await (const event of provider.stream(request, signal)) {
      onEvent(event);
      switch (event.type) {
        case "text-delta":
        case "reasoning-delta":
          result.ttftMs ??= now() - started;
          if (event.type === "text-delta") result.text += event.text;
          else result.reasoning += event.text;
          break;
        case "usage":
          result.usage = event.usage;
          break;
        case "finish":
          result.finish = { reason: event.reason, rawReason: event.rawReason };
          break;
        case "error":
          result.error = event;
          result.outcome = event.kind;
          if (event.status !== undefined) result.status = event.status;
          break;
      }
    }
  } catch (error) {
    // Adapters report failures as events; anything thrown is a bug or a cancellation, still recorded.
    const kind: ErrorKind = signal.aborted ? "cancelled" : "bad-response";
    result.error = { type: "error", kind, retryable: false, message: error instanceof Error ? error.message : String(error) };
    result.outcome = kind;
  }
  if (result.outcome === "ok" && !result.finish) {
    result.outcome = "bad-response";
    result.error = { type: "error", kind: "bad-response", retryable: true, message: `${provider.id} ended without finishing.` };
  }
  if (result.outcome === "ok" && result.status === undefined) result.status = 200;
  if (result.usage) result.costUsd = picoToUsd(costPicoUsd(result.usage, model.pricing));
  result.durationMs = now() - started;
  return result;
}
