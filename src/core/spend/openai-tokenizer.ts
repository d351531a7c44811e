// Registers OpenAI's o200k_base tokenizer (gpt-tokenizer) for exact pre-flight estimates. Loaded by the
// CLI's commands that send requests (src/cli.ts); built as dist/tokenizer.js for the extension, which loads
// it after activation.
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { registerO200kTokenizer } from "./estimate";

registerO200kTokenizer(countTokens);
