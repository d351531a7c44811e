// OpenRouter's routing fields, which existing client code already sends, as Switchboard's routing
// preferences: `model` ("PROVIDER/MODEL" or "switchboard/auto"), `models` (fallbacks in order) and
// `provider` (order, allow_fallbacks, sort, max_price, data_collection, zdr, only, ignore).
import { splitModelId } from "../core/catalog/model-info";
import { AUTO_MODEL_ID, type RoutingPreferences, type Strategy } from "../core/routing/routing-types";
import * as z from "../zod";

export const providerPreferencesSchema = z.object({
  order: z.optional(z.array(z.string())),
  allow_fallbacks: z.optional(z.boolean()),
  sort: z.optional(z.enum(["price", "latency", "throughput"])),
  max_price: z.optional(z.object({ prompt: z.optional(z.number().check(z.nonnegative())), completion: z.optional(z.number().check(z.nonnegative())) })),
  data_collection: z.optional(z.enum(["allow", "deny"])),
  zdr: z.optional(z.boolean()),
  only: z.optional(z.array(z.string())),
  ignore: z.optional(z.array(z.string())),
});

export type ProviderPreferences = z.infer<typeof providerPreferencesSchema>;

export interface AutoRouting {
  strategy: Strategy;
  /** The models "switchboard/auto" chooses from (settings' candidates, or every usable model). */
  candidates(): string[];
}

const SORT_STRATEGY: Record<NonNullable<ProviderPreferences["sort"]>, Strategy> = { price: "cheapest", latency: "fastest", throughput: "fastest" };

const providerOf = (id: string) => {
  try {
    return splitModelId(id).provider;
  } catch {
    return "";
  }
};

/** The models to try, in order, with `provider.only`, `ignore` and `order` applied. */
function candidateOrder(ids: readonly string[], provider: ProviderPreferences | undefined): string[] {
  let kept = ids.filter((id) => (!provider?.only || provider.only.includes(providerOf(id))) && !provider?.ignore?.includes(providerOf(id)));
  if (provider?.order?.length) {
    const rank = (id: string) => {
      const index = provider.order!.indexOf(providerOf(id));
      return index === -1 ? provider.order!.length : index;
    };
    kept = kept.map((id, index) => ({ id, index })).sort((a, b) => rank(a.id) - rank(b.id) || a.index - b.index).map((entry) => entry.id);
  }
  return kept;
}

export function routingFromRequest(
  body: { model?: string; models?: string[]; provider?: ProviderPreferences },
  auto: AutoRouting,
): RoutingPreferences {
  const provider = body.provider;
  const requested = [...(body.model ? [body.model] : []), ...(body.models ?? []).filter((id) => id !== body.model)];
  const usesAuto = requested.length === 0 || requested.includes(AUTO_MODEL_ID);
  const explicit = requested.filter((id) => id !== AUTO_MODEL_ID);
  const caps: RoutingPreferences = {
    maxPrice: { input: provider?.max_price?.prompt, output: provider?.max_price?.completion },
    dataPolicy: provider?.zdr ? "zero-retention" : provider?.data_collection === "deny" ? "deny-training" : "allow",
  };
  const sorted = provider?.sort ? SORT_STRATEGY[provider.sort] : undefined;
  const noFallback = provider?.allow_fallbacks === false ? { maxAttempts: 1 } : {};
  if (usesAuto || sorted) {
    // A strategy orders the candidates: the named models, then (for auto) the configured ones.
    const candidates = candidateOrder([...explicit, ...(usesAuto ? auto.candidates().filter((id) => !explicit.includes(id)) : [])], provider);
    return { ...caps, strategy: sorted ?? auto.strategy, candidates, ...noFallback };
  }
  const [first, ...rest] = candidateOrder(explicit, provider);
  return { ...caps, model: first, fallbacks: rest, ...noFallback };
}
