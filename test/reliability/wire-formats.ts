// Builds streams in each provider's real wire format, for the fault matrix.
import type { ProviderDefinition } from "../../src/core/providers/provider-definitions";

export type Format = "openai-compatible" | "openai-responses" | "anthropic" | "gemini";

export interface WireFormat {
  /** Base URL path suffix the adapter expects. */
  basePath: string;
  start(): string;
  text(text: string): string;
  /** Usage and the end of a normal answer. */
  finish(outputTokens: number): string;
  /** An error sent inside the stream after HTTP 200. */
  streamError(): string;
}

const data = (body: object) => `data: ${JSON.stringify(body)}\n\n`;

export const FORMATS: Record<Format, WireFormat> = {
  "openai-compatible": {
    basePath: "/v1",
    start: () => "",
    text: (text) => data({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }] }),
    finish: (out) => `${data({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: { prompt_tokens: 10, completion_tokens: out, total_tokens: 10 + out } })}data: [DONE]\n\n`,
    streamError: () => data({ error: { message: "upstream overloaded", type: "overloaded_error" } }),
  },
  // OpenAI's Responses API: typed events, each named in its event line.
  "openai-responses": {
    basePath: "/v1",
    start: () => `event: response.created\n${data({ type: "response.created", response: { id: "resp_1", status: "in_progress", model: "m", output: [] } })}`,
    text: (text) => `event: response.output_text.delta\n${data({ type: "response.output_text.delta", item_id: "msg_1", output_index: 0, content_index: 0, delta: text })}`,
    finish: (out) =>
      `event: response.completed\n${data({ type: "response.completed", response: { id: "resp_1", status: "completed", model: "m", usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: out, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 10 + out } } })}`,
    streamError: () => `event: error\n${data({ type: "error", code: "server_is_overloaded", message: "The server is overloaded.", param: null })}`,
  },
  anthropic: {
    basePath: "",
    start: () => `event: message_start\n${data({ type: "message_start", message: { usage: { input_tokens: 10, output_tokens: 1 } } })}`,
    text: (text) => `event: content_block_delta\n${data({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } })}`,
    finish: (out) =>
      `event: message_delta\n${data({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: out } })}event: message_stop\n${data({ type: "message_stop" })}`,
    streamError: () => `event: error\n${data({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } })}`,
  },
  gemini: {
    basePath: "/v1beta",
    start: () => "",
    text: (text) => `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text }] } }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1 } })}\r\n\r\n`,
    finish: (out) => `data: ${JSON.stringify({ candidates: [{ content: { parts: [] }, finishReason: "STOP" }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: out } })}\r\n\r\n`,
    streamError: () => `data: ${JSON.stringify({ error: { code: 503, status: "UNAVAILABLE", message: "The model is overloaded." } })}\r\n\r\n`,
  },
};

export function definition(id: string, format: Format, baseUrl: string): ProviderDefinition {
  const kind = format === "openai-responses" ? { kind: "openai-compatible" as const, api: "responses" as const } : { kind: format };
  return { id, ...kind, baseUrl: `${baseUrl}${FORMATS[format].basePath}`, dataPolicy: { trainsOnData: false, retainsData: false } };
}
