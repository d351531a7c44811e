// What every command needs: the providers (built-in + --config), the catalog, and model resolution.
import { readFileSync } from "node:fs";
import { ModelCatalog } from "../core/catalog/catalog";
import { splitModelId, type ModelInfo } from "../core/catalog/model-info";
import { parseConfig } from "../core/config/switchboard-config";
import { mergeProviders, ProviderRegistry } from "../core/providers/provider-registry";
import type { ChatProvider } from "../core/stream/events";
import { fail } from "./usage-error";

export interface CliContext {
  registry: ProviderRegistry;
  catalog: ModelCatalog;
  /** Bad model entries that were skipped, to show as warnings. */
  warnings: string[];
}

export function loadCliContext(configPath: string | undefined, env: NodeJS.ProcessEnv): CliContext {
  let providers: ReturnType<typeof mergeProviders> = mergeProviders([]);
  let overrides: unknown[] = [];
  if (configPath) {
    let text: string;
    try {
      text = readFileSync(configPath, "utf8");
    } catch {
      fail(`cannot read the config file ${configPath}`);
    }
    const parsed = parseConfig(text, configPath);
    if (!parsed.ok) fail(parsed.message);
    providers = mergeProviders(parsed.config.providers);
    overrides = parsed.config.models;
  }
  const registry = new ProviderRegistry(providers, (definition) =>
    definition.apiKeyEnv ? env[definition.apiKeyEnv]?.trim() || undefined : undefined,
  );
  const catalog = new ModelCatalog({ overrides, overridesSource: configPath ? `${configPath} models` : "models" });
  return { registry, catalog, warnings: catalog.problems.map((problem) => `${problem.path}: ${problem.message} (skipped)`) };
}

/** PROVIDER/MODEL -> a ready adapter and the model's catalog entry (local servers may run any model, free). */
export function resolveModel(context: CliContext, id: string): { provider: ChatProvider; model: ModelInfo; modelName: string } {
  let parts: { provider: string; model: string };
  try {
    parts = splitModelId(id);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const definition = context.registry.get(parts.provider);
  if (!definition) {
    fail(`unknown provider "${parts.provider}" in ${id} (known: ${context.registry.list().map((p) => p.id).join(", ")})`);
  }
  let model = context.catalog.find(id);
  if (!model && definition.local && definition.kind !== "demo") {
    model = { id, displayName: id, contextWindow: 4096, maxOutputTokens: 4096, pricing: { input: 0, output: 0 }, simulated: false, reasoning: false };
  }
  if (!model) {
    fail(`unknown model "${id}": add it with its pricing to the config's "models", or see \`switchboard models\``);
  }
  const created = context.registry.create(parts.provider);
  if (!created.ok) fail(created.message);
  return { provider: created.provider, model, modelName: parts.model };
}
