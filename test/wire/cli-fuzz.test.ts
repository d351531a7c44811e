// Random command lines for the built CLI: it answers every one with an exit code and, when it refuses,
// one readable line — never a stack trace.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { runCli } from "./run-cli";

const words = fc.constantFrom(
  "chat", "compare", "models", "spend", "ledger", "verify", "--model", "--prompt", "--fallback", "--strategy", "--candidates",
  "--data-policy", "--max-input-price", "--max-output-price", "--max-cost", "--timeout-ms", "--max-tokens", "--json", "--config",
  "--policy", "--ledger", "--by", "--format", "--since", "demo/swift-mini", "demo/nope", "acme/x", "cheapest", "fast",
  "deny-training", "-1", "abc", "0", "1e9", "/nonexistent/file.json", "", "--", "-", "x/y/z", "2026-13-45",
);

describe("switchboard with random command lines", () => {
  it("always exits cleanly with a code, and a refusal is one line without a stack trace", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(words, { minLength: 0, maxLength: 7 }), async (args) => {
        const result = await runCli(args.filter((arg) => arg !== "-"), {});
        assert.ok([0, 1, 2].includes(result.status ?? -1), `exit ${result.status} for ${JSON.stringify(args)}`);
        assert.doesNotMatch(result.stderr, /\n\s+at |TypeError|ReferenceError|Unhandled/, JSON.stringify(args));
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});
