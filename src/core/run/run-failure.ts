// Why a pipeline run produced no answer, in one vocabulary every face maps to its own (a column's error,
// an HTTP status): a refusal by rule, nothing that could be tried, or the last attempt's error.
import type { ErrorKind } from "../stream/events";
import type { RunOutcome } from "./run-request";

export interface RunFailure {
  kind: ErrorKind | "policy" | "budget";
  message: string;
  /** The last provider's HTTP status, when it answered with one. */
  status?: number;
}

export function runFailure(outcome: RunOutcome): RunFailure | undefined {
  if (outcome.kind === "refused") {
    const unknown = outcome.plan.excluded.length > 0 && outcome.plan.excluded.every((e) => e.rule === "unknown-model" || e.rule === "unknown-provider");
    return { kind: unknown ? "not-found" : outcome.error.kind, message: outcome.error.message };
  }
  const { final, skipped } = outcome.execution;
  if (!final) {
    // Nothing was sent: every model was unavailable (no key) or its provider was cooling down.
    const message = skipped.map((s) => `${s.modelId}: ${s.reason}`).join("; ") || "no model could be tried";
    return { kind: skipped.some((s) => s.unavailable) ? "auth" : "overloaded", message };
  }
  if (final.outcome === "ok") return undefined;
  return { kind: final.outcome, message: final.state.error?.message ?? final.outcome, ...(final.status === undefined ? {} : { status: final.status }) };
}
