// POSTs a JSON request and yields the response's server-sent events, or one error event.
// undici for HTTP (aborting the signal destroys the socket at once); eventsource-parser for framing,
// which handles CRLF separators, comment lines and events split across network chunks.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { request } from "./http";
import type { StreamEvent } from "../stream/events";
import { httpErrorEvent, networkErrorEvent } from "./http-errors";

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
  /** Send the body as it is (already serialised) instead of JSON.stringify(body). */
  rawBody?: string;
}

/**
 * Messages come in the batches one network read holds: one generator step per read, not per event. With
 * keepBytes, `bytes` holds every byte read since the last step (a read may end mid-event).
 */
export type SseItem = { kind: "messages"; messages: EventSourceMessage[]; bytes?: Buffer[] } | { kind: "error"; error: ErrorEvent };

const MAX_ERROR_BODY = 64 * 1024;

export async function* streamSse(options: SseRequest): AsyncGenerator<SseItem> {
  const { providerId, signal, secrets } = options;
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(options.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", ...options.headers },
      body: options.rawBody ?? JSON.stringify(options.body),
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
  let bytes: Buffer[] = [];
  const parser = createParser({ onEvent: (message) => pending.push(message) });
  const take = (): SseItem => {
    const messages = pending;
    pending = [];
    if (!options.keepBytes) return { kind: "messages", messages };
    const read = bytes;
    bytes = [];
    return { kind: "messages", messages, bytes: read };
  };
  const decoder = new TextDecoder("utf-8");
  try {
    for await (const chunk of response.body) {
      if (options.keepBytes) bytes.push(chunk as Buffer);
      parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
      if (pending.length > 0) yield take();
    }
    parser.feed(decoder.decode());
    // A last event without its blank line still counts.
    parser.reset({ consume: true });
    if (pending.length > 0 || bytes.length > 0) yield take();
  } catch (error) {
    yield { kind: "error", error: networkErrorEvent(providerId, error, signal.aborted, secrets) };
  } finally {
    // The consumer may stop early (a finish event, or a break): free the socket either way.
    if (!response.body.destroyed) response.body.destroy();
  }
}
