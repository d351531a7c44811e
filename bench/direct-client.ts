// The floor: undici + eventsource-parser and nothing else.
import { createParser } from "eventsource-parser";
import { request } from "undici";

export async function direct(baseUrl: string): Promise<{ ttftMs: number; totalMs: number; chunks: number }> {
  const start = performance.now();
  let ttftMs = 0;
  let chunks = 0;
  const response = await request(`${baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_usage: true } }),
  });
  const parser = createParser({
    onEvent: (event) => {
      if (event.data === "[DONE]") return;
      const chunk = JSON.parse(event.data) as { choices?: Array<{ delta?: { content?: string } }> };
      if (!chunk.choices?.[0]?.delta?.content) return;
      chunks += 1;
      if (!ttftMs) ttftMs = performance.now() - start;
    },
  });
  const decoder = new TextDecoder();
  for await (const piece of response.body) parser.feed(decoder.decode(piece as Buffer, { stream: true }));
  return { ttftMs, totalMs: performance.now() - start, chunks };
}
