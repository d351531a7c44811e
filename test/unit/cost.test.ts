import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chargeFor, costPicoUsd, costUsd, picoToUsd, picoUsdPerToken, ratesFor } from "../../src/core/spend/cost";
import { formatUsd } from "../../src/common/format-usd";

describe("cost", () => {
  const pricing = { input: 3, output: 15, cachedInput: 0.3 };

  it("prices cached input at the cached price and the rest at the input price", () => {
    // 1,000 uncached × $3/1M + 9,000 cached × $0.30/1M + 500 out × $15/1M
    const usd = costUsd({ inputTokens: 10_000, cachedInputTokens: 9_000, outputTokens: 500 }, pricing);
    assert.equal(usd, 0.003 + 0.0027 + 0.0075);
  });

  it("uses the input price for cached tokens when the provider gives no discount", () => {
    const usd = costUsd({ inputTokens: 1_000, cachedInputTokens: 400, outputTokens: 0 }, { input: 2.5, output: 10 });
    assert.equal(usd, 0.0025);
  });

  it("adds thousands of calls without float drift", () => {
    const usage = { inputTokens: 7, cachedInputTokens: 0, outputTokens: 3 };
    const prices = { input: 0.1, output: 0.3 };
    let pico = 0n;
    let float = 0;
    for (let i = 0; i < 10_000; i++) {
      pico += costPicoUsd(usage, prices);
      float += 7 * 0.1e-6 + 3 * 0.3e-6;
    }
    assert.equal(pico, 16_000_000_000n); // exactly $0.016
    assert.equal(picoToUsd(pico), 0.016);
    assert.notEqual(float, 0.016, "naive float addition drifts; that is why cost is kept in integers");
  });

  it("rejects prices with more precision than a per-1M price carries", () => {
    assert.equal(picoUsdPerToken(0.075), 75_000n);
    assert.throws(() => picoUsdPerToken(0.0000001), /at most 6 decimals/);
    assert.throws(() => picoUsdPerToken(-1), /non-negative/);
  });

  it("the highest tier the whole input exceeds applies; cache reads and writes count towards it", () => {
    const tiered = { input: 1, output: 2, tiers: [{ aboveInputTokens: 128_000, input: 4, output: 8 }, { aboveInputTokens: 64_000, input: 3, output: 6 }] };
    assert.equal(ratesFor(tiered, 64_000).input, 1, "not above the first threshold");
    assert.equal(ratesFor(tiered, 64_001).input, 3);
    assert.equal(ratesFor(tiered, 500_000).input, 4, "the highest matching tier, whatever the order listed");
    // 60,000 plain + 10,000 read from the cache: 70,000 in all, so the 64k tier prices every token.
    // 60,000×$3 + 10,000×$3 (no cached price: the input price) + 100×$6 per 1M
    assert.equal(costUsd({ inputTokens: 70_000, cachedInputTokens: 10_000, outputTokens: 100 }, tiered), 0.2106);
  });

  it("never bills a prompt token twice when a provider's cache counts exceed the prompt", () => {
    // Reads 80 + writes 50 claimed inside a 100-token prompt: 80 read, 20 written, none plain.
    const usd = costUsd({ inputTokens: 100, cachedInputTokens: 80, cacheWriteInputTokens: 50, outputTokens: 0 }, { input: 10, output: 10, cachedInput: 1, cacheWrite: 20 });
    assert.equal(usd, (80 * 1 + 20 * 20) / 1e6);
  });

  it("adds a per-request charge and prices reasoning apart only where the list does", () => {
    const usage = { inputTokens: 1_000, cachedInputTokens: 0, outputTokens: 500, reasoningTokens: 400 };
    // 1,000×$1 + 500×$2 per 1M, + $0.005 a request
    assert.equal(costUsd(usage, { input: 1, output: 2, perRequest: 0.005 }), 0.007);
    // 1,000×$1 + 100×$2 + 400×$3 per 1M
    assert.equal(costUsd(usage, { input: 1, output: 2, reasoningOutput: 3 }), 0.0024);
  });

  it("the provider's reported charge is the cost; the price list's figure is kept beside it", () => {
    const usage = { inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 0, providerCostUsd: 1.05 };
    assert.deepEqual(chargeFor(usage, { input: 1, output: 1 }), { picoUsd: 1_050_000_000_000n, source: "provider", catalogPicoUsd: 1_000_000_000_000n });
    const { providerCostUsd: _, ...unreported } = usage;
    assert.deepEqual(chargeFor(unreported, { input: 1, output: 1 }), { picoUsd: 1_000_000_000_000n, source: "catalog", catalogPicoUsd: 1_000_000_000_000n });
  });

  it("formats small amounts so a sub-cent call is not shown as zero", () => {
    assert.equal(formatUsd(0), "$0.00");
    assert.equal(formatUsd(0.000123), "$0.000123");
    assert.equal(formatUsd(0.0123), "$0.0123");
    assert.equal(formatUsd(12.5), "$12.50");
  });
});
