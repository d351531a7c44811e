// The local gateway's server and its APIs (OpenAI Chat Completions and Responses, Anthropic, Gemini),
// built as dist/gateway.js and loaded when the gateway first starts, so the extension's start-up bundle
// stays small.
export { startGateway } from "../gateway/gateway-server";
export { registerO200kTokenizer, registerO200kTokenizerOnFirstUse } from "../core/spend/estimate";
