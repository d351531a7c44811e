// Exact call cost: integer arithmetic in pico-dollars so thousands of calls add up with no float drift.
import type { Pricing } from "../catalog/model-info";
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

/** Cost of one call in integer pico-USD: cached input at the cached price when the provider discounts it. */
export function costPicoUsd(usage: Usage, pricing: Pricing): bigint {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const uncached = usage.inputTokens - cached;
  const inputPrice = picoUsdPerToken(pricing.input);
  const cachedPrice = pricing.cachedInput === undefined ? inputPrice : picoUsdPerToken(pricing.cachedInput);
  return (
    BigInt(uncached) * inputPrice +
    BigInt(cached) * cachedPrice +
    BigInt(usage.outputTokens) * picoUsdPerToken(pricing.output)
  );
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
