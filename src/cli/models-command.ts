// `switchboard models`: the catalog with prices, plus any models a local Ollama server offers.
import { parseArgs } from "node:util";
import { ModelCatalog } from "../core/catalog/catalog";
import { detectOllamaModels } from "../core/providers/ollama-detect";
import { loadCliContext } from "./cli-context";

export const MODELS_USAGE = "switchboard models [--config FILE] [--json]";

export async function modelsCommand(args: string[], io: { env: NodeJS.ProcessEnv; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: "string" }, json: { type: "boolean", default: false } }, strict: true });
  const context = loadCliContext(values.config, io.env);
  for (const warning of context.warnings) io.stderr.write(`switchboard: warning: ${warning}\n`);
  const local = await detectOllamaModels(io.env.SWITCHBOARD_OLLAMA_ORIGIN);
  const models = [...context.catalog.list(), ...new ModelCatalog({ demoEnabled: false, bundledEnabled: false, imported: local }).list()];
  for (const model of models) {
    if (values.json) {
      io.stdout.write(`${JSON.stringify(model)}\n`);
      continue;
    }
    const { input, output, cachedInput } = model.pricing;
    const cached = cachedInput === undefined ? "" : ` ($${cachedInput} cached)`;
    const badge = model.simulated ? " (simulated)" : model.id.startsWith("ollama/") ? " (local)" : "";
    io.stdout.write(`${model.id.padEnd(40)} $${input}/1M in${cached}  $${output}/1M out  ${model.contextWindow} ctx${badge}\n`);
  }
  return 0;
}
