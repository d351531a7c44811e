// Imports models and prices from OpenRouter's GET /api/v1/models. Prices there are USD per token as
// decimal strings; they are converted to USD per 1M tokens by moving the decimal point, with no float maths.
import { request } from "../providers/http";
import type { CatalogProblem } from "./load-models";
import type { ModelInfo } from "./model-info";

interface OpenRouterModel {
  id?: unknown;
  name?: unknown;
  context_length?: unknown;
  pricing?: { prompt?: unknown; completion?: unknown; input_cache_read?: unknown };
  top_provider?: { max_completion_tokens?: unknown };
  architecture?: { input_modalities?: unknown };
  supported_parameters?: unknown;
}

const listIncludes = (list: unknown, value: string) => Array.isArray(list) && list.includes(value);

/** "0.0000025" USD/token -> 2.5 USD/1M tokens; undefined when not a plain non-negative decimal. */
export function perTokenToPerMillion(value: unknown): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value).trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const whole = match[1] ?? "0";
  const fraction = (match[2] ?? "").padEnd(6, "0");
  // Shift six places: the first six fraction digits join the whole part.
  const shifted = `${whole}${fraction.slice(0, 6)}.${fraction.slice(6) || "0"}`;
  const perMillion = Number(shifted);
  // Our prices keep at most 6 decimals per 1M tokens (12 per token), which covers every real price.
  if (fraction.length > 12 && /[1-9]/.test(fraction.slice(12))) return undefined;
  return perMillion;
}

export function convertOpenRouterModels(data: unknown): { models: ModelInfo[]; problems: CatalogProblem[] } {
  const list = (data as { data?: unknown })?.data;
  if (!Array.isArray(list)) return { models: [], problems: [{ path: "openrouter", message: "expected { data: [...] }" }] };
  const models: ModelInfo[] = [];
  const problems: CatalogProblem[] = [];
  for (const [index, raw] of (list as OpenRouterModel[]).entries()) {
    const where = `openrouter.data[${index}]`;
    const id = typeof raw.id === "string" ? raw.id : undefined;
    const input = perTokenToPerMillion(raw.pricing?.prompt);
    const output = perTokenToPerMillion(raw.pricing?.completion);
    const cached = perTokenToPerMillion(raw.pricing?.input_cache_read);
    const context = typeof raw.context_length === "number" && raw.context_length > 0 ? raw.context_length : undefined;
    if (!id) {
      problems.push({ path: `${where}.id`, message: "missing model id" });
      continue;
    }
    if (input === undefined || output === undefined) {
      problems.push({ path: `${where}.pricing`, message: `${id}: no fixed per-token price (variable or missing)` });
      continue;
    }
    if (!context) {
      problems.push({ path: `${where}.context_length`, message: `${id}: missing context length` });
      continue;
    }
    const maxOut = raw.top_provider?.max_completion_tokens;
    models.push({
      id: `openrouter/${id}`,
      displayName: typeof raw.name === "string" ? raw.name : id,
      contextWindow: context,
      maxOutputTokens: typeof maxOut === "number" && maxOut > 0 ? maxOut : context,
      pricing: { input, output, ...(cached === undefined ? {} : { cachedInput: cached }) },
      simulated: false,
      reasoning: listIncludes(raw.supported_parameters, "reasoning"),
      imageInput: listIncludes(raw.architecture?.input_modalities, "image"),
      toolCalling: listIncludes(raw.supported_parameters, "tools"),
    });
  }
  return { models, problems };
}

export async function fetchOpenRouterModels(baseUrl = "https://openrouter.ai/api/v1", signal?: AbortSignal) {
  const response = await request(`${baseUrl.replace(/\/+$/, "")}/models`, { signal, headersTimeout: 15_000 });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`OpenRouter answered HTTP ${response.statusCode} for its model list`);
  }
  return convertOpenRouterModels(await response.body.json());
}
