// The models Switchboard can offer: demo models, the bundled models.dev snapshot, refreshed copies, imports, then user overrides.
import bundled from "./bundled-models.json";
import { demoModels } from "./demo-models";
import type { KeptCatalog } from "./catalog-source";
import { type CatalogProblem, formatIssue } from "./load-models";
import { type ModelInfo, modelSchemas } from "./model-info";

export interface CatalogSources {
  demoEnabled?: boolean;
  bundledEnabled?: boolean;
  /** Models found at run time (OpenRouter import, Ollama detection). */
  imported?: readonly ModelInfo[];
  /**
   * Refreshed copies of a source (models.dev, OpenRouter), over the bundled catalog: a bundled model of a
   * provider a models.dev copy covers but no longer lists is retired (still priced, not offered).
   */
  refreshed?: readonly KeptCatalog[];
  /** Users' entries: price or context changes to known models, or whole new models. */
  overrides?: unknown;
  overridesSource?: string;
}

export const BUNDLED_PRICES_AS_OF: string = bundled.asOf;

/**
 * The bundled snapshot as shipped. `npm run catalog:update` writes each entry in the schema's own form (its
 * defaults filled in) and a test holds it to that, so a catalog takes the entries as they are: validating
 * 178 of them again cost the extension 15 to 50 ms at start and again on every settings or key change.
 */
const BUNDLED_MODELS = bundled.models as readonly ModelInfo[];

export class ModelCatalog {
  private readonly models = new Map<string, ModelInfo>();
  readonly problems: CatalogProblem[] = [];
  /** Where the prices come from, newest last: "models.dev snapshot of 2026-07-02 (bundled)", … */
  readonly sources: string[] = [];
  private readonly bundledUsed: boolean;
  private readonly refreshedCopies: readonly KeptCatalog[];

  constructor(sources: CatalogSources = {}) {
    if (sources.demoEnabled ?? true) {
      for (const { behaviour: _, ...model } of demoModels) this.models.set(model.id, model);
    }
    this.bundledUsed = sources.bundledEnabled ?? true;
    this.refreshedCopies = sources.refreshed ?? [];
    if (this.bundledUsed) {
      for (const model of BUNDLED_MODELS) this.models.set(model.id, model);
      this.sources.push(`models.dev snapshot of ${bundled.asOf} (bundled)`);
    }
    for (const copy of sources.refreshed ?? []) {
      this.addRefreshed(copy);
      this.sources.push(`${copy.source} of ${copy.fetchedAt.slice(0, 10)} (refreshed)`);
    }
    for (const model of sources.imported ?? []) this.models.set(model.id, model);
    if (sources.overrides !== undefined) this.applyOverrides(sources.overrides, sources.overridesSource ?? "models");
  }

  private addRefreshed(copy: KeptCatalog): void {
    if (copy.source === "models.dev") {
      const covered = new Set(copy.models.map((model) => model.id.slice(0, model.id.indexOf("/"))));
      const listed = new Set(copy.models.map((model) => model.id));
      for (const model of this.models.values()) {
        if (!model.simulated && covered.has(model.id.slice(0, model.id.indexOf("/"))) && !listed.has(model.id)) this.models.set(model.id, { ...model, deprecated: true });
      }
    }
    for (const model of copy.models) this.models.set(model.id, model);
  }

  private applyOverrides(entries: unknown, source: string): void {
    if (!Array.isArray(entries)) {
      this.problems.push({ path: source, message: "expected a list of models" });
      return;
    }
    entries.forEach((entry, index) => {
      const parsed = modelSchemas().modelOverrideSchema.safeParse(entry);
      if (!parsed.success) {
        this.problems.push(formatIssue(`${source}[${index}]`, parsed.error));
        return;
      }
      const override = parsed.data;
      const known = this.models.get(override.id);
      const contextWindow = override.contextWindow ?? known?.contextWindow ?? 128_000;
      this.models.set(override.id, {
        id: override.id,
        displayName: override.displayName ?? known?.displayName ?? override.id,
        contextWindow,
        maxOutputTokens: override.maxOutputTokens ?? known?.maxOutputTokens ?? Math.min(contextWindow, 16_384),
        // Without a price anywhere the cost is unknown: marked so, never billed as $0.
        pricing: override.pricing ?? known?.pricing ?? { input: 0, output: 0 },
        ...(override.pricing || known?.pricing ? {} : { unpriced: true }),
        simulated: known?.simulated ?? false,
        reasoning: override.reasoning ?? known?.reasoning ?? false,
        imageInput: override.imageInput ?? known?.imageInput ?? false,
        toolCalling: override.toolCalling ?? known?.toolCalling ?? false,
        // No "deprecated": a model the user configures is on offer, even one its source has retired.
        ...(known?.releaseDate ? { releaseDate: known.releaseDate } : {}),
        ...(known?.benchmarks ? { benchmarks: known.benchmarks } : {}),
      });
    });
  }

  /** The price lists in use, as the ledger records them: "bundled 2026-07-02 + models.dev 2026-12-02". */
  priceSource(): string {
    return [...(this.bundledUsed ? [`bundled ${bundled.asOf}`] : []), ...this.refreshedCopies.map((copy) => `${copy.source} ${copy.fetchedAt.slice(0, 10)}`)].join(" + ");
  }

  /** The models on offer: pickers, Switchboard Auto and model lists (deprecated and retired ones left out). */
  list(): readonly ModelInfo[] {
    return [...this.models.values()].filter((model) => !model.deprecated);
  }

  /** Every model the catalog can price, deprecated and retired ones included. */
  all(): readonly ModelInfo[] {
    return [...this.models.values()];
  }

  find(id: string): ModelInfo | undefined {
    return this.models.get(id);
  }
}
