// The attributes of Switchboard's spans and metrics: the GenAI semantic conventions' names, plus
// Switchboard's own (switchboard.*). Prompt and answer text only when the user opted in to storing them.
import type { Attributes } from "@opentelemetry/api";
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from "@opentelemetry/semantic-conventions/incubating";
import type { AttemptRecord } from "../core/routing/executor";
import { messageText } from "../core/stream/messages";
import type { ProviderIdentity } from "../core/telemetry/provider-identity";
import type { FinishedRequest } from "../core/telemetry/request-telemetry";

const ATTR_ERROR_TYPE = "error.type";

function common(request: FinishedRequest): Attributes {
  return {
    "switchboard.request_id": request.requestId,
    "switchboard.project": request.project ?? "",
    "switchboard.feature": request.feature,
    ...(request.caller === undefined ? {} : { "switchboard.caller": request.caller }),
    ...(request.session === undefined ? {} : { "switchboard.session": request.session }),
  };
}

/** The parent span of a routed request: what was planned and what it cost in all. */
export function requestAttributes(request: FinishedRequest): Attributes {
  const final = request.attempts.at(-1);
  return {
    [ATTR_GEN_AI_OPERATION_NAME]: "chat",
    ...common(request),
    "switchboard.route.planned": request.plan.attempts.map((attempt) => attempt.modelId),
    "switchboard.route.attempts": request.attempts.length,
    "switchboard.cost_usd": request.attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0),
    ...(final && final.outcome !== "ok" ? { [ATTR_ERROR_TYPE]: final.outcome } : {}),
  };
}

/** The finish reason as the provider gave it (e.g. "stop", "end_turn", "STOP"), else Switchboard's. */
function finishReason(attempt: AttemptRecord): string | undefined {
  const finish = attempt.state.finish;
  return finish ? (finish.rawReason ?? finish.reason) : undefined;
}

export function attemptAttributes(request: FinishedRequest, attempt: AttemptRecord, identity: ProviderIdentity): Attributes {
  const usage = attempt.usage;
  const reason = finishReason(attempt);
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: "chat",
    [ATTR_GEN_AI_PROVIDER_NAME]: identity.name,
    [ATTR_GEN_AI_REQUEST_MODEL]: attempt.model,
    ...(request.maxOutputTokens === undefined ? {} : { [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: request.maxOutputTokens }),
    ...(request.temperature === undefined ? {} : { [ATTR_GEN_AI_REQUEST_TEMPERATURE]: request.temperature }),
    ...(attempt.outcome === "ok" ? { [ATTR_GEN_AI_RESPONSE_MODEL]: attempt.state.finish?.model ?? attempt.model } : {}),
    ...(reason === undefined ? {} : { [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: [reason] }),
    ...(usage
      ? {
          [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: usage.inputTokens,
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: usage.outputTokens,
          [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: usage.cachedInputTokens,
          ...(usage.cacheWriteInputTokens ? { [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: usage.cacheWriteInputTokens } : {}),
          ...(usage.reasoningTokens ? { [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: usage.reasoningTokens } : {}),
        }
      : {}),
    ...(attempt.outcome === "ok" ? {} : { [ATTR_ERROR_TYPE]: attempt.outcome }),
    ...(identity.serverAddress ? { [ATTR_SERVER_ADDRESS]: identity.serverAddress } : {}),
    ...(identity.serverPort ? { [ATTR_SERVER_PORT]: identity.serverPort } : {}),
    "switchboard.cost_usd": attempt.costUsd,
    "switchboard.cost_source": attempt.costSource,
    ...(attempt.usageEstimated ? { "switchboard.usage_estimated": true } : {}),
    ...common(request),
    "switchboard.attempt": attempt.attempt,
    "switchboard.route.reason": attempt.reason,
  };
  if (request.messages) {
    // Opted in (switchboard.ledger.storePrompts): the conversation and the answer, in the conventions' shape.
    attributes[ATTR_GEN_AI_INPUT_MESSAGES] = JSON.stringify(request.messages.map((message) => ({ role: message.role, parts: [{ type: "text", content: messageText(message) }] })));
    const parts = [
      ...(attempt.state.text ? [{ type: "text", content: attempt.state.text }] : []),
      ...attempt.state.toolCalls.map((call) => ({ type: "tool_call", id: call.id, name: call.name, arguments: jsonOrText(call.arguments) })),
    ];
    attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = JSON.stringify([{ role: "assistant", parts, ...(reason === undefined ? {} : { finish_reason: reason }) }]);
  }
  return attributes;
}

/** Tool arguments as the conventions carry them: the JSON value, or the text when it is not JSON. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Metric attributes: low-cardinality ones only (no request ids). */
export function metricAttributes(request: FinishedRequest, attempt: AttemptRecord, identity: ProviderIdentity): Attributes {
  return {
    [ATTR_GEN_AI_OPERATION_NAME]: "chat",
    [ATTR_GEN_AI_PROVIDER_NAME]: identity.name,
    [ATTR_GEN_AI_REQUEST_MODEL]: attempt.model,
    ...(attempt.outcome === "ok" ? { [ATTR_GEN_AI_RESPONSE_MODEL]: attempt.state.finish?.model ?? attempt.model } : {}),
    ...(identity.serverAddress ? { [ATTR_SERVER_ADDRESS]: identity.serverAddress } : {}),
    "switchboard.project": request.project ?? "",
    "switchboard.feature": request.feature,
  };
}
