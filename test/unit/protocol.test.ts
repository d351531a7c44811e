import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeProtocolError, protocolSchemas } from "../../src/protocol";

const { webviewMessageSchema } = protocolSchemas();

describe("host <-> webview protocol", () => {
  it("accepts a well-formed run request", () => {
    const parsed = webviewMessageSchema.parse({ type: "run", prompt: "hi", models: ["demo/swift-mini"] });
    assert.deepEqual(parsed, { type: "run", prompt: "hi", models: ["demo/swift-mini"] });
  });

  it("explains what is wrong with a malformed one, naming the field", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: "run", prompt: "", models: ["demo/swift-mini"] }, /^prompt: the prompt is empty/],
      [{ type: "run", prompt: "hi", models: ["swift-mini"] }, /^models\.0: must be PROVIDER\/MODEL/],
      [{ type: "run", prompt: "hi", models: Array(7).fill("demo/swift-mini") }, /^models:/],
      [{ type: "launch-missiles" }, /^type:/],
      ["not even an object", /./],
    ];
    for (const [message, expected] of cases) {
      const result = webviewMessageSchema.safeParse(message);
      assert.equal(result.success, false, JSON.stringify(message));
      if (!result.success) assert.match(describeProtocolError(result.error), expected);
    }
  });
});
