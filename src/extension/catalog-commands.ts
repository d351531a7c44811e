// Refresh Model Catalog, Import Model Prices from OpenRouter, and Select Default Compare Models.
import * as vscode from "vscode";
import type { PriceChange } from "../core/catalog/catalog-refresh";
import { CATALOG_SOURCES, type CatalogSource, DEFAULT_SOURCE_URLS, type FetchedCatalog } from "../core/catalog/catalog-source";
import type * as CatalogRefreshBundle from "./catalog-refresh-entry";
import { writeKeptCatalog } from "../core/catalog/kept-catalog";
import type { ModelInfo } from "../core/catalog/model-info";
import { getLog } from "./log";
import { IMPORTED_MODELS_KEY, type SwitchboardServices } from "./switchboard-services";

export async function importOpenRouterCommand(
  context: vscode.ExtensionContext,
  services: SwitchboardServices,
  refresher: () => typeof CatalogRefreshBundle,
  urlArg?: unknown,
): Promise<number> {
  try {
    const { models, problems } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Switchboard: importing OpenRouter's model prices…" },
      () => refresher().fetchOpenRouterModels(typeof urlArg === "string" ? urlArg : undefined),
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

export interface CatalogRefreshResult {
  source: CatalogSource;
  added: string[];
  retired: string[];
  priceChanges: PriceChange[];
}

/**
 * Refresh Model Catalog: fetches the chosen source (the setting's, else models.dev), shows what changed in a
 * read-only document, and keeps the copy; the setting moves from "bundled" to the source refreshed. A failure
 * says why and leaves the catalog in use as it is.
 */
export async function refreshCatalogCommand(
  context: vscode.ExtensionContext,
  services: SwitchboardServices,
  refresher: () => typeof CatalogRefreshBundle,
  sourceArg?: unknown,
  urlArg?: unknown,
  quiet = false,
): Promise<CatalogRefreshResult | { error: string }> {
  const { diffCatalogs, fetchCatalog, formatDiff, summariseDiff } = refresher();
  const setting = services.settings.catalogSource;
  const source: CatalogSource = CATALOG_SOURCES.includes(sourceArg as CatalogSource) ? (sourceArg as CatalogSource) : setting === "openrouter" ? "openrouter" : "models.dev";
  const url = typeof urlArg === "string" && urlArg ? urlArg : services.settings.catalogSourceUrl || DEFAULT_SOURCE_URLS[source];
  let fetched: FetchedCatalog;
  try {
    fetched = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Switchboard: refreshing the model catalog from ${source}…` }, () => fetchCatalog(source, url));
  } catch (error) {
    const message = `could not refresh the model catalog from ${source}: ${(error as Error).message}. The catalog in use is unchanged.`;
    getLog().warn(`Catalog: ${message}`);
    void vscode.window.showErrorMessage(`Switchboard: ${message}`);
    return { error: message };
  }
  const diff = diffCatalogs(services.catalog.all(), fetched.models);
  if (source === "models.dev") {
    await writeKeptCatalog(services.keptModelsDevFile, fetched);
    services.keptModelsDev = fetched;
  } else {
    await context.globalState.update(IMPORTED_MODELS_KEY, { models: fetched.models, importedAt: fetched.fetchedAt });
  }
  for (const problem of fetched.leftOut) getLog().info(`Catalog: left out ${problem.path}: ${problem.message}`);
  // Moving off "bundled" is what the user asked for by refreshing; the settings change rebuilds the catalog.
  if (setting !== source) await vscode.workspace.getConfiguration("switchboard").update("catalog.source", source, vscode.ConfigurationTarget.Global);
  services.rebuild();
  const summary = `${source} of ${fetched.fetchedAt.slice(0, 10)}: ${summariseDiff(diff)}`;
  getLog().info(`Catalog refreshed from ${fetched.url}: ${summary}.`);
  if (!quiet) {
    const lines = formatDiff(diff);
    const body = [
      `# Model catalog refreshed from ${source}`,
      "",
      `${summary}. ${fetched.models.length} models kept${fetched.leftOut.length ? `; ${fetched.leftOut.length} left out that cannot be priced exactly or are not chat models (see Switchboard: Show Log)` : ""}. Setting \`switchboard.catalog.source\`: \`${source}\`.`,
      "",
      ...(lines.length ? ["```diff", ...lines, "```"] : ["Nothing changed."]),
      "",
    ].join("\n");
    await vscode.window.showTextDocument(await services.documents.open(`Switchboard catalog ${fetched.fetchedAt.slice(0, 10)}.md`, body), { preview: true });
  }
  void vscode.window.showInformationMessage(`Switchboard: model catalog refreshed (${summary}).`);
  const ids = (models: readonly ModelInfo[]) => models.map((model) => model.id);
  return { source, added: ids(diff.added), retired: ids(diff.retired), priceChanges: diff.priceChanges };
}
