// The normalized events every provider stream yields, whatever its wire format.
import type { NativeCountAnswer, NativeCountRequest, NativeRequest } from "../providers/native-request";

export interface Usage {
  /** All prompt tokens, cached ones included. */
  inputTokens: number;
  /** Prompt tokens served from the provider's cache (billed at the cached-input price). */
  cachedInputTokens: number;
  /** Prompt tokens written to the provider's cache (Anthropic), inside inputTokens; billed at the cache-write price. */
  cacheWriteInputTokens?: number;
  /** Of the cache writes, those with a 1-hour lifetime (the rest have the default 5 minutes). */
  cacheWrite1hInputTokens?: number;
  /** Everything billed as output, reasoning/thought tokens included. */
  outputTokens: number;
  /** Of the output, reasoning/thought tokens (when the provider says; billed apart only where priced apart). */
  reasoningTokens?: number;
  /**
   * What the provider says it charged for the call, when its response says (OpenRouter's usage.cost, plus
   * the upstream provider's charge for a bring-your-own-key request; xAI's cost_in_usd_ticks).
   */
  providerCostUsd?: number;
}

export type FinishReason = "stop" | "length" | "content-filter" | "refusal" | "tool-calls" | "other";

export type ErrorKind =
  | "rate-limit"
  | "overloaded"
  | "auth"
  | "not-found"
  | "bad-request"
  | "timeout"
  | "network"
  | "bad-response"
  | "cancelled";

/** A function call the model asked for. `arguments` is the JSON text exactly as reconstructed. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
  /** Opaque provider data that must travel back with the call (Gemini's thoughtSignature). */
  signature?: string;
}

export type StreamEvent =
  | { type: "text-delta"; text: string }
  | { type: "reasoning-delta"; text: string }
  /** A piece of a call as it streams: `index` orders calls; id and name repeat on every piece. */
  | { type: "tool-call-delta"; index: number; id: string; name: string; argumentsDelta: string }
  /** A call is complete: its arguments are whole JSON text. */
  | ({ type: "tool-call" } & ToolCall)
  | { type: "usage"; usage: Usage }
  /** model: the model that answered, as the provider named it (a dated version of an alias, say). */
  | { type: "finish"; reason: FinishReason; rawReason?: string; model?: string }
  | {
      type: "error";
      kind: ErrorKind;
      retryable: boolean;
      message: string;
      status?: number;
      retryAfterMs?: number;
    };

/** An image is a data: URL (base64) or an https: URL. */
export type ContentPart = { type: "text"; text: string } | { type: "image"; url: string };

/** OpenAI's chat shapes are the lingua franca; each adapter translates them to its wire. */
export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ContentPart[] }
  | { role: "assistant"; content: string; toolCalls?: ToolCall[] }
  | { role: "tool"; toolCallId: string; content: string };

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export type ToolChoice = "auto" | "none" | "required" | { name: string };

/** How much the model should reason, where the target model has such a setting. */
export type ReasoningEffort = "low" | "medium" | "high";

export type ResponseFormat = { type: "json" } | { type: "json-schema"; name: string; schema: Record<string, unknown> };

export interface ChatRequest {
  /** Bounds the wait for the provider's first byte (response headers). */
  firstByteTimeoutMs?: number;
  /** Bounds a silence in the middle of the stream (a provider that stalls after some tokens). */
  idleTimeoutMs?: number;
  /** The provider's model name, sent verbatim. */
  model: string;
  messages: ChatMessage[];
  maxOutputTokens?: number;
  temperature?: number;
  /** Nucleus sampling (top_p / topP), when the caller sets it. */
  topP?: number;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  /** Sent only to models the catalog marks as reasoning models (others refuse the setting). */
  reasoningEffort?: ReasoningEffort;
  /**
   * The client's own request in its wire's format (the gateway): a provider of that wire sends it as it
   * is, with only the model replaced, and hands its answer's bytes to the client; others translate the
   * normalised fields above.
   */
  native?: NativeRequest;
}

/**
 * A provider's events, readable one by one (any consumer) or in the batches one network read holds (the
 * attempt loop): a generator step per read instead of one per event. The HTTP adapters return these. A
 * batch may be decoded as it is iterated, so a read's first output does not wait for the decoding of the
 * rest: take all of a batch's events before asking for the next batch.
 */
export interface BatchedEvents extends AsyncIterable<StreamEvent> {
  batches(): AsyncIterable<Iterable<StreamEvent>>;
}

export function hasBatches(events: AsyncIterable<StreamEvent>): events is BatchedEvents {
  return typeof (events as Partial<BatchedEvents>).batches === "function";
}

/** A provider turns one request into a stream of normalized events; aborting the signal ends it at once. */
export interface ChatProvider {
  readonly id: string;
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
  /** Counts a prompt's tokens with the provider's own endpoint, for a client of its wire. */
  countTokens?(model: string, request: NativeCountRequest, signal: AbortSignal): Promise<NativeCountAnswer>;
}
