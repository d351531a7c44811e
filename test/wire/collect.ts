// Runs one provider stream to its end and sums it up the way a user would read it.
import type { ChatProvider, ChatRequest, StreamEvent } from "../../src/core/stream/events";

export interface Collected {
  events: StreamEvent[];
  text: string;
  reasoning: string;
  usage: Extract<StreamEvent, { type: "usage" }>["usage"] | undefined;
  finish: Extract<StreamEvent, { type: "finish" }> | undefined;
  error: Extract<StreamEvent, { type: "error" }> | undefined;
}

export async function collect(
  provider: ChatProvider,
  request: Partial<ChatRequest> = {},
  signal = new AbortController().signal,
): Promise<Collected> {
  const events: StreamEvent[] = [];
  const full: ChatRequest = { model: "test-model", messages: [{ role: "user", content: "hello" }], ...request };
  for await (const event of provider.stream(full, signal)) events.push(event);
  const pick = <T extends StreamEvent["type"]>(type: T) =>
    events.filter((e): e is Extract<StreamEvent, { type: T }> => e.type === type);
  return {
    events,
    text: pick("text-delta").map((e) => e.text).join(""),
    reasoning: pick("reasoning-delta").map((e) => e.text).join(""),
    usage: pick("usage").at(-1)?.usage,
    finish: pick("finish").at(-1),
    error: pick("error").at(-1),
  };
}
