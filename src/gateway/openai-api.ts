// POST /v1/chat/completions with OpenRouter's routing fields. A provider of this wire gets the client's
// request as sent and its answer goes back as it came (NativeRelay); any other provider's answer is shaped
// exactly like OpenAI's so the official SDK parses it unchanged, its usage stating what Switchboard bills.
import type { ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { RunOutcome } from "../core/run/run-request";
import type { AttemptState } from "../core/run/attempt-state";
import type { StreamEvent, Usage } from "../core/stream/events";
import {
  fromOpenAIMessage,
  fromOpenAIResponseFormat,
  fromOpenAIToolChoice,
  fromOpenAITools,
  openAIMessagesSchema,
  openAIResponseFormatSchema,
  openAIToolChoiceSchema,
  openAIToolsSchema,
  unansweredToolResults,
} from "../core/stream/openai-shapes";
import { picoToUsd } from "../core/spend/cost";
import * as z from "../zod";
import { answeredAttempt, type GatewayError, openAIFinishReason, relayedAnswer } from "./gateway-request";
import type { GatewayRun } from "./gateway-run";
import { NativeRelay } from "./native-relay";
import { providerPreferencesSchema, routingFromRequest } from "./routing-fields";
import { sendJson, SseWriter, sseEventText } from "./sse-response";

const positiveInt = z.nullable(z.int().check(z.positive()));

export const chatCompletionSchema = z.object({
  model: z.optional(z.string().check(z.minLength(1))),
  models: z.optional(z.array(z.string().check(z.minLength(1)))),
  messages: openAIMessagesSchema,
  stream: z.optional(z.nullable(z.boolean())),
  stream_options: z.optional(z.nullable(z.object({ include_usage: z.optional(z.boolean()) }))),
  tools: z.optional(openAIToolsSchema),
  tool_choice: z.optional(openAIToolChoiceSchema),
  response_format: z.optional(openAIResponseFormatSchema),
  max_tokens: z.optional(positiveInt),
  max_completion_tokens: z.optional(positiveInt),
  temperature: z.optional(z.nullable(z.number().check(z.gte(0), z.lte(2)))),
  provider: z.optional(providerPreferencesSchema),
});

export function openAIError(error: GatewayError): unknown {
  const type = error.kind === "invalid_request" ? "invalid_request_error" : error.kind === "authentication" ? "authentication_error" : error.kind;
  return { error: { message: error.message, type, code: error.kind, param: null } };
}

/** Usage in OpenAI's terms: prompt tokens include cached ones, completion tokens include reasoning. */
/** `costPico` undefined: the model has no known price, so no cost is stated (never a made-up 0). */
export function openAIUsage(usage: Usage | undefined, costPico: bigint | undefined): Record<string, unknown> {
  const prompt = usage?.inputTokens ?? 0;
  const completion = usage?.outputTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage?.cachedInputTokens ?? 0 },
    ...(usage?.reasoningTokens ? { completion_tokens_details: { reasoning_tokens: usage.reasoningTokens } } : {}),
    ...(costPico === undefined ? {} : { cost: picoToUsd(costPico) }),
  };
}

/** Stands in for a text delta while its chunk's envelope is serialised (a JSON string no model id holds). */
const TEXT_SLOT = "\u0000switchboard-text\u0000";

function splitAround(json: string, slot: string): [string, string] {
  const at = json.indexOf(slot);
  return [json.slice(0, at), json.slice(at + slot.length)];
}

function toolCallsOf(state: AttemptState) {
  return state.toolCalls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } }));
}

export async function chatCompletions(body: unknown, response: ServerResponse, run: GatewayRun): Promise<void> {
  const parsed = chatCompletionSchema.safeParse(body);
  if (!parsed.success) return sendJson(response, 400, openAIError({ status: 400, kind: "invalid_request", message: run.describe(parsed.error) }));
  const request = parsed.data;
  const messages = request.messages.map(fromOpenAIMessage);
  const unanswered = unansweredToolResults(messages);
  if (unanswered.length > 0) return sendJson(response, 400, openAIError({ status: 400, kind: "invalid_request", message: `messages${unanswered[0]}` }));

  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const streaming = request.stream === true;
  const sse = new SseWriter(response);
  let answering = "";
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ id, object: "chat.completion.chunk", created, model: answering, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  // Text deltas are most of a stream: their envelope is serialised once (the answering model is settled
  // by the first output), and each delta only adds its JSON string.
  let textEnvelope: [string, string] | undefined;
  const textChunk = (text: string) => {
    textEnvelope ??= splitAround(JSON.stringify(chunk({ content: TEXT_SLOT })), JSON.stringify(TEXT_SLOT));
    return `${textEnvelope[0]}${JSON.stringify(text)}${textEnvelope[1]}`;
  };
  /** Calls streamed so far by id: their index, and whether any of their arguments went out. */
  const streamedCalls = new Map<string, { index: number; sentArguments: boolean }>();
  const deltaChunk = (event: StreamEvent): string | undefined => {
    if (event.type === "text-delta") return textChunk(event.text);
    if (event.type === "reasoning-delta") return JSON.stringify(chunk({ reasoning: event.text }));
    if (event.type === "tool-call") {
      // A call without arguments (Anthropic's tool_use with empty input) still needs JSON text: clients parse it.
      const streamed = streamedCalls.get(event.id);
      if (!streamed || streamed.sentArguments) return undefined;
      streamed.sentArguments = true;
      return JSON.stringify(chunk({ tool_calls: [{ index: streamed.index, function: { arguments: event.arguments } }] }));
    }
    if (event.type !== "tool-call-delta") return undefined;
    const opening = !streamedCalls.has(event.id);
    const streamed = streamedCalls.get(event.id) ?? { index: event.index, sentArguments: false };
    streamedCalls.set(event.id, streamed);
    if (event.argumentsDelta) streamed.sentArguments = true;
    return JSON.stringify(chunk({ tool_calls: [{ index: event.index, ...(opening ? { id: event.id, type: "function" } : {}), function: { ...(opening ? { name: event.name } : {}), arguments: event.argumentsDelta } }] }));
  };
  const relay = new NativeRelay(response);
  const onEvent = (event: StreamEvent) => {
    // A same-wire answer goes to the client as the provider's own bytes (the relay's business).
    if (!streaming || relay.isActive) return;
    const json = deltaChunk(event);
    if (json === undefined) return;
    if (!sse.isStarted) sse.send(chunk({ role: "assistant", content: "" }));
    sse.sendRaw(json);
    sse.flushFirstOutput();
  };

  const outcome: RunOutcome = await run.execute(
    {
      routing: routingFromRequest({ ...request, model: run.modelNamed(request.model, "openai") }, run.auto),
      messages,
      ...(request.tools ? { tools: fromOpenAITools(request.tools) } : {}),
      ...(request.tool_choice ? { toolChoice: fromOpenAIToolChoice(request.tool_choice) } : {}),
      ...(request.response_format && fromOpenAIResponseFormat(request.response_format) ? { responseFormat: fromOpenAIResponseFormat(request.response_format) } : {}),
      ...((request.max_completion_tokens ?? request.max_tokens) ? { maxOutputTokens: (request.max_completion_tokens ?? request.max_tokens)! } : {}),
      ...(request.temperature != null ? { temperature: request.temperature } : {}),
      native: run.nativeRequest("openai", body as Record<string, unknown>, streaming, relay),
    },
    {
      onAttemptStart: (attempt) => {
        relay.newAttempt();
        answering = attempt.modelId;
      },
      onEvent,
    },
  );
  if (relayedAnswer(outcome, relay, (error) => sseEventText(openAIError(error)))) return;
  const answered = answeredAttempt(outcome, response, sse, openAIError);
  if (!answered) return;
  const { final } = answered;
  const usage = openAIUsage(final.usage, final.costSource === "unpriced" ? undefined : answered.costPicoUsd);
  if (!streaming) {
    const calls = toolCallsOf(final.state);
    return sendJson(response, 200, {
      id,
      object: "chat.completion",
      created,
      model: answering,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: final.state.text === "" && calls.length > 0 ? null : final.state.text, refusal: null, ...(calls.length > 0 ? { tool_calls: calls } : {}), ...(final.state.reasoning ? { reasoning: final.state.reasoning } : {}) },
          logprobs: null,
          finish_reason: openAIFinishReason(final.state),
        },
      ],
      usage,
    });
  }
  if (!sse.isStarted) sse.send(chunk({ role: "assistant", content: "" }));
  sse.send(chunk({}, openAIFinishReason(final.state)));
  if (request.stream_options?.include_usage) sse.send({ id, object: "chat.completion.chunk", created, model: answering, choices: [], usage });
  sse.send("[DONE]");
  sse.end();
}
