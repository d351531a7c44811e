// createRouter(): Switchboard in the user's own code. One router is the CLI's context (providers, catalog,
// budgets, team policy, ledger, telemetry) held in memory; every call is the one pipeline (runRequest),
// recorded in the same ledger, under the same machine-wide caps, as the CLI, the gateway and the extension.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { budgetGuard } from "../cli/chat-command";
import { contextFromConfig, findModel } from "../cli/cli-context";
import { cliTelemetryDeps, finishCliTelemetry } from "../cli/cli-telemetry";
import { ledgerPath } from "../cli/routing-flags";
import { splitModelId } from "../core/catalog/model-info";
import { parseConfig, type SwitchboardConfig } from "../core/config/switchboard-config";
import { needsKey } from "../core/providers/provider-definitions";
import { RouteExecutor } from "../core/routing/executor";
import { historyFromLedger } from "../core/routing/ledger-history";
import type { RoutingPreferences } from "../core/routing/routing-types";
import { parseTeamPolicy, type TeamPolicy } from "../core/routing/team-policy";
import { runRequest } from "../core/run/run-request";
import { picoToUsd } from "../core/spend/cost";
import { spendReport } from "../core/spend/spend-report";
import { SyncSpendRollup } from "../core/spend/spend-rollup-sync";
import type { ChatMessage, StreamEvent } from "../core/stream/events";
import { AllFallbacksFailedError, BudgetError, ConfigError, NoRouteError, PolicyError, ProviderError } from "./errors";
import { sharedLedgerWriter } from "./shared-ledger";
import type { ChatEvent, ChatOptions, ChatReply, ModelEntry, Router, RouterOptions, SpendGrouping } from "./types";

const STRATEGIES = ["cheapest", "fastest", "quality", "balanced"];
const GROUPINGS: readonly SpendGrouping[] = ["model", "provider", "project", "feature", "caller", "session", "day"];

/** A file path is read; an object is checked as the same JSON would be. */
function fileOrObject(value: string | object, what: string): { text: string; source: string } {
  if (typeof value !== "string") return { text: JSON.stringify(value), source: `the ${what} object` };
  try {
    return { text: readFileSync(value, "utf8"), source: value };
  } catch (error) {
    throw new ConfigError(`cannot read the ${what} file ${value} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function routingOf(options: ChatOptions): RoutingPreferences {
  if (options.model && options.strategy) throw new ConfigError("use either model (with fallback) or strategy with candidates, not both");
  if (!options.model && !options.strategy) throw new ConfigError('model is required, e.g. "demo/swift-mini" (or strategy with candidates)');
  if (options.strategy && !STRATEGIES.includes(options.strategy)) throw new ConfigError(`strategy must be one of ${STRATEGIES.join(", ")}`);
  if (options.strategy && !options.candidates?.length) throw new ConfigError("strategy needs candidates, e.g. candidates: [\"openai/gpt-5-mini\", \"anthropic/claude-haiku-4-5\"]");
  for (const [name, value] of [["maxPrice.input", options.maxPrice?.input], ["maxPrice.output", options.maxPrice?.output], ["maxCostUsd", options.maxCostUsd]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new ConfigError(`${name} is an amount in USD like 2.5, got ${value}`);
  }
  if (!Array.isArray(options.messages) || options.messages.length === 0) throw new ConfigError("messages is empty: give at least one { role: \"user\", content: \"…\" }");
  options.messages.forEach(checkMessage);
  return {
    model: options.model,
    fallbacks: options.fallback ?? [],
    strategy: options.strategy,
    candidates: options.candidates,
    dataPolicy: options.dataPolicy ?? "allow",
    maxPrice: { input: options.maxPrice?.input, output: options.maxPrice?.output },
    maxCostUsd: options.maxCostUsd,
  };
}

/** A message a JavaScript caller built by hand, checked before anything is sent. */
function checkMessage(message: unknown, index: number): void {
  const at = `messages[${index}]`;
  const m = message as { role?: unknown; content?: unknown; toolCallId?: unknown; toolCalls?: unknown };
  if (typeof m !== "object" || m === null) throw new ConfigError(`${at} must be an object like { role: "user", content: "…" }`);
  if (!["system", "user", "assistant", "tool"].includes(m.role as string)) throw new ConfigError(`${at}.role must be system, user, assistant or tool, got ${JSON.stringify(m.role)}`);
  const parts = Array.isArray(m.content) && m.role === "user" && m.content.every((part: { type?: unknown; text?: unknown; url?: unknown }) => (part?.type === "text" && typeof part.text === "string") || (part?.type === "image" && typeof part.url === "string"));
  if (typeof m.content !== "string" && !parts) throw new ConfigError(`${at}.content must be text${m.role === "user" ? ' or parts like { type: "text", text } and { type: "image", url }' : ""}`);
  if (m.role === "tool" && typeof m.toolCallId !== "string") throw new ConfigError(`${at}.toolCallId must name the tool call this result answers`);
  if (m.role === "assistant" && m.toolCalls !== undefined && !Array.isArray(m.toolCalls)) throw new ConfigError(`${at}.toolCalls must be an array of { id, name, arguments }`);
}

/** The `config` option, checked as `--config` is; no option: the built-in providers and catalog alone. */
function configOf(option: RouterOptions["config"]): SwitchboardConfig {
  if (option === undefined) return { providers: [], models: [] };
  const { text, source } = fileOrObject(option, "config");
  const parsed = parseConfig(text, source);
  if (!parsed.ok) throw new ConfigError(parsed.message);
  return parsed.config;
}

/** The `policy` option; fail closed, as the CLI does: an unreadable policy must not mean "no policy". */
function policyOf(option: RouterOptions["policy"]): TeamPolicy | undefined {
  if (option === undefined) return undefined;
  const { text, source } = fileOrObject(option, "policy");
  const parsed = parseTeamPolicy(text, source);
  if (!parsed.ok) throw new ConfigError(`refusing to send anything until the policy is fixed: ${parsed.message}`);
  return parsed.policy;
}

export function createRouter(options: RouterOptions = {}): Router {
  const env = options.env ?? process.env;
  const configSource = options.config === undefined ? undefined : typeof options.config === "string" ? options.config : "config object";
  const context = contextFromConfig(configOf(options.config), typeof options.config === "string" ? `${options.config} models` : "models", env);
  const policy = policyOf(options.policy);
  const ledgerFile = ledgerPath(options.ledger, env as NodeJS.ProcessEnv);
  const ledger = sharedLedgerWriter(ledgerFile);
  const defaultProject = options.project ?? basename(process.cwd());
  const defaultFeature = options.feature ?? "library";
  const executor = new RouteExecutor({ provider: (id) => context.registry.create(id), model: (id) => findModel(context, id) });
  const telemetry = cliTelemetryDeps({ env: env as NodeJS.ProcessEnv, stdout: process.stdout, stderr: process.stderr }, context.registry);
  const priceSource = `${context.catalog.priceSource()}${configSource ? ` + ${configSource}` : ""}`;

  async function run(chat: ChatOptions, onEvent?: (event: ChatEvent) => void): Promise<ChatReply> {
    const routing = routingOf(chat);
    const project = chat.project ?? defaultProject;
    const requestId = randomUUID();
    const outcome = await runRequest(
      {
        requestId,
        project,
        feature: chat.feature ?? defaultFeature,
        routing,
        messages: chat.messages as ChatMessage[],
        ...(chat.tools ? { tools: [...chat.tools] } : {}),
        ...(chat.toolChoice ? { toolChoice: chat.toolChoice } : {}),
        ...(chat.responseFormat ? { responseFormat: chat.responseFormat } : {}),
        maxOutputTokens: chat.maxOutputTokens,
        temperature: chat.temperature,
        firstByteTimeoutMs: chat.timeoutMs,
        signal: chat.signal ?? new AbortController().signal,
        onEvent: onEvent
          ? (event: StreamEvent) => {
              if (event.type === "text-delta" || event.type === "reasoning-delta") onEvent({ type: event.type, text: event.text });
              else if (event.type === "tool-call") onEvent({ type: "tool-call", id: event.id, name: event.name, arguments: event.arguments });
            }
          : undefined,
      },
      {
        planner: { teamPolicy: policy, findModel: (id) => findModel(context, id), findProvider: (id) => context.registry.get(id), ...historyFromLedger(ledgerFile) },
        executor,
        budget: budgetGuard(context, policy, ledgerFile, project),
        ledger,
        ...telemetry,
        priceSource,
      },
    );
    if (outcome.kind === "refused") {
      const { plan, error } = outcome;
      if (error.kind === "budget") throw new BudgetError(error.message);
      const excluded = plan.excluded.map((e) => ({ model: e.modelId, reason: e.reason }));
      // The team policy left nothing (or refused outright): a policy error; any other rule: no route.
      if (plan.excluded.length === 0 || plan.excluded.every((e) => e.rule.startsWith("team-policy"))) throw new PolicyError(error.message, excluded);
      throw new NoRouteError(error.message, excluded);
    }
    const { execution } = outcome;
    const attempts = execution.attempts.map((a) => ({ model: `${a.provider}/${a.model}`, outcome: a.outcome, status: a.status ?? null, reason: a.reason }));
    const final = execution.final;
    if (!final) {
      // Nothing was sent: every model lacked a key or its provider was cooling down after failures.
      const message = execution.skipped.map((s) => `${s.modelId}: ${s.reason}`).join("; ") || "no model could be tried";
      throw new NoRouteError(message, execution.skipped.map((s) => ({ model: s.modelId, reason: s.reason })));
    }
    if (final.outcome !== "ok") {
      const message = final.state.error?.message ?? final.outcome;
      if (attempts.length > 1) throw new AllFallbacksFailedError(`every model failed: ${attempts.map((a) => `${a.model} ${a.outcome}${a.status ? ` (HTTP ${a.status})` : ""}`).join(", ")}; last: ${message}`, final.outcome, attempts, final.state.text);
      throw new ProviderError(message, final.outcome, final.status ?? null, attempts, final.state.text);
    }
    const reported = final.state.usage;
    return {
      text: final.state.text,
      reasoning: final.state.reasoning,
      toolCalls: final.state.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })),
      usage: {
        inputTokens: reported?.inputTokens ?? 0,
        cachedInputTokens: reported?.cachedInputTokens ?? 0,
        outputTokens: reported?.outputTokens ?? 0,
        ...(reported?.reasoningTokens ? { reasoningTokens: reported.reasoningTokens } : {}),
        ...(reported?.cacheWriteInputTokens ? { cacheWriteInputTokens: reported.cacheWriteInputTokens } : {}),
      },
      costUsd: final.costSource === "unpriced" ? null : picoToUsd(outcome.costPicoUsd),
      costSource: final.costSource,
      model: `${final.provider}/${final.model}`,
      finishReason: final.state.finish?.reason,
      route: { reason: final.reason, attempts },
      requestId,
    };
  }

  return {
    chat: (chat) => run(chat),
    stream(chat) {
      // Leaving the loop early (break, return, throw) cancels the request, as aborting its signal would.
      const controller = new AbortController();
      if (chat.signal?.aborted) controller.abort(chat.signal.reason);
      chat.signal?.addEventListener("abort", () => controller.abort(chat.signal?.reason), { once: true });
      return streamOf((emit) => run({ ...chat, signal: controller.signal }, emit), () => controller.abort());
    },
    models(): ModelEntry[] {
      return context.catalog.list().map((model) => {
        const provider = context.registry.get(splitModelId(model.id).provider);
        const keyVariable = provider?.apiKeyEnv;
        return {
          id: model.id,
          displayName: model.displayName,
          contextWindow: model.contextWindow,
          maxOutputTokens: model.maxOutputTokens,
          pricing: { input: model.pricing.input, output: model.pricing.output, ...(model.pricing.cachedInput !== undefined ? { cachedInput: model.pricing.cachedInput } : {}), ...(model.pricing.asOf ? { asOf: model.pricing.asOf } : {}) },
          imageInput: model.imageInput,
          toolCalling: model.toolCalling,
          reasoning: model.reasoning,
          available: provider !== undefined && (!needsKey(provider) || Boolean(keyVariable && env[keyVariable]?.trim())),
        };
      });
    },
    spend(query = {}) {
      const by = query.by ?? "model";
      if (!GROUPINGS.includes(by)) throw new ConfigError(`by must be one of ${GROUPINGS.join(", ")}`);
      const since = query.since instanceof Date ? query.since.toISOString().slice(0, 10) : query.since;
      if (since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(since)) throw new ConfigError(`since is a day like 2026-12-01 or a Date, got "${since}"`);
      return spendReport(new SyncSpendRollup(ledgerFile).read().cells, by, since);
    },
    warnings: context.warnings,
    async close() {
      await finishCliTelemetry();
    },
  };
}

/** An async iterable of a call's events: each as it comes, then `done` with the reply, or the call's error. */
function streamOf(start: (emit: (event: ChatEvent) => void) => Promise<ChatReply>, cancel: () => void): AsyncIterable<ChatEvent> {
  return {
    [Symbol.asyncIterator]() {
      const queued: ChatEvent[] = [];
      let wake: (() => void) | undefined;
      let ended: { error: unknown } | undefined;
      const emit = (event: ChatEvent) => {
        queued.push(event);
        wake?.();
      };
      start(emit).then(
        (reply) => {
          emit({ type: "done", reply });
          ended = { error: undefined };
          wake?.();
        },
        (error: unknown) => {
          ended = { error: error ?? new Error("the request failed") };
          wake?.();
        },
      );
      return {
        async next(): Promise<IteratorResult<ChatEvent>> {
          while (queued.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
          const event = queued.shift();
          if (event) return { value: event, done: false };
          if (ended?.error) throw ended.error;
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<ChatEvent>> {
          if (!ended) cancel();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
