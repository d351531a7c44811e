// Built alone as dist/tokenizer.js (2 MB of token ranks), loaded the first time an OpenAI-family model is
// estimated (side-bundles.ts), so start-up stays cheap.
export { countTokens } from "gpt-tokenizer/encoding/o200k_base";
