// The loop every SSE provider shares: open the stream, decode each event, and close with usage + finish.
import type { EventSourceMessage } from "eventsource-parser";
import type { BatchedEvents, ChatMessage, ChatProvider, ChatRequest, StreamEvent } from "../stream/events";
import { type NativeCountAnswer, type NativeCountRequest, type NativeRequest, returnableHeaders, type Wire } from "./native-request";
import { request as httpRequest } from "./http";
import { networkErrorEvent } from "./http-errors";
import { type SseRequest, streamSse } from "./sse-request";

/** What one wire format knows: how to read its events and what a complete stream ends with. */
export interface StreamDecoder {
  decode(message: EventSourceMessage): StreamEvent[];
  /** Called once the body ends: the collected usage and finish, or an error if the stream was cut short. */
  end(): StreamEvent[];
  /** The answer's end (its stop or finish reason) has been read. */
  readonly answerEnded: boolean;
}

/** What a wire needs to send a client's own request of that wire and to read a whole (unstreamed) answer. */
export interface NativeWire {
  wire: Wire;
  /** URL, auth headers and body for the client's request; the body is the client's with this model. */
  target(request: ChatRequest, native: NativeRequest, apiKey: string | undefined): { url: string; headers: Record<string, string | undefined>; body: unknown };
  /** A whole JSON answer as the stream messages that would have carried it, for the same decoder. */
  wholeAsMessages(answer: unknown): EventSourceMessage[];
  /** URL, headers and body of the wire's token-count endpoint for the client's count request (absent: the wire has none). */
  countTarget?(model: string, count: NativeCountRequest, apiKey: string | undefined): { url: string; headers: Record<string, string | undefined>; body: unknown };
  /** An event Switchboard asked for on the client's behalf (usage for the bill) that the client did not: read, not relayed. */
  notForClient?(native: NativeRequest, message: EventSourceMessage): boolean;
}

/** An authentication error of a provider set up without a key says how to give it one. */
function explained(event: StreamEvent, advice: string | undefined): StreamEvent {
  return advice && event.type === "error" && event.kind === "auth" ? { ...event, message: `${event.message} (${advice})` } : event;
}

/** The events up to and including the first error (explained); the same array when there is none. */
function upToError(events: StreamEvent[], authAdvice: string | undefined): StreamEvent[] {
  const failedAt = events.findIndex((event) => event.type === "error");
  return failedAt === -1 ? events : [...events.slice(0, failedAt), explained(events[failedAt]!, authAdvice)];
}

function batched(batches: () => AsyncGenerator<Iterable<StreamEvent>>): BatchedEvents {
  return {
    batches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

async function* sseBatches(request: SseRequest, decoder: StreamDecoder, authAdvice?: string): AsyncGenerator<Iterable<StreamEvent>> {
  let failed = false;
  // A read's messages are decoded as the consumer takes them: when a provider's events come many to a
  // read, the first output goes on before the rest are decoded.
  function* decoded(messages: readonly EventSourceMessage[]): Generator<StreamEvent> {
    for (const message of messages) {
      for (const event of decoder.decode(message)) {
        if (event.type !== "error") {
          yield event;
          continue;
        }
        failed = true;
        yield explained(event, authAdvice);
        return;
      }
    }
  }
  for await (const item of streamSse(request)) {
    if (item.kind === "error") {
      yield [explained(item.error, authAdvice)];
      return;
    }
    if (item.kind !== "messages") continue;
    yield decoded(item.messages);
    if (failed) return;
  }
  if (request.signal.aborted) {
    yield [{ type: "error", kind: "cancelled", retryable: false, message: "Cancelled." }];
    return;
  }
  yield decoder.end();
}

export function runSseAdapter(request: SseRequest, decoder: StreamDecoder, authAdvice?: string): BatchedEvents {
  return batched(() => sseBatches(request, decoder, authAdvice));
}

const OUTPUT_EVENTS = new Set<StreamEvent["type"]>(["text-delta", "reasoning-delta", "tool-call-delta", "tool-call"]);

/**
 * A client's own request to a provider of its wire: each event's bytes go to the client's sink as they
 * are read (the whole body at once when the client did not stream), with what they mean (output, the
 * answer's end), and the same bytes are decoded here into the pipeline's events.
 */
async function* nativeBatches(request: SseRequest, decoder: StreamDecoder, native: NativeRequest, wire: NativeWire, authAdvice?: string): AsyncGenerator<Iterable<StreamEvent>> {
  const whole: Buffer[] = [];
  const accepted = (status: number, headers: Record<string, string | string[] | undefined>) => native.sink.accepted(status, returnableHeaders(headers));
  let output = false;
  for await (const item of streamSse({ ...request, keepBytes: true, onAccepted: accepted })) {
    if (item.kind === "error") {
      yield [explained(item.error, authAdvice)];
      return;
    }
    if (item.kind !== "slices") continue;
    if (!native.stream) {
      for (const slice of item.slices) whole.push(...slice);
      continue;
    }
    const events: StreamEvent[] = [];
    // Every chunk of every relayed stream passes here: plain loops, no arrays made per event.
    for (const slice of item.slices) {
      const messages = item.read(slice);
      let failed = false;
      let forClient = messages.length === 0 || wire.notForClient === undefined;
      for (const message of messages) {
        for (const event of decoder.decode(message)) {
          events.push(event);
          if (event.type === "error") failed = true;
          else if (!output && OUTPUT_EVENTS.has(event.type)) output = true;
        }
        if (!forClient && !wire.notForClient!(native, message)) forClient = true;
      }
      // A provider's error event before any output is the gateway's to report (and to fall back from).
      if ((!failed || output) && forClient) native.sink.write(slice, { output, ended: decoder.answerEnded, failed });
      if (failed) break;
    }
    const batch = upToError(events, authAdvice);
    if (batch.length > 0) yield batch;
    if (batch !== events) return;
  }
  if (request.signal.aborted) {
    yield [{ type: "error", kind: "cancelled", retryable: false, message: "Cancelled." }];
    return;
  }
  if (!native.stream) {
    const parsed = parseJsonData(request.providerId, Buffer.concat(whole).toString("utf8"));
    if (!parsed.ok) {
      yield [parsed.error];
      return;
    }
    const events = wire.wholeAsMessages(parsed.value).flatMap((message) => decoder.decode(message));
    native.sink.write(whole, { output: events.some((event) => OUTPUT_EVENTS.has(event.type)), ended: true, failed: events.some((event) => event.type === "error") });
    const batch = upToError(events, authAdvice);
    yield batch;
    if (batch !== events) return;
  }
  yield decoder.end();
}

export function runNativeAdapter(request: SseRequest, decoder: StreamDecoder, native: NativeRequest, wire: NativeWire, authAdvice?: string): BatchedEvents {
  return batched(() => nativeBatches(request, decoder, native, wire, authAdvice));
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

/** The openai and Anthropic SDKs' own request timeout, for an answer that comes whole. */
const UNSTREAMED_ANSWER_TIMEOUT_MS = 10 * 60_000;

/** What every SSE provider is configured with. */
export interface SseProviderConfig {
  id: string;
  baseUrl: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** Added to an authentication error: how to give a provider set up without a key one. */
  authAdvice?: string;
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
  /** How this wire sends a client's own request of the same wire (absent: always translated). */
  nativeWire?: NativeWire,
): ChatProvider {
  const secrets = config.apiKey ? [config.apiKey] : [];
  return {
    id: config.id,
    stream(request: ChatRequest, signal: AbortSignal) {
      const native = nativeWire && request.native?.wire === nativeWire.wire ? request.native : undefined;
      const { url, headers, body } = native ? nativeWire!.target(request, native, config.apiKey) : buildRequest(request, config.apiKey);
      const sent = Object.fromEntries(Object.entries({ ...headers, ...config.headers }).filter((entry): entry is [string, string] => entry[1] !== undefined));
      // An unstreamed answer's first byte comes once it is all written: wait as long as the vendors' SDKs do.
      const firstByteTimeoutMs = native && !native.stream ? Math.max(request.firstByteTimeoutMs ?? 0, UNSTREAMED_ANSWER_TIMEOUT_MS) : request.firstByteTimeoutMs;
      const sse: SseRequest = { providerId: config.id, url, headers: sent, body, signal, firstByteTimeoutMs, idleTimeoutMs: request.idleTimeoutMs, secrets };
      const decoder = createDecoder(config.id, secrets);
      return native ? runNativeAdapter(sse, decoder, native, nativeWire!, config.authAdvice) : runSseAdapter(sse, decoder, config.authAdvice);
    },
    ...(nativeWire?.countTarget ? { countTokens: (model: string, count: NativeCountRequest, signal: AbortSignal) => countNatively(config, nativeWire.countTarget!, model, count, signal, secrets) } : {}),
  };
}

/** The provider's own token count, its answer returned as it came (a network failure as a 502 in words). */
async function countNatively(config: SseProviderConfig, countTarget: NonNullable<NativeWire["countTarget"]>, model: string, count: NativeCountRequest, signal: AbortSignal, secrets: readonly string[]): Promise<NativeCountAnswer> {
  const { url, headers, body } = countTarget(model, count, config.apiKey);
  const sent = Object.fromEntries(Object.entries({ ...headers, ...config.headers, "content-type": "application/json" }).filter((entry): entry is [string, string] => entry[1] !== undefined));
  try {
    const response = await httpRequest(url, { method: "POST", headers: sent, body: JSON.stringify(body), signal, headersTimeout: 30_000, bodyTimeout: 30_000 });
    return { status: response.statusCode, headers: returnableHeaders(response.headers), body: await response.body.text() };
  } catch (error) {
    return { status: 502, headers: {}, body: JSON.stringify({ error: { message: networkErrorEvent(config.id, error, signal.aborted, secrets).message } }) };
  }
}
