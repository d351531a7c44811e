// `switchboard ledger merge`: another ledger (the extension's earlier one) merged into the user's one
// ledger by the real CLI, after which `switchboard spend` counts both once; and a long ledger's first summary.
import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { type LedgerEntry, sealLine } from "../../src/core/spend/ledger-record";
import { SyncSpendRollup } from "../../src/core/spend/spend-rollup-sync";
import { spendReport } from "../../src/core/spend/spend-report";
import { runCli } from "./run-cli";

const fixtures = join(__dirname, "..", "fixtures", "ledgers");

function seeded() {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-ledger-cli-"));
  const earlier = join(dir, "earlier.jsonl");
  const ledger = join(dir, "ledger.jsonl");
  copyFileSync(join(fixtures, "earlier-vscode.jsonl"), earlier);
  copyFileSync(join(fixtures, "shared.jsonl"), ledger);
  return { earlier, ledger };
}

const spendByDay = async (ledger: string) => {
  const result = await runCli(["spend", "--by", "day", "--format", "json", "--ledger", ledger]);
  assert.equal(result.status, 0, result.stderr);
  return (JSON.parse(result.stdout) as { rows: Array<{ key: string; costUsd: number; requests: number }> }).rows.map((row) => [row.key, row.costUsd, row.requests]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
};

describe("switchboard ledger merge", () => {
  it("appends the other ledger's records marked as imported, verifies, and keeps the other file renamed", async () => {
    const { earlier, ledger } = seeded();
    assert.deepEqual(await spendByDay(ledger), [["2026-01-16", 1, 1]]);
    const merged = await runCli(["ledger", "merge", earlier, "--ledger", ledger]);
    assert.equal(merged.status, 0, merged.stderr);
    assert.match(merged.stdout, /merged 3 records; OK, 4 records, hash chain intact\. .*earlier\.jsonl is kept as .*earlier\.jsonl\.merged-\d{4}-\d{2}-\d{2}/);
    assert.equal(existsSync(earlier), false);
    assert.deepEqual(await spendByDay(ledger), [["2026-01-15", 0.875, 3], ["2026-01-16", 1, 1]]);
    assert.ok(readLedger(ledger).records.slice(1).every((record) => typeof record.imported === "string"));
    const verify = await runCli(["ledger", "verify", "--ledger", ledger]);
    assert.match(verify.stdout, /OK, 4 records, hash chain intact/);
  });

  it("refuses a broken ledger with the record that breaks it, exit 1, appending nothing", async () => {
    const { earlier, ledger } = seeded();
    writeFileSync(earlier, readFileSync(earlier, "utf8").replace(",0.25,", ",0.025,"));
    const before = readFileSync(ledger, "utf8");
    const merged = await runCli(["ledger", "merge", earlier, "--ledger", ledger]);
    assert.equal(merged.status, 1);
    assert.match(merged.stderr, /^switchboard: the ledger .*earlier\.jsonl is broken at record 2 \(request earlier-2\): .*It was not merged/);
    assert.equal(readFileSync(ledger, "utf8"), before);
    assert.ok(existsSync(earlier));
  });

  it("says what is missing: no file named, or a file that does not exist", async () => {
    const { ledger } = seeded();
    const none = await runCli(["ledger", "merge", "--ledger", ledger]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /name the ledger file to merge in/);
    const missing = await runCli(["ledger", "merge", join(tmpdir(), "no-such-ledger.jsonl"), "--ledger", ledger]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /there is no ledger at .*no-such-ledger\.jsonl to merge/);
  });
});

describe("switchboard spend on a long ledger", () => {
  it("reads a ledger of more than 32 MB with no rollup yet (worker threads, built beside the CLI) and gives the totals of one read", async () => {
    const ledger = join(mkdtempSync(join(tmpdir(), "switchboard-long-ledger-")), "ledger.jsonl");
    let prevHash = "";
    for (let batch = 0; batch < 18; batch++) {
      const lines: string[] = [];
      for (let i = batch * 10_000; i < (batch + 1) * 10_000; i++) {
        // Every fifth request falls back: its second attempt follows a few records later.
        const requestId = i % 5 === 3 ? `r${i - 2}` : `r${i}`;
        const entry: LedgerEntry = { time: `2026-11-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00.000Z`, requestId, attempt: i % 5 === 3 ? 2 : 1, project: `project-${i % 7}`, feature: "chat", provider: ["openai", "anthropic"][i % 2]!, model: ["gpt-4o", "claude"][i % 2]!, routingReason: "the requested model", outcome: "ok", status: 200, inputTokens: 1200 + (i % 500), outputTokens: 350 + (i % 200), cachedInputTokens: 0, costUsd: (1040 + (i % 97)) / 1e6, priceSource: "bundled 2025-11-15", ttftMs: 400, durationMs: 2200 };
        const { line, record } = sealLine(entry, prevHash);
        lines.push(line);
        prevHash = record.hash;
      }
      appendFileSync(ledger, `${lines.join("\n")}\n`);
    }
    assert.ok(statSync(ledger).size > 32 * 1024 * 1024);
    const expected = spendReport(new SyncSpendRollup(ledger, `${ledger}.reference.json`).read().cells, "project");
    const result = await runCli(["spend", "--by", "project", "--format", "json", "--ledger", ledger]);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { rows: Array<{ key: string; requests: number; attempts: number; costUsd: number }>; total: { requests: number; attempts: number } };
    assert.deepEqual(report.total, JSON.parse(JSON.stringify(expected.total)));
    assert.equal(report.total.attempts, 180_000);
    assert.equal(report.total.requests, 144_000, "a request and its fallback count once");
    assert.deepEqual(report.rows.map((row) => [row.key, row.requests, row.costUsd]), expected.rows.map((row) => [row.key, row.requests, row.costUsd]));
  });
});
