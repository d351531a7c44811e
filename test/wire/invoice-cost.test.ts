// The cost `switchboard chat --json` prints is the cost on the provider's invoice: cache writes by
// lifetime, long-context tiers, and the provider's own reported charge where it gives one (with the price
// list's figure beside it, and the gap reported as drift). Expected amounts are worked out by hand from
// each provider's price list, never with Switchboard's own cost function.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { type Envelope, envelope, FixtureServer, fixtureLines } from "./fixture-server";
import { runCli } from "./run-cli";

const KEY = "sk-invoice-test-key";

/** Claude Sonnet 4.5's published prices, with the 1M-context tier above 200k input tokens. */
const sonnet = { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75, cacheWrite1h: 6, tiers: [{ aboveInputTokens: 200_000, input: 6, output: 22.5, cachedInput: 0.6, cacheWrite: 7.5, cacheWrite1h: 12 }] };
/** Gemini 2.5 Pro: prompts above 200k are billed at the higher rates. */
const geminiPro = { input: 1.25, output: 10, cachedInput: 0.125, tiers: [{ aboveInputTokens: 200_000, input: 2.5, output: 15, cachedInput: 0.25 }] };
/** Grok 3 mini. */
const grokMini = { input: 0.3, output: 0.5, cachedInput: 0.075 };

/** A derived copy of a recording: each chunk passed through `change` (the file itself stays as recorded). */
function derived(fixture: string, change: (chunk: Record<string, unknown>) => void): string[] {
  return fixtureLines(fixture).map((line) => {
    const chunk = JSON.parse(line) as Record<string, unknown>;
    change(chunk);
    return JSON.stringify(chunk);
  });
}

/** The message_start usage of an Anthropic recording. */
const startUsage = (chunk: Record<string, unknown>) => (chunk.type === "message_start" ? ((chunk.message as Record<string, unknown>).usage as Record<string, unknown>) : undefined);

describe("switchboard chat: the cost on the invoice", () => {
  let server: FixtureServer;
  let dir: string;
  before(async () => {
    server = await FixtureServer.start();
    dir = mkdtempSync(join(tmpdir(), "switchboard-invoice-"));
  });
  after(() => server.close());

  async function chat(kind: "anthropic" | "gemini" | "openai-compatible", lines: string[], pricing: unknown, name: string) {
    const format: Envelope = kind === "openai-compatible" ? "openai" : kind;
    server.serveSse(envelope(format, lines), 17);
    const config = join(dir, `${name}.json`);
    const path = kind === "anthropic" ? "" : kind === "gemini" ? "/v1beta" : "/v1";
    writeFileSync(config, JSON.stringify({ providers: [{ id: "rec", kind, baseUrl: `${server.baseUrl}${path}`, apiKeyEnv: "REC_API_KEY" }], models: [{ id: "rec/m", pricing }] }));
    const ledger = join(dir, `${name}.ledger.jsonl`);
    const result = await runCli(["chat", "--config", config, "--model", "rec/m", "--prompt", "hi", "--json", "--ledger", ledger], { REC_API_KEY: KEY });
    assert.equal(result.status, 0, result.stderr);
    const done = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    return { done, record: readLedger(ledger).records.at(-1)!, ledger };
  }

  it("Anthropic prompt caching (real recording): 5-minute cache writes at their price, reads at the cached price", async () => {
    const { done, record } = await chat("anthropic", fixtureLines("anthropic-prompt-cache.jsonl"), sonnet, "cache-5m");
    // message_delta's totals: 6 plain + 6,289 read + 3,337 written (all 5-minute, per message_start), 198 out.
    assert.deepEqual(done.usage, { inputTokens: 9_632, cachedInputTokens: 6_289, outputTokens: 198, cacheWriteInputTokens: 3_337, cacheWrite1hInputTokens: 0 });
    // 6×$3 + 6,289×$0.30 + 3,337×$3.75 + 198×$15 per 1M = $0.01738845
    assert.equal(done.costUsd, 0.01738845);
    assert.equal(done.costSource, "catalog");
    assert.equal(done.toolCalls, undefined, "Anthropic's own server tools are not calls for the client to answer");
    assert.match(done.text, /\*\*650\*\*/);
    assert.equal(record.costUsd, done.costUsd);
  });

  it("without the lifetime split (older API versions) every cache write is a 5-minute write", async () => {
    const lines = derived("anthropic-prompt-cache.jsonl", (chunk) => {
      delete startUsage(chunk)?.cache_creation;
    });
    const { done } = await chat("anthropic", lines, sonnet, "cache-nosplit");
    assert.equal(done.usage.cacheWrite1hInputTokens, 0);
    assert.equal(done.costUsd, 0.01738845);
  });

  it("1-hour cache writes at the 1-hour price; the rest of the final writes at the 5-minute price", async () => {
    const lines = derived("anthropic-prompt-cache.jsonl", (chunk) => {
      const usage = startUsage(chunk);
      if (usage) usage.cache_creation = { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 3_068 };
    });
    const { done } = await chat("anthropic", lines, sonnet, "cache-1h");
    assert.deepEqual([done.usage.cacheWriteInputTokens, done.usage.cacheWrite1hInputTokens], [3_337, 3_068]);
    // 6×$3 + 6,289×$0.30 + 269×$3.75 + 3,068×$6 + 198×$15 per 1M = $0.02429145
    assert.equal(done.costUsd, 0.02429145);
  });

  it("a prompt above 200k tokens bills the whole request at the long-context tier; exactly 200k does not", async () => {
    const raised = (inputTokens: number) =>
      derived("anthropic-text.jsonl", (chunk) => {
        const usage = startUsage(chunk);
        if (usage) usage.input_tokens = inputTokens;
        if (chunk.type === "message_delta") (chunk.usage as Record<string, unknown>).input_tokens = inputTokens;
      });
    const above = await chat("anthropic", raised(250_000), sonnet, "tier-above");
    assert.deepEqual([above.done.usage.inputTokens, above.done.usage.outputTokens], [250_000, 30]);
    // 250,000×$6 + 30×$22.50 per 1M = $1.500675
    assert.equal(above.done.costUsd, 1.500675);
    const at = await chat("anthropic", raised(200_000), sonnet, "tier-at");
    // 200,000×$3 + 30×$15 per 1M = $0.60045
    assert.equal(at.done.costUsd, 0.60045);
  });

  it("Gemini 2.5 Pro above 200k prompt tokens: input and output at the higher rates", async () => {
    const lines = derived("google-text.jsonl", (chunk) => {
      const usage = chunk.usageMetadata as Record<string, number> | undefined;
      if (usage) usage.promptTokenCount = 250_000;
    });
    const { done } = await chat("gemini", lines, geminiPro, "gemini-tier");
    assert.deepEqual([done.usage.inputTokens, done.usage.outputTokens], [250_000, 208]);
    // 250,000×$2.50 + 208×$15 per 1M = $0.62812
    assert.equal(done.costUsd, 0.62812);
  });

  it("xAI reports its charge (real recording): the provider's figure is the cost, the price list's is kept beside it", async () => {
    const { done, record } = await chat("openai-compatible", fixtureLines("xai-text.jsonl"), grokMini, "xai");
    // cost_in_usd_ticks 1,721,250 × 1e-10 USD
    assert.equal(done.costUsd, 0.000172125);
    assert.equal(done.costSource, "provider");
    // The price list agrees: 1×$0.30 + 11 cached×$0.075 + 342 out (reasoning included)×$0.50 per 1M.
    assert.equal(done.catalogCostUsd, 0.000172125);
    assert.deepEqual([record.costUsd, record.costSource, record.catalogCostUsd], [0.000172125, "provider", 0.000172125]);
  });

  it("a stale price shows up as drift: `spend --drift` per model, from the same ledger", async () => {
    const stale = { ...grokMini, output: 0.4 };
    const { done, ledger } = await chat("openai-compatible", fixtureLines("xai-text.jsonl"), stale, "xai-stale");
    assert.equal(done.costUsd, 0.000172125, "the invoice figure, whatever the price list says");
    // 1×$0.30 + 11×$0.075 + 342×$0.40 per 1M = $0.000137925
    assert.equal(done.catalogCostUsd, 0.000137925);
    const drift = await runCli(["spend", "--drift", "--ledger", ledger, "--format", "json"]);
    assert.equal(drift.status, 0, drift.stderr);
    assert.deepEqual(JSON.parse(drift.stdout).drift, [{ model: "rec/m", reported: 1, reportedUsd: 0.000172125, catalogUsd: 0.000137925, driftUsd: 0.0000342, relativeDrift: 0.24796 }]);
    const table = await runCli(["spend", "--drift", "--ledger", ledger]);
    assert.match(table.stdout, /rec\/m\s+1\s+\$0\.000172\s+\$0\.000138\s+\+\$0\.000034\s+\+24\.8%/);
  });

  it("a model without a known price runs marked unpriced (cost unknown, never $0), and is refused where a cap or budget must hold", async () => {
    server.serveSse(envelope("openai", fixtureLines("mistral-text.jsonl")));
    const config = join(dir, "unpriced.json");
    // A model added with no price anywhere (not in the catalog, none given).
    writeFileSync(config, JSON.stringify({ providers: [{ id: "rec", kind: "openai-compatible", baseUrl: `${server.baseUrl}/v1`, apiKeyEnv: "REC_API_KEY" }], models: [{ id: "rec/new-model" }] }));
    const ledger = join(dir, "unpriced.ledger.jsonl");
    const base = ["chat", "--config", config, "--model", "rec/new-model", "--prompt", "hi", "--ledger", ledger];
    const ran = await runCli([...base, "--json"], { REC_API_KEY: KEY });
    assert.equal(ran.status, 0, ran.stderr);
    const done = JSON.parse(ran.stdout.trim().split("\n").at(-1)!);
    assert.deepEqual([done.costUsd, done.costSource], [null, "unpriced"]);
    assert.equal(readLedger(ledger).records.at(-1)?.costSource, "unpriced");
    const plain = await runCli(base, { REC_API_KEY: KEY });
    assert.match(plain.stderr, /cost unknown \(no price for this model\)/);
    const spend = await runCli(["spend", "--ledger", ledger, "--format", "json"]);
    assert.deepEqual([JSON.parse(spend.stdout).total.unpriced, JSON.parse(spend.stdout).total.costUsd], [2, 0]);

    const capped = await runCli([...base, "--json", "--max-input-price", "5"], { REC_API_KEY: KEY });
    assert.equal(capped.status, 1);
    assert.match(JSON.parse(capped.stdout.trim()).message, /rec\/new-model has no known price, so a price cap cannot be checked/);

    const budgeted = join(dir, "unpriced-budget.json");
    writeFileSync(budgeted, JSON.stringify({ ...JSON.parse(readFileSync(config, "utf8")), budgets: { dailyUsd: 100 } }));
    const refused = await runCli(["chat", "--config", budgeted, "--model", "rec/new-model", "--prompt", "hi", "--ledger", ledger, "--json"], { REC_API_KEY: KEY });
    assert.equal(refused.status, 1);
    assert.match(JSON.parse(refused.stdout.trim()).message, /has no known price, so the budget cannot be held/);
  });

  it("OpenRouter bring-your-own-key: its fee plus the upstream provider's charge", async () => {
    const lines = derived("openai-text.jsonl", (chunk) => {
      const usage = chunk.usage as Record<string, unknown> | undefined;
      if (usage) Object.assign(usage, { cost: 0.0001, is_byok: true, cost_details: { upstream_inference_cost: 0.002 } });
    });
    const { done } = await chat("openai-compatible", lines, { input: 1, output: 2 }, "openrouter-byok");
    assert.equal(done.costUsd, 0.0021);
    assert.equal(done.costSource, "provider");
  });
});
