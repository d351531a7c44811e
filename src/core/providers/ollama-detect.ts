// Finds a running Ollama server and its local models (no key, zero cost). Quietly empty when none runs.
import { request } from "./http";
import type { ModelInfo } from "../catalog/model-info";

export const OLLAMA_ORIGIN = "http://127.0.0.1:11434";

export async function detectOllamaModels(origin = OLLAMA_ORIGIN, timeoutMs = 500): Promise<ModelInfo[]> {
  try {
    const response = await request(`${origin}/api/tags`, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return [];
    }
    const body = (await response.body.json()) as { models?: Array<{ name?: unknown }> };
    return (body.models ?? [])
      .map((model) => model.name)
      .filter((name): name is string => typeof name === "string" && name !== "")
      .map((name) => ({
        id: `ollama/${name}`,
        displayName: `${name} (Ollama, local)`,
        // Ollama's default context; the real window depends on how the model is run.
        contextWindow: 4096,
        maxOutputTokens: 4096,
        pricing: { input: 0, output: 0 },
        simulated: false,
        reasoning: false,
        // Ollama's list does not say which models see images or call tools; a user override can.
        imageInput: false,
        toolCalling: false,
      }));
  } catch {
    return [];
  }
}
