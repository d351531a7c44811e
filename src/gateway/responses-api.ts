// POST /v1/responses, OpenAI's Responses API (what Codex CLI and OpenAI's agents SDKs speak), routed to any
// provider. To a Responses provider the request goes as sent and its events come back as sent; to any
// other it is translated both ways. Switchboard keeps no responses, so what needs them is refused up front.
import type { ServerResponse } from "node:http";
import type { RunOutcome } from "../core/run/run-request";
import { countTokens, estimatePromptTokens } from "./count-tokens";
import { answeredAttempt, errorOfOutcome, type GatewayError, readClientRequest, relayedAnswer } from "./gateway-request";
import type { GatewayRun } from "./gateway-run";
import { NativeRelay } from "./native-relay";
import { openAIError } from "./openai-api";
import { fromResponsesInput, responsesEffort, responsesFormat, type ResponsesRequest, responsesRequestSchema, responsesToolChoice, responsesTools } from "./responses-shapes";
import { ResponsesWriter, responsesUsage } from "./responses-writer";
import { routingFromRequest } from "./routing-fields";
import { sendJson, SseWriter, sseEventText } from "./sse-response";

/** Fields echoed on the Response object as the API does (what was asked, not what was used). */
function echoed(request: ResponsesRequest): Record<string, unknown> {
  return {
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: request.reasoning ?? null,
    store: request.store ?? false,
    temperature: request.temperature ?? null,
    tool_choice: request.tool_choice ?? "auto",
    tools: request.tools ?? [],
    top_p: request.top_p ?? null,
  };
}

/**
 * What needs state kept on the provider's side: only a Responses provider keeps it, so every model the
 * request may go to must be one (no Switchboard Auto, no fallback to another wire). Else the 400 in words.
 */
function statefulProblem(request: ResponsesRequest, model: string | undefined, run: GatewayRun): string | undefined {
  const needs = request.previous_response_id ? "previous_response_id" : request.store === true ? "store: true" : undefined;
  if (!needs) return undefined;
  const candidates = [model, ...(request.models ?? [])].filter((id): id is string => id !== undefined);
  const elsewhere = candidates.length === 0 ? ["switchboard/auto"] : candidates.filter((id) => run.wireOf(id) !== "responses");
  if (elsewhere.length === 0) return undefined;
  return `${needs} needs the response kept on the provider's side, and Switchboard keeps no responses: ${elsewhere.join(", ")} ${elsewhere.length === 1 ? "is" : "are"} not on a Responses API provider. Send the whole conversation in input with store: false (as Codex does), or name only models of a provider with "api": "responses".`;
}

function readResponsesRequest(body: unknown, response: ServerResponse, run: GatewayRun) {
  const read = readClientRequest(
    (value) => responsesRequestSchema.safeParse(value),
    body,
    run.describe,
    (message) => sendJson(response, 400, openAIError({ status: 400, kind: "invalid_request", message })),
    fromResponsesInput,
  );
  return read && { request: read.request, ...read.translated };
}

export async function responses(body: unknown, response: ServerResponse, run: GatewayRun): Promise<void> {
  const read = readResponsesRequest(body, response, run);
  if (!read) return;
  const { request, messages, skipped } = read;
  const model = run.modelNamed(request.model, "responses");
  const stateful = statefulProblem(request, model, run);
  if (stateful) return sendJson(response, 400, openAIError({ status: 400, kind: "invalid_request", message: stateful }));
  const streaming = request.stream === true;
  const sse = new SseWriter(response);
  const { tools, hosted, byName } = responsesTools(request.tools);
  const writer = new ResponsesWriter(streaming ? sse : undefined, byName, echoed(request));
  const relay = new NativeRelay(response);
  const toolChoice = responsesToolChoice(request.tool_choice, byName);
  const effort = responsesEffort(request);
  const format = responsesFormat(request);
  const outcome: RunOutcome = await run.execute(
    {
      routing: routingFromRequest({ ...request, model }, run.auto),
      messages,
      ...(tools.length > 0 ? { tools } : {}),
      ...(toolChoice && tools.length > 0 ? { toolChoice } : {}),
      ...(format ? { responseFormat: format } : {}),
      ...(request.max_output_tokens ? { maxOutputTokens: request.max_output_tokens } : {}),
      ...(request.temperature != null ? { temperature: request.temperature } : {}),
      ...(request.top_p != null ? { topP: request.top_p } : {}),
      ...(effort ? { reasoningEffort: effort } : {}),
      native: run.nativeRequest("responses", body as Record<string, unknown>, streaming, relay),
    },
    {
      onAttemptStart: (attempt) => {
        relay.newAttempt();
        writer.model = attempt.modelId;
        if (run.wireOf(attempt.modelId) === "responses") return;
        const left = [...hosted.map((name) => `hosted tool ${name}`), ...skipped.map((type) => `${type} items`)];
        if (left.length > 0) run.log(`${attempt.modelId} is not on the Responses API; left out of the translated request: ${left.join(", ")}`);
      },
      onEvent: (event) => {
        if (relay.isActive || !streaming) return;
        writer.onEvent(event);
        if (event.type === "text-delta" || event.type === "reasoning-delta" || event.type === "tool-call-delta") sse.flushFirstOutput();
      },
    },
  );
  // A relayed stream cut short closes with the Responses API's own `error` event, numbered after the last
  // event relayed (clients order a stream's events by sequence_number).
  const closing = (error: GatewayError) => {
    const sequence = sequenceAfter(relay.lastEvent);
    return sseEventText({ type: "error", code: error.kind, message: error.message, param: null, ...(sequence === undefined ? {} : { sequence_number: sequence }) }, "error");
  };
  if (relayedAnswer(outcome, relay, closing)) return;
  // Output already went out (only a stream starts before the end): a failure now is the stream's own
  // response.failed event.
  const lateFailure = writer.isStarted ? errorOfOutcome(outcome) : undefined;
  if (lateFailure) {
    writer.fail(lateFailure);
    return sse.end();
  }
  const answered = answeredAttempt(outcome, response, sse, openAIError);
  if (!answered) return;
  const { final } = answered;
  const usage = responsesUsage(final.usage, final.costSource === "unpriced" ? undefined : answered.costPicoUsd);
  const whole = writer.finish(final.state, usage);
  if (!streaming) return sendJson(response, 200, whole);
  sse.end();
}

/** POST /v1/responses/input_tokens: the provider's count on the same wire, else Switchboard's estimate. */
export async function countResponseTokens(body: unknown, response: ServerResponse, run: GatewayRun): Promise<void> {
  const read = readResponsesRequest(body, response, run);
  if (!read) return;
  const { request, messages } = read;
  await countTokens(run, "responses", run.modelNamed(request.model, "responses"), body as Record<string, unknown>, response, () => ({
    object: "response.input_tokens",
    input_tokens: estimatePromptTokens(messages, responsesTools(request.tools).tools),
  }));
}

/** The sequence number after a relayed event's own; none when the provider does not number its events. */
function sequenceAfter(event: Buffer): number | undefined {
  const last = [...event.toString("utf8").matchAll(/"sequence_number":\s*(\d+)/g)].at(-1)?.[1];
  return last === undefined ? undefined : Number(last) + 1;
}
