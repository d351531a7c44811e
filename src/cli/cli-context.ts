// What every command needs: providers (built-in + --config), the catalog, budgets, and model lookup.
import { readFileSync } from "node:fs";
import { ModelCatalog } from "../core/catalog/catalog";
import { CATALOG_SOURCES } from "../core/catalog/catalog-source";
import { keptCatalogFile, readKeptCatalog } from "../core/catalog/kept-catalog";
import { type ModelInfo, splitModelId } from "../core/catalog/model-info";
import { parseConfig, type SwitchboardConfig } from "../core/config/switchboard-config";
import { mergeProviders, ProviderRegistry } from "../core/providers/provider-registry";
import { parseTeamPolicy, type TeamPolicy } from "../core/routing/team-policy";
import type { ChatProvider } from "../core/stream/events";
import { switchboardConfigDir } from "./routing-flags";
import { fail } from "./usage-error";

export interface CliContext {
  registry: ProviderRegistry;
  catalog: ModelCatalog;
  budgets: SwitchboardConfig["budgets"];
  /** Bad model entries that were skipped, to show as warnings. */
  warnings: string[];
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    fail(`cannot read the ${what} ${path}`);
  }
}

/** The --config file, checked (an empty config without one). */
export function loadConfig(configPath: string | undefined): SwitchboardConfig {
  if (!configPath) return { providers: [], models: [] };
  const parsed = parseConfig(readText(configPath, "config file"), configPath);
  if (!parsed.ok) fail(parsed.message);
  return parsed.config;
}

export function loadCliContext(configPath: string | undefined, env: NodeJS.ProcessEnv): CliContext {
  return contextFromConfig(loadConfig(configPath), configPath ? `${configPath} models` : "models", env);
}

/** Providers, catalog and budgets from a checked config; keys from `env` by each provider's variable. */
export function contextFromConfig(config: SwitchboardConfig, modelsSource: string, env: Record<string, string | undefined>): CliContext {
  const registry = new ProviderRegistry(mergeProviders(config.providers), (definition) =>
    definition.apiKeyEnv ? env[definition.apiKeyEnv]?.trim() || undefined : undefined,
  );
  // Copies kept by `switchboard models --refresh`, over the bundled catalog; config models still win.
  const kept = CATALOG_SOURCES.map((source) => readKeptCatalog(keptCatalogFile(switchboardConfigDir(env), source)));
  const catalog = new ModelCatalog({ refreshed: kept.flatMap((copy) => (copy.kept ? [copy.kept] : [])), overrides: config.models, overridesSource: modelsSource });
  return {
    registry,
    catalog,
    budgets: config.budgets,
    warnings: [...kept.flatMap((copy) => (copy.problem ? [copy.problem] : [])), ...catalog.problems.map((problem) => `${problem.path}: ${problem.message} (skipped)`)],
  };
}

/** A team policy file; an invalid one refuses every request until fixed (fail closed). */
export function loadTeamPolicy(path: string | undefined): TeamPolicy | undefined {
  if (!path) return undefined;
  const parsed = parseTeamPolicy(readText(path, "policy file"), path);
  if (!parsed.ok) fail(`refusing to send anything until the policy file is fixed: ${parsed.message}`);
  return parsed.policy;
}

/** The catalog entry, or for a local server (Ollama, LM Studio…) any model it runs, free. */
export function findModel(context: CliContext, id: string): ModelInfo | undefined {
  const known = context.catalog.find(id);
  if (known) return known;
  let providerId: string;
  try {
    providerId = splitModelId(id).provider;
  } catch {
    return undefined;
  }
  const definition = context.registry.get(providerId);
  if (!definition?.local || definition.kind === "demo") return undefined;
  return { id, displayName: id, contextWindow: 4096, maxOutputTokens: 4096, pricing: { input: 0, output: 0 }, simulated: false, reasoning: false, imageInput: false, toolCalling: false };
}

/** Checks a model named on the command line: known provider, known model, key present. */
export function requireModel(context: CliContext, id: string): { provider: ChatProvider; model: ModelInfo } {
  let parts: { provider: string; model: string };
  try {
    parts = splitModelId(id);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (!context.registry.get(parts.provider)) {
    fail(`unknown provider "${parts.provider}" in ${id} (known: ${context.registry.list().map((p) => p.id).join(", ")})`);
  }
  const model = findModel(context, id);
  if (!model) fail(`unknown model "${id}": add it with its pricing to the config's "models", or see \`switchboard models\``);
  const created = context.registry.create(parts.provider);
  if (!created.ok) fail(created.message);
  return { provider: created.provider, model };
}
