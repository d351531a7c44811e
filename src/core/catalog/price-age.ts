// How old a model's prices are. A price list that is months old is the usual reason a displayed cost
// disagrees with the invoice, so Switchboard says so where the model is used, with the way to refresh.
import type { ModelInfo } from "./model-info";

/** Prices read longer ago than this are flagged. */
export const STALE_PRICE_DAYS = 60;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `asOf` (YYYY-MM-DD) to `now`; undefined when the model has no date. */
export function priceAgeDays(model: Pick<ModelInfo, "pricing">, now: Date): number | undefined {
  const asOf = model.pricing.asOf;
  if (!asOf) return undefined;
  return Math.floor((now.getTime() - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS);
}

/** Real models (not simulated, not free local ones) whose prices are older than STALE_PRICE_DAYS. */
export function stalePrices(models: readonly ModelInfo[], now: Date): ModelInfo[] {
  return models.filter((model) => !model.simulated && (model.pricing.input > 0 || model.pricing.output > 0) && (priceAgeDays(model, now) ?? 0) > STALE_PRICE_DAYS);
}

/** One line naming how many prices are stale and since when; `refresh` says how to update them. */
export function stalePriceWarning(models: readonly ModelInfo[], now: Date, refresh: string): string | undefined {
  const stale = stalePrices(models, now);
  if (stale.length === 0) return undefined;
  const oldest = stale.map((model) => model.pricing.asOf!).sort()[0]!;
  const names = stale.length <= 3 ? stale.map((model) => model.id).join(", ") : `${stale.length} models`;
  return `prices of ${names} are from ${oldest}, more than ${STALE_PRICE_DAYS} days ago, so costs may not match the invoice: ${refresh}`;
}
