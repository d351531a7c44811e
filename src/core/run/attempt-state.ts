// The one fold of provider events into an attempt's state. Routing, the playground's columns and the CLI
// all read this state (or a projection of it); no other code reduces a stream.
import { estimateTokens } from "../spend/estimate";
import type { ErrorKind, FinishReason, StreamEvent, ToolCall, Usage } from "../stream/events";

/** A call still streaming: its arguments so far. */
export interface PartialToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface AttemptState {
  text: string;
  reasoning: string;
  /** Complete calls, in the order the provider completed them. */
  toolCalls: ToolCall[];
  /** Calls still streaming, by index. */
  partialToolCalls: PartialToolCall[];
  /** Reported by the provider; null until it arrives. */
  usage: Usage | null;
  finish: { reason: FinishReason; rawReason?: string; model?: string } | null;
  error: Extract<StreamEvent, { type: "error" }> | null;
  startedAt: number;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  endedAt: number | null;
}

export function newAttemptState(startedAt: number): AttemptState {
  return { text: "", reasoning: "", toolCalls: [], partialToolCalls: [], usage: null, finish: null, error: null, startedAt, firstTokenAt: null, lastTokenAt: null, endedAt: null };
}

function sawOutput(state: AttemptState, now: number): void {
  state.firstTokenAt ??= now;
  state.lastTokenAt = now;
}

/** Applies one event in place (states are per attempt and never shared). */
export function foldEvent(state: AttemptState, event: StreamEvent, now: number): void {
  switch (event.type) {
    case "text-delta":
      sawOutput(state, now);
      state.text += event.text;
      break;
    case "reasoning-delta":
      sawOutput(state, now);
      state.reasoning += event.text;
      break;
    case "tool-call-delta": {
      sawOutput(state, now);
      const partial = state.partialToolCalls[event.index] ?? { id: event.id, name: event.name, arguments: "" };
      state.partialToolCalls[event.index] = partial;
      partial.id = event.id;
      partial.name = event.name || partial.name;
      partial.arguments += event.argumentsDelta;
      break;
    }
    case "tool-call":
      sawOutput(state, now);
      state.toolCalls.push({ id: event.id, name: event.name, arguments: event.arguments, ...(event.signature ? { signature: event.signature } : {}) });
      break;
    case "usage":
      state.usage = event.usage;
      break;
    case "finish":
      state.finish = { reason: event.reason, ...(event.rawReason === undefined ? {} : { rawReason: event.rawReason }), ...(event.model === undefined ? {} : { model: event.model }) };
      state.endedAt = now;
      break;
    case "error":
      state.error = event;
      state.endedAt = now;
      break;
  }
}

/** A stream that ended with neither a finish nor an error: the provider hung up early. */
export function endOfStream(state: AttemptState, providerId: string, now: number): void {
  if (state.finish || state.error) return;
  state.error = { type: "error", kind: "bad-response", retryable: true, message: `${providerId} ended the stream before the model finished its answer.` };
  state.endedAt = now;
}

/** Something thrown while reading (adapters report failures as events, so this is a cancellation or a bug). */
export function failWith(state: AttemptState, kind: ErrorKind, message: string, now: number): void {
  if (state.error) return;
  state.error = { type: "error", kind, retryable: false, message };
  state.endedAt = now;
}

export function outcomeOf(state: AttemptState): "ok" | ErrorKind {
  return state.error ? state.error.kind : "ok";
}

/** Everything the model has produced so far, as text an estimate can count. */
function streamedText(state: AttemptState): string {
  return state.text + state.reasoning + state.toolCalls.map((call) => call.name + call.arguments).join("") + state.partialToolCalls.map((call) => call.name + call.arguments).join("");
}

/** The provider's usage, or (until it arrives) an estimate from the prompt and what has streamed. */
export function usageSoFar(state: AttemptState, estimatedInputTokens: number): { usage: Usage; exact: boolean } {
  if (state.usage) return { usage: state.usage, exact: true };
  const streamed = streamedText(state);
  return { usage: { inputTokens: estimatedInputTokens, cachedInputTokens: 0, outputTokens: streamed === "" ? 0 : estimateTokens(streamed) }, exact: false };
}

/**
 * What the attempt is billed for. The provider's usage when it reported one; else, when output had
 * started (a stop, a superseding request, a stream cut short), providers still bill what they generated,
 * so the estimate stands in and is marked as such; an attempt that produced nothing costs nothing.
 */
export function billedUsage(state: AttemptState, estimateInputTokens: () => number): { usage: Usage; estimated: boolean } | undefined {
  if (state.usage) return { usage: state.usage, estimated: false };
  if (state.firstTokenAt === null) return undefined;
  return { usage: usageSoFar(state, estimateInputTokens()).usage, estimated: true };
}

export function tokensPerSecond(state: AttemptState, outputTokens: number): number | null {
  // A tool call alone arrives in one or two reads: its tokens over a millisecond are no speed.
  if (state.text === "" && state.reasoning === "") return null;
  const streamingMs = state.firstTokenAt !== null && state.lastTokenAt !== null ? state.lastTokenAt - state.firstTokenAt : 0;
  return streamingMs > 0 ? (outputTokens / streamingMs) * 1000 : null;
}
