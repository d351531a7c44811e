import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { costPicoUsd, costUsd, picoToUsd, picoUsdPerToken } from "../../src/core/spend/cost";
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

  it("formats small amounts so a sub-cent call is not shown as zero", () => {
    assert.equal(formatUsd(0), "$0.00");
    assert.equal(formatUsd(0.000123), "$0.000123");
    assert.equal(formatUsd(0.0123), "$0.0123");
    assert.equal(formatUsd(12.5), "$12.50");
  });
});
