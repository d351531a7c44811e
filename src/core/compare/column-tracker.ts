// Folds one model's stream events into what its playground column shows: text, counters, cost, status.
import type { Pricing } from "../catalog/model-info";
import { estimateTokens } from "../providers/demo-answer";
import { costPicoUsd, picoToUsd } from "../spend/cost";
import type { StreamEvent, Usage } from "../stream/events";

export type ColumnStatus = "idle" | "waiting" | "streaming" | "done" | "error" | "cancelled";

export interface ColumnStats {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costUsd: number;
  exact: boolean;
  ttftMs: number | null;
  tokensPerSecond: number | null;
}

export interface ColumnSnapshot {
  columnId: string;
  modelId: string;
  status: ColumnStatus;
  text: string;
  reasoning: string;
  stats: ColumnStats;
  error: { kind: string; message: string } | null;
  /** HTTP status of the provider's answer when it failed with one. */
  httpStatus: number | null;
  /** From the start of the comparison to the column's end (or now while it runs). */
  durationMs: number;
}

export class ColumnTracker {
  private status: ColumnStatus = "waiting";
  private text = "";
  private reasoning = "";
  private reportedUsage: Usage | null = null;
  private firstTokenAt: number | null = null;
  private lastTokenAt: number | null = null;
  private error: ColumnSnapshot["error"] = null;
  private httpStatus: number | null = null;
  private endedAt: number | null = null;

  constructor(
    readonly columnId: string,
    readonly modelId: string,
    private readonly pricing: Pricing,
    private readonly estimatedInputTokens: number,
    private readonly startedAt: number,
  ) {}

  get finished(): boolean {
    return this.status === "done" || this.status === "error" || this.status === "cancelled";
  }

  apply(event: StreamEvent, now: number): void {
    switch (event.type) {
      case "text-delta":
      case "reasoning-delta":
        this.firstTokenAt ??= now;
        this.lastTokenAt = now;
        this.status = "streaming";
        if (event.type === "text-delta") this.text += event.text;
        else this.reasoning += event.text;
        break;
      case "usage":
        this.reportedUsage = event.usage;
        break;
      case "finish":
        this.status = "done";
        this.endedAt = now;
        break;
      case "error":
        this.status = event.kind === "cancelled" ? "cancelled" : "error";
        this.error = event.kind === "cancelled" ? null : { kind: event.kind, message: event.message };
        this.httpStatus = event.status ?? null;
        this.endedAt = now;
        break;
    }
  }

  /** Shows a refusal before sending (policy, budget) under its own kind. */
  labelError(kind: string): void {
    if (this.error) this.error = { ...this.error, kind };
  }

  /** Marks a stream that ended without a finish or error event (the provider hung up early). */
  endOfStream(): void {
    if (this.finished) return;
    this.status = "error";
    this.error = { kind: "bad-response", message: "The stream ended before the model finished its answer." };
  }

  private usage(): Usage {
    if (this.reportedUsage) return this.reportedUsage;
    const streamed = this.text + this.reasoning;
    return {
      inputTokens: this.estimatedInputTokens,
      cachedInputTokens: 0,
      outputTokens: streamed === "" ? 0 : estimateTokens(streamed),
    };
  }

  /** Cost so far in exact pico-USD: estimated while streaming, exact once usage is reported. */
  costPicoUsd(): bigint {
    return costPicoUsd(this.usage(), this.pricing);
  }

  snapshot(): ColumnSnapshot {
    const usage = this.usage();
    const streamingMs =
      this.firstTokenAt !== null && this.lastTokenAt !== null ? this.lastTokenAt - this.firstTokenAt : 0;
    return {
      columnId: this.columnId,
      modelId: this.modelId,
      status: this.status,
      text: this.text,
      reasoning: this.reasoning,
      error: this.error,
      httpStatus: this.httpStatus,
      durationMs: (this.endedAt ?? this.lastTokenAt ?? this.startedAt) - this.startedAt,
      stats: {
        ...usage,
        costUsd: picoToUsd(costPicoUsd(usage, this.pricing)),
        exact: this.reportedUsage !== null,
        ttftMs: this.firstTokenAt === null ? null : this.firstTokenAt - this.startedAt,
        tokensPerSecond: streamingMs > 0 ? (usage.outputTokens / streamingMs) * 1000 : null,
      },
    };
  }
}
