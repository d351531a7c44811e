// Tries a plan's attempts in order. Falls back only before the first token, on errors that another
// provider may not have; after the first token, the error is surfaced with the partial answer kept.
// Per-provider circuit breakers (cockatiel) skip a provider that keeps failing, for a while.
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from "cockatiel";
import type { ModelInfo } from "../catalog/model-info";
import { splitModelId } from "../catalog/model-info";
import { type AttemptResult, runAttempt } from "../run/attempt";
import type { AttemptState } from "../run/attempt-state";
import type { ChatProvider, ChatRequest, ErrorKind, StreamEvent } from "../stream/events";
import type { PlannedAttempt } from "./routing-types";

/** Errors another provider may not have; auth and not-found are about this provider's key or catalog. */
const FALLBACK_KINDS = new Set<ErrorKind>(["rate-limit", "overloaded", "timeout", "network", "bad-response", "auth", "not-found"]);

export interface ExecutorOptions {
  /** Longest Retry-After honoured, and only when no other candidate is left. */
  maxRetryAfterMs?: number;
  /** Consecutive failures that open a provider's breaker, and how long it stays open. */
  breakerFailures?: number;
  breakerCooldownMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface AttemptRecord extends AttemptResult {
  attempt: number;
  modelId: string;
  reason: string;
}

export interface ExecutionResult {
  /** The last attempt's result: the answer, or the error the user sees. */
  final: AttemptRecord | undefined;
  attempts: AttemptRecord[];
  /** Models not tried: unavailable (no key, not configured) or their provider's breaker was open. */
  skipped: Array<{ modelId: string; reason: string; unavailable: boolean }>;
}

export interface ExecutionHooks {
  /** An attempt is about to be sent (the model that will answer if it succeeds). */
  onAttemptStart?(attempt: { attempt: number; modelId: string; reason: string; model: ModelInfo }): void;
  /** Every event of every attempt, tagged with the attempt number, with the attempt's state after it. */
  onEvent?(event: StreamEvent, attempt: number, state: AttemptState): void;
  /** Called once per finished attempt (the ledger writes here). */
  onAttempt?(record: AttemptRecord): void;
}

class AttemptFailed extends Error {
  constructor(readonly result: AttemptResult) {
    super(result.state.error?.message ?? result.outcome);
  }
}

/** The request as one model takes it: its own name, and a reasoning effort only if it reasons. */
function forModel(request: Omit<ChatRequest, "model">, modelName: string, model: ModelInfo): ChatRequest {
  if (request.reasoningEffort === undefined || model.reasoning) return { ...request, model: modelName };
  const { reasoningEffort: _unused, ...rest } = request;
  return { ...rest, model: modelName };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

export class RouteExecutor {
  private readonly breakers = new Map<string, ReturnType<typeof circuitBreaker>>();
  private readonly options: Required<ExecutorOptions>;

  constructor(
    private readonly deps: {
      /** The provider's adapter, or why it cannot be used now (no key, not configured). */
      provider(id: string): { ok: true; provider: ChatProvider } | { ok: false; message: string };
      model(id: string): ModelInfo | undefined;
    },
    options: ExecutorOptions = {},
  ) {
    this.options = {
      maxRetryAfterMs: options.maxRetryAfterMs ?? 10_000,
      breakerFailures: options.breakerFailures ?? 3,
      breakerCooldownMs: options.breakerCooldownMs ?? 30_000,
      sleep: options.sleep ?? abortableSleep,
    };
  }

  private breaker(providerId: string) {
    let breaker = this.breakers.get(providerId);
    if (!breaker) {
      // Only provider-side failures count against a provider; a cancellation or a bad request does not.
      breaker = circuitBreaker(handleWhen((error) => error instanceof AttemptFailed && FALLBACK_KINDS.has(error.result.outcome as ErrorKind)), {
        halfOpenAfter: this.options.breakerCooldownMs,
        breaker: new ConsecutiveBreaker(this.options.breakerFailures),
      });
      this.breakers.set(providerId, breaker);
    }
    return breaker;
  }

  /** The adapter of a model's provider, for calls that are not chats (a client's token count). */
  providerOf(modelId: string): ChatProvider | undefined {
    const found = this.deps.provider(splitModelId(modelId).provider);
    return found.ok ? found.provider : undefined;
  }

  isCoolingDown(providerId: string): boolean {
    return this.breakers.get(providerId)?.state === CircuitState.Open;
  }

  async execute(planned: readonly PlannedAttempt[], request: Omit<ChatRequest, "model">, signal: AbortSignal, hooks: ExecutionHooks = {}): Promise<ExecutionResult> {
    const attempts: AttemptRecord[] = [];
    const skipped: ExecutionResult["skipped"] = [];
    let retriedAfterWait = false;
    for (let index = 0; index < planned.length; index++) {
      const plan = planned[index]!;
      const { provider: providerId, model: modelName } = splitModelId(plan.modelId);
      const found = this.deps.provider(providerId);
      const model = this.deps.model(plan.modelId);
      if (!found.ok || !model) {
        skipped.push({ modelId: plan.modelId, reason: found.ok ? `${plan.modelId} is not in the model catalog` : found.message, unavailable: true });
        continue;
      }
      const provider = found.provider;
      const number = attempts.length + 1;
      let sawToken = false;
      let result: AttemptResult;
      try {
        result = await this.breaker(providerId).execute(async () => {
          hooks.onAttemptStart?.({ attempt: number, modelId: plan.modelId, reason: plan.reason, model });
          const attempt = await runAttempt(provider, model, forModel(request, modelName, model), signal, (event, state) => {
            // Any output the user may have seen (text, reasoning, a tool call) ends silent fallback.
            if (state.firstTokenAt !== null) sawToken = true;
            hooks.onEvent?.(event, number, state);
          });
          if (attempt.outcome !== "ok") throw new AttemptFailed(attempt);
          return attempt;
        });
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          skipped.push({ modelId: plan.modelId, reason: `${providerId} is cooling down after repeated failures`, unavailable: false });
          continue;
        }
        if (!(error instanceof AttemptFailed)) throw error;
        result = error.result;
      }
      const record: AttemptRecord = { ...result, attempt: number, modelId: plan.modelId, reason: plan.reason };
      attempts.push(record);
      hooks.onAttempt?.(record);
      if (result.outcome === "ok" || result.outcome === "cancelled" || signal.aborted) break;
      if (sawToken) break; // no silent fallback after the user has seen part of an answer
      if (!FALLBACK_KINDS.has(result.outcome as ErrorKind)) break;
      const lastCandidate = index === planned.length - 1;
      const wait = result.state.error?.retryAfterMs;
      if (lastCandidate && !retriedAfterWait && result.outcome === "rate-limit" && wait !== undefined && wait <= this.options.maxRetryAfterMs) {
        // Nothing else to try: wait as the provider asked, once, then try it again.
        retriedAfterWait = true;
        await this.options.sleep(wait, signal);
        if (signal.aborted) break;
        index -= 1;
      }
    }
    return { final: attempts.at(-1), attempts, skipped };
  }
}
