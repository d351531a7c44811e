// The models Switchboard can offer right now. The bundled snapshot and imports extend this list.
import { demoModels } from "./demo-models";
import type { ModelInfo } from "./model-info";

export interface CatalogOptions {
  demoEnabled: boolean;
}

export class ModelCatalog {
  private readonly models: ModelInfo[];

  constructor(options: CatalogOptions) {
    this.models = options.demoEnabled ? demoModels.map(({ behaviour: _, ...model }) => model) : [];
  }

  list(): readonly ModelInfo[] {
    return this.models;
  }

  find(id: string): ModelInfo | undefined {
    return this.models.find((model) => model.id === id);
  }
}
