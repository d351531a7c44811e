// OpenAI's Responses API as a provider wire: POST {baseUrl}/responses, streamed as typed events
// (response.output_text.delta, response.function_call_arguments.delta, response.completed, ...). Used by
// OpenAI itself and by OpenAI-compatible servers whose definition says "api": "responses".
import type { EventSourceMessage } from "eventsource-parser";
import type { ChatProvider, FinishReason, StreamEvent, Usage } from "../stream/events";
import { streamErrorEvent } from "./http-errors";
import { type OpenAICompatibleConfig, reportedCostUsd } from "./openai-compatible";
import { CUSTOM_TOOL_INPUT, responsesRequestBody } from "./openai-responses-request";
import { createSseProvider, joinUrl, type NativeWire, parseJsonData, type StreamDecoder, truncatedStreamError } from "./sse-adapter";
import { ToolCallAssembler } from "./tool-call-assembler";

interface ResponsesUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  total_tokens?: number;
  input_tokens_details?: { cached_tokens?: number | null } | null;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** OpenRouter's and xAI's own charge, as on their Chat Completions wire. */
  cost?: number;
  is_byok?: boolean;
  cost_details?: { upstream_inference_cost?: number | null } | null;
  cost_in_usd_ticks?: number;
}

interface ResponseObject {
  model?: unknown;
  status?: unknown;
  usage?: ResponsesUsage | null;
  error?: { code?: unknown; message?: unknown; type?: unknown } | null;
  incomplete_details?: { reason?: unknown } | null;
  output?: Array<Record<string, unknown>>;
}

interface ResponsesItem {
  id?: string;
  type?: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  input?: string;
}

interface ResponsesEvent {
  type?: string;
  output_index?: number;
  item_id?: string;
  summary_index?: number;
  content_index?: number;
  delta?: unknown;
  item?: ResponsesItem;
  response?: ResponseObject;
  error?: { code?: unknown; message?: unknown; type?: unknown } | null;
  code?: unknown;
  message?: unknown;
}

/** Responses usage as billed: input_tokens holds the cached ones, output_tokens the reasoning ones. */
export function convertResponsesUsage(usage: ResponsesUsage): Usage {
  const reasoning = usage.output_tokens_details?.reasoning_tokens ?? 0;
  const providerCostUsd = reportedCostUsd(usage);
  return {
    inputTokens: usage.input_tokens ?? 0,
    cachedInputTokens: usage.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    ...(reasoning > 0 ? { reasoningTokens: reasoning } : {}),
    ...(providerCostUsd === undefined ? {} : { providerCostUsd }),
  };
}

function incompleteReason(reason: unknown): FinishReason {
  if (reason === "max_output_tokens") return "length";
  if (reason === "content_filter") return "content-filter";
  return "other";
}

const CALL_ITEMS = new Set(["function_call", "custom_tool_call"]);

export class ResponsesStreamDecoder implements StreamDecoder {
  private usage: Usage | null = null;
  /** completed, incomplete: the answer's end has been read. */
  private status: string | null = null;
  private incomplete: unknown;
  private refused = false;
  private responseModel: string | undefined;
  private readonly toolCalls = new ToolCallAssembler();
  /** Output index of each call item, by item id (deltas name both; some servers only the id). */
  private readonly callKeys = new Map<string, number>();
  private readonly customInputs = new Map<number, string>();
  private readonly argumentsSeen = new Set<number>();
  private lastSummary: string | undefined;

  constructor(private readonly providerId: string, private readonly secrets: readonly string[] = []) {}

  get answerEnded(): boolean {
    return this.status !== null;
  }

  private keyOf(event: ResponsesEvent): number | undefined {
    return event.output_index ?? (event.item_id === undefined ? undefined : this.callKeys.get(event.item_id));
  }

  private readResponse(response: ResponseObject | undefined): void {
    if (typeof response?.model === "string" && response.model) this.responseModel = response.model;
    if (response?.usage) this.usage = convertResponsesUsage(response.usage);
  }

  decode(message: EventSourceMessage): StreamEvent[] {
    const parsed = parseJsonData(this.providerId, message.data);
    if (!parsed.ok) return [parsed.error];
    const event = parsed.value as ResponsesEvent;
    const delta = typeof event.delta === "string" ? event.delta : "";
    switch (event.type ?? message.event) {
      case "response.created":
      case "response.in_progress":
        this.readResponse(event.response);
        return [];
      case "response.output_item.added":
        return this.itemAdded(event);
      case "response.function_call_arguments.delta": {
        const key = this.keyOf(event);
        if (key === undefined || !delta) return [];
        this.argumentsSeen.add(key);
        const piece = this.toolCalls.append(key, delta);
        return piece ? [piece] : [];
      }
      case "response.custom_tool_call_input.delta": {
        const key = this.keyOf(event);
        if (key !== undefined) this.customInputs.set(key, (this.customInputs.get(key) ?? "") + delta);
        return [];
      }
      case "response.output_item.done":
        return this.itemDone(event);
      case "response.output_text.delta":
        return delta ? [{ type: "text-delta", text: delta }] : [];
      case "response.refusal.delta":
        this.refused = true;
        return delta ? [{ type: "text-delta", text: delta }] : [];
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta": {
        if (!delta) return [];
        // Summary parts are paragraphs of their own.
        const part = `${event.item_id}:${event.summary_index ?? event.content_index ?? 0}`;
        const separated = this.lastSummary !== undefined && this.lastSummary !== part ? `\n\n${delta}` : delta;
        this.lastSummary = part;
        return [{ type: "reasoning-delta", text: separated }];
      }
      case "response.completed":
      case "response.incomplete":
        this.readResponse(event.response);
        this.status = event.type === "response.completed" ? "completed" : "incomplete";
        this.incomplete = event.response?.incomplete_details?.reason;
        return [];
      case "response.failed":
        this.readResponse(event.response);
        return [streamErrorEvent(this.providerId, event.response?.error ?? { message: "the response failed (no reason given)" }, this.secrets)];
      case "error":
        return [streamErrorEvent(this.providerId, event.error ?? { code: event.code, message: event.message }, this.secrets)];
      default:
        // content parts, reasoning summary parts, hosted tool progress, and event types added later
        return [];
    }
  }

  private itemAdded(event: ResponsesEvent): StreamEvent[] {
    const item = event.item;
    if (!item?.type || !CALL_ITEMS.has(item.type)) return [];
    const key = event.output_index ?? this.toolCalls.count;
    if (item.id) this.callKeys.set(item.id, key);
    return [this.toolCalls.start(key, item.call_id ?? item.id, item.name)];
  }

  /** A call's item done: its whole arguments (or custom input) when no pieces came, then the call. */
  private itemDone(event: ResponsesEvent): StreamEvent[] {
    const item = event.item;
    if (!item?.type || !CALL_ITEMS.has(item.type)) return [];
    const key = event.output_index ?? (item.id ? this.callKeys.get(item.id) : undefined) ?? this.toolCalls.count;
    const events: StreamEvent[] = this.toolCalls.has(key) ? [] : [this.toolCalls.start(key, item.call_id ?? item.id, item.name)];
    const whole = item.type === "custom_tool_call" ? JSON.stringify({ [CUSTOM_TOOL_INPUT]: this.customInputs.get(key) ?? item.input ?? "" }) : this.argumentsSeen.has(key) ? "" : (item.arguments ?? "");
    const piece = whole ? this.toolCalls.append(key, whole) : undefined;
    if (piece) events.push(piece);
    const done = this.toolCalls.complete(key);
    if (done) events.push(done);
    return events;
  }

  end(): StreamEvent[] {
    if (this.status === null) return [truncatedStreamError(this.providerId)];
    const events: StreamEvent[] = this.toolCalls.completeAll();
    if (this.usage) events.push({ type: "usage", usage: this.usage });
    const rawReason = this.status === "incomplete" ? String(this.incomplete ?? "incomplete") : "completed";
    const reason: FinishReason = this.status === "incomplete" ? incompleteReason(this.incomplete) : this.refused ? "refusal" : this.toolCalls.count > 0 ? "tool-calls" : "stop";
    events.push({ type: "finish", reason, rawReason, ...(this.responseModel ? { model: this.responseModel } : {}) });
    return events;
  }
}

/** A whole (unstreamed) Response as the events its stream would have sent, in order. */
export function responseAsEvents(answer: unknown): EventSourceMessage[] {
  const response = (typeof answer === "object" && answer !== null ? answer : {}) as ResponseObject & { error?: unknown };
  const event = (data: Record<string, unknown>): EventSourceMessage => ({ event: data.type as string, data: JSON.stringify(data), id: undefined });
  if (response.status === undefined && response.error) return [event({ type: "error", error: response.error })];
  const items = Array.isArray(response.output) ? response.output : [];
  const itemEvents = items.flatMap((item, index) => {
    const texts = item.type === "message" && Array.isArray(item.content) ? (item.content as Array<{ type?: string; text?: string; refusal?: string }>) : [];
    const summaries = item.type === "reasoning" && Array.isArray(item.summary) ? (item.summary as Array<{ text?: string }>) : [];
    return [
      event({ type: "response.output_item.added", output_index: index, item }),
      ...texts.flatMap((part) =>
        part.type === "output_text" && part.text
          ? [event({ type: "response.output_text.delta", output_index: index, delta: part.text })]
          : part.type === "refusal" && part.refusal
            ? [event({ type: "response.refusal.delta", output_index: index, delta: part.refusal })]
            : [],
      ),
      ...summaries.flatMap((part, summary_index) => (part.text ? [event({ type: "response.reasoning_summary_text.delta", item_id: item.id, output_index: index, summary_index, delta: part.text })] : [])),
      event({ type: "response.output_item.done", output_index: index, item }),
    ];
  });
  const closing = response.status === "failed" ? "response.failed" : response.status === "incomplete" ? "response.incomplete" : "response.completed";
  return [event({ type: "response.created", response: { ...response, output: [] } }), ...itemEvents, event({ type: closing, response })];
}

/** The client's Responses request as it sent it: only the model is this provider's, and the key is ours. */
export const responsesNativeWire = (baseUrl: string): NativeWire => ({
  wire: "responses",
  target: (request, native, apiKey) => ({
    url: `${joinUrl(baseUrl, "responses")}${native.search}`,
    headers: { ...native.headers, authorization: apiKey ? `Bearer ${apiKey}` : undefined },
    body: { ...native.body, model: request.model },
  }),
  wholeAsMessages: responseAsEvents,
  countTarget: (model, count, apiKey) => ({
    url: `${joinUrl(baseUrl, "responses/input_tokens")}${count.search}`,
    headers: { ...count.headers, authorization: apiKey ? `Bearer ${apiKey}` : undefined },
    body: { ...count.body, model },
  }),
});

export function createOpenAIResponsesProvider(config: OpenAICompatibleConfig): ChatProvider {
  return createSseProvider(
    config,
    (request, apiKey) => ({
      url: joinUrl(config.baseUrl, "responses"),
      headers: { authorization: apiKey ? `Bearer ${apiKey}` : undefined },
      body: responsesRequestBody(request),
    }),
    (id, secrets) => new ResponsesStreamDecoder(id, secrets),
    responsesNativeWire(config.baseUrl),
  );
}
