// `switchboard models`: the catalog with prices, plus any models a local Ollama server offers.
import { parseArgs } from "node:util";
import { ModelCatalog } from "../core/catalog/catalog";
import { fetchOpenRouterModels } from "../core/catalog/openrouter-import";
import { stalePriceWarning } from "../core/catalog/price-age";
import { detectOllamaModels } from "../core/providers/ollama-detect";
import { loadCliContext } from "./cli-context";

export const MODELS_USAGE = "switchboard models [--config FILE] [--openrouter [--openrouter-url URL]] [--json]";

export async function modelsCommand(args: string[], io: { env: NodeJS.ProcessEnv; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: "string" },
      json: { type: "boolean", default: false },
      openrouter: { type: "boolean", default: false },
      "openrouter-url": { type: "string" },
    },
    strict: true,
  });
  const context = loadCliContext(values.config, io.env);
  for (const warning of context.warnings) io.stderr.write(`switchboard: warning: ${warning}\n`);
  const imported = await detectOllamaModels(io.env.SWITCHBOARD_OLLAMA_ORIGIN);
  if (values.openrouter) {
    const { models, problems } = await fetchOpenRouterModels(values["openrouter-url"]);
    imported.push(...models);
    if (problems.length > 0) io.stderr.write(`switchboard: skipped ${problems.length} OpenRouter models without a fixed price\n`);
  }
  const models = [...context.catalog.all(), ...new ModelCatalog({ demoEnabled: false, bundledEnabled: false, imported }).list()];
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
  const stale = stalePriceWarning(models, new Date(), "run `switchboard models --openrouter` for current prices, or set them under models in your config file (--config).");
  if (stale && !values.json) io.stderr.write(`switchboard: warning: ${stale}\n`);
  return 0;
}
