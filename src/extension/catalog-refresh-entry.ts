// Refreshing the model catalog (fetching models.dev or OpenRouter, converting, comparing), built as
// dist/catalog-refresh.js and loaded when the user refreshes, so the extension's start-up bundle stays small.
export { diffCatalogs, fetchCatalog, formatDiff, summariseDiff } from "../core/catalog/catalog-refresh";
export { registerO200kTokenizer } from "../core/spend/estimate";
