// The peers on identical bytes: the official OpenAI SDK and the Vercel AI SDK, each streaming one
// chat completion from the loopback server and counting text chunks.
import { createOpenAI } from "@ai-sdk/openai";
import { streamText } from "ai";
import OpenAI from "openai";

export type StreamOnce = () => Promise<number>;

export function openAiSdkClient(baseUrl: string): StreamOnce {
  const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "bench-key", maxRetries: 0 });
  return async () => {
    let chunks = 0;
    const stream = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) chunks += 1;
    return chunks;
  };
}

export function aiSdkClient(baseUrl: string): StreamOnce {
  const provider = createOpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "bench-key" });
  return async () => {
    let chunks = 0;
    const result = streamText({ model: provider.chat("m"), prompt: "hi", maxRetries: 0 });
    for await (const text of result.textStream) if (text) chunks += 1;
    return chunks;
  };
}
