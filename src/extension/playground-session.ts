// Host-side owner of the playground: the running comparison, session spend, and what the webview is told.
// The panel can come and go (hidden, reloaded) while streams keep running; it is replayed on "ready".
import { randomUUID } from "node:crypto";
import { splitModelId } from "../core/catalog/model-info";
import { priceAgeDays, STALE_PRICE_DAYS } from "../core/catalog/price-age";
import { Comparison } from "../core/compare/comparison";
import { picoToUsd } from "../core/spend/cost";
import { VOTE_FEATURE } from "../core/spend/ledger-record";
import type { ChatMessage, ContentPart, ResponseFormat, ToolDefinition } from "../core/stream/events";
import type { JsonAnswerCheck } from "../core/eval/json-answer";
import type { CodeAttachment, ColumnState, ColumnTurn, HostMessage, JsonCheck, ModelOption, WebviewMessage } from "../protocol";
import { assistantTurn, messagesOf, turnOf } from "./playground-thread";
import type { SwitchboardServices } from "./switchboard-services";

export interface RunOptions {
  system?: string;
  params?: Array<{ temperature?: number; maxOutputTokens?: number }>;
  followUp?: boolean;
  /** The prompt template a comparison on selection used; blind votes are counted per template. */
  template?: string;
  /** Images attached to the prompt, as data URLs. */
  images?: string[];
  tools?: ToolDefinition[];
  responseFormat?: ResponseFormat;
}

interface Conversation {
  models: string[];
  /** Per column: the messages of the turns before the one on show. */
  histories: ChatMessage[][];
  /** Per column: the turn on show so far (its prompt, then any tool calls with the user's results). */
  steps: ChatMessage[][];
  /** Per column: the answer that ends the turn on show, once it is done (replaced by a retry). */
  answers: Array<ChatMessage | undefined>;
  /** Per column: what the turn on show asked, when it is not the shared prompt (tool results). */
  stepPrompts: Array<string | undefined>;
  /** Per column: the earlier turns as the user reads them. */
  threads: ColumnTurn[][];
  turn: number;
  /** Images the current turn's prompt carried. */
  images: number;
}

export interface VoteStore {
  get(): Record<string, Record<string, number>>;
  set(value: Record<string, Record<string, number>>): Thenable<void>;
}

export interface PlaygroundSessionDeps {
  services: SwitchboardServices;
  votes?: VoteStore;
  onSpendChanged(sessionUsd: number): void;
  /** Judges a JSON answer (ajv, loaded on first use with the eval bundle). */
  checkJson?(text: string, format: ResponseFormat): { check: JsonAnswerCheck; summary: string };
  /** What the webview's buttons and links ask the editor to do. */
  actions?: {
    code(action: "copy" | "insert" | "apply", code: string): Thenable<unknown>;
    openLink(href: string): Thenable<unknown>;
    fixError(action: "set-key" | "open-budget" | "pick-model" | "open-provider-settings", modelId: string): Thenable<unknown>;
  };
}

export class PlaygroundSession {
  private comparison: Comparison | undefined;
  private post: ((message: HostMessage) => void) | undefined;
  /** The models the playground's pickers show (undefined until it has said). */
  chosenModels: string[] | undefined;
  /** Comparisons started in this session. */
  runs = 0;
  private conversation: Conversation | undefined;
  private template = "playground";
  /** The JSON output the current comparison asked for, and the finished answers judged against it. */
  private responseFormat: ResponseFormat | undefined;
  private readonly jsonChecks = new Map<string, JsonCheck>();
  /** A finished turn handed back by the webview after a reload, shown until the next run. */
  private restored: ColumnState[] | undefined;

  constructor(private readonly deps: PlaygroundSessionDeps) {}

  /** The panel that currently shows the session, or undefined when it closed. Every message passes the key guard. */
  attach(post: ((message: HostMessage) => void) | undefined): void {
    // A closed playground has no columns to follow: Compare on Selection goes back to the default models.
    if (!post) this.chosenModels = undefined;
    this.post = post && ((message) => post(this.deps.services.redactForWebview(message)));
  }

  modelOptions(): ModelOption[] {
    const { services } = this.deps;
    const { catalog, registry } = services;
    // Hidden demo models stay listed while a column shows one, so it keeps its name.
    const inUse = new Set(this.conversation?.models ?? []);
    const showDemo = services.demoVisible();
    return catalog.list().filter((model) => showDemo || !model.simulated || inUse.has(model.id)).map((model) => {
      const provider = registry.get(splitModelId(model.id).provider);
      const policy = provider?.dataPolicy;
      return {
        id: model.id,
        displayName: model.displayName,
        simulated: model.simulated,
        inputPrice: model.pricing.input,
        outputPrice: model.pricing.output,
        contextWindow: model.contextWindow,
        ...(model.pricing.asOf && !model.simulated ? { pricesAsOf: model.pricing.asOf, pricesStale: (priceAgeDays(model, new Date()) ?? 0) > STALE_PRICE_DAYS } : {}),
        local: provider?.local === true && provider.kind !== "demo",
        imageInput: model.imageInput,
        toolCalling: model.toolCalling,
        ...(provider && services.keyMissing(provider) ? { keyMissing: true } : {}),
        dataPolicy: !policy ? "unknown" : policy.trainsOnData ? "trains" : policy.retainsData ? "no-training" : "zero-retention",
      };
    });
  }

  /** The whole comparison: on start, on a retry, and whenever the view (re)connects. */
  private postColumns(): void {
    this.post?.({ type: "columns", columns: this.columns(), sessionCostUsd: this.sessionCostUsd(), comparison: this.runs, prompt: this.comparison?.prompt ?? this.restored?.[0]?.prompt });
  }

  /** The models the picker offers changed (a key, a setting, an import): tell the open webview. */
  refreshModels(): void {
    this.post?.({
      type: "init",
      models: this.modelOptions(),
      defaultModels: this.deps.services.settings.defaultModels,
      // Sent prompts show above the columns ("Asked"), not back in the prompt box.
      prompt: "",
      demoHidden: !this.deps.services.demoVisible(),
    });
  }

  /** The webview (re)loaded: tell it the models and replay the current comparison. */
  handleReady(): void {
    // Deltas still queued would repeat text the replay below already contains.
    this.comparison?.flushAll();
    this.refreshModels();
    this.postColumns();
    this.post?.({ type: "attachment", attachment: this.attachment });
  }

  /** Starts a comparison (or a follow-up turn of the current one), stopping what still runs. */
  run(prompt: string, modelIds: readonly string[], feature: "playground" | "compare-selection" = "playground", options: RunOptions = {}): Comparison {
    this.comparison?.stop();
    this.runs += 1;
    if (options.template) this.template = options.template;
    else if (!options.followUp && feature === "playground") this.template = "playground";
    const continuing = options.followUp && this.conversation && this.conversation.models.join() === modelIds.join();
    // The turn on show ends here: it joins each column's thread.
    const previous = continuing ? this.columns() : [];
    const images = options.images?.length ?? 0;
    const userContent: string | ContentPart[] = options.images?.length ? [{ type: "text", text: prompt }, ...options.images.map((url): ContentPart => ({ type: "image", url }))] : prompt;
    const before = this.conversation;
    const conversation: Conversation = {
      models: [...modelIds],
      // A column's answered turn joins its history; one that failed was never part of the conversation.
      histories: modelIds.map((_, i) => (continuing && before ? (before.answers[i] ? [...before.histories[i]!, ...before.steps[i]!, before.answers[i]!] : before.histories[i]!) : [])),
      steps: modelIds.map(() => [{ role: "user", content: userContent }]),
      answers: modelIds.map(() => undefined),
      stepPrompts: modelIds.map(() => undefined),
      threads: continuing && before ? before.threads.map((thread, i) => (previous[i] ? [...thread, turnOf(previous[i]!)] : thread)) : modelIds.map(() => []),
      turn: continuing && before ? before.turn + 1 : 1,
      images,
    };
    this.conversation = conversation;
    this.restored = undefined;
    this.responseFormat = options.responseFormat;
    this.jsonChecks.clear();
    const { services } = this.deps;
    const comparison = new Comparison(
      prompt,
      // Each column falls back along the routing fallbacks setting when its own model cannot answer.
      modelIds.map((modelId) => ({ modelId, fallbacks: services.settings.fallbacks })),
      {
        pipeline: () => services.pipeline(),
        project: services.project,
        feature,
        routing: services.preferences(),
        storeText: services.settings.storePrompts,
        requestFor: (index) => ({
          messages: [
            ...(options.system ? [{ role: "system" as const, content: options.system }] : []),
            ...(conversation.histories[index] ?? []),
            ...(conversation.steps[index] ?? []),
          ],
          temperature: options.params?.[index]?.temperature,
          maxOutputTokens: options.params?.[index]?.maxOutputTokens,
          firstByteTimeoutMs: services.settings.timeoutMs,
          ...(options.tools?.length ? { tools: options.tools } : {}),
          ...(options.responseFormat ? { responseFormat: options.responseFormat } : {}),
        }),
      },
      {
        onReset: (reset) => {
          this.jsonChecks.delete(reset.columnId);
          if (comparison === this.comparison) this.postColumns();
        },
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
            answeredBy: snapshot.answeredBy,
            route: snapshot.route,
            toolCalls: snapshot.toolCalls,
            ...(snapshot.stoppedAtTokenLimit ? { stoppedAtTokenLimit: true } : {}),
            sessionCostUsd: this.sessionCostUsd(),
          });
        },
        onColumnFinished: (snapshot) => {
          // The pipeline has recorded the column, settled it and added it to the session's spend.
          // A retry replaces the answer instead of adding a second one.
          const index = Number(snapshot.columnId.slice(1)) - 1;
          conversation.answers[index] = snapshot.status === "done" ? assistantTurn(snapshot.text, snapshot.toolCalls) : undefined;
          if (snapshot.status === "done" && comparison === this.comparison) this.judgeJson(snapshot.columnId, snapshot.text, snapshot.toolCalls.length > 0);
          this.deps.onSpendChanged(this.sessionCostUsd());
        },
      },
    );
    this.comparison = comparison;
    this.postColumns();
    return comparison;
  }

  /** With JSON output on, says whether a finished answer is JSON (a tool-call-only answer has no text to judge). */
  private judgeJson(columnId: string, text: string, calledTools: boolean): void {
    if (!this.responseFormat || !this.deps.checkJson || (text === "" && calledTools)) return;
    const { check, summary } = this.deps.checkJson(text, this.responseFormat);
    const judged: JsonCheck = { parses: check.parses, ok: check.parses && check.matchesSchema !== false && !check.schemaError, summary, ...(check.pretty !== undefined ? { pretty: check.pretty } : {}) };
    this.jsonChecks.set(columnId, judged);
    this.post?.({ type: "column-json", columnId, check: judged });
  }

  /** A problem with what the webview asked, shown above the columns. */
  showError(message: string): void {
    this.post?.({ type: "error", message });
  }

  /**
   * The user answered a column's tool calls: the finished step joins the column's thread and the column
   * goes on with the calls and their results, as a model that runs tools would see them.
   */
  answerTools(columnId: string, results: ReadonlyArray<{ callId: string; content: string }>): string | undefined {
    const conversation = this.conversation;
    const columns = this.columns();
    const index = columns.findIndex((column) => column.columnId === columnId);
    const column = columns[index];
    if (!this.comparison || !conversation || !column || column.status !== "done" || !column.toolCalls?.length) return "There are no finished tool calls in this column to answer.";
    const answered = new Map(results.map((result) => [result.callId, result.content]));
    const missing = column.toolCalls.filter((call) => !answered.has(call.id));
    if (missing.length > 0) return `Give a result for every tool call (missing: ${missing.map((call) => call.name).join(", ")}).`;
    conversation.threads[index] = [...conversation.threads[index]!, turnOf(column)];
    conversation.steps[index] = [
      ...conversation.steps[index]!,
      { role: "assistant", content: column.text, toolCalls: column.toolCalls },
      ...column.toolCalls.map((call): ChatMessage => ({ role: "tool", toolCallId: call.id, content: answered.get(call.id)! })),
    ];
    conversation.answers[index] = undefined;
    conversation.stepPrompts[index] = `Tool results: ${column.toolCalls.map((call) => `${call.name} → ${answered.get(call.id)!.split("\n")[0]}`).join("; ")}`;
    this.jsonChecks.delete(columnId);
    this.comparison.retry(columnId, { continuation: true });
    return undefined;
  }

  stop(columnId?: string): void {
    this.comparison?.stop(columnId);
  }

  retry(columnId: string): void {
    this.comparison?.retry(columnId);
  }

  /** Stops everything and empties the columns (the spend so far stays counted). */
  clear(): void {
    this.comparison?.stop();
    this.comparison = undefined;
    this.conversation = undefined;
    this.restored = undefined;
    this.attachment = null;
    this.post?.({ type: "attachment", attachment: null });
    this.post?.({ type: "columns", columns: [], sessionCostUsd: this.sessionCostUsd(), comparison: this.runs });
  }

  get actions() {
    return this.deps.actions;
  }

  /** The code a comparison on selection started from (shown as a chip), or null. */
  attachment: CodeAttachment | null = null;

  setAttachment(attachment: CodeAttachment | null): void {
    this.attachment = attachment;
    this.post?.({ type: "attachment", attachment });
  }

  columns(): ColumnState[] {
    if (!this.comparison && this.restored) return this.restored;
    const conversation = this.conversation;
    const json = this.responseFormat !== undefined;
    const prompt = this.comparison?.prompt;
    return (this.comparison?.snapshots() ?? []).map((snapshot, index) => {
      const jsonCheck = this.jsonChecks.get(snapshot.columnId);
      const history = conversation?.threads[index] ?? [];
      // A column that went on with tool results asked that, not the shared prompt.
      const stepPrompt = conversation?.stepPrompts[index] ?? prompt;
      return {
        ...snapshot,
        turn: conversation?.turn,
        ...(stepPrompt !== undefined ? { prompt: stepPrompt } : {}),
        ...(conversation?.images ? { images: conversation.images } : {}),
        ...(history.length > 0 ? { history } : {}),
        ...(json ? { jsonOutput: true } : {}),
        ...(jsonCheck ? { jsonCheck } : {}),
      };
    });
  }

  /**
   * The webview kept a finished conversation across a restart of the extension host: show it again and
   * let a follow-up continue it. Ignored while this session has a comparison of its own.
   */
  restore(message: Extract<WebviewMessage, { type: "restore" }>): void {
    if (this.comparison || this.restored) return;
    const ended = (status: ColumnState["status"]) => (status === "waiting" || status === "streaming" || status === "idle" ? "cancelled" : status);
    const columns: ColumnState[] = message.columns.map((column) => ({ ...column, status: ended(column.status), restored: true }));
    const threads = columns.map((column) => column.history ?? []);
    this.restored = columns;
    this.conversation = {
      models: columns.map((column) => column.modelId),
      threads,
      histories: columns.map((column, i) => messagesOf([...threads[i]!, turnOf(column)])),
      steps: columns.map(() => []),
      answers: columns.map(() => undefined),
      stepPrompts: columns.map(() => undefined),
      turn: columns[0]?.turn ?? threads[0]!.length + 1,
      images: 0,
    };
    // Numbering goes on from the webview's, so it does not take the restored turn for a new comparison.
    this.runs = Math.max(this.runs, message.comparison);
    this.postColumns();
  }

  /** Blind mode: records the winner (no prompt text), counts it for this template, and sends the board. */
  async vote(columnId: string): Promise<void> {
    const columns = this.columns();
    const winner = columns.find((column) => column.columnId === columnId);
    if (winner?.status !== "done") return;
    const { services } = this.deps;
    const { provider, model } = splitModelId(winner.modelId);
    await services.ledger.append({
      time: new Date().toISOString(),
      requestId: randomUUID(),
      attempt: 1,
      project: services.project,
      feature: VOTE_FEATURE,
      provider,
      model,
      routingReason: `blind vote (${this.template}) among ${columns.map((c) => c.modelId).join(", ")}`,
      outcome: "ok",
      status: null,
      inputTokens: 0,
      outputTokens: 0,
      cachedInputTokens: 0,
      costUsd: 0,
      priceSource: services.priceSource(),
      ttftMs: null,
      durationMs: 0,
    });
    const all = this.deps.votes?.get() ?? {};
    const wins = { ...(all[this.template] ?? {}) };
    wins[winner.modelId] = (wins[winner.modelId] ?? 0) + 1;
    await this.deps.votes?.set({ ...all, [this.template]: wins });
    this.post?.({ type: "leaderboard", template: this.template, wins });
  }

  /**
   * This VS Code session's spend by every face (playground, Ask with Routing, the gateway), plus the
   * running columns' estimate so the counter moves while they stream.
   */
  sessionCostUsd(): number {
    const running = this.comparison?.runningCostPico() ?? 0n;
    return picoToUsd(this.deps.services.sessionSpentPico + running);
  }

  dispose(): void {
    this.comparison?.stop();
  }
}
