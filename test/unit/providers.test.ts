import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import { anthropicRequestBody } from "../../src/core/providers/anthropic-request";
import { geminiRequestBody } from "../../src/core/providers/gemini-request";
import { detectOllamaModels } from "../../src/core/providers/ollama-detect";
import { openAIRequestBody } from "../../src/core/providers/openai-request";
import { builtInProviders } from "../../src/core/providers/provider-definitions";
import { mergeProviders, ProviderRegistry } from "../../src/core/providers/provider-registry";
import { redactSecrets } from "../../src/core/providers/redact";
import { estimateRequest, tokenCounterFor } from "../../src/core/spend/estimate";
import "../../src/core/spend/openai-tokenizer";

describe("provider registry", () => {
  it("knows every provider the product names, with its wire kind", () => {
    const kinds = Object.fromEntries(builtInProviders.map((provider) => [provider.id, provider.kind]));
    assert.deepEqual(kinds, {
      openai: "openai-compatible",
      anthropic: "anthropic",
      google: "gemini",
      mistral: "openai-compatible",
      groq: "openai-compatible",
      deepseek: "openai-compatible",
      xai: "openai-compatible",
      openrouter: "openai-compatible",
      together: "openai-compatible",
      fireworks: "openai-compatible",
      perplexity: "openai-compatible",
      ollama: "openai-compatible",
      demo: "demo",
    });
  });

  it("builds an adapter only when the key is there, and says which variable to set", () => {
    const registry = new ProviderRegistry(mergeProviders([]), (definition) => (definition.id === "openai" ? "sk-test" : undefined));
    assert.equal(registry.create("openai").ok, true);
    assert.deepEqual(registry.create("anthropic"), { ok: false, message: "no API key for anthropic: set the environment variable ANTHROPIC_API_KEY" });
    assert.equal(registry.create("ollama").ok, true, "local servers need no key");
    const unknown = registry.create("nope");
    assert.equal(unknown.ok, false);
    assert.match(unknown.ok ? "" : unknown.message, /unknown provider "nope" \(known: openai, anthropic/);
  });

  it("lets users add endpoints and override built-in ones by id", () => {
    const merged = mergeProviders([
      { id: "openai", kind: "openai-compatible", baseUrl: "https://proxy.example/v1" },
      { id: "lmstudio", kind: "openai-compatible", baseUrl: "http://127.0.0.1:1234/v1", local: true },
    ]);
    const openai = merged.find((provider) => provider.id === "openai");
    assert.equal(openai?.baseUrl, "https://proxy.example/v1");
    assert.equal(openai?.apiKeyEnv, "OPENAI_API_KEY", "fields not overridden are kept");
    assert.ok(merged.some((provider) => provider.id === "lmstudio"));
  });

  it("lists a running Ollama's models as local and free, and nothing when none runs", async () => {
    const server = createServer((request, response) => {
      response.end(request.url === "/api/tags" ? JSON.stringify({ models: [{ name: "llama3.2:3b" }, { name: "qwen2.5-coder:7b" }] }) : "");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const models = await detectOllamaModels(origin);
    server.close();
    assert.deepEqual(models.map((model) => [model.id, model.pricing]), [
      ["ollama/llama3.2:3b", { input: 0, output: 0 }],
      ["ollama/qwen2.5-coder:7b", { input: 0, output: 0 }],
    ]);
    assert.deepEqual(await detectOllamaModels(origin), [], "closed port: empty, no error");
  });
});

describe("secret redaction", () => {
  it("removes the known key and anything shaped like a provider key", () => {
    const text = "key sk-proj-abcdefghijklmnop, ant sk-ant-api03-abcdefghijkl, google AIzaSyA1234567890abcdefghijklmnop, Bearer abc.def.ghijkl, url ?key=secret123&x=1, custom my-own-secret-value";
    const redacted = redactSecrets(text, ["my-own-secret-value"]);
    for (const secret of ["sk-proj-abcdefghijklmnop", "sk-ant-api03", "AIzaSyA", "abc.def.ghijkl", "secret123", "my-own-secret-value"]) {
      assert.ok(!redacted.includes(secret), `${secret} removed from: ${redacted}`);
    }
    assert.match(redacted, /Bearer \[redacted\]/);
  });
});

describe("pre-flight estimate", () => {
  const catalog = new ModelCatalog();

  it("counts OpenAI-family prompts with the real tokenizer", () => {
    assert.equal(tokenCounterFor("openai/gpt-4o"), "o200k_base");
    assert.equal(tokenCounterFor("openrouter/openai/gpt-4.1"), "o200k_base");
    assert.equal(tokenCounterFor("anthropic/claude-sonnet-4-5"), "approx-4-chars");
    const estimate = estimateRequest(catalog.find("openai/gpt-4o")!, [{ role: "user", content: "Hello, world!" }], 100);
    // "Hello, world!" is 4 o200k tokens; + 4 per message + 2 priming.
    assert.equal(estimate.inputTokens, 10);
    assert.equal(estimate.maxOutputTokens, 100);
    assert.equal(estimate.maxCostUsd, (10 * 2.5 + 100 * 10) / 1e6);
  });

  it("approximates other providers at four characters a token and caps output at the model's maximum", () => {
    const model = catalog.find("anthropic/claude-haiku-4-5")!;
    const estimate = estimateRequest(model, [{ role: "user", content: "x".repeat(400) }], 10_000_000);
    assert.equal(estimate.inputTokens, 100 + 4 + 2);
    assert.equal(estimate.maxOutputTokens, model.maxOutputTokens);
  });
});

describe("sampling parameters on every wire", () => {
  it("top_p goes out as each provider names it (top_p for OpenAI-compatible and Anthropic, generationConfig.topP for Gemini), and only when set", () => {
    const request = { model: "m", messages: [{ role: "user" as const, content: "hi" }], temperature: 0.2, topP: 0.9 };
    assert.equal(openAIRequestBody(request).top_p, 0.9);
    assert.equal(anthropicRequestBody(request, 1024).top_p, 0.9);
    assert.equal((geminiRequestBody(request).generationConfig as { topP?: number }).topP, 0.9);
    const { topP: _unset, ...without } = request;
    assert.equal("top_p" in openAIRequestBody(without), false);
    assert.equal("top_p" in anthropicRequestBody(without, 1024), false);
  });
});
