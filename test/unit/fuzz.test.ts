// Random and mutated input for every boundary that parses outside data: webview messages, config files,
// team policy files. None may throw; each answer is either a valid value or one clear message.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseConfig } from "../../src/core/config/switchboard-config";
import { parseTeamPolicy } from "../../src/core/routing/team-policy";
import { describeProtocolError, protocolSchemas } from "../../src/protocol";

const { webviewMessageSchema } = protocolSchemas();

const validMessages = [
  { type: "ready" },
  { type: "run", prompt: "hi", models: ["demo/swift-mini"], params: [{ temperature: 0.5 }], followUp: false },
  { type: "stop", columnId: "c1" },
  { type: "retry", columnId: "c2" },
  { type: "clear" },
  { type: "code-action", action: "insert", code: "x", columnId: "c1" },
  { type: "open-link", href: "https://example.com" },
  { type: "error-action", action: "set-key", modelId: "openai/gpt-4o" },
  { type: "vote", columnId: "c1" },
];

/** A valid message with one field replaced by anything at all. */
const mutated = fc
  .tuple(fc.constantFrom(...validMessages), fc.anything(), fc.nat())
  .map(([message, value, pick]) => {
    const keys = Object.keys(message);
    return { ...message, [keys[pick % keys.length]!]: value };
  });

describe("fuzzing the boundaries", () => {
  it("10,000 random and mutated webview messages: never a throw, always valid or a readable reason", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), mutated, fc.constantFrom(...validMessages)), (message) => {
        const result = webviewMessageSchema.safeParse(message);
        if (!result.success) assert.ok(describeProtocolError(result.error).length > 0);
      }),
      { numRuns: 10_000, seed: 7 },
    );
    for (const message of validMessages) assert.equal(webviewMessageSchema.safeParse(message).success, true, JSON.stringify(message));
  });

  it("random config files: a config or one line naming the file and the bad field", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify({ providers: [v], models: [v] }))), (text) => {
        const result = parseConfig(text, "config.json");
        if (!result.ok) {
          assert.match(result.message, /^config\.json/);
          assert.doesNotMatch(result.message, /\n/);
        }
      }),
      { numRuns: 2_000, seed: 8 },
    );
  });

  it("random team policy files: a policy or one line naming the bad field; never accepted when a cap is not a number", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify({ maxPrice: { input: v } }))), (text) => {
        const result = parseTeamPolicy(text, "policy.json");
        if (!result.ok) assert.match(result.message, /^policy\.json/);
        else if (result.policy.maxPrice?.input !== undefined) assert.equal(typeof result.policy.maxPrice.input, "number");
      }),
      { numRuns: 2_000, seed: 9 },
    );
  });
});
