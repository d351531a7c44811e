// Turns models.dev's catalog (https://models.dev, MIT licence) into Switchboard's models: one entry per
// model of each built-in provider, priced exactly as models.dev lists it, or left out with the reason.
// Accepts its published api.json ({provider: {models}}) and catalog.json ({providers, models}); the model
// metadata of catalog.json carries the benchmark scores routing uses as evidence of quality.
import type { CatalogProblem } from "./load-models";
import type { Benchmark, ModelInfo, PriceTier, Pricing } from "./model-info";

/** models.dev's provider id → Switchboard's built-in provider id. */
export const MODELS_DEV_PROVIDERS: Readonly<Record<string, string>> = {
  openai: "openai",
  anthropic: "anthropic",
  google: "google",
  mistral: "mistral",
  groq: "groq",
  deepseek: "deepseek",
  xai: "xai",
  togetherai: "together",
  "fireworks-ai": "fireworks",
  perplexity: "perplexity",
};

/** Providers whose bill models.dev's token prices do not cover, so no price from it would be exact. */
const NOT_PRICED_EXACTLY: Readonly<Record<string, string>> = {
  perplexity: "Perplexity bills a per-request search fee (by search context size) that models.dev does not list",
};

/** Cost fields that concern input or output Switchboard never sends or reads (audio). */
const AUDIO_COSTS = new Set(["input_audio", "output_audio"]);
const RATE_FIELDS = new Set(["input", "output", "reasoning", "cache_read", "cache_write"]);

interface DevCost {
  [field: string]: unknown;
  tiers?: unknown;
  context_over_200k?: unknown;
}

interface DevModel {
  id?: unknown;
  name?: unknown;
  family?: unknown;
  base_model?: unknown;
  reasoning?: unknown;
  tool_call?: unknown;
  release_date?: unknown;
  status?: unknown;
  cost?: DevCost;
  limit?: { context?: unknown; output?: unknown };
  modalities?: { input?: unknown; output?: unknown };
}

interface DevProvider {
  models?: Record<string, DevModel>;
}

interface DevMetadata {
  benchmarks?: unknown;
}

export interface ModelsDevResult {
  models: ModelInfo[];
  /** Models left out, with why (never approximated). */
  problems: CatalogProblem[];
}

/** Whether `data` looks like models.dev's catalog at all (so a wrong URL or page is told apart). */
export function isModelsDevData(data: unknown): boolean {
  if (!data || typeof data !== "object" || Array.isArray(data)) return false;
  const providers = providersOf(data as Record<string, unknown>);
  return Object.values(providers).some((provider) => provider && typeof provider === "object" && typeof (provider as DevProvider).models === "object");
}

function providersOf(data: Record<string, unknown>): Record<string, DevProvider> {
  const nested = data.providers;
  return (nested && typeof nested === "object" && !Array.isArray(nested) ? nested : data) as Record<string, DevProvider>;
}

/** `asOf`: the date of the snapshot (YYYY-MM-DD), the date every price is known to hold. */
export function convertModelsDev(data: unknown, asOf: string): ModelsDevResult {
  if (!isModelsDevData(data)) return { models: [], problems: [{ path: "models.dev", message: "not models.dev's catalog: expected { <provider>: { models: {...} } } or { providers, models }" }] };
  const record = data as Record<string, unknown>;
  const providers = providersOf(record);
  const metadata = (record.providers && typeof record.models === "object" ? record.models : {}) as Record<string, DevMetadata>;
  const models: ModelInfo[] = [];
  const problems: CatalogProblem[] = [];
  for (const [devProvider, provider] of Object.entries(providers).sort(([a], [b]) => a.localeCompare(b))) {
    const ours = MODELS_DEV_PROVIDERS[devProvider];
    if (!ours || !provider?.models) continue;
    if (NOT_PRICED_EXACTLY[devProvider]) {
      const count = Object.keys(provider.models).length;
      problems.push({ path: devProvider, message: `${NOT_PRICED_EXACTLY[devProvider]}: its ${count} model${count === 1 ? " is" : "s are"} left out` });
      continue;
    }
    for (const [modelId, model] of Object.entries(provider.models).sort(([a], [b]) => a.localeCompare(b))) {
      const converted = convertModel(ours, devProvider, modelId, model, asOf, metadata);
      if ("problem" in converted) problems.push({ path: `${devProvider}/${modelId}`, message: converted.problem });
      else models.push(converted.model);
    }
  }
  return { models, problems };
}

function convertModel(provider: string, devProvider: string, modelId: string, model: DevModel, asOf: string, metadata: Record<string, DevMetadata>): { model: ModelInfo } | { problem: string } {
  const outputs = Array.isArray(model.modalities?.output) ? (model.modalities.output as unknown[]) : ["text"];
  if (!outputs.includes("text")) return { problem: `outputs ${outputs.join(", ")}, not text: not a chat model` };
  if (outputs.some((kind) => kind !== "text")) return { problem: `also outputs ${outputs.filter((kind) => kind !== "text").join(", ")}, priced apart: not priced exactly` };
  if (typeof model.family === "string" && model.family.includes("embed")) return { problem: "an embedding model, not a chat model" };
  const pricing = pricingOf(provider, model.cost, asOf);
  if (typeof pricing === "string") return { problem: pricing };
  const context = positive(model.limit?.context);
  if (!context) return { problem: "no context limit" };
  const releaseDate = typeof model.release_date === "string" && /^\d{4}-\d{2}(-\d{2})?$/.test(model.release_date) ? model.release_date : undefined;
  const benchmarks = benchmarksOf(metadata[baseModelOf(devProvider, modelId, model)]);
  return {
    model: {
      id: `${provider}/${modelId}`,
      displayName: typeof model.name === "string" && model.name.trim() ? model.name.trim() : modelId,
      contextWindow: context,
      maxOutputTokens: positive(model.limit?.output) ?? context,
      pricing,
      simulated: false,
      reasoning: model.reasoning === true,
      imageInput: Array.isArray(model.modalities?.input) && model.modalities.input.includes("image"),
      toolCalling: model.tool_call === true,
      ...(model.status === "deprecated" ? { deprecated: true } : {}),
      ...(releaseDate ? { releaseDate } : {}),
      ...(benchmarks.length > 0 ? { benchmarks } : {}),
    },
  };
}

/** The model-only metadata a provider's model is (models.dev's base_model, else the same path under its lab). */
function baseModelOf(devProvider: string, modelId: string, model: DevModel): string {
  if (typeof model.base_model === "string") return model.base_model;
  return modelId.includes("/") ? modelId : `${devProvider}/${modelId}`;
}

function benchmarksOf(metadata: DevMetadata | undefined): Benchmark[] {
  if (!Array.isArray(metadata?.benchmarks)) return [];
  const list: Benchmark[] = [];
  for (const raw of metadata.benchmarks as Array<Record<string, unknown>>) {
    if (typeof raw?.name !== "string" || typeof raw.score !== "number" || !Number.isFinite(raw.score)) continue;
    list.push({
      name: raw.name,
      score: raw.score,
      ...(typeof raw.metric === "string" ? { metric: raw.metric } : {}),
      ...(typeof raw.source === "string" ? { source: raw.source } : {}),
      ...(typeof raw.date === "string" ? { date: raw.date } : {}),
    });
  }
  return list;
}

type Rates = Omit<PriceTier, "aboveInputTokens">;

/** The model's prices, or why they cannot be taken exactly. */
function pricingOf(provider: string, cost: DevCost | undefined, asOf: string): Pricing | string {
  if (!cost || typeof cost !== "object") return "no price on models.dev";
  const base = ratesOf(provider, cost);
  if (typeof base === "string") return base;
  const tiers: PriceTier[] = [];
  if (Array.isArray(cost.tiers)) {
    for (const tier of cost.tiers as DevCost[]) {
      const size = (tier?.tier as { type?: unknown; size?: unknown } | undefined) ?? {};
      if ((size.type ?? "context") !== "context" || !positive(size.size)) return `a price tier of a kind Switchboard does not model (${JSON.stringify(tier?.tier)})`;
      const rates = ratesOf(provider, tier, ["tier"]);
      if (typeof rates === "string") return `tier above ${size.size}: ${rates}`;
      tiers.push({ aboveInputTokens: size.size as number, ...rates });
    }
  } else if (cost.context_over_200k && typeof cost.context_over_200k === "object") {
    // api.json's legacy field for a single tier at 200k input tokens.
    const rates = ratesOf(provider, cost.context_over_200k as DevCost);
    if (typeof rates === "string") return `tier above 200000: ${rates}`;
    tiers.push({ aboveInputTokens: 200_000, ...rates });
  }
  tiers.sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
  return { ...base, ...(tiers.length > 0 ? { tiers } : {}), asOf };
}

function ratesOf(provider: string, cost: DevCost, ignore: string[] = []): Rates | string {
  for (const field of Object.keys(cost)) {
    if (RATE_FIELDS.has(field) || AUDIO_COSTS.has(field) || field === "tiers" || field === "context_over_200k" || ignore.includes(field)) continue;
    return `a cost field Switchboard does not model: ${field}`;
  }
  const prices: Record<string, number> = {};
  for (const field of RATE_FIELDS) {
    if (cost[field] === undefined) continue;
    const value = exactPrice(cost[field]);
    if (value === undefined) return `${field} price ${JSON.stringify(cost[field])} is not a price with at most 6 decimals per 1M tokens`;
    prices[field] = value;
  }
  if (prices.input === undefined || prices.output === undefined) return "no input or output price";
  const { input, output } = prices;
  return {
    input,
    output,
    ...(prices.cache_read === undefined ? {} : { cachedInput: prices.cache_read }),
    ...(prices.cache_write === undefined ? {} : { cacheWrite: prices.cache_write }),
    // Anthropic documents 1-hour cache writes at twice the base input price; models.dev lists only 5-minute writes.
    ...(provider === "anthropic" && prices.cache_write !== undefined ? { cacheWrite1h: timesTwo(input) } : {}),
    ...(prices.reasoning === undefined || prices.reasoning === output ? {} : { reasoningOutput: prices.reasoning }),
  };
}

/** A JSON number read as the decimal it was written as: kept when it has at most 6 decimals. */
export function exactPrice(value: unknown): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return undefined;
  const text = String(value);
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  return match ? value : undefined;
}

/** 2 × a price with at most 6 decimals, computed on integer micro-dollars so no float drift creeps in. */
function timesTwo(price: number): number {
  return Number(BigInt(Math.round(price * 1e6)) * 2n) / 1e6;
}

function positive(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}
