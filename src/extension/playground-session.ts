// Host-side owner of the playground: the running comparison, session spend, and what the webview is told.
// It knows nothing of VS Code, so the panel can come and go (hidden, reloaded) while streams keep running.
import type { ModelCatalog } from "../core/catalog/catalog";
import { Comparison } from "../core/compare/comparison";
import type { ChatProvider } from "../core/stream/events";
import { picoToUsd } from "../core/spend/cost";
import type { ColumnState, HostMessage, ModelOption } from "../protocol";

export interface PlaygroundSessionDeps {
  catalog: ModelCatalog;
  findProvider(providerId: string): ChatProvider | undefined;
  defaultModels(): string[];
  onSpendChanged(sessionUsd: number): void;
}

export class PlaygroundSession {
  private comparison: Comparison | undefined;
  private finishedPico = 0n;
  private draftPrompt = "";
  private post: ((message: HostMessage) => void) | undefined;

  constructor(private readonly deps: PlaygroundSessionDeps) {}

  /** The panel that currently shows the session, or undefined when it closed. */
  attach(post: ((message: HostMessage) => void) | undefined): void {
    this.post = post;
  }

  /** The webview (re)loaded: tell it the models and replay the current comparison. */
  handleReady(): void {
    const models: ModelOption[] = this.deps.catalog.list().map((model) => ({
      id: model.id,
      displayName: model.displayName,
      simulated: model.simulated,
      inputPrice: model.pricing.input,
      outputPrice: model.pricing.output,
      contextWindow: model.contextWindow,
    }));
    this.post?.({ type: "init", models, defaultModels: this.deps.defaultModels(), prompt: this.draftPrompt });
    this.post?.({ type: "columns", columns: this.columns(), sessionCostUsd: this.sessionCostUsd() });
  }

  /** Starts a comparison, stopping the previous one (its spend so far is kept). */
  run(prompt: string, modelIds: readonly string[]): Comparison {
    this.comparison?.stop();
    this.draftPrompt = prompt;
    const comparison = new Comparison(
      prompt,
      modelIds,
      { findProvider: this.deps.findProvider, findModel: (id) => this.deps.catalog.find(id) },
      {
        onUpdate: ({ snapshot, appendedText, appendedReasoning }) => {
          if (comparison !== this.comparison) return;
          this.deps.onSpendChanged(this.sessionCostUsd());
          this.post?.({
            type: "column-delta",
            columnId: snapshot.columnId,
            text: appendedText,
            reasoning: appendedReasoning,
            status: snapshot.status,
            stats: snapshot.stats,
            error: snapshot.error,
            sessionCostUsd: this.sessionCostUsd(),
          });
        },
        onColumnFinished: (_snapshot, costPico) => {
          this.finishedPico += costPico;
          this.deps.onSpendChanged(this.sessionCostUsd());
        },
      },
    );
    this.comparison = comparison;
    this.post?.({ type: "columns", columns: this.columns(), sessionCostUsd: this.sessionCostUsd() });
    return comparison;
  }

  stop(columnId?: string): void {
    this.comparison?.stop(columnId);
  }

  columns(): ColumnState[] {
    return this.comparison?.snapshots() ?? [];
  }

  /** Finished columns exactly, plus the running ones' estimate so the counter moves while they stream. */
  sessionCostUsd(): number {
    const running = (this.comparison?.runningCostPico() ?? 0n);
    return picoToUsd(this.finishedPico + running);
  }

  dispose(): void {
    this.comparison?.stop();
  }
}
