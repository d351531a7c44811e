// Built alone as dist/tokenizer.js (2 MB of token ranks), loaded after activation so start-up stays cheap.
export { countTokens } from "gpt-tokenizer/encoding/o200k_base";
