// The catalog's shape of a model, validated with zod wherever models are loaded from outside.
import * as z from "../../zod";

/** At most 6 decimals per 1M tokens, so cost stays exact in integer pico-dollars. */
const price = z.number().check(
  z.nonnegative(),
  z.refine((value) => Math.abs(Math.round(value * 1e6) - value * 1e6) < 1e-3, "a price has at most 6 decimals"),
);

const positiveInt = () => z.int().check(z.positive());

/** Prices in USD per 1M tokens. */
export const pricingSchema = z.object({
  input: price,
  output: price,
  cachedInput: z.optional(price),
});

export const modelInfoSchema = z.object({
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
});

/** A user's entry: changes to a known model, or a whole new one (then pricing is needed to bill it). */
export const modelOverrideSchema = z.object({
  id: modelInfoSchema.shape.id,
  displayName: z.optional(z.string().check(z.minLength(1))),
  contextWindow: z.optional(positiveInt()),
  maxOutputTokens: z.optional(positiveInt()),
  pricing: z.optional(pricingSchema),
  reasoning: z.optional(z.boolean()),
  imageInput: z.optional(z.boolean()),
  toolCalling: z.optional(z.boolean()),
});

export type Pricing = z.infer<typeof pricingSchema>;
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export function splitModelId(id: string): { provider: string; model: string } {
  const slash = id.indexOf("/");
  if (slash <= 0 || slash === id.length - 1) {
    throw new Error(`"${id}" is not PROVIDER/MODEL (for example demo/swift-mini)`);
  }
  return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
}
