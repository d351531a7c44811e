// Refreshing the model catalog (fetching models.dev or OpenRouter, converting, comparing) and importing
// OpenRouter's prices, built as dist/catalog-refresh.js and loaded on first use, so the extension's
// start-up bundle stays small.
export { diffCatalogs, fetchCatalog, formatDiff, summariseDiff } from "../core/catalog/catalog-refresh";
export { fetchOpenRouterModels } from "../core/catalog/openrouter-import";
export { registerO200kTokenizer, registerO200kTokenizerOnFirstUse } from "../core/spend/estimate";
