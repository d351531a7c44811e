// Refreshing the catalog at run time: fetch a source (models.dev or OpenRouter), check it, and say what
// changed against the catalog in use. Nothing is fetched unless asked; a failure keeps the copy in use.
import { request } from "../providers/http";
import type { ModelInfo, Pricing } from "./model-info";
import { convertModelsDev, isModelsDevData } from "./models-dev";
import { convertOpenRouterModels } from "./openrouter-import";
import { type CatalogSource, DEFAULT_SOURCE_URLS, type FetchedCatalog } from "./catalog-source";

export class CatalogRefreshError extends Error {}

export async function fetchCatalog(source: CatalogSource, url = DEFAULT_SOURCE_URLS[source], now = new Date(), signal?: AbortSignal): Promise<FetchedCatalog> {
  let data: unknown;
  try {
    const response = await request(url, { signal, headersTimeout: 15_000, bodyTimeout: 30_000 });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new CatalogRefreshError(`${source} answered HTTP ${response.statusCode} at ${url}`);
    }
    const text = await response.body.text();
    try {
      data = JSON.parse(text);
    } catch {
      throw new CatalogRefreshError(`${url} did not answer JSON, so it is not ${source}'s catalog`);
    }
  } catch (error) {
    if (error instanceof CatalogRefreshError) throw error;
    throw new CatalogRefreshError(`could not reach ${source} at ${url}: ${(error as Error).message}`);
  }
  const asOf = now.toISOString().slice(0, 10);
  if (source === "models.dev" && !isModelsDevData(data)) throw new CatalogRefreshError(`${url} is not models.dev's catalog: expected its api.json or catalog.json`);
  const { models, problems } = source === "models.dev" ? convertModelsDev(data, asOf) : convertOpenRouterModels(data, asOf);
  if (models.length === 0) throw new CatalogRefreshError(`${url} listed no model Switchboard can price${problems[0] ? ` (${problems[0].message})` : ""}`);
  return { source, url, fetchedAt: now.toISOString(), models, leftOut: problems };
}

export interface PriceChange {
  id: string;
  field: string;
  from: number | undefined;
  to: number | undefined;
}

export interface CatalogDiff {
  added: ModelInfo[];
  /** On offer before, gone from the source now: kept, priced, no longer offered. */
  retired: ModelInfo[];
  priceChanges: PriceChange[];
}

const PRICE_FIELDS = ["input", "output", "cachedInput", "cacheWrite", "cacheWrite1h", "reasoningOutput", "perRequest"] as const;

/** What changes for the user: `before` is what the catalog offers now, for the providers `after` covers. */
export function diffCatalogs(before: readonly ModelInfo[], after: readonly ModelInfo[]): CatalogDiff {
  const providers = new Set(after.map((model) => providerOf(model.id)));
  const old = new Map(before.filter((model) => providers.has(providerOf(model.id))).map((model) => [model.id, model]));
  const next = new Map(after.map((model) => [model.id, model]));
  const added = after.filter((model) => !model.deprecated && (!old.has(model.id) || old.get(model.id)!.deprecated));
  const retired = [...old.values()].filter((model) => !model.deprecated && (!next.has(model.id) || next.get(model.id)!.deprecated));
  const priceChanges: PriceChange[] = [];
  for (const [id, model] of next) {
    const was = old.get(id);
    if (!was) continue;
    for (const field of PRICE_FIELDS) if (was.pricing[field] !== model.pricing[field]) priceChanges.push({ id, field, from: was.pricing[field], to: model.pricing[field] });
    if (tiersText(was.pricing) !== tiersText(model.pricing)) priceChanges.push({ id, field: "tiers", from: undefined, to: undefined });
  }
  return { added, retired, priceChanges };
}

const providerOf = (id: string) => id.slice(0, id.indexOf("/"));
const tiersText = (pricing: Pricing) => JSON.stringify(pricing.tiers ?? []);
const usd = (value: number | undefined) => (value === undefined ? "none" : `$${value}`);

/** The diff as lines a user reads: + new, − retired, ~ price changes (old → new per 1M tokens). */
export function formatDiff(diff: CatalogDiff): string[] {
  return [
    ...diff.added.map((model) => `+ ${model.id}  ${model.displayName}  $${model.pricing.input} in / $${model.pricing.output} out per 1M`),
    ...diff.retired.map((model) => `- ${model.id}  retired: no longer offered, still priced for old records`),
    ...diff.priceChanges.map((change) => (change.field === "tiers" ? `~ ${change.id}  long-context tiers changed` : `~ ${change.id}  ${change.field} ${usd(change.from)} → ${usd(change.to)} ${change.field === "perRequest" ? "per request" : "per 1M"}`)),
  ];
}

export function summariseDiff(diff: CatalogDiff): string {
  const changed = new Set(diff.priceChanges.map((change) => change.id)).size;
  return `${diff.added.length} new, ${diff.retired.length} retired, ${changed} with new prices`;
}
