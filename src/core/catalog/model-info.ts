// The catalog's shape of a model, validated with zod wherever models are loaded from outside.
import { builtOnFirstUse } from "../../built-on-first-use";
import * as z from "../../zod";

/**
 * The schemas, built on first use: they check models loaded from outside (a kept catalog, the user's
 * overrides), which most starts of the extension do not read.
 */
function buildModelSchemas() {
  /** At most 6 decimals per 1M tokens, so cost stays exact in integer pico-dollars. */
  const price = z.number().check(
    z.nonnegative(),
    z.refine((value) => Math.abs(Math.round(value * 1e6) - value * 1e6) < 1e-3, "a price has at most 6 decimals"),
  );

  const positiveInt = () => z.int().check(z.positive());

  /** A charge per request in USD: at most 12 decimals (one pico-dollar). */
  const usdAmount = z.number().check(
    z.nonnegative(),
    z.refine((value) => Math.abs(Math.round(value * 1e12) - value * 1e12) < 1e-3, "an amount has at most 12 decimals"),
  );

  /** The rates that can differ by tier, USD per 1M tokens. Cache prices left out are billed at the input price. */
  const rates = {
    input: price,
    output: price,
    /** Prompt tokens read from the provider's cache. */
    cachedInput: z.optional(price),
    /** Prompt tokens written to the cache with the default (5-minute) lifetime. */
    cacheWrite: z.optional(price),
    /** Prompt tokens written to the cache with a 1-hour lifetime. */
    cacheWrite1h: z.optional(price),
    /** Reasoning (thinking) tokens, when priced apart from other output. */
    reasoningOutput: z.optional(price),
  };

  /** Rates for a whole request whose input (cached and cache-written included) exceeds aboveInputTokens. */
  const priceTierSchema = z.object({ aboveInputTokens: positiveInt(), ...rates });

  /** Prices in USD per 1M tokens (perRequest in USD), as of a date. */
  const pricingSchema = z.object({
    ...rates,
    /** Long-context tiers: the highest one the request's input exceeds applies to all of it. */
    tiers: z.optional(z.array(priceTierSchema)),
    perRequest: z.optional(usdAmount),
    /** When these prices were read from the provider's price list (YYYY-MM-DD). */
    asOf: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD"))),
  });

  /** A published benchmark result for the model (from models.dev), used as evidence of quality. */
  const benchmarkSchema = z.object({
    name: z.string().check(z.minLength(1)),
    score: z.number(),
    metric: z.optional(z.string()),
    source: z.optional(z.string()),
    date: z.optional(z.string()),
  });

  const dateSchema = z.string().check(z.regex(/^\d{4}-\d{2}(-\d{2})?$/, "a date as YYYY-MM or YYYY-MM-DD"));

  const modelInfoSchema = z.object({
    /** PROVIDER/MODEL: provider id, a slash, then the provider's own model name verbatim. */
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*\/.+$/, "must be PROVIDER/MODEL")),
    displayName: z.string().check(z.minLength(1)),
    contextWindow: positiveInt(),
    maxOutputTokens: positiveInt(),
    pricing: pricingSchema,
    simulated: z._default(z.boolean(), false),
    reasoning: z._default(z.boolean(), false),
    /** Accepts image parts in user messages (the provider documents vision input for it). */
    imageInput: z._default(z.boolean(), false),
    /** Accepts tools and can answer with tool calls. */
    toolCalling: z._default(z.boolean(), false),
    /** No price is known (a model added without one): its cost is unknown, never $0. */
    unpriced: z.optional(z.boolean()),
    /** Deprecated or retired: still resolvable and priced (old records and settings name it), not offered. */
    deprecated: z.optional(z.boolean()),
    releaseDate: z.optional(dateSchema),
    benchmarks: z.optional(z.array(benchmarkSchema)),
  });

  /** A user's entry: changes to a known model, or a whole new one (then pricing is needed to bill it). */
  const modelOverrideSchema = z.object({
    id: modelInfoSchema.shape.id,
    displayName: z.optional(z.string().check(z.minLength(1))),
    contextWindow: z.optional(positiveInt()),
    maxOutputTokens: z.optional(positiveInt()),
    pricing: z.optional(pricingSchema),
    reasoning: z.optional(z.boolean()),
    imageInput: z.optional(z.boolean()),
    toolCalling: z.optional(z.boolean()),
  });
  return { priceTierSchema, pricingSchema, benchmarkSchema, modelInfoSchema, modelOverrideSchema };
}

export type ModelSchemas = ReturnType<typeof buildModelSchemas>;
export const modelSchemas = builtOnFirstUse(buildModelSchemas);

export type Benchmark = z.infer<ModelSchemas["benchmarkSchema"]>;
export type Pricing = z.infer<ModelSchemas["pricingSchema"]>;
export type PriceTier = z.infer<ModelSchemas["priceTierSchema"]>;
export type ModelInfo = z.infer<ModelSchemas["modelInfoSchema"]>;

/** The model's prices, or undefined when none is known (its cost is then unknown, never $0). */
export function knownPricing(model: Pick<ModelInfo, "pricing" | "unpriced">): Pricing | undefined {
  return model.unpriced ? undefined : model.pricing;
}

export function splitModelId(id: string): { provider: string; model: string } {
  const slash = id.indexOf("/");
  if (slash <= 0 || slash === id.length - 1) {
    throw new Error(`"${id}" is not PROVIDER/MODEL (for example demo/swift-mini)`);
  }
  return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
}
