// What both APIs share once the pipeline has run: how a refusal or failure maps to an HTTP status and
// goes back to the client, and the finish reason in each API's words.
import type { ServerResponse } from "node:http";
import type { AttemptRecord } from "../core/routing/executor";
import type { RunOutcome } from "../core/run/run-request";
import type { AttemptState } from "../core/run/attempt-state";
import { type RunFailure, runFailure } from "../core/run/run-failure";
import type { NativeRelay } from "./native-relay";
import { sendJson, type SseWriter } from "./sse-response";
import type { ZodError } from "../zod";

/** A part of the client's request that its own API says is wrong: reported with its path, as a 400. */
export class BlockError extends Error {}

/**
 * The client's body read by its API's schema and translated for other wires, or undefined once the 400
 * it deserves (the schema's first problem, or a BlockError's, with its path) has been sent.
 */
export function readClientRequest<T, R>(
  parse: (body: unknown) => { success: true; data: T } | { success: false; error: ZodError },
  body: unknown,
  describe: (error: ZodError) => string,
  invalid: (message: string) => void,
  translate: (request: T) => R,
): { request: T; translated: R } | undefined {
  const parsed = parse(body);
  if (!parsed.success) return void invalid(describe(parsed.error));
  try {
    return { request: parsed.data, translated: translate(parsed.data) };
  } catch (error) {
    if (error instanceof BlockError) return void invalid(error.message);
    throw error;
  }
}

/** An error as the gateway answers it; each API shapes it its own way. */
export interface GatewayError {
  status: number;
  kind: "invalid_request" | "authentication" | "budget" | "policy" | "not_found" | "rate_limit" | "overloaded" | "upstream" | "timeout" | "cancelled";
  message: string;
}

const KIND_STATUS: Record<RunFailure["kind"], { status: number; kind: GatewayError["kind"] }> = {
  policy: { status: 403, kind: "policy" },
  budget: { status: 402, kind: "budget" },
  "rate-limit": { status: 429, kind: "rate_limit" },
  overloaded: { status: 503, kind: "overloaded" },
  timeout: { status: 504, kind: "timeout" },
  auth: { status: 502, kind: "upstream" },
  "not-found": { status: 404, kind: "not_found" },
  "bad-request": { status: 400, kind: "invalid_request" },
  network: { status: 502, kind: "upstream" },
  "bad-response": { status: 502, kind: "upstream" },
  cancelled: { status: 499, kind: "cancelled" },
};

/** The error a request that produced no answer gets: refusals by rule, failures by the last provider's status. */
export function errorOfOutcome(outcome: RunOutcome): GatewayError | undefined {
  const failure = runFailure(outcome);
  if (!failure) return undefined;
  if (outcome.kind === "done" && !outcome.execution.final) {
    // Nothing was sent. Every model without a key or not set up is the configuration's problem: a 400
    // that SDKs do not retry. A provider cooling down after failures may answer again soon: a 503.
    const configuration = outcome.execution.skipped.length > 0 && outcome.execution.skipped.every((skip) => skip.unavailable);
    return configuration
      ? { status: 400, kind: "invalid_request", message: `no provider could be called, the gateway's setup is incomplete (${failure.message})` }
      : { status: 503, kind: "overloaded", message: `no provider could be called (${failure.message})` };
  }
  const mapped = KIND_STATUS[failure.kind];
  // The last provider's own status when it answered with one (a 429 stays a 429, a 503 a 503); its
  // 401/403 is about Switchboard's key for it, not the client's token.
  const status = failure.status && failure.status >= 400 && failure.status !== 401 && failure.status !== 403 ? failure.status : mapped.status;
  return { status, kind: mapped.kind, message: failure.message };
}

/**
 * The answered attempt, or undefined once the failure went back to the client: as an HTTP error while
 * nothing was streamed yet, else as the API's own error event closing the stream (never a silent end).
 */
export function answeredAttempt(
  outcome: RunOutcome,
  response: ServerResponse,
  sse: SseWriter,
  shapeError: (error: GatewayError) => unknown,
  errorEvent?: string,
): { final: AttemptRecord; costPicoUsd: bigint } | undefined {
  if (response.destroyed) return undefined;
  const error = errorOfOutcome(outcome);
  const final = outcome.kind === "done" ? outcome.execution.final : undefined;
  if (!error && final && outcome.kind === "done") return { final, costPicoUsd: outcome.costPicoUsd };
  const failure = error ?? { status: 502, kind: "upstream" as const, message: "no answer" };
  if (!sse.isStarted) {
    sendJson(response, failure.status, shapeError(failure));
  } else {
    sse.send(shapeError(failure), errorEvent);
    sse.end();
  }
  return undefined;
}

/**
 * A same-wire answer already on its way to the client (or ready to go): the rest of its bytes leave now
 * that the attempt is recorded, closed by `errorEvent` (the wire's own error event, as SSE text) when it
 * failed after its first output. False when the answer, or the error, is the gateway's to shape.
 */
export function relayedAnswer(outcome: RunOutcome, relay: NativeRelay, errorEvent: (error: GatewayError) => string): boolean {
  const error = errorOfOutcome(outcome);
  if (relay.isLive || (relay.isActive && error === undefined)) {
    relay.finish(error && relay.isLive ? errorEvent(error) : undefined);
    return true;
  }
  return false;
}

/** The finish reason in OpenAI's words. */
export function openAIFinishReason(state: AttemptState): string {
  switch (state.finish?.reason) {
    case "length":
      return "length";
    case "tool-calls":
      return "tool_calls";
    case "content-filter":
    case "refusal":
      return "content_filter";
    default:
      return "stop";
  }
}

/** The stop reason in Anthropic's words. */
export function anthropicStopReason(state: AttemptState): string {
  switch (state.finish?.reason) {
    case "length":
      return "max_tokens";
    case "tool-calls":
      return "tool_use";
    case "refusal":
    case "content-filter":
      return "refusal";
    default:
      return "end_turn";
  }
}
