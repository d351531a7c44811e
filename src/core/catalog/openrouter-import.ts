// Imports models and prices from OpenRouter's GET /api/v1/models. Prices there are USD per token as
// decimal strings; they are converted to USD per 1M tokens by moving the decimal point, with no float maths.
import { request } from "../providers/http";
import type { CatalogProblem } from "./load-models";
import type { ModelInfo, PriceTier } from "./model-info";

/** OpenRouter's per-token prices (decimal strings); overrides change some of them above a prompt size. */
interface OpenRouterPrices {
  prompt?: unknown;
  completion?: unknown;
  input_cache_read?: unknown;
  input_cache_write?: unknown;
  input_cache_write_1h?: unknown;
  internal_reasoning?: unknown;
  request?: unknown;
}

interface OpenRouterOverride extends OpenRouterPrices {
  min_prompt_tokens?: unknown;
  [condition: string]: unknown;
}

interface OpenRouterModel {
  id?: unknown;
  name?: unknown;
  context_length?: unknown;
  pricing?: OpenRouterPrices & { overrides?: unknown };
  top_provider?: { max_completion_tokens?: unknown };
  architecture?: { input_modalities?: unknown };
  supported_parameters?: unknown;
}

const listIncludes = (list: unknown, value: string) => Array.isArray(list) && list.includes(value);

/** A plain non-negative decimal ("0.0000025", or a number) taken apart; undefined for anything else ("-1", "1e-7"). */
function plainDecimal(value: unknown): { text: string; whole: string; fraction: string } | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value).trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  return match ? { text, whole: match[1]!, fraction: match[2] ?? "" } : undefined;
}

/**
 * A cache-write price OpenRouter derives by division ("0.00000008333333333333334") to the nearest
 * pico-dollar per token, the precision every cost is kept in (a difference below $0.000001 per 1M tokens).
 */
export function perTokenToPerMillionRounded(value: unknown): number | undefined {
  const decimal = plainDecimal(value);
  if (!decimal) return undefined;
  const fraction = decimal.fraction.padEnd(13, "0");
  const pico = BigInt(`${decimal.whole}${fraction.slice(0, 12)}`) + (Number(fraction[12]) >= 5 ? 1n : 0n);
  return Number(pico) / 1_000_000;
}

/** "0.0000025" USD/token -> 2.5 USD/1M tokens; undefined when not a plain non-negative decimal. */
export function perTokenToPerMillion(value: unknown): number | undefined {
  const decimal = plainDecimal(value);
  if (!decimal) return undefined;
  const fraction = decimal.fraction.padEnd(6, "0");
  // Our prices keep at most 6 decimals per 1M tokens (12 per token), which covers every real price.
  if (fraction.length > 12 && /[1-9]/.test(fraction.slice(12))) return undefined;
  // Shift six places: the first six fraction digits join the whole part.
  return Number(`${decimal.whole}${fraction.slice(0, 6)}.${fraction.slice(6) || "0"}`);
}

/** "0.0004" USD (a per-request charge) -> 0.0004, when a plain decimal with at most 12 decimals. */
export function usdAmount(value: unknown): number | undefined {
  const decimal = plainDecimal(value);
  if (!decimal || decimal.fraction.replace(/0+$/, "").length > 12) return undefined;
  return Number(decimal.text);
}

/** A price that is present and not zero (OpenRouter writes "0" for a rate a model does not have). */
const nonZero = (value: number | undefined) => (value === undefined || value === 0 ? undefined : value);

/**
 * `asOf`: the day the list was fetched (YYYY-MM-DD), the date its prices are known to hold. `provider`: the
 * provider the models are called through (a team gateway answers in OpenRouter's shape too).
 */
export function convertOpenRouterModels(data: unknown, asOf: string = new Date().toISOString().slice(0, 10), provider = "openrouter"): { models: ModelInfo[]; problems: CatalogProblem[] } {
  const list = (data as { data?: unknown })?.data;
  if (!Array.isArray(list)) return { models: [], problems: [{ path: "openrouter", message: "expected { data: [...] }" }] };
  const models: ModelInfo[] = [];
  const problems: CatalogProblem[] = [];
  for (const [index, raw] of (list as OpenRouterModel[]).entries()) {
    const where = `openrouter.data[${index}]`;
    const id = typeof raw.id === "string" ? raw.id : undefined;
    const input = perTokenToPerMillion(raw.pricing?.prompt);
    const output = perTokenToPerMillion(raw.pricing?.completion);
    const perRequest = nonZero(usdAmount(raw.pricing?.request));
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
    const { tiers, unmodelled } = tiersOf(raw.pricing ?? {}, { input, output });
    if (unmodelled) problems.push({ path: `${where}.pricing.overrides`, message: `${id}: ${unmodelled}; imported its standard prices` });
    models.push({
      id: `${provider}/${id}`,
      displayName: typeof raw.name === "string" ? raw.name : id,
      contextWindow: context,
      maxOutputTokens: typeof maxOut === "number" && maxOut > 0 ? maxOut : context,
      pricing: {
        ...ratesOf(raw.pricing ?? {}, { input, output }),
        ...(tiers.length > 0 ? { tiers } : {}),
        ...(perRequest === undefined ? {} : { perRequest }),
        asOf,
      },
      simulated: false,
      reasoning: listIncludes(raw.supported_parameters, "reasoning"),
      imageInput: listIncludes(raw.architecture?.input_modalities, "image"),
      toolCalling: listIncludes(raw.supported_parameters, "tools"),
    });
  }
  return { models, problems };
}

type Rates = Omit<PriceTier, "aboveInputTokens">;

/** The rates one set of OpenRouter prices gives, over `base` for any it leaves out. */
function ratesOf(prices: OpenRouterPrices, base: Rates): Rates {
  const input = perTokenToPerMillion(prices.prompt) ?? base.input;
  const output = perTokenToPerMillion(prices.completion) ?? base.output;
  const cachedInput = perTokenToPerMillion(prices.input_cache_read) ?? base.cachedInput;
  const cacheWrite = nonZero(perTokenToPerMillionRounded(prices.input_cache_write)) ?? base.cacheWrite;
  const cacheWrite1h = nonZero(perTokenToPerMillionRounded(prices.input_cache_write_1h)) ?? base.cacheWrite1h;
  // Reasoning tokens are output tokens: a price of their own only when OpenRouter lists a different one.
  const reasoning = perTokenToPerMillion(prices.internal_reasoning);
  const reasoningOutput = reasoning === undefined || reasoning === 0 || reasoning === output ? base.reasoningOutput : reasoning;
  return {
    input,
    output,
    ...(cachedInput === undefined ? {} : { cachedInput }),
    ...(cacheWrite === undefined ? {} : { cacheWrite }),
    ...(cacheWrite1h === undefined ? {} : { cacheWrite1h }),
    ...(reasoningOutput === undefined ? {} : { reasoningOutput }),
  };
}

/**
 * OpenRouter's `overrides` that depend only on the prompt's size (`min_prompt_tokens`) as long-context
 * tiers: each threshold's tier carries every override at or below it, over the base prices. Overrides with
 * other conditions (time of day, a prompt-size window) cannot be billed from usage alone and are left out.
 */
function tiersOf(pricing: OpenRouterPrices & { overrides?: unknown }, base: Rates): { tiers: PriceTier[]; unmodelled?: string } {
  if (!Array.isArray(pricing.overrides)) return { tiers: [] };
  const bySize: Array<{ min: number; prices: OpenRouterOverride }> = [];
  let unmodelled: string | undefined;
  for (const override of pricing.overrides as OpenRouterOverride[]) {
    const conditions = Object.keys(override).filter((key) => !(key in PRICE_FIELDS));
    const min = override.min_prompt_tokens;
    if (conditions.length === 1 && conditions[0] === "min_prompt_tokens" && typeof min === "number" && min > 0) bySize.push({ min, prices: override });
    else unmodelled = `some prices depend on ${conditions.filter((key) => key !== "min_prompt_tokens").join(", ") || "conditions"}, which Switchboard does not model`;
  }
  const thresholds = [...new Set(bySize.map((entry) => entry.min))].sort((a, b) => a - b);
  const tiers = thresholds.map((threshold) => {
    let rates: Rates = ratesOf(pricing, base);
    for (const entry of bySize.filter((candidate) => candidate.min <= threshold).sort((a, b) => a.min - b.min)) rates = ratesOf(entry.prices, rates);
    // OpenRouter's "at least N prompt tokens" is Switchboard's "more than N − 1".
    return { aboveInputTokens: threshold - 1, ...rates };
  });
  return { tiers, ...(unmodelled ? { unmodelled } : {}) };
}

const PRICE_FIELDS: Record<string, true> = { prompt: true, completion: true, input_cache_read: true, input_cache_write: true, input_cache_write_1h: true, internal_reasoning: true, request: true, image: true, audio: true, audio_output: true, input_audio_cache: true, web_search: true, image_output: true, image_token: true, discount: true };

export async function fetchOpenRouterModels(baseUrl = "https://openrouter.ai/api/v1", signal?: AbortSignal) {
  const response = await request(`${baseUrl.replace(/\/+$/, "")}/models`, { signal, headersTimeout: 15_000 });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`OpenRouter answered HTTP ${response.statusCode} for its model list`);
  }
  return convertOpenRouterModels(await response.body.json());
}
