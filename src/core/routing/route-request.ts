// One routed request from start to end: plan, budget reservation, attempts with fallback, a ledger
// record per attempt, then settlement. Used by the CLI and the extension alike.
import { splitModelId } from "../catalog/model-info";
import type { BudgetGuard } from "../spend/budget";
import type { LedgerWriter } from "../spend/ledger-writer";
import type { ChatMessage, StreamEvent } from "../stream/events";
import type { ExecutionResult, RouteExecutor } from "./executor";
import { explainNoRoute, type PlannerInput, planRoute } from "./planner";
import type { RoutePlan } from "./routing-types";

export interface RouteRequest {
  requestId: string;
  project: string | null;
  feature: string;
  messages: ChatMessage[];
  maxOutputTokens?: number;
  firstByteTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** Store prompt and answer text in the ledger (off unless the user opts in). */
  storeText?: boolean;
  signal: AbortSignal;
  onEvent?(event: StreamEvent, attempt: number): void;
}

export interface RouteDeps {
  planner: Omit<PlannerInput, "messages" | "maxOutputTokens">;
  executor: RouteExecutor;
  budget?: BudgetGuard;
  ledger?: LedgerWriter;
  priceSource: string;
  now?: () => Date;
}

export type RouteOutcome =
  | { kind: "done"; plan: RoutePlan; execution: ExecutionResult }
  | { kind: "refused"; plan: RoutePlan; error: { kind: "policy" | "budget"; message: string } };

export async function routeRequest(request: RouteRequest, deps: RouteDeps): Promise<RouteOutcome> {
  const plan = planRoute({ ...deps.planner, messages: request.messages, maxOutputTokens: request.maxOutputTokens });
  if (plan.attempts.length === 0) return { kind: "refused", plan, error: { kind: "policy", message: explainNoRoute(plan) } };

  // Reserve the worst case among the attempts: whichever one answers, the cap holds.
  const worst = Math.max(...plan.attempts.map((attempt) => attempt.estimatedCostUsd));
  const reserved = deps.budget?.reserve(worst, request.project);
  if (reserved && !reserved.ok) return { kind: "refused", plan, error: { kind: "budget", message: reserved.message } };

  const now = deps.now ?? (() => new Date());
  const userText = request.messages.filter((m) => m.role === "user").map((m) => m.content).join("\n\n");
  let spentUsd = 0;
  try {
    const execution = await deps.executor.execute(
      plan.attempts,
      { messages: request.messages, maxOutputTokens: request.maxOutputTokens, firstByteTimeoutMs: request.firstByteTimeoutMs, idleTimeoutMs: request.idleTimeoutMs },
      request.signal,
      {
        onEvent: request.onEvent,
        onAttempt: (record) => {
          spentUsd += record.costUsd;
          deps.ledger?.append({
            time: now().toISOString(),
            requestId: request.requestId,
            attempt: record.attempt,
            project: request.project,
            feature: request.feature,
            provider: splitModelId(record.modelId).provider,
            model: record.model,
            routingReason: record.reason,
            outcome: record.outcome,
            status: record.status ?? null,
            inputTokens: record.usage?.inputTokens ?? 0,
            outputTokens: record.usage?.outputTokens ?? 0,
            cachedInputTokens: record.usage?.cachedInputTokens ?? 0,
            costUsd: record.costUsd,
            ...(record.usage?.providerCostUsd === undefined ? {} : { providerCostUsd: record.usage.providerCostUsd }),
            priceSource: deps.priceSource,
            ttftMs: record.ttftMs === null ? null : Math.round(record.ttftMs),
            durationMs: Math.round(record.durationMs),
            ...(request.storeText ? { prompt: userText, answer: record.text } : {}),
          });
        },
      },
    );
    return { kind: "done", plan, execution };
  } finally {
    if (reserved?.ok) deps.budget?.settle(reserved.reservation, spentUsd);
  }
}
