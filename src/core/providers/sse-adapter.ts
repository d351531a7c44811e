// The loop every SSE provider shares: open the stream, decode each event, and close with usage + finish.
import type { EventSourceMessage } from "eventsource-parser";
import type { ChatMessage, StreamEvent } from "../stream/events";
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
    for (const event of decoder.decode(item.message)) {
      yield event;
      if (event.type === "error") return;
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
    system: messages.filter((m) => m.role === "system").map((m) => m.content).join("\n\n"),
    conversation: messages.filter((m) => m.role !== "system"),
  };
}
