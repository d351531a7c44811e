// Export Playground Conversation and the spend report as one HTML file, built into dist/exports.js and
// loaded on the first export, so the extension's start-up bundle stays small.
export { exportConversationCommand } from "./conversation-commands";
export { spendReportHtml } from "../core/spend/spend-html";
export { registerO200kTokenizer, registerO200kTokenizerOnFirstUse } from "../core/spend/estimate";
