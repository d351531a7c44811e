// THE pipeline: admit -> execute (attempts, fallback, breakers) -> fold (inside each attempt) -> settle
// -> record. Every face calls this: the CLI's chat and compare, the playground's columns, Ask with Routing.
import type { RouteExecutor, ExecutionResult } from "../routing/executor";
import type { RoutePlan, RoutingPreferences } from "../routing/routing-types";
import type { LedgerEntry, LedgerRecord } from "../spend/ledger-record";
import type { AttemptRecord } from "../routing/executor";
import type { ChatMessage, ChatRequest, StreamEvent } from "../stream/events";
import type { RequestTelemetry } from "../telemetry/request-telemetry";
import { messageText } from "../stream/messages";
import { type AdmissionDeps, admit, type Refusal } from "./admission";
import type { AttemptState } from "./attempt-state";
import { ledgerEntryFor } from "./ledger-entry";

export type RequestParameters = Omit<ChatRequest, "model" | "messages">;

export interface PipelineRequest extends RequestParameters {
  requestId: string;
  project: string | null;
  feature: string;
  /** Who asked, when a feature has callers of its own (recorded in the ledger). */
  caller?: string;
  /** The caller's own session (an agent's conversation), recorded so its spend can be summed. */
  session?: string;
  /** A model and its fallbacks, or a strategy over candidates, plus caps and data policy. */
  routing: RoutingPreferences;
  messages: ChatMessage[];
  /** Store prompt and answer text in the ledger (off unless the user opts in). */
  storeText?: boolean;
  signal: AbortSignal;
  /** Admitted: the planned attempts and what the plan excluded, with why. */
  onPlanned?(plan: RoutePlan): void;
  onAttemptStart?(attempt: { attempt: number; modelId: string; reason: string }): void;
  onEvent?(event: StreamEvent, attempt: number, state: AttemptState): void;
}

/** Where a request's records go: the JSON-lines ledger (LedgerWriter) or a team's database (TeamLedger). */
export interface LedgerSink {
  /** Resolves once the record is durably stored (acknowledged), with its hash in the chain. */
  append(entry: LedgerEntry): Promise<LedgerRecord>;
}

export interface PipelineDeps extends AdmissionDeps {
  executor: RouteExecutor;
  ledger?: LedgerSink;
  priceSource: string;
  /** Every settled cost, in pico-USD (a session counter, the status bar). */
  onSpend?(pico: bigint): void;
  /** A request's records are in the ledger (totals shown elsewhere may refresh). */
  onRecorded?(): void;
  /** Export of finished requests (OpenTelemetry), when the user turned it on. */
  telemetry?: RequestTelemetry;
  now?: () => Date;
}

export type RunOutcome = { kind: "done"; plan: RoutePlan; execution: ExecutionResult; costPicoUsd: bigint } | { kind: "refused"; plan: RoutePlan; error: Refusal };

export async function runRequest(request: PipelineRequest, deps: PipelineDeps): Promise<RunOutcome> {
  const admission = await admit(request, deps);
  if (!admission.ok) return { kind: "refused", plan: admission.plan, error: admission.error };

  const now = deps.now ?? (() => new Date());
  request.onPlanned?.(admission.plan);
  const { requestId, project, feature, caller, session, routing: _routing, storeText, signal, onPlanned: _onPlanned, onAttemptStart, onEvent, messages, ...parameters } = request;
  const storedPrompt = storeText ? messages.filter((m) => m.role === "user").map(messageText).join("\n\n") : undefined;
  let spentPico = 0n;
  // The same clock as the attempts' timings (performance.now), so a route span covers its attempts.
  const startedAt = performance.timeOrigin + performance.now();
  const recorded: AttemptRecord[] = [];
  // Each attempt's record is written as it ends; the request is done once all of them are in the ledger.
  const appended: Array<Promise<unknown>> = [];
  const write = (entry: LedgerEntry) => {
    if (!deps.ledger) return;
    const written = deps.ledger.append(entry);
    // Handled here so a failed write waits for the await below instead of counting as unhandled.
    written.catch(() => undefined);
    appended.push(written);
  };
  // With a budget reservation, the latest record waits for the settlement, which writes it and drops the
  // reservation in one step: another process never sees both (and counts the request twice).
  let held: LedgerEntry | undefined;
  let execution: ExecutionResult;
  try {
    execution = await deps.executor.execute(admission.plan.attempts, { ...parameters, messages }, signal, {
      onAttemptStart,
      onEvent,
      onAttempt: (record) => {
        spentPico += record.costPicoUsd;
        recorded.push(record);
        const entry = ledgerEntryFor(record, { requestId, project, feature, caller, session, priceSource: deps.priceSource, time: now().toISOString(), storedPrompt });
        if (!admission.reservation) return write(entry);
        if (held) write(held);
        held = entry;
      },
    });
  } finally {
    const last = held;
    const writeRest = async () => {
      if (last) write(last);
      // Settled whatever happened, but only after every record is written (or failed to be).
      await Promise.allSettled(appended);
    };
    if (admission.reservation && deps.budget) await deps.budget.settle(admission.reservation, spentPico, writeRest);
    else await writeRest();
    if (spentPico > 0n) deps.onSpend?.(spentPico);
    deps.onRecorded?.();
    if (deps.telemetry && recorded.length > 0) {
      deps.telemetry.requestFinished({
        requestId,
        project,
        feature,
        ...(caller === undefined ? {} : { caller }),
        ...(session === undefined ? {} : { session }),
        plan: admission.plan,
        attempts: recorded,
        startedAt,
        endedAt: performance.timeOrigin + performance.now(),
        ...(parameters.maxOutputTokens === undefined ? {} : { maxOutputTokens: parameters.maxOutputTokens }),
        ...(parameters.temperature === undefined ? {} : { temperature: parameters.temperature }),
        ...(storeText ? { messages } : {}),
      });
    }
  }
  // A record that could not be written fails the request: it is not reported done.
  await Promise.all(appended);
  return { kind: "done", plan: admission.plan, execution, costPicoUsd: spentPico };
}
