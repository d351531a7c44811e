import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ModelCatalog } from "../../src/core/catalog/catalog";
import type { ProviderDefinition } from "../../src/core/providers/provider-definitions";
import { mergeProviders } from "../../src/core/providers/provider-registry";
import { explainNoRoute, type PlannerInput, planRoute, standingExclusion } from "../../src/core/routing/planner";
import { historyFromLedger } from "../../src/core/routing/ledger-history";
import { admit } from "../../src/core/run/admission";
import { EVAL_RESULT_FEATURE, VOTE_FEATURE } from "../../src/core/spend/ledger-record";
import { SyncLedgerWriter } from "../../src/core/spend/ledger-writer-sync";
import type { ExclusionRule, RoutingPreferences } from "../../src/core/routing/routing-types";
import type { TeamPolicy } from "../../src/core/routing/team-policy";

const catalog = new ModelCatalog({
  overrides: [{ id: "tiny/window", contextWindow: 50, maxOutputTokens: 10, pricing: { input: 0.1, output: 0.1 } }],
});
const providers = mergeProviders([
  { id: "tiny", kind: "openai-compatible", baseUrl: "http://127.0.0.1:1/v1", dataPolicy: { trainsOnData: false, retainsData: false } },
]);
const findProvider = (id: string): ProviderDefinition | undefined => providers.find((provider) => provider.id === id);

function plan(preferences: RoutingPreferences, extra: Partial<PlannerInput> = {}) {
  return planRoute({
    preferences,
    messages: [{ role: "user", content: "Summarise this paragraph for me, please." }],
    findModel: (id) => catalog.find(id),
    findProvider,
    ...extra,
  });
}

describe("planner: exclusions, one row per rule", () => {
  const cases: Array<{ name: string; model: string; preferences?: RoutingPreferences; teamPolicy?: TeamPolicy; maxOutputTokens?: number; unconfigured?: boolean; rule: ExclusionRule; reason: RegExp }> = [
    { name: "model not in the catalog", model: "openai/gpt-nonexistent", rule: "unknown-model", reason: /not in the model catalog/ },
    { name: "provider not configured", model: "openai/gpt-4o", unconfigured: true, rule: "unknown-provider", reason: /no provider "openai" is configured/ },
    { name: "team policy: provider", model: "google/gemini-2.5-pro", teamPolicy: { allowedProviders: ["openai", "anthropic"] }, rule: "team-policy-provider", reason: /team policy does not allow provider google/ },
    { name: "team policy: model glob", model: "openai/gpt-4o", teamPolicy: { allowedModels: ["openai/gpt-4.1*"] }, rule: "team-policy-model", reason: /does not allow model openai\/gpt-4o/ },
    { name: "team policy: a team gateway required", model: "openai/gpt-4o", teamPolicy: { requireGateway: "https://switchboard.example.com" }, rule: "team-policy-gateway", reason: /go through the team gateway https:\/\/switchboard\.example\.com/ },
    { name: "deny-training: provider trains", model: "deepseek/deepseek-chat", preferences: { dataPolicy: "deny-training" }, rule: "data-policy", reason: /deepseek may train on request data/ },
    { name: "zero-retention: provider retains", model: "openai/gpt-4o", preferences: { dataPolicy: "zero-retention" }, rule: "data-policy", reason: /openai retains request data/ },
    { name: "team policy raises the data floor", model: "openai/gpt-4o", teamPolicy: { minimumDataPolicy: "zero-retention" }, rule: "data-policy", reason: /retains request data .* by the team policy/ },
    { name: "max input price", model: "anthropic/claude-opus-4-1", preferences: { maxPrice: { input: 5 } }, rule: "max-input-price", reason: /input costs \$15\/1M, above your cap of \$5\/1M/ },
    { name: "max output price from the team", model: "anthropic/claude-sonnet-4-5", teamPolicy: { maxPrice: { output: 10 } }, rule: "max-output-price", reason: /above the team policy's cap of \$10\/1M/ },
    { name: "context window", model: "tiny/window", maxOutputTokens: 40, rule: "context-window", reason: /does not fit its 50-token window/ },
    { name: "per-request cost cap", model: "anthropic/claude-opus-4-1", preferences: { maxCostUsd: 0.001 }, rule: "max-cost", reason: /above the \$0.001 per-request cap/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = plan(
        { model: c.model, ...c.preferences },
        { teamPolicy: c.teamPolicy, maxOutputTokens: c.maxOutputTokens, ...(c.unconfigured ? { findProvider: () => undefined } : {}) },
      );
      assert.deepEqual(result.attempts, []);
      assert.equal(result.excluded.length, 1);
      assert.equal(result.excluded[0]?.rule, c.rule);
      assert.match(result.excluded[0]!.reason, c.reason);
    });
  }

  it("a provider with no known data policy is treated as non-compliant", () => {
    const withUnknown = new ModelCatalog({ overrides: [{ id: "openrouter/meta/llama", pricing: { input: 1, output: 1 } }] });
    const result = planRoute({
      preferences: { model: "openrouter/meta/llama", dataPolicy: "deny-training" },
      messages: [{ role: "user", content: "hi" }],
      findModel: (id) => withUnknown.find(id),
      findProvider,
    });
    assert.equal(result.excluded[0]?.rule, "data-policy");
    assert.match(result.excluded[0]!.reason, /openrouter has no known data policy/);
  });

  it("names every excluded candidate when nothing is left", () => {
    const result = plan({ model: "deepseek/deepseek-chat", fallbacks: ["google/gemini-2.5-flash"], dataPolicy: "deny-training" });
    assert.deepEqual(result.attempts, []);
    assert.match(explainNoRoute(result), /deepseek\/deepseek-chat: deepseek may train.*; google\/gemini-2.5-flash: google may train/);
  });
});

describe("planner: ordering", () => {
  it("keeps an explicit chain in order and skips only what is excluded", () => {
    const result = plan({ model: "anthropic/claude-opus-4-1", fallbacks: ["openai/gpt-4.1-mini", "groq/llama-3.3-70b-versatile"], maxPrice: { input: 5 } });
    assert.deepEqual(result.attempts.map((a) => [a.modelId, a.reason]), [
      ["openai/gpt-4.1-mini", "fallback 1 in the order given"],
      ["groq/llama-3.3-70b-versatile", "fallback 2 in the order given"],
    ]);
    assert.equal(result.excluded[0]?.modelId, "anthropic/claude-opus-4-1");
  });

  const candidates = ["anthropic/claude-sonnet-4-5", "openai/gpt-4.1-nano", "google/gemini-2.5-flash"];

  it("cheapest orders by the estimated cost of this request", () => {
    const result = plan({ strategy: "cheapest", candidates });
    assert.deepEqual(result.attempts.map((a) => a.modelId), ["openai/gpt-4.1-nano", "google/gemini-2.5-flash", "anthropic/claude-sonnet-4-5"]);
    assert.match(result.attempts[0]!.reason, /^cheapest: estimated up to \$0\.000\d+ for this request; choice 1 of 3$/);
    const costs = result.attempts.map((a) => a.estimatedCostUsd);
    assert.deepEqual([...costs].sort((a, b) => a - b), costs);
  });

  it("fastest uses measured history, and a documented prior for models never measured", () => {
    const health = (id: string) => (id === "anthropic/claude-sonnet-4-5" ? { ttftMs: 200, tokensPerSecond: 300 } : id === "openai/gpt-4.1-nano" ? { ttftMs: 900, tokensPerSecond: 20 } : undefined);
    const result = plan({ strategy: "fastest", candidates }, { health });
    assert.deepEqual(result.attempts.map((a) => a.modelId), ["anthropic/claude-sonnet-4-5", "google/gemini-2.5-flash", "openai/gpt-4.1-nano"]);
    assert.match(result.attempts[0]!.reason, /\(measured\)/);
    assert.match(result.attempts[1]!.reason, /no history yet, assumed/);
  });

  it("quality: the user's ranking first, then a benchmark the others share, then price labelled as a stand-in", () => {
    const result = plan({ strategy: "quality", candidates, qualityRanking: ["google/gemini-2.5-flash"] });
    // Of the two unranked, only GPT-4.1 nano reports the benchmark they could share (Aider Polyglot).
    assert.deepEqual(result.attempts.map((a) => a.modelId), ["google/gemini-2.5-flash", "openai/gpt-4.1-nano", "anthropic/claude-sonnet-4-5"]);
    assert.match(result.attempts[0]!.reason, /#1 in your ranking/);
    assert.match(result.attempts[1]!.reason, /^quality: 8\.9 % Aider Polyglot \(2025-04, models\.dev\)/);
    assert.match(result.attempts[2]!.reason, /^quality: no evidence, so price stands in \(\$15\/1M output\)/);
  });

  it("balanced weighs cost, speed and quality ranks", () => {
    const result = plan({ strategy: "balanced", candidates, qualityRanking: ["anthropic/claude-sonnet-4-5"] });
    assert.equal(result.attempts.length, 3);
    assert.match(result.attempts[0]!.reason, /^balanced: score \d\.\d\d/);
    const scores = result.attempts.map((a) => Number(/score (\d\.\d\d)/.exec(a.reason)![1]));
    assert.deepEqual([...scores].sort((a, b) => a - b), scores);
  });

  it("a team policy can only narrow: it lowers caps but never raises the user's", () => {
    const loose = plan({ model: "anthropic/claude-opus-4-1", maxPrice: { input: 5 } }, { teamPolicy: { maxPrice: { input: 100 } } });
    assert.equal(loose.excluded[0]?.rule, "max-input-price", "the user's tighter cap still applies");
    const weak = plan({ model: "openai/gpt-4o", dataPolicy: "zero-retention" }, { teamPolicy: { minimumDataPolicy: "allow" } });
    assert.equal(weak.excluded[0]?.rule, "data-policy", "a weaker team floor does not loosen the user's");
  });
});

describe("planner: quality from evidence", () => {
  const three = ["openai/gpt-4.1-mini", "deepseek/deepseek-reasoner", "google/gemini-2.5-pro"];
  const dir = mkdtempSync(join(tmpdir(), "switchboard-quality-"));

  function ledgerWith(verdicts: Array<{ model: string; feature: string; outcome: string; reason?: string }>): string {
    const file = join(dir, `${randomUUID()}.jsonl`);
    const writer = new SyncLedgerWriter(file);
    for (const verdict of verdicts) {
      const [provider, model] = [verdict.model.split("/")[0]!, verdict.model.slice(verdict.model.indexOf("/") + 1)];
      writer.appendSync({ time: new Date().toISOString(), requestId: randomUUID(), attempt: 1, project: null, feature: verdict.feature, provider, model, routingReason: verdict.reason ?? "", outcome: verdict.outcome, status: null, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, priceSource: "test", ttftMs: null, durationMs: 0 });
    }
    return file;
  }
  /** The history as admission reads it ahead of planning. */
  async function loadedHistory(file: string) {
    const history = historyFromLedger(file);
    await history.loadHistory();
    return history;
  }
  const results = (model: string, passed: number, failed: number) => [
    ...Array.from({ length: passed }, () => ({ model, feature: EVAL_RESULT_FEATURE, outcome: "pass" })),
    ...Array.from({ length: failed }, () => ({ model, feature: EVAL_RESULT_FEATURE, outcome: "fail" })),
  ];

  it("orders by the user's prompt-file pass rates when the ledger has them, and says so", async () => {
    const file = ledgerWith([...results("openai/gpt-4.1-mini", 9, 1), ...results("google/gemini-2.5-pro", 3, 2), ...results("deepseek/deepseek-reasoner", 1, 4)]);
    const result = plan({ strategy: "quality", candidates: three }, await loadedHistory(file));
    assert.deepEqual(result.attempts.map((a) => a.modelId), ["openai/gpt-4.1-mini", "google/gemini-2.5-pro", "deepseek/deepseek-reasoner"]);
    assert.match(result.attempts[0]!.reason, /^quality: 90 % of your prompt-file answers passed their checks \(9 of 10, your eval results\); choice 1 of 3$/);
    assert.match(result.attempts[2]!.reason, /20 % .* \(1 of 5, your eval results\)/);
  });

  it("history read ahead off the event loop (as admission does) is what the plan uses", async () => {
    const file = ledgerWith([...results("deepseek/deepseek-reasoner", 3, 0), ...results("google/gemini-2.5-pro", 0, 3)]);
    const history = historyFromLedger(file);
    await history.loadHistory();
    rmSync(file);
    const result = plan({ strategy: "quality", candidates: three }, history);
    assert.deepEqual(result.attempts.map((a) => a.modelId), ["deepseek/deepseek-reasoner", "google/gemini-2.5-pro", "openai/gpt-4.1-mini"]);
  });

  it("admission reads the history off the event loop when the team policy's default strategy orders the candidates", async () => {
    const file = ledgerWith([...results("deepseek/deepseek-reasoner", 3, 0), ...results("google/gemini-2.5-pro", 0, 3)]);
    const history = historyFromLedger(file);
    let readAhead = false;
    const loadHistory = async () => {
      await history.loadHistory();
      readAhead = true;
    };
    const planner = { findModel: (id: string) => catalog.find(id), findProvider, teamPolicy: { defaultStrategy: "quality" as const }, ...history, loadHistory };
    const admission = await admit({ requestId: "r", project: null, routing: { candidates: three }, messages: [{ role: "user", content: "hi" }] }, { planner });
    assert.equal(readAhead, true, "the request named no strategy, the policy did: the history must still be read ahead");
    assert.deepEqual(admission.plan.attempts.map((a) => a.modelId), ["deepseek/deepseek-reasoner", "google/gemini-2.5-pro", "openai/gpt-4.1-mini"]);
  });

  it("orders by a published benchmark score otherwise, naming it, its date and models.dev", async () => {
    const result = plan({ strategy: "quality", candidates: three }, await loadedHistory(ledgerWith([])));
    assert.deepEqual(result.attempts.map((a) => a.modelId), ["google/gemini-2.5-pro", "deepseek/deepseek-reasoner", "openai/gpt-4.1-mini"]);
    assert.deepEqual(
      result.attempts.map((a) => a.reason.split(";")[0]),
      ["quality: 83.1 % Aider Polyglot (2025-06, models.dev)", "quality: 74.2 % Aider Polyglot (2025-10, models.dev)", "quality: 32.4 % Aider Polyglot (2025-04, models.dev)"],
    );
  });

  it("too few results are not evidence yet; blind-vote wins count before benchmarks", async () => {
    const shown = "blind vote (explain) among deepseek/deepseek-reasoner, anthropic/claude-sonnet-4-5";
    const file = ledgerWith([
      ...results("openai/gpt-4.1-mini", 2, 0),
      ...Array.from({ length: 3 }, () => ({ model: "deepseek/deepseek-reasoner", feature: VOTE_FEATURE, outcome: "ok", reason: shown })),
    ]);
    const result = plan({ strategy: "quality", candidates: three }, await loadedHistory(file));
    assert.deepEqual(result.attempts.map((a) => a.modelId), ["deepseek/deepseek-reasoner", "google/gemini-2.5-pro", "openai/gpt-4.1-mini"]);
    assert.match(result.attempts[0]!.reason, /^quality: won 3 of the 3 blind votes it was in \(100 %, your votes\)/);
    assert.match(result.attempts[1]!.reason, /Aider Polyglot/, "two eval results and no vote win: not yet evidence");
  });

  it("balanced says which quality evidence it weighed", async () => {
    const result = plan({ strategy: "balanced", candidates: three }, await loadedHistory(ledgerWith([])));
    assert.ok(result.attempts.every((a) => /lower is better; quality: [\d.]+ % Aider Polyglot/.test(a.reason)), result.attempts.map((a) => a.reason).join("\n"));
  });
});

describe("planner: standing rules (what is worth offering at all)", () => {
  const standing = (modelId: string, preferences: RoutingPreferences, teamPolicy?: TeamPolicy) =>
    standingExclusion({ preferences, teamPolicy, findModel: (id) => catalog.find(id), findProvider }, modelId)?.rule;

  it("excludes by team policy, data policy and price caps, but not by anything a request decides", () => {
    assert.equal(standing("openai/gpt-4o", {}, { allowedModels: ["anthropic/*"] }), "team-policy-model");
    assert.equal(standing("deepseek/deepseek-chat", { dataPolicy: "deny-training" }), "data-policy");
    assert.equal(standing("anthropic/claude-opus-4-1", { maxPrice: { input: 5 } }), "max-input-price");
    // A per-request cost cap or the context window depend on the prompt: the model is still offered.
    assert.equal(standing("anthropic/claude-opus-4-1", { maxCostUsd: 0.000001 }), undefined);
    assert.equal(standing("tiny/window", {}), undefined);
  });

  it("a required team gateway lets through only the provider at its address; a member key's globs narrow further", () => {
    assert.equal(standing("tiny/window", {}, { requireGateway: "http://127.0.0.1:1/v1/" }), undefined);
    assert.equal(standing("tiny/window", {}, { requireGateway: "http://127.0.0.1:2" }), "team-policy-gateway");
    const byKey = (modelId: string) => standingExclusion({ preferences: {}, memberKeyModels: ["openai/gpt-4.1*"], findModel: (id) => catalog.find(id), findProvider }, modelId);
    assert.equal(byKey("openai/gpt-4o")?.rule, "member-key-model");
    assert.match(byKey("openai/gpt-4o")!.reason, /your member key allows only openai\/gpt-4\.1\*/);
  });
});

describe("team policy JSON schema", () => {
  it("media/policy.schema.json matches the zod schema (regenerate with scripts/generate-policy-schema.ts)", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { policyJsonSchema } = await import("../../scripts/generate-policy-schema");
    assert.equal(readFileSync(join(__dirname, "..", "..", "media", "policy.schema.json"), "utf8"), policyJsonSchema());
  });
});
