// OpenAI-compatible Chat Completions streaming: OpenAI, OpenRouter, Groq, Mistral, DeepSeek, xAI, Together,
// Fireworks, Perplexity, Ollama, LM Studio, vLLM, llama.cpp. POST {baseUrl}/chat/completions.
import type { EventSourceMessage } from "eventsource-parser";
import type { ChatProvider, FinishReason, StreamEvent, Usage } from "../stream/events";
import { streamErrorEvent } from "./http-errors";
import { openAINativeWire } from "./openai-native";
import { openAIRequestBody } from "./openai-request";
import { ToolCallAssembler } from "./tool-call-assembler";
import { createSseProvider, joinUrl, parseJsonData, type StreamDecoder, truncatedStreamError, type SseProviderConfig } from "./sse-adapter";

export interface OpenAICompatibleConfig extends SseProviderConfig {
  /** Ends in /v1 as in the official SDK, e.g. https://api.openai.com/v1. */
  baseUrl: string;
}

export interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  prompt_cache_hit_tokens?: number;
  /** OpenRouter: what it charged, in USD (credits). */
  cost?: number;
  /** OpenRouter: true when the request used the user's own provider key. */
  is_byok?: boolean;
  /** OpenRouter: what the upstream provider charged (billed to the user's own key when is_byok). */
  cost_details?: { upstream_inference_cost?: number | null } | null;
  /** xAI: the cost in ticks of 1e-10 USD. */
  cost_in_usd_ticks?: number;
}

/**
 * The charge a response reports. OpenRouter's `cost` is what it took from the account's credits; for a
 * bring-your-own-key request the upstream provider also bills its own `upstream_inference_cost` to that
 * key, so both are the call's cost. xAI reports ticks of 1e-10 USD.
 */
export function reportedCostUsd(usage: OpenAIUsage): number | undefined {
  if (typeof usage.cost === "number") {
    const upstream = usage.is_byok === true ? usage.cost_details?.upstream_inference_cost : undefined;
    return typeof upstream === "number" ? usage.cost + upstream : usage.cost;
  }
  if (typeof usage.cost_in_usd_ticks === "number") return usage.cost_in_usd_ticks / 1e10;
  return undefined;
}

interface OpenAIToolCallPiece {
  index?: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null };
}

interface OpenAIChunk {
  error?: { message?: unknown; type?: unknown; code?: unknown };
  usage?: OpenAIUsage | null;
  model?: unknown;
  choices?: Array<{
    index?: number;
    delta?: {
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      refusal?: string | null;
      tool_calls?: OpenAIToolCallPiece[] | null;
    };
    finish_reason?: string | null;
  }>;
}

/**
 * Usage as billed. Some providers count reasoning outside completion_tokens; then the total exceeds
 * prompt + completion and billed output is total - prompt.
 */
export function convertOpenAIUsage(usage: OpenAIUsage): Usage {
  const input = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const total = usage.total_tokens;
  const outputTokens = total !== undefined && total > input + completion ? total - input : completion;
  const cachedInputTokens = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0;
  const providerCostUsd = reportedCostUsd(usage);
  return {
    inputTokens: input,
    cachedInputTokens,
    outputTokens,
    ...(usage.completion_tokens_details?.reasoning_tokens ? { reasoningTokens: usage.completion_tokens_details.reasoning_tokens } : {}),
    ...(providerCostUsd === undefined ? {} : { providerCostUsd }),
  };
}

export function mapOpenAIFinishReason(reason: string): FinishReason {
  switch (reason) {
    case "stop":
    case "end_turn":
      return "stop";
    case "length":
    case "max_tokens":
      return "length";
    case "content_filter":
      return "content-filter";
    case "tool_calls":
    case "function_call":
      return "tool-calls";
    default:
      return "other";
  }
}

export class OpenAIStreamDecoder implements StreamDecoder {
  private usage: Usage | null = null;
  private finishReason: string | null = null;
  private refused = false;
  private sawDone = false;
  private responseModel: string | undefined;
  private readonly toolCalls = new ToolCallAssembler();
  private readonly knownIds = new Set<string>();

  constructor(private readonly providerId: string, private readonly secrets: readonly string[] = []) {}

  get answerEnded(): boolean {
    return this.finishReason !== null || this.sawDone;
  }

  decode(message: EventSourceMessage): StreamEvent[] {
    if (message.data.trim() === "[DONE]") {
      this.sawDone = true;
      return [];
    }
    const parsed = parseJsonData(this.providerId, message.data);
    if (!parsed.ok) return [parsed.error];
    const chunk = parsed.value as OpenAIChunk;
    if (chunk.error) return [streamErrorEvent(this.providerId, chunk.error, this.secrets)];
    // Usage may come in a final choices: [] chunk, in the last content chunk, or as a running total in
    // every chunk: the last one seen is the bill, never a sum.
    if (chunk.usage) this.usage = convertOpenAIUsage(chunk.usage);
    if (typeof chunk.model === "string" && chunk.model) this.responseModel = chunk.model;
    const events: StreamEvent[] = [];
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = choice.delta ?? {};
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (reasoning) events.push({ type: "reasoning-delta", text: reasoning });
      if (delta.content) events.push({ type: "text-delta", text: delta.content });
      if (delta.refusal) {
        this.refused = true;
        events.push({ type: "text-delta", text: delta.refusal });
      }
      for (const piece of delta.tool_calls ?? []) events.push(...this.toolCallPiece(piece));
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
    return events;
  }

  /**
   * Pieces are keyed by index; the first carries id and name, later ones append to the arguments. A
   * provider that omits the index (some OpenAI-compatible servers) starts a new call with each new id.
   */
  private toolCallPiece(piece: OpenAIToolCallPiece): StreamEvent[] {
    const key = piece.index ?? (piece.id && !this.knownIds.has(piece.id) ? this.toolCalls.count : Math.max(0, this.toolCalls.count - 1));
    if (piece.id) this.knownIds.add(piece.id);
    const events: StreamEvent[] = [];
    if (!this.toolCalls.has(key) || piece.function?.name) events.push(this.toolCalls.start(key, piece.id ?? undefined, piece.function?.name ?? undefined));
    const appended = piece.function?.arguments ? this.toolCalls.append(key, piece.function.arguments) : undefined;
    if (appended) events.push(appended);
    return events;
  }

  end(): StreamEvent[] {
    if (this.finishReason === null && !this.sawDone) return [truncatedStreamError(this.providerId)];
    const events: StreamEvent[] = this.toolCalls.completeAll();
    if (this.usage) events.push({ type: "usage", usage: this.usage });
    const raw = this.finishReason ?? "none";
    // A turn that called tools asks for them whatever the wire's word (some servers say "stop").
    const reason = this.refused ? "refusal" : this.toolCalls.count > 0 ? "tool-calls" : mapOpenAIFinishReason(raw);
    events.push({ type: "finish", reason, rawReason: raw, ...(this.responseModel ? { model: this.responseModel } : {}) });
    return events;
  }
}

export function createOpenAICompatibleProvider(config: OpenAICompatibleConfig): ChatProvider {
  return createSseProvider(
    config,
    (request, apiKey) => ({
      url: joinUrl(config.baseUrl, "chat/completions"),
      headers: { authorization: apiKey ? `Bearer ${apiKey}` : undefined },
      body: openAIRequestBody(request),
    }),
    (id, secrets) => new OpenAIStreamDecoder(id, secrets),
    openAINativeWire(config.baseUrl),
  );
}
