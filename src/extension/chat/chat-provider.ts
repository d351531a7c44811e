// Switchboard as a Language Model Chat Provider: its models in VS Code's chat and for every extension that
// calls `vscode.lm`. A chat turn is one pipeline run like any other face's: routed, failed over, checked
// against the team and data policies, held to budgets, and recorded in the ledger (feature vscode-chat).
import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import type { ModelInfo } from "../../core/catalog/model-info";
import { standingExclusion } from "../../core/routing/planner";
import { AUTO_MODEL_ID, type RoutingPreferences } from "../../core/routing/routing-types";
import { runFailure } from "../../core/run/run-failure";
import { type RunOutcome, runRequest } from "../../core/run/run-request";
import { countMessageTokens, countTextTokens, tokenCounterFor } from "../../core/spend/estimate";
import type { StreamEvent } from "../../core/stream/events";
import type { SwitchboardServices } from "../switchboard-services";
import { type SortedMessage, type SortedPart, toChatMessages, toToolChoice, toToolDefinitions, toolInput } from "./chat-messages";
import { chatModelInformation } from "./chat-models";

export const CHAT_FEATURE = "vscode-chat";
/** Gemini's thought signatures of recent calls, kept until the call comes back (VS Code's parts have no room). */
const MAX_SIGNATURES = 500;

function sortPart(part: unknown): SortedPart {
  if (part instanceof vscode.LanguageModelTextPart) return { kind: "text", text: part.value };
  if (part instanceof vscode.LanguageModelDataPart) return { kind: "data", mimeType: part.mimeType, data: part.data };
  if (part instanceof vscode.LanguageModelToolCallPart) return { kind: "tool-call", callId: part.callId, name: part.name, input: part.input };
  if (part instanceof vscode.LanguageModelToolResultPart) return { kind: "tool-result", callId: part.callId, content: part.content.map(sortPart) };
  return { kind: "other" };
}

function sortMessage(message: vscode.LanguageModelChatRequestMessage): SortedMessage {
  // System (3) is not in the stable typings yet, but VS Code's chat sends it.
  const role = message.role === vscode.LanguageModelChatMessageRole.Assistant ? "assistant" : (message.role as number) === 3 ? "system" : "user";
  return { role, parts: message.content.map(sortPart) };
}

export class SwitchboardChatProvider {
  private readonly signatures = new Map<string, string>();
  private keyOffered = false;

  constructor(
    private readonly services: SwitchboardServices,
    /** Stored keys and the team policy: requests wait for them; the model list does not. */
    private readonly ready: Promise<unknown>,
  ) {}

  /** Models the user can call now (a key, a local server, or the demo while shown) that no standing rule forbids. */
  offeredModels(): ModelInfo[] {
    const { services } = this;
    const planner = services.pipeline().planner;
    const callable = services.registry.callable(services.catalog.list().filter((model) => !model.simulated || services.demoVisible()));
    return callable.filter((model) => !standingExclusion({ ...planner, preferences: services.preferences() }, model.id));
  }

  /** Auto's candidates: the routing candidates (or the default models) that are offered, else every offered model. */
  private autoCandidates(offered: readonly ModelInfo[]): ModelInfo[] {
    const { settings } = this.services;
    const configured = settings.candidates.length > 0 ? settings.candidates : settings.defaultModels;
    const chosen = offered.filter((model) => configured.includes(model.id));
    return chosen.length > 0 ? chosen : [...offered];
  }

  provideLanguageModelChatInformation(options: vscode.PrepareLanguageModelChatModelOptions): vscode.LanguageModelChatInformation[] {
    if (!options.silent && this.services.keyCount() === 0) this.offerKeySetup();
    const offered = this.offeredModels();
    return chatModelInformation(offered, { strategy: this.services.settings.strategy, candidates: this.autoCandidates(offered) });
  }

  private offerKeySetup(): void {
    if (this.keyOffered) return;
    this.keyOffered = true;
    void vscode.window
      .showInformationMessage("Switchboard offers only its simulated demo models until you set an API key for a provider (or a local server such as Ollama is running).", "Set API Key")
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand("switchboard.setApiKey");
      });
  }

  private routingFor(modelId: string, needsTools: boolean): RoutingPreferences {
    const { settings } = this.services;
    const preferences = this.services.preferences();
    if (modelId !== AUTO_MODEL_ID) return { ...preferences, model: modelId, fallbacks: settings.fallbacks.filter((id) => id !== modelId) };
    const candidates = this.autoCandidates(this.offeredModels());
    // A turn with tools goes only to models that can call them, when there are any.
    const withTools = needsTools ? candidates.filter((model) => model.toolCalling) : candidates;
    const ids = (withTools.length > 0 ? withTools : candidates).map((model) => model.id);
    return { ...preferences, strategy: settings.strategy, candidates: [...ids, ...settings.fallbacks.filter((id) => !ids.includes(id))] };
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    await this.ready;
    const { services } = this;
    const chatTools = options.tools ?? [];
    const tools = toToolDefinitions(chatTools);
    const toolChoice = toToolChoice(options.toolMode === vscode.LanguageModelChatToolMode.Required, chatTools);
    const controller = new AbortController();
    const cancellation = token.onCancellationRequested(() => controller.abort());
    if (token.isCancellationRequested) controller.abort();
    const badCalls: string[] = [];
    const onEvent = (event: StreamEvent) => {
      if (event.type === "text-delta") progress.report(new vscode.LanguageModelTextPart(event.text));
      if (event.type !== "tool-call") return;
      if (event.signature) this.rememberSignature(event.id, event.signature);
      const input = toolInput(event.arguments);
      if (input.ok) progress.report(new vscode.LanguageModelToolCallPart(event.id, event.name, input.input));
      else badCalls.push(`the model called ${event.name}, but ${input.message}`);
    };
    let outcome: RunOutcome;
    try {
      outcome = await runRequest(
        {
          requestId: randomUUID(),
          project: services.project,
          feature: CHAT_FEATURE,
          ...callerOf(options),
          routing: this.routingFor(model.id, tools.length > 0),
          messages: toChatMessages(messages.map(sortMessage), (callId) => this.signatures.get(callId)),
          ...(tools.length > 0 ? { tools } : {}),
          ...(toolChoice ? { toolChoice } : {}),
          ...modelOptionsOf(options),
          firstByteTimeoutMs: services.settings.timeoutMs,
          storeText: services.settings.storePrompts,
          signal: controller.signal,
          onEvent,
        },
        services.pipeline(),
      );
    } finally {
      cancellation.dispose();
    }
    // Cancelled: the ledger says so, and VS Code has stopped listening.
    if (token.isCancellationRequested) return;
    const failure = runFailure(outcome);
    if (failure) throw chatError(failure.kind, failureMessage(outcome, failure.message));
    if (badCalls.length > 0) throw new vscode.LanguageModelError(`Switchboard: ${badCalls.join("; ")}.`);
  }

  private rememberSignature(callId: string, signature: string): void {
    this.signatures.set(callId, signature);
    if (this.signatures.size > MAX_SIGNATURES) this.signatures.delete(this.signatures.keys().next().value!);
  }

  provideTokenCount(model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): number {
    // OpenAI-family models count with their own tokenizer (o200k); the rest with ~4 characters a token.
    const counter = tokenCounterFor(model.id);
    if (typeof text === "string") return countTextTokens(text, counter);
    return toChatMessages([sortMessage(text)]).reduce((sum, message) => sum + countMessageTokens(message, counter), 0);
  }
}

/** The extension that called `vscode.lm` (VS Code passes it at run time; "core" is its own chat view). */
function callerOf(options: vscode.ProvideLanguageModelChatResponseOptions): { caller?: string } {
  const initiator = (options as { requestInitiator?: unknown }).requestInitiator;
  return typeof initiator === "string" && initiator !== "" && initiator !== "core" ? { caller: initiator } : {};
}

/** The model options Switchboard understands; others are the caller's business with other vendors. */
function modelOptionsOf(options: vscode.ProvideLanguageModelChatResponseOptions): { temperature?: number; maxOutputTokens?: number } {
  const given = options.modelOptions ?? {};
  const temperature = given.temperature;
  const maxTokens = given.maxOutputTokens ?? given.max_tokens;
  return {
    ...(typeof temperature === "number" && temperature >= 0 && temperature <= 2 ? { temperature } : {}),
    ...(Number.isInteger(maxTokens) && maxTokens > 0 ? { maxOutputTokens: maxTokens as number } : {}),
  };
}

/** Says which attempts failed when there were several, so "every fallback failed" is visible as such. */
function failureMessage(outcome: RunOutcome, message: string): string {
  if (outcome.kind !== "done" || outcome.execution.attempts.length < 2) return message;
  const tried = outcome.execution.attempts.map((attempt) => `${attempt.modelId} (${attempt.outcome}${attempt.status ? ` ${attempt.status}` : ""})`);
  return `every model Switchboard tried failed: ${tried.join(", ")}; the last said: ${message}`;
}

function chatError(kind: string, message: string): vscode.LanguageModelError {
  const text = `Switchboard: ${message}`;
  switch (kind) {
    case "auth":
      return vscode.LanguageModelError.NoPermissions(text);
    case "budget":
      return vscode.LanguageModelError.Blocked(`${text}. Raise the budget in the switchboard.budgets setting or wait for the next period.`);
    case "policy":
      return vscode.LanguageModelError.Blocked(text);
    case "not-found":
      return vscode.LanguageModelError.NotFound(text);
    default:
      return new vscode.LanguageModelError(text);
  }
}
