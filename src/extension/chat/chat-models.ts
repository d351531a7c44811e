// The models Switchboard offers to VS Code's chat and to every extension that calls `vscode.lm`: one entry
// per catalog model the user can call, with its token limits, capabilities and price, plus Switchboard
// Auto, which routes each request with the user's strategy. Pure: builds plain objects from the catalog.
import type * as vscode from "vscode";
import type { ModelInfo } from "../../core/catalog/model-info";
import { splitModelId } from "../../core/catalog/model-info";
import { AUTO_MODEL_ID, type Strategy } from "../../core/routing/routing-types";

export interface AutoModel {
  strategy: Strategy;
  /** The models Auto may route to (already narrowed to what the user can call). */
  candidates: readonly ModelInfo[];
}

/** Prices per 1M tokens as the catalog and provider price pages write them: $0.15, $3, $0.075. */
const perMillion = (usd: number) => `$${Number(usd.toFixed(6))}`;

function priceLine(model: ModelInfo): string {
  return `${perMillion(model.pricing.input)} in / ${perMillion(model.pricing.output)} out per 1M tokens`;
}

/**
 * What a request may send: the context window less the room the answer may need (the window holds
 * both), never below half the window for models whose output allowance is most of it.
 */
export function maxInputTokens(model: Pick<ModelInfo, "contextWindow" | "maxOutputTokens">): number {
  return Math.max(model.contextWindow - model.maxOutputTokens, Math.floor(model.contextWindow / 2));
}

export function modelInformation(model: ModelInfo): vscode.LanguageModelChatInformation {
  const { provider, model: name } = splitModelId(model.id);
  return {
    id: model.id,
    name: model.displayName,
    family: name,
    version: name,
    detail: `${provider} · ${priceLine(model)}`,
    tooltip: `${model.displayName} (${model.id}) through Switchboard: ${priceLine(model)}, ${model.contextWindow.toLocaleString("en-US")}-token context${model.simulated ? ". Simulated offline, nothing is billed" : ""}.`,
    maxInputTokens: maxInputTokens(model),
    maxOutputTokens: model.maxOutputTokens,
    capabilities: { toolCalling: model.toolCalling, imageInput: model.imageInput },
  };
}

/**
 * Auto can take any request one of its candidates can: its limits are the smallest of theirs, and it
 * offers tools or images when some candidate accepts them (requests that need them route only there).
 */
export function autoInformation(auto: AutoModel): vscode.LanguageModelChatInformation | undefined {
  if (auto.candidates.length === 0) return undefined;
  const names = auto.candidates.map((model) => model.id);
  return {
    id: AUTO_MODEL_ID,
    name: "Switchboard Auto",
    family: "auto",
    version: auto.strategy,
    detail: `routes ${auto.strategy} over ${names.length} model${names.length === 1 ? "" : "s"}`,
    tooltip: `Switchboard picks the model for each request with the "${auto.strategy}" strategy (setting switchboard.routing.strategy) among ${names.join(", ")}, and falls back when one fails.`,
    maxInputTokens: Math.min(...auto.candidates.map(maxInputTokens)),
    maxOutputTokens: Math.min(...auto.candidates.map((model) => model.maxOutputTokens)),
    capabilities: { toolCalling: auto.candidates.some((model) => model.toolCalling), imageInput: auto.candidates.some((model) => model.imageInput) },
  };
}

export function chatModelInformation(models: readonly ModelInfo[], auto: AutoModel): vscode.LanguageModelChatInformation[] {
  const autoEntry = autoInformation(auto);
  return [...(autoEntry ? [autoEntry] : []), ...models.map(modelInformation)];
}
