// Test Connection's advice when nothing answers: a provider the user set up is checked at its base URL; a
// built-in provider at its own public endpoint that cannot be reached points at the network or a proxy
// (its endpoint is not the user's to change, and Provider Settings has no entry for it).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isBuiltInEndpoint, testConnection } from "../../src/core/providers/test-connection";
import { refusedPort } from "../wire/fixture-server";

describe("Test Connection when nothing answers", () => {
  it("a built-in provider's own endpoint is built-in; an overridden URL or a local server is the user's", () => {
    assert.equal(isBuiltInEndpoint({ id: "openai", baseUrl: "https://api.openai.com/v1" }), true);
    assert.equal(isBuiltInEndpoint({ id: "anthropic", baseUrl: "https://api.anthropic.com" }), true);
    assert.equal(isBuiltInEndpoint({ id: "openai", baseUrl: "https://proxy.example/v1" }), false);
    assert.equal(isBuiltInEndpoint({ id: "ollama", baseUrl: "http://127.0.0.1:11434/v1" }), false);
    assert.equal(isBuiltInEndpoint({ id: "lmstudio", baseUrl: "http://127.0.0.1:1234/v1" }), false);
  });

  it("unreachable built-in provider: check the network and proxy, not the base URL", async () => {
    const port = await refusedPort();
    const result = await testConnection({ id: "openai", displayName: "OpenAI", kind: "openai-compatible", baseUrl: `http://127.0.0.1:${port}/v1` }, "sk-test", 2000, true);
    assert.equal(result.ok, false);
    assert.equal(result.fix, "check-network");
    assert.match(result.message, /OpenAI's API could not be reached from this machine; check the network connection and any proxy/);
    assert.doesNotMatch(result.message, /base URL/);
  });

  it("unreachable provider of the user's: check its base URL and that the server runs", async () => {
    const port = await refusedPort();
    const result = await testConnection({ id: "lab", kind: "openai-compatible", baseUrl: `http://127.0.0.1:${port}/v1` }, undefined, 2000);
    assert.equal(result.fix, "check-endpoint");
    assert.match(result.message, /check the provider's base URL and that the server is running/);
  });
});
