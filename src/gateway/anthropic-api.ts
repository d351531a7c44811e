// POST /v1/messages, shaped exactly like Anthropic's Messages API so @anthropic-ai/sdk parses it, routed to
// any provider. Usage follows Anthropic's definitions: input_tokens excludes cache reads.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { AttemptState } from "../core/run/attempt-state";
import type { RunOutcome } from "../core/run/run-request";
import { estimateTokens } from "../core/spend/estimate";
import type { ChatMessage, ContentPart, StreamEvent, ToolChoice, ToolDefinition, Usage } from "../core/stream/events";
import { messageText } from "../core/stream/messages";
import * as z from "../zod";
import { anthropicStopReason, answeredAttempt, type GatewayError } from "./gateway-request";
import type { GatewayRun } from "./gateway-run";
import { providerPreferencesSchema, routingFromRequest, unmodelledFields } from "./routing-fields";
import { sendJson, SseWriter } from "./sse-response";

const textBlock = z.object({ type: z.literal("text"), text: z.string() });
const imageBlock = z.object({
  type: z.literal("image"),
  source: z.discriminatedUnion("type", [
    z.object({ type: z.literal("base64"), media_type: z.string().check(z.regex(/^image\/[\w.+-]+$/)), data: z.string() }),
    z.object({ type: z.literal("url"), url: z.string().check(z.regex(/^https?:\/\//, "an image url must be http(s)")) }),
  ]),
});
const toolUseBlock = z.object({ type: z.literal("tool_use"), id: z.string().check(z.minLength(1)), name: z.string().check(z.minLength(1)), input: z.unknown() });
const toolResultBlock = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string().check(z.minLength(1)),
  content: z.optional(z.union([z.string(), z.array(z.union([textBlock, imageBlock]))])),
  is_error: z.optional(z.boolean()),
});
const thinkingBlock = z.object({ type: z.literal("thinking"), thinking: z.string(), signature: z.optional(z.string()) });
const block = z.discriminatedUnion("type", [textBlock, imageBlock, toolUseBlock, toolResultBlock, thinkingBlock]);

export const messagesRequestSchema = z.object({
  model: z.optional(z.string().check(z.minLength(1))),
  models: z.optional(z.array(z.string().check(z.minLength(1)))),
  max_tokens: z.int().check(z.positive()),
  messages: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.union([z.string(), z.array(block)]) })).check(z.minLength(1, "at least one message is needed")),
  system: z.optional(z.union([z.string(), z.array(textBlock)])),
  tools: z.optional(z.array(z.object({ name: z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/)), description: z.optional(z.string()), input_schema: z.record(z.string(), z.unknown()) }))),
  tool_choice: z.optional(z.object({ type: z.enum(["auto", "any", "tool", "none"]), name: z.optional(z.string()) })),
  temperature: z.optional(z.number().check(z.gte(0), z.lte(1))),
  stream: z.optional(z.boolean()),
  provider: z.optional(providerPreferencesSchema),
});

type MessagesRequest = z.infer<typeof messagesRequestSchema>;

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

function imagePart(source: z.infer<typeof imageBlock>["source"]): ContentPart {
  return { type: "image", url: source.type === "base64" ? `data:${source.media_type};base64,${source.data}` : source.url };
}

/** Anthropic turns to normalised messages: tool_result blocks become tool messages before the turn's own text. */
export function fromAnthropicMessages(request: MessagesRequest): ChatMessage[] {
  const system = typeof request.system === "string" ? request.system : (request.system ?? []).map((b) => b.text).join("\n\n");
  const out: ChatMessage[] = system ? [{ role: "system", content: system }] : [];
  for (const message of request.messages) {
    const blocks = typeof message.content === "string" ? [{ type: "text" as const, text: message.content }] : message.content;
    if (message.role === "assistant") {
      const text = blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
      const toolCalls = blocks.flatMap((b) => (b.type === "tool_use" ? [{ id: b.id, name: b.name, arguments: JSON.stringify(b.input ?? {}) }] : []));
      out.push({ role: "assistant", content: text, ...(toolCalls.length > 0 ? { toolCalls } : {}) });
      continue;
    }
    for (const b of blocks) {
      if (b.type !== "tool_result") continue;
      const content = typeof b.content === "string" ? b.content : (b.content ?? []).flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
      out.push({ role: "tool", toolCallId: b.tool_use_id, content: b.is_error ? `Error: ${content}` : content });
    }
    const parts = blocks.flatMap((b): ContentPart[] => (b.type === "text" ? [{ type: "text", text: b.text }] : b.type === "image" ? [imagePart(b.source)] : []));
    if (parts.length === 0) continue;
    out.push({ role: "user", content: parts.every((p) => p.type === "text") ? parts.map((p) => (p.type === "text" ? p.text : "")).join("") : parts });
  }
  return out;
}

function toolChoiceOf(choice: MessagesRequest["tool_choice"]): ToolChoice | undefined {
  if (!choice) return undefined;
  if (choice.type === "tool" && choice.name) return { name: choice.name };
  return choice.type === "any" ? "required" : choice.type === "none" ? "none" : "auto";
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

export async function messages(body: unknown, response: ServerResponse, run: GatewayRun): Promise<void> {
  const parsed = messagesRequestSchema.safeParse(body);
  if (!parsed.success) return sendJson(response, 400, anthropicError({ status: 400, kind: "invalid_request", message: run.describe(parsed.error) }));
  const request = parsed.data;
  const normalised = fromAnthropicMessages(request);
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
  const onEvent = (event: StreamEvent) => {
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
  const tools: ToolDefinition[] | undefined = request.tools?.map((tool) => ({ name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.input_schema }));
  const toolChoice = toolChoiceOf(request.tool_choice);
  const outcome: RunOutcome = await run.execute(
    {
      routing: routingFromRequest(request, run.auto),
      messages: normalised,
      maxOutputTokens: request.max_tokens,
      ...(tools ? { tools } : {}),
      ...(toolChoice ? { toolChoice } : {}),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      passthrough: { wire: "anthropic", fields: unmodelledFields(body, Object.keys(messagesRequestSchema.shape)) },
    },
    {
      onAttemptStart: (attempt) => {
        answering = attempt.modelId;
      },
      onEvent,
    },
  );
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
