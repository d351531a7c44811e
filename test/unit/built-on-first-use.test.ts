import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtOnFirstUse } from "../../src/built-on-first-use";
import { protocolSchemas } from "../../src/protocol";

describe("builtOnFirstUse", () => {
  it("builds nothing until asked, then once, and keeps an undefined result too", () => {
    let builds = 0;
    const value = builtOnFirstUse(() => {
      builds += 1;
      return builds === 1 ? undefined : "rebuilt";
    });
    assert.equal(builds, 0);
    assert.equal(value(), undefined);
    assert.equal(value(), undefined);
    assert.equal(builds, 1);
  });

  it("gives every caller the same protocol schemas", () => {
    assert.equal(protocolSchemas().webviewMessageSchema, protocolSchemas().webviewMessageSchema);
    assert.equal(protocolSchemas().hostMessageSchema.safeParse({ type: "error", message: "x" }).success, true);
  });
});
