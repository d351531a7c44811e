// Exact call cost: integer arithmetic in pico-dollars so thousands of calls add up with no float drift.
// The provider's own figure for a call wins where its response gives one; the catalog's price list is
// computed beside it, so a stale price shows up as drift instead of a silent error.
import type { PriceTier, Pricing } from "../catalog/model-info";
import type { Usage } from "../stream/events";

/** 1 USD = 1e12 pico-USD. A price of P USD per 1M tokens is P×1e6 pico-USD per token. */
const PICO_PER_USD = 1_000_000_000_000n;

/** USD per 1M tokens -> integer pico-USD per token; prices carry at most 6 decimals. */
export function picoUsdPerToken(usdPerMillion: number): bigint {
  const scaled = Math.round(usdPerMillion * 1_000_000);
  if (!Number.isFinite(usdPerMillion) || usdPerMillion < 0 || Math.abs(scaled - usdPerMillion * 1_000_000) > 1e-3) {
    throw new RangeError(`price ${usdPerMillion} USD/1M must be a non-negative number with at most 6 decimals`);
  }
  return BigInt(scaled);
}

/**
 * The rates a request is billed at: the highest tier its whole input (cached and cache-written tokens
 * included) exceeds, else the base prices. That is how Anthropic (above 200k on 1M-context models) and
 * Google (Gemini 2.5 Pro above 200k) bill: every token of the request at the tier's rates.
 */
export function ratesFor(pricing: Pricing, inputTokens: number): Omit<PriceTier, "aboveInputTokens"> {
  let chosen: PriceTier | undefined;
  for (const tier of pricing.tiers ?? []) {
    if (inputTokens > tier.aboveInputTokens && (!chosen || tier.aboveInputTokens > chosen.aboveInputTokens)) chosen = tier;
  }
  return chosen ?? pricing;
}

/**
 * Cost of one call from the price list, in integer pico-USD: cache reads at the cached price, 5-minute
 * and 1-hour cache writes at their write prices, the rest of the prompt at the input price, output at the
 * output price (cache prices left out fall back to the input price; reasoning tokens at their own price
 * where the list has one), plus any per-request charge.
 */
export function costPicoUsd(usage: Usage, pricing: Pricing): bigint {
  const rates = ratesFor(pricing, usage.inputTokens);
  const inputPrice = picoUsdPerToken(rates.input);
  const priceOr = (usdPerMillion: number | undefined) => (usdPerMillion === undefined ? inputPrice : picoUsdPerToken(usdPerMillion));
  // Every part is counted inside inputTokens; clamp so a provider's odd numbers never bill a token twice.
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const written1h = Math.min(usage.cacheWrite1hInputTokens ?? 0, usage.inputTokens - cached);
  const written5m = Math.min(Math.max((usage.cacheWriteInputTokens ?? 0) - written1h, 0), usage.inputTokens - cached - written1h);
  const plain = usage.inputTokens - cached - written1h - written5m;
  const reasoning = rates.reasoningOutput === undefined ? 0 : Math.min(usage.reasoningTokens ?? 0, usage.outputTokens);
  return (
    BigInt(plain) * inputPrice +
    BigInt(cached) * priceOr(rates.cachedInput) +
    BigInt(written5m) * priceOr(rates.cacheWrite) +
    BigInt(written1h) * priceOr(rates.cacheWrite1h) +
    BigInt(usage.outputTokens - reasoning) * picoUsdPerToken(rates.output) +
    (reasoning === 0 ? 0n : BigInt(reasoning) * picoUsdPerToken(rates.reasoningOutput!)) +
    (pricing.perRequest === undefined ? 0n : usdToPico(pricing.perRequest))
  );
}

/** Whose figure a cost is; "unpriced": nobody's (no known price and no reported charge), shown as unknown. */
export type CostSource = "provider" | "catalog" | "unpriced";

export interface Charge {
  /** What the call cost: the provider's figure when it gave one, else the price list's. */
  picoUsd: bigint;
  source: CostSource;
  /** The price list's figure, kept beside the provider's (the difference is price drift); none when unpriced. */
  catalogPicoUsd?: bigint;
}

/** `pricing` undefined: the model has no known price. */
export function chargeFor(usage: Usage, pricing: Pricing | undefined): Charge {
  const catalogPicoUsd = pricing === undefined ? undefined : costPicoUsd(usage, pricing);
  if (usage.providerCostUsd !== undefined) return { picoUsd: usdToPico(usage.providerCostUsd), source: "provider", ...(catalogPicoUsd === undefined ? {} : { catalogPicoUsd }) };
  if (catalogPicoUsd === undefined) return { picoUsd: 0n, source: "unpriced" };
  return { picoUsd: catalogPicoUsd, source: "catalog", catalogPicoUsd };
}

export function picoToUsd(pico: bigint): number {
  const whole = pico / PICO_PER_USD;
  const fraction = pico % PICO_PER_USD;
  return Number(whole) + Number(fraction) / 1e12;
}

/** Back to exact units from a stored USD amount (ledger costs carry at most 12 decimals). */
export function usdToPico(usd: number): bigint {
  return BigInt(Math.round(usd * 1e12));
}

export function costUsd(usage: Usage, pricing: Pricing): number {
  return picoToUsd(costPicoUsd(usage, pricing));
}
