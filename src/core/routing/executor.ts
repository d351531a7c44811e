// Tries a plan's attempts in order. Falls back only before the first token, on errors that another
// provider may not have; after the first token, the error is surfaced with the partial answer kept.
// Per-provider circuit breakers (cockatiel) skip a provider that keeps failing, for a while.
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from "cockatiel";
import type { ModelInfo } from "../catalog/model-info";
import { splitModelId } from "../catalog/model-info";
import { type AttemptResult, runAttempt } from "../run/attempt";
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
  /** Providers skipped because their breaker was open. */
  skipped: Array<{ modelId: string; reason: string }>;
}

export interface ExecutionHooks {
  /** Every event of every attempt, tagged with the attempt number. */
  onEvent?(event: StreamEvent, attempt: number): void;
  /** Called once per finished attempt (the ledger writes here). */
  onAttempt?(record: AttemptRecord): void;
}

class AttemptFailed extends Error {
  constructor(readonly result: AttemptResult) {
    super(result.error?.message ?? result.outcome);
  }
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
    private readonly deps: { provider(id: string): ChatProvider | undefined; model(id: string): ModelInfo | undefined },
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
      const provider = this.deps.provider(providerId);
      const model = this.deps.model(plan.modelId);
      if (!provider || !model) {
        skipped.push({ modelId: plan.modelId, reason: `${providerId} is not available (no key or not configured)` });
        continue;
      }
      const number = attempts.length + 1;
      let sawToken = false;
      let result: AttemptResult;
      try {
        result = await this.breaker(providerId).execute(async () => {
          const attempt = await runAttempt(provider, model, { ...request, model: modelName }, signal, (event) => {
            if (event.type === "text-delta" || event.type === "reasoning-delta") sawToken = true;
            hooks.onEvent?.(event, number);
          });
          if (attempt.outcome !== "ok") throw new AttemptFailed(attempt);
          return attempt;
        });
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          skipped.push({ modelId: plan.modelId, reason: `${providerId} is cooling down after repeated failures` });
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
      const wait = result.error?.retryAfterMs;
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
