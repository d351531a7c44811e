// Runs one prompt against several models at once and owns the authoritative state of every column.
// Updates are coalesced per column so four fast streams do not flood the webview with tiny messages.
import type { ModelInfo } from "../catalog/model-info";
import { splitModelId } from "../catalog/model-info";
import { estimateTokens } from "../providers/demo-answer";
import type { ChatProvider } from "../stream/events";
import { ColumnTracker, type ColumnSnapshot } from "./column-tracker";

export interface ColumnUpdate {
  snapshot: ColumnSnapshot;
  /** Text and reasoning appended since the previous update of this column. */
  appendedText: string;
  appendedReasoning: string;
}

export interface ComparisonDeps {
  findProvider(providerId: string): ChatProvider | undefined;
  findModel(modelId: string): ModelInfo | undefined;
  now?: () => number;
  /** How long to gather deltas before one update goes out; 0 sends each event. */
  flushIntervalMs?: number;
}

export interface ComparisonHandlers {
  onUpdate(update: ColumnUpdate): void;
  /** A column reached done, error or cancelled; called once per column. */
  onColumnFinished?(snapshot: ColumnSnapshot, costPicoUsd: bigint): void;
}

interface RunningColumn {
  tracker: ColumnTracker;
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
    modelIds.forEach((modelId, index) => {
      const pricing = deps.findModel(modelId)?.pricing ?? { input: 0, output: 0 };
      const tracker = new ColumnTracker(`c${index + 1}`, modelId, pricing, inputTokens, startedAt);
      this.columns.push({ tracker, controller: new AbortController(), sentText: 0, sentReasoning: 0, timer: null });
    });
    this.done = Promise.all(this.columns.map((column) => this.runColumn(column))).then(() => undefined);
  }

  snapshots(): ColumnSnapshot[] {
    return this.columns.map((column) => column.tracker.snapshot());
  }

  /** Estimated cost of the columns still streaming (finished ones are reported through onColumnFinished). */
  runningCostPico(): bigint {
    return this.columns.reduce(
      (sum, column) => (column.tracker.finished ? sum : sum + column.tracker.costPicoUsd()),
      0n,
    );
  }

  /** Stops one column, or every column when no id is given. */
  stop(columnId?: string): void {
    for (const column of this.columns) {
      if (columnId === undefined || column.tracker.columnId === columnId) column.controller.abort();
    }
  }

  private async runColumn(column: RunningColumn): Promise<void> {
    const { tracker } = column;
    try {
      const { provider: providerId, model } = splitModelId(tracker.modelId);
      const provider = this.deps.findProvider(providerId);
      if (!provider || !this.deps.findModel(tracker.modelId)) {
        tracker.apply(
          {
            type: "error",
            kind: "not-found",
            retryable: false,
            message: `Unknown model "${tracker.modelId}". Pick one from the model list.`,
          },
          this.now(),
        );
      } else {
        const request = { model, messages: [{ role: "user" as const, content: this.prompt }] };
        for await (const event of provider.stream(request, column.controller.signal)) {
          tracker.apply(event, this.now());
          if (tracker.finished) break;
          this.scheduleFlush(column);
        }
        tracker.endOfStream();
      }
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
    this.handlers.onColumnFinished?.(tracker.snapshot(), tracker.costPicoUsd());
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
