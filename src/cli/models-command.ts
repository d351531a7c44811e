// `switchboard models`: the catalog with prices, plus any models a local Ollama server offers.
import { parseArgs } from "node:util";
import { ModelCatalog } from "../core/catalog/catalog";
import { diffCatalogs, fetchCatalog, formatDiff, summariseDiff } from "../core/catalog/catalog-refresh";
import { CATALOG_SOURCES, type CatalogSource } from "../core/catalog/catalog-source";
import { keptCatalogFile, writeKeptCatalog } from "../core/catalog/kept-catalog";
import type { ModelInfo } from "../core/catalog/model-info";
import { fetchOpenRouterModels } from "../core/catalog/openrouter-import";
import { stalePriceWarning } from "../core/catalog/price-age";
import { detectOllamaModels } from "../core/providers/ollama-detect";
import { loadCliContext } from "./cli-context";
import { switchboardConfigDir } from "./routing-flags";
import { fail } from "./usage-error";

export const MODELS_USAGE = "switchboard models [--config FILE] [--openrouter [--openrouter-url URL]] [--json] | switchboard models --refresh [--source models.dev|openrouter] [--source-url URL] [--json]";

export async function modelsCommand(args: string[], io: { env: NodeJS.ProcessEnv; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: "string" },
      json: { type: "boolean", default: false },
      openrouter: { type: "boolean", default: false },
      "openrouter-url": { type: "string" },
      refresh: { type: "boolean", default: false },
      source: { type: "string" },
      "source-url": { type: "string" },
    },
    strict: true,
  });
  const context = await loadCliContext(values.config, io.env);
  for (const warning of context.warnings) io.stderr.write(`switchboard: warning: ${warning}\n`);
  if (values.refresh) return refresh(context.catalog.all(), values, io);
  if (values.source || values["source-url"]) fail("--source and --source-url go with --refresh");
  const imported = await detectOllamaModels(io.env.SWITCHBOARD_OLLAMA_ORIGIN);
  if (values.openrouter) {
    const { models, problems } = await fetchOpenRouterModels(values["openrouter-url"]);
    imported.push(...models);
    if (problems.length > 0) io.stderr.write(`switchboard: skipped ${problems.length} OpenRouter models without a fixed price\n`);
  }
  // Offered models first; deprecated and retired ones (priced for old records) after them.
  const all = context.catalog.all();
  const models = [...all.filter((model) => !model.deprecated), ...new ModelCatalog({ demoEnabled: false, bundledEnabled: false, imported }).list(), ...all.filter((model) => model.deprecated)];
  if (!values.json) io.stdout.write(`# prices: ${context.catalog.sources.join(", ")}; models marked deprecated are priced but not offered\n`);
  for (const model of models) {
    if (values.json) {
      io.stdout.write(`${JSON.stringify(model)}\n`);
      continue;
    }
    const { input, output, cachedInput, cacheWrite, tiers, asOf } = model.pricing;
    const cached = cachedInput === undefined ? "" : ` ($${cachedInput} cached${cacheWrite === undefined ? "" : `, $${cacheWrite} cache write`})`;
    const tier = tiers?.length ? `  above ${tiers[0]!.aboveInputTokens} in: $${tiers[0]!.input}/$${tiers[0]!.output}` : "";
    const dated = asOf ? `  prices ${asOf}` : "";
    const badge = model.simulated ? " (simulated)" : model.id.startsWith("ollama/") ? " (local)" : model.deprecated ? " (deprecated: not offered)" : "";
    const accepts = [model.toolCalling ? "tools" : "", model.imageInput ? "images" : ""].filter(Boolean).join(", ");
    io.stdout.write(`${model.id.padEnd(40)} $${input}/1M in${cached}  $${output}/1M out${tier}  ${model.contextWindow} ctx${accepts ? `  ${accepts}` : ""}${badge}${dated}\n`);
  }
  const stale = stalePriceWarning(models.filter((model) => !model.deprecated), new Date(), "run `switchboard models --refresh` for current prices, or set them under models in your config file (--config).");
  if (stale && !values.json) io.stderr.write(`switchboard: warning: ${stale}\n`);
  return 0;
}

/** `--refresh`: fetch the source, show what changes, keep it for every later command; a failure keeps the copy in use. */
async function refresh(inUse: readonly ModelInfo[], values: { source?: string; "source-url"?: string; json?: boolean }, io: { env: NodeJS.ProcessEnv; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const source = (values.source ?? "models.dev") as CatalogSource;
  if (!CATALOG_SOURCES.includes(source)) fail(`--source must be ${CATALOG_SOURCES.join(" or ")}, not "${values.source}"`);
  let fetched: Awaited<ReturnType<typeof fetchCatalog>>;
  try {
    fetched = await fetchCatalog(source, values["source-url"]);
  } catch (error) {
    io.stderr.write(`switchboard: refresh failed: ${(error as Error).message}. The catalog in use is unchanged.\n`);
    return 1;
  }
  const diff = diffCatalogs(inUse, fetched.models);
  const file = keptCatalogFile(switchboardConfigDir(io.env), source);
  await writeKeptCatalog(file, fetched);
  if (values.json) {
    const ids = (models: readonly ModelInfo[]) => models.map((model) => model.id);
    io.stdout.write(`${JSON.stringify({ source, url: fetched.url, fetchedAt: fetched.fetchedAt, kept: file, added: ids(diff.added), retired: ids(diff.retired), priceChanges: diff.priceChanges, leftOut: fetched.leftOut })}\n`);
    return 0;
  }
  for (const line of formatDiff(diff)) io.stdout.write(`${line}\n`);
  io.stdout.write(`${source} of ${fetched.fetchedAt.slice(0, 10)}: ${summariseDiff(diff)}; ${fetched.models.length} models kept in ${file}${fetched.leftOut.length ? ` (${fetched.leftOut.length} left out that cannot be priced exactly or are not chat models: --json lists them)` : ""}\n`);
  return 0;
}
