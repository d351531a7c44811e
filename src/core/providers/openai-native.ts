// A client's own Chat Completions request to an OpenAI-compatible provider: sent as it came (only the model
// is the provider's id), the provider's bytes relayed back as they came. One exception, for the bill: a
// stream without `stream_options.include_usage` carries no usage, so Switchboard asks for it and keeps the
// usage-only chunk (`choices: []`) to itself; the client's SDK never meets a chunk it did not ask for.
import type { EventSourceMessage } from "eventsource-parser";
import type { NativeRequest } from "./native-request";
import { joinUrl, type NativeWire } from "./sse-adapter";

type StreamOptions = { include_usage?: unknown } & Record<string, unknown>;

function streamOptionsOf(body: Record<string, unknown>): StreamOptions | undefined {
  const options = body.stream_options;
  return typeof options === "object" && options !== null ? (options as StreamOptions) : undefined;
}

/** A stream the client asked for without usage: Switchboard asks for it and keeps it. */
function usageAddedFor(native: NativeRequest): boolean {
  return native.stream && streamOptionsOf(native.body)?.include_usage !== true;
}

/** Only a usage chunk has no choices; the cheap look comes first, as every chunk passes here. */
const NO_CHOICES = /"choices"\s*:\s*\[\s*\]/;

function isUsageOnlyChunk(data: string): boolean {
  if (!NO_CHOICES.test(data)) return false;
  try {
    const chunk = JSON.parse(data) as { choices?: unknown; usage?: unknown };
    return Array.isArray(chunk.choices) && chunk.choices.length === 0 && typeof chunk.usage === "object" && chunk.usage !== null;
  } catch {
    return false;
  }
}

interface CompletionChoice {
  index?: number;
  message?: { content?: unknown; refusal?: unknown; reasoning?: unknown; reasoning_content?: unknown; tool_calls?: unknown };
  finish_reason?: unknown;
}

/** A whole chat.completion as the one chunk its stream would have carried, for the same decoder. */
export function completionAsChunks(answer: unknown): EventSourceMessage[] {
  const completion = (typeof answer === "object" && answer !== null ? answer : {}) as { error?: unknown; model?: unknown; choices?: unknown; usage?: unknown };
  const message = (data: unknown): EventSourceMessage => ({ event: undefined, id: undefined, data: JSON.stringify(data) });
  if (completion.error) return [message({ error: completion.error })];
  const choices = (Array.isArray(completion.choices) ? (completion.choices as CompletionChoice[]) : []).map((choice) => {
    const { content, refusal, reasoning, reasoning_content, tool_calls } = choice.message ?? {};
    // A whole message's calls have no index; the stream's pieces do.
    const calls = Array.isArray(tool_calls) ? tool_calls.map((call: Record<string, unknown>, index) => ({ index, ...call })) : undefined;
    return { index: choice.index ?? 0, delta: { content, refusal, reasoning, reasoning_content, tool_calls: calls }, finish_reason: choice.finish_reason ?? "stop" };
  });
  return [message({ model: completion.model, choices, usage: completion.usage ?? null })];
}

export const openAINativeWire = (baseUrl: string): NativeWire => ({
  wire: "openai",
  target: (request, native, apiKey) => ({
    url: `${joinUrl(baseUrl, "chat/completions")}${native.search}`,
    headers: { ...native.headers, authorization: apiKey ? `Bearer ${apiKey}` : undefined },
    body: {
      ...native.body,
      model: request.model,
      ...(usageAddedFor(native) ? { stream_options: { ...streamOptionsOf(native.body), include_usage: true } } : {}),
    },
  }),
  wholeAsMessages: completionAsChunks,
  notForClient: (native, message) => usageAddedFor(native) && isUsageOnlyChunk(message.data),
});
