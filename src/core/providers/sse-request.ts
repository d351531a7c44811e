// POSTs a JSON request and yields the response's server-sent events, or one error event.
// undici for HTTP (aborting the signal destroys the socket at once); eventsource-parser for framing,
// which handles CRLF separators, comment lines and events split across network chunks.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { request } from "./http";
import type { StreamEvent } from "../stream/events";
import { httpErrorEvent, networkErrorEvent } from "./http-errors";
import { SseEventSlicer } from "./sse-event-slices";

type ErrorEvent = Extract<StreamEvent, { type: "error" }>;

export interface SseRequest {
  providerId: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal;
  /** Bounds the wait for the response headers (the provider's first byte). */
  firstByteTimeoutMs?: number;
  /** Bounds a silence in the middle of the stream. */
  idleTimeoutMs?: number;
  /** Values to redact from any error text (the API key). */
  secrets: readonly string[];
  /** Keep the answer's bytes as they came (a client of the same wire gets them as sent). */
  keepBytes?: boolean;
  /** The provider accepted the request: its status and response headers (before any message). */
  onAccepted?(status: number, headers: Record<string, string | string[] | undefined>): void;
}

/**
 * Messages come in the batches one network read holds: one generator step per read, not per event. With
 * keepBytes, a read comes as the events it completes, each its own bytes (a read may end mid-event);
 * `read` parses one of them, in order, when its consumer gets to it (the first output must not wait for
 * the parsing of the rest of the read).
 */
export type SseItem =
  | { kind: "messages"; messages: EventSourceMessage[] }
  | { kind: "slices"; slices: Buffer[][]; read(slice: Buffer[]): EventSourceMessage[] }
  | { kind: "error"; error: ErrorEvent };

const MAX_ERROR_BODY = 64 * 1024;

export async function* streamSse(options: SseRequest): AsyncGenerator<SseItem> {
  const { providerId, signal, secrets } = options;
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(options.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", ...options.headers },
      body: JSON.stringify(options.body),
      signal,
      headersTimeout: options.firstByteTimeoutMs ?? 60_000,
      bodyTimeout: options.idleTimeoutMs ?? 120_000,
    });
  } catch (error) {
    yield { kind: "error", error: networkErrorEvent(providerId, error, signal.aborted, secrets) };
    return;
  }

  if (response.statusCode < 200 || response.statusCode >= 300) {
    let text = "";
    try {
      for await (const chunk of response.body) {
        if (text.length < MAX_ERROR_BODY) text += chunk.toString("utf8");
      }
    } catch {
      // a body cut short still leaves the status to report
    }
    yield { kind: "error", error: httpErrorEvent(providerId, response.statusCode, text, response.headers, secrets) };
    return;
  }

  options.onAccepted?.(response.statusCode, response.headers);
  let pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => pending.push(message) });
  const take = (): EventSourceMessage[] => {
    const messages = pending;
    pending = [];
    return messages;
  };
  const decoder = new TextDecoder("utf-8");
  const slicer = options.keepBytes ? new SseEventSlicer() : undefined;
  const finalMessages = (): EventSourceMessage[] => {
    parser.feed(decoder.decode());
    parser.reset({ consume: true });
    return take();
  };
  const read = (bytes: Buffer[]): EventSourceMessage[] => {
    for (const piece of bytes) parser.feed(decoder.decode(piece, { stream: true }));
    return take();
  };
  try {
    for await (const chunk of response.body) {
      if (slicer) {
        const slices = slicer.push(chunk as Buffer);
        if (slices.length > 0) yield { kind: "slices", slices, read };
        continue;
      }
      parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
      if (pending.length > 0) yield { kind: "messages", messages: take() };
    }
    const rest = slicer?.rest() ?? [];
    if (rest.length > 0) {
      // A last event without its blank line still counts.
      const last = () => [...read(rest), ...finalMessages()];
      yield { kind: "slices", slices: [rest], read: last };
    } else {
      const messages = finalMessages();
      if (messages.length > 0) yield slicer ? { kind: "slices", slices: [[]], read: () => messages } : { kind: "messages", messages };
    }
  } catch (error) {
    yield { kind: "error", error: networkErrorEvent(providerId, error, signal.aborted, secrets) };
  } finally {
    // The consumer may stop early (a finish event, or a break): free the socket either way.
    if (!response.body.destroyed) response.body.destroy();
  }
}
