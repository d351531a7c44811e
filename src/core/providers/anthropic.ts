// Anthropic Messages streaming: POST {baseUrl}/v1/messages with x-api-key and anthropic-version.
import type { EventSourceMessage } from "eventsource-parser";
import type { ChatProvider, FinishReason, StreamEvent, Usage } from "../stream/events";
import { streamErrorEvent } from "./http-errors";
import { anthropicRequestBody } from "./anthropic-request";
import { createSseProvider, joinUrl, type NativeWire, parseJsonData, type StreamDecoder, truncatedStreamError, type SseProviderConfig } from "./sse-adapter";
import { ToolCallAssembler } from "./tool-call-assembler";

export const ANTHROPIC_VERSION = "2023-06-01";
/** Anthropic requires max_tokens; this is used when the request sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

export interface AnthropicConfig extends SseProviderConfig {
  /** Without /v1, e.g. https://api.anthropic.com. */
  baseUrl: string;
}

interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** How the cache writes divide by lifetime (sent in message_start by current API versions). */
interface AnthropicCacheCreation {
  ephemeral_5m_input_tokens?: number | null;
  ephemeral_1h_input_tokens?: number | null;
}

interface AnthropicEvent {
  type?: string;
  index?: number;
  message?: { model?: unknown; usage?: AnthropicUsage & { cache_creation?: AnthropicCacheCreation | null } };
  content_block?: { type?: string; id?: string; name?: string; input?: unknown };
  delta?: { type?: string; text?: string; thinking?: string; partial_json?: string; stop_reason?: string | null };
  usage?: AnthropicUsage & { cache_creation?: AnthropicCacheCreation | null };
  error?: { type?: unknown; message?: unknown };
}

export function mapAnthropicStopReason(reason: string): FinishReason {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool-calls";
    case "refusal":
      return "refusal";
    default:
      return "other";
  }
}

export class AnthropicStreamDecoder implements StreamDecoder {
  /** Fields merge in arrival order: message_start first, then each message_delta (the final one wins). */
  private readonly usage: AnthropicUsage = {};
  private cacheWrite1h: number | undefined;
  private stopReason: string | null = null;
  private responseModel: string | undefined;
  private readonly toolCalls = new ToolCallAssembler();

  constructor(private readonly providerId: string, private readonly secrets: readonly string[] = []) {}

  get answerEnded(): boolean {
    return this.stopReason !== null;
  }

  private mergeUsage(usage: (AnthropicUsage & { cache_creation?: AnthropicCacheCreation | null }) | undefined): void {
    if (!usage) return;
    for (const key of ["input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"] as const) {
      const value = usage[key];
      if (typeof value === "number") this.usage[key] = value;
    }
    const oneHour = usage.cache_creation?.ephemeral_1h_input_tokens;
    if (typeof oneHour === "number") this.cacheWrite1h = oneHour;
  }

  decode(message: EventSourceMessage): StreamEvent[] {
    const parsed = parseJsonData(this.providerId, message.data);
    if (!parsed.ok) return [parsed.error];
    const event = parsed.value as AnthropicEvent;
    switch (event.type ?? message.event) {
      case "message_start":
        this.mergeUsage(event.message?.usage);
        if (typeof event.message?.model === "string" && event.message.model) this.responseModel = event.message.model;
        return [];
      case "content_block_start": {
        const block = event.content_block;
        if (block?.type !== "tool_use") return [];
        // The block's input holds the arguments when no input_json_delta pieces follow.
        const initial = block.input === undefined ? undefined : JSON.stringify(block.input);
        return [this.toolCalls.start(event.index ?? 0, block.id, block.name, initial)];
      }
      case "content_block_stop": {
        const done = this.toolCalls.complete(event.index ?? 0);
        return done ? [done] : [];
      }
      case "content_block_delta":
        if (event.delta?.type === "text_delta" && event.delta.text) return [{ type: "text-delta", text: event.delta.text }];
        if (event.delta?.type === "input_json_delta") {
          const piece = event.delta.partial_json ? this.toolCalls.append(event.index ?? 0, event.delta.partial_json) : undefined;
          return piece ? [piece] : [];
        }
        if (event.delta?.type === "thinking_delta" && event.delta.thinking) {
          return [{ type: "reasoning-delta", text: event.delta.thinking }];
        }
        return [];
      case "message_delta":
        this.mergeUsage(event.usage);
        if (event.delta?.stop_reason) this.stopReason = event.delta.stop_reason;
        return [];
      case "error":
        return [streamErrorEvent(this.providerId, event.error ?? {}, this.secrets)];
      default:
        // ping, message_stop, and event types added later
        return [];
    }
  }

  /**
   * Anthropic's input_tokens excludes cache reads and writes; our input counts every prompt token. The
   * final message_delta's totals win; the lifetime split comes only with message_start, so the 1-hour
   * share it gives is kept (never more than the final writes) and the rest are 5-minute writes, which is
   * the default lifetime. Without a split, every write is a 5-minute write.
   */
  private totalUsage(): Usage {
    const cacheRead = this.usage.cache_read_input_tokens ?? 0;
    const cacheWrite = this.usage.cache_creation_input_tokens ?? 0;
    const oneHour = Math.min(this.cacheWrite1h ?? 0, cacheWrite);
    return {
      inputTokens: (this.usage.input_tokens ?? 0) + cacheRead + cacheWrite,
      cachedInputTokens: cacheRead,
      outputTokens: this.usage.output_tokens ?? 0,
      ...(cacheWrite > 0 ? { cacheWriteInputTokens: cacheWrite, cacheWrite1hInputTokens: oneHour } : {}),
    };
  }

  end(): StreamEvent[] {
    if (this.stopReason === null) return [truncatedStreamError(this.providerId)];
    return [
      // A tool_use block whose stop never came is still a call the model made.
      ...this.toolCalls.completeAll(),
      { type: "usage", usage: this.totalUsage() },
      { type: "finish", reason: this.toolCalls.count > 0 && this.stopReason !== "max_tokens" ? "tool-calls" : mapAnthropicStopReason(this.stopReason), rawReason: this.stopReason, ...(this.responseModel ? { model: this.responseModel } : {}) },
    ];
  }
}

/** A whole Messages answer as the events its stream would have sent, in order. */
export function anthropicMessageAsEvents(answer: unknown): EventSourceMessage[] {
  const message = (typeof answer === "object" && answer !== null ? answer : {}) as Record<string, unknown> & { content?: unknown; usage?: unknown; stop_reason?: unknown; type?: unknown };
  const event = (data: Record<string, unknown>): EventSourceMessage => ({ event: data.type as string, data: JSON.stringify(data), id: undefined });
  if (message.type === "error") return [event(message)];
  const blocks = Array.isArray(message.content) ? (message.content as Array<Record<string, unknown>>) : [];
  return [
    event({ type: "message_start", message: { ...message, content: [] } }),
    ...blocks.flatMap((block, index) => [
      event({ type: "content_block_start", index, content_block: block }),
      ...(block.type === "text" && typeof block.text === "string" ? [event({ type: "content_block_delta", index, delta: { type: "text_delta", text: block.text } })] : []),
      ...(block.type === "thinking" && typeof block.thinking === "string" ? [event({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: block.thinking } })] : []),
      event({ type: "content_block_stop", index }),
    ]),
    event({ type: "message_delta", delta: { stop_reason: message.stop_reason ?? "end_turn" }, usage: message.usage ?? {} }),
    event({ type: "message_stop" }),
  ];
}

/** The client's headers with our key, and the API version it asked for (or ours). */
const clientHeaders = (headers: Record<string, string>, apiKey: string | undefined) => ({ ...headers, "anthropic-version": headers["anthropic-version"] ?? ANTHROPIC_VERSION, "x-api-key": apiKey });

/** The client's Messages request as it sent it: only the model is this provider's, and the key is ours. */
export const anthropicNativeWire = (baseUrl: string): NativeWire => ({
  wire: "anthropic",
  target: (request, native, apiKey) => ({
    url: `${joinUrl(baseUrl, "v1/messages")}${native.search}`,
    headers: clientHeaders(native.headers, apiKey),
    body: { ...native.body, model: request.model },
  }),
  wholeAsMessages: anthropicMessageAsEvents,
  countTarget: (model, count, apiKey) => ({
    url: `${joinUrl(baseUrl, "v1/messages/count_tokens")}${count.search}`,
    headers: clientHeaders(count.headers, apiKey),
    body: { ...count.body, model },
  }),
});

export function createAnthropicProvider(config: AnthropicConfig): ChatProvider {
  return createSseProvider(
    config,
    (request, apiKey) => ({
      url: joinUrl(config.baseUrl, "v1/messages"),
      headers: { "anthropic-version": ANTHROPIC_VERSION, "x-api-key": apiKey },
      body: anthropicRequestBody(request, ANTHROPIC_DEFAULT_MAX_TOKENS),
    }),
    (id, secrets) => new AnthropicStreamDecoder(id, secrets),
    anthropicNativeWire(config.baseUrl),
  );
}
