// POST /v1beta/models/{model}:generateContent and :streamGenerateContent (?alt=sse), shaped like Google's
// Gemini API so Gemini CLI and @google/genai read it unchanged, routed to any provider. A Gemini provider
// gets the client's request and answers as sent; other wires are translated both ways.
import type { ServerResponse } from "node:http";
import type { AttemptState } from "../core/run/attempt-state";
import type { RunOutcome } from "../core/run/run-request";
import type { StreamEvent, ToolCall, Usage } from "../core/stream/events";
import { answeredAttempt, type GatewayError, relayedAnswer } from "./gateway-request";
import type { GatewayRun } from "./gateway-run";
import { fromGeminiContents, generateContentSchema, geminiEffort, geminiResponseFormat, geminiToolChoice, geminiTools } from "./gemini-shapes";
import { countTokens, estimatePromptTokens } from "./count-tokens";
import { NativeRelay } from "./native-relay";
import { routingFromRequest } from "./routing-fields";
import { sendJson, SseWriter, sseEventText } from "./sse-response";

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  402: "RESOURCE_EXHAUSTED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** Google's error shape: {error: {code, message, status}}. */
export function geminiError(error: GatewayError): unknown {
  return { error: { code: error.status, message: error.message, status: STATUS_NAMES[error.status] ?? "INTERNAL" } };
}

/** Gemini's usage: promptTokenCount includes cached tokens, candidatesTokenCount excludes thoughts. */
export function geminiUsage(usage: Usage | undefined): Record<string, number> {
  const prompt = usage?.inputTokens ?? 0;
  const thoughts = usage?.reasoningTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: Math.max(0, output - thoughts),
    totalTokenCount: prompt + output,
    ...(usage?.cachedInputTokens ? { cachedContentTokenCount: usage.cachedInputTokens } : {}),
    ...(thoughts ? { thoughtsTokenCount: thoughts } : {}),
  };
}

function finishReasonOf(state: AttemptState): string {
  switch (state.finish?.reason) {
    case "length":
      return "MAX_TOKENS";
    case "content-filter":
    case "refusal":
      return "SAFETY";
    case "other":
      return "OTHER";
    default:
      return "STOP";
  }
}

function argsOf(call: ToolCall): unknown {
  try {
    return JSON.parse(call.arguments);
  } catch {
    return {};
  }
}

const functionCallPart = (call: ToolCall) => ({ functionCall: { id: call.id, name: call.name, args: argsOf(call) } });

export async function generateContent(model: string, stream: boolean, body: unknown, response: ServerResponse, run: GatewayRun): Promise<void> {
  const parsed = generateContentSchema.safeParse(body);
  if (!parsed.success) return sendJson(response, 400, geminiError({ status: 400, kind: "invalid_request", message: run.describe(parsed.error) }));
  const request = parsed.data;
  const sse = new SseWriter(response);
  const relay = new NativeRelay(response);
  let answering = "";
  const chunk = (parts: unknown[], extra: Record<string, unknown> = {}) => ({ candidates: [{ content: { role: "model", parts }, index: 0, ...extra }], modelVersion: answering });
  const onEvent = (event: StreamEvent) => {
    // A same-wire answer goes to the client as the provider's own bytes (the relay's business).
    if (relay.isActive) return;
    if (!stream) return;
    // Gemini sends calls whole: one part per complete call.
    const parts =
      event.type === "text-delta" ? [{ text: event.text }] : event.type === "reasoning-delta" ? [{ text: event.text, thought: true }] : event.type === "tool-call" ? [functionCallPart(event)] : undefined;
    if (!parts) return;
    sse.send(chunk(parts));
    sse.flushFirstOutput();
  };
  const { tools, hosted } = geminiTools(request.tools);
  const toolChoice = geminiToolChoice(request);
  const responseFormat = geminiResponseFormat(request);
  const effort = geminiEffort(request);
  const config = request.generationConfig;
  const outcome: RunOutcome = await run.execute(
    {
      routing: routingFromRequest({ model: run.modelNamed(model, "gemini"), models: request.models, provider: request.provider }, run.auto),
      messages: fromGeminiContents(request),
      ...(config?.maxOutputTokens ? { maxOutputTokens: config.maxOutputTokens } : {}),
      ...(config?.temperature === undefined ? {} : { temperature: config.temperature }),
      ...(config?.topP === undefined ? {} : { topP: config.topP }),
      ...(tools.length > 0 ? { tools } : {}),
      ...(toolChoice && tools.length > 0 ? { toolChoice } : {}),
      ...(responseFormat ? { responseFormat } : {}),
      ...(effort ? { reasoningEffort: effort } : {}),
      native: run.nativeRequest("gemini", body as Record<string, unknown>, stream, relay),
    },
    {
      onAttemptStart: (attempt) => {
        relay.newAttempt();
        answering = attempt.modelId;
        if (hosted.length > 0 && run.wireOf(attempt.modelId) !== "gemini") run.log(`${attempt.modelId} cannot run Gemini's hosted tools; left out: ${hosted.join(", ")}`);
      },
      onEvent,
    },
  );
  if (relayedAnswer(outcome, relay, (error) => sseEventText(geminiError(error)))) return;
  const answered = answeredAttempt(outcome, response, sse, geminiError);
  if (!answered) return;
  const { state, usage } = answered.final;
  const ending = { finishReason: finishReasonOf(state) };
  if (!stream) {
    const parts = [
      ...(state.reasoning ? [{ text: state.reasoning, thought: true }] : []),
      ...(state.text ? [{ text: state.text }] : []),
      ...state.toolCalls.map(functionCallPart),
    ];
    return sendJson(response, 200, { ...chunk(parts.length > 0 ? parts : [{ text: "" }], ending), usageMetadata: geminiUsage(usage) });
  }
  sse.send({ ...chunk([{ text: "" }], ending), usageMetadata: geminiUsage(usage) });
  sse.end();
}

/** POST /v1beta/models/{model}:countTokens: {contents} or {generateContentRequest}, answered as {totalTokens}. */
export async function countGeminiTokens(model: string, body: unknown, response: ServerResponse, run: GatewayRun): Promise<void> {
  const inner = (body as { generateContentRequest?: unknown } | null)?.generateContentRequest ?? body;
  const parsed = generateContentSchema.safeParse(inner);
  if (!parsed.success) return sendJson(response, 400, geminiError({ status: 400, kind: "invalid_request", message: run.describe(parsed.error) }));
  await countTokens(run, "gemini", run.modelNamed(model, "gemini"), body as Record<string, unknown>, response, () => ({
    totalTokens: estimatePromptTokens(fromGeminiContents(parsed.data), geminiTools(parsed.data.tools).tools),
  }));
}
