// `switchboard models --refresh` against a loopback copy of models.dev's catalog: the diff it shows, the
// copy it keeps for every later command (the next request is billed at the new price), and a bad or
// unreachable source that leaves the catalog in use alone.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import type { ModelInfo } from "../../src/core/catalog/model-info";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { envelope, FixtureServer, fixtureLines } from "./fixture-server";
import { runCli } from "./run-cli";

const KEY = "sk-ant-refresh-test-key";
const CHANGED = "claude-sonnet-4-5-20250929";

/** A model as models.dev's api.json writes it. */
function asModelsDev(model: ModelInfo, cost = model.pricing) {
  return {
    id: model.id.slice(model.id.indexOf("/") + 1),
    name: model.displayName,
    attachment: model.imageInput,
    reasoning: model.reasoning,
    tool_call: model.toolCalling,
    release_date: model.releaseDate ?? "2025-01-01",
    last_updated: model.releaseDate ?? "2025-01-01",
    modalities: { input: model.imageInput ? ["text", "image"] : ["text"], output: ["text"] },
    open_weights: false,
    limit: { context: model.contextWindow, output: model.maxOutputTokens },
    cost: { input: cost.input, output: cost.output, ...(cost.cachedInput === undefined ? {} : { cache_read: cost.cachedInput }), ...(cost.cacheWrite === undefined ? {} : { cache_write: cost.cacheWrite }) },
  };
}

/** Anthropic's current models today, with one new, one gone (Claude Haiku 4.5) and one price changed. */
function publishedCatalog() {
  const models: Record<string, unknown> = {};
  for (const model of new ModelCatalog({ demoEnabled: false }).list()) {
    if (!model.id.startsWith("anthropic/") || model.id === "anthropic/claude-haiku-4-5") continue;
    const name = model.id.slice("anthropic/".length);
    models[name] = asModelsDev(model, name === CHANGED ? { ...model.pricing, input: 2.75, output: 14 } : model.pricing);
  }
  models["claude-nova-6"] = { ...asModelsDev(new ModelCatalog().find("anthropic/claude-sonnet-5")!), id: "claude-nova-6", name: "Claude Nova 6", release_date: "2026-11-20" };
  return { anthropic: { id: "anthropic", name: "Anthropic", env: ["ANTHROPIC_API_KEY"], npm: "@ai-sdk/anthropic", doc: "https://docs.anthropic.com", models } };
}

describe("switchboard models --refresh", () => {
  let catalogServer: FixtureServer;
  let anthropic: FixtureServer;
  let dir: string;
  before(async () => {
    catalogServer = await FixtureServer.start();
    anthropic = await FixtureServer.start();
    dir = mkdtempSync(join(tmpdir(), "switchboard-refresh-"));
  });
  after(async () => {
    await catalogServer.close();
    await anthropic.close();
  });

  const listed = async () => {
    const result = await runCli(["models", "--json"]);
    assert.equal(result.status, 0, result.stderr);
    return new Map(result.stdout.trim().split("\n").map((line) => JSON.parse(line) as ModelInfo).map((model) => [model.id, model]));
  };

  it("shows what changed, keeps the copy, and the next request is billed at the new price", { timeout: 30_000 }, async () => {
    catalogServer.serveStatus(200, JSON.stringify(publishedCatalog()));
    const refreshed = await runCli(["models", "--refresh", "--source-url", `${catalogServer.baseUrl}/api.json`]);
    assert.equal(refreshed.status, 0, refreshed.stderr);
    assert.match(refreshed.stdout, /^\+ anthropic\/claude-nova-6 {2}Claude Nova 6 {2}\$2 in \/ \$10 out per 1M$/m);
    assert.match(refreshed.stdout, /^- anthropic\/claude-haiku-4-5 {2}retired: no longer offered, still priced for old records$/m);
    assert.match(refreshed.stdout, /^~ anthropic\/claude-sonnet-4-5-20250929 {2}input \$3 → \$2\.75 per 1M$/m);
    assert.match(refreshed.stdout, /^~ anthropic\/claude-sonnet-4-5-20250929 {2}output \$15 → \$14 per 1M$/m);
    assert.match(refreshed.stdout, /models\.dev of \d{4}-\d{2}-\d{2}: 1 new, 1 retired, 1 with new prices; \d+ models kept in .*catalog-models\.dev\.json/);

    const models = await listed();
    assert.equal(models.get("anthropic/claude-nova-6")?.displayName, "Claude Nova 6");
    assert.equal(models.get("anthropic/claude-haiku-4-5")?.deprecated, true, "retired, still priced");
    assert.equal(models.get("anthropic/claude-haiku-4-5")?.pricing.input, 1);
    assert.equal(models.get("openai/gpt-5.4")?.pricing.input, 2.5, "providers the copy does not cover keep the bundled prices");
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(models.get(`anthropic/${CHANGED}`)?.pricing.asOf, today, "price age is the copy's date");
    const text = await runCli(["models"]);
    assert.match(text.stdout, new RegExp(`^# prices: models\\.dev snapshot of 2026-07-02 \\(bundled\\), models\\.dev of ${today} \\(refreshed\\)`));

    anthropic.serveSse(envelope("anthropic", fixtureLines("anthropic-text.jsonl")));
    const config = join(dir, "anthropic.json");
    writeFileSync(config, JSON.stringify({ providers: [{ id: "anthropic", kind: "anthropic", baseUrl: anthropic.baseUrl }] }));
    const ledger = join(dir, "ledger.jsonl");
    const chat = await runCli(["chat", "--config", config, "--model", `anthropic/${CHANGED}`, "--prompt", "hi", "--json", "--ledger", ledger], { ANTHROPIC_API_KEY: KEY });
    assert.equal(chat.status, 0, chat.stderr);
    const record = readLedger(ledger).records.at(-1)!;
    assert.equal(record.cachedInputTokens, 0);
    // Worked out by hand from the refreshed price list: $2.75 / $14 per 1M.
    const expected = (record.inputTokens * 2.75 + record.outputTokens * 14) / 1e6;
    assert.ok(Math.abs(record.costUsd - expected) < 1e-12, `${record.costUsd} vs ${expected}`);
    assert.match(record.priceSource, /models\.dev/);
  });

  it("a malformed, failing or unreachable source says so, and the copy in use stays", { timeout: 30_000 }, async () => {
    catalogServer.serveStatus(200, JSON.stringify({ message: "hello" }));
    const malformed = await runCli(["models", "--refresh", "--source-url", catalogServer.baseUrl]);
    assert.equal(malformed.status, 1);
    assert.match(malformed.stderr, /refresh failed: .* is not models\.dev's catalog: expected its api\.json or catalog\.json\. The catalog in use is unchanged\./);
    catalogServer.serveStatus(200, "<html>maintenance</html>");
    assert.match((await runCli(["models", "--refresh", "--source-url", catalogServer.baseUrl])).stderr, /did not answer JSON/);
    catalogServer.serveStatus(503, "{}");
    assert.match((await runCli(["models", "--refresh", "--source-url", catalogServer.baseUrl])).stderr, /models\.dev answered HTTP 503/);
    const unreachable = await runCli(["models", "--refresh", "--source-url", "http://127.0.0.1:1/api.json"]);
    assert.equal(unreachable.status, 1);
    assert.match(unreachable.stderr, /could not reach models\.dev at http:\/\/127\.0\.0\.1:1\/api\.json/);
    const models = await listed();
    assert.equal(models.get("anthropic/claude-nova-6")?.displayName, "Claude Nova 6", "the refreshed copy is still the one in use");
    const bad = await runCli(["models", "--refresh", "--source", "huggingface"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--source must be models\.dev or openrouter, not "huggingface"/);
  });
});
