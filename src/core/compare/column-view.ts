// A playground column as the user sees it: a projection of its pipeline run (the current attempt's
// folded state, the attempts that failed before it, or the refusal that kept it from running).
import { knownPricing, type ModelInfo } from "../catalog/model-info";
import { type AttemptState, tokensPerSecond, usageSoFar } from "../run/attempt-state";
import { chargeFor, picoToUsd } from "../spend/cost";
import type { ToolCall } from "../stream/events";

export type ColumnStatus = "idle" | "waiting" | "streaming" | "done" | "error" | "cancelled";

export interface ColumnStats {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costUsd: number;
  exact: boolean;
  /** The answering model has no known price: costUsd says nothing. */
  unpriced?: boolean;
  ttftMs: number | null;
  tokensPerSecond: number | null;
}

export interface ColumnSnapshot {
  columnId: string;
  /** The model the user put in the column. */
  modelId: string;
  /** The model answering (or that answered): a fallback when the column's own model failed first. */
  answeredBy: string | null;
  /** Why that model answers, in words: the route's reason and any attempts that failed before it. */
  route: string | null;
  status: ColumnStatus;
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  stats: ColumnStats;
  error: { kind: string; message: string } | null;
  /** HTTP status of the provider's answer when it failed with one. */
  httpStatus: number | null;
  /** From the column's start to its end (or now while it runs). */
  durationMs: number;
  /** The answer stopped at the token limit (finish reason length): it is cut off, not complete. */
  stoppedAtTokenLimit?: boolean;
}

export interface CurrentAttempt {
  modelId: string;
  reason: string;
  model: ModelInfo;
  state: AttemptState;
  estimatedInputTokens: number;
}

export interface ColumnRun {
  columnId: string;
  modelId: string;
  startedAt: number;
  /** null while the pipeline runs. */
  ended: { status: "done" | "error" | "cancelled"; at: number; error: ColumnSnapshot["error"]; httpStatus: number | null } | null;
  current: CurrentAttempt | null;
  failed: Array<{ modelId: string; outcome: string }>;
  /** Models of the column's chain the plan left out (policy, caps, capabilities), with why. */
  excluded: Array<{ modelId: string; reason: string }>;
  /** Billed cost of the attempts that have ended (reported usage only). */
  billedPico: bigint;
  /** What this column's earlier runs in the same comparison cost (before a Retry): still spent. */
  earlierPico?: bigint;
}

function describeRoute(run: ColumnRun): string | null {
  const current = run.current;
  if (!current) return null;
  const excluded = run.excluded.map((exclusion) => `${exclusion.modelId} not used: ${exclusion.reason}`);
  const failed = run.failed.map((attempt) => `${attempt.modelId} failed (${attempt.outcome})`);
  return [...excluded, ...failed, `${current.modelId}: ${current.reason}`].join("; ");
}

/** Cost shown: what earlier runs and ended attempts billed, plus the running attempt's estimate until it ends. */
export function columnCostPico(run: ColumnRun): bigint {
  const spent = (run.earlierPico ?? 0n) + run.billedPico;
  if (run.ended || !run.current) return spent;
  const { usage } = usageSoFar(run.current.state, run.current.estimatedInputTokens);
  return spent + chargeFor(usage, knownPricing(run.current.model)).picoUsd;
}

export function columnSnapshot(run: ColumnRun): ColumnSnapshot {
  const state = run.current?.state;
  const { usage, exact } = state ? usageSoFar(state, run.current!.estimatedInputTokens) : { usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 }, exact: false };
  const status = run.ended?.status ?? (state?.firstTokenAt != null ? "streaming" : "waiting");
  const lastActivity = run.ended?.at ?? state?.lastTokenAt ?? run.startedAt;
  return {
    columnId: run.columnId,
    modelId: run.modelId,
    answeredBy: run.current?.modelId ?? null,
    route: describeRoute(run),
    status,
    text: state?.text ?? "",
    reasoning: state?.reasoning ?? "",
    toolCalls: state?.toolCalls ?? [],
    error: run.ended?.error ?? null,
    httpStatus: run.ended?.httpStatus ?? null,
    durationMs: Math.max(0, lastActivity - run.startedAt),
    ...(state?.finish?.reason === "length" ? { stoppedAtTokenLimit: true } : {}),
    stats: {
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cachedInputTokens: usage.cachedInputTokens,
      costUsd: picoToUsd(columnCostPico(run)),
      exact,
      ...(run.current?.model.unpriced ? { unpriced: true } : {}),
      ttftMs: state?.firstTokenAt == null ? null : state.firstTokenAt - run.startedAt,
      tokensPerSecond: state ? tokensPerSecond(state, usage.outputTokens) : null,
    },
  };
}
