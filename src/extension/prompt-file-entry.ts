// Prompt files' matrix view and the eval machinery (YAML, JSON Schema), built as dist/eval.js and loaded
// on first use, so the extension's start-up bundle stays small.
export { PromptFilePanel } from "./prompt-file-panel";
export { registerO200kTokenizer, registerO200kTokenizerOnFirstUse } from "../core/spend/estimate";
export { promptFileProblems } from "../core/eval/prompt-file";
export { checkJsonAnswer, describeJsonCheck } from "../core/eval/json-answer";
