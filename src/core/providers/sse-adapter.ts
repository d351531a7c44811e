// The loop every SSE provider shares: open the stream, decode each event, and close with usage + finish.
import type { EventSourceMessage } from "eventsource-parser";
import type { ChatMessage, ChatProvider, ChatRequest, StreamEvent } from "../stream/events";
import { type SseRequest, streamSse } from "./sse-request";

/** What one wire format knows: how to read its events and what a complete stream ends with. */
export interface StreamDecoder {
  decode(message: EventSourceMessage): StreamEvent[];
  /** Called once the body ends: the collected usage and finish, or an error if the stream was cut short. */
  end(): StreamEvent[];
}

export async function* runSseAdapter(request: SseRequest, decoder: StreamDecoder): AsyncGenerator<StreamEvent> {
  for await (const item of streamSse(request)) {
    if (item.kind === "error") {
      yield item.error;
      return;
    }
    for (const message of item.messages) {
      for (const event of decoder.decode(message)) {
        yield event;
        if (event.type === "error") return;
      }
    }
  }
  if (request.signal.aborted) {
    yield { type: "error", kind: "cancelled", retryable: false, message: "Cancelled." };
    return;
  }
  yield* decoder.end();
}

/** Parses a data line as JSON, or explains that the provider sent something else. */
export function parseJsonData(providerId: string, data: string): { ok: true; value: unknown } | { ok: false; error: StreamEvent } {
  try {
    return { ok: true, value: JSON.parse(data) };
  } catch {
    return {
      ok: false,
      error: {
        type: "error",
        kind: "bad-response",
        retryable: true,
        message: `${providerId} sent a stream line that is not JSON: ${data.slice(0, 120)}`,
      },
    };
  }
}

export function truncatedStreamError(providerId: string): StreamEvent {
  return {
    type: "error",
    kind: "bad-response",
    retryable: true,
    message: `${providerId} closed the stream before the answer finished (no finish reason).`,
  };
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** Anthropic and Gemini take the system prompt apart from the conversation. */
export function splitSystemPrompt(messages: readonly ChatMessage[]): { system: string; conversation: ChatMessage[] } {
  return {
    system: messages.flatMap((m) => (m.role === "system" ? [m.content] : [])).join("\n\n"),
    conversation: messages.filter((m) => m.role !== "system"),
  };
}

/** What every SSE provider is configured with. */
export interface SseProviderConfig {
  id: string;
  baseUrl: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

/**
 * A ChatProvider from one wire format's two halves: how a request is sent (URL, auth headers, body) and
 * how its stream is read (a decoder). The key is redacted from every error either half reports.
 */
export function createSseProvider(
  config: SseProviderConfig,
  /** Headers left undefined (no key for a local server) are not sent. */
  buildRequest: (request: ChatRequest, apiKey: string | undefined) => { url: string; headers: Record<string, string | undefined>; body: unknown },
  createDecoder: (providerId: string, secrets: readonly string[]) => StreamDecoder,
): ChatProvider {
  const secrets = config.apiKey ? [config.apiKey] : [];
  return {
    id: config.id,
    stream(request: ChatRequest, signal: AbortSignal) {
      const { url, headers, body } = buildRequest(request, config.apiKey);
      const sent = Object.fromEntries(Object.entries({ ...headers, ...config.headers }).filter((entry): entry is [string, string] => entry[1] !== undefined));
      return runSseAdapter(
        { providerId: config.id, url, headers: sent, body, signal, firstByteTimeoutMs: request.firstByteTimeoutMs, idleTimeoutMs: request.idleTimeoutMs, secrets },
        createDecoder(config.id, secrets),
      );
    },
  };
}
