import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import type { ModelInfo } from "../../src/core/catalog/model-info";
import { convertOpenRouterModels, fetchOpenRouterModels, perTokenToPerMillion } from "../../src/core/catalog/openrouter-import";
import { stalePrices, stalePriceWarning } from "../../src/core/catalog/price-age";
import { costUsd } from "../../src/core/spend/cost";

describe("model catalog", () => {
  it("bundles real providers' models with prices, next to the demo models", () => {
    const catalog = new ModelCatalog();
    assert.equal(catalog.problems.length, 0, JSON.stringify(catalog.problems));
    assert.ok(catalog.list().every((model) => model.simulated || /^\d{4}-\d{2}-\d{2}$/.test(model.pricing.asOf ?? "")), "every real model's prices carry their date");
    assert.ok(catalog.find("demo/swift-mini")?.simulated);
    for (const provider of ["openai", "anthropic", "google", "mistral", "groq", "deepseek", "xai", "together", "fireworks"]) {
      assert.ok(catalog.list().some((model) => model.id.startsWith(`${provider}/`)), `${provider} has models`);
    }
  });

  it("a refreshed models.dev copy lays over the bundled catalog: new and changed models, retired ones kept priced, user overrides still win", () => {
    const sonnet = new ModelCatalog().find("anthropic/claude-sonnet-5")!;
    const copy = { source: "models.dev" as const, url: "https://models.dev/catalog.json", fetchedAt: "2026-12-01T10:00:00.000Z", models: [{ ...sonnet, pricing: { ...sonnet.pricing, input: 1.5, asOf: "2026-12-01" } }, { ...sonnet, id: "anthropic/claude-nova-6", displayName: "Claude Nova 6" }] };
    const catalog = new ModelCatalog({ refreshed: [copy], overrides: [{ id: "anthropic/claude-nova-6", pricing: { input: 9, output: 9 } }, { id: "anthropic/claude-haiku-4-5", pricing: { input: 1, output: 5 } }] });
    assert.equal(catalog.find("anthropic/claude-sonnet-5")?.pricing.input, 1.5);
    assert.deepEqual(catalog.find("anthropic/claude-nova-6")?.pricing, { input: 9, output: 9 }, "the user's entry wins over the source");
    assert.equal(catalog.find("anthropic/claude-opus-4-8")?.deprecated, true, "gone from the copy: retired");
    assert.equal(catalog.find("anthropic/claude-opus-4-8")?.pricing.input, 5, "and still priced");
    assert.ok(!catalog.list().some((model) => model.id === "anthropic/claude-opus-4-8"));
    assert.ok(catalog.list().some((model) => model.id === "anthropic/claude-haiku-4-5"), "a model the user configures is on offer again");
    assert.equal(catalog.find("openai/gpt-5.4")?.deprecated, undefined, "providers the copy does not cover are untouched");
    assert.equal(catalog.priceSource(), "bundled 2026-07-02 + models.dev 2026-12-01");
  });

  it("applies user overrides to known models and adds new ones; bad entries are reported and skipped", () => {
    const catalog = new ModelCatalog({
      overridesSource: "settings.json switchboard.models",
      overrides: [
        { id: "openai/gpt-4o", pricing: { input: 2, output: 8 } },
        { id: "acme/new-model", pricing: { input: 0.5, output: 1.5 }, contextWindow: 32000 },
        { id: "broken", pricing: { input: 1, output: 1 } },
        { id: "acme/x", pricing: { input: "cheap", output: 1 } },
        { id: "acme/y", pricing: { input: 0.0000001, output: 1 } },
      ],
    });
    assert.deepEqual(catalog.find("openai/gpt-4o")?.pricing, { input: 2, output: 8 });
    assert.equal(catalog.find("openai/gpt-4o")?.contextWindow, 128000, "untouched fields keep the snapshot's values");
    assert.equal(catalog.find("acme/new-model")?.contextWindow, 32000);
    assert.deepEqual(
      catalog.problems.map((problem) => problem.path),
      ["settings.json switchboard.models[2].id", "settings.json switchboard.models[3].pricing.input", "settings.json switchboard.models[4].pricing.input"],
    );
    assert.match(catalog.problems[0]!.message, /PROVIDER\/MODEL/);
    assert.match(catalog.problems[2]!.message, /at most 6 decimals/);
    assert.equal(catalog.find("acme/x"), undefined);
  });
});

describe("price age", () => {
  const priced = (id: string, asOf: string, extra: Partial<ModelInfo> = {}): ModelInfo => ({
    id, displayName: id, contextWindow: 8_000, maxOutputTokens: 1_000, pricing: { input: 1, output: 2, asOf }, simulated: false, reasoning: false, imageInput: false, toolCalling: false, ...extra,
  });
  const now = new Date("2026-11-26T12:00:00Z");

  it("flags real, priced models whose prices are more than 60 days old, naming them and the oldest date", () => {
    const models = [
      priced("a/old", "2025-11-15"),
      priced("b/edge", "2026-09-27"), // 60 days before: not yet stale
      priced("c/stale", "2026-09-26"),
      priced("demo/sim", "2020-01-01", { simulated: true }),
      priced("ollama/free", "2020-01-01", { pricing: { input: 0, output: 0, asOf: "2020-01-01" } }),
    ];
    assert.deepEqual(stalePrices(models, now).map((model) => model.id), ["a/old", "c/stale"]);
    assert.equal(stalePriceWarning(models, now, "refresh them."), "prices of a/old, c/stale are from 2025-11-15, more than 60 days ago, so costs may not match the invoice: refresh them.");
    assert.equal(stalePriceWarning([priced("b/edge", "2026-09-27")], now, "x"), undefined);
  });
});

/** Claude Sonnet 4.5 as OpenRouter lists it: cache writes by lifetime, the 1M-context tier above 200k. */
const SONNET_4_5_PRICES = {
  input: 3,
  output: 15,
  cachedInput: 0.3,
  cacheWrite: 3.75,
  cacheWrite1h: 6,
  tiers: [{ aboveInputTokens: 200_000, input: 6, output: 22.5, cachedInput: 0.6, cacheWrite: 7.5, cacheWrite1h: 12 }],
  asOf: "2026-11-26",
};

describe("OpenRouter import", () => {
  it("maps every price field of a saved /api/v1/models response exactly (test/fixtures/openrouter)", () => {
    const saved = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "openrouter", "models.json"), "utf8"));
    const { models, problems } = convertOpenRouterModels(saved, "2026-11-26");
    const pricing = Object.fromEntries(models.map((model) => [model.id, model.pricing]));
    // Reasoning at the completion price is plain output; a cache write derived by division, to the pico-dollar.
    assert.deepEqual(pricing["openrouter/google/gemini-2.5-flash-lite"], { input: 0.1, output: 0.4, cachedInput: 0.01, cacheWrite: 0.083333, asOf: "2026-11-26" });
    assert.deepEqual(pricing["openrouter/anthropic/claude-sonnet-4.5"], SONNET_4_5_PRICES);
    assert.deepEqual(pricing["openrouter/perplexity/sonar"], { input: 1, output: 1, perRequest: 0.005, asOf: "2026-11-26" });
    assert.deepEqual(pricing["openrouter/meta/muse-spark-1.2-contributor"], { input: 0.1, output: 0.2, cachedInput: 0.002, reasoningOutput: 0.3, asOf: "2026-11-26" });
    // A time-of-day discount cannot be billed from usage: the standard prices, and a note saying so.
    assert.deepEqual(pricing["openrouter/deepseek/deepseek-v3.2"], { input: 0.28, output: 0.42, cachedInput: 0.028, asOf: "2026-11-26" });
    assert.deepEqual(
      problems.map((problem) => problem.path),
      ["openrouter.data[4].pricing.overrides", "openrouter.data[5].pricing"],
    );
    assert.match(problems[0]!.message, /deepseek\/deepseek-v3\.2: some prices depend on utc_start, utc_end, which Switchboard does not model; imported its standard prices/);
    // Imported tiers bill exactly: 300,000 in above the 200k override, 1,000 out.
    assert.equal(costUsd({ inputTokens: 300_000, cachedInputTokens: 0, outputTokens: 1_000 }, pricing["openrouter/anthropic/claude-sonnet-4.5"]!), 1.8225);
  });

  it("converts per-token decimal strings to per-1M prices exactly", () => {
    assert.equal(perTokenToPerMillion("0.0000025"), 2.5);
    assert.equal(perTokenToPerMillion("0.000015"), 15);
    assert.equal(perTokenToPerMillion("0.00000003"), 0.03);
    assert.equal(perTokenToPerMillion("0.000000000001"), 0.000001);
    assert.equal(perTokenToPerMillion("0"), 0);
    assert.equal(perTokenToPerMillion("-1"), undefined, "variable pricing is not a price");
    assert.equal(perTokenToPerMillion("1e-7"), undefined);
    assert.equal(perTokenToPerMillion("0.0000000000001"), undefined, "finer than our price precision");
  });

  it("turns the model list into catalog entries and explains what it skipped", () => {
    const { models, problems } = convertOpenRouterModels(
      {
      data: [
        {
          id: "anthropic/claude-sonnet-4",
          name: "Anthropic: Claude Sonnet 4",
          context_length: 200000,
          pricing: { prompt: "0.000003", completion: "0.000015", input_cache_read: "0.0000003" },
          top_provider: { max_completion_tokens: 64000 },
        },
        { id: "openrouter/auto", name: "Auto Router", context_length: 2000000, pricing: { prompt: "-1", completion: "-1" } },
        { name: "no id" },
      ],
      },
      "2026-11-26",
    );
    assert.deepEqual(models, [
      {
        id: "openrouter/anthropic/claude-sonnet-4",
        displayName: "Anthropic: Claude Sonnet 4",
        contextWindow: 200000,
        maxOutputTokens: 64000,
        pricing: { input: 3, output: 15, cachedInput: 0.3, asOf: "2026-11-26" },
        simulated: false,
        reasoning: false,
        imageInput: false,
        toolCalling: false,
      },
    ]);
    assert.deepEqual(problems.map((problem) => problem.path), ["openrouter.data[1].pricing", "openrouter.data[2].id"]);
    // Imported prices bill exactly like bundled ones.
    assert.equal(costUsd({ inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 1_000_000 }, models[0]!.pricing), 18);
  });

  it("fetches GET /models from a server speaking OpenRouter's API", async () => {
    const server = createServer((request, response) => {
      assert.equal(request.url, "/api/v1/models");
      response.end(JSON.stringify({ data: [{ id: "x/y", name: "Y", context_length: 8192, pricing: { prompt: "0.000001", completion: "0.000002" } }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { models } = await fetchOpenRouterModels(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`);
      assert.deepEqual(models.map((model) => [model.id, model.pricing.input, model.pricing.output]), [["openrouter/x/y", 1, 2]]);
      assert.equal(models[0]!.pricing.asOf, new Date().toISOString().slice(0, 10), "dated the day it was fetched");
    } finally {
      server.close();
    }
  });
});
