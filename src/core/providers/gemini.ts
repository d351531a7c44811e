// Google Gemini streaming: POST {baseUrl}/models/{model}:streamGenerateContent?alt=sse, key in x-goog-api-key.
import type { EventSourceMessage } from "eventsource-parser";
import type { ChatProvider, FinishReason, StreamEvent, Usage } from "../stream/events";
import { streamErrorEvent } from "./http-errors";
import { randomUUID } from "node:crypto";
import { GENERATED_GEMINI_ID_PREFIX, geminiRequestBody } from "./gemini-request";
import { createSseProvider, joinUrl, type NativeWire, parseJsonData, type StreamDecoder, truncatedStreamError, type SseProviderConfig } from "./sse-adapter";

export interface GeminiConfig extends SseProviderConfig {
  /** Ends in /v1beta, e.g. https://generativelanguage.googleapis.com/v1beta. */
  baseUrl: string;
}

interface GeminiUsage {
  promptTokenCount?: number;
  cachedContentTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
}

interface GeminiPart {
  text?: string;
  thought?: boolean;
  functionCall?: { id?: string; name?: string; args?: unknown };
  thoughtSignature?: string;
}

interface GeminiChunk {
  error?: { code?: unknown; status?: unknown; message?: unknown };
  promptFeedback?: { blockReason?: string };
  candidates?: Array<{
    content?: { parts?: GeminiPart[] };
    finishReason?: string;
  }>;
  usageMetadata?: GeminiUsage;
  modelVersion?: unknown;
}

const CONTENT_FILTER_REASONS = new Set(["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"]);

export function mapGeminiFinishReason(reason: string): FinishReason {
  if (reason === "STOP") return "stop";
  if (reason === "MAX_TOKENS") return "length";
  if (CONTENT_FILTER_REASONS.has(reason)) return "content-filter";
  if (reason === "MALFORMED_FUNCTION_CALL" || reason === "UNEXPECTED_TOOL_CALL") return "tool-calls";
  return "other";
}

/** usageMetadata is a running total; thought tokens are billed as output. */
export function convertGeminiUsage(usage: GeminiUsage): Usage {
  return {
    inputTokens: usage.promptTokenCount ?? 0,
    cachedInputTokens: usage.cachedContentTokenCount ?? 0,
    outputTokens: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
    ...(usage.thoughtsTokenCount ? { reasoningTokens: usage.thoughtsTokenCount } : {}),
  };
}

export class GeminiStreamDecoder implements StreamDecoder {
  private usage: Usage | null = null;
  private finishReason: string | null = null;
  private toolCalls = 0;
  private responseModel: string | undefined;
  /** Gemini's calls may have no id: each gets one that is unique across turns, so results map back. */
  private readonly idPrefix = `${GENERATED_GEMINI_ID_PREFIX}${randomUUID().slice(0, 8)}-`;

  constructor(private readonly providerId: string, private readonly secrets: readonly string[] = []) {}

  get answerEnded(): boolean {
    return this.finishReason !== null;
  }

  /** Gemini sends each call whole: one delta with all of its arguments, then the complete call. */
  private functionCall(part: GeminiPart): StreamEvent[] {
    const call = part.functionCall!;
    const index = this.toolCalls++;
    const id = call.id || `${this.idPrefix}${index}`;
    const name = call.name ?? "";
    const args = JSON.stringify(call.args ?? {});
    return [
      { type: "tool-call-delta", index, id, name, argumentsDelta: args },
      { type: "tool-call", id, name, arguments: args, ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}) },
    ];
  }

  decode(message: EventSourceMessage): StreamEvent[] {
    const parsed = parseJsonData(this.providerId, message.data);
    if (!parsed.ok) return [parsed.error];
    const chunk = parsed.value as GeminiChunk;
    if (chunk.error) return [streamErrorEvent(this.providerId, chunk.error, this.secrets)];
    if (chunk.usageMetadata) this.usage = convertGeminiUsage(chunk.usageMetadata);
    if (typeof chunk.modelVersion === "string" && chunk.modelVersion) this.responseModel = chunk.modelVersion;
    if (chunk.promptFeedback?.blockReason) this.finishReason = `PROMPT_BLOCKED:${chunk.promptFeedback.blockReason}`;
    const events: StreamEvent[] = [];
    const [candidate] = chunk.candidates ?? [];
    for (const part of candidate?.content?.parts ?? []) {
      if (part.functionCall) events.push(...this.functionCall(part));
      if (!part.text) continue;
      events.push({ type: part.thought ? "reasoning-delta" : "text-delta", text: part.text });
    }
    if (candidate?.finishReason) this.finishReason = candidate.finishReason;
    return events;
  }

  end(): StreamEvent[] {
    if (this.finishReason === null) return [truncatedStreamError(this.providerId)];
    const events: StreamEvent[] = [];
    if (this.usage) events.push({ type: "usage", usage: this.usage });
    // Gemini finishes a turn that called tools with STOP: it is a request for tool results all the same.
    const mapped = this.finishReason.startsWith("PROMPT_BLOCKED:") ? "content-filter" : mapGeminiFinishReason(this.finishReason);
    const reason = this.toolCalls > 0 && mapped === "stop" ? "tool-calls" : mapped;
    events.push({ type: "finish", reason, rawReason: this.finishReason, ...(this.responseModel ? { model: this.responseModel } : {}) });
    return events;
  }
}

/** The client's generateContent request as it sent it, to this provider's model and with our key. */
export const geminiNativeWire = (baseUrl: string): NativeWire => ({
  wire: "gemini",
  target: (request, native, apiKey) => ({
    url: joinUrl(baseUrl, `models/${encodeURIComponent(request.model)}:${native.stream ? "streamGenerateContent?alt=sse" : "generateContent"}`),
    headers: { ...native.headers, "x-goog-api-key": apiKey },
    body: native.body,
  }),
  // A whole answer is one chunk of the stream.
  wholeAsMessages: (answer) => [{ event: undefined, id: undefined, data: JSON.stringify(answer) }],
  countTarget: (model, count, apiKey) => ({
    url: joinUrl(baseUrl, `models/${encodeURIComponent(model)}:countTokens`),
    headers: { ...count.headers, "x-goog-api-key": apiKey },
    body: count.body,
  }),
});

export function createGeminiProvider(config: GeminiConfig): ChatProvider {
  return createSseProvider(
    config,
    (request, apiKey) => ({
      url: joinUrl(config.baseUrl, `models/${encodeURIComponent(request.model)}:streamGenerateContent?alt=sse`),
      headers: { "x-goog-api-key": apiKey },
      body: geminiRequestBody(request),
    }),
    (id, secrets) => new GeminiStreamDecoder(id, secrets),
    geminiNativeWire(config.baseUrl),
  );
}
