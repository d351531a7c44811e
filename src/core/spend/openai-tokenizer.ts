// Registers OpenAI's o200k_base tokenizer (gpt-tokenizer) for exact pre-flight estimates. Loaded by the
// CLI's commands that send requests (src/cli.ts); the extension loads its own build (dist/tokenizer.js)
// when first needed (side-bundles.ts).
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { registerO200kTokenizer } from "./estimate";

registerO200kTokenizer(countTokens);
