// Runs one prompt against several models at once, each column through the one pipeline (its own request
// id, budget reservation, fallback chain and ledger records), and owns the authoritative state of every
// column. Updates are coalesced per column so fast streams do not flood the webview with tiny messages.
import { randomUUID } from "node:crypto";
import type { RoutingPreferences } from "../routing/routing-types";
import { newAttemptState } from "../run/attempt-state";
import { type PipelineDeps, type RequestParameters, type RunOutcome, runRequest } from "../run/run-request";
import { estimateRequest } from "../spend/estimate";
import type { ChatMessage } from "../stream/events";
import { runFailure } from "../run/run-failure";
import { type ColumnRun, type ColumnSnapshot, columnCostPico, columnSnapshot } from "./column-view";

export interface ColumnUpdate {
  snapshot: ColumnSnapshot;
  /** Text and reasoning appended since the previous update of this column. */
  appendedText: string;
  appendedReasoning: string;
}

export interface ColumnSpec {
  modelId: string;
  /** Tried in order when the column's model fails before answering (rate limit, outage, no key). */
  fallbacks?: readonly string[];
}

export interface ColumnRequest extends RequestParameters {
  messages: ChatMessage[];
}

export interface ComparisonDeps {
  /**
   * The pipeline every column runs through (planner, executor with shared circuit breakers, budget,
   * ledger), asked for at each run: a retried column sees a key set or a policy changed since.
   */
  pipeline: () => PipelineDeps;
  project: string | null;
  feature: string;
  /** Caps and data policy shared by every column; each column adds its own model and fallbacks. */
  routing?: Pick<RoutingPreferences, "maxPrice" | "maxCostUsd" | "dataPolicy">;
  /** The request for column `index` (its conversation and parameters); default: the prompt alone. */
  requestFor?(index: number): ColumnRequest;
  storeText?: boolean;
  /** How long to gather deltas before one update goes out; 0 sends each event. */
  flushIntervalMs?: number;
}

export interface ComparisonHandlers {
  onUpdate(update: ColumnUpdate): void;
  /** A column restarted (retry): its text starts over. */
  onReset?(snapshot: ColumnSnapshot): void;
  /** A column ended (done, error or cancelled), once per run, with what it billed. */
  onColumnFinished?(snapshot: ColumnSnapshot, costPicoUsd: bigint): void;
}

interface Column {
  spec: ColumnSpec;
  run: ColumnRun;
  controller: AbortController;
  sentText: number;
  sentReasoning: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/** How a column ends: done, stopped, or the failure that kept it from answering. */
function endOf(outcome: RunOutcome): { status: "done" | "error" | "cancelled"; error: ColumnSnapshot["error"]; httpStatus: number | null } {
  const failure = runFailure(outcome);
  if (!failure) return { status: "done", error: null, httpStatus: null };
  if (failure.kind === "cancelled") return { status: "cancelled", error: null, httpStatus: null };
  return { status: "error", error: { kind: failure.kind, message: failure.message }, httpStatus: failure.status ?? null };
}

export class Comparison {
  private readonly columns: Column[];
  /** The clock attempts are timed with, so a column's times and its attempts' times compare. */
  private readonly now = () => performance.now();
  private readonly flushIntervalMs: number;
  readonly done: Promise<void>;

  constructor(
    readonly prompt: string,
    specs: readonly ColumnSpec[],
    private readonly deps: ComparisonDeps,
    private readonly handlers: ComparisonHandlers,
  ) {
    this.flushIntervalMs = deps.flushIntervalMs ?? 33;
    this.columns = specs.map((spec, index) => this.newColumn(`c${index + 1}`, spec));
    this.done = Promise.all(this.columns.map((column) => this.runColumn(column))).then(() => undefined);
  }

  private newColumn(columnId: string, spec: ColumnSpec): Column {
    const run: ColumnRun = { columnId, modelId: spec.modelId, startedAt: this.now(), ended: null, current: null, failed: [], excluded: [], billedPico: 0n };
    return { spec, run, controller: new AbortController(), sentText: 0, sentReasoning: 0, timer: null };
  }

  snapshots(): ColumnSnapshot[] {
    return this.columns.map((column) => columnSnapshot(column.run));
  }

  /**
   * Sends every pending delta now. Call before replaying snapshots to a view that reconnects: a replay
   * holds all text so far, so nothing may stay queued to be appended a second time.
   */
  flushAll(): void {
    for (const column of this.columns) this.flush(column);
  }

  /** Estimated cost of the columns still streaming (ended ones are reported through onColumnFinished). */
  runningCostPico(): bigint {
    // Earlier runs of a retried column were counted when they ended.
    return this.columns.reduce((sum, column) => (column.run.ended ? sum : sum + columnCostPico(column.run) - (column.run.earlierPico ?? 0n)), 0n);
  }

  /** Runs one column again from the start (after an error, a stop, or to sample another answer). */
  /**
   * Runs an ended column again. A retry (the default) keeps counting what the earlier tries cost in the
   * column; a continuation (the column's next step, e.g. after tool results) starts its count afresh, as
   * the caller keeps the finished step's cost with that step.
   */
  retry(columnId: string, options: { continuation?: boolean } = {}): void {
    const index = this.columns.findIndex((column) => column.run.columnId === columnId);
    const old = this.columns[index];
    if (!old?.run.ended) return;
    // A new run: admitted again, so a key set or a policy changed since the first run counts now.
    const column = this.newColumn(columnId, old.spec);
    // What the earlier tries cost was spent: the column and the comparison keep counting it.
    if (!options.continuation) column.run.earlierPico = columnCostPico(old.run);
    this.columns[index] = column;
    // The webview replaces the column's text: tell it with a full update first.
    this.handlers.onReset?.(columnSnapshot(column.run));
    void this.runColumn(column);
  }

  /** Stops one column, or every column when no id is given. */
  stop(columnId?: string): void {
    for (const column of this.columns) {
      if (columnId === undefined || column.run.columnId === columnId) column.controller.abort();
    }
  }

  private async runColumn(column: Column): Promise<void> {
    const { run } = column;
    const index = this.columns.indexOf(column);
    const request: ColumnRequest = this.deps.requestFor?.(index) ?? { messages: [{ role: "user", content: this.prompt }] };
    const pipeline = this.deps.pipeline();
    let outcome: RunOutcome;
    try {
      outcome = await runRequest(
        {
          ...request,
          requestId: randomUUID(),
          project: this.deps.project,
          feature: this.deps.feature,
          routing: { ...this.deps.routing, model: column.spec.modelId, fallbacks: column.spec.fallbacks ?? [] },
          storeText: this.deps.storeText,
          signal: column.controller.signal,
          onPlanned: (plan) => {
            run.excluded = plan.excluded.map(({ modelId, reason }) => ({ modelId, reason }));
          },
          onAttemptStart: ({ modelId, reason }) => {
            const model = pipeline.planner.findModel(modelId)!;
            if (run.current) run.failed.push({ modelId: run.current.modelId, outcome: run.current.state.error?.kind ?? "failed" });
            const estimatedInputTokens = estimateRequest(model, request.messages, request.maxOutputTokens, request.tools).inputTokens;
            run.current = { modelId, reason, model, state: newAttemptState(this.now()), estimatedInputTokens };
          },
          onEvent: (_event, _attempt, state) => {
            if (run.current) run.current.state = state;
            this.scheduleFlush(column);
          },
        },
        pipeline,
      );
    } catch (error) {
      outcome = { kind: "refused", plan: { attempts: [], excluded: [] }, error: { kind: "policy", message: error instanceof Error ? error.message : String(error) } };
    }
    run.billedPico = outcome.kind === "done" ? outcome.costPicoUsd : 0n;
    run.ended = { ...endOf(outcome), at: this.now() };
    // Book the cost before the last update goes out, so the session total never dips.
    this.handlers.onColumnFinished?.(columnSnapshot(run), run.billedPico);
    this.flush(column);
  }

  private scheduleFlush(column: Column): void {
    if (this.flushIntervalMs <= 0) {
      this.flush(column);
      return;
    }
    column.timer ??= setTimeout(() => this.flush(column), this.flushIntervalMs);
  }

  private flush(column: Column): void {
    if (column.timer) clearTimeout(column.timer);
    column.timer = null;
    const snapshot = columnSnapshot(column.run);
    const appendedText = snapshot.text.slice(column.sentText);
    const appendedReasoning = snapshot.reasoning.slice(column.sentReasoning);
    column.sentText = snapshot.text.length;
    column.sentReasoning = snapshot.reasoning.length;
    this.handlers.onUpdate({ snapshot, appendedText, appendedReasoning });
  }
}
