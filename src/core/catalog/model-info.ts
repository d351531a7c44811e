// The catalog's shape of a model, validated with zod wherever models are loaded from outside.
import * as z from "zod";

/** Prices in USD per 1M tokens, written as decimal strings or numbers with at most 6 decimals. */
export const pricingSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
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

export type Pricing = z.infer<typeof pricingSchema>;
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export function splitModelId(id: string): { provider: string; model: string } {
  const slash = id.indexOf("/");
  if (slash <= 0 || slash === id.length - 1) {
    throw new Error(`"${id}" is not PROVIDER/MODEL (for example demo/swift-mini)`);
  }
  return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
}
