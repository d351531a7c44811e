// The bundled catalog is models.dev's snapshot: real model files (test/fixtures/models-dev, copied unchanged)
// read here field by field against what Switchboard offers and bills, and the generator run on them.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "smol-toml";
import bundled from "../../src/core/catalog/bundled-models.json";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import { modelSchemas } from "../../src/core/catalog/model-info";
import { convertModelsDev } from "../../src/core/catalog/models-dev";

const SNAPSHOT = join(__dirname, "..", "fixtures", "models-dev");
const COMMIT = "f3fc692299671838c7c65fd8126bf84d81a2e817";

// biome-ignore lint/suspicious/noExplicitAny: TOML read for field-by-field comparison; its shape is models.dev's schema.
type Toml = Record<string, any>;
const toml = (path: string): Toml => parse(readFileSync(join(SNAPSHOT, path), "utf8")) as Toml;

/** A provider's model file over its base_model's (tables as a whole, as models.dev's README says). */
function providerModel(provider: string, model: string): Toml {
  const own = toml(`providers/${provider}/models/${model}.toml`);
  return typeof own.base_model === "string" ? { ...toml(`models/${own.base_model}.toml`), ...own } : own;
}

/** What models.dev's [cost] says, in Switchboard's words, written out here rather than by the converter. */
function expectedRates(cost: Toml) {
  return {
    input: cost.input,
    output: cost.output,
    ...(cost.cache_read === undefined ? {} : { cachedInput: cost.cache_read }),
    ...(cost.cache_write === undefined ? {} : { cacheWrite: cost.cache_write }),
  };
}

describe("bundled catalog from models.dev", () => {
  const catalog = new ModelCatalog();

  it("is the snapshot of 2026-07-02, and says where it came from", () => {
    assert.equal(bundled.asOf, "2026-07-02");
    assert.equal(bundled.source.commit, COMMIT);
    assert.match(readFileSync(join(__dirname, "..", "..", "NOTICE.md"), "utf8"), /models\.dev[\s\S]*f3fc6922[\s\S]*Permission is hereby granted/);
  });

  it("is shipped in the schema's own form (defaults filled in), which the catalog takes without validating it again", () => {
    const ids = new Set<string>();
    for (const [index, entry] of bundled.models.entries()) {
      const parsed = modelSchemas().modelInfoSchema.safeParse(entry);
      assert.ok(parsed.success, `bundled-models.json models[${index}] (${entry.id}) is not a valid model: ${parsed.error?.issues[0]?.message}`);
      assert.deepEqual(parsed.data, entry, `bundled-models.json models[${index}] (${entry.id}) is not in the schema's form: regenerate it with npm run catalog:update`);
      assert.equal(ids.has(entry.id), false, `${entry.id} is listed twice`);
      ids.add(entry.id);
      assert.deepEqual(new ModelCatalog({ demoEnabled: false }).find(entry.id), parsed.data);
    }
    assert.deepEqual(catalog.problems, []);
  });

  const sample: Array<[string, string, string]> = [
    ["anthropic", "claude-sonnet-5", "anthropic/claude-sonnet-5"],
    ["anthropic", "claude-sonnet-4-5-20250929", "anthropic/claude-sonnet-4-5-20250929"],
    ["anthropic", "claude-3-7-sonnet-20250219", "anthropic/claude-3-7-sonnet-20250219"],
    ["openai", "gpt-5.4", "openai/gpt-5.4"],
    ["openai", "gpt-5", "openai/gpt-5"],
    ["google", "gemini-2.5-pro", "google/gemini-2.5-pro"],
    ["xai", "grok-4.3", "xai/grok-4.3"],
    ["deepseek", "deepseek-reasoner", "deepseek/deepseek-reasoner"],
    ["togetherai", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "together/meta-llama/Llama-3.3-70B-Instruct-Turbo"],
  ];
  for (const [provider, file, id] of sample) {
    it(`${id}: prices, tiers, cache reads and writes, limits and capabilities equal models.dev's`, () => {
      const source = providerModel(provider, file);
      const model = catalog.find(id);
      assert.ok(model, `${id} is in the catalog`);
      const { tiers, asOf, cacheWrite1h, ...rates } = model.pricing;
      assert.deepEqual(rates, expectedRates(source.cost));
      assert.equal(asOf, "2026-07-02");
      assert.deepEqual(
        (tiers ?? []).map(({ cacheWrite1h: _, ...tier }) => tier),
        ((source.cost.tiers as Toml[] | undefined) ?? []).map((tier) => ({ aboveInputTokens: tier.tier.size, ...expectedRates(tier) })),
      );
      // Anthropic's 1-hour cache writes cost twice the base input price (its price list); others have none.
      assert.equal(cacheWrite1h, provider === "anthropic" ? source.cost.input * 2 : undefined);
      assert.equal(model.contextWindow, source.limit.context);
      assert.equal(model.maxOutputTokens, source.limit.output);
      assert.equal(model.imageInput, source.modalities.input.includes("image"));
      assert.equal(model.toolCalling, source.tool_call);
      assert.equal(model.reasoning, source.reasoning);
      assert.equal(model.releaseDate, source.release_date);
      assert.equal(model.deprecated, source.status === "deprecated" ? true : undefined);
      assert.equal(model.displayName, source.name);
    });
  }

  it("carries the published benchmark scores of the model's metadata", () => {
    const published = toml("models/google/gemini-2.5-pro.toml").benchmarks as Toml[];
    assert.deepEqual(
      catalog.find("google/gemini-2.5-pro")?.benchmarks?.map(({ name, score }) => ({ name, score })),
      published.map(({ name, score }) => ({ name, score })),
    );
  });

  it("offers current models only, and still prices deprecated and retired ones", () => {
    const offered = new Set(catalog.list().map((model) => model.id));
    assert.ok(offered.has("anthropic/claude-sonnet-5"));
    assert.ok(!offered.has("anthropic/claude-3-7-sonnet-20250219"), "deprecated on models.dev");
    assert.ok(!offered.has("xai/grok-3-mini"), "retired: no longer on models.dev");
    // The recorded real streams name these: they stay priced so old records and settings keep working.
    assert.deepEqual(catalog.find("xai/grok-3-mini")?.pricing, { input: 0.3, output: 0.5, cachedInput: 0.075, asOf: "2025-11-15" });
    assert.equal(catalog.find("xai/grok-3-mini")?.deprecated, true);
    for (const recorded of ["openai/gpt-4.1-nano", "deepseek/deepseek-reasoner", "mistral/mistral-small-latest", "groq/llama-3.3-70b-versatile", "openai/gpt-4o-mini", "anthropic/claude-sonnet-5", "anthropic/claude-haiku-4-5-20251001", "anthropic/claude-sonnet-4-5-20250929"]) {
      assert.ok(catalog.find(recorded)?.pricing.input, `${recorded} is priced`);
    }
  });
});

describe("npm run catalog:update", () => {
  function run(out: string, notice: string): string {
    return execFileSync(process.execPath, ["--import", "tsx", join(__dirname, "..", "..", "scripts", "catalog-update.ts"), "--from", SNAPSHOT, "--commit", COMMIT, "--date", "2026-07-02", "--out", out, "--notice", notice], { encoding: "utf8" });
  }

  it("converts a snapshot, says what it left out and retired, and a second run changes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-catalog-update-"));
    const out = join(dir, "models.json");
    const notice = join(dir, "NOTICE.md");
    copyFileSync(join(__dirname, "..", "..", "src", "core", "catalog", "bundled-models.json"), out);
    const first = run(out, notice);
    const written = readFileSync(out, "utf8");
    assert.match(first, /left out openai\/gpt-image-1: outputs image, not text/);
    assert.match(first, /left out togetherai\/Qwen\/Qwen3\.7-Max: a cost field Switchboard does not model: cached_input/);
    assert.match(first, /left out perplexity: Perplexity bills a per-request search fee/);
    // Everything the previous catalog had that this small snapshot lacks stays, deprecated, with its prices.
    assert.match(first, /retired openai\/gpt-5\.5: no longer on models\.dev, kept with its prices of 2026-07-02/);
    const models = JSON.parse(written).models as Array<{ id: string; deprecated?: boolean; pricing: { input: number } }>;
    assert.equal(models.find((model) => model.id === "openai/gpt-5.5")?.deprecated, true);
    assert.equal(models.find((model) => model.id === "openai/gpt-5.4")?.deprecated, undefined);
    assert.equal(models.find((model) => model.id === "openai/gpt-5.4")?.pricing.input, 2.5);
    const second = run(out, notice);
    assert.equal(readFileSync(out, "utf8"), written, "same snapshot, same file");
    assert.doesNotMatch(second, /^retired /m, "already retired models are not announced again");
  });

  it("writes a retired model of an older file in the schema's form, defaults filled in", () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-catalog-update-"));
    const out = join(dir, "models.json");
    const older = { id: "xai/grok-2", displayName: "Grok 2", contextWindow: 131072, maxOutputTokens: 8192, pricing: { input: 2, output: 10, asOf: "2025-11-15" }, toolCalling: true };
    writeFileSync(out, JSON.stringify({ ...bundled, models: [...bundled.models, older] }));
    assert.match(run(out, join(dir, "NOTICE.md")), /retired xai\/grok-2/);
    const written = (JSON.parse(readFileSync(out, "utf8")) as typeof bundled).models.find((model) => model.id === "xai/grok-2");
    assert.deepEqual(written, { ...older, simulated: false, reasoning: false, imageInput: false, deprecated: true });
  });

  it("takes models.dev's published api.json as well (the legacy 200k tier field included)", () => {
    const api = {
      anthropic: { id: "anthropic", models: { "claude-x": { id: "claude-x", name: "Claude X", reasoning: true, tool_call: true, release_date: "2026-09-01", last_updated: "2026-09-01", modalities: { input: ["text", "image"], output: ["text"] }, open_weights: false, limit: { context: 500_000, output: 64_000 }, cost: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75, context_over_200k: { input: 6, output: 22.5, cache_read: 0.6, cache_write: 7.5 } } } } },
      "some-other-host": { id: "some-other-host", models: { m: { id: "m", name: "M", cost: { input: 1, output: 1 }, limit: { context: 1000, output: 100 } } } },
    };
    const { models, problems } = convertModelsDev(api, "2026-09-02");
    assert.deepEqual(problems, []);
    assert.deepEqual(models.map((model) => model.id), ["anthropic/claude-x"], "only built-in providers");
    assert.deepEqual(models[0]!.pricing, { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75, cacheWrite1h: 6, tiers: [{ aboveInputTokens: 200_000, input: 6, output: 22.5, cachedInput: 0.6, cacheWrite: 7.5, cacheWrite1h: 12 }], asOf: "2026-09-02" });
  });

  it("leaves out a price it cannot take exactly instead of rounding it", () => {
    const api = { openai: { models: { odd: { name: "Odd", cost: { input: 0.0000001, output: 1 }, limit: { context: 1000, output: 10 } } } } };
    const { models, problems } = convertModelsDev(api, "2026-09-02");
    assert.deepEqual(models, []);
    assert.match(problems[0]!.message, /input price 1e-7 is not a price with at most 6 decimals/);
    assert.match(convertModelsDev({ hello: "world" }, "2026-09-02").problems[0]!.message, /not models\.dev's catalog/);
  });
});
