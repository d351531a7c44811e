// Runs one prompt against several models at once and owns the authoritative state of every column.
// Updates are coalesced per column so four fast streams do not flood the webview with tiny messages.
import type { ModelInfo } from "../catalog/model-info";
import { splitModelId } from "../catalog/model-info";
import { estimateTokens } from "../providers/demo-answer";
import type { ChatProvider, ChatRequest, ErrorKind } from "../stream/events";
import { ColumnTracker, type ColumnSnapshot } from "./column-tracker";

export interface ColumnUpdate {
  snapshot: ColumnSnapshot;
  /** Text and reasoning appended since the previous update of this column. */
  appendedText: string;
  appendedReasoning: string;
}

export type ResolvedModel =
  | { ok: true; provider: ChatProvider; model: ModelInfo }
  | { ok: false; kind: ErrorKind | "policy" | "budget"; message: string };

export interface ComparisonDeps {
  /** The adapter and catalog entry for a column's model, or why it cannot run (no key, policy, budget). */
  resolve(modelId: string): ResolvedModel;
  /** The request for column `index` (its conversation and parameters); default: the prompt alone. */
  requestFor?(index: number): Omit<ChatRequest, "model">;
  now?: () => number;
  /** How long to gather deltas before one update goes out; 0 sends each event. */
  flushIntervalMs?: number;
}

export interface ComparisonHandlers {
  onUpdate(update: ColumnUpdate): void;
  /** A column restarted (retry): its text starts over. */
  onReset?(snapshot: ColumnSnapshot): void;
  /** A column reached done, error or cancelled; called once per column (not for columns that never ran). */
  onColumnFinished?(snapshot: ColumnSnapshot, costPicoUsd: bigint, ran: boolean): void;
}

interface RunningColumn {
  tracker: ColumnTracker;
  resolved: ResolvedModel;
  controller: AbortController;
  sentText: number;
  sentReasoning: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export class Comparison {
  private readonly columns: RunningColumn[] = [];
  private readonly now: () => number;
  private readonly flushIntervalMs: number;
  readonly done: Promise<void>;

  constructor(
    readonly prompt: string,
    modelIds: readonly string[],
    private readonly deps: ComparisonDeps,
    private readonly handlers: ComparisonHandlers,
  ) {
    this.now = deps.now ?? Date.now;
    this.flushIntervalMs = deps.flushIntervalMs ?? 33;
    const startedAt = this.now();
    const inputTokens = estimateTokens(prompt) + 4;
    const resolved = modelIds.map((modelId) => deps.resolve(modelId));
    modelIds.forEach((modelId, index) => {
      const found = resolved[index]!;
      const pricing = found.ok ? found.model.pricing : { input: 0, output: 0 };
      const tracker = new ColumnTracker(`c${index + 1}`, modelId, pricing, inputTokens, startedAt);
      this.columns.push({ tracker, resolved: found, controller: new AbortController(), sentText: 0, sentReasoning: 0, timer: null });
    });
    this.done = Promise.all(this.columns.map((column) => this.runColumn(column))).then(() => undefined);
  }

  snapshots(): ColumnSnapshot[] {
    return this.columns.map((column) => column.tracker.snapshot());
  }

  /**
   * Sends every pending delta now. Call before replaying snapshots to a view that reconnects: a replay
   * holds all text so far, so nothing may stay queued to be appended a second time.
   */
  flushAll(): void {
    for (const column of this.columns) this.flush(column);
  }

  /** Estimated cost of the columns still streaming (finished ones are reported through onColumnFinished). */
  runningCostPico(): bigint {
    return this.columns.reduce(
      (sum, column) => (column.tracker.finished ? sum : sum + column.tracker.costPicoUsd()),
      0n,
    );
  }

  /** Runs one column again from the start (after an error, a stop, or to sample another answer). */
  retry(columnId: string): void {
    const index = this.columns.findIndex((column) => column.tracker.columnId === columnId);
    const old = this.columns[index];
    if (!old?.tracker.finished) return;
    // Resolved again: a key set or a policy changed since the first run counts now.
    const resolved = this.deps.resolve(old.tracker.modelId);
    const pricing = resolved.ok ? resolved.model.pricing : { input: 0, output: 0 };
    const tracker = new ColumnTracker(columnId, old.tracker.modelId, pricing, estimateTokens(this.prompt) + 4, this.now());
    const column: RunningColumn = { tracker, resolved, controller: new AbortController(), sentText: 0, sentReasoning: 0, timer: null };
    this.columns[index] = column;
    // The webview replaces the column's text: tell it with a full update first.
    this.handlers.onReset?.(tracker.snapshot());
    void this.runColumn(column);
  }

  /** Stops one column, or every column when no id is given. */
  stop(columnId?: string): void {
    for (const column of this.columns) {
      if (columnId === undefined || column.tracker.columnId === columnId) column.controller.abort();
    }
  }

  private async runColumn(column: RunningColumn): Promise<void> {
    const { tracker, resolved } = column;
    if (!resolved.ok) {
      // Shown in its column, never blank; it cost nothing and no request was sent.
      tracker.apply({ type: "error", kind: resolved.kind === "policy" || resolved.kind === "budget" ? "bad-request" : resolved.kind, retryable: false, message: resolved.message }, this.now());
      tracker.labelError(resolved.kind);
      this.handlers.onColumnFinished?.(tracker.snapshot(), 0n, false);
      this.flush(column);
      return;
    }
    try {
      const { model } = splitModelId(tracker.modelId);
      const index = this.columns.indexOf(column);
      const base = this.deps.requestFor?.(index) ?? { messages: [{ role: "user" as const, content: this.prompt }] };
      const request = { ...base, model };
      for await (const event of resolved.provider.stream(request, column.controller.signal)) {
        tracker.apply(event, this.now());
        if (tracker.finished) break;
        this.scheduleFlush(column);
      }
      tracker.endOfStream();
    } catch (error) {
      const cancelled = column.controller.signal.aborted;
      tracker.apply(
        {
          type: "error",
          kind: cancelled ? "cancelled" : "bad-response",
          retryable: false,
          message: cancelled ? "Cancelled." : String(error instanceof Error ? error.message : error),
        },
        this.now(),
      );
    }
    // Book the cost before the last update goes out, so the session total never dips.
    this.handlers.onColumnFinished?.(tracker.snapshot(), tracker.costPicoUsd(), true);
    this.flush(column);
  }

  private scheduleFlush(column: RunningColumn): void {
    if (this.flushIntervalMs <= 0) {
      this.flush(column);
      return;
    }
    column.timer ??= setTimeout(() => this.flush(column), this.flushIntervalMs);
  }

  private flush(column: RunningColumn): void {
    if (column.timer) clearTimeout(column.timer);
    column.timer = null;
    const snapshot = column.tracker.snapshot();
    const appendedText = snapshot.text.slice(column.sentText);
    const appendedReasoning = snapshot.reasoning.slice(column.sentReasoning);
    column.sentText = snapshot.text.length;
    column.sentReasoning = snapshot.reasoning.length;
    this.handlers.onUpdate({ snapshot, appendedText, appendedReasoning });
  }
}
