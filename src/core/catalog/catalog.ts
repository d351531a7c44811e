// The models Switchboard can offer: demo models, the bundled price snapshot, imports, then user overrides.
import bundled from "./bundled-models.json";
import { demoModels } from "./demo-models";
import { type CatalogProblem, formatIssue, loadModels } from "./load-models";
import { type ModelInfo, modelOverrideSchema } from "./model-info";

export interface CatalogSources {
  demoEnabled?: boolean;
  bundledEnabled?: boolean;
  /** Models found at run time (OpenRouter import, Ollama detection). */
  imported?: readonly ModelInfo[];
  /** Users' entries: price or context changes to known models, or whole new models. */
  overrides?: unknown;
  overridesSource?: string;
}

export const BUNDLED_PRICES_AS_OF: string = bundled.asOf;

export class ModelCatalog {
  private readonly models = new Map<string, ModelInfo>();
  readonly problems: CatalogProblem[] = [];

  constructor(sources: CatalogSources = {}) {
    if (sources.demoEnabled ?? true) {
      for (const { behaviour: _, ...model } of demoModels) this.models.set(model.id, model);
    }
    if (sources.bundledEnabled ?? true) this.addAll(loadModels(bundled.models, "bundled-models.json"));
    for (const model of sources.imported ?? []) this.models.set(model.id, model);
    if (sources.overrides !== undefined) this.applyOverrides(sources.overrides, sources.overridesSource ?? "models");
  }

  private addAll({ models, problems }: { models: ModelInfo[]; problems: CatalogProblem[] }): void {
    for (const model of models) this.models.set(model.id, model);
    this.problems.push(...problems);
  }

  private applyOverrides(entries: unknown, source: string): void {
    if (!Array.isArray(entries)) {
      this.problems.push({ path: source, message: "expected a list of models" });
      return;
    }
    entries.forEach((entry, index) => {
      const parsed = modelOverrideSchema.safeParse(entry);
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
      });
    });
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
