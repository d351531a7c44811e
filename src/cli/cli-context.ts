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
import type { ProviderDefinition } from "../core/providers/provider-definitions";
import { fetchTeamModels, normaliseGatewayUrl, teamGatewayProvider } from "../core/team/team-gateway-client";
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

/** `demo` false: no simulated demo models (a team gateway offers its members real ones only). */
export async function loadCliContext(configPath: string | undefined, env: NodeJS.ProcessEnv, demo = true): Promise<CliContext> {
  const config = loadConfig(configPath);
  return contextFromConfig(config, configPath ? `${configPath} models` : "models", env, { team: await teamMembership(env), demo });
}

/** A member of a team gateway: its address and the member key, from the environment. */
export const TEAM_GATEWAY_ENV = "SWITCHBOARD_TEAM_GATEWAY";
export const TEAM_KEY_ENV = "SWITCHBOARD_TEAM_KEY";

interface TeamMembership {
  provider: ProviderDefinition;
  models: ModelInfo[];
}

/** With SWITCHBOARD_TEAM_GATEWAY set: the gateway as provider "team", with the models it lists for the key. */
async function teamMembership(env: NodeJS.ProcessEnv): Promise<TeamMembership | undefined> {
  const address = env[TEAM_GATEWAY_ENV]?.trim();
  if (!address) return undefined;
  const checked = normaliseGatewayUrl(address);
  if (!checked.ok) fail(`${TEAM_GATEWAY_ENV}: ${checked.message}`);
  const key = env[TEAM_KEY_ENV]?.trim();
  if (!key) fail(`${TEAM_GATEWAY_ENV} is set but ${TEAM_KEY_ENV} is not: set it to your member key (sbk_…)`);
  const listed = await fetchTeamModels(checked.url, key);
  if (!listed.ok) throw new Error(`the team gateway ${checked.url} did not list its models: ${listed.message}`);
  return { provider: { ...teamGatewayProvider(checked.url), apiKeyEnv: TEAM_KEY_ENV }, models: listed.value };
}

/** Providers, catalog and budgets from a checked config; keys from `env` by each provider's variable. */
export function contextFromConfig(
  config: SwitchboardConfig,
  modelsSource: string,
  env: Record<string, string | undefined>,
  { team, demo = true }: { team?: TeamMembership; demo?: boolean } = {},
): CliContext {
  const registry = new ProviderRegistry(mergeProviders([...config.providers, ...(team ? [team.provider] : [])]), (definition) =>
    definition.apiKeyEnv ? env[definition.apiKeyEnv]?.trim() || undefined : undefined,
  );
  // Copies kept by `switchboard models --refresh`, over the bundled catalog; config models still win.
  const kept = CATALOG_SOURCES.map((source) => readKeptCatalog(keptCatalogFile(switchboardConfigDir(env), source)));
  const catalog = new ModelCatalog({
    demoEnabled: demo,
    refreshed: kept.flatMap((copy) => (copy.kept ? [copy.kept] : [])),
    ...(team ? { imported: team.models } : {}),
    overrides: config.models,
    overridesSource: modelsSource,
  });
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
