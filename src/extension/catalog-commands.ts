// Import Model Prices from OpenRouter, and Select Default Compare Models.
import * as vscode from "vscode";
import { fetchOpenRouterModels } from "../core/catalog/openrouter-import";
import { getLog } from "./log";
import { IMPORTED_MODELS_KEY, type SwitchboardServices } from "./switchboard-services";

export async function importOpenRouterCommand(context: vscode.ExtensionContext, services: SwitchboardServices, urlArg?: unknown): Promise<number> {
  try {
    const { models, problems } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Switchboard: importing OpenRouter's model prices…" },
      () => fetchOpenRouterModels(typeof urlArg === "string" ? urlArg : undefined),
    );
    await context.globalState.update(IMPORTED_MODELS_KEY, { models, importedAt: new Date().toISOString() });
    services.rebuild();
    for (const problem of problems) getLog().info(`OpenRouter import skipped ${problem.path}: ${problem.message}`);
    void vscode.window.showInformationMessage(`Switchboard: imported ${models.length} OpenRouter models with prices${problems.length ? ` (${problems.length} without a fixed price skipped)` : ""}.`);
    return models.length;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    getLog().warn(`OpenRouter import failed: ${message}`);
    void vscode.window.showErrorMessage(`Switchboard: could not import OpenRouter's prices: ${message}`);
    return 0;
  }
}

export async function selectDefaultModelsCommand(services: SwitchboardServices): Promise<void> {
  const current = new Set(services.settings.defaultModels);
  const items = services.catalog.list().map((model) => ({
    label: model.displayName,
    description: `${model.id} · $${model.pricing.input}/$${model.pricing.output} per 1M${model.simulated ? " · simulated" : ""}`,
    picked: current.has(model.id),
    id: model.id,
  }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: "Models the playground compares by default (1 to 6)" });
  if (!picked) return;
  if (picked.length < 1 || picked.length > 6) {
    void vscode.window.showWarningMessage("Switchboard: pick between 1 and 6 models.");
    return;
  }
  await vscode.workspace.getConfiguration("switchboard").update("compare.defaultModels", picked.map((item) => item.id), vscode.ConfigurationTarget.Global);
}
