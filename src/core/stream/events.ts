// The normalized events every provider stream yields, whatever its wire format.

export interface Usage {
  /** All prompt tokens, cached ones included. */
  inputTokens: number;
  /** Prompt tokens served from the provider's cache (billed at the cached-input price). */
  cachedInputTokens: number;
  /** Everything billed as output, reasoning/thought tokens included. */
  outputTokens: number;
  /** The provider's own figure for the call's cost, when it reports one (OpenRouter's usage.cost). */
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

export type StreamEvent =
  | { type: "text-delta"; text: string }
  | { type: "reasoning-delta"; text: string }
  | { type: "usage"; usage: Usage }
  | { type: "finish"; reason: FinishReason; rawReason?: string }
  | {
      type: "error";
      kind: ErrorKind;
      retryable: boolean;
      message: string;
      status?: number;
      retryAfterMs?: number;
    };

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

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
}

/** A provider turns one request into a stream of normalized events; aborting the signal ends it at once. */
export interface ChatProvider {
  readonly id: string;
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
}
