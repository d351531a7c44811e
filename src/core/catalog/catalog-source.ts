// The sources a catalog can be refreshed from, and a refreshed copy as kept between runs. Apart from the
// refresh itself (catalog-refresh.ts), which the extension loads only when the user refreshes.
import type { CatalogProblem } from "./load-models";
import type { ModelInfo } from "./model-info";

export const CATALOG_SOURCES = ["models.dev", "openrouter"] as const;
export type CatalogSource = (typeof CATALOG_SOURCES)[number];

/** models.dev's catalog.json carries its providers' models and the model metadata (benchmarks) in one file. */
export const DEFAULT_SOURCE_URLS: Readonly<Record<CatalogSource, string>> = {
  "models.dev": "https://models.dev/catalog.json",
  openrouter: "https://openrouter.ai/api/v1/models",
};

/** A refreshed catalog as kept on disk: its models and when, where from, they were read. */
export interface KeptCatalog {
  source: CatalogSource;
  url: string;
  /** When it was fetched (ISO time); its prices' asOf is this day. */
  fetchedAt: string;
  models: ModelInfo[];
}

export interface FetchedCatalog extends KeptCatalog {
  /** Entries left out, with why (no exact price, not a chat model…). */
  leftOut: CatalogProblem[];
}
