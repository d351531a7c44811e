// The catalog's shape of a model, validated with zod wherever models are loaded from outside.
import * as z from "zod";

/** At most 6 decimals per 1M tokens, so cost stays exact in integer pico-dollars. */
const price = z
  .number()
  .nonnegative()
  .refine((value) => Math.abs(Math.round(value * 1e6) - value * 1e6) < 1e-3, "a price has at most 6 decimals");

/** Prices in USD per 1M tokens. */
export const pricingSchema = z.object({
  input: price,
  output: price,
  cachedInput: price.optional(),
});

export const modelInfoSchema = z.object({
  /** PROVIDER/MODEL: provider id, a slash, then the provider's own model name verbatim. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*\/.+$/, "must be PROVIDER/MODEL"),
  displayName: z.string().min(1),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  pricing: pricingSchema,
  simulated: z.boolean().default(false),
  reasoning: z.boolean().default(false),
});

/** A user's entry: changes to a known model, or a whole new one (then pricing is needed to bill it). */
export const modelOverrideSchema = z.object({
  id: modelInfoSchema.shape.id,
  displayName: z.string().min(1).optional(),
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  pricing: pricingSchema.optional(),
  reasoning: z.boolean().optional(),
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
