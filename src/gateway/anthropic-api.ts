// POST /v1/messages, shaped exactly like Anthropic's Messages API so @anthropic-ai/sdk parses it, routed to
// any provider. Usage follows Anthropic's definitions: input_tokens excludes cache reads.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { AttemptState } from "../core/run/attempt-state";
import type { RunOutcome } from "../core/run/run-request";
import { estimateTokens } from "../core/spend/estimate";
import type { ChatMessage, StreamEvent, Usage } from "../core/stream/events";
import { messageText } from "../core/stream/messages";
import { anthropicEffort, anthropicToolChoice, anthropicTools, fromAnthropicMessages, type MessagesRequest, messagesRequestSchema } from "./anthropic-shapes";
import { anthropicStopReason, answeredAttempt, type GatewayError, readClientRequest, relayedAnswer } from "./gateway-request";
import type { GatewayRun } from "./gateway-run";
import { countTokens, estimatePromptTokens } from "./count-tokens";
import { NativeRelay } from "./native-relay";
import { routingFromRequest } from "./routing-fields";
import { sendJson, SseWriter, sseEventText } from "./sse-response";

const ERROR_TYPES: Record<GatewayError["kind"], string> = {
  invalid_request: "invalid_request_error",
  authentication: "authentication_error",
  budget: "billing_error",
  policy: "permission_error",
  not_found: "not_found_error",
  rate_limit: "rate_limit_error",
  overloaded: "overloaded_error",
  upstream: "api_error",
  timeout: "api_error",
  cancelled: "api_error",
};

export function anthropicError(error: GatewayError): unknown {
  return { type: "error", error: { type: ERROR_TYPES[error.kind], message: error.message } };
}

/** Anthropic's usage: input_tokens excludes tokens read from the cache. */
export function anthropicUsage(usage: Usage | undefined): Record<string, unknown> {
  const cached = usage?.cachedInputTokens ?? 0;
  const written = usage?.cacheWriteInputTokens ?? 0;
  const written1h = usage?.cacheWrite1hInputTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.inputTokens ?? 0) - cached - written),
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: written,
    cache_creation: { ephemeral_5m_input_tokens: written - written1h, ephemeral_1h_input_tokens: written1h },
    output_tokens: usage?.outputTokens ?? 0,
  };
}

function contentOf(state: AttemptState): unknown[] {
  return [
    ...(state.reasoning ? [{ type: "thinking", thinking: state.reasoning, signature: "" }] : []),
    ...(state.text ? [{ type: "text", text: state.text }] : []),
    ...state.toolCalls.map((call) => ({ type: "tool_use", id: call.id, name: call.name, input: safeJson(call.arguments) })),
  ];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** The body as a Messages request with its normalised conversation, or the 400 it deserves (sent here). */
function readMessagesRequest(body: unknown, response: ServerResponse, run: GatewayRun): { request: MessagesRequest; normalised: ChatMessage[] } | undefined {
  const read = readClientRequest(
    (value) => messagesRequestSchema.safeParse(value),
    body,
    run.describe,
    (message) => sendJson(response, 400, anthropicError({ status: 400, kind: "invalid_request", message })),
    fromAnthropicMessages,
  );
  return read && { request: read.request, normalised: read.translated };
}

export async function messages(body: unknown, response: ServerResponse, run: GatewayRun): Promise<void> {
  const read = readMessagesRequest(body, response, run);
  if (!read) return;
  const { request, normalised } = read;
  const id = `msg_${randomUUID().replace(/-/g, "")}`;
  const streaming = request.stream === true;
  const sse = new SseWriter(response);
  let answering = "";
  // Content blocks as they stream: one open block at a time, numbered in order.
  let open: { index: number; kind: "text" | "thinking" | "tool"; call?: number } | undefined;
  let nextIndex = 0;
  const promptEstimate = normalised.reduce((sum, message) => sum + estimateTokens(messageText(message)), 0);
  const openBlock = (kind: "text" | "thinking" | "tool", contentBlock: unknown, call?: number) => {
    if (open) sse.send({ type: "content_block_stop", index: open.index }, "content_block_stop");
    open = { index: nextIndex++, kind, ...(call === undefined ? {} : { call }) };
    sse.send({ type: "content_block_start", index: open.index, content_block: contentBlock }, "content_block_start");
  };
  const relay = new NativeRelay(response);
  const onEvent = (event: StreamEvent) => {
    // A same-wire answer goes to the client as the provider's own bytes (the relay's business).
    if (relay.isActive) return;
    if (!streaming || (event.type !== "text-delta" && event.type !== "reasoning-delta" && event.type !== "tool-call-delta")) return;
    if (!sse.isStarted) {
      // Anthropic states the prompt's size up front; the exact count follows in message_delta.
      sse.send({ type: "message_start", message: { id, type: "message", role: "assistant", model: answering, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: promptEstimate, output_tokens: 0 } } }, "message_start");
    }
    if (event.type === "text-delta") {
      if (open?.kind !== "text") openBlock("text", { type: "text", text: "" });
      sse.send({ type: "content_block_delta", index: open!.index, delta: { type: "text_delta", text: event.text } }, "content_block_delta");
    } else if (event.type === "reasoning-delta") {
      if (open?.kind !== "thinking") openBlock("thinking", { type: "thinking", thinking: "", signature: "" });
      sse.send({ type: "content_block_delta", index: open!.index, delta: { type: "thinking_delta", thinking: event.text } }, "content_block_delta");
    } else {
      if (open?.kind !== "tool" || open.call !== event.index) openBlock("tool", { type: "tool_use", id: event.id, name: event.name, input: {} }, event.index);
      if (event.argumentsDelta) sse.send({ type: "content_block_delta", index: open!.index, delta: { type: "input_json_delta", partial_json: event.argumentsDelta } }, "content_block_delta");
    }
    sse.flushFirstOutput();
  };
  const { tools, hosted } = anthropicTools(request.tools);
  const toolChoice = anthropicToolChoice(request.tool_choice);
  const effort = anthropicEffort(request);
  const outcome: RunOutcome = await run.execute(
    {
      routing: routingFromRequest({ ...request, model: run.modelNamed(request.model, "anthropic") }, run.auto),
      messages: normalised,
      maxOutputTokens: request.max_tokens,
      ...(tools.length > 0 ? { tools } : {}),
      ...(toolChoice && tools.length > 0 ? { toolChoice } : {}),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.top_p === undefined ? {} : { topP: request.top_p }),
      ...(effort ? { reasoningEffort: effort } : {}),
      native: run.nativeRequest("anthropic", body as Record<string, unknown>, streaming, relay),
    },
    {
      onAttemptStart: (attempt) => {
        relay.newAttempt();
        answering = attempt.modelId;
        if (hosted.length > 0 && run.wireOf(attempt.modelId) !== "anthropic") run.log(`${attempt.modelId} cannot run Anthropic's hosted tools; left out: ${hosted.join(", ")}`);
      },
      onEvent,
    },
  );
  if (relayedAnswer(outcome, relay, (error) => sseEventText(anthropicError(error), "error"))) return;
  const answered = answeredAttempt(outcome, response, sse, anthropicError, "error");
  if (!answered) return;
  const { final } = answered;
  const usage = anthropicUsage(final.usage);
  if (!streaming) {
    return sendJson(response, 200, { id, type: "message", role: "assistant", model: answering, content: contentOf(final.state), stop_reason: anthropicStopReason(final.state), stop_sequence: null, usage });
  }
  if (!sse.isStarted) {
    sse.send({ type: "message_start", message: { id, type: "message", role: "assistant", model: answering, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input_tokens, output_tokens: 0 } } }, "message_start");
  }
  if (open) sse.send({ type: "content_block_stop", index: open.index }, "content_block_stop");
  sse.send({ type: "message_delta", delta: { stop_reason: anthropicStopReason(final.state), stop_sequence: null }, usage }, "message_delta");
  sse.send({ type: "message_stop" }, "message_stop");
  sse.end();
}

/** POST /v1/messages/count_tokens: the same body without max_tokens, answered as {input_tokens}. */
export async function countMessageTokens(body: unknown, response: ServerResponse, run: GatewayRun): Promise<void> {
  // A count takes the same body without max_tokens.
  const read = readMessagesRequest(typeof body === "object" && body !== null ? { max_tokens: 1, ...body } : body, response, run);
  if (!read) return;
  const { request, normalised } = read;
  await countTokens(run, "anthropic", run.modelNamed(request.model, "anthropic"), body as Record<string, unknown>, response, () => ({
    input_tokens: estimatePromptTokens(normalised, anthropicTools(request.tools).tools),
  }));
}
